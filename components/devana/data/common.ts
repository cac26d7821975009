/**
 * Pure helpers shared by the data-tier components: labels, resource requests from R-SIZE, and the
 * pod/container security contexts the `restricted` Pod Security level of `devana-services` demands.
 */
import type * as k8s from "@pulumi/kubernetes";
import { containerSecurityContext, PART_OF } from "../pod-spec";

export { cpu, gi, PART_OF, placementSpec, podSecurityContext, resourcesFor, serviceHost, type Distribution } from "../pod-spec";

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

export const CONTAINER_SECURITY_CONTEXT: k8s.types.input.core.v1.SecurityContext = containerSecurityContext();

/** Spread replicas across nodes: required when there are enough nodes to honour it. */
export function antiAffinity(selector: Record<string, string>, required: boolean): k8s.types.input.core.v1.Affinity {
    const term = { labelSelector: { matchLabels: selector }, topologyKey: "kubernetes.io/hostname" };
    return {
        podAntiAffinity: required ? { requiredDuringSchedulingIgnoredDuringExecution: [term] } : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    };
}
