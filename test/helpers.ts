/**
 * Test harness: evaluate the program for a stack (the same code as the offline plan) and query the
 * recorded resources. Pulumi's mock runtime is process-wide, so evaluate one configuration per
 * test file in-process, or use `runCli` (a child process per call) for several.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { evaluate, type Evaluation, type PlannedResource } from "../scripts/lib/evaluate";
import { readStackFile, REPO_ROOT, stackFilePath } from "../scripts/lib/stack-file";

export { REPO_ROOT };

/** Evaluates a committed stack in this process. */
export async function evaluateStack(stack: string): Promise<Evaluation> {
    const file = readStackFile(stackFilePath(stack));
    return evaluate({ stack: file.stack, config: file.config, secretKeys: file.secretKeys });
}

/** Evaluates a stack that must succeed, and returns its resources. */
export async function evaluateOk(stack: string): Promise<Extract<Evaluation, { status: "ok" }>> {
    const result = await evaluateStack(stack);
    if (result.status !== "ok") {
        throw new Error(`stack ${stack} did not evaluate: ${JSON.stringify(result.status === "config-error" ? result.issues : result.error)}`);
    }
    return result;
}

/** `Pulumi.<stack>.yaml`'s config map as a plain object, for tests that derive variants of it. */
export function stackConfig(stack: string): Record<string, unknown> {
    return (parse(readFileSync(stackFilePath(stack), "utf8")) as { config: Record<string, unknown> }).config;
}

/** Writes a stack file for `config` under a temporary directory and returns its path. */
export function writeStackFile(dir: string, stack: string, config: Record<string, unknown>): string {
    const path = join(dir, `Pulumi.${stack}.yaml`);
    writeFileSync(path, stringify({ config }));
    return path;
}

export interface CliResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `scripts/<script>.ts` in a child process, as `npm run` would. */
export function runCli(script: "plan" | "policy-check" | "drift-report", args: readonly string[]): CliResult {
    const result = spawnSync(process.execPath, ["--import", "tsx", join("scripts", `${script}.ts`), ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function ofType(resources: readonly PlannedResource[], type: string): PlannedResource[] {
    return resources.filter((r) => r.type === type);
}

export function byName(resources: readonly PlannedResource[], type: string, name: string): PlannedResource {
    const found = resources.find((r) => r.type === type && r.name === name);
    if (!found) {
        throw new Error(`no ${type} named ${name}; have: ${ofType(resources, type).map((r) => r.name).join(", ") || "none"}`);
    }
    return found;
}
