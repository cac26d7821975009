// `npm test`: the type check and vitest side by side, since each uses one core at a time and the
// machines have two; both must pass. The type check's output is printed after vitest's, on failure.
import { spawn } from "node:child_process";
import { join } from "node:path";

// The packages' own entry scripts, as npm's .bin links run them (vitest exports no subpaths).
const bin = (pkg, name) => join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "node_modules", pkg, name);

function run(args, capture) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, args, { stdio: ["ignore", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"] });
        let output = "";
        child.stdout?.on("data", (d) => (output += d));
        child.stderr?.on("data", (d) => (output += d));
        child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    });
}

const [typecheck, vitest] = await Promise.all([
    run([bin("typescript", "bin/tsc"), "--noEmit", "-p", "tsconfig.json"], true),
    run([bin("vitest", "vitest.mjs"), "run", ...process.argv.slice(2)], false),
]);
if (typecheck.code !== 0) {
    process.stdout.write(`\nType check (tsc --noEmit) failed:\n${typecheck.output}`);
} else {
    process.stdout.write("Type check (tsc --noEmit): no errors\n");
}
process.exitCode = typecheck.code !== 0 ? typecheck.code : vitest.code;
