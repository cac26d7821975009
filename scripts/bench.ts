/**
 * Benchmark of the offline plan, run the way `npm run plan` runs it (the esbuild bundle under plain
 * node, scripts/bundle-run.cjs), each measured run a fresh process:
 * - per committed stack: the plan, and the bare load of the SDK package roots that plan loaded under
 *   plain node (azure-native per submodule, as the design imports it), alternated run by run so
 *   machine load hits both alike; wall time, peak memory, their ratio, resources, ms per resource;
 * - the program's start the way the Pulumi CLI's host starts it (scripts/lib/cli-load-child.cjs:
 *   package.json's `main`, scripts/pulumi-main.cjs), cold (an empty bundle cache, so the esbuild
 *   build counts) and warm, alternated with the --cli-stack plan and SDK load;
 * - the floor under the --cli-stack plan: the same SDK load, then Pulumi's mock runtime replaying the
 *   plan's registrations without our program (bench-child.ts floor); like the plan, it runs under
 *   bundle-run.cjs, so Pulumi's closure serialization stays unloaded (scripts/lib/defer-closure.cjs);
 * - growth: the --cli-stack plan replayed 1, 2, 4 and 8 times in one process.
 * Figures are medians of --runs (default 3).
 *
 *   npm run bench [-- --runs 5] [--cli-stack prod]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { committedStacks, REPO_ROOT } from "./lib/stack-file";

interface Sample {
    wallMs: number;
    maxRssMiB: number;
    /** CPU time of the node process, all its threads (less sensitive than wall time to a busy machine); esbuild's own process is not in it. */
    cpuMs: number;
    report: Record<string, unknown>;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Sample {
    const started = performance.now();
    const child = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: "utf8", env });
    const wallMs = Math.round(performance.now() - started);
    if (child.status !== 0) {
        throw new Error(`${args.join(" ")} failed: ${child.stderr}`);
    }
    const report = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
    return { wallMs, maxRssMiB: Number(report.maxRssMiB), cpuMs: Number(report.cpuMs), report };
}

const BUNDLE_RUN = join("scripts", "bundle-run.cjs");
const CHILD = join("scripts", "lib", "bench-child.ts");
const plan = (stack: string): Sample => run([BUNDLE_RUN, CHILD, "plan", stack]);
const replay = (stack: string, times: number): Sample => run([BUNDLE_RUN, CHILD, "replay", stack, String(times)]);
const floor = (planFile: string, modules: readonly string[]): Sample => run([BUNDLE_RUN, CHILD, "floor", planFile, ...modules]);

// Plain node, no tsx: what loading the SDKs costs by itself.
const SDK_LOAD = `const { performance } = require("node:perf_hooks");
const started = performance.now();
for (const m of process.argv.slice(1)) require(m);
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms: Math.round(performance.now() - started), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), cpuMs: Math.round((cpu.user + cpu.system) / 1000) }));`;
const sdkLoad = (modules: readonly string[]): Sample => run(["-e", SDK_LOAD, ...modules]);

/**
 * The package roots of what a plan loaded. Kept as loaded: azure-native's submodules (its root loads
 * none of them) and type enums alone (config validation reads @pulumi/aws's EC2 enum on every target).
 */
function packageRoots(modules: readonly string[]): string[] {
    const keep = (m: string): boolean => m.startsWith("@pulumi/azure-native/") || /^@pulumi\/[^/]+\/types\//.test(m);
    const roots = modules.map((m) => (keep(m) ? m : (/^(@[^/]+\/[^/]+|[^@/][^/]*)/.exec(m)?.[1] ?? m)));
    return [...new Set(roots)].sort();
}

const CLI_CHILD = join("scripts", "lib", "cli-load-child.cjs");

/** One cold start under the CLI's host: an empty bundle cache (inside the repository, as the launcher needs), as on a fresh runner. */
function cliLoadCold(stack: string): Sample {
    const parent = join(REPO_ROOT, "node_modules", ".cache");
    mkdirSync(parent, { recursive: true });
    const cache = mkdtempSync(join(parent, "devana-program-cold-"));
    try {
        return run([CLI_CHILD, stack], { ...process.env, DEVANA_PROGRAM_CACHE: cache });
    } finally {
        rmSync(cache, { recursive: true, force: true });
    }
}

/** One start with the bundle already built (the launcher's own cache): every later `pulumi` run. */
const cliLoadWarm = (stack: string): Sample => run([CLI_CHILD, stack]);

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

interface Figure {
    wall: number;
    rss: number;
    /** Fastest and slowest run: the spread of a shared machine. */
    range: string;
    cpu: number;
}
const summarise = (samples: Sample[]): Figure => {
    const walls = samples.map((s) => s.wallMs);
    return { wall: median(walls), rss: median(samples.map((s) => s.maxRssMiB)), range: `${Math.min(...walls)}-${Math.max(...walls)}`, cpu: median(samples.map((s) => s.cpuMs)) };
};

function table(header: string[], rows: string[][]): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    return [line(header), ...rows.map(line)];
}

