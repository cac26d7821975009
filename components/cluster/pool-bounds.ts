/** Node-group sizing shared by EKS and AKS: a pool's bounds split over its zones. */
import type { ResolvedPool } from "../../config/model";

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
