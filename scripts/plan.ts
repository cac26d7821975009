/**
 * Offline plan: evaluates the real program for a stack configuration under Pulumi's mock runtime
 * (no cloud, no cluster, no Pulumi CLI) and prints what would be created.
 *
 *   npm run plan -- --stack <name> [--json]
 *   npm run plan -- --config <file.yaml> [--json]
 *
 * Exit codes: 0 ok, 1 mandatory policy violation, 2 configuration error, 3 program error, 64 usage.
 */
import { existsSync } from "node:fs";
import { buildPlan, EXIT } from "./lib/plan";
import { formatConfigIssues, formatPlan } from "./lib/report";
import { committedStacks, readStackFile, stackFilePath } from "./lib/stack-file";
import { policies } from "../policy/policies";

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

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    if (typeof args === "string") {
        process.stderr.write(`plan: ${args}\nusage: npm run plan -- --stack <name> | --config <file> [--json]\ncommitted stacks: ${committedStacks().join(", ")}\n`);
        return EXIT.usage;
    }
    const path = args.config ?? stackFilePath(args.stack!);
    if (!existsSync(path)) {
        process.stderr.write(`plan: no stack file ${path} (committed stacks: ${committedStacks().join(", ")})\n`);
        return EXIT.usage;
    }
    const result = await buildPlan(readStackFile(path));
    const print = (text: string): void => void process.stdout.write(`${text}\n`);
    switch (result.status) {
        case "config-error":
            process.stderr.write(`${formatConfigIssues(result.stack, result.issues)}\n`);
            if (args.json) {
                print(JSON.stringify({ stack: result.stack, errors: result.issues }, null, 2));
            }
            break;
        case "program-error":
            process.stderr.write(`Stack ${result.stack}: the program failed: ${result.error}\n`);
            if (args.json) {
                print(JSON.stringify({ stack: result.stack, error: result.error }, null, 2));
            }
            break;
        case "ok":
            print(args.json ? JSON.stringify(result.document, null, 2) : formatPlan(result.document, result.config, policies.length));
            break;
    }
    return result.exitCode;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (err: unknown) => {
        process.stderr.write(`plan: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = EXIT.program;
    },
);
