/**
 * Reads what `pulumi refresh --preview-only --expect-no-changes --json` printed and tells drift
 * from failure: both make the CLI exit non-zero, only the output says which it was.
 *
 * Accepts the two JSON shapes the CLI emits:
 * - one preview document (what `refresh --preview-only --json` prints today): `{ steps: [{ op, urn,
 *   diffReasons, detailedDiff, ... }], diagnostics, changeSummary }`, where an unchanged resource is
 *   a `refresh` step, a drifted one an `update` step with `detailedDiff`, a vanished one `delete`;
 * - engine events, one JSON object per line (`up --json`, `--event-log` files, and the streaming
 *   form the CLI may adopt for previews): `resourcePreEvent` / `resOutputsEvent` with step metadata
 *   (`diffs`, `detailedDiff`), `diagnosticEvent`, `summaryEvent`, `cancelEvent`.
 */

export type DriftStatus = "no-drift" | "drift" | "error";

export interface ChangedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** What refresh would do to the state: `update` (properties changed) or `delete` (gone). */
    readonly op: "update" | "delete" | "replace" | "create";
    /** Properties that differ, as `a.b[0].c` paths; empty when the whole resource is gone. */
    readonly properties: readonly string[];
}

export interface DriftReport {
    readonly status: DriftStatus;
    readonly changes: readonly ChangedResource[];
    readonly errors: readonly string[];
    /** Resource counts by operation, as the engine summarised them (when it did). */
    readonly summary?: Readonly<Record<string, number>>;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `urn:pulumi:stack::project::parent$type::name` -> type and name. */
export function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const types = (parts[2] ?? "").split("$");
    return { type: types[types.length - 1] ?? "", name: parts.slice(3).join("::") };
}

const DRIFT_OPS = new Set(["update", "delete", "replace", "create", "create-replacement", "delete-replaced"]);

function normaliseOp(op: string): ChangedResource["op"] {
    if (op.startsWith("delete")) {
        return "delete";
    }
    if (op.startsWith("create")) {
        return "create";
    }
    return op === "replace" ? "replace" : "update";
}

/** One step (engine event metadata or preview step) -> a change, or undefined when it is no drift. */
function stepChange(step: Json): ChangedResource | undefined {
    const urn = typeof step.urn === "string" ? step.urn : "";
    let op = typeof step.op === "string" ? step.op : "";
    const detailed = isObject(step.detailedDiff) ? Object.keys(step.detailedDiff) : [];
    const diffs = Array.isArray(step.diffs) ? step.diffs : Array.isArray(step.diffReasons) ? step.diffReasons : [];
    const properties = [...new Set([...detailed, ...diffs.map(String)])].sort();
    if (op === "refresh") {
        // A refresh step drifted when the resource vanished or a property changed.
        const gone = "new" in step ? step.new === null : "newState" in step && step.newState === null;
        op = gone ? "delete" : properties.length > 0 ? "update" : "same";
    }
    if (!urn || !DRIFT_OPS.has(op)) {
        return undefined;
    }
    const normalised = normaliseOp(op);
    return { urn, ...parseUrn(urn), op: normalised, properties: normalised === "delete" ? [] : properties };
}

