/**
 * The on-prem WAF (R-SEC-ZONES, `devana:waf.onprem`): the committed `onprem` stack (prod, WAF on,
 * `customer`) declares the customer's WAF on the Traefik Service and adds nothing else; `dev` (WAF
 * off) declares nothing; an `in-cluster` variant (plan CLI, with the policy pack) gets the Coraza
 * plugin, the `devana-waf` Middleware chain in the application namespace and the ExtensionRef
 * filter on every Devana route rule, exactly as the policy contract reads them. It does not prove
 * that Traefik loads the plugin or that the Core Rule Set blocks an attack: that needs a cluster.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { TRAEFIK_PLUGINS } from "../../config/versions";
import { corazaDirectives, onPremGatewayEdge, onPremWafMode, rateLimitSpec, wafRouteFilter } from "../../components/edge/onprem-waf";
import { appRouteSpec, DEFAULT_BACKENDS, mergeValues } from "../../components/platform/gateway";
import { byName, evaluateOk, ofType, runCli, stackConfig, writeStackFile } from "../helpers";

const CHART = "kubernetes:helm.sh/v4:Chart";
const MIDDLEWARE = "kubernetes:traefik.io/v1alpha1:Middleware";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const FILTER = { type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "devana-waf" } };

const traefik = (rs: readonly PlannedResource[]): Record<string, any> => byName(rs, CHART, "devana-gateway-traefik").inputs.values as Record<string, any>;
const devanaRoutes = (rs: readonly PlannedResource[]): PlannedResource[] => ofType(rs, ROUTE).filter((r) => (r.inputs.metadata as { name: string }).name !== "https-redirect");

describe("committed onprem stack (prod, waf.onprem: customer)", () => {
    let resources: readonly PlannedResource[];
    beforeAll(async () => {
        ({ resources } = await evaluateOk("onprem"));
    });

    it("declares the customer's WAF on the Traefik Service, next to nothing else", () => {
        expect(traefik(resources).service).toEqual({ type: "LoadBalancer", annotations: { "devana.ai/waf": "customer" }, loadBalancerSourceRanges: [] });
    });

    it("loads no plugin, creates no Middleware and leaves the routes unfiltered", () => {
        expect(traefik(resources).experimental).toBeUndefined();
        expect(ofType(resources, MIDDLEWARE)).toEqual([]);
        const routes = devanaRoutes(resources);
        expect(routes.map((r) => r.name).sort()).toEqual(["devana-gateway-route-api", "devana-gateway-route-front", "devana-gateway-route-ws"]);
        for (const route of routes) {
            expect((route.inputs.spec as { rules: Record<string, unknown>[] }).rules.every((rule) => rule.filters === undefined)).toBe(true);
        }
    });
});

describe("committed dev stack (WAF off)", () => {
    it("declares no WAF", async () => {
        const { resources } = await evaluateOk("dev");
        expect(traefik(resources).service.annotations).toEqual({});
        expect(ofType(resources, MIDDLEWARE)).toEqual([]);
    });
});

describe("onprem with waf.onprem: in-cluster (plan CLI)", () => {
    let resources: PlannedResource[];
    let violations: { policy: string; message: string }[];
    beforeAll(() => {
        const dir = mkdtempSync(join(tmpdir(), "devana-waf-"));
        const path = writeStackFile(dir, "onprem", { ...stackConfig("onprem"), "devana:waf": { enabled: true, onprem: "in-cluster", rateLimit: 3000, maxBodyMiB: 150 } });
        const result = runCli("plan", ["--config", path, "--json"]);
        if (result.status !== 0) {
            throw new Error(`plan failed (${result.status}): ${result.stderr}`);
        }
        const plan = JSON.parse(result.stdout) as { resources: PlannedResource[]; policy: { violations: { policy: string; message: string }[] } };
        ({ resources } = plan);
        violations = plan.policy.violations;
    });

    it("declares the in-cluster WAF, loads the pinned Coraza plugin and keeps client addresses", () => {
        const values = traefik(resources);
        expect(values.service.annotations).toEqual({ "devana.ai/waf": "in-cluster" });
        expect(values.service.spec).toEqual({ externalTrafficPolicy: "Local" });
        expect(values.service.type).toBe("LoadBalancer");
        expect(values.experimental).toEqual({ plugins: { coraza: { moduleName: "github.com/jcchavezs/coraza-http-wasm-traefik", version: "v0.2.2" } } });
        expect(TRAEFIK_PLUGINS.coraza.version).toMatch(/^v\d+\.\d+\.\d+$/);
    });

    it("creates the devana-waf chain, the rate limit and the Core Rule Set Middlewares in the routes' namespace, after the chart", () => {
        const middlewares = ofType(resources, MIDDLEWARE);
        expect(middlewares.map((m) => [m.name, (m.inputs.metadata as { name: string; namespace: string }).name, (m.inputs.metadata as { namespace: string }).namespace]).sort()).toEqual([
            ["devana-waf-chain", "devana-waf", "devana-prod"],
            ["devana-waf-crs", "devana-waf-crs", "devana-prod"],
            ["devana-waf-rate-limit", "devana-waf-rate-limit", "devana-prod"],
        ]);
        const chart = byName(resources, CHART, "devana-gateway-traefik");
        for (const m of middlewares) {
            expect(m.options.dependsOn).toContain(chart.urn);
        }
        expect(byName(resources, MIDDLEWARE, "devana-waf-chain").inputs.spec).toEqual({ chain: { middlewares: [{ name: "devana-waf-rate-limit" }, { name: "devana-waf-crs" }] } });
        expect(byName(resources, MIDDLEWARE, "devana-waf-rate-limit").inputs.spec).toEqual({
            rateLimit: { average: 3000, period: "5m", burst: 600, sourceCriterion: { ipStrategy: { depth: 0 } } },
        });
    });

    it("runs the OWASP Core Rule Set in blocking mode with the configured body limit", () => {
        const directives = (byName(resources, MIDDLEWARE, "devana-waf-crs").inputs.spec as { plugin: { coraza: { directives: string[] } } }).plugin.coraza.directives;
        expect(directives).toEqual([
            "Include @coraza.conf-recommended",
            "SecRuleEngine On",
            "SecRequestBodyAccess On",
            `SecRequestBodyLimit ${150 * 1024 * 1024}`,
            `SecRequestBodyInMemoryLimit ${150 * 1024 * 1024}`,
            "SecRequestBodyLimitAction Reject",
            "SecResponseBodyAccess Off",
            "Include @crs-setup.conf.example",
            `SecAction "id:900200,phase:1,pass,t:none,nolog,setvar:'tx.allowed_methods=GET HEAD POST OPTIONS PUT PATCH DELETE'"`,
            "Include @owasp_crs/*.conf",
        ]);
        // Blocking: the engine is switched on after the recommended base (which sets DetectionOnly).
        expect(directives.indexOf("SecRuleEngine On")).toBeGreaterThan(directives.indexOf("Include @coraza.conf-recommended"));
    });

    it("puts the ExtensionRef filter on every rule of the front, api and ws routes", () => {
        const routes = devanaRoutes(resources);
        expect(routes.map((r) => (r.inputs.metadata as { name: string; namespace: string }).namespace)).toEqual(["devana-prod", "devana-prod", "devana-prod"]);
        for (const route of routes) {
            const rules = (route.inputs.spec as { rules: { filters?: unknown[] }[] }).rules;
            expect(rules.length).toBeGreaterThan(0);
            for (const rule of rules) {
                expect(rule.filters).toEqual([FILTER]);
            }
        }
    });

    it("passes the policy pack's WAF rule (no violation, not even the customer advisory)", () => {
        expect(violations.filter((v) => /waf/i.test(`${v.policy} ${v.message}`))).toEqual([]);
    });
});

describe("pure builders", () => {
    it("selects a mode only on-prem with the WAF on", () => {
        const waf = { enabled: true, onprem: "in-cluster" as const, rateLimit: 2000, maxBodyMiB: 200 };
        expect(onPremWafMode({ target: "onprem", waf })).toBe("in-cluster");
        expect(onPremWafMode({ target: "onprem", waf: { ...waf, onprem: "customer" } })).toBe("customer");
        expect(onPremWafMode({ target: "onprem", waf: { ...waf, enabled: false } })).toBeUndefined();
        expect(onPremWafMode({ target: "aws", waf })).toBeUndefined();
    });

    it("customer mode only annotates; in-cluster adds values and the route filter", () => {
        expect(onPremGatewayEdge("customer")).toEqual({ serviceAnnotations: { "devana.ai/waf": "customer" } });
        expect(onPremGatewayEdge("in-cluster").routeFilters).toEqual([FILTER]);
        expect(wafRouteFilter()).toEqual(FILTER);
    });

    it("route filters land on the rule, before the backends, and only when given", () => {
        const hosts = { front: "d.example", api: "api.d.example", ws: "ws.d.example" };
        const plain = appRouteSpec("ws", hosts, DEFAULT_BACKENDS.ws) as { rules: Record<string, unknown>[] };
        expect(plain.rules[0]).not.toHaveProperty("filters");
        const filtered = appRouteSpec("api", hosts, DEFAULT_BACKENDS.api, [FILTER]) as { rules: Record<string, unknown>[] };
        expect(filtered.rules[0]!.filters).toEqual([FILTER]);
        expect(filtered.rules[0]!.timeouts).toEqual({ request: "600s", backendRequest: "600s" });
    });

    it("merges chart values deeply without dropping the gateway's own", () => {
        const merged = mergeValues({ service: { type: "LoadBalancer", annotations: { a: "1" } }, ports: { web: { port: 80 } } }, { service: { annotations: { b: "2" }, spec: { externalTrafficPolicy: "Local" } }, experimental: { plugins: {} } });
        expect(merged).toEqual({ service: { type: "LoadBalancer", annotations: { a: "1", b: "2" }, spec: { externalTrafficPolicy: "Local" } }, ports: { web: { port: 80 } }, experimental: { plugins: {} } });
    });

    it("rate limit: average per 5 minutes, a minute's worth of burst", () => {
        expect(rateLimitSpec(2000)).toEqual({ rateLimit: { average: 2000, period: "5m", burst: 400, sourceCriterion: { ipStrategy: { depth: 0 } } } });
        expect(rateLimitSpec(101)).toMatchObject({ rateLimit: { burst: 21 } });
    });

    it("refuses a body limit Coraza cannot enforce (its hard limit is 1 GiB)", () => {
        expect(corazaDirectives(1024)).toContain(`SecRequestBodyLimit ${1024 * 1024 * 1024}`);
        expect(() => corazaDirectives(1025)).toThrow(/1 to 1024 MiB/);
    });
});
