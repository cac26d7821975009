/**
 * `npm run render -- --stack <name> [--out DIR] [--json]` as a function: plans the stack, renders
 * every chart of the plan with Helm from the chart cache, writes one manifest per chart, one for
 * the plan's own objects and a summary. Exit 4 names the chart and Helm's message when one fails.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { stringify } from "yaml";
import { chartCacheDir } from "./chart-cache";
import { checkStack, crdFallbackDir, loadCrdDir, type StackFindings } from "./chart-checks";
import { helmVersion, resolveHelm } from "./helm";
import { buildPlan, EXIT, type PlanResult } from "./plan";
import { renderStack, type K8sObject, type StackRender } from "./render";
import { formatConfigIssues } from "./report";
import { committedStacks, readStackFile, REPO_ROOT, stackFilePath } from "./stack-file";

/** 4: a chart did not render; 5: it rendered, but a values key is not read or a custom resource fails its CRD. */
export const RENDER_EXIT = { ...EXIT, render: 4, checks: 5 } as const;

export interface RenderSummary {
    readonly stack: string;
    readonly kubernetesVersion: string;
    readonly helm: string;
    readonly cache: string;
    readonly out: string;
    readonly charts: readonly {
        readonly resource: string;
        readonly chart: string;
        readonly version: string;
        readonly release: string;
        readonly namespace: string;
        readonly file?: string;
        readonly objects: number;
        readonly kinds: Readonly<Record<string, number>>;
        readonly error?: string;
    }[];
    readonly plan: { readonly file: string; readonly objects: number; readonly kinds: Readonly<Record<string, number>> };
    /** Manifests applied from a URL or file, which rendering does not fetch. */
    readonly external: readonly { readonly resource: string; readonly file: string }[];
    readonly apiVersions: readonly string[];
    readonly totalObjects: number;
    /** Where CRDs that no chart renders were read from. */
    readonly crdFallback: string;
    readonly findings: StackFindings;
}

export interface RenderCliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    readonly plan?: PlanResult;
    readonly render?: StackRender;
    readonly summary?: RenderSummary;
}

function kinds(objects: readonly K8sObject[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const o of objects) {
        counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

function manifest(objects: readonly K8sObject[]): string {
    return objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
}

const USAGE = "usage: npm run render -- --stack <name> | --config <file> [--out DIR] [--json]";

export async function runRenderCli(argv: readonly string[]): Promise<RenderCliRun> {
    let stack: string | undefined;
    let config: string | undefined;
    let out: string | undefined;
    let json = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--json") {
            json = true;
        } else if (arg === "--stack" || arg === "--config" || arg === "--out") {
            const value = argv[++i];
            if (!value) {
                return { code: RENDER_EXIT.usage, stdout: "", stderr: `render: ${arg} needs a value\n${USAGE}\n` };
            }
            if (arg === "--stack") stack = value;
            else if (arg === "--config") config = value;
            else out = value;
        } else {
            return { code: RENDER_EXIT.usage, stdout: "", stderr: `render: unknown argument ${arg}\n${USAGE}\n` };
        }
    }
    if (!stack === !config) {
        return { code: RENDER_EXIT.usage, stdout: "", stderr: `render: give exactly one of --stack or --config\n${USAGE}\ncommitted stacks: ${committedStacks().join(", ")}\n` };
    }
    const path = config ?? stackFilePath(stack!);
    if (!existsSync(path)) {
        return { code: RENDER_EXIT.usage, stdout: "", stderr: `render: no stack file ${path} (committed stacks: ${committedStacks().join(", ")})\n` };
    }
    const plan = await buildPlan(readStackFile(path));
    if (plan.status === "config-error") {
        return { code: plan.exitCode, stdout: "", stderr: `${formatConfigIssues(plan.stack, plan.issues)}\n`, plan };
    }
    if (plan.status === "program-error") {
        return { code: plan.exitCode, stdout: "", stderr: `Stack ${plan.stack}: the program failed: ${plan.error}\n`, plan };
    }
    const helm = resolveHelm();
    const cache = chartCacheDir();
    const kubernetesVersion = plan.config.kubernetesVersion;
    const render = renderStack(plan.document, { helm, cacheDir: cache, kubeVersion: kubernetesVersion });

    const outDir = resolve(out ?? join(REPO_ROOT, ".render", plan.document.stack));
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const charts = render.charts.map((c) => {
        const file = c.error ? undefined : `${c.release.resource}.yaml`;
        if (file) {
            writeFileSync(join(outDir, file), manifest(c.objects));
        }
        return {
            resource: c.release.resource,
            chart: c.release.chart,
            version: c.release.version,
            release: c.release.release,
            namespace: c.release.namespace,
            ...(file ? { file } : {}),
            objects: c.objects.length,
            kinds: kinds(c.objects),
            ...(c.error ? { error: c.error } : {}),
        };
    });
    writeFileSync(join(outDir, "plan.yaml"), manifest(render.planObjects));
    const crdFallback = crdFallbackDir(cache);
    const findings = checkStack(render, loadCrdDir(crdFallback));
    const summary: RenderSummary = {
        stack: plan.document.stack,
        kubernetesVersion,
        helm: helmVersion(helm),
        cache: relative(REPO_ROOT, cache) || ".",
        out: relative(process.cwd(), outDir) || ".",
        charts,
        plan: { file: "plan.yaml", objects: render.planObjects.length, kinds: kinds(render.planObjects) },
        external: render.external,
        apiVersions: render.apiVersions,
        totalObjects: render.planObjects.length + charts.reduce((n, c) => n + c.objects, 0),
        crdFallback: relative(REPO_ROOT, crdFallback),
        findings,
    };
    writeFileSync(join(outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);

    const failed = charts.filter((c) => c.error);
    const stderr = [
        ...failed.map((c) => `render: chart ${c.chart} ${c.version} (${c.resource}, release ${c.release} in ${c.namespace}) failed:\n${c.error}\n`),
        ...Object.entries(findings.unknownValues).map(([chart, keys]) => `render: ${chart}: values the chart does not read: ${keys.join(", ")}\n`),
        ...findings.invalidResources.flatMap((r) => r.errors.map((e) => `render: ${r.source}: ${e}\n`)),
        ...findings.missingCrds.map((k) => `render: warning: no CRD for ${k} in the rendered charts or ${summary.crdFallback}; not validated\n`),
    ].join("");
    const checksFailed = Object.keys(findings.unknownValues).length > 0 || findings.invalidResources.length > 0;
    const lines = [
        `Stack ${summary.stack}: ${summary.totalObjects} Kubernetes objects (Kubernetes ${kubernetesVersion}, Helm ${summary.helm}, charts from ${summary.cache}) in ${summary.out}/`,
        ...charts.map((c) => `  ${c.error ? "FAILED " : ""}${c.resource}: ${c.chart} ${c.version} in ${c.namespace}: ${c.objects} objects`),
        `  plan.yaml: ${summary.plan.objects} objects of the program itself`,
        ...summary.external.map((e) => `  not rendered (applied from ${e.file}): ${e.resource}`),
        `  checks: ${findings.customResources} custom resources validated against their CRDs, ${findings.invalidResources.length} invalid; ${Object.values(findings.unknownValues).flat().length} values keys not read`,
    ];
    return {
        code: failed.length > 0 ? RENDER_EXIT.render : checksFailed ? RENDER_EXIT.checks : RENDER_EXIT.ok,
        stdout: json ? `${JSON.stringify(summary, null, 2)}\n` : `${lines.join("\n")}\n`,
        stderr,
        plan,
        render,
        summary,
    };
}
