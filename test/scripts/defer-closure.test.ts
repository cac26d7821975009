/**
 * Issue 21: the offline plan (scripts/bundle-run.cjs) defers @pulumi/pulumi's closure serialization
 * (scripts/lib/defer-closure.cjs), which would load the TypeScript compiler and npm's Arborist for
 * functions the program never calls. Checks, in a fresh process, that they stay unloaded, that a
 * deferred function still works when called, and that the SDK still takes exactly the deferred
 * functions from those modules (an SDK upgrade that changes it fails here).
 * Does not prove the time saved (`npm run bench` measures it).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/helpers";

// Plain CommonJS shared with bundle-run.cjs.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const { DEFERRED } = require("../../scripts/lib/defer-closure.cjs") as { DEFERRED: Record<string, string[]> };

const PROBE = `
require("./scripts/lib/defer-closure.cjs").deferClosureSerialization();
const pulumi = require("@pulumi/pulumi");
const loaded = (part) => Object.keys(require.cache).some((file) => file.includes(part));
const before = { typescript: loaded("/node_modules/typescript/"), arborist: loaded("/@npmcli/arborist/"), closure: loaded("/runtime/closure/serializeClosure.js") };
pulumi.runtime.serializeFunction(() => 40 + 2).then((serialized) => {
    console.log(JSON.stringify({ before, after: { closure: loaded("/runtime/closure/serializeClosure.js") }, text: serialized.text, codePaths: typeof pulumi.runtime.computeCodePaths }));
});
`;

describe("deferred closure serialization (offline plan)", () => {
    it("loads neither TypeScript nor Arborist with @pulumi/pulumi, and a deferred function still serializes", () => {
        const child = spawnSync(process.execPath, ["-e", PROBE], { cwd: REPO_ROOT, encoding: "utf8" });
        // Serializing loads Node's deprecated `sys` and WASI modules (warnings on stderr), as it does without the deferral.
        expect(child.status, child.stderr).toBe(0);
        const result = JSON.parse(child.stdout) as { before: Record<string, boolean>; after: Record<string, boolean>; text: string; codePaths: string };
        expect(result.before).toEqual({ typescript: false, arborist: false, closure: false });
        expect(result.after).toEqual({ closure: true });
        expect(result.text).toContain("40 + 2");
        expect(result.codePaths).toBe("function");
    });

    it("stands in for exactly what @pulumi/pulumi/runtime/index.js takes from each deferred module", () => {
        const index = readFileSync(join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "runtime", "index.js"), "utf8");
        const taken: Record<string, string[]> = {};
        for (const [, variable, path] of index.matchAll(/var (\w+) = require\("(\.\/closure\/[^"]+)"\);/g)) {
            taken[path] = [...index.matchAll(new RegExp(`exports\\.\\w+ = ${variable}\\.(\\w+);`, "g"))].map((match) => match[1]);
            // Anything else done with the module (a re-export of all of it, a call) would defeat the stand-in.
            expect(index.split(variable).length - 1).toBe(taken[path].length + 1);
        }
        expect(taken).toEqual(DEFERRED);
        for (const [path, names] of Object.entries(DEFERRED)) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real module, by path
            const real = require(join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "runtime", path)) as Record<string, unknown>;
            expect(names.map((name) => typeof real[name])).toEqual(names.map(() => "function"));
        }
    });

    it("is installed by bundle-run.cjs before the bundled script loads", () => {
        const runner = readFileSync(join(REPO_ROOT, "scripts", "bundle-run.cjs"), "utf8");
        expect(runner.indexOf("deferClosureSerialization()")).toBeGreaterThan(0);
        expect(runner.indexOf("deferClosureSerialization()")).toBeLessThan(runner.indexOf("require(out)"));
    });
});
