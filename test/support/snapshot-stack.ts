/**
 * Runs the real `plan --stack <stack> --json` command once per stack, one stack after the other in
 * this process, and saves what it printed and the evaluation behind it, for every test file to
 * share (see global-setup.ts).
 *
 *   node scripts/bundle-run.cjs test/support/snapshot-stack.ts <dir> <stack> [<stack> ...]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runPlanCli } from "../../scripts/lib/plan-cli";

async function snapshot(stack: string, dir: string): Promise<void> {
    const run = await runPlanCli(["--stack", stack, "--json"]);
    writeFileSync(join(dir, `${stack}.cli.json`), JSON.stringify({ status: run.code, stdout: run.stdout, stderr: run.stderr }));
    const result = run.result;
    let evaluation: unknown;
    if (result?.status === "ok") {
        const e = result.evaluation;
        evaluation = { ...e, config: { ...e.config, secretsSet: [...e.config.secretsSet] }, secretValues: [...e.secretValues] };
    } else if (result?.status === "config-error") {
        evaluation = { status: "config-error", issues: result.issues, resources: [] };
    } else {
        evaluation = { status: "program-error", error: result?.error ?? run.stderr, resources: [], secretValues: [] };
    }
    writeFileSync(join(dir, `${stack}.evaluation.json`), JSON.stringify(evaluation));
}

async function main(): Promise<void> {
    const [dir, ...stacks] = process.argv.slice(2);
    for (const stack of stacks) {
        await snapshot(stack, dir);
    }
}

main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
});
