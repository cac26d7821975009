/**
 * The Devana application tier (API, Frontend, Odin), the self-hosted AI tier (vLLM chat and
 * embeddings) and the NetworkPolicies of every Devana namespace, on one Kubernetes provider.
 * Target stacks call `deployApp` once, after `deployCommon` (and with the data tier's endpoints
 * once it exists).
 */
import * as k8s from "../components/k8s/sdk";
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_S3_REGION, DEVANA_REPOSITORIES, type DevanaImage, type PoolName } from "../config/defaults";
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/model";
import type { SecretKey } from "../config/schema";
import { PORTS } from "../config/ports";
import { placementFor, workloadPlacement } from "../components/k8s/placement";
import { embeddingPlan } from "../config/sizing/ai";
import { chatServing, odinGpus } from "../config/capacity";
import { WORKLOAD_POOLS } from "../config/placement";
import { HF_TOKEN_SECRET, VllmServer } from "../components/devana/ai/vllm";
import { Api, type WorkloadIdentity } from "../components/devana/app/api";
import { AI_NAMES, APP_NAMES } from "../components/devana/app/common";
import { serviceHost } from "../components/k8s/pod-spec";
import { wireEnvironment, type AppEndpoints, type AppWiring, type ObjectStoreEndpoint, type SecretSource } from "../components/devana/app/env";
import { Frontend } from "../components/devana/app/frontend";
import { Odin } from "../components/devana/app/odin";
import { AppSecrets } from "../components/devana/app/secrets";
import { appPlan, type AppPlan } from "../config/sizing/app";
import type { CaBundleMount } from "../components/devana/app/workload";
import { onPremWafMode, WAF_NAME, WAF_PORT } from "../components/edge/onprem-waf";
import { chromaNames } from "../components/devana/data/chroma";
import { CNPG_NAMESPACE } from "../components/devana/data/cnpg-operator";
import { meiliNames } from "../components/devana/data/meilisearch";
import { CREDENTIALS_SECRET, DEFAULT_BUCKETS } from "../components/devana/data/object-store";
import { DATABASE, postgresNames, ROLES } from "../components/devana/data/postgres";
import { redisNames } from "../components/devana/data/redis";
import { dataPlan } from "../config/sizing/data";
import { OBJECT_STORE_S3_PORTS, type FlowMatrixInput } from "../components/devana/network-flows";
import { NetworkPolicies } from "../components/devana/network-policies";
import { zoneFlows, type ZoneFlow } from "../components/devana/zone-flows";
import { entrypointsFor } from "../components/platform/gateway";
import { proxyEndpoint, proxySettings } from "../components/devana/proxy";
import { CA_BUNDLE_CONFIGMAP, CA_BUNDLE_KEY, NODE_EXTRA_CA_CERTS_PATH } from "../components/platform/cert-manager";
import { scraperNamespace } from "../components/platform/monitoring";
import { OTLP_GRPC_PORT, tracingEnabledFor } from "../components/platform/tracing";
import { STORAGE_CLASS_NAMES } from "../components/storage/storage-classes";
import { clusterScopeOf, type CommonResources } from "./common";
import type { DataTier } from "./data";
import { imageFrom, mirrorOf } from "../components/platform/image-mirror";

/** What the data tier provides to the application (stacks derive it from the data tier's outputs). */
export interface DataTierEndpoints {
    readonly database: AppEndpoints["database"];
    readonly redis: AppEndpoints["redis"];
    readonly chroma: AppEndpoints["chroma"];
    readonly meilisearch: AppEndpoints["meilisearch"];
    readonly objectStore: ObjectStoreEndpoint;
    /** How the NetworkPolicies reach the object store. */
    readonly objectStoreNetwork: FlowMatrixInput["objectStore"];
    /** Redis runs with Sentinels and the primary-routing proxy. */
    readonly redisReplicated: boolean;
    /** Namespace of the CloudNativePG operator. @default "cnpg-system" */
    readonly cnpgOperatorNamespace?: string;
}

/** Port of a URL, or the scheme's default. */
export function urlPort(url: string, fallback: number): number {
    const port = new URL(url).port;
    return port ? Number(port) : fallback;
}

/**
 * The application's view of the data tier's outputs (stacks/data.ts `DataTier`). The database
 * passwords and S3 keys are the generated (or configured) secrets the data tier was given; the
 * application builds its own Secrets from them in its namespace.
 */
