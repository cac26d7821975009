/**
 * Issue 22: the program's folders form floors, and imports only run downwards (or within a floor):
 * config < k8s/aws/azure helpers < network/storage/cluster/security < platform < devana < edge <
 * stacks < scripts, and the policy pack stands alone. Reads the relative imports of every source
 * file; no cycles either.
 * Does not prove: that a floor's files belong there by meaning (a reviewer's call).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/helpers";

const FLOORS: readonly (readonly string[])[] = [
    ["config/"],
    ["components/k8s/", "components/aws/", "components/azure/"],
    ["components/network/", "components/storage/", "components/cluster/", "components/security/"],
    ["components/platform/"],
    ["components/devana/"],
    ["components/edge/"],
    ["stacks/", "index.ts"],
    ["scripts/"],
];
const POLICY = "policy/";

/** The floor of a repository-relative path, or undefined for a file outside the program. */
export function floorOf(file: string): number | undefined {
    const index = FLOORS.findIndex((prefixes) => prefixes.some((prefix) => file === prefix || file.startsWith(prefix)));
    return index < 0 ? undefined : index;
}

function sourceFiles(dir: string): string[] {
    return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "test" ? [] : sourceFiles(path);
        return /\.(ts|cjs|mjs)$/.test(entry.name) ? [path] : [];
    });
}

function resolveImport(from: string, specifier: string): string | undefined {
    const base = normalize(join(dirname(from), specifier));
    for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
        try {
            if (statSync(join(REPO_ROOT, candidate)).isFile()) return candidate;
        } catch {
            // not this candidate
        }
    }
    return undefined;
}

/** Every relative import of the program's sources, resolved to repository-relative paths. */
function importGraph(): Map<string, string[]> {
    const files = [...["config", "components", "stacks", "scripts", "policy"].flatMap(sourceFiles), "index.ts"];
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const text = readFileSync(join(REPO_ROOT, file), "utf8");
        const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)["'](\.{1,2}\/[^"']+)["']/gm)].map((match) => match[1]);
        graph.set(
            file,
            specifiers.map((specifier) => resolveImport(file, specifier) ?? `${relative(REPO_ROOT, join(REPO_ROOT, dirname(file), specifier))} (unresolved)`),
        );
    }
    return graph;
}

function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    const found: string[][] = [];
    const state = new Map<string, "open" | "done">();
    const path: string[] = [];
    const visit = (node: string): void => {
        state.set(node, "open");
        path.push(node);
        for (const next of graph.get(node) ?? []) {
            if (state.get(next) === "open") found.push(path.slice(path.indexOf(next)));
            else if (!state.has(next)) visit(next);
        }
        path.pop();
        state.set(node, "done");
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    return found;
}

describe("import layering (issue 22)", () => {
    const graph = importGraph();
    const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));

    it("reads the whole program", () => {
        expect(graph.size).toBeGreaterThan(150);
        expect(edges.filter(({ to }) => to.endsWith("(unresolved)"))).toEqual([]);
        expect([...graph.keys()].filter((file) => !file.startsWith(POLICY) && floorOf(file) === undefined)).toEqual([]);
    });

    it("imports only downwards or within a floor", () => {
        const upwards = edges.filter(({ from, to }) => !to.startsWith(POLICY) && (floorOf(to) ?? -1) > (floorOf(from) ?? Infinity)).map(({ from, to }) => `${from} -> ${to}`);
        expect(upwards).toEqual([]);
    });

    it("keeps the policy pack standalone: only scripts reach it, and it reaches nothing of the program", () => {
        expect(edges.filter(({ from, to }) => from.startsWith(POLICY) && !to.startsWith(POLICY)).map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
        expect(edges.filter(({ from, to }) => to.startsWith(POLICY) && !from.startsWith(POLICY) && !from.startsWith("scripts/")).map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
    });

    it("has no import cycle", () => {
        expect(cycles(graph).map((cycle) => cycle.join(" > "))).toEqual([]);
    });

    it("would catch an upward import and a cycle", () => {
        expect(floorOf("config/capacity.ts")).toBeLessThan(floorOf("components/devana/app/api.ts") ?? -1);
        expect(floorOf("components/k8s/labels.ts")).toBe(floorOf("components/azure/scope.ts"));
        expect(
            cycles(
                new Map([
                    ["a", ["b"]],
                    ["b", ["c"]],
                    ["c", ["a"]],
                    ["d", ["a"]],
                ]),
            ),
        ).toEqual([["a", "b", "c"]]);
    });
});
