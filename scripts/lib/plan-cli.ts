/**
 * The `npm run plan` command as a function: arguments in, exit code and printed text out, so the
 * test suite can run the real command once per stack and share the result.
 */
import { existsSync } from "node:fs";
import { buildPlan, EXIT, type PlanResult } from "./plan";
import { formatConfigIssues, formatPlan } from "./report";
import { committedStacks, readStackFile, stackFilePath } from "./stack-file";
import { policies } from "../../policy/policies";

export interface PlanCliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    /** Undefined when the arguments or the stack file were unusable. */
    readonly result?: PlanResult;
}

interface Args {
    stack?: string;
    config?: string;
    json: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
    const args: Args = { json: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--json") {
            args.json = true;
        } else if (arg === "--stack" || arg === "--config") {
            const value = argv[++i];
            if (!value) {
                return `${arg} needs a value`;
            }
            args[arg === "--stack" ? "stack" : "config"] = value;
        } else {
            return `unknown argument ${arg}`;
        }
    }
    if (!args.stack === !args.config) {
        return "give exactly one of --stack <name> or --config <file>";
    }
    return args;
}

export async function runPlanCli(argv: readonly string[]): Promise<PlanCliRun> {
    const args = parseArgs(argv);
    if (typeof args === "string") {
        const usage = `plan: ${args}\nusage: npm run plan -- --stack <name> | --config <file> [--json]\ncommitted stacks: ${committedStacks().join(", ")}\n`;
        return { code: EXIT.usage, stdout: "", stderr: usage };
    }
    const path = args.config ?? stackFilePath(args.stack!);
    if (!existsSync(path)) {
        return { code: EXIT.usage, stdout: "", stderr: `plan: no stack file ${path} (committed stacks: ${committedStacks().join(", ")})\n` };
    }
    const result = await buildPlan(readStackFile(path));
    switch (result.status) {
        case "config-error":
            return {
                code: result.exitCode,
                stdout: args.json ? `${JSON.stringify({ stack: result.stack, errors: result.issues }, null, 2)}\n` : "",
                stderr: `${formatConfigIssues(result.stack, result.issues)}\n`,
                result,
            };
        case "program-error":
            return {
                code: result.exitCode,
                stdout: args.json ? `${JSON.stringify({ stack: result.stack, error: result.error }, null, 2)}\n` : "",
                stderr: `Stack ${result.stack}: the program failed: ${result.error}\n`,
                result,
            };
        case "ok":
            return {
                code: result.exitCode,
                stdout: `${args.json ? JSON.stringify(result.document, null, 2) : formatPlan(result.document, result.config, policies.length)}\n`,
                stderr: "",
                result,
            };
    }
}