export function dataEndpointsFrom(config: DevanaConfig, data: DataTier): DataTierEndpoints {
    if (!data.objectStore) {
        throw new Error(`deployApp: target ${config.target} must pass its cloud object store (S3 / Blob Storage) endpoints`);
    }
    const external = config.onprem?.externalS3;
    const isExternal = external !== undefined && data.objectStore.endpoint === external.endpoint;
    return {
        database: { host: data.postgres.host, port: data.postgres.port, database: data.postgres.database, devanaUser: ROLES.api, odinUser: ROLES.odin },
        redis: { host: data.redis.host, port: data.redis.port },
        chroma: { url: data.chroma.url },
        meilisearch: { url: data.meilisearch.url },
        objectStore: {
            kind: "s3",
            endpoint: data.objectStore.endpoint,
            region: data.objectStore.region,
            bucket: data.objectStore.buckets.files,
            credentials: isExternal ? { accessKeyId: "s3AccessKeyId", secretAccessKey: "s3SecretAccessKey" } : { accessKeyId: "objectStoreAccessKey", secretAccessKey: "objectStoreSecretKey" },
        },
        objectStoreNetwork: isExternal ? { kind: "external", port: urlPort(data.objectStore.endpoint, 443) } : { kind: "in-cluster", ports: [...OBJECT_STORE_S3_PORTS] },
        redisReplicated: data.plan.redis.sentinels > 0,
        cnpgOperatorNamespace: CNPG_NAMESPACE,
    };
}

/** The application's view of the data tier on a cloud target, whose own bucket/container holds user files. */
export function cloudDataEndpoints(data: DataTier, objectStore: ObjectStoreEndpoint, objectStoreNetwork: DataTierEndpoints["objectStoreNetwork"]): DataTierEndpoints {
    return {
        database: { host: data.postgres.host, port: data.postgres.port, database: data.postgres.database, devanaUser: ROLES.api, odinUser: ROLES.odin },
        redis: { host: data.redis.host, port: data.redis.port },
        chroma: { url: data.chroma.url },
        meilisearch: { url: data.meilisearch.url },
        objectStore,
        objectStoreNetwork,
        redisReplicated: data.plan.redis.sentinels > 0,
        cnpgOperatorNamespace: CNPG_NAMESPACE,
    };
}

/**
 * What `deployData` returns for an on-prem configuration, from the data-tier modules' own names
 * (for the pure design and its tests; the stack passes the real `DataTier`).
 */
export function onPremDataTier(config: DevanaConfig): DataTier {
    const ns = config.namespaces.services;
    const external = config.onprem?.externalS3;
    return {
        plan: dataPlan(config.sizing),
        ready: [],
        postgres: { host: serviceHost(`${postgresNames().cluster}-rw`, ns), port: PORTS.postgres, database: DATABASE, secrets: { api: postgresNames().apiSecret, odin: postgresNames().odinSecret } },
        redis: { host: serviceHost(redisNames().client, ns), port: PORTS.redis, passwordSecret: redisNames().secret },
        chroma: { url: `http://${serviceHost(chromaNames().service, ns)}:${PORTS.chroma}`, tokenSecret: chromaNames().tokenSecret },
        meilisearch: { url: `http://${serviceHost(meiliNames().service, ns)}:${PORTS.meilisearch}`, masterKeySecret: meiliNames().keySecret },
        objectStore: external
            ? { endpoint: external.endpoint, region: external.region, buckets: { files: external.filesBucket, backups: external.backupsBucket }, credentialsSecret: CREDENTIALS_SECRET }
            : { endpoint: `http://${serviceHost("object-store", ns)}:${PORTS.objectStore}`, region: DEFAULT_S3_REGION, buckets: DEFAULT_BUCKETS, credentialsSecret: CREDENTIALS_SECRET },
    };
}

/** Every endpoint of the wiring: the data tier's, the application's own, the AI tier's. */
export function appEndpoints(config: DevanaConfig, data: DataTierEndpoints): AppEndpoints {
    const app = config.namespaces.app;
    const ai = config.namespaces.ai;
    const { chat } = config.llm;
    const embedding = config.llm.embedding;
    return {
        database: data.database,
        redis: data.redis,
        chroma: data.chroma,
        meilisearch: data.meilisearch,
        objectStore: data.objectStore,
        api: { url: `http://${serviceHost(APP_NAMES.api, app)}:${PORTS.apiHttp}` },
        odin: { url: `http://${serviceHost(APP_NAMES.odin, app)}:${PORTS.odin}` },
        chat: chat ? { url: `http://${serviceHost(AI_NAMES.chat, ai)}:${PORTS.vllm}/v1`, model: chat.model.huggingFaceId } : undefined,
        embeddings: embedding.selfHosted ? { url: `http://${serviceHost(AI_NAMES.embeddings, ai)}:${PORTS.vllm}/v1`, model: embedding.model.huggingFaceId } : undefined,
    };
}

