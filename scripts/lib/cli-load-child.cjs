/**
 * One measured start of the program the way the Pulumi CLI's Node.js host starts it, under Pulumi's
 * mock runtime instead of an engine. As the engine and @pulumi/pulumi/cmd/run do: Pulumi.yaml's
 * `main` (a file: run from its folder) or else package.json's `main`; ts-node registered only when
 * the runtime option `typescript` is not false; the program required inside runInPulumiStack (the
 * root Stack resource) and its export awaited. Plain JavaScript on purpose: the host runs no tsx.
 * Used by `npm run bench` (DEVANA_PROGRAM_CACHE set to an empty folder for a cold start) and by
 * test/ops/cli-loader.test.ts.
 *
 *   node scripts/lib/cli-load-child.cjs <stack>
 *
 * Prints one JSON line: { ms, maxRssMiB, cpuMs, program, typescript, resources, types, outputs }.
 */
"use strict";
const { existsSync, readFileSync, statSync } = require("node:fs");
const path = require("node:path");
const { performance } = require("node:perf_hooks");

/** The program file and working folder the CLI would use (engine's getPwdMain, then cmd/run). */
function programOf(root, project) {
    if (project.main) {
        const main = path.join(root, project.main);
        return statSync(main).isDirectory() ? { pwd: main, program: main } : { pwd: path.dirname(main), program: main };
    }
    const pkgMain = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).main;
    const program = pkgMain && existsSync(path.join(root, pkgMain)) ? path.join(root, pkgMain) : root;
    return { pwd: root, program };
}

async function main() {
    const started = performance.now();
    const [stack] = process.argv.slice(2);
    const root = path.resolve(__dirname, "..", "..");
    const project = require("yaml").parse(readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
    const options = (project.runtime && project.runtime.options) || {};
    const { pwd, program } = programOf(root, project);
    process.chdir(pwd);
    // The language host sets PULUMI_NODEJS_TYPESCRIPT unless the option says false (default true).
    const typescript = options.typescript !== false;
    if (typescript) {
        const tsutils = require("@pulumi/pulumi/tsutils");
        const tsconfig = options.tsconfig || "tsconfig.json";
        const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
        const transpileOnly = tsutils.loadTypeScriptCompilerOptions(tsconfig).noCheck;
        require(tsnodeRequire).register({ compiler: typescriptRequire, transpileOnly, project: tsconfig, skipProject: false, compilerOptions: {} });
    }

    // The engine's part, played by the offline plan's bundled mocks and stack-file reader.
    const { bundle, SCRIPTS_CACHE } = require("./bundle.cjs");
    const { readStackFile, stackFilePath, OfflineMocks } = require(bundle("scripts/lib/cli-load-engine.ts", { cacheDir: SCRIPTS_CACHE }));
    const pulumi = require("@pulumi/pulumi");
    const settings = require("@pulumi/pulumi/runtime/settings");
    const file = readStackFile(stackFilePath(stack));
    pulumi.runtime.setAllConfig(file.config, file.secretKeys);
    await pulumi.runtime.setMocks(new OfflineMocks(), "devana", stack, false);
    const types = {};
    const monitor = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        types[req.getType()] = (types[req.getType()] || 0) + 1;
        return register(req, callback);
    };
    const outputs = await require("@pulumi/pulumi/runtime/stack").runInPulumiStack(async () => {
        const exported = require(program);
        return exported instanceof Function ? exported() : exported;
    });
    await settings.waitForRPCs();
    const resources = Object.values(types).reduce((a, b) => a + b, 0);
    const cpu = process.cpuUsage();
    const report = {
        ms: Math.round(performance.now() - started),
        maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        program: path.relative(root, program),
        typescript,
        resources,
        types,
        outputs: Object.keys(outputs || {})
            .filter((k) => outputs[k] !== undefined)
            .sort(),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
});
