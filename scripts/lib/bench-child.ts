/**
 * One measured run for `npm run bench`, in its own process so memory peaks do not mix, run the way
 * `npm run plan` runs (node scripts/bundle-run.cjs scripts/lib/bench-child.ts ...):
 *   plan <stack>          evaluate the stack's plan; report the SDK modules it loaded
 *   replay <stack> <n>    plan the stack n times in this process (growth with the number of resources)
 *   floor <plan.json> <module...>
 *                         load the SDK modules, then replay the plan's registrations through Pulumi's
 *                         mock runtime without our program (what no change of ours can go below)
 * Prints one JSON line: { ms, maxRssMiB, cpuMs, resources?, modules? }.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { PlanDocument } from "./plan";

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

/**
 * The floor under a plan: Pulumi's mock runtime replaying the plan's registrations (same types,
 * names, parents, inputs already resolved, options) with mocks that echo inputs, no program of ours.
 */
async function replayRegistrations(doc: PlanDocument): Promise<number> {
    const pulumi = await import("@pulumi/pulumi");
    Error.stackTraceLimit = 0; // as evaluate() runs the program
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "devana", doc.stack, false);
    // Concrete stand-ins for the SDK's abstract generic classes.
    class Custom extends pulumi.CustomResource {}
    class Provider extends pulumi.ProviderResource {}
    const byUrn = new Map<string, InstanceType<typeof pulumi.Resource>>();
    for (const r of doc.resources) {
        const inputs = r.inputs as Record<string, unknown>;
        const opts = {
            parent: r.parent ? byUrn.get(r.parent) : undefined,
            protect: r.options.protect,
            ignoreChanges: [...r.options.ignoreChanges],
            dependsOn: r.options.dependsOn.flatMap((urn) => byUrn.get(urn) ?? []),
        };
        const resource = r.type.startsWith("pulumi:providers:")
            ? new Provider(r.type.split(":")[2], r.name, inputs, opts)
            : r.custom
              ? new Custom(r.type, r.name, inputs, opts)
              : new pulumi.ComponentResource(r.type, r.name, inputs, opts, Object.keys(inputs).length > 0);
        byUrn.set(r.urn, resource);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module (see evaluate.ts)
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return byUrn.size;
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
    } else if (mode === "floor") {
        const [planFile, ...sdkModules] = rest;
        for (const m of sdkModules) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK load's own modules, by name
            require(m);
        }
        const doc = JSON.parse(readFileSync(planFile, "utf8")) as PlanDocument;
        report.resources = await replayRegistrations(doc);
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
