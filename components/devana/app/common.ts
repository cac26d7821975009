/**
 * Shared, pure pieces of the application and AI tiers: the names other components rely on
 * (Services, ports, labels), Kubernetes quantities, restricted security contexts and the
 * topology spread of replicated pods.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Placement } from "../../cluster/placement";

export const PART_OF = "devana";

/**
 * Service (and Deployment, ServiceAccount) names of the application tier. `api` and `frontend`
 * are the contract with the gateway's HTTPRoutes (components/platform/gateway.ts DEFAULT_BACKENDS);
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

/** R-CMP / R-NET-PORTS ports. */
export const PORTS = {
    apiHttp: 4666,
    apiWs: 5001,
    frontend: 3000,
    odin: 3003,
    /** vLLM's OpenAI-compatible server (R-NET-FW "LLM:8000", "Embeddings:8000"). */
    vllm: 8000,
    /** Gotenberg inside the Odin pod (localhost only). */
    gotenberg: 3000,
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

/** In-cluster DNS name of a Service. */
export function serviceHost(service: string, namespace: string): string {
    return `${service}.${namespace}.svc.cluster.local`;
}

/** Kubernetes quantity for GiB figures (fractions become MiB). */
export function gi(value: number): string {
    return Number.isInteger(value) ? `${value}Gi` : `${Math.round(value * 1024)}Mi`;
}

/** Kubernetes CPU quantity: whole cores as "2", fractions as millicores. */
export function cpu(cores: number): string {
    return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/**
 * Requests from R-SIZE; memory limit = request (no OOM surprises from a neighbour's burst), no CPU
 * limit (throttling Node.js event loops adds latency that requests already prevent).
 */
export function resourcesFor(size: { readonly cpu: number; readonly memoryGi: number; readonly gpu?: number }): k8s.types.input.core.v1.ResourceRequirements {
    const gpu = size.gpu ?? 0;
    const gpuQuantity: Record<string, string> = gpu > 0 ? { "nvidia.com/gpu": String(gpu) } : {};
    return {
        requests: { cpu: cpu(size.cpu), memory: gi(size.memoryGi), ...gpuQuantity },
        limits: { memory: gi(size.memoryGi), ...gpuQuantity },
    };
}

/** Pod security context of the `restricted` Pod Security Standard. */
export function podSecurityContext(uid: number): k8s.types.input.core.v1.PodSecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: uid,
        fsGroup: uid,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Container security context of the `restricted` standard; read-only root where the image allows. */
export function containerSecurityContext(readOnlyRootFilesystem: boolean): k8s.types.input.core.v1.SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        runAsNonRoot: true,
        readOnlyRootFilesystem,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/**
 * Spread replicas across nodes and zones. Nodes: hard when the workload has several replicas
 * (losing a node must not take out the service) but soft on single-node dev clusters; zones are
 * always soft (on-prem clusters often have no zone labels, and a missing zone must not block).
 */
export function topologySpread(
    selector: Readonly<Record<string, string>>,
    replicas: number,
    revisionLabel: "pod-template-hash" | "controller-revision-hash" = "pod-template-hash",
): k8s.types.input.core.v1.TopologySpreadConstraint[] {
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

/** Node selector and tolerations of a pool, in the shape pod specs take. */
export function placementSpec(placement: Placement): { nodeSelector: Record<string, string>; tolerations: k8s.types.input.core.v1.Toleration[] } {
    return { nodeSelector: { ...placement.nodeSelector }, tolerations: [...placement.tolerations] };
}
