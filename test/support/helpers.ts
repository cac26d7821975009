/**
 * Test harness: evaluate the program for a stack (the same code as the offline plan) and query the
 * recorded resources. Committed stacks come from the global setup's single run of the plan command;
 * a custom configuration is evaluated in-process with `evaluate` (it resets Pulumi's process-wide
 * mock runtime), or through `runCli` in a child process.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { parse, stringify } from "yaml";
import { evaluate, type Evaluation, type PlannedResource } from "../../scripts/lib/evaluate";
import type { PlanDocument } from "../../scripts/lib/plan";
import { runPlanCli } from "../../scripts/lib/plan-cli";
import { readStackFile, REPO_ROOT, stackFilePath } from "../../scripts/lib/stack-file";

export { REPO_ROOT };

/** The directory where the global setup saved each committed stack's plan, if it ran. */
function stackCache(): string | undefined {
    try {
        return inject("stackCache");
    } catch {
        return undefined; // outside a vitest run
    }
}

function cached(stack: string, kind: "evaluation" | "cli"): unknown {
    const dir = stackCache();
    const path = dir && join(dir, `${stack}.${kind}.json`);
    return path && existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

/**
 * A committed stack's evaluation: the one the global setup made through the real plan command,
 * or, outside a vitest run, a fresh one in this process.
 */
export async function evaluateStack(stack: string): Promise<Evaluation> {
    const saved = cached(stack, "evaluation") as (Evaluation & { secretValues?: string[]; config?: { secretsSet: string[] } }) | undefined;
    if (saved) {
        return saved.status === "ok" ? ({ ...saved, secretValues: new Set(saved.secretValues), config: { ...saved.config, secretsSet: new Set(saved.config.secretsSet) } } as unknown as Evaluation) : (saved as Evaluation);
    }
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

/**
 * The plan command on a stack file, in this process (the same `runPlanCli` the script runs, without
 * a child process's start-up): for variants of the committed stacks.
 */
export async function planVariant(path: string): Promise<CliResult> {
    const run = await runPlanCli(["--config", path, "--json"]);
    return { status: run.code, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Plans `config` (a stack file's config map) as stack `stack` in process and returns the plan
 * document; fails with the command's stderr when the plan does not exit 0.
 */
export async function planConfig(stack: string, config: Record<string, unknown>): Promise<PlanDocument> {
    const result = await planVariant(writeStackFile(mkdtempSync(join(tmpdir(), `devana-${stack}-`)), stack, config));
    if (result.status !== 0) {
        throw new Error(`plan of ${stack} exited ${result.status}: ${result.stderr}`);
    }
    return JSON.parse(result.stdout) as PlanDocument;
}

/**
 * Runs `scripts/<script>.ts` in a child process, bundled as `npm run plan` runs it. `plan --stack <s> --json` of
 * a committed stack is answered from the global setup's run of that very command.
 */
export function runCli(script: "plan" | "policy-check" | "drift-report", args: readonly string[]): CliResult {
    if (script === "plan" && args.length === 3 && args[0] === "--stack" && args[2] === "--json") {
        const saved = cached(args[1], "cli") as CliResult | undefined;
        if (saved) {
            return saved;
        }
    }
    const result = spawnSync(process.execPath, [join("scripts", "bundle-run.cjs"), join("scripts", `${script}.ts`), ...args], {
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
        throw new Error(
            `no ${type} named ${name}; have: ${
                ofType(resources, type)
                    .map((r) => r.name)
                    .join(", ") || "none"
            }`,
        );
    }
    return found;
}
