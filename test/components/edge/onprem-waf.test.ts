/**
 * The on-prem in-cluster WAF (R-SEC-ZONES, `devana:waf.onprem: in-cluster`), pure builders: the
 * nginx template, rate limit, backends, environment, pod template and seed script.
 * It does not prove that the image starts under these mounts or that the Core Rule Set blocks an
 * attack: that needs a cluster (docs/onprem.md, "Edge (WAF)").
 */
import { describe, expect, it } from "vitest";
import { nginxTemplate, onPremGatewayEdge, onPremWafMode, rateLimitFilter, rateLimitSpec, seedScript, wafBackends, wafEnv, wafPodTemplate, WAF_WRITABLE_PATHS } from "../../../components/edge/onprem-waf";
import { appRouteSpec, DEFAULT_BACKENDS, mergeValues } from "../../../components/platform/gateway";

const RATE_LIMIT = { type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "devana-waf-rate-limit" } };

const HOSTS = { front: "devana.example.internal", api: "api.devana.example.internal", ws: "ws.devana.example.internal" };

describe("pure builders", () => {
    it("selects a mode only on-prem with the WAF on", () => {
        const waf = { enabled: true, onprem: "in-cluster" as const, rateLimit: 2000, maxBodyMiB: 200, trustedProxies: [] };
        expect(onPremWafMode({ target: "onprem", waf })).toBe("in-cluster");
        expect(onPremWafMode({ target: "onprem", waf: { ...waf, onprem: "customer" } })).toBe("customer");
        expect(onPremWafMode({ target: "onprem", waf: { ...waf, enabled: false } })).toBeUndefined();
        expect(onPremWafMode({ target: "aws", waf })).toBeUndefined();
    });

    it("customer mode only annotates; in-cluster adds client addresses, the rate limit and the WAF backends, no plugin", () => {
        expect(onPremGatewayEdge("customer")).toEqual({ serviceAnnotations: { "devana.ai/waf": "customer" } });
        expect(onPremGatewayEdge("in-cluster")).toEqual({
            serviceAnnotations: { "devana.ai/waf": "in-cluster" },
            values: { service: { spec: { externalTrafficPolicy: "Local" } } },
            routeFilters: [RATE_LIMIT],
            backends: { front: { service: "devana-waf", port: 3000 }, api: { service: "devana-waf", port: 4666 }, ws: { service: "devana-waf", port: 5001 } },
        });
        expect(rateLimitFilter()).toEqual(RATE_LIMIT);
    });

    it("the WAF Service needs one port per host", () => {
        expect(() => wafBackends({ ...DEFAULT_BACKENDS, ws: { service: "devana-api", port: 4666 } })).toThrow(/one port per host/);
    });

    it("route filters land on the rule, before the backends, and only when given", () => {
        const plain = appRouteSpec("ws", HOSTS, DEFAULT_BACKENDS.ws) as { rules: Record<string, unknown>[] };
        expect(plain.rules[0]).not.toHaveProperty("filters");
        const filtered = appRouteSpec("api", HOSTS, wafBackends().api, [RATE_LIMIT]) as { rules: Record<string, unknown>[] };
        expect(filtered.rules[0]!.filters).toEqual([RATE_LIMIT]);
        expect(filtered.rules[0]!.backendRefs).toEqual([{ group: "", kind: "Service", name: "devana-waf", port: 4666 }]);
    });

    it("merges chart values deeply without dropping the gateway's own", () => {
        const merged = mergeValues({ service: { type: "LoadBalancer", annotations: { a: "1" } }, ports: { web: { port: 80 } } }, { service: { annotations: { b: "2" }, spec: { externalTrafficPolicy: "Local" } } });
        expect(merged).toEqual({ service: { type: "LoadBalancer", annotations: { a: "1", b: "2" }, spec: { externalTrafficPolicy: "Local" } }, ports: { web: { port: 80 } } });
    });

    it("rate limit: average per 5 minutes, a minute's worth of burst", () => {
        expect(rateLimitSpec(2000)).toEqual({ rateLimit: { average: 2000, period: "5m", burst: 400, sourceCriterion: { ipStrategy: { depth: 0 } } } });
        expect(rateLimitSpec(101)).toMatchObject({ rateLimit: { burst: 21 } });
    });

    it("refuses a body limit ModSecurity cannot hold (1 GiB per request, in memory)", () => {
        expect(wafEnv(1024).find((e) => e.name === "MODSEC_REQ_BODY_LIMIT")).toEqual({ name: "MODSEC_REQ_BODY_LIMIT", value: String(1024 * 1024 * 1024) });
        expect(() => wafEnv(1025)).toThrow(/1 to 1024 MiB/);
        expect(() => nginxTemplate({ hosts: HOSTS, namespace: "devana-prod", maxBodyMiB: 4000 })).toThrow(/1 to 1024 MiB/);
    });

    it("the seed script copies the image's writable directories and lays the template and exclusions over them", () => {
        const script = seedScript();
        for (const [name, path] of Object.entries(WAF_WRITABLE_PATHS).filter(([n]) => n !== "cache" && n !== "tmp")) {
            expect(script).toContain(`cp -R ${path}/. /seed/${name}/`);
        }
        expect(script).toContain("cp /devana/nginx/default.conf.template /seed/nginx-conf/templates/conf.d/default.conf.template");
        expect(script).toContain("if [ -f /devana/exclusions/$f ]; then cp /devana/exclusions/$f /seed/crs/rules/$f;");
        // The backends are resolved at request time through the pod's own name server (IPv6 in brackets).
        expect(script).toContain(`echo "resolver $ns valid=10s;" > /seed/nginx-conf/devana-resolver.conf`);
        expect(script).toContain('case "$ns" in *:*) ns="[$ns]" ;; esac');
        expect(script.split("\n")[0]).toBe("set -eu");
    });

    it("on OpenShift the pod names no UID (restricted-v2 assigns one) and keeps the rest", () => {
        const size = { cpu: 2, memoryGi: 4, diskGi: 10, replicas: 2, maxReplicas: 2, gpu: 0 };
        const input = { namespace: "devana-prod", hosts: HOSTS, maxBodyMiB: 200, size, placement: { nodeSelector: {}, tolerations: [] } };
        const openshift = wafPodTemplate({ ...input, distribution: "openshift" }).spec as Record<string, any>;
        expect(openshift.securityContext).toEqual({ runAsNonRoot: true, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } });
        expect(openshift.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
        const single = wafPodTemplate({ ...input, size: { ...size, replicas: 1, maxReplicas: 1 } }).spec as Record<string, any>;
        expect(single.topologySpreadConstraints[0].whenUnsatisfiable).toBe("ScheduleAnyway");
    });
});
