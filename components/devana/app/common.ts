/**
 * Shared, pure pieces of the application and AI tiers: the names other components rely on
 * (Services) and the topology spread of replicated pods. Labels, quantities and security contexts
 * are components/k8s, the ports config/ports.ts.
 */
import type * as k8s from "@pulumi/kubernetes";

/**
 * Service (and Deployment, ServiceAccount) names of the application tier. `api` and `frontend`
 * are the contract with the gateway's HTTPRoutes (components/platform/gateway/constants.ts DEFAULT_BACKENDS);
 * `api` and `odin` are also the S3 Pod Identity service accounts of the AWS stack
 * (stacks/aws.ts S3_SERVICE_ACCOUNTS).
 */
export const APP_NAMES = {
    api: "devana-api",
    /** The single API instance that runs Devana's cron jobs (RUN_CRON=true). */
    apiCron: "devana-api-cron",
    frontend: "devana-frontend",
    odin: "devana-odin",
} as const;

/** Names of the AI tier's Services in `devana-ai`. */
export const AI_NAMES = {
    chat: "vllm-chat",
    embeddings: "vllm-embeddings",
} as const;

/**
 * Spread replicas across nodes and zones. Nodes: hard when the workload has several replicas
 * (losing a node must not take out the service) but soft on single-node dev clusters; zones are
 * always soft (on-prem clusters often have no zone labels, and a missing zone must not block).
 */
export function topologySpread(selector: Readonly<Record<string, string>>, replicas: number, revisionLabel: "pod-template-hash" | "controller-revision-hash" = "pod-template-hash"): k8s.types.input.core.v1.TopologySpreadConstraint[] {
    return [
        {
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: replicas > 1 ? "DoNotSchedule" : "ScheduleAnyway",
            labelSelector: { matchLabels: { ...selector } },
            // Only count pods of the running revision, so a rolling update can place its new pods.
            matchLabelKeys: [revisionLabel],
        },
        {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: { ...selector } },
            matchLabelKeys: [revisionLabel],
        },
    ];
}
