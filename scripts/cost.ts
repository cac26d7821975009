/**
 * Monthly cost of what a stack creates, from the offline plan (issue 23).
 *
 *   npm run cost -- --stack <name> [--json] [--live]
 *   npm run cost -- --diff <base.json|dir> <head.json|dir>
 *
 * Exit codes: 0 ok, 2 configuration error, 3 program error, 64 usage.
 */
import { EXIT } from "./lib/plan";
import { runCostCli } from "./lib/cost-cli";

runCostCli(process.argv.slice(2)).then(
    (run) => {
        process.stdout.write(run.stdout);
        process.stderr.write(run.stderr);
        process.exitCode = run.code;
    },
    (err: unknown) => {
        process.stderr.write(`cost: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = EXIT.program;
    },
);
