/**
 * The resolved configuration model: the typed, validated `DevanaConfig` that components and
 * stacks read (pools, LLM choice, sections), and the issues parsing reports. Types only; the
 * parsing and per-section checks that produce it live in `config/resolve/`.
 */
import type { NodeZone, PoolName } from "./defaults";
import type { ChatModel, ChatModelId, CloudEmbeddingModelId, CloudLlmProvider, EmbeddingModel, EmbeddingModelId, GpuSpec } from "./models";
import type { ParsedKeys, SecretKey } from "./schema";
import type { ResolvedSizing } from "./tiers";

/** One configuration problem: the full key path (`devana:network.zones.app`) and the reason. */
export interface ConfigIssue {
    readonly key: string;
    readonly message: string;
}

export interface Taint {
    readonly key: string;
    readonly value: string;
    readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface ResolvedPool {
    readonly name: PoolName;
    /** GPU pools exist only when the LLM scenario serves models on them. */
    readonly enabled: boolean;
    /** R-NET-ZONES zone of the pool's nodes (POOL_ZONE). */
    readonly zone: NodeZone;
    /** Cloud machine size; undefined on-prem. */
    readonly machineType?: string;
    /** Labels that select this pool's nodes (node selector of its workloads). */
    readonly nodeLabels: Readonly<Record<string, string>>;
    readonly taints: readonly Taint[];
    readonly gpu?: GpuSpec;
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredSize: number;
    /** Zones of the pool on a cloud target (AWS AZ names, Azure zone numbers); undefined on-prem. */
    readonly availabilityZones?: readonly string[];
}

export type ResolvedEmbedding =
    { readonly selfHosted: true; readonly id: EmbeddingModelId; readonly model: EmbeddingModel; readonly dimensions: number } | { readonly selfHosted: false; readonly id: CloudEmbeddingModelId; readonly dimensions: number };

export interface ResolvedLlm {
    readonly scenario: "cloud" | "selfhosted" | "hybrid";
    /** The self-hosted chat model (selfhosted and hybrid). */
    readonly chat?: {
        readonly id: ChatModelId;
        readonly model: ChatModel;
        /** Replicas served: llm.chatReplicas, or as many as the gpuLlm pool's minSize nodes hold. */
        readonly replicas: number;
    };
    readonly embedding: ResolvedEmbedding;
    /** The cloud provider (cloud, and the hybrid fallback). */
    readonly cloud?: { readonly provider: CloudLlmProvider; readonly model: string };
}

export interface DevanaConfig {
    readonly project: string;
    readonly stack: string;
    readonly target: ParsedKeys["target"];
    readonly environment: ParsedKeys["environment"];
    readonly tier: ParsedKeys["tier"];
    readonly kubernetesVersion: string;
    readonly network: ParsedKeys["network"];
    readonly nodePools: Readonly<Record<PoolName, ResolvedPool>>;
    readonly llm: ResolvedLlm;
    readonly domain: string;
    /** Public hosts (devana-services.md: front at the domain, `api.` and `ws.` hosts). */
    readonly hosts: { readonly front: string; readonly api: string; readonly ws: string };
    readonly tls: ParsedKeys["tls"];
    readonly sso: Omit<ParsedKeys["sso"], "saml">;
    readonly audit: ParsedKeys["audit"];
    /** Issue 17: Alertmanager receivers and routes by severity (checked by checkAlerting). */
    readonly alerting: ParsedKeys["alerting"];
    readonly backup: ParsedKeys["backup"];
    /** Database recovery from backups (PITR) instead of an empty bootstrap. */
    readonly restore?: ParsedKeys["restore"];
    readonly images: ParsedKeys["images"];
    /** Issue 19: the air-gapped install's mirror of images, charts and models (on-prem). */
    readonly airgap?: ParsedKeys["airgap"];
    /** Issue 18: the customer's outbound proxy (on-prem; checked by checkProxy). */
    readonly proxy?: ParsedKeys["proxy"];
    /** Stateful resources are protected from deletion (default: on for prod). */
    readonly protect: boolean;
    readonly sizing: ResolvedSizing;
    readonly aws?: ParsedKeys["aws"];
    readonly azure?: ParsedKeys["azure"];
    readonly onprem?: ParsedKeys["onprem"];
    /** R-K8S distribution of the cluster (on-prem; `vanilla` on EKS and AKS). */
    readonly distribution: ParsedKeys["distribution"];
    /** R-SEC-ZONES WAF in front of the gateway; `enabled` resolved (default on in prod). */
    readonly waf: Omit<ParsedKeys["waf"], "enabled"> & { readonly enabled: boolean };
    /** R-K8S namespaces. */
    readonly namespaces: {
        readonly app: string;
        readonly services: "devana-services";
        readonly ai: "devana-ai";
        readonly monitoring: "monitoring";
        readonly certManager: "cert-manager";
    };
    /** Which credential keys the stack sets (their values stay in Pulumi secrets). */
    readonly secretsSet: ReadonlySet<SecretKey>;
}
