/**
 * The program as the Pulumi CLI runs it. Pulumi.yaml names no `main` and sets `typescript: false`,
 * so the CLI's Node.js host (@pulumi/pulumi/cmd/run) registers no ts-node and require()s
 * package.json's `main`: this file. It runs index.ts as one esbuild bundle of our sources
 * (scripts/lib/bundle.cjs; packages external, so the program registers its resources with the
 * host's own @pulumi/pulumi), cached in node_modules/.cache/devana-program and rebuilt when a
 * bundled file changed: a cold start pays the ~0.2 s build instead of ts-node compiling every file.
 * The type check stays `npm test`'s.
 *
 * Stack traces point into the bundle (each file is marked by a `// path` comment); with
 * NODE_OPTIONS=--enable-source-maps they name the TypeScript files and lines (the linked map), at
 * the cost of mapping the stack Pulumi captures for each of its internal promises.
 * DEVANA_PROGRAM_CACHE moves the cache to another folder inside the repository (the benchmark's
 * cold start uses an empty one).
 */
"use strict";
const { join, resolve } = require("node:path");
const { bundle, CACHE_ROOT, ROOT } = require("./lib/bundle.cjs");

const cacheDir = process.env.DEVANA_PROGRAM_CACHE ? resolve(ROOT, process.env.DEVANA_PROGRAM_CACHE) : join(CACHE_ROOT, "devana-program");
// index.ts ends with `export = deploy(...)`: its value is the stack outputs the host awaits.
module.exports = require(bundle("index.ts", { cacheDir, sourcemap: true }));
