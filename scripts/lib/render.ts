/**
 * Offline rendering of a stack: every Helm chart of the plan through `helm template` at its pinned
 * version, values, namespace and the stack's Kubernetes version, beside the plan's own Kubernetes
 * objects. The mock runtime records a chart as one opaque resource; this is what it would create.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { loadCachedChart, type ChartModel } from "./chart-cache";
import type { PlanDocument } from "./plan";
import { isRecord } from "./records";

export const CHART_TYPE = "kubernetes:helm.sh/v4:Chart";
const CONFIG_FILE_TYPES = new Set(["kubernetes:yaml/v2:ConfigFile", "kubernetes:yaml/v2:ConfigGroup", "kubernetes:yaml:ConfigFile"]);

export interface K8sObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
    readonly [field: string]: unknown;
}

/** One `k8s.helm.v4.Chart` of the plan, as Helm will be asked to render it. */
export interface ChartRelease {
    /** The Pulumi resource name (also the release name unless `name` is set). */
    readonly resource: string;
    /** Chart name: the last segment of an `oci://` reference. */
    readonly chart: string;
    readonly version: string;
    /** Repository URL or OCI registry path it is pulled from. */
    readonly repository: string;
    readonly release: string;
    readonly namespace: string;
    readonly values: Record<string, unknown>;
    readonly skipCrds: boolean;
}

export function chartReleases(plan: PlanDocument): ChartRelease[] {
    return plan.resources
        .filter((r) => r.type === CHART_TYPE)
        .map((r) => {
            const ref = String(r.inputs.chart);
            const oci = ref.startsWith("oci://");
            const repo = isRecord(r.inputs.repositoryOpts) ? String(r.inputs.repositoryOpts.repo ?? "") : "";
            return {
                resource: r.name,
                chart: oci ? ref.slice(ref.lastIndexOf("/") + 1) : ref,
                version: String(r.inputs.version),
                repository: oci ? ref.slice(0, ref.lastIndexOf("/")) : repo,
                release: typeof r.inputs.name === "string" && r.inputs.name !== "" ? r.inputs.name : r.name,
                namespace: typeof r.inputs.namespace === "string" ? r.inputs.namespace : "default",
                values: isRecord(r.inputs.values) ? r.inputs.values : {},
                skipCrds: r.inputs.skipCrds === true,
            };
        });
}

/** The Kubernetes objects the plan creates itself (typed resources and CustomResources). */
export function planObjects(plan: PlanDocument): K8sObject[] {
    return plan.resources
        .filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== CHART_TYPE && !CONFIG_FILE_TYPES.has(r.type) && !r.type.startsWith("pulumi:providers:"))
        .map((r) => {
            const [, groupVersion, kind] = r.type.split(":");
            const apiVersion = groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion;
            return { apiVersion, kind, ...r.inputs } as K8sObject;
        })
        .map((o) => ({ ...o, apiVersion: String(o.apiVersion), kind: String(o.kind) }));
}

/** Manifests the plan applies from a file or URL (`yaml/v2:ConfigFile`): listed, not fetched. */
export function externalManifests(plan: PlanDocument): { readonly resource: string; readonly file: string }[] {
    return plan.resources.filter((r) => CONFIG_FILE_TYPES.has(r.type)).map((r) => ({ resource: r.name, file: String(r.inputs.file ?? r.inputs.files ?? "") }));
}

/** `helm template` arguments for one release (pure). */
export function helmTemplateArgs(release: ChartRelease, archive: string, valuesFile: string, kubeVersion: string, apiVersions: readonly string[]): string[] {
    return [
        "template",
        release.release,
        archive,
        "--namespace",
        release.namespace,
        "--values",
        valuesFile,
        "--kube-version",
        /^\d+\.\d+$/.test(kubeVersion) ? `${kubeVersion}.0` : kubeVersion,
        ...apiVersions.flatMap((v) => ["--api-versions", v]),
        ...(release.skipCrds ? ["--skip-crds"] : ["--include-crds"]),
    ];
}

