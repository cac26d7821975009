/**
 * The edge of the committed `staging` plan (the same ALB, WAF off) and two variants of `staging`
 * evaluated in-process: `tls.mode internal-ca` (no ACME path on port 80) and `waf: false` (the
 * gateway's own NLB, as before the edge).
 * Does not prove that AWS accepts the inputs (no AWS offline).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, type PlannedResource } from "../../../scripts/lib/evaluate";
import { readStackFile, stackFilePath } from "../../../scripts/lib/stack-file";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import { input, typeCounts, inEdge } from "../../support/plan-inputs";
import { EDGE_TYPES as T } from "../../support/aws-types";

async function stagingVariant(stack: string, overrides: Record<string, unknown>): Promise<readonly PlannedResource[]> {
    const file = readStackFile(stackFilePath("staging"));
    const config = { ...file.config, ...Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, JSON.stringify(v)])) };
    const result = await evaluate({ stack, config, secretKeys: file.secretKeys });
    if (result.status !== "ok") {
        throw new Error(`${stack} did not evaluate: ${JSON.stringify(result.status === "config-error" ? result.issues : result.error)}`);
    }
    return result.resources;
}

describe("staging: the same edge, unprotected", () => {
    let resources: readonly PlannedResource[];
    beforeAll(async () => {
        resources = (await evaluateOk("staging")).resources;
    });

    it("has the ALB and WAF with staging's names, no deletion protection, WAF logs kept 365 days", () => {
        expect(typeCounts(inEdge(resources))[T.association]).toBe(1);
        expect(input(byName(resources, T.alb, "devana-edge-alb"), "enableDeletionProtection")).toBe(false);
        expect(input(byName(resources, T.listener, "devana-edge-https"), "certificateArn")).toBe("arn:aws:acm:eu-north-1:210987654321:certificate/1c2d3e4f-5061-7283-94a5-b6c7d8e9f0a1");
        const group = byName(resources, T.logGroup, "devana-edge-waf-logs");
        expect([input(group, "name"), input(group, "retentionInDays"), group.options.protect]).toEqual(["aws-waf-logs-devana-staging", 365, false]);
        expect(input(byName(resources, T.webAcl, "devana-edge-waf"), "name")).toBe("devana-staging-edge");
    });
});

describe("staging variants", () => {
    it("tls.mode internal-ca: no ACME target group, rule, binding or port 80 towards the pods", async () => {
        const resources = await stagingVariant("staging-internal-ca", { "devana:tls": { mode: "internal-ca" } });
        expect(ofType(resources, T.listenerRule)).toHaveLength(0);
        expect(ofType(resources, T.targetGroup).map((g) => g.name)).toEqual(["devana-edge-https"]);
        expect(ofType(resources, T.binding).map((b) => input(b, "metadata.name"))).toEqual(["devana-edge-https"]);
        expect(input<{ fromPort: number }[]>(byName(resources, T.sg, "devana-edge-alb"), "egress").map((r) => r.fromPort)).toEqual([443, 8080]);
        expect(ofType(resources, T.sgIngress).map((r) => r.name)).toEqual(["devana-edge-pods-websecure", "devana-edge-pods-ping"]);
    });

    it("waf: false: no ALB nor WAF; the gateway keeps its own internet-facing NLB with the TLS 1.3 policy and strict SNI", async () => {
        const resources = await stagingVariant("staging-no-waf", { "devana:waf": false });
        expect(resources.filter((r) => r.type.startsWith("aws:lb/") || r.type.startsWith("aws:wafv2/") || r.type === T.binding)).toEqual([]);
        const traefik = byName(resources, T.chart, "devana-gateway-traefik");
        expect(input(traefik, "values.service.spec.type")).toBe("LoadBalancer");
        expect(input(traefik, "values.service.annotations")).toMatchObject({
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
            "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "service.beta.kubernetes.io/aws-load-balancer-subnets": ["a", "b", "c"].map((az) => `devana-network-dmz-eu-north-1${az}-id`).join(","),
        });
        expect(input(ofType(resources, T.tlsOption)[0]!, "spec.sniStrict")).toBe(true);
    });
});
