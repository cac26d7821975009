/**
 * Shared, pure pieces of the application and AI tiers: the names other components rely on
 * (Services, labels; the ports are in config/ports.ts), Kubernetes quantities, restricted
 * security contexts and the topology spread of replicated pods.
 */
import type * as k8s from "@pulumi/kubernetes";

import { PART_OF } from "../pod-spec";

export { arbitraryUidEnv, assignsUids, containerSecurityContext, cpu, gi, PART_OF, placementSpec, podSecurityContext, resourcesFor, serviceHost, type Distribution } from "../pod-spec";

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

/** Label naming a pod's workload; NetworkPolicies and Services select on it. */
export const NAME_LABEL = "app.kubernetes.io/name";
/** Label distinguishing pods of one workload that play different roles (API server vs cron). */
export const ROLE_LABEL = "devana.ai/role";

/** Recommended labels of a workload's objects. */
export function labelsFor(name: string, component: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return {
        [NAME_LABEL]: name,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": "pulumi",
        ...extra,
    };
}

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