// Diagnostics carry ANSI colours even with --color never.
const ANSI = /\u001b\[[0-9;]*m/g;

function diagnosticError(diagnostic: Json): string | undefined {
    // Program errors arrive as "info#err" in preview documents, "error" in engine events.
    if (diagnostic.severity !== "error" && diagnostic.severity !== "info#err") {
        return undefined;
    }
    const message = String(diagnostic.message ?? "")
        .replace(ANSI, "")
        .trim();
    const urn = typeof diagnostic.urn === "string" && diagnostic.urn ? `${parseUrn(diagnostic.urn).name}: ` : "";
    return `${urn}${message}`;
}

/** The --expect-no-changes failure is the drift itself, not an error of the run. */
const EXPECTED_NO_CHANGES = /no changes were expected but changes (occurred|were proposed)/i;

function parseDocuments(text: string): Json[] {
    const trimmed = text.trim();
    if (trimmed === "") {
        return [];
    }
    try {
        const whole: unknown = JSON.parse(trimmed);
        return Array.isArray(whole) ? whole.filter(isObject) : isObject(whole) ? [whole] : [];
    } catch {
        // Newline-delimited events; a line that is not JSON (CLI noise) is an error to report.
        return trimmed.split(/\r?\n/).map((line, i) => {
            try {
                const parsed: unknown = JSON.parse(line);
                return isObject(parsed) ? parsed : { __unparsable: `line ${i + 1}: not a JSON object` };
            } catch {
                return { __unparsable: `line ${i + 1}: ${line.slice(0, 120)}` };
            }
        });
    }
}

/**
 * Builds the report from the CLI's JSON output (either shape). `exitCode` is the CLI's: a failure
 * whose JSON names no drift and no error is still an error (auth and config errors print `{}`).
 */
export function analyseRefresh(text: string, exitCode = 0): DriftReport {
    const documents = parseDocuments(text);
    const changes = new Map<string, ChangedResource>();
    const errors: string[] = [];
    let summary: Record<string, number> | undefined;
    const addChange = (step: unknown): void => {
        const change = isObject(step) ? stepChange(step) : undefined;
        if (change) {
            const before = changes.get(change.urn);
            const properties = [...new Set([...(before?.properties ?? []), ...change.properties])].sort();
            changes.set(change.urn, { ...change, properties: change.op === "delete" ? [] : properties });
        }
    };
    const addError = (message: string | undefined): void => {
        if (message && !EXPECTED_NO_CHANGES.test(message)) {
            errors.push(message);
        }
    };

    if (documents.length === 0) {
        return { status: "error", changes: [], errors: ["the refresh printed no JSON (did the CLI fail before running?)"] };
    }
    for (const doc of documents) {
        if (typeof doc.__unparsable === "string") {
            errors.push(`unreadable output, ${doc.__unparsable}`);
            continue;
        }
        if (Array.isArray(doc.steps)) {
            doc.steps.forEach(addChange);
            (Array.isArray(doc.diagnostics) ? doc.diagnostics : []).filter(isObject).forEach((d) => addError(diagnosticError(d)));
            if (isObject(doc.changeSummary)) {
                summary = doc.changeSummary as Record<string, number>;
            }
            continue;
        }
        for (const key of ["resourcePreEvent", "resOutputsEvent"]) {
            if (isObject(doc[key]) && isObject((doc[key] as Json).metadata)) {
                addChange((doc[key] as Json).metadata);
            }
        }
        if (isObject(doc.resOpFailedEvent) && isObject(doc.resOpFailedEvent.metadata)) {
            errors.push(`${parseUrn(String(doc.resOpFailedEvent.metadata.urn ?? "")).name}: the provider failed to read the resource`);
        }
        if (isObject(doc.diagnosticEvent)) {
            addError(diagnosticError(doc.diagnosticEvent));
        }
        if (isObject(doc.summaryEvent) && isObject(doc.summaryEvent.resourceChanges)) {
            summary = doc.summaryEvent.resourceChanges as Record<string, number>;
        }
        if ("cancelEvent" in doc) {
            errors.push("the refresh was cancelled");
        }
    }
    const list = [...changes.values()].sort((a, b) => a.urn.localeCompare(b.urn));
    if (exitCode !== 0 && list.length === 0 && errors.length === 0) {
        errors.push(`pulumi exited ${exitCode} but its JSON names no drift and no error: see the job log`);
    }
    const status: DriftStatus = errors.length > 0 ? "error" : list.length > 0 ? "drift" : "no-drift";
    return { status, changes: list, errors, summary };
}

/** Exit codes of the drift-report command: the workflow branches on them. */
export const DRIFT_EXIT: Record<DriftStatus, number> = { "no-drift": 0, drift: 1, error: 2 };

/** The report as Markdown, for the job summary and the drift issue. */
export function formatDriftMarkdown(stack: string, report: DriftReport): string {
    const title = {
        "no-drift": `No drift in stack \`${stack}\``,
        drift: `Drift in stack \`${stack}\`: ${report.changes.length} resource(s) differ from the Pulumi state`,
        error: `Drift check of stack \`${stack}\` failed: the result is incomplete`,
    }[report.status];
    const lines = [`## ${title}`, ""];
    if (report.changes.length > 0) {
        lines.push("| change | type | resource | properties |", "|---|---|---|---|");
        for (const c of report.changes) {
            const props = c.op === "delete" ? "(deleted outside Pulumi)" : c.properties.map((p) => `\`${p}\``).join(", ") || "(unspecified)";
            lines.push(`| ${c.op} | \`${c.type}\` | \`${c.name}\` | ${props} |`);
        }
        lines.push("");
    }
    if (report.errors.length > 0) {
        lines.push("Errors:", "", ...report.errors.map((e) => `- ${e}`), "");
    }
    if (report.summary) {
        lines.push(
            `Engine summary: ${Object.entries(report.summary)
                .map(([op, n]) => `${op} ${n}`)
                .join(", ")}`,
            "",
        );
    }
    if (report.status === "drift") {
        lines.push(
            "What to do: find who changed these resources (CloudTrail, Azure Activity Log, Kubernetes audit log).",
            "Either revert the change by running `pulumi up` (the code wins), or, if the change is wanted,",
            "make it in the code and the stack configuration, then `pulumi up`. Do not `pulumi refresh` to",
            "accept it silently: the next `pulumi up` would undo it anyway.",
        );
    }
    return lines.join("\n");
}
