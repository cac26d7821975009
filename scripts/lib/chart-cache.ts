/**
 * The local chart cache that offline rendering reads: a folder of `<name>-<version>.tgz`
 * (`DEVANA_CHART_CACHE`, default `.charts/`), filled by `npm run charts:pull` or pointed at a
 * prepared copy such as ../shared/charts. An archive is accepted by its Chart.yaml name and version,
 * not by its bytes: archives repackaged for offline use differ byte-wise from the published ones.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { readTar } from "./archive";
import { REPO_ROOT } from "./stack-file";

export const CHECKSUMS_FILE = "checksums.json";

export function chartCacheDir(env: NodeJS.ProcessEnv = process.env): string {
    return env.DEVANA_CHART_CACHE ? resolve(env.DEVANA_CHART_CACHE) : join(REPO_ROOT, ".charts");
}

export function archiveName(chart: string, version: string): string {
    return `${chart}-${version}.tgz`;
}

/** A chart as its templates and values see it: the parts the checks read, subcharts by alias. */
export interface ChartModel {
    readonly name: string;
    readonly version: string;
    /** Default values (values.yaml), `{}` when absent. */
    readonly values: Record<string, unknown>;
    /** values.schema.json, if the chart has one. */
    readonly schema?: Record<string, unknown>;
    /**
     * Every template's text (templates/**) and values.yaml (charts such as Loki keep `tpl` templates
     * in their values), concatenated: what `.Values.x` references are read from.
     */
    readonly templates: string;
    /** Subcharts by the key their values live under (the dependency's alias, else its name). */
    readonly subcharts: ReadonlyMap<string, ChartModel>;
}

type Files = ReadonlyMap<string, Buffer>;

function chartFrom(files: Files, root: string): ChartModel {
    const text = (path: string): string | undefined => files.get(`${root}${path}`)?.toString("utf8");
    const meta = parse(text("Chart.yaml") ?? "") as { name?: string; version?: string; dependencies?: { name: string; alias?: string }[] } | null;
    if (!meta?.name || !meta.version) {
        throw new Error(`${root}Chart.yaml has no name or version`);
    }
    const templates = [...files.keys()]
        .filter((p) => p.startsWith(`${root}templates/`))
        .map((p) => files.get(p)!.toString("utf8"))
        .concat(text("values.yaml") ?? "")
        .join("\n");
    const subcharts = new Map<string, ChartModel>();
    const aliases = new Map((meta.dependencies ?? []).map((d) => [d.name, d.alias ?? d.name]));
    // Subcharts sit under charts/ as folders or as packaged archives.
    const direct = new Set<string>();
    for (const path of files.keys()) {
        const rest = path.startsWith(`${root}charts/`) ? path.slice(`${root}charts/`.length) : undefined;
        if (rest !== undefined && rest.split("/").length >= 2 && rest.split("/")[1] === "Chart.yaml") {
            direct.add(rest.split("/")[0]);
        }
    }
    for (const dir of direct) {
        const sub = chartFrom(files, `${root}charts/${dir}/`);
        subcharts.set(aliases.get(sub.name) ?? sub.name, sub);
    }
    for (const [path, body] of files) {
        if (path.startsWith(`${root}charts/`) && path.endsWith(".tgz") && !path.slice(`${root}charts/`.length).includes("/")) {
            const sub = readChart(body);
            subcharts.set(aliases.get(sub.name) ?? sub.name, sub);
        }
    }
    const schema = text("values.schema.json");
    return {
        name: meta.name,
        version: String(meta.version),
        values: (parse(text("values.yaml") ?? "") as Record<string, unknown> | null) ?? {},
        ...(schema ? { schema: JSON.parse(schema) as Record<string, unknown> } : {}),
        templates,
        subcharts,
    };
}

/** Reads a packaged chart (`helm package` output: one top folder named after the chart). */
export function readChart(archive: Buffer): ChartModel {
    const files = readTar(archive);
    const roots = new Set([...files.keys()].map((p) => p.split("/")[0]));
    const root = [...roots].find((r) => files.has(`${r}/Chart.yaml`));
    if (!root) {
        throw new Error("not a chart archive (no <name>/Chart.yaml)");
    }
    return chartFrom(files, `${root}/`);
}

export interface CachedChart {
    readonly path: string;
    readonly model: ChartModel;
}

