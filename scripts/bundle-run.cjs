/**
 * Runs a TypeScript entry script as one esbuild bundle under plain node (no tsx):
 *
 *   node scripts/bundle-run.cjs scripts/plan.ts [args...]
 *
 * Why: tsx's loader hooks and source-mapped stack traces cost about 1 s of a 4 s plan. The bundle
 * (scripts/lib/bundle.cjs: packages external) is kept in node_modules/.cache/devana-bundles until a
 * bundled file changes, so a repeated run does not pay the ~0.2 s build. Stack traces of a failure
 * point into the bundle (each file is marked by a `// path` comment); run the script with tsx for
 * source lines.
 */
"use strict";
const { bundle, SCRIPTS_CACHE } = require("./lib/bundle.cjs");

// Before anything loads @pulumi/pulumi: its closure serialization (TypeScript, Arborist) is half the SDK's load and unused here.
require("./lib/defer-closure.cjs").deferClosureSerialization();

const entry = process.argv[2];
if (!entry || !entry.endsWith(".ts")) {
    process.stderr.write("usage: node scripts/bundle-run.cjs <entry.ts> [args...]\n");
    process.exit(64);
}
const out = bundle(entry, { cacheDir: SCRIPTS_CACHE });
// The bundled script reads its own arguments from process.argv.slice(2), as under tsx.
process.argv.splice(1, 2, out);
require(out);
