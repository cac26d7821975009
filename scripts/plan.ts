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
import { runMain } from "./lib/cli-main";

runMain("plan", runPlanCli, EXIT.program);
