/**
 * Offline plan: evaluates the real program for a stack configuration under Pulumi's mock runtime
 * (no cloud, no cluster, no Pulumi CLI) and prints what would be created.
 *
 *   npm run plan -- --stack <name> [--json]
 *   npm run plan -- --config <file.yaml> [--json]
 *
 * Exit codes: 0 ok, 1 mandatory policy violation, 2 configuration error, 3 program error, 64 usage.
 */
import { EXIT } from "./lib/plan";
import { runPlanCli } from "./lib/plan-cli";

runPlanCli(process.argv.slice(2)).then(
    (run) => {
        process.stdout.write(run.stdout);
        process.stderr.write(run.stderr);
        process.exitCode = run.code;
    },
    (err: unknown) => {
        process.stderr.write(`plan: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = EXIT.program;
    },
);