/** The pinned chart from the cache, checked by its Chart.yaml; the error names the missing archive. */
export function loadCachedChart(chart: string, version: string, cacheDir: string = chartCacheDir()): CachedChart {
    const path = join(cacheDir, archiveName(chart, version));
    if (!existsSync(path)) {
        throw new Error(`chart cache ${cacheDir} has no ${archiveName(chart, version)}: run \`npm run charts:pull\` (needs network) or set DEVANA_CHART_CACHE to a folder that has it`);
    }
    const model = readChart(readFileSync(path));
    if (model.name !== chart || model.version !== version) {
        throw new Error(`${path} holds chart ${model.name} ${model.version}, not the pinned ${chart} ${version}`);
    }
    return { path, model };
}

export function sha256(data: Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** What `charts:pull` recorded: archive file name -> sha256 of the archive first pulled. */
export type Checksums = Record<string, { readonly sha256: string; readonly source: string; readonly pulledAt: string }>;

export function readChecksums(cacheDir: string): Checksums {
    const path = join(cacheDir, CHECKSUMS_FILE);
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Checksums) : {};
}

export function writeChecksums(cacheDir: string, sums: Checksums): void {
    const sorted = Object.fromEntries(Object.entries(sums).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(join(cacheDir, CHECKSUMS_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
}

/** `helm pull` arguments for a pinned chart (pure): OCI charts by URL, others through `--repo`. */
export function pullArgs(ref: { readonly repository: string; readonly chart: string; readonly version: string }, destination: string, keyring?: string): string[] {
    const source = ref.repository.startsWith("oci://") ? [`${ref.repository.replace(/\/$/, "")}/${ref.chart}`] : [ref.chart, "--repo", ref.repository];
    return ["pull", ...source, "--version", ref.version, "--destination", destination, ...(keyring ? ["--verify", "--keyring", keyring] : [])];
}

/** What a pull means for the recorded checksum: first pull, same bytes, or different bytes (warn). */
export function compareChecksum(recorded: Checksums[string] | undefined, digest: string): "new" | "same" | "changed" {
    return !recorded ? "new" : recorded.sha256 === digest ? "same" : "changed";
}

/**
 * CRDs of kinds the plans create whose CRD no chart of ours renders, fetched by `charts:pull` into
 * `<cache>/crds/` at the versions the stacks rely on (../shared/charts/README.md gives the same).
 */
export const FALLBACK_CRDS: readonly { readonly file: string; readonly url: string }[] = [
    // The plans apply this very file (components/platform/gateway-api-crds.ts).
    { file: "gateway-api-standard-install.yaml", url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/standard-install.yaml" },
    // EKS's VPC CNI add-on (custom networking).
    { file: "eniconfigs.crd.k8s.amazonaws.com.yaml", url: "https://raw.githubusercontent.com/aws/amazon-vpc-cni-k8s/v1.23.0/charts/aws-vpc-cni/crds/customresourcedefinition.yaml" },
    { file: "securitygrouppolicies.vpcresources.k8s.aws.yaml", url: "https://raw.githubusercontent.com/aws/amazon-vpc-resource-controller-k8s/v1.7.19/config/crd/bases/vpcresources.k8s.aws_securitygrouppolicies.yaml" },
    // AKS's Azure CNI powered by Cilium; the Cilium version follows the AKS release.
    { file: "ciliumnetworkpolicies.cilium.io.yaml", url: "https://raw.githubusercontent.com/cilium/cilium/v1.18.2/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml" },
    // The on-prem customer's MetalLB.
    { file: "ipaddresspools.metallb.io.yaml", url: "https://raw.githubusercontent.com/metallb/metallb/v0.16.1/config/crd/bases/metallb.io_ipaddresspools.yaml" },
    { file: "l2advertisements.metallb.io.yaml", url: "https://raw.githubusercontent.com/metallb/metallb/v0.16.1/config/crd/bases/metallb.io_l2advertisements.yaml" },
    // The CSI snapshot controller (EKS add-on, AKS built in, on-prem by the admin).
    { file: "volumesnapshots.snapshot.storage.k8s.io.yaml", url: "https://raw.githubusercontent.com/kubernetes-csi/external-snapshotter/v8.6.0/client/config/crd/snapshot.storage.k8s.io_volumesnapshots.yaml" },
    { file: "volumesnapshotclasses.snapshot.storage.k8s.io.yaml", url: "https://raw.githubusercontent.com/kubernetes-csi/external-snapshotter/v8.6.0/client/config/crd/snapshot.storage.k8s.io_volumesnapshotclasses.yaml" },
];
