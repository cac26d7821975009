/**
 * Benchmark of the offline plan: for each committed stack, wall time and peak memory of planning
 * it, next to the cost of only loading the SDK modules that plan loaded, measured in the same run.
 * Each figure is the median of --runs child processes (default 3). Then the program's start under
 * the Pulumi CLI's loader (scripts/lib/cli-load-child.cjs), cold, with tsconfig.pulumi.json (what
 * Pulumi.yaml points the CLI at) and with tsconfig.json (type-checked), beside the offline plan.
 *
 *   npm run bench [-- --runs 5] [--cli-stack prod]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { committedStacks, REPO_ROOT } from "./lib/stack-file";

interface Sample {
    wallMs: number;
    inProcessMs: number;
    maxRssMiB: number;
    report: Record<string, unknown>;
}

function measure(args: readonly string[]): Sample {
    const started = performance.now();
    const child = spawnSync(process.execPath, ["--import", "tsx", join("scripts", "lib", "bench-child.ts"), ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
    });
    const wallMs = Math.round(performance.now() - started);
    if (child.status !== 0) {
        throw new Error(`bench-child ${args.join(" ")} failed: ${child.stderr}`);
    }
    const report = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
    return { wallMs, inProcessMs: Number(report.ms), maxRssMiB: Number(report.maxRssMiB), report };
}

/** One cold start under the CLI's loader: an empty ts-node cache, as on a fresh runner. */
function measureCliLoad(stack: string, tsconfig: string): Sample {
    const cache = mkdtempSync(join(tmpdir(), "devana-ts-node-"));
    try {
        const started = performance.now();
        const child = spawnSync(process.execPath, [join("scripts", "lib", "cli-load-child.cjs"), stack, tsconfig], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            env: { ...process.env, TS_NODE_CACHE_DIRECTORY: cache },
        });
        const wallMs = Math.round(performance.now() - started);
        if (child.status !== 0) {
            throw new Error(`cli-load-child ${stack} ${tsconfig} failed: ${child.stderr}`);
        }
        const report = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
        return { wallMs, inProcessMs: Number(report.ms), maxRssMiB: Number(report.maxRssMiB), report };
    } finally {
        rmSync(cache, { recursive: true, force: true });
    }
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function summarise(samples: Sample[]): { wall: number; inProcess: number; rss: number } {
    return { wall: median(samples.map((s) => s.wallMs)), inProcess: median(samples.map((s) => s.inProcessMs)), rss: median(samples.map((s) => s.maxRssMiB)) };
}

function main(): void {
    const runsArg = process.argv.indexOf("--runs");
    const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
    if (!Number.isInteger(runs) || runs < 1) {
        throw new Error("--runs takes a positive whole number");
    }
    // Node + tsx start-up alone, so the other figures can be read net of it.
    const baseline = summarise(Array.from({ length: runs }, () => measure(["sdk"])));
    const header = ["stack", "status", "resources", "plan wall ms", "plan ms", "plan MiB", "SDK-only wall ms", "SDK-only ms", "SDK-only MiB", "program ms"];
    const rows: string[][] = [];
    const cliStackArg = process.argv.indexOf("--cli-stack");
    const cliStack = cliStackArg > 0 ? process.argv[cliStackArg + 1] : "prod";
    let cliPlan: { wall: number; rss: number } | undefined;
    for (const stack of committedStacks()) {
        const plans = Array.from({ length: runs }, () => measure(["plan", stack]));
        const modules = plans[0].report.modules as string[];
        const sdks = Array.from({ length: runs }, () => measure(["sdk", ...modules]));
        const plan = summarise(plans);
        const sdk = summarise(sdks);
        if (stack === cliStack) {
            cliPlan = plan;
        }
        rows.push([
            stack,
            String(plans[0].report.status),
            String(plans[0].report.resources),
            String(plan.wall),
            String(plan.inProcess),
            String(plan.rss),
            String(sdk.wall),
            String(sdk.inProcess),
            String(sdk.rss),
            String(plan.inProcess - sdk.inProcess),
        ]);
        process.stderr.write(`${stack}: SDK modules ${modules.join(", ")}\n`);
    }
    // The type-checked start takes ~30 s: measured once, the transpile-only one like the plans.
    const transpileOnly = summarise(Array.from({ length: runs }, () => measureCliLoad(cliStack, "tsconfig.pulumi.json")));
    const typeChecked = summarise([measureCliLoad(cliStack, "tsconfig.json")]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    process.stdout.write(
        [
            `Offline plan benchmark: median of ${runs} runs per figure, each run a fresh process (node ${process.version}).`,
            `Node + tsx start-up alone: ${baseline.wall} ms wall, ${baseline.rss} MiB peak. "ms" columns are measured inside the process;`,
            `"program ms" = plan ms - SDK-only ms: the cost of the program itself (config, components, mocks, policies).`,
            "",
            line(header),
            ...rows.map(line),
            "",
            `Program start of ${cliStack} under the Pulumi CLI's loader (vendored ts-node, empty cache, mock engine), wall ms / peak MiB:`,
            `  tsconfig.pulumi.json (noCheck, what Pulumi.yaml uses): ${transpileOnly.wall} ms / ${transpileOnly.rss} MiB (median of ${runs}),` +
                (cliPlan ? ` ${(transpileOnly.wall / cliPlan.wall).toFixed(2)}x the offline plan (${cliPlan.wall} ms / ${cliPlan.rss} MiB)` : ""),
            `  tsconfig.json (type-checked, as before):              ${typeChecked.wall} ms / ${typeChecked.rss} MiB (1 run), ${(typeChecked.wall / transpileOnly.wall).toFixed(1)}x the transpile-only start`,
        ].join("\n") + "\n",
    );
}

main();
