/**
 * Issue 21: the Pulumi CLI runs the program as one cached esbuild bundle (scripts/pulumi-main.cjs,
 * package.json's `main`), not through ts-node (one type check, in `npm test`). Starts the program
 * the way the CLI's host does (scripts/lib/cli-load-child.cjs, under mocks) from an empty cache, as
 * on a clean clone, and compares what it registers with the offline plan. Does not prove the
 * start-up time (`npm run bench` measures it) nor a run against a real engine.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { evaluateOk, REPO_ROOT } from "../support/helpers";

// The launcher's bundler: plain CommonJS shared with the CLI's start, no typings to import it through.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const { bundle, CACHE_ROOT: CACHES } = require("../../scripts/lib/bundle.cjs") as { bundle(entry: string, options: { cacheDir: string; sourcemap?: boolean }): string; CACHE_ROOT: string };
const made: string[] = [];
/** An empty cache folder inside the repository (the bundle's require() must find node_modules). */
function emptyCache(prefix: string): string {
    mkdirSync(CACHES, { recursive: true });
    const dir = mkdtempSync(join(CACHES, prefix));
    made.push(dir);
    return dir;
}
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface CliStart {
    program: string;
    typescript: boolean;
    resources: number;
    types: Record<string, number>;
    outputs: string[];
}

describe("program start under the Pulumi CLI", () => {
    const project = parse(readFileSync(join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { main?: string; runtime: { name: string; options: Record<string, unknown> } };
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

    it("has the CLI run package.json's main, the launcher, without ts-node, from the project folder", () => {
        // No Pulumi.yaml `main`: with one naming a file, the CLI would run from (and look for plugins in) its folder.
        expect(project.main).toBeUndefined();
        expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: false } });
        expect(pkg.main).toBe("scripts/pulumi-main.cjs");
        // The launcher builds the bundle at run time, also after `npm ci --omit=dev`.
        expect(pkg.dependencies.esbuild).toBe(JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", "esbuild", "package.json"), "utf8")).version);
        expect(pkg.devDependencies.esbuild).toBeUndefined();
    });

    it("registers, from an empty bundle cache, what the offline plan records for dev, plus the root Stack", async () => {
        const cache = emptyCache("devana-program-test-");
        const child = spawnSync(process.execPath, [join("scripts", "lib", "cli-load-child.cjs"), "dev"], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, DEVANA_PROGRAM_CACHE: cache } });
        expect(child.stderr).not.toMatch(/Error/);
        expect(child.status).toBe(0);
        const start = JSON.parse(child.stdout.trim().split("\n").pop()!) as CliStart;
        const plan = await evaluateOk("dev");
        const planTypes: Record<string, number> = { "pulumi:pulumi:Stack": 1 };
        for (const r of plan.resources) {
            planTypes[r.type] = (planTypes[r.type] ?? 0) + 1;
        }
        expect([start.program, start.typescript]).toEqual(["scripts/pulumi-main.cjs", false]);
        // Registrations reach the mocks set on the host's @pulumi/pulumi: the bundle does not carry a copy.
        expect(start.resources).toBe(plan.resources.length + 1);
        expect(start.types).toEqual(planTypes);
        expect(start.outputs).toEqual(Object.keys(plan.outputs).sort());

        const inputs = JSON.parse(readFileSync(join(cache, "index_ts.inputs.json"), "utf8")) as { files: string[] };
        expect(inputs.files).toContain("index.ts");
        expect(inputs.files).toContain("tsconfig.json");
        expect(inputs.files.filter((f) => f.includes("node_modules"))).toEqual([]);
        const code = readFileSync(join(cache, "index_ts.cjs"), "utf8");
        expect(code).toMatch(/require\("@pulumi\/pulumi"\)/);
        expect(code.trimEnd().endsWith("//# sourceMappingURL=index_ts.cjs.map")).toBe(true);
        const map = JSON.parse(readFileSync(join(cache, "index_ts.cjs.map"), "utf8")) as { sources: string[] };
        expect(map.sources.map((s) => relative(REPO_ROOT, join(cache, s)))).toContain("index.ts");
    });

    it("rebuilds a cached bundle when a bundled file's content changes, even with the same size and time", () => {
        const cache = emptyCache("devana-bundle-test-");
        const src = join(cache, "entry.ts");
        const entry = relative(REPO_ROOT, src);
        const stamp = new Date("2026-01-01T00:00:00Z");
        const write = (text: string): void => {
            writeFileSync(src, text);
            utimesSync(src, stamp, stamp);
        };
        write("export const value: number = 1;\n");
        const out = bundle(entry, { cacheDir: cache });
        expect(readFileSync(out, "utf8")).toContain("value = 1");
        const built = statSync(out).mtimeMs;
        expect(bundle(entry, { cacheDir: cache })).toBe(out);
        expect(statSync(out).mtimeMs).toBe(built);
        write("export const value: number = 2;\n");
        expect(readFileSync(bundle(entry, { cacheDir: cache }), "utf8")).toContain("value = 2");
    });
});
