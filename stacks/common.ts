/**
 * What every target deploys once it has a Kubernetes provider: generated credentials, the internal
 * CA (internal-ca mode) and the R-K8S namespaces. Later layers (data, application, platform) hang
 * off the values returned here.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/model";
import { namespacePlan, Namespaces, type ClusterScope, type NamespaceSpec } from "../components/platform/namespaces";
import { GeneratedSecrets, type GeneratedSecretId } from "../components/security/generated-secrets";
import { InternalCa } from "../components/security/internal-ca";

/** Values the target stacks export; secrets never appear here in clear. */
export interface StackOutputs {
    readonly target: string;
    readonly environment: string;
    readonly tier: string;
    readonly kubernetesVersion: string;
    readonly namespaces: Readonly<Record<string, pulumi.Output<string>>>;
    readonly urls: { readonly front: string; readonly api: string; readonly websocket: string };
    readonly internalCaCertificate?: pulumi.Output<string>;
}

export interface CommonResources {
    readonly secrets: GeneratedSecrets;
    readonly internalCa?: InternalCa;
    readonly namespaces: Namespaces;
    readonly outputs: StackOutputs;
    /** The credentials from configuration (Pulumi secrets), for components that mount them (the alerting receivers). */
    readonly configSecrets: ConfigSecrets;
}

/** The generated secrets a configuration needs. */
export function neededSecrets(config: DevanaConfig): GeneratedSecretId[] {
    const ids: GeneratedSecretId[] = ["postgresDevana", "postgresOdin", "redis", "meiliMasterKey", "chromaToken", "jwt", "nextAuth"];
    if (config.llm.scenario !== "cloud") {
        ids.push("vllmApiKey");
    }
    // AWS and Azure use their own object stores with workload identities; on-prem runs an S3 store.
    if (config.target === "onprem") {
        ids.push("objectStoreAccessKey", "objectStoreSecretKey");
    }
    return ids;
}

/** `devana:onprem.clusterScope`; cloud targets always install what they need. */
export function clusterScopeOf(config: DevanaConfig): ClusterScope {
    return config.onprem?.clusterScope ?? "install";
}

/**
 * The Devana namespaces. Preinstalled, cert-manager is the cluster's (the cert-manager Operator's
 * own namespace), so `cert-manager` is no Devana namespace: the admin creates the other four.
 */
export function devanaNamespaces(config: DevanaConfig): NamespaceSpec[] {
    const plan = namespacePlan(config.namespaces, config.distribution);
    return clusterScopeOf(config) === "preinstalled" ? plan.filter((s) => s.name !== config.namespaces.certManager) : plan;
}

export function deployCommon(config: DevanaConfig, configSecrets: ConfigSecrets, provider: k8s.Provider): CommonResources {
    const prefix = "devana";
    const secrets = new GeneratedSecrets(`${prefix}-secrets`, { secrets: neededSecrets(config), protect: config.protect });
    const internalCa = config.tls.mode === "internal-ca" ? new InternalCa(`${prefix}-ca`, { commonName: config.tls.commonName, validityDays: config.tls.validityDays, protect: config.protect }) : undefined;
    const namespaces = new Namespaces(
        `${prefix}-namespaces`,
        {
            namespaces: devanaNamespaces(config),
            kubernetesVersion: config.kubernetesVersion,
            environment: config.environment,
            protect: config.protect,
            distribution: config.distribution,
            create: clusterScopeOf(config) === "install",
            imageMirror: config.airgap?.registry,
        },
        { providers: { kubernetes: provider } },
    );
    return {
        secrets,
        configSecrets,
        internalCa,
        namespaces,
        outputs: {
            target: config.target,
            environment: config.environment,
            tier: config.tier,
            kubernetesVersion: config.kubernetesVersion,
            namespaces: namespaces.names,
            urls: { front: `https://${config.hosts.front}`, api: `https://${config.hosts.api}`, websocket: `wss://${config.hosts.ws}` },
            internalCaCertificate: internalCa?.certificatePem,
        },
    };
}
