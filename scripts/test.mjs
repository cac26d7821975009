// `npm test`: the type check with ESLint (scripts/check.mjs, one TypeScript program for both), the
// Prettier check and vitest side by side, since the machines have two cores; all must pass. The
// checks' output is printed after vitest's.
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
// The packages' own entry scripts, as npm's .bin links run them (vitest exports no subpaths).
const bin = (pkg, name) => join(root, "node_modules", pkg, name);

function run(args, capture) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, args, { stdio: ["ignore", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"] });
        let output = "";
        child.stdout?.on("data", (d) => (output += d));
        child.stderr?.on("data", (d) => (output += d));
        child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    });
}

const [check, format, vitest] = await Promise.all([
    run([join(root, "scripts", "check.mjs")], true),
    // The cache (node_modules/.cache/prettier, keyed by file content) skips files checked unchanged before; a clean clone checks all.
    run([bin("prettier", "bin/prettier.cjs"), "--check", "--cache", "--cache-strategy", "content", "--log-level", "warn", "."], true),
    run([bin("vitest", "vitest.mjs"), "run", ...process.argv.slice(2)], false),
]);
process.stdout.write(`\n${check.output}`);
process.stdout.write(format.code === 0 ? "Prettier: all files formatted\n" : `Prettier: not formatted (npx prettier --write .):\n${format.output}`);
process.exitCode = [check, format, vitest].find((r) => r.code !== 0)?.code ?? 0;