/**
 * Issue 20: the zone-to-zone flows of a configuration (the flow matrix through the workload
 * placement, and the platform's flows), known from the configuration alone: the cloud network
 * rules (AWS network ACLs, Azure NSGs) are generated from them before any workload exists.
 */
export function zoneFlowsOf(config: DevanaConfig, objectStoreNetwork: DataTierEndpoints["objectStoreNetwork"]): ZoneFlow[] {
    const pools = config.nodePools;
    const plan = dataPlan(config.sizing, pools[WORKLOAD_POOLS.postgresql].minSize, pools[WORKLOAD_POOLS.redis].minSize);
    const input = matrixInput(config, { objectStoreNetwork, redisReplicated: plan.redis.sentinels > 0, cnpgOperatorNamespace: CNPG_NAMESPACE });
    const entrypoints = entrypointsFor(config.distribution);
    return zoneFlows(input, {
        dns: config.distribution === "openshift" ? 5353 : 53,
        kubeApi: [443],
        gateway: [entrypoints.web.port, entrypoints.websecure.port],
    });
}

/** The flow matrix inputs of a configuration. */
export function matrixInput(config: DevanaConfig, data: Pick<DataTierEndpoints, "objectStoreNetwork" | "redisReplicated" | "cnpgOperatorNamespace">): FlowMatrixInput {
    const { oidc, ldap, azureAd } = config.sso;
    return {
        namespaces: {
            app: config.namespaces.app,
            services: config.namespaces.services,
            ai: config.namespaces.ai,
            // The Prometheus that scrapes: ours, or OpenShift's user-workload monitoring.
            monitoring: scraperNamespace(config.distribution, config.namespaces.monitoring),
        },
        distribution: config.distribution,
        selfHostedChat: config.llm.chat !== undefined,
        selfHostedEmbeddings: config.llm.embedding.selfHosted,
        cloudModels: config.llm.cloud !== undefined || !config.llm.embedding.selfHosted,
        objectStore: data.objectStoreNetwork,
        // R-STO-BACKUP geo-replication job (stacks/data.ts creates it on-prem when configured).
        replication: config.target === "onprem" && config.onprem?.replication ? { port: urlPort(config.onprem.replication.endpoint, 443) } : undefined,
        sso: {
            oidcPort: oidc ? urlPort(oidc.issuer, 443) : undefined,
            ldapPort: ldap ? urlPort(ldap.url, 636) : undefined,
            adfsPort: azureAd?.onPremUrl ? urlPort(azureAd.onPremUrl, 443) : undefined,
        },
        redisReplicated: data.redisReplicated,
        cnpgOperatorNamespace: data.cnpgOperatorNamespace,
        // R-SEC-ZONES on-prem: the WAF Deployment between the gateway and the application.
        ...(onPremWafMode(config) === "in-cluster" ? { inClusterWaf: { name: WAF_NAME, port: WAF_PORT } } : {}),
        // Issue 17: ChromaDB's traces to the OpenTelemetry Collector, where the platform runs one.
        ...(tracingEnabledFor(config.distribution, clusterScopeOf(config)) ? { tracing: { namespace: config.namespaces.monitoring, port: OTLP_GRPC_PORT } } : {}),
        // Issue 19: an air-gapped install reads the weights from its mirror, never from Hugging Face.
        ...(config.airgap?.modelSource ? { modelDownload: "pvc" in config.airgap.modelSource ? { kind: "volume" } : { kind: "s3-mirror", port: urlPort(config.airgap.modelSource.s3.endpoint, 443) } } : {}),
        // Issue 18: the internet through the customer's proxy.
        ...(config.proxy ? { proxy: proxyEndpoint(config) } : {}),
    };
}

/** Odin runs in the Services zone; it gets the tier's GPU only where that pool has GPUs, else it runs on CPU. */
export function odinPlacement(config: DevanaConfig, plan: AppPlan["odin"]): { plan: AppPlan["odin"]; pool: PoolName } {
    // One rule for the stacks and the capacity model (config/capacity.ts).
    return { plan: { ...plan, gpu: odinGpus(config.sizing, config.nodePools) }, pool: WORKLOAD_POOLS.odin };
}

