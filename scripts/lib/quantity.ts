/** Kubernetes resource quantities as numbers: the cost model's volume sizes and the chart checks' requests. */

/** `500Gi` / `1Ti` / `425G` / `512Mi` / a byte count as GiB (memory and storage share the grammar). */
export function gibOf(quantity: unknown): number {
    const m = /^(\d+(?:\.\d+)?)\s*(Ki|Mi|Gi|Ti|Pi|k|M|G|T)?$/.exec(String(quantity ?? "").trim());
    if (!m) {
        throw new Error(`not a storage quantity: ${JSON.stringify(quantity)}`);
    }
    const factor: Record<string, number> = { Ki: 1 / 1024 ** 2, Mi: 1 / 1024, Gi: 1, Ti: 1024, Pi: 1024 ** 2, k: 1e3 / 1024 ** 3, M: 1e6 / 1024 ** 3, G: 1e9 / 1024 ** 3, T: 1e12 / 1024 ** 3 };
    return Number(m[1]) * (m[2] ? factor[m[2]] : 1 / 1024 ** 3);
}

/** `2` / `500m` / `0.25` as cores. */
export function coresOf(quantity: unknown): number {
    const m = /^(\d+(?:\.\d+)?)(m)?$/.exec(String(quantity ?? "").trim());
    if (!m) {
        throw new Error(`not a CPU quantity: ${JSON.stringify(quantity)}`);
    }
    return m[2] ? Number(m[1]) / 1000 : Number(m[1]);
}
