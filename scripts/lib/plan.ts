/**
 * The offline plan: evaluate a stack, run the policy pack over it, and shape the result as the JSON
 * contract of design.md (secrets redacted) or as a report for people.
 */
import { mandatoryViolations, runPolicies, type Violation } from "./policy-runner";
import { evaluate, type Evaluation, type PlannedResource, type ResourceOptions } from "./evaluate";
import { isRecord } from "./records";
import type { StackFile } from "./stack-file";
import type { ConfigIssue, DevanaConfig } from "../../config/model";
import { PACK_ENFORCEMENT, policies } from "../../policy/policies";

export const EXIT = { ok: 0, policy: 1, config: 2, program: 3, usage: 64 } as const;
export const REDACTED = "[secret]";

/** The `--json` document (design.md contract; `custom`, `options` and `warnings` are additions). */
export interface PlanDocument {
    readonly stack: string;
    readonly target: string;
    readonly resources: readonly {
        readonly urn: string;
        readonly type: string;
        readonly name: string;
        readonly parent: string | null;
        /** False for ComponentResources (an addition to the contract, needed by policy:check). */
        readonly custom: boolean;
        readonly inputs: Record<string, unknown>;
        readonly options: ResourceOptions;
    }[];
    readonly outputs: Record<string, unknown>;
    readonly policy: { readonly violations: readonly Violation[] };
    readonly warnings: readonly string[];
}

export type PlanResult =
    | {
          readonly status: "ok";
          readonly exitCode: 0 | 1;
          readonly document: PlanDocument;
          readonly config: DevanaConfig;
          /** The unredacted evaluation the document was made from (tests reuse it). */
          readonly evaluation: Extract<Evaluation, { status: "ok" }>;
      }
    | { readonly status: "config-error"; readonly exitCode: 2; readonly stack: string; readonly issues: readonly ConfigIssue[] }
    | { readonly status: "program-error"; readonly exitCode: 3; readonly stack: string; readonly error: string };

/** Replaces every occurrence of a secret value inside strings, at any depth. */
export function redact<T>(value: T, secretValues: ReadonlySet<string>): T {
    const secrets = [...secretValues].sort((a, b) => b.length - a.length);
    const visit = (v: unknown): unknown => {
        if (typeof v === "string") {
            return secrets.reduce((text, secret) => (text.includes(secret) ? text.split(secret).join(REDACTED) : text), v);
        }
        if (Array.isArray(v)) {
            return v.map(visit);
        }
        if (isRecord(v)) {
            return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, visit(inner)]));
        }
        return v;
    };
    return visit(value) as T;
}

export async function buildPlan(stackFile: StackFile): Promise<PlanResult> {
    const evaluation = await evaluate({ stack: stackFile.stack, config: stackFile.config, secretKeys: stackFile.secretKeys });
    if (evaluation.status === "config-error") {
        return { status: "config-error", exitCode: EXIT.config, stack: stackFile.stack, issues: evaluation.issues };
    }
    if (evaluation.status === "program-error") {
        return { status: "program-error", exitCode: EXIT.program, stack: stackFile.stack, error: redact(evaluation.error, evaluation.secretValues) };
    }
    const violations = await runPolicies(evaluation.resources, policies, { enforcementLevel: PACK_ENFORCEMENT });
    const document: PlanDocument = redact(
        {
            stack: stackFile.stack,
            target: evaluation.config.target,
            resources: evaluation.resources.map((r: PlannedResource) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                parent: r.parent ?? null,
                custom: r.custom,
                inputs: r.inputs,
                options: r.options,
            })),
            outputs: evaluation.outputs,
            policy: { violations },
            warnings: evaluation.warnings,
        },
        evaluation.secretValues,
    );
    return { status: "ok", exitCode: mandatoryViolations(violations).length > 0 ? EXIT.policy : EXIT.ok, document, config: evaluation.config, evaluation };
}
