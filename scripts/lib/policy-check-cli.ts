/** The `npm run policy:check` command as a function (scripts/policy-check.ts prints its result). */
import { readFileSync } from "node:fs";
import { isAnalysed, mandatoryViolations, PolicyConfigError, PolicyInputError, resourcesFromPolicyInput, runPolicies, type Violation } from "./policy-runner";
import { PACK_ENFORCEMENT, PACK_NAME, policies } from "../../policy/policies";

export const POLICY_CHECK_EXIT = { ok: 0, policy: 1, input: 2, usage: 64 } as const;
const EXIT = POLICY_CHECK_EXIT;
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

export interface PolicyCheckRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** The command as a function: arguments in, exit code and printed text out. */
export async function runPolicyCheckCli(argv: readonly string[]): Promise<PolicyCheckRun> {
    const args = parseArgs(argv);
    if (typeof args === "string") {
        return { code: EXIT.usage, stdout: "", stderr: `policy:check: ${args}\n${USAGE}\n` };
    }
    try {
        const resources = resourcesFromPolicyInput(readJson(args.file, "input"));
        const config = args.policyConfig ? (readJson(args.policyConfig, "policy config") as Record<string, Record<string, unknown>>) : undefined;
        if (config !== undefined && (typeof config !== "object" || config === null || Array.isArray(config))) {
            throw new PolicyInputError(`policy config ${args.policyConfig} must be an object keyed by policy name`);
        }
        const violations = await runPolicies(resources, policies, { enforcementLevel: PACK_ENFORCEMENT, config });
        const mandatory = mandatoryViolations(violations);
        const stdout = `${args.json ? JSON.stringify({ pack: PACK_NAME, resources: resources.length, mandatory: mandatory.length, violations }, null, 2) : format(args.file, resources.filter(isAnalysed).length, violations)}\n`;
        return { code: mandatory.length > 0 ? EXIT.policy : EXIT.ok, stdout, stderr: "" };
    } catch (err) {
        if (err instanceof PolicyInputError || err instanceof PolicyConfigError) {
            return { code: EXIT.input, stdout: "", stderr: `policy:check: ${err.message}\n` };
        }
        throw err;
    }
}
