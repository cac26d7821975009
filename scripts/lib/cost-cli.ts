/**
 * The `npm run cost` command as a function (issue 23): plan a stack offline, price what it creates,
 * print the estimate (or its JSON); `--diff` compares two sets of saved estimates per stack.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildPlan, EXIT } from "./plan";
import { costContext, diffCosts, estimateCost, formatCost, type CostEstimate } from "./cost";
import { fetchLivePrices, PRICE_BOOK, withLivePrices, type PriceBook } from "./cost-prices";
import { formatConfigIssues } from "./report";
import { committedStacks, readStackFile, stackFilePath } from "./stack-file";
import { isoDate } from "../../config/facts";

export interface CostCliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    readonly estimate?: CostEstimate;
}

const USAGE = "usage: npm run cost -- --stack <name> | --config <file> [--json] [--live] [--today YYYY-MM-DD]\n       npm run cost -- --diff <base.json|dir> <head.json|dir>\n";

/** Estimates saved by `--json`: a file with one estimate or a list, or a folder of such files. */
export function readEstimates(path: string): CostEstimate[] {
    const files = statSync(path).isDirectory()
        ? readdirSync(path)
              .filter((f) => f.endsWith(".json"))
              .sort()
              .map((f) => join(path, f))
        : [path];
    return files.flatMap((f) => {
        const data = JSON.parse(readFileSync(f, "utf8")) as CostEstimate | CostEstimate[];
        return Array.isArray(data) ? data : [data];
    });
}

export async function runCostCli(argv: readonly string[], fetcher?: typeof fetch): Promise<CostCliRun> {
    let stack: string | undefined;
    let config: string | undefined;
    let json = false;
    let live = false;
    let today = isoDate(new Date());
    let diff: string[] | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--json") json = true;
        else if (arg === "--live") live = true;
        else if (arg === "--diff") diff = [argv[++i], argv[++i]];
        else if (arg === "--stack" || arg === "--config" || arg === "--today") {
            const value = argv[++i];
            if (!value) return { code: EXIT.usage, stdout: "", stderr: `cost: ${arg} needs a value\n${USAGE}` };
            if (arg === "--stack") stack = value;
            else if (arg === "--config") config = value;
            else today = value;
        } else return { code: EXIT.usage, stdout: "", stderr: `cost: unknown argument ${arg}\n${USAGE}` };
    }
    if (diff) {
        if (!diff[0] || !diff[1] || !existsSync(diff[0]) || !existsSync(diff[1])) {
            return { code: EXIT.usage, stdout: "", stderr: `cost: --diff needs two existing files or folders\n${USAGE}` };
        }
        return { code: EXIT.ok, stdout: `${diffCosts(readEstimates(diff[0]), readEstimates(diff[1]))}\n`, stderr: "" };
    }
    if (!stack === !config) {
        return { code: EXIT.usage, stdout: "", stderr: `cost: give exactly one of --stack <name> or --config <file>\ncommitted stacks: ${committedStacks().join(", ")}\n${USAGE}` };
    }
    const path = config ?? stackFilePath(stack!);
    if (!existsSync(path)) {
        return { code: EXIT.usage, stdout: "", stderr: `cost: no stack file ${path}\n` };
    }
    const result = await buildPlan(readStackFile(path));
    if (result.status === "config-error") {
        return { code: result.exitCode, stdout: "", stderr: `${formatConfigIssues(result.stack, result.issues)}\n` };
    }
    if (result.status === "program-error") {
        return { code: result.exitCode, stdout: "", stderr: `Stack ${result.stack}: the program failed: ${result.error}\n` };
    }
    const ctx = costContext(result.config, today);
    let prices: PriceBook = PRICE_BOOK;
    let stderr = "";
    if (live) {
        const first = estimateCost(result.document, ctx, prices);
        const keys = [...new Set([...first.lines.map((l) => l.priceKey), ...first.idleGpus.map((g) => g.priceKey)])];
        const refreshed = await fetchLivePrices(keys, today, fetcher);
        prices = withLivePrices(prices, refreshed);
        const failed = Object.entries(refreshed.failed);
        stderr = `cost --live: ${Object.keys(refreshed.refreshed).length} price(s) refreshed, ${failed.length} not${failed.length > 0 ? ":\n" + failed.map(([k, why]) => `  - ${k}: ${why}`).join("\n") : ""}\n`;
    }
    const estimate = estimateCost(result.document, ctx, prices);
    return { code: EXIT.ok, stdout: `${json ? JSON.stringify(estimate, null, 2) : formatCost(estimate, prices)}\n`, stderr, estimate };
}