/** A Devana image: from the vendor's registry, or (issue 19) the same path and tag on the air-gapped mirror. */
export function imageOf(config: DevanaConfig, image: DevanaImage): string {
    return imageFrom(`${config.images.registry}/${DEVANA_REPOSITORIES[image]}:${config.images.tags[image]}`, config.airgap?.registry);
}

/** The pure part of deployApp: plans and wiring (tests call this). */
export function appDesign(config: DevanaConfig, data: DataTierEndpoints = dataEndpointsFrom(config, onPremDataTier(config)), gotenberg = true) {
    const plan = appPlan(config.sizing);
    const odin = odinPlacement(config, plan.odin);
    const caBundle: CaBundleMount | undefined =
        // Issue 18: the bundle holds the internal root and/or the customer's CAs (tls.extraTrustedCAs).
        config.tls.mode === "internal-ca" || config.tls.extraTrustedCAs ? { configMap: CA_BUNDLE_CONFIGMAP, key: CA_BUNDLE_KEY, path: NODE_EXTRA_CA_CERTS_PATH } : undefined;
    const endpoints = appEndpoints(config, data);
    const wiring: AppWiring = wireEnvironment({
        environment: config.environment,
        hosts: config.hosts,
        sso: config.sso,
        llm: config.llm,
        endpoints,
        configSecrets: config.secretsSet,
        apiMemoryGi: plan.api.memoryGi,
        gotenberg,
        caBundlePath: caBundle?.path,
        proxy: proxySettings(config),
    });
    return {
        plan: { ...plan, odin: odin.plan },
        odinPool: odin.pool,
        caBundle,
        endpoints,
        wiring,
        // Issue 15: the replicas the configuration resolved (llm.chatReplicas, or what the gpuLlm pool pays for).
        chat: config.llm.chat ? chatServing(config.tier, config.llm.chat.model, config.llm.chat.replicas) : undefined,
        embeddings: config.llm.embedding.selfHosted ? embeddingPlan(config.tier, config.llm.embedding.model) : undefined,
        matrix: matrixInput(config, data),
    };
}

export interface AppInputs {
    /** The data tier's endpoints (`dataEndpointsFrom(config, deployData(...))`). @default from the on-prem data-tier names */
    readonly data?: DataTierEndpoints;
    /** StorageClass of the vLLM model caches; `null` for an emptyDir per pod. @default "standard" (R-STO) */
    readonly modelCacheStorageClass?: string | null;
    /** Run Odin's Gotenberg sidecar (Odin v1; Odin v2 has none). @default true */
    readonly gotenberg?: boolean;
    /** Resources the workloads wait for (data tier, CA bundle). @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /** The API's object-store identity (Entra workload identity on Azure). @default none */
    readonly apiIdentity?: WorkloadIdentity;
    /** Secret values the target provides (the Azure account key in accountKey mode). @default {} */
    readonly secretValues?: Readonly<Partial<Record<SecretSource, pulumi.Input<string>>>>;
}

export interface AppResources {
    readonly api: Api;
    readonly frontend: Frontend;
    readonly odin: Odin;
    readonly chat?: VllmServer;
    readonly embeddings?: VllmServer;
    readonly networkPolicies: NetworkPolicies;
}

