/**
 * The Devana data tier (R-CMP: PostgreSQL, Redis, ChromaDB, Meilisearch, object storage) with its
 * backups (R-STO-BACKUP), composed from the typed configuration. Targets hand in their StorageClass
 * names and an object-store choice, so AWS and Azure reuse `deployData` unchanged; on-prem builds
 * both with `onPremDataInputs` (StorageClasses from the customer's CSI driver, SeaweedFS or the
 * customer's S3 endpoint, optional MetalLB pool).
 */
import * as k8s from "../components/k8s/sdk";
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/model";
import { workloadPlacement } from "../components/k8s/placement";
import { WORKLOAD_POOLS } from "../config/placement";
import { endpointCaApplies, ENDPOINT_CA_SECRET, serviceAccountAnnotations, type BackupLocation, type CaSecretRef } from "../components/devana/data/backup-target";
import { Chroma } from "../components/devana/data/chroma";
import { CnpgOperator } from "../components/devana/data/cnpg-operator";
import { Meilisearch } from "../components/devana/data/meilisearch";
import { DEFAULT_BUCKETS, ObjectStore, type Buckets, type S3Site } from "../components/devana/data/object-store";
import { ObjectReplication, type ReplicaEndpoint } from "../components/devana/data/object-replication";
import { Postgres } from "../components/devana/data/postgres";
import { Redis } from "../components/devana/data/redis";
import { dataPlan, type DataPlan } from "../config/sizing/data";
import { CA_BUNDLE_CONFIGMAP, CA_BUNDLE_KEY, trustBundle } from "../components/platform/cert-manager";
import { MetalLbPool } from "../components/network/metallb-pool";
import { StorageClasses } from "../components/storage/storage-classes";
import { clusterScopeOf, type CommonResources } from "./common";
import { chromaOtelEnv, tracingEnabledFor } from "../components/platform/tracing";
import { mirrorOf } from "../components/platform/image-mirror";

export type ObjectStoreChoice =
    /** In-cluster SeaweedFS with the generated keys (on-prem default). */
    | { readonly kind: "seaweedfs"; readonly buckets?: Buckets }
    /** The customer's S3 endpoint; its buckets must exist. */
    | (S3Site & { readonly kind: "external" })
    /**
     * A cloud bucket/container the target stack created (S3 with KMS, Blob Storage): the data tier
     * only writes backups there. Secret auth names a Secret the target created in the data namespace.
     */
    | { readonly kind: "cloud"; readonly backups: BackupLocation };

export interface DataTierInputs {
    /** StorageClass names: `fast` for databases and indexes, `bulk` for object data. */
    readonly storageClasses: { readonly fast: string; readonly bulk: string };
    readonly objectStore: ObjectStoreChoice;
    /** Resources the whole tier waits for: the StorageClasses, the cert-manager release (the Barman Cloud plugin needs it). @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /**
     * Geo-replication of both buckets to a second S3 endpoint (on-prem `onprem.replication`,
     * R-STO-BACKUP); only with an object store of the data tier (`seaweedfs`, `external`). @default none
     */
    readonly replication?: Omit<ReplicaEndpoint, "accessKeyId" | "secretAccessKey"> & Partial<Pick<ReplicaEndpoint, "accessKeyId" | "secretAccessKey">> & { readonly schedule: string; readonly credentialsSecret?: string };
}

/** What the application tier wires into DATABASE_URL, REDIS_HOST, CHROMA_HOST, MEILI_HOST, S3. */
export interface DataTier {
    readonly plan: DataPlan;
    /** The data services, for `dependsOn`: the application starts after them (Prisma migrates at start). */
    readonly ready: readonly pulumi.Resource[];
    readonly postgres: { readonly host: string; readonly port: number; readonly database: string; readonly secrets: { readonly api: string; readonly odin: string } };
    readonly redis: { readonly host: string; readonly port: number; readonly passwordSecret: string };
    readonly chroma: { readonly url: string; readonly tokenSecret: string };
    readonly meilisearch: { readonly url: string; readonly masterKeySecret: string };
    /** Undefined for `cloud`: the target stack wires its own bucket. */
    readonly objectStore?: { readonly endpoint: string; readonly region: string; readonly buckets: Buckets; readonly credentialsSecret: string };
}

