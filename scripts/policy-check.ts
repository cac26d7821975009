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
import { readFileSync } from "node:fs";
import { isAnalysed, mandatoryViolations, PolicyConfigError, PolicyInputError, resourcesFromPolicyInput, runPolicies, type Violation } from "./lib/policy-runner";
import { PACK_ENFORCEMENT, PACK_NAME, policies } from "../policy/policies";

const EXIT = { ok: 0, policy: 1, input: 2, usage: 64 } as const;
const USAGE = "usage: npm run policy:check -- <plan-or-preview.json> [--policy-config <config.json>] [--json]";

interface Args {
    file: string;
    policyConfig?: string;
    json: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
    let file: string | undefined;
    let policyConfig: string | undefined;
    let json = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i]!;
        if (arg === "--json") {
            json = true;
        } else if (arg === "--policy-config") {
            policyConfig = argv[++i];
            if (!policyConfig) {
                return "--policy-config needs a file";
            }
        } else if (arg.startsWith("--")) {
            return `unknown option ${arg}`;
        } else if (file === undefined) {
            file = arg;
        } else {
            return `unexpected argument ${arg}`;
        }
    }
    return file === undefined ? "give the JSON file to check" : { file, policyConfig, json };
}

function readJson(path: string, what: string): unknown {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new PolicyInputError(`cannot read ${what} ${path}: ${(err as Error).message}`);
    }
    try {
        return JSON.parse(text);
    } catch (err) {
        throw new PolicyInputError(`${what} ${path} is not JSON: ${(err as Error).message}`);
    }
}

function format(file: string, analysed: number, violations: readonly Violation[]): string {
    const lines = [`Policy pack ${PACK_NAME}: ${policies.length} policies over ${analysed} resources of ${file}`];
    for (const v of violations) {
        lines.push(`  [${v.enforcementLevel}] ${v.policy}${v.urn ? `  ${v.urn}` : ""}`, `      ${v.message}`);
    }
    const mandatory = mandatoryViolations(violations).length;
    lines.push(`${mandatory} mandatory, ${violations.length - mandatory} advisory violation(s)${mandatory > 0 ? ": the deployment would be blocked" : ""}`);
    return lines.join("\n");
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    if (typeof args === "string") {
        process.stderr.write(`policy:check: ${args}\n${USAGE}\n`);
        return EXIT.usage;
    }
    try {
        const resources = resourcesFromPolicyInput(readJson(args.file, "input"));
        const config = args.policyConfig ? (readJson(args.policyConfig, "policy config") as Record<string, Record<string, unknown>>) : undefined;
        if (config !== undefined && (typeof config !== "object" || config === null || Array.isArray(config))) {
            throw new PolicyInputError(`policy config ${args.policyConfig} must be an object keyed by policy name`);
        }
        const violations = await runPolicies(resources, policies, { enforcementLevel: PACK_ENFORCEMENT, config });
        const mandatory = mandatoryViolations(violations);
        process.stdout.write(
            `${args.json ? JSON.stringify({ pack: PACK_NAME, resources: resources.length, mandatory: mandatory.length, violations }, null, 2) : format(args.file, resources.filter(isAnalysed).length, violations)}\n`,
        );
        return mandatory.length > 0 ? EXIT.policy : EXIT.ok;
    } catch (err) {
        if (err instanceof PolicyInputError || err instanceof PolicyConfigError) {
            process.stderr.write(`policy:check: ${err.message}\n`);
            return EXIT.input;
        }
        throw err;
    }
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (err: unknown) => {
        process.stderr.write(`policy:check: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 3;
    },
);
