/**
 * Prints the configuration reference generated from the schema, or with --write puts it into
 * docs/config-reference.md between its markers. `npm test` fails when that page is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configReference, withReference } from "./lib/config-docs";
import { REPO_ROOT } from "./lib/stack-file";

const reference = configReference();
if (process.argv.includes("--write")) {
    const path = join(REPO_ROOT, "docs", "config-reference.md");
    writeFileSync(path, withReference(readFileSync(path, "utf8"), reference));
    process.stdout.write(`updated the configuration reference in ${path}\n`);
} else {
    process.stdout.write(`${reference}\n`);
}
