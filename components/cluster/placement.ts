import type * as k8s from "@pulumi/kubernetes";
import type { PoolName } from "../../config/defaults";
import { WORKLOAD_POOLS, type WorkloadId } from "../../config/placement";
import type { ResolvedPool } from "../../config/model";

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

/**
 * Splits a pool's bounds over `parts` zones: the first zones take the remainder. With `atLeastOne`
 * (AKS, the default) each zone keeps at least one node; without it (EKS, issue 20) min and desired
 * sum exactly to the pool's, and a zone may get 0 (callers give each zone max >= 1).
 */
export function splitBounds(pool: Pick<ResolvedPool, "minSize" | "maxSize" | "desiredSize">, parts: number, options: { readonly atLeastOne?: boolean } = {}): { minCount: number; maxCount: number; count: number }[] {
    const floor = (options.atLeastOne ?? true) ? 1 : 0;
    const share = (total: number, i: number): number => Math.floor(total / parts) + (i < total % parts ? 1 : 0);
    return Array.from({ length: parts }, (_, i) => {
        const maxCount = Math.max(1, share(pool.maxSize, i));
        const minCount = Math.min(maxCount, Math.max(floor, share(pool.minSize, i)));
        const count = Math.min(maxCount, Math.max(minCount, share(pool.desiredSize, i)));
        return { minCount, maxCount, count };
    });
}