/** ServiceAccount of the snapshot jobs when the store uses workload identity. */
export const BACKUP_SERVICE_ACCOUNT = "data-backup";

export function deployData(config: DevanaConfig, common: CommonResources, provider: k8s.Provider, inputs: DataTierInputs): DataTier {
    const opts = { providers: { kubernetes: provider }, dependsOn: [common.namespaces, ...(inputs.dependsOn ?? [])] };
    const ns = config.namespaces.services;
    const pools = config.nodePools;
    const plan = dataPlan(config.sizing, pools[WORKLOAD_POOLS.postgresql].minSize, pools[WORKLOAD_POOLS.redis].minSize);
    // Issue 20: each workload on the pool of its R-NET-ZONES zone.
    const data = workloadPlacement(pools, "postgresql");
    const services = workloadPlacement(pools, "redis");
    const backupJobs = workloadPlacement(pools, "backups");
    const secret = (id: "postgresDevana" | "postgresOdin" | "redis" | "meiliMasterKey" | "chromaToken" | "objectStoreAccessKey" | "objectStoreSecretKey"): pulumi.Output<string> => {
        const value = common.secrets.values[id];
        if (!value) {
            throw new Error(`generated secret ${id} is missing: add it to neededSecrets() in stacks/common.ts`);
        }
        return value;
    };
    const protect = config.protect;
    const { retentionDays, rpoMinutes, weeklyRetentionDays } = config.backup;
    // R-STO-BACKUP weekly snapshots of user files, wherever the data tier owns the object store.
    // Issue 19: every chart and image from the air-gapped mirror when devana:airgap is set.
    const mirror = mirrorOf(config);
    // Issue 18: the backup and copy jobs trust the internal root and the customer's CAs where the
    // CA bundle ConfigMap exists in this namespace (cert-manager component: internal-ca mode or extraTrustedCAs).
    const caBundle = config.tls.mode === "internal-ca" || config.tls.extraTrustedCAs ? { configMap: CA_BUNDLE_CONFIGMAP, key: CA_BUNDLE_KEY } : undefined;
    const weeklySnapshots = { retentionDays: weeklyRetentionDays, placement: backupJobs, distribution: config.distribution, mirror, caBundle };

    let store: ObjectStore | undefined;
    let backups: BackupLocation;
    const choice = inputs.objectStore;
    if (choice.kind === "cloud") {
        backups = choice.backups;
    } else {
        store = new ObjectStore(
            "devana-object-store",
            choice.kind === "seaweedfs"
                ? {
                      kind: "seaweedfs",
                      namespace: ns,
                      plan: plan.objectStore,
                      fastStorageClass: inputs.storageClasses.fast,
                      bulkStorageClass: inputs.storageClasses.bulk,
                      placement: data,
                      accessKeyId: secret("objectStoreAccessKey"),
                      secretAccessKey: secret("objectStoreSecretKey"),
                      buckets: choice.buckets,
                      protect,
                      distribution: config.distribution,
                      weeklySnapshots,
                      mirror,
                      ...(clusterScopeOf(config) === "preinstalled" ? { clusterRole: false } : {}),
                  }
                : { ...choice, namespace: ns, weeklySnapshots },
            opts,
        );
        backups = store.backups;
        if (inputs.replication) {
            const { schedule, credentialsSecret, ...replica } = inputs.replication;
            new ObjectReplication(
                "devana-object-replication",
                {
                    namespace: ns,
                    source: { files: store.files, backups: store.backups },
                    replica,
                    credentialsSecret,
                    schedule,
                    retentionDays: weeklyRetentionDays,
                    placement: backupJobs,
                    distribution: config.distribution,
                    mirror,
                    caBundle,
                },
                { ...opts, dependsOn: [...opts.dependsOn, store] },
            );
        }
    }

    // Workload identity: the snapshot jobs run under a ServiceAccount carrying the cloud role.
    const annotations = serviceAccountAnnotations(backups);
    const workloadIdentity = Object.keys(annotations).length > 0;
    if (workloadIdentity) {
        new k8s.core.v1.ServiceAccount("devana-data-backup", { metadata: { name: BACKUP_SERVICE_ACCOUNT, namespace: ns, annotations } }, { provider, dependsOn: opts.dependsOn });
    }
    const snapshotBackup = { location: backups, retentionDays, serviceAccountName: workloadIdentity ? BACKUP_SERVICE_ACCOUNT : undefined, caBundle };

    // Issue 18: Barman Cloud reads an HTTPS endpoint's CA from a Secret key (endpointCA), not from
    // the trust-bundle ConfigMap: a Secret copy of the customer's CAs, when they sign the endpoint.
    const extraTrustedCAs = config.tls.extraTrustedCAs;
    let endpointCA: { ref: CaSecretRef; secret: k8s.core.v1.Secret } | undefined;
    if (extraTrustedCAs !== undefined && endpointCaApplies(backups, extraTrustedCAs)) {
        endpointCA = {
            ref: ENDPOINT_CA_SECRET,
            secret: new k8s.core.v1.Secret(
                "devana-s3-endpoint-ca",
                {
                    metadata: { name: ENDPOINT_CA_SECRET.name, namespace: ns, labels: { "app.kubernetes.io/part-of": "devana" } },
                    type: "Opaque",
                    stringData: { [ENDPOINT_CA_SECRET.key]: trustBundle(undefined, extraTrustedCAs) ?? "" },
                },
                { provider, dependsOn: opts.dependsOn },
            ),
        };
    }

    const operator = new CnpgOperator(
        "devana-cnpg",
        { kubernetesVersion: config.kubernetesVersion, placement: workloadPlacement(pools, "controllers"), protect, distribution: config.distribution, install: clusterScopeOf(config) === "install", mirror },
        opts,
    );
    const postgres = new Postgres(
        "devana-postgres",
        {
            namespace: ns,
            plan: plan.postgresql,
            storageClass: inputs.storageClasses.fast,
            placement: data,
            passwords: { api: secret("postgresDevana"), odin: secret("postgresOdin") },
            backup: { location: backups, rpoMinutes, retentionDays, endpointCA: endpointCA?.ref },
            restore: config.restore?.postgres,
            dependsOn: [...operator.ready, ...(store ? [store] : []), ...(endpointCA ? [endpointCA.secret] : [])],
            protect,
            mirror,
        },
        opts,
    );
    const redis = new Redis("devana-redis", { namespace: ns, plan: plan.redis, storageClass: inputs.storageClasses.fast, placement: services, password: secret("redis"), protect, distribution: config.distribution, mirror }, opts);
    // Issue 17: ChromaDB's traces go to the platform's OpenTelemetry Collector where it runs one.
    const chromaOtel = tracingEnabledFor(config.distribution, clusterScopeOf(config)) ? chromaOtelEnv(config.namespaces.monitoring) : [];
    const chroma = new Chroma(
        "devana-chroma",
        { namespace: ns, plan: plan.chromadb, storageClass: inputs.storageClasses.fast, placement: data, token: secret("chromaToken"), backup: snapshotBackup, otelEnv: chromaOtel, protect, distribution: config.distribution, mirror },
        opts,
    );
    const meili = new Meilisearch(
        "devana-meilisearch",
        {
            namespace: ns,
            plan: plan.meilisearch,
            storageClass: inputs.storageClasses.fast,
            placement: workloadPlacement(pools, "meilisearch"),
            masterKey: secret("meiliMasterKey"),
            backup: snapshotBackup,
            protect,
            distribution: config.distribution,
            mirror,
        },
        opts,
    );

    return {
        plan,
        ready: [postgres, redis, chroma, meili],
        postgres: { host: postgres.host, port: postgres.port, database: postgres.database, secrets: postgres.secrets },
        redis: { host: redis.host, port: redis.port, passwordSecret: redis.passwordSecretName },
        chroma: { url: chroma.url, tokenSecret: chroma.tokenSecretName },
        meilisearch: { url: meili.url, masterKeySecret: meili.masterKeySecretName },
        objectStore: store ? { endpoint: store.endpoint, region: store.region, buckets: store.buckets, credentialsSecret: store.credentialsSecretName } : undefined,
    };
}

