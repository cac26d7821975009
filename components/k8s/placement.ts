/**
 * Where a workload's pods run: a node pool's labels select its nodes and every taint the pool
 * carries is tolerated (GPU pools are tainted so nothing else lands on them); replicas spread over
 * nodes and zones. The pools come from config (`nodePools`, config/placement.ts); the node groups
 * that carry them are cluster/ code.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { PoolName } from "../../config/defaults";
import { WORKLOAD_POOLS, type WorkloadId } from "../../config/placement";
import type { ResolvedPool } from "../../config/model";

/** A toleration of one pool taint, as plain data (taints are known when the program plans). */
export interface Toleration {
    readonly key: string;
    readonly operator: "Equal";
    readonly value: string;
    readonly effect: string;
}

/** Pod scheduling fields that put a workload on one node pool. */
export interface Placement {
    readonly nodeSelector: Record<string, string>;
    readonly tolerations: Toleration[];
}

/** The toleration of exactly one taint. */
export function tolerationFor(taint: ResolvedPool["taints"][number]): Toleration {
    return { key: taint.key, operator: "Equal", value: taint.value, effect: taint.effect };
}

/** The placement on one pool: its labels as the node selector, each of its taints tolerated. */
export function placementFor(pool: ResolvedPool): Placement {
    return { nodeSelector: { ...pool.nodeLabels }, tolerations: pool.taints.map(tolerationFor) };
}

/** Issue 20: the placement of a workload on the pool of its R-NET-ZONES zone (config/placement.ts). */
export function workloadPlacement(pools: Readonly<Record<PoolName, ResolvedPool>>, id: WorkloadId): Placement {
    return placementFor(pools[WORKLOAD_POOLS[id]]);
}

/**
 * The `nodeSelector` and `tolerations` of a pod spec or chart values: copies, so no two objects
 * share (and could mutate) one placement's arrays. The pool's taints are tolerated, nothing more.
 */
export function placementSpec(placement: Placement): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
    return { nodeSelector: { ...placement.nodeSelector }, tolerations: [...placement.tolerations] };
}

/**
 * A required node affinity matching any of `selectors` (each a set of labels a node must all
 * carry): where a `nodeSelector` cannot OR pools, or a schema takes affinity only.
 */
export function requiredNodeAffinity(selectors: readonly Readonly<Record<string, string>>[]): k8s.types.input.core.v1.Affinity {
    return {
        nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: selectors.map((labels) => ({ matchExpressions: Object.entries(labels).map(([key, value]) => ({ key, operator: "In", values: [value] })) })),
            },
        },
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

/** Spread replicas across nodes: required when there are enough nodes to honour it. */
export function antiAffinity(selector: Record<string, string>, required: boolean): k8s.types.input.core.v1.Affinity {
    const term = { labelSelector: { matchLabels: selector }, topologyKey: "kubernetes.io/hostname" };
    return {
        podAntiAffinity: required ? { requiredDuringSchedulingIgnoredDuringExecution: [term] } : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    };
}
