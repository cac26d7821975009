/**
 * Pure helpers shared by the data-tier components: labels, resource requests from R-SIZE, and the
 * pod/container security contexts the `restricted` Pod Security level of `devana-services` demands.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { ComponentSize } from "../../../config/tiers";
import type { Placement } from "../../cluster/placement";

export const PART_OF = "devana";

/** Recommended labels; `app.kubernetes.io/name` + `instance` form the selector. */
export function labelsFor(name: string, instance: string, component: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": instance,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": "pulumi",
    };
}

export function selectorFor(name: string, instance: string): Record<string, string> {
    return { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": instance };
}

/** Kubernetes quantity for GiB figures of R-SIZE (fractions become MiB). */
export function gi(value: number): string {
    return Number.isInteger(value) ? `${value}Gi` : `${Math.round(value * 1024)}Mi`;
}

/** Kubernetes CPU quantity: whole cores as "2", fractions as millicores. */
export function cpu(cores: number): string {
    return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/**
 * Requests equal R-SIZE; the memory limit equals the request (data services must not be OOM-killed
 * by a neighbour's burst, and Redis/Meilisearch size their caches from it). No CPU limit: throttling
 * a database adds latency without protecting anyone that requests do not already protect.
 */
export function resourcesFor(size: Pick<ComponentSize, "cpu" | "memoryGi">): k8s.types.input.core.v1.ResourceRequirements {
    return {
        requests: { cpu: cpu(size.cpu), memory: gi(size.memoryGi) },
        limits: { memory: gi(size.memoryGi) },
    };
}

/** Pod security context satisfying the `restricted` Pod Security Standard. */
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

export const CONTAINER_SECURITY_CONTEXT: k8s.types.input.core.v1.SecurityContext = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
};

/** Node selector and tolerations of a pool, in the shape pod specs take. */
export function placementSpec(placement: Placement): { nodeSelector: Record<string, string>; tolerations: k8s.types.input.core.v1.Toleration[] } {
    return { nodeSelector: { ...placement.nodeSelector }, tolerations: [...placement.tolerations] };
}

/** Spread replicas across nodes: required when there are enough nodes to honour it. */
export function antiAffinity(selector: Record<string, string>, required: boolean): k8s.types.input.core.v1.Affinity {
    const term = { labelSelector: { matchLabels: selector }, topologyKey: "kubernetes.io/hostname" };
    return {
        podAntiAffinity: required
            ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
            : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    };
}

/** In-cluster DNS name of a Service. */
export function serviceHost(service: string, namespace: string): string {
    return `${service}.${namespace}.svc.cluster.local`;
}
