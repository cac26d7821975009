/**
 * Chart references as `k8s.helm.v4.Chart` wants them: an `oci://` chart is named by its full
 * URL, a classic repository through `repositoryOpts.repo`. Versions come from config/versions.ts.
 */
import type { ChartRef } from "../../config/versions";

export interface ChartSource {
    readonly chart: string;
    readonly version: string;
    readonly repositoryOpts?: { readonly repo: string };
}

export function chartSource(ref: ChartRef): ChartSource {
    if (ref.version === "" || /latest/i.test(ref.version)) {
        throw new Error(`chart ${ref.chart} must be pinned to a release, got "${ref.version}"`);
    }
    return ref.repository.startsWith("oci://")
        ? { chart: `${ref.repository.replace(/\/$/, "")}/${ref.chart}`, version: ref.version }
        : { chart: ref.chart, version: ref.version, repositoryOpts: { repo: ref.repository } };
}
