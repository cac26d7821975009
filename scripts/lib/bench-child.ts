/**
 * One measured run for `npm run bench`, in its own process so memory peaks do not mix, run the way
 * `npm run plan` runs (node scripts/bundle-run.cjs scripts/lib/bench-child.ts ...):
 *   plan <stack>          evaluate the stack's plan; report the SDK modules it loaded
 *   replay <stack> <n>    plan the stack n times in this process (growth with the number of resources)
 * Prints one JSON line: { ms, maxRssMiB, cpuMs, resources?, modules? }.
 */
import { performance } from "node:perf_hooks";

/**
 * SDK entry points a run loaded: a package when its index was loaded, otherwise the deep modules
 * themselves (config validation reads only @pulumi/aws's EC2 enum; azure-native is per submodule).
 */
function loadedSdkModules(): string[] {
    const files = Object.keys(require.cache);
    const found = new Set<string>();
    for (const file of files) {
        const match = /node_modules\/((?:@pulumi\/[^/]+)|zod|yaml)\/(.*)$/.exec(file);
        if (!match) {
            continue;
        }
        const [, pkg, rest] = match;
        const azure = /^([^/]+)\/index\.js$/.exec(rest);
        if (pkg === "@pulumi/azure-native" && azure && azure[1] !== "types") {
            found.add(`${pkg}/${azure[1]}`);
        } else if (files.includes(require.resolve(pkg))) {
            found.add(pkg);
        } else if (pkg.startsWith("@pulumi/") && pkg !== "@pulumi/azure-native" && /\/index\.js$/.test(rest) && !rest.includes("node_modules")) {
            found.add(`${pkg}/${rest.replace(/\/index\.js$/, "")}`);
        }
    }
    return [...found].sort();
}

async function main(): Promise<void> {
    const [mode, ...rest] = process.argv.slice(2);
    const started = performance.now();
    const report: Record<string, unknown> = {};
    if (mode === "plan") {
        const { buildPlan } = await import("./plan");
        const { readStackFile, stackFilePath } = await import("./stack-file");
        const result = await buildPlan(readStackFile(stackFilePath(rest[0])));
        report.status = result.status;
        report.resources = result.status === "ok" ? result.document.resources.length : 0;
        report.modules = loadedSdkModules();
    } else if (mode === "replay") {
        const { buildPlan } = await import("./plan");
        const { readStackFile, stackFilePath } = await import("./stack-file");
        const file = readStackFile(stackFilePath(rest[0]));
        let resources = 0;
        const perReplayMs: number[] = [];
        for (let i = 0; i < Number(rest[1]); i++) {
            const replayStarted = performance.now();
            const result = await buildPlan(file);
            resources += result.status === "ok" ? result.document.resources.length : 0;
            perReplayMs.push(Math.round(performance.now() - replayStarted));
        }
        report.resources = resources;
        report.perReplayMs = perReplayMs;
    } else {
        throw new Error(`unknown mode ${mode}`);
    }
    report.ms = Math.round(performance.now() - started);
    report.maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    const cpu = process.cpuUsage();
    report.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
});
