/**
 * Plans every committed stack once per test run, two at a time, through the real plan command;
 * test files read the results instead of re-evaluating the same stack in each file.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { committedStacks, REPO_ROOT } from "../../scripts/lib/stack-file";

declare module "vitest" {
    export interface ProvidedContext {
        stackCache: string;
    }
}

function snapshot(stack: string, dir: string): Promise<void> {
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["--import", "tsx", join("test", "support", "snapshot-stack.ts"), stack, dir], { cwd: REPO_ROOT, timeout: 120_000 }, (err, _stdout, stderr) =>
            err ? reject(new Error(`planning ${stack} for the tests failed: ${stderr || err.message}`)) : resolve(),
        );
    });
}

export default async function setup(project: TestProject): Promise<() => void> {
    const dir = mkdtempSync(join(tmpdir(), "devana-stacks-"));
    const queue = [...committedStacks()];
    const worker = async (): Promise<void> => {
        for (let stack = queue.shift(); stack !== undefined; stack = queue.shift()) {
            await snapshot(stack, dir);
        }
    };
    await Promise.all([worker(), worker()]);
    project.provide("stackCache", dir);
    return () => rmSync(dir, { recursive: true, force: true });
}
