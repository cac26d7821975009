/** The shape every policy test follows: a compliant baseline, then one failing case per checked field. */
import { describe, expect, it } from "vitest";
import type { Policy } from "@pulumi/policy";
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { type FailingCase, failures } from "./harness";

export function policySuite(policy: Policy, baseline: readonly PlannedResource[], cases: readonly FailingCase[]): void {
    describe(policy.name, () => {
        it("is mandatory and passes its compliant baseline", async () => {
            expect(policy.enforcementLevel).toBe("mandatory");
            expect(await failures(policy, baseline)).toEqual([]);
        });
        it.each(cases.map((c) => [c.field, c] as const))("fails on %s", async (_field, c) => {
            const messages = await failures(policy, c.resources);
            expect(messages.length).toBeGreaterThan(0);
            expect(messages.join("\n")).toMatch(c.expected);
        });
    });
}
