import type * as k8s from "@pulumi/kubernetes";
import type { PoolName } from "../../config/defaults";
import { WORKLOAD_POOLS, type WorkloadId } from "../../config/placement";
import type { ResolvedPool } from "../../config/resolve";

/** Pod scheduling fields that put a workload on one node pool. */
export interface Placement {
    readonly nodeSelector: Record<string, string>;
    readonly tolerations: k8s.types.input.core.v1.Toleration[];
}

/**
 * Node selector and tolerations for a pool: the pool's labels select its nodes, and every taint
 * the pool carries is tolerated (GPU pools are tainted so nothing else lands on them).
 */
export function placementFor(pool: ResolvedPool): Placement {
    return {
        nodeSelector: { ...pool.nodeLabels },
        tolerations: pool.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })),
    };
}

/** Issue 20: the placement of a workload on the pool of its R-NET-ZONES zone (config/placement.ts). */
export function workloadPlacement(pools: Readonly<Record<PoolName, ResolvedPool>>, id: WorkloadId): Placement {
    return placementFor(pools[WORKLOAD_POOLS[id]]);
}