function main(): void {
    const runsArg = process.argv.indexOf("--runs");
    const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
    if (!Number.isInteger(runs) || runs < 1) {
        throw new Error("--runs takes a positive whole number");
    }
    const cliStackArg = process.argv.indexOf("--cli-stack");
    const cliStack = cliStackArg > 0 ? process.argv[cliStackArg + 1] : "prod";
    const stacks = committedStacks();

    // One unmeasured plan per stack: builds the bundle and finds the SDK modules each plan loads.
    const first = new Map(stacks.map((s) => [s, plan(s)]));
    const roots = new Map(stacks.map((s) => [s, packageRoots(first.get(s)!.report.modules as string[])]));
    const plans = new Map<string, Sample[]>(stacks.map((s) => [s, []]));
    const sdks = new Map<string, Sample[]>(stacks.map((s) => [s, []]));
    // The floor: the same SDK load, then Pulumi's mock runtime replaying this plan's registrations.
    const planJson = spawnSync(process.execPath, [BUNDLE_RUN, join("scripts", "plan.ts"), "--stack", cliStack, "--json"], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
    const scratch = mkdtempSync(join(tmpdir(), "devana-bench-"));
    const planFile = join(scratch, `${cliStack}.json`);
    writeFileSync(planFile, planJson.stdout);
    const floors: Sample[] = [];
    const cli: Sample[] = [];
    const cliWarm: Sample[] = [];
    cliLoadWarm(cliStack); // builds the launcher's own cache
    for (let i = 0; i < runs; i++) {
        for (const stack of stacks) {
            plans.get(stack)!.push(plan(stack));
            sdks.get(stack)!.push(sdkLoad(roots.get(stack)!));
            if (stack === cliStack) {
                cli.push(cliLoadCold(cliStack));
                cliWarm.push(cliLoadWarm(cliStack));
                floors.push(floor(planFile, roots.get(stack)!));
            }
        }
    }
    const rows = stacks.map((stack) => {
        const p = summarise(plans.get(stack)!);
        const s = summarise(sdks.get(stack)!);
        const resources = Number(first.get(stack)!.report.resources);
        return [stack, String(resources), String(p.wall), String(p.rss), String(s.wall), String(s.rss), (p.wall / s.wall).toFixed(2), (p.cpu / s.cpu).toFixed(2), ((p.wall - s.wall) / resources).toFixed(2)];
    });
    const planFig = summarise(plans.get(cliStack)!);
    const sdkFig = summarise(sdks.get(cliStack)!);
    const cliFig = summarise(cli);
    const cliWarmFig = summarise(cliWarm);
    const floorFig = summarise(floors);
    rmSync(scratch, { recursive: true, force: true });

    const growth = [1, 2, 4, 8].map((times) => {
        const samples = Array.from({ length: runs }, () => replay(cliStack, times));
        const f = summarise(samples);
        return { times, resources: Number(samples[0].report.resources), ...f };
    });
    const perResource = (g: (typeof growth)[number]): string => {
        const base = growth[0];
        return g === base ? "" : ((g.wall - base.wall) / (g.resources - base.resources)).toFixed(2);
    };
    const memPerResource = (g: (typeof growth)[number]): string => {
        const base = growth[0];
        return g === base ? "" : ((1024 * (g.rss - base.rss)) / (g.resources - base.resources)).toFixed(1);
    };

    process.stdout.write(
        [
            `Offline plan benchmark (node ${process.version}): medians of ${runs} runs, each a fresh process; plans and SDK loads alternated.`,
            `Plan = node scripts/bundle-run.cjs (as npm run plan). SDK = plain node loading the package roots the plan loaded (${roots.get(cliStack)!.join(", ")} for ${cliStack}).`,
            "The plan and the floor run under bundle-run.cjs, which defers @pulumi/pulumi's closure serialization (TypeScript, Arborist: scripts/lib/defer-closure.cjs); the SDK load loads it, as plain node does.",
            "",
            `${cliStack}: wall ms, median (fastest-slowest), process CPU ms / peak MiB`,
            `  CLI-loader start, cold (empty bundle cache): ${cliFig.wall} ms (${cliFig.range}), cpu ${cliFig.cpu} ms / ${cliFig.rss} MiB = ${(cliFig.wall / planFig.wall).toFixed(2)}x the plan (CPU ${(cliFig.cpu / planFig.cpu).toFixed(2)}x)`,
            `  CLI-loader start, warm (bundle cached):      ${cliWarmFig.wall} ms (${cliWarmFig.range}), cpu ${cliWarmFig.cpu} ms / ${cliWarmFig.rss} MiB = ${(cliWarmFig.wall / planFig.wall).toFixed(2)}x the plan`,
            `  offline plan:                                ${planFig.wall} ms (${planFig.range}), cpu ${planFig.cpu} ms / ${planFig.rss} MiB = ${(planFig.wall / sdkFig.wall).toFixed(2)}x the SDK load (CPU ${(planFig.cpu / sdkFig.cpu).toFixed(2)}x)`,
            `  SDK load:                                    ${sdkFig.wall} ms (${sdkFig.range}), cpu ${sdkFig.cpu} ms / ${sdkFig.rss} MiB`,
            `  floor: SDK load + Pulumi's mock runtime replaying the plan's ${Number(floors[0].report.resources)} registrations, no program of ours: ${floorFig.wall} ms (${floorFig.range}), cpu ${floorFig.cpu} ms / ${floorFig.rss} MiB = ${(floorFig.wall / sdkFig.wall).toFixed(2)}x the SDK load (CPU ${(floorFig.cpu / sdkFig.cpu).toFixed(2)}x)`,
            "",
            ...table(["stack", "resources", "plan ms", "plan MiB", "SDK ms", "SDK MiB", "plan/SDK", "CPU plan/SDK", "ms/resource over SDK"], rows),
            "",
            `Growth: the ${cliStack} plan replayed in one process (marginal cost per added resource against 1 replay)`,
            ...table(
                ["replays", "resources", "wall ms", "peak MiB", "ms/resource", "KiB/resource"],
                growth.map((g) => [String(g.times), String(g.resources), String(g.wall), String(g.rss), perResource(g), memPerResource(g)]),
            ),
        ].join("\n") + "\n",
    );
}

main();
