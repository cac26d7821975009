/**
 * The shell around every `npm run <command>`: the command is a function from arguments to exit code
 * and printed text (so tests call it in process); this prints the text and sets the exit code, and
 * turns an unexpected failure into `<name>: <stack>` with the program-error code.
 */
export interface CliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export function runMain(name: string, command: (argv: readonly string[]) => Promise<CliRun>, programErrorCode: number): void {
    command(process.argv.slice(2)).then(
        (run) => {
            process.stdout.write(run.stdout);
            process.stderr.write(run.stderr);
            process.exitCode = run.code;
        },
        (err: unknown) => {
            process.stderr.write(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
            process.exitCode = programErrorCode;
        },
    );
}
