/**
 * Offline policy check: runs the CrossGuard pack's policies (the same list `pulumi preview
 * --policy-pack policy` loads, and the plan's policy section uses) over a resource list, without
 * the Pulumi CLI or a cloud account.
 *
 *   npm run policy:check -- <file.json> [--policy-config <config.json>] [--json]
 *
 * <file.json> is the plan's document (`npm run plan -- --stack <name> --json`) or the output of
 * `pulumi preview --json`. --policy-config takes the same JSON as `pulumi preview
 * --policy-pack-config` ({"<policy>": {"enforcementLevel"?, ...config}}).
 *
 * Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 unreadable input (missing file,
 * invalid JSON, unknown shape, policy config rejected by a schema), 64 usage.
 */
import { runPolicyCheckCli } from "./lib/policy-check-cli";
import { runMain } from "./lib/cli-main";

runMain("policy:check", runPolicyCheckCli, 3);
