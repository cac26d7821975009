/**
 * Chart references as `k8s.helm.v4.Chart` wants them: an `oci://` chart is named by its full
 * URL, a classic repository through `repositoryOpts.repo`, a local folder (an air-gapped install's
 * `devana:airgap.chartRepository`) by the path of its `<chart>-<version>.tgz`. Versions come from
 * config/versions.ts.
 */
import type { ChartRef } from "../../config/versions";

export interface ChartSource {
    readonly chart: string;
    readonly version: string;
    readonly repositoryOpts?: { readonly repo: string };
}

/**
 * @param chartRepository the mirror of every chart (`devana:airgap.chartRepository`): an `oci://`
 * path or a local folder. @default the chart's public repository
 */
export function chartSource(ref: ChartRef, chartRepository?: string): ChartSource {
    if (ref.version === "" || /latest/i.test(ref.version)) {
        throw new Error(`chart ${ref.chart} must be pinned to a release, got "${ref.version}"`);
    }
    if (chartRepository) {
        const base = chartRepository.replace(/\/$/, "");
        return base.startsWith("oci://") ? { chart: `${base}/${ref.chart}`, version: ref.version } : { chart: `${base}/${ref.chart}-${ref.version}.tgz`, version: ref.version };
    }
    return ref.repository.startsWith("oci://") ? { chart: `${ref.repository.replace(/\/$/, "")}/${ref.chart}`, version: ref.version } : { chart: ref.chart, version: ref.version, repositoryOpts: { repo: ref.repository } };
}
