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
import { runMain } from "./lib/cli-main";

runMain("cost", runCostCli, EXIT.program);
