/**
 * One esbuild bundle of a TypeScript entry point and the files it imports, for plain node: used by
 * the program's launcher (scripts/pulumi-main.cjs, what the Pulumi CLI runs) and by
 * scripts/bundle-run.cjs (npm run plan and the other scripts).
 *
 * Only our own sources are bundled; packages stay external and load from node_modules, so the
 * program shares the one @pulumi/pulumi the CLI's host loaded. The bundle is cached in `cacheDir`
 * (a folder inside the repository, so that the bundle's require() finds node_modules) and rebuilt
 * when the content of a bundled file, tsconfig.json, esbuild's version or node's major version
 * changed: a warm start only hashes the inputs (a few ms).
 */
"use strict";
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

const ROOT = resolve(__dirname, "..", "..");
/** Where the bundles live: inside the repository, so that a bundle's require() finds node_modules. */
const CACHE_ROOT = join(ROOT, "node_modules", ".cache");
/** The scripts' bundles (bundle-run.cjs, the CLI-start harness); the program's own is apart (pulumi-main.cjs). */
const SCRIPTS_CACHE = join(CACHE_ROOT, "devana-bundles");

/** Content hash of the inputs (paths relative to ROOT); a missing file hashes as missing. */
function hashOf(files, salt) {
    const hash = createHash("sha256").update(salt);
    for (const file of files) {
        hash.update(`\0${file}\0`);
        try {
            hash.update(readFileSync(join(ROOT, file)));
        } catch {
            hash.update("\0missing\0");
        }
    }
    return hash.digest("hex");
}

/** Write then rename: a parallel run (the test setup's two planners) never reads a partial file. */
function writeAtomically(file, contents) {
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, contents);
    renameSync(tmp, file);
}

/**
 * Path of the bundle of `entry` (relative to the repository root), built unless the cached one is
 * current. `sourcemap` writes a linked `.map` next to it (read only when node runs with source
 * maps enabled, e.g. NODE_OPTIONS=--enable-source-maps).
 */
function bundle(entry, { cacheDir, sourcemap = false }) {
    const esbuildVersion = require("esbuild/package.json").version;
    const target = `node${process.versions.node.split(".")[0]}`;
    const salt = JSON.stringify([esbuildVersion, target, sourcemap]);
    const name = entry.replace(/[^A-Za-z0-9]+/g, "_");
    const out = join(cacheDir, `${name}.cjs`);
    const meta = join(cacheDir, `${name}.inputs.json`);
    try {
        const saved = JSON.parse(readFileSync(meta, "utf8"));
        if (existsSync(out) && saved.hash === hashOf(saved.files, salt)) {
            return out;
        }
    } catch {
        // No cache yet (or an unreadable one): build.
    }
    const result = require("esbuild").buildSync({
        absWorkingDir: ROOT,
        entryPoints: [entry],
        outfile: out,
        bundle: true,
        platform: "node",
        format: "cjs",
        target,
        packages: "external",
        sourcemap: sourcemap ? "linked" : false,
        // The map points at the files in the repository; no need to copy their text into it.
        sourcesContent: false,
        write: false,
        metafile: true,
        logLevel: "warning",
    });
    const files = [...Object.keys(result.metafile.inputs), "tsconfig.json"].sort();
    mkdirSync(cacheDir, { recursive: true });
    // The map first: the bundle names it, and the bundle is what the cache check looks for.
    for (const file of [...result.outputFiles].sort((a, b) => Number(b.path.endsWith(".map")) - Number(a.path.endsWith(".map")))) {
        writeAtomically(file.path, file.contents);
    }
    writeAtomically(meta, JSON.stringify({ hash: hashOf(files, salt), files }));
    return out;
}

module.exports = { bundle, CACHE_ROOT, ROOT, SCRIPTS_CACHE };