export interface RenderedChart {
    readonly release: ChartRelease;
    /** The archive rendered (absent when the cache lacks it). */
    readonly archive?: string;
    readonly model?: ChartModel;
    readonly objects: readonly K8sObject[];
    /** Helm's message, or the cache's, when the chart did not render. */
    readonly error?: string;
}

export interface RenderOptions {
    readonly helm: string;
    readonly cacheDir: string;
    readonly kubeVersion: string;
    /** API group/versions the cluster serves when the chart installs (`.Capabilities.APIVersions`). */
    readonly apiVersions?: readonly string[];
}

function parseManifest(text: string): K8sObject[] {
    return parseAllDocuments(text)
        .map((d) => d.toJS() as unknown)
        .filter((o): o is K8sObject => isRecord(o) && typeof o.kind === "string")
        .flatMap((o) => (o.kind === "List" && Array.isArray(o.items) ? (o.items as K8sObject[]) : [o]));
}

export function renderChart(release: ChartRelease, options: RenderOptions): RenderedChart {
    let cached;
    try {
        cached = loadCachedChart(release.chart, release.version, options.cacheDir);
    } catch (err) {
        return { release, objects: [], error: (err as Error).message };
    }
    const work = mkdtempSync(join(tmpdir(), "devana-render-"));
    try {
        const valuesFile = join(work, "values.json");
        writeFileSync(valuesFile, JSON.stringify(release.values));
        const run = spawnSync(options.helm, helmTemplateArgs(release, cached.path, valuesFile, options.kubeVersion, options.apiVersions ?? []), {
            encoding: "utf8",
            maxBuffer: 1 << 30,
        });
        if (run.status !== 0) {
            return { release, archive: cached.path, model: cached.model, objects: [], error: (run.stderr || run.error?.message || `helm exited ${run.status}`).trim() };
        }
        return { release, archive: cached.path, model: cached.model, objects: parseManifest(run.stdout) };
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

/** `group/version` of each version a CRD serves. */
export function crdApiVersions(objects: readonly K8sObject[]): string[] {
    return objects
        .filter((o) => o.kind === "CustomResourceDefinition" && isRecord(o.spec))
        .flatMap((o) => {
            const spec = o.spec as { group: string; versions?: { name: string; served?: boolean }[] };
            return (spec.versions ?? []).filter((v) => v.served !== false).map((v) => `${spec.group}/${v.name}`);
        });
}

export interface StackRender {
    readonly charts: readonly RenderedChart[];
    readonly planObjects: readonly K8sObject[];
    readonly external: readonly { readonly resource: string; readonly file: string }[];
    /** API versions assumed served at install time (CRDs of the stack). */
    readonly apiVersions: readonly string[];
}

/**
 * Renders every chart of the plan. Charts see the API versions of every CRD the stack installs (the
 * charts' own, and `extraApiVersions` for CRDs applied from files), as the cluster serves them by
 * the time Pulumi installs the chart; Helm's defaults otherwise hide ServiceMonitors and the like.
 */
export function renderStack(plan: PlanDocument, options: RenderOptions & { readonly extraApiVersions?: readonly string[] }): StackRender {
    const releases = chartReleases(plan);
    const own = planObjects(plan);
    // Custom resources the plan creates itself are served too (their CRDs come first).
    const ownApiVersions = own.map((o) => o.apiVersion).filter((v) => v.includes(".") && v.includes("/"));
    const firstPass = releases.map((r) => renderChart(r, options));
    const apiVersions = [...new Set([...(options.extraApiVersions ?? []), ...ownApiVersions, ...crdApiVersions(firstPass.flatMap((c) => c.objects))])].sort();
    const charts = releases.map((r, i) => (firstPass[i].error ? firstPass[i] : renderChart(r, { ...options, apiVersions })));
    return { charts, planObjects: own, external: externalManifests(plan), apiVersions };
}
