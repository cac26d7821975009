/**
 * Plans every committed stack once per test run through the real plan command, in two processes
 * that each plan half of the stacks one after the other (the SDKs load once per process; `evaluate`
 * resets Pulumi's mock runtime between stacks); test files read the results instead of
 * re-evaluating the same stack in each file.
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

function snapshot(stacks: readonly string[], dir: string): Promise<void> {
    return new Promise((resolve, reject) => {
        execFile(process.execPath, [join("scripts", "bundle-run.cjs"), join("test", "support", "snapshot-stack.ts"), dir, ...stacks], { cwd: REPO_ROOT, timeout: 180_000 }, (err, _stdout, stderr) =>
            err ? reject(new Error(`planning ${stacks.join(", ")} for the tests failed: ${stderr || err.message}`)) : resolve(),
        );
    });
}

export default async function setup(project: TestProject): Promise<() => void> {
    const dir = mkdtempSync(join(tmpdir(), "devana-stacks-"));
    // Alternate the stacks between the two processes so each gets a share of the large ones.
    const stacks = committedStacks();
    await Promise.all(
        [0, 1].map((half) =>
            snapshot(
                stacks.filter((_, i) => i % 2 === half),
                dir,
            ),
        ),
    );
    project.provide("stackCache", dir);
    return () => rmSync(dir, { recursive: true, force: true });
}
