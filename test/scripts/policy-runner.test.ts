/**
 * The offline policy runner follows the policy SDK's analyzer: type filters, stack validations,
 * enforcement levels, config defaults, notApplicable. Uses hand-made policies, not the pack.
 */
import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { REDACTED, redact } from "../../scripts/lib/plan";
import { isTypeOf, mandatoryViolations, runPolicies } from "../../scripts/lib/policy-runner";

const resource = (type: string, name: string, inputs: Record<string, unknown>, custom = true): PlannedResource => ({
    urn: `urn:pulumi:test::devana::${type}::${name}`,
    type,
    name,
    custom,
    inputs,
    options: { protect: false, ignoreChanges: [], retainOnDelete: false, provider: "", dependsOn: [] },
});

const NS = "kubernetes:core/v1:Namespace";
const resources = [
    resource(NS, "good", { metadata: { name: "good", labels: { team: "a" } } }),
    resource(NS, "bad", { metadata: { name: "bad" } }),
    resource("kubernetes:core/v1:ConfigMap", "cm", { metadata: { name: "cm" } }),
    resource("devana:platform:Namespaces", "component", {}, false),
];

const labelled: ResourceValidationPolicy = {
    name: "namespaces-labelled",
    description: "namespaces carry a team label",
    validateResource: validateResourceOfType(k8s.core.v1.Namespace, (ns, _args, report) => {
        if (!ns.metadata?.labels?.team) {
            report("namespace without a team label");
        }
    }),
};

describe("runPolicies", () => {
    it("applies resource policies to their type only, with the pack's enforcement level", async () => {
        expect(await runPolicies(resources, [labelled])).toEqual([{ policy: "namespaces-labelled", enforcementLevel: "mandatory", urn: `urn:pulumi:test::devana::${NS}::bad`, message: "namespace without a team label" }]);
        const advisory = await runPolicies(resources, [labelled], { enforcementLevel: "advisory" });
        expect(advisory.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
        expect(mandatoryViolations(advisory)).toEqual([]);
    });

    it("skips disabled policies and honours per-policy config", async () => {
        expect(await runPolicies(resources, [{ ...labelled, enforcementLevel: "disabled" }])).toEqual([]);
        expect(await runPolicies(resources, [labelled], { config: { "namespaces-labelled": { enforcementLevel: "disabled" } } })).toEqual([]);
    });

    it("never shows components to policies", async () => {
        const seen: string[] = [];
        const recorder: ResourceValidationPolicy = { name: "all", description: "records types", validateResource: (args) => void seen.push(args.type) };
        await runPolicies(resources, [recorder]);
        expect(seen).toEqual([NS, NS, "kubernetes:core/v1:ConfigMap"]);
    });

    it("runs stack policies over every resource with config defaults", async () => {
        const stackPolicy: StackValidationPolicy = {
            name: "enough-namespaces",
            description: "counts namespaces",
            configSchema: { properties: { minimum: { type: "integer", default: 3 } } },
            validateStack: (args, report) => {
                const { minimum } = args.getConfig<{ minimum: number }>();
                const count = args.resources.filter((r) => r.isType(k8s.core.v1.Namespace)).length;
                if (count < minimum) {
                    report(`${count} namespaces, expected ${minimum}`);
                }
            },
        };
        expect((await runPolicies(resources, [stackPolicy])).map((v) => v.message)).toEqual(["2 namespaces, expected 3"]);
        expect(await runPolicies(resources, [stackPolicy], { config: { "enough-namespaces": { minimum: 2 } } })).toEqual([]);
    });

    it("treats notApplicable as no result and other errors as failures", async () => {
        const skipping: ResourceValidationPolicy = { name: "skip", description: "", validateResource: (args) => args.notApplicable("not here") };
        expect(await runPolicies(resources, [skipping])).toEqual([]);
        const broken: ResourceValidationPolicy = {
            name: "broken",
            description: "",
            validateResource: () => {
                throw new Error("boom");
            },
        };
        await expect(runPolicies(resources, [broken])).rejects.toThrow("policy broken failed: boom");
    });

    it("matches types the way the SDK does", () => {
        expect(isTypeOf(NS, k8s.core.v1.Namespace as never)).toBe(true);
        expect(isTypeOf("kubernetes:core/v1:ConfigMap", k8s.core.v1.Namespace as never)).toBe(false);
    });
});

describe("redact", () => {
    it("replaces secret values inside any string, at any depth", () => {
        const secrets = new Set(["s3cr3tvalue1", "another-secret-2"]);
        expect(redact({ url: "postgresql://devana:s3cr3tvalue1@pg:5432/devana", list: ["another-secret-2", "plain"], n: 3 }, secrets)).toEqual({ url: `postgresql://devana:${REDACTED}@pg:5432/devana`, list: [REDACTED, "plain"], n: 3 });
    });
});
