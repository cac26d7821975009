/**
 * R-SEC-ZONES `waf-in-front-of-public-entry` over the committed prod plans of every target (prod,
 * azure-prod, onprem), each mutated to remove or weaken its WAF, through the policy:check command:
 * each mutation must be refused.
 *
 * Does not prove that the WAF rules block anything, nor that a customer's declared WAF exists.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as edge from "../../policy/edge";
import { runPolicyCheckCli } from "../../scripts/lib/policy-check-cli";
import type { PlanDocument } from "../../scripts/lib/plan";
import { runCli } from "../support/helpers";

const T = edge.TYPES;
const POLICY = edge.wafInFrontOfPublicEntry;
const ACCOUNT = "123456789012";

type Resource = PlanDocument["resources"][number];
type Doc = Omit<PlanDocument, "resources"> & { resources: Resource[] };

function one(doc: Doc, type: string, predicate: (r: Resource) => boolean = () => true): Resource {
    const found = doc.resources.filter((r) => r.type === type && predicate(r));
    if (found.length !== 1) {
        throw new Error(`${doc.stack}: expected one ${type} for this mutation, found ${found.length}`);
    }
    return found[0]!;
}
const traefikValues = (doc: Doc): Record<string, any> => one(doc, T.helmChartV4, (r) => r.inputs.chart === "traefik").inputs.values as Record<string, any>;

/** The plan's resources as `pulumi preview --json` lists them, property dependencies included. */
function asPreview(doc: Doc): unknown {
    return {
        steps: doc.resources.map((r) => ({
            op: "create",
            urn: r.urn,
            newState: { urn: r.urn, custom: r.custom, type: r.type, parent: r.parent ?? "", inputs: r.inputs, dependencies: r.options.dependsOn, propertyDependencies: r.options.propertyDependencies ?? {} },
        })),
    };
}

const MUTATIONS: readonly (readonly [stack: string, label: string, mutate: (doc: Doc) => void])[] = [
    ["prod", "the WebAclAssociation removed", (d) => (d.resources = d.resources.filter((r) => r !== one(d, T.webAclAssociation)))],
    ["prod", "the Traefik Service made an internet-facing NLB", (d) => (traefikValues(d).service = { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }, spec: { type: "LoadBalancer" } })],
    [
        "prod",
        "the association's resourceArn cut from the ALB (a literal ARN of another one)",
        (d) => {
            const a = one(d, T.webAclAssociation);
            a.inputs.resourceArn = `arn:aws:elasticloadbalancing:eu-north-1:${ACCOUNT}:loadbalancer/app/other/0123456789abcdef`;
            const alb_ = one(d, T.lb, (r) => r.inputs.internal === false);
            Object.assign(a, { options: { ...a.options, dependsOn: a.options.dependsOn.filter((u) => u !== alb_.urn), propertyDependencies: { ...a.options.propertyDependencies, resourceArn: [] } } });
        },
    ],
    ["azure-prod", "the WAF policy in Detection mode", (d) => ((one(d, T.wafPolicy).inputs.policySettings as Record<string, unknown>).mode = "Detection")],
    ["azure-prod", "the Application Gateway on Standard_v2", (d) => (one(d, T.appGateway).inputs.sku = { name: "Standard_v2", tier: "Standard_v2" })],
    ["azure-prod", "the Traefik Service made public", (d) => (traefikValues(d).service.annotations = {})],
    ["onprem", "the customer WAF declaration removed", (d) => delete traefikValues(d).service.annotations["devana.ai/waf"]],
];

describe("policy:check over the committed prod plans, mutated", () => {
    let dir: string;
    const docs = new Map<string, Doc>();
    beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), "devana-edge-"));
        for (const stack of ["prod", "azure-prod", "onprem"]) {
            const planned = runCli("plan", ["--stack", stack, "--json"]);
            if (planned.status === 0 || planned.status === 1) {
                docs.set(stack, JSON.parse(planned.stdout) as Doc);
            }
        }
    });
    afterAll(() => {
        if (dir) {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    const check = async (stack: string, name: string, content: unknown) => {
        const file = join(dir, `${stack}-${name}.json`);
        writeFileSync(file, JSON.stringify(content));
        return runPolicyCheckCli([file]);
    };
    const planOf = (stack: string): Doc => {
        const doc = docs.get(stack);
        expect(doc, `the committed ${stack} plan must build`).toBeDefined();
        return structuredClone(doc!);
    };

    it.each(["prod", "azure-prod", "onprem"])("%s: the unmodified plan has no waf-in-front-of-public-entry violation", async (stack) => {
        const result = await check(stack, "unmodified", planOf(stack));
        expect(result.stdout).not.toContain(`[mandatory] ${POLICY.name}`);
    });

    it("onprem: the customer declaration is reported as advisory", async () => {
        const result = await check("onprem", "declared", planOf("onprem"));
        expect(result.stdout).toMatch(/\[advisory\] policy-exceptions .*\n\s+waf-in-front-of-public-entry: Traefik Service of chart devana-gateway-traefik declares devana.ai\/waf: customer.*excepted by onprem-customer-waf/);
    });

    it.each(MUTATIONS.map(([stack, label, mutate], i) => [stack, label, mutate, i] as const))("%s: %s exits 1 naming the policy", async (stack, _label, mutate, i) => {
        const doc = planOf(stack);
        mutate(doc);
        const result = await check(stack, `mutation-${i}`, doc);
        expect(result.code, result.stdout + result.stderr).toBe(1);
        expect(result.stdout).toContain(`[mandatory] ${POLICY.name}`);
    });

    it("prod: the same through `pulumi preview --json` input (property dependencies carried by the steps)", async () => {
        const base = planOf("prod");
        const unmodified = await check("prod", "preview", asPreview(base));
        expect(unmodified.stdout).not.toContain(`[mandatory] ${POLICY.name}`);
        MUTATIONS[0]![2](base);
        const removed = await check("prod", "preview-removed", asPreview(base));
        expect(removed.code).toBe(1);
        expect(removed.stdout).toContain(`[mandatory] ${POLICY.name}`);
    });
});
