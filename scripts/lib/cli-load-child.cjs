/**
 * One measured start of the program the way the Pulumi CLI's Node.js host loads it
 * (@pulumi/pulumi/cmd/run: the SDK's vendored ts-node, `transpileOnly` from the tsconfig's own
 * `noCheck`), under Pulumi's mock runtime instead of an engine. Plain JavaScript on purpose: the CLI
 * host runs no tsx. Run by `npm run bench` with TS_NODE_CACHE_DIRECTORY set to an empty folder, as on
 * a fresh CI runner.
 *
 *   node scripts/lib/cli-load-child.cjs <stack> <tsconfig file>
 *
 * Prints one JSON line: { ms, maxRssMiB, transpileOnly, resources }.
 */
"use strict";
const path = require("node:path");
const { performance } = require("node:perf_hooks");

async function main() {
    const started = performance.now();
    const [stack, tsconfigArg = "tsconfig.json"] = process.argv.slice(2);
    const root = path.resolve(__dirname, "..", "..");
    process.chdir(root);
    const tsutils = require("@pulumi/pulumi/tsutils");
    const tsconfig = path.join(root, tsconfigArg);
    const transpileOnly = tsutils.loadTypeScriptCompilerOptions(tsconfig).noCheck;
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    require(tsnodeRequire).register({ compiler: typescriptRequire, transpileOnly, project: tsconfig, skipProject: false, compilerOptions: {} });

    // The engine's part, played by the offline plan's own mocks and stack-file reader.
    const { readStackFile, stackFilePath } = require(path.join(root, "scripts/lib/stack-file.ts"));
    const { OfflineMocks } = require(path.join(root, "scripts/lib/mocks.ts"));
    const pulumi = require("@pulumi/pulumi");
    const file = readStackFile(stackFilePath(stack));
    pulumi.runtime.setAllConfig(file.config, file.secretKeys);
    let resources = 0;
    const mocks = new OfflineMocks();
    const newResource = mocks.newResource.bind(mocks);
    mocks.newResource = (args) => {
        resources++;
        return newResource(args);
    };
    await pulumi.runtime.setMocks(mocks, "devana", stack, false);
    await require(path.join(root, "index.ts"));
    await require("@pulumi/pulumi/runtime/settings").waitForRPCs();
    process.stdout.write(`${JSON.stringify({ ms: Math.round(performance.now() - started), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), transpileOnly: Boolean(transpileOnly), resources })}\n`);
}

main().catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
});
