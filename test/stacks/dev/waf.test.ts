/**
 * The on-prem WAF (R-SEC-ZONES, `devana:waf.onprem`): the committed `onprem` stack (prod, WAF on,
 * `customer`) declares the customer's WAF on the Traefik Service and adds nothing else; `dev` (WAF
 * off) declares nothing; an `in-cluster` variant (plan CLI, with the policy pack) gets the
 * ModSecurity + Core Rule Set Deployment and Service `devana-waf` in the application namespace,
 * every Devana route sending only to it behind Traefik's rate limit, NetworkPolicies that leave the
 * WAF as the only way from the gateway to the application, and passes the pack, which fails once a
 * route bypasses the WAF. It does not prove that the image starts under these mounts or that the
 * Core Rule Set blocks an attack: that needs a cluster (docs/onprem.md, "Edge (WAF)").
 */
import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { byName, evaluateOk } from "../../helpers";

const T = {
    chart: "kubernetes:helm.sh/v4:Chart",
    middleware: "kubernetes:traefik.io/v1alpha1:Middleware",
    route: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    deployment: "kubernetes:apps/v1:Deployment",
    service: "kubernetes:core/v1:Service",
    configMap: "kubernetes:core/v1:ConfigMap",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    rule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
} as const;

const traefik = (rs: readonly PlannedResource[]): Record<string, any> => byName(rs, T.chart, "devana-gateway-traefik").inputs.values as Record<string, any>;

const wafObjects = (rs: readonly PlannedResource[]): string[] =>
    rs.filter((r) => r.custom && (r.name.startsWith("devana-waf") || (r.inputs.metadata as { name?: string } | undefined)?.name?.startsWith("devana-waf"))).map((r) => `${r.type} ${r.name}`);

describe("committed dev stack (WAF off)", () => {
    it("declares no WAF and creates none", async () => {
        const { resources } = await evaluateOk("dev");
        expect(traefik(resources).service.annotations).toEqual({});
        expect(wafObjects(resources)).toEqual([]);
    });
});
