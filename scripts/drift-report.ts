/**
 * Turns `pulumi refresh --preview-only --expect-no-changes --json` output into a drift report.
 *
 *   npm run --silent drift-report -- <refresh.json> --stack <name> [--exit-code N] [--markdown <file>]
 *
 * Prints the Markdown report (and writes it to --markdown, e.g. $GITHUB_STEP_SUMMARY).
 * Exit codes: 0 no drift, 1 drift, 2 the check failed (errors or unreadable output), 64 usage.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { analyseRefresh, DRIFT_EXIT, formatDriftMarkdown } from "./lib/drift";

function main(): number {
    const args = process.argv.slice(2);
    const option = (name: string): string | undefined => {
        const i = args.indexOf(name);
        return i >= 0 ? args[i + 1] : undefined;
    };
    const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
    const stack = option("--stack");
    const exitCode = Number(option("--exit-code") ?? "0");
    if (!file || !stack || !Number.isInteger(exitCode)) {
        process.stderr.write("usage: drift-report <refresh.json> --stack <name> [--exit-code N] [--markdown <file>]\n");
        return 64;
    }
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (err) {
        process.stderr.write(`drift-report: cannot read ${file}: ${(err as Error).message}\n`);
        return DRIFT_EXIT.error;
    }
    const report = analyseRefresh(text, exitCode);
    const markdown = formatDriftMarkdown(stack, report);
    process.stdout.write(`${markdown}\n`);
    const target = option("--markdown");
    if (target) {
        appendFileSync(target, `${markdown}\n`);
    }
    return DRIFT_EXIT[report.status];
}

process.exitCode = main();