/**
 * On-prem inputs of `deployData`: the R-STO StorageClasses from devana:onprem.storage, the optional
 * MetalLB pool, SeaweedFS or the configured external S3 endpoint, and the replication to a second
 * S3 endpoint when `onprem.replication` is set. `dependsOn` takes the
 * cert-manager release (the Barman Cloud plugin's certificates).
 */
export function onPremDataInputs(config: DevanaConfig, secrets: ConfigSecrets, provider: k8s.Provider, dependsOn: readonly pulumi.Resource[] = []): DataTierInputs {
    const onprem = config.onprem;
    if (!onprem) {
        throw new Error("onPremDataInputs needs devana:target onprem");
    }
    const opts = { providers: { kubernetes: provider } };
    // Issue 10: preinstalled, the admin created the R-STO classes (and any s3-csi class): the program only names them.
    const preinstalled = clusterScopeOf(config) === "preinstalled";
    const classes = new StorageClasses(
        "devana-storage",
        {
            provisioner: onprem.storage.provisioner,
            parameters: onprem.storage.parameters,
            fastSsd: preinstalled ? { ...onprem.storage.fastSsd, existing: true } : onprem.storage.fastSsd,
            standard: preinstalled ? { ...onprem.storage.standard, existing: true } : onprem.storage.standard,
            s3Csi: preinstalled ? undefined : onprem.storage.s3Csi,
            encryptionSecretNamespace: onprem.storage.encryptionSecretNamespace,
            protect: config.protect,
            declarations: { namespace: config.namespaces.services, dependsOn },
        },
        opts,
    );
    // MetalLB's objects live in its own namespace: preinstalled, the admin creates the pool (docs/onprem.md).
    if (onprem.metallb && !preinstalled) {
        new MetalLbPool("devana-lb-pool", { addresses: onprem.metallb.addresses, namespace: onprem.metallb.namespace }, opts);
    }
    const external = onprem.externalS3;
    const objectStore: ObjectStoreChoice =
        external && secrets.s3AccessKeyId && secrets.s3SecretAccessKey
            ? {
                  kind: "external",
                  endpoint: external.endpoint,
                  region: external.region,
                  forcePathStyle: external.forcePathStyle,
                  buckets: { files: external.filesBucket, backups: external.backupsBucket },
                  accessKeyId: secrets.s3AccessKeyId,
                  secretAccessKey: secrets.s3SecretAccessKey,
              }
            : { kind: "seaweedfs", buckets: DEFAULT_BUCKETS };
    // R-STO-BACKUP geo-replication; config resolution guarantees both replica keys with it.
    const replica = onprem.replication;
    const replication =
        replica && (replica.credentialsSecret || (secrets.replicaS3AccessKeyId && secrets.replicaS3SecretAccessKey))
            ? {
                  endpoint: replica.endpoint,
                  region: replica.region,
                  forcePathStyle: replica.forcePathStyle,
                  buckets: { files: replica.filesBucket, backups: replica.backupsBucket },
                  // Issue 18: an existing Secret, or the Pulumi secrets (config resolution allows one of the two).
                  ...(replica.credentialsSecret ? { credentialsSecret: replica.credentialsSecret } : { accessKeyId: secrets.replicaS3AccessKeyId, secretAccessKey: secrets.replicaS3SecretAccessKey }),
                  schedule: replica.schedule,
              }
            : undefined;
    return { storageClasses: { fast: classes.names.fastSsd, bulk: classes.names.standard }, objectStore, dependsOn: [classes, ...dependsOn], replication };
}