export function deployApp(config: DevanaConfig, secrets: ConfigSecrets, common: CommonResources, provider: k8s.Provider, inputs: AppInputs = {}): AppResources {
    const prefix = "devana";
    const opts = { providers: { kubernetes: provider } };
    const gotenberg = inputs.gotenberg ?? true;
    const design = appDesign(config, inputs.data, gotenberg);
    const ns = config.namespaces;
    const nsDeps: pulumi.Resource[] = [common.namespaces, ...(inputs.dependsOn ?? [])];
    const generated = common.secrets.values;
    const cacheClass = inputs.modelCacheStorageClass === null ? undefined : (inputs.modelCacheStorageClass ?? STORAGE_CLASS_NAMES.standard);

    const values: Partial<Record<SecretSource, pulumi.Input<string>>> = { ...generated, ...inputs.secretValues };
    for (const key of Object.keys(secrets) as SecretKey[]) {
        if (key !== "kubeconfig" && key !== "registryPassword" && secrets[key] !== undefined) {
            values[key] = secrets[key];
        }
    }

    const appSecrets = new AppSecrets(
        `${prefix}-app-secrets`,
        {
            namespace: ns.app,
            // Air-gapped, the pull secret holds the mirror's credentials.
            registry: config.airgap?.registry ?? config.images.registry,
            pullSecretName: config.images.pullSecret,
            registryCredentials: secrets.registryPassword,
            wirings: { api: design.wiring.api, frontend: design.wiring.frontend, odin: design.wiring.odin },
            values,
        },
        { ...opts, dependsOn: nsDeps },
    );
    const secretDeps = (id: string): pulumi.Resource[] => [appSecrets.envSecrets[id], ...(appSecrets.pullSecret ? [appSecrets.pullSecret] : []), ...nsDeps];
    const compute = workloadPlacement(config.nodePools, "api");

    // What the API, the Frontend and Odin share.
    const workload = { namespace: ns.app, imagePullSecret: config.images.pullSecret, caBundle: design.caBundle, distribution: config.distribution } as const;
    const api = new Api(
        `${prefix}-api`,
        {
            ...workload,
            image: imageOf(config, "api"),
            plan: design.plan.api,
            placement: compute,
            wiring: design.wiring.api,
            cronWiring: design.wiring.apiCron,
            identity: inputs.apiIdentity,
            dependsOn: secretDeps("api"),
        },
        opts,
    );
    const frontend = new Frontend(
        `${prefix}-frontend`,
        {
            ...workload,
            image: imageOf(config, "frontend"),
            plan: design.plan.frontend,
            placement: compute,
            wiring: design.wiring.frontend,
            dependsOn: secretDeps("frontend"),
        },
        opts,
    );
    const odin = new Odin(
        `${prefix}-odin`,
        {
            ...workload,
            image: imageOf(config, "odin"),
            plan: design.plan.odin,
            placement: placementFor(config.nodePools[design.odinPool]),
            wiring: design.wiring.odin,
            gotenberg,
            mirror: mirrorOf(config),
            dependsOn: secretDeps("odin"),
        },
        opts,
    );

    const vllmKey = generated.vllmApiKey;
    // vLLM reads it (optional) to download gated weights; only a Secret ever holds it.
    const hfToken =
        secrets.huggingFaceToken && (design.chat || design.embeddings)
            ? new k8s.core.v1.Secret(
                  `${prefix}-huggingface-token`,
                  { metadata: { name: HF_TOKEN_SECRET, namespace: ns.ai, labels: { "app.kubernetes.io/part-of": "devana" } }, type: "Opaque", stringData: { token: secrets.huggingFaceToken } },
                  { provider, dependsOn: nsDeps },
              )
            : undefined;
    const vllmDeps = hfToken ? [...nsDeps, hfToken] : nsDeps;
    // Chat and embeddings are the same server with another model, pool and role.
    const vllm = (role: "chat" | "embeddings", model: { readonly huggingFaceId: string; readonly vllmArgs: readonly string[] }, plan: NonNullable<typeof design.chat>, pool: "vllmChat" | "vllmEmbeddings"): VllmServer => {
        if (!vllmKey) {
            throw new Error(`deployApp: the self-hosted ${role} model needs the generated vllmApiKey`);
        }
        const name = AI_NAMES[role];
        return new VllmServer(
            `${prefix}-llm-${role}`,
            {
                name,
                role,
                namespace: ns.ai,
                model: model.huggingFaceId,
                modelArgs: model.vllmArgs,
                plan,
                placement: workloadPlacement(config.nodePools, pool),
                apiKeySecret: `${name}-api-key`,
                apiKey: vllmKey,
                cacheStorageClass: cacheClass,
                distribution: config.distribution,
                mirror: mirrorOf(config),
                modelSource: config.airgap?.modelSource,
                proxy: proxySettings(config),
                // Issue 18: the cert-manager component puts the bundle in devana-ai only with extraTrustedCAs.
                caBundle: config.tls.extraTrustedCAs ? { configMap: CA_BUNDLE_CONFIGMAP, key: CA_BUNDLE_KEY } : undefined,
                protect: config.protect,
                dependsOn: vllmDeps,
            },
            opts,
        );
    };
    const chat = config.llm.chat && design.chat ? vllm("chat", config.llm.chat.model, design.chat, "vllmChat") : undefined;
    const embeddings = config.llm.embedding.selfHosted && design.embeddings ? vllm("embeddings", { huggingFaceId: config.llm.embedding.model.huggingFaceId, vllmArgs: [] }, design.embeddings, "vllmEmbeddings") : undefined;

    const networkPolicies = new NetworkPolicies(`${prefix}-network-policies`, { matrix: design.matrix, dependsOn: nsDeps }, opts);
    return { api, frontend, odin, chat, embeddings, networkPolicies };
}
