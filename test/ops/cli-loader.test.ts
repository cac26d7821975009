/**
 * Issue 21: the Pulumi CLI loads the program transpile-only (one type check, in `npm test`). Reads
 * the settings with the SDK's own loader functions, as `@pulumi/pulumi/cmd/run` does. Does not prove
 * the start-up time: `npm run bench` measures it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as ts from "typescript";
import { parse } from "yaml";
import { REPO_ROOT } from "../helpers";

// Internal to the SDK (not in its typings): the function cmd/run reads `noCheck` with.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- no typings to import it through
const tsutils = require("@pulumi/pulumi/tsutils") as { loadTypeScriptCompilerOptions(path: string): Record<string, unknown> };

describe("program start under the Pulumi CLI", () => {
    const project = parse(readFileSync(join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { main: string; runtime: { name: string; options: Record<string, unknown> } };

    it("points the CLI at tsconfig.pulumi.json, whose own compilerOptions say noCheck", () => {
        expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true, tsconfig: "tsconfig.pulumi.json" } });
        expect(tsutils.loadTypeScriptCompilerOptions(join(REPO_ROOT, "tsconfig.pulumi.json"))).toEqual({ noCheck: true });
        expect(tsutils.loadTypeScriptCompilerOptions(join(REPO_ROOT, "tsconfig.json")).noCheck).toBeUndefined();
    });

    it("compiles the program's files with the checked configuration otherwise unchanged", () => {
        const parsed = (file: string) => ts.getParsedCommandLineOfConfigFile(join(REPO_ROOT, file), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
        const cli = parsed("tsconfig.pulumi.json");
        const checked = parsed("tsconfig.json");
        expect(cli.errors).toEqual([]);
        expect(cli.fileNames).toContain(join(REPO_ROOT, project.main));
        expect(cli.fileNames.every((f) => checked.fileNames.includes(f))).toBe(true);
        const { noCheck, configFilePath: _a, ...rest } = cli.options;
        const { configFilePath: _b, ...checkedRest } = checked.options;
        expect([noCheck, rest]).toEqual([true, checkedRest]);
    });
});
