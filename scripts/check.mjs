// The type check (what `tsc --noEmit -p tsconfig.json` reports) and ESLint in one process over ONE
// TypeScript program: type-aware lint rules need the same program tsc builds, and building it twice
// cost ~10 s of a 2-core machine's `npm test`. Prints the diagnostics; exit 1 on any.
//
//   node scripts/check.mjs
import { ESLint } from "eslint";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ts = createRequire(import.meta.url)("typescript");

const configFile = join(root, "tsconfig.json");
const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, ts.sys.readFile).config, ts.sys, root, { noEmit: true }, configFile);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
const diagnostics = ts.getPreEmitDiagnostics(program);
const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
let failed = false;
if (diagnostics.length > 0) {
    failed = true;
    process.stdout.write(`Type check (tsc --noEmit) failed:\n${ts.formatDiagnosticsWithColorAndContext(diagnostics, host)}\n`);
} else {
    process.stdout.write("Type check (tsc --noEmit): no errors\n");
}

// The TypeScript files ESLint checks are the program's own (eslint.config.mjs lints **/*.ts).
const eslint = new ESLint({ cwd: root, overrideConfig: { files: ["**/*.ts"], languageOptions: { parserOptions: { project: null, programs: [program] } } } });
const results = await eslint.lintFiles(["."]);
const problems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
if (problems > 0) {
    failed = true;
    process.stdout.write(`ESLint: ${problems} problem(s)\n${(await eslint.loadFormatter("stylish")).format(results)}\n`);
} else {
    process.stdout.write(`ESLint: no problems in ${results.length} files\n`);
}
process.exitCode = failed ? 1 : 0;
