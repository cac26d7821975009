/**
 * Pure helpers for the policy tests: hand-built planned resources and one call of the offline
 * runner (the same code as the plan and `policy:check`). The PolicyPack is never constructed.
 */
import type { Policy } from "@pulumi/policy";
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { runPolicies, type RunPoliciesOptions, type Violation } from "../../scripts/lib/policy-runner";
import { policyExceptions } from "../../policy/exceptions";

export const STACK = "test";

/** A custom resource of `type` named `name` with `inputs`. */
export function res(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource {
    return {
        urn: `urn:pulumi:${STACK}::devana::${type}::${name}`,
        type,
        name,
        custom: true,
        inputs,
        options: { protect: false, ignoreChanges: [], retainOnDelete: false, provider: "", dependsOn: [] },
        ...extra,
    };
}

/** Runs `policies` (plus the advisory exception reporter) over `resources`. */
export async function run(policies: readonly Policy[], resources: readonly PlannedResource[], options: RunPoliciesOptions = {}): Promise<Violation[]> {
    return runPolicies(resources, [...policies, policyExceptions], { enforcementLevel: "mandatory", ...options });
}

/** The mandatory violation messages of one run. */
export async function failures(policy: Policy, resources: readonly PlannedResource[], options: RunPoliciesOptions = {}): Promise<string[]> {
    const violations = await run([policy], resources, options);
    return violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.message);
}

/** A deep copy of `r` with `mutate` applied to its inputs. */
export function mutated(r: PlannedResource, mutate: (inputs: Record<string, any>) => void): PlannedResource {
    const inputs = structuredClone(r.inputs) as Record<string, any>;
    mutate(inputs);
    return { ...r, inputs };
}

export interface FailingCase {
    /** The checked field (shown in the test name). */
    readonly field: string;
    readonly resources: readonly PlannedResource[];
    /** What the violation message must say. */
    readonly expected: RegExp;
}

/** `baseline` with resource `index` replaced by a mutated copy. */
export function variant(baseline: readonly PlannedResource[], index: number, mutate: (inputs: Record<string, any>) => void): PlannedResource[] {
    return baseline.map((r, i) => (i === index ? mutated(r, mutate) : r));
}
