/**
 * Runs a TypeScript entry script as one esbuild bundle under plain node (no tsx):
 *
 *   node scripts/bundle-run.cjs scripts/plan.ts [args...]
 *
 * Why: tsx's loader hooks and source-mapped stack traces cost about 1 s of a 4 s plan. Only our own
 * sources are bundled; packages stay external and load from node_modules as usual. The bundle is
 * kept in node_modules/.cache/devana-bundles and rebuilt when a bundled file (or tsconfig.json, or
 * esbuild's version) changed, so a repeated run does not pay the ~0.2 s build. Stack traces of a
 * failure point into the bundle (each file is marked by a `// path` comment); run the script with
 * tsx for source lines.
 */
"use strict";
const { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { basename, join, resolve } = require("node:path");

const ROOT = resolve(__dirname, "..");
const CACHE = join(ROOT, "node_modules", ".cache", "devana-bundles");

/** Size and modification time of every input: a changed file changes its stamp. */
function stampOf(files) {
    return files.map((file) => {
        try {
            const s = statSync(join(ROOT, file));
            return `${file}:${s.size}:${s.mtimeMs}`;
        } catch {
            return `${file}:missing`;
        }
    });
}

function bundle(entry) {
    const name = entry.replace(/[^A-Za-z0-9]+/g, "_");
    const out = join(CACHE, `${name}.cjs`);
    const meta = join(CACHE, `${name}.inputs.json`);
    const esbuildVersion = require("esbuild/package.json").version;
    if (existsSync(out) && existsSync(meta)) {
        const saved = JSON.parse(readFileSync(meta, "utf8"));
        if (saved.esbuild === esbuildVersion && JSON.stringify(stampOf(saved.files)) === JSON.stringify(saved.stamp)) {
            return out;
        }
    }
    const result = require("esbuild").buildSync({
        absWorkingDir: ROOT,
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        format: "cjs",
        target: `node${process.versions.node.split(".")[0]}`,
        packages: "external",
        write: false,
        metafile: true,
        logLevel: "warning",
    });
    const files = [...Object.keys(result.metafile.inputs), "tsconfig.json"];
    mkdirSync(CACHE, { recursive: true });
    // Write then rename: parallel runs (the test setup's two planners) never read a partial file.
    const tmp = `${out}.${process.pid}`;
    writeFileSync(tmp, result.outputFiles[0].contents);
    renameSync(tmp, out);
    writeFileSync(`${meta}.${process.pid}`, JSON.stringify({ esbuild: esbuildVersion, files, stamp: stampOf(files) }));
    renameSync(`${meta}.${process.pid}`, meta);
    return out;
}

const entry = process.argv[2];
if (!entry || !entry.endsWith(".ts")) {
    process.stderr.write("usage: node scripts/bundle-run.cjs <entry.ts> [args...]\n");
    process.exit(64);
}
const out = bundle(entry);
// The bundled script reads its own arguments from process.argv.slice(2), as under tsx.
process.argv.splice(1, 2, join(CACHE, basename(out)));
require(out);
