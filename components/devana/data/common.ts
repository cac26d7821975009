/**
 * Pure helper of the data-tier components: the anti-affinity of replicated data services. Labels,
 * resource requests and the `restricted` security contexts are components/k8s.
 */
import type * as k8s from "@pulumi/kubernetes";

/** Spread replicas across nodes: required when there are enough nodes to honour it. */
export function antiAffinity(selector: Record<string, string>, required: boolean): k8s.types.input.core.v1.Affinity {
    const term = { labelSelector: { matchLabels: selector }, topologyKey: "kubernetes.io/hostname" };
    return {
        podAntiAffinity: required ? { requiredDuringSchedulingIgnoredDuringExecution: [term] } : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    };
}
