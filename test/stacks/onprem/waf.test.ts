/**
 * The on-prem WAF (R-SEC-ZONES, `devana:waf.onprem`): the committed `onprem` stack (prod, WAF on,
 * `customer`) declares the customer's WAF on the Traefik Service and adds nothing else; an
 * `in-cluster` variant (plan CLI, with the policy pack) gets the ModSecurity + Core Rule Set
 * Deployment and Service `devana-waf` in the application namespace, every Devana route sending only
 * to it behind Traefik's rate limit (also on OpenShift), NetworkPolicies that leave the WAF as the
 * only way from the gateway to the application, and passes the pack, which fails once a route
 * bypasses the WAF. It does not prove that the image starts under these mounts or that the Core Rule
 * Set blocks an attack: that needs a cluster (docs/onprem.md, "Edge (WAF)").
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import type { DevanaConfig } from "../../../config/model";
import { IMAGES } from "../../../config/versions";
import { EXCLUSION_FILES, nginxTemplate, seedScript, templateHash } from "../../../components/edge/onprem-waf";
import { flowMatrix, networkPeers } from "../../../components/devana/network-flows";
import { dataEndpointsFrom, matrixInput, onPremDataTier } from "../../../stacks/app";
import { runPolicyCheckCli } from "../../../scripts/lib/policy-check-cli";
import { derivePairs, effectivePairs, flowPairs, pairKey } from "../../support/netpol";
import { schemaErrors } from "../../support/k8s-schema";
import { byName, evaluateOk, ofType, planVariant, stackConfig, writeStackFile } from "../../support/helpers";
import { traefik, wafObjects } from "../../support/onprem-waf";

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

const RATE_LIMIT = { type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "devana-waf-rate-limit" } };

const HOSTS = { front: "devana.example.internal", api: "api.devana.example.internal", ws: "ws.devana.example.internal" };

const devanaRoutes = (rs: readonly PlannedResource[]): PlannedResource[] =>
    ofType(rs, T.route)
        .filter((r) => (r.inputs.metadata as { name: string }).name !== "https-redirect")
        .sort((a, b) => a.name.localeCompare(b.name));

const ruleOf = (r: PlannedResource): Record<string, any> => (r.inputs.spec as { rules: Record<string, any>[] }).rules[0]!;

describe("committed onprem stack (prod, waf.onprem: customer)", () => {
    let resources: readonly PlannedResource[];
    beforeAll(async () => {
        ({ resources } = await evaluateOk("onprem"));
    });

    it("declares the customer's WAF on the Traefik Service, next to nothing else", () => {
        expect(traefik(resources).service).toEqual({ annotations: { "devana.ai/waf": "customer" }, spec: { type: "LoadBalancer" } });
    });

    it("creates no WAF object and routes each host straight to its Devana Service", () => {
        expect(traefik(resources).experimental).toBeUndefined();
        expect(wafObjects(resources)).toEqual([]);
        expect(ofType(resources, T.middleware)).toEqual([]);
        const routes = devanaRoutes(resources);
        expect(routes.map((r) => [r.name, ruleOf(r).backendRefs, ruleOf(r).filters])).toEqual([
            ["devana-gateway-route-api", [{ group: "", kind: "Service", name: "devana-api", port: 4666 }], undefined],
            ["devana-gateway-route-front", [{ group: "", kind: "Service", name: "devana-frontend", port: 3000 }], undefined],
            ["devana-gateway-route-ws", [{ group: "", kind: "Service", name: "devana-api", port: 5001 }], undefined],
        ]);
    });
});

describe("onprem with waf.onprem: in-cluster (plan CLI)", () => {
    let dir: string;
    let doc: { resources: PlannedResource[]; policy: { violations: { policy: string; message: string; enforcementLevel: string }[] } };
    let resources: PlannedResource[];
    let config: DevanaConfig;
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), "devana-waf-"));
        const path = writeStackFile(dir, "onprem", { ...stackConfig("onprem"), "devana:waf": { enabled: true, onprem: "in-cluster", rateLimit: 3000, maxBodyMiB: 150 } });
        const result = await planVariant(path);
        if (result.status !== 0) {
            throw new Error(`plan failed (${result.status}): ${result.stderr}`);
        }
        doc = JSON.parse(result.stdout) as typeof doc;
        ({ resources } = doc);
        // The committed stack's resolved config with the variant's WAF: the same flow-matrix input as the plan's.
        const committed = (await evaluateOk("onprem")).config;
        config = { ...committed, waf: { ...committed.waf, onprem: "in-cluster", rateLimit: 3000, maxBodyMiB: 150 } };
    });
    afterAll(() => {
        if (dir) {
            rmSync(dir, { recursive: true, force: true });
        }
    });
    const get = (type: string, name: string): Record<string, any> => byName(resources, type, name).inputs as Record<string, any>;
    const pod = (): Record<string, any> => get(T.deployment, "devana-waf-deployment").spec.template.spec;

    it("declares the in-cluster WAF on Traefik, keeps client addresses and loads no plugin", () => {
        const values = traefik(resources);
        expect(values.service).toEqual({ annotations: { "devana.ai/waf": "in-cluster" }, spec: { type: "LoadBalancer", externalTrafficPolicy: "Local" } });
        expect(values.experimental).toBeUndefined();
        expect(JSON.stringify(values)).not.toMatch(/plugin|coraza/i);
    });

    it("creates exactly the WAF's objects in the application namespace", () => {
        expect(wafObjects(resources).sort()).toEqual(
            [`${T.configMap} devana-waf-nginx`, `${T.deployment} devana-waf-deployment`, `${T.pdb} devana-waf-pdb`, `${T.service} devana-waf-service`, `${T.serviceAccount} devana-waf-sa`, `${T.middleware} devana-waf-rate-limit`].sort(),
        );
        for (const [type, name, object] of [
            [T.configMap, "devana-waf-nginx", "devana-waf-nginx"],
            [T.deployment, "devana-waf-deployment", "devana-waf"],
            [T.service, "devana-waf-service", "devana-waf"],
            [T.serviceAccount, "devana-waf-sa", "devana-waf"],
            [T.pdb, "devana-waf-pdb", "devana-waf"],
            [T.middleware, "devana-waf-rate-limit", "devana-waf-rate-limit"],
        ] as const) {
            expect(get(type, name).metadata).toMatchObject({ name: object, namespace: "devana-prod", labels: { "app.kubernetes.io/name": "devana-waf", "app.kubernetes.io/component": "waf" } });
        }
        expect(get(T.serviceAccount, "devana-waf-sa").automountServiceAccountToken).toBe(false);
    });

    it("the built-in objects validate against the Kubernetes schemas", async () => {
        for (const [type, name] of [
            [T.configMap, "devana-waf-nginx"],
            [T.deployment, "devana-waf-deployment"],
            [T.service, "devana-waf-service"],
            [T.serviceAccount, "devana-waf-sa"],
            [T.pdb, "devana-waf-pdb"],
        ] as const) {
            expect(await schemaErrors(byName(resources, type, name))).toEqual([]);
        }
    });

    it("runs the pinned CRS image with the gateway's R-SIZE row: 2 replicas of 2 CPU / 4 GiB, spread over nodes, a PDB", () => {
        const spec = get(T.deployment, "devana-waf-deployment").spec;
        expect(IMAGES.modsecurityCrs).toMatch(/^owasp\/modsecurity-crs:4\.\d+\.\d+-nginx-\d{12}$/);
        expect(pod().containers.map((c: { name: string; image: string }) => [c.name, c.image])).toEqual([["waf", IMAGES.modsecurityCrs]]);
        expect(pod().initContainers.map((c: { name: string; image: string }) => [c.name, c.image])).toEqual([["seed-config", IMAGES.modsecurityCrs]]);
        expect(spec.replicas).toBe(2);
        expect(spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
        expect(pod().containers[0].resources).toEqual({ requests: { cpu: "2", memory: "4Gi" }, limits: { memory: "4Gi" } });
        expect(pod().topologySpreadConstraints.map((t: { topologyKey: string; whenUnsatisfiable: string }) => [t.topologyKey, t.whenUnsatisfiable])).toEqual([
            ["kubernetes.io/hostname", "DoNotSchedule"],
            ["topology.kubernetes.io/zone", "ScheduleAnyway"],
        ]);
        expect(pod().nodeSelector).toEqual({ "node.example.internal/pool": "compute", "devana.ai/zone": "app" });
        expect(get(T.pdb, "devana-waf-pdb").spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "devana-waf" } } });
        expect(pod().automountServiceAccountToken).toBe(false);
        expect(pod().serviceAccountName).toBe("devana-waf");
    });

    it("configures the Core Rule Set in blocking mode, paranoia level 1, default thresholds, the body limit", () => {
        const env = Object.fromEntries(pod().containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
        const bytes = String(150 * 1024 * 1024);
        expect(env).toEqual({
            PORT: "8080",
            MODSEC_RULE_ENGINE: "On",
            BLOCKING_PARANOIA: "1",
            ANOMALY_INBOUND: "5",
            ANOMALY_OUTBOUND: "4",
            ALLOWED_METHODS: "GET HEAD POST OPTIONS PUT PATCH DELETE",
            MODSEC_REQ_BODY_ACCESS: "On",
            MODSEC_REQ_BODY_LIMIT: bytes,
            MODSEC_REQ_BODY_NOFILES_LIMIT: bytes,
            MODSEC_REQ_BODY_LIMIT_ACTION: "Reject",
            MODSEC_RESP_BODY_ACCESS: "Off",
            MODSEC_AUDIT_ENGINE: "RelevantOnly",
            MODSEC_AUDIT_LOG: "/dev/stdout",
            MODSEC_AUDIT_LOG_FORMAT: "JSON",
            MODSEC_AUDIT_LOG_PARTS: "AFHZ",
            ACCESSLOG: "/dev/stdout",
            ERRORLOG: "/dev/stderr",
            LOGLEVEL: "warn",
            SERVER_TOKENS: "off",
        });
    });

    it("runs restricted: non-root UID 101, no capabilities, seccomp, read-only root with emptyDirs where the image writes", () => {
        expect(pod().securityContext).toEqual({ runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, fsGroup: 101, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } });
        const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, readOnlyRootFilesystem: true, seccompProfile: { type: "RuntimeDefault" } };
        expect(pod().containers[0].securityContext).toEqual(restricted);
        expect(pod().initContainers[0].securityContext).toEqual(restricted);
        expect(pod().containers[0].volumeMounts).toEqual([
            { name: "nginx-conf", mountPath: "/etc/nginx" },
            { name: "modsecurity-conf", mountPath: "/etc/modsecurity.d" },
            { name: "crs", mountPath: "/opt/owasp-crs" },
            { name: "tmp", mountPath: "/tmp" },
            { name: "cache", mountPath: "/var/cache/nginx" },
        ]);
        expect(pod().volumes).toEqual([
            { name: "nginx-conf", emptyDir: { sizeLimit: "64Mi" } },
            { name: "modsecurity-conf", emptyDir: { sizeLimit: "64Mi" } },
            { name: "crs", emptyDir: { sizeLimit: "64Mi" } },
            { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
            // Request bodies nginx buffers to disk: the R-SIZE row's 10 GB.
            { name: "cache", emptyDir: { sizeLimit: "10Gi" } },
            { name: "nginx-template", configMap: { name: "devana-waf-nginx", items: [{ key: "default.conf.template", path: "default.conf.template" }] } },
            { name: "exclusions", configMap: { name: "devana-waf-exclusions", optional: true, items: EXCLUSION_FILES.map((f) => ({ key: f, path: f })) } },
        ]);
        // The init container seeds every emptyDir the image needs content in, from the image itself.
        expect(pod().initContainers[0].command).toEqual(["/bin/sh", "-c", seedScript()]);
        expect(pod().initContainers[0].volumeMounts).toEqual([
            { name: "nginx-conf", mountPath: "/seed/nginx-conf" },
            { name: "modsecurity-conf", mountPath: "/seed/modsecurity-conf" },
            { name: "crs", mountPath: "/seed/crs" },
            { name: "tmp", mountPath: "/seed/tmp" },
            { name: "nginx-template", mountPath: "/devana/nginx", readOnly: true },
            { name: "exclusions", mountPath: "/devana/exclusions", readOnly: true },
        ]);
    });

    it("probes the image's health endpoint on the default server", () => {
        const c = pod().containers[0];
        const health = { httpGet: { path: "/healthz", port: "http" } };
        expect(c.ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
        expect(c.startupProbe).toEqual({ ...health, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 });
        expect(c.readinessProbe).toEqual({ ...health, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 });
        expect(c.livenessProbe).toEqual({ ...health, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
    });

    it("proxies each host to its backend, WebSocket upgrades on ws. only, bodies up to the limit; the pods roll when it changes", () => {
        const template = get(T.configMap, "devana-waf-nginx").data["default.conf.template"] as string;
        expect(template).toBe(nginxTemplate({ hosts: HOSTS, namespace: "devana-prod", maxBodyMiB: 150 }));
        expect(get(T.deployment, "devana-waf-deployment").spec.template.metadata.annotations).toEqual({ "devana.ai/nginx-template-sha256": templateHash(template) });
        const servers = template.split(/\nserver \{\n/).slice(1);
        const server = (host: string): string => servers.find((s) => s.includes(`server_name ${host};`))!;
        expect(servers).toHaveLength(4);
        expect(servers[0]).toMatch(/listen 8080 default_server;[\s\S]*location = \/healthz \{\n\s+modsecurity off;[\s\S]*return 200 "OK";[\s\S]*location \/ \{\n\s+return 421;/);
        for (const [id, upstream] of [
            ["front", "devana-frontend.devana-prod.svc.cluster.local:3000"],
            ["api", "devana-api.devana-prod.svc.cluster.local:4666"],
            ["ws", "devana-api.devana-prod.svc.cluster.local:5001"],
        ] as const) {
            const s = server(HOSTS[id]);
            expect(s).toContain(`set $devana_backend ${upstream};\n        proxy_pass http://$devana_backend;`);
            expect(s).toContain(`client_max_body_size ${150 * 1024 * 1024};`);
            expect(s).toContain("proxy_set_header X-Forwarded-For $http_x_forwarded_for;");
            expect(s).toContain("proxy_set_header X-Real-IP $remote_addr;");
            expect(s).toContain("proxy_set_header Host $host;");
            expect(s).toContain("proxy_buffering off;");
            expect(s).toContain("include /etc/nginx/devana-resolver.conf;");
            expect(s.includes("proxy_set_header Upgrade $http_upgrade;"), id).toBe(id === "ws");
            expect(s).toContain(id === "ws" ? "proxy_read_timeout 3600s;" : "proxy_read_timeout 600s;");
        }
        expect(template).toMatch(/^real_ip_header X-Real-IP;$/m);
        // Rendered by the image's envsubst: nothing in it may look like a variable to substitute.
        expect(template).not.toContain("${");
    });

    it("routes every Devana host only to devana-waf behind the rate limit; the redirect is untouched", () => {
        const routes = devanaRoutes(resources);
        expect(routes.map((r) => [r.name, (r.inputs.metadata as { namespace: string }).namespace, ruleOf(r).backendRefs, ruleOf(r).filters, ruleOf(r).timeouts])).toEqual([
            ["devana-gateway-route-api", "devana-prod", [{ group: "", kind: "Service", name: "devana-waf", port: 4666 }], [RATE_LIMIT], { request: "600s", backendRequest: "600s" }],
            ["devana-gateway-route-front", "devana-prod", [{ group: "", kind: "Service", name: "devana-waf", port: 3000 }], [RATE_LIMIT], { request: "600s", backendRequest: "600s" }],
            ["devana-gateway-route-ws", "devana-prod", [{ group: "", kind: "Service", name: "devana-waf", port: 5001 }], [RATE_LIMIT], undefined],
        ]);
        expect(ruleOf(byName(resources, T.route, "devana-gateway-redirect")).backendRefs).toBeUndefined();
        // One Service port per host, numbered like its backend, all on nginx's port.
        expect(get(T.service, "devana-waf-service").spec).toEqual({
            type: "ClusterIP",
            selector: { "app.kubernetes.io/name": "devana-waf" },
            ports: [
                { name: "front", port: 3000, targetPort: "http", protocol: "TCP" },
                { name: "api", port: 4666, targetPort: "http", protocol: "TCP" },
                { name: "ws", port: 5001, targetPort: "http", protocol: "TCP" },
            ],
        });
    });

    it("keeps Traefik's native rate limit: waf.rateLimit per 5 minutes per client address, created after the chart", () => {
        expect(get(T.middleware, "devana-waf-rate-limit").spec).toEqual({ rateLimit: { average: 3000, period: "5m", burst: 600, sourceCriterion: { ipStrategy: { depth: 0 } } } });
        expect(byName(resources, T.middleware, "devana-waf-rate-limit").options.dependsOn).toContain(byName(resources, T.chart, "devana-gateway-traefik").urn);
    });

    it("the R-MON API alerts measure the API host where Traefik now sends it (devana-waf:4666)", () => {
        const rules = JSON.stringify(ofType(resources, T.rule).map((r) => r.inputs.spec));
        expect(rules).toContain(".*devana-prod-devana-waf-4666.*");
        expect(rules).not.toContain("devana-prod-devana-api-4666");
    });

    it("NetworkPolicies: the gateway reaches only the WAF, the Frontend and API accept only the WAF from the front door", () => {
        const input = matrixInput(config, dataEndpointsFrom(config, onPremDataTier(config)));
        expect(input.inClusterWaf).toEqual({ name: "devana-waf", port: 8080 });
        const peers = networkPeers(input);
        const allowed = [...effectivePairs(derivePairs(resources, peers), peers)].sort();
        expect(allowed).toEqual([...flowPairs(flowMatrix(input))].sort());
        expect(allowed.filter((k) => k.startsWith("gateway "))).toEqual([pairKey("gateway", "waf", "TCP", 8080)]);
        expect(allowed.filter((k) => k.startsWith("waf ")).sort()).toEqual([pairKey("waf", "api", "TCP", 4666), pairKey("waf", "api", "TCP", 5001), pairKey("waf", "frontend", "TCP", 3000)].sort());
        expect(allowed.filter((k) => / -> frontend /.test(k)).map((k) => k.split(" ")[0])).toEqual(["waf"]);
        expect(allowed.filter((k) => / -> waf /.test(k))).toEqual([pairKey("gateway", "waf", "TCP", 8080)]);
        // The WAF pods resolve the backends' names through the cluster DNS (the namespace-wide rule).
        expect(allowed).toContain(pairKey("appAll", "dns", "UDP", 53));
    });

    it("passes the policy pack: no violation about the WAF, not even the customer advisory", () => {
        expect(doc.policy.violations.filter((v) => /waf/i.test(`${v.policy} ${v.message}`))).toEqual([]);
        expect(doc.policy.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });

    it("policy:check fails once a route bypasses the WAF (the api. route sent to devana-api)", async () => {
        const mutated = structuredClone(doc);
        const api = mutated.resources.find((r) => r.name === "devana-gateway-route-api")!;
        (api.inputs.spec as { rules: { backendRefs: { name: string }[] }[] }).rules[0]!.backendRefs[0]!.name = "devana-api";
        const file = join(dir, "bypass.json");
        writeFileSync(file, JSON.stringify(mutated));
        const result = await runPolicyCheckCli([file]);
        expect(result.code, result.stdout + result.stderr).toBe(1);
        expect(result.stdout).toContain("[mandatory] waf-in-front-of-public-entry");
        expect(result.stdout).toContain('HTTPRoute devana-gateway-route-api spec.rules[0].backendRefs sends to "devana-api", not only to Service devana-waf');
    });
});

describe("OpenShift variant with the in-cluster WAF (plan CLI)", () => {
    it("sends every Devana IngressRoute only to devana-waf behind the rate limit, runs the WAF without a UID, and passes the pack", async () => {
        const dir = mkdtempSync(join(tmpdir(), "devana-waf-openshift-"));
        try {
            const config = { ...stackConfig("onprem"), "devana:distribution": "openshift", "devana:waf": { enabled: true, onprem: "in-cluster" } };
            const result = await planVariant(writeStackFile(dir, "onprem", config));
            expect(result.status, result.stderr).toBe(0);
            const plan = JSON.parse(result.stdout) as { resources: PlannedResource[]; policy: { violations: { enforcementLevel: string }[] } };
            const routes = ofType(plan.resources, "kubernetes:traefik.io/v1alpha1:IngressRoute").map((r) => [r.name, ((r.inputs.spec as any).routes as any[]).map((x) => [x.middlewares, x.services])]);
            expect(routes.sort()).toEqual([
                ["devana-gateway-redirect", [[[{ name: "https-redirect" }], [{ kind: "TraefikService", name: "noop@internal" }]]]],
                ["devana-gateway-route-api", [[[{ name: "devana-waf-rate-limit" }], [{ name: "devana-waf", port: 4666, serversTransport: "devana-backend" }]]]],
                ["devana-gateway-route-front", [[[{ name: "devana-waf-rate-limit" }], [{ name: "devana-waf", port: 3000, serversTransport: "devana-backend" }]]]],
                ["devana-gateway-route-ws", [[[{ name: "devana-waf-rate-limit" }], [{ name: "devana-waf", port: 5001 }]]]],
            ]);
            const pod = (byName(plan.resources, T.deployment, "devana-waf-deployment").inputs.spec as any).template.spec;
            expect(pod.securityContext).toEqual({ runAsNonRoot: true, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } });
            expect(plan.policy.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("puts the WAF's rate-limit Middleware on every Devana IngressRoute, not on the redirect", async () => {
        const dir = mkdtempSync(join(tmpdir(), "devana-openshift-waf-"));
        const config = { ...stackConfig("onprem"), "devana:distribution": "openshift", "devana:waf": { enabled: true, onprem: "in-cluster" } };
        const result = await planVariant(writeStackFile(dir, "onprem-openshift-waf", config));
        expect(result.status, result.stderr).toBe(0);
        const resources = (JSON.parse(result.stdout) as { resources: PlannedResource[] }).resources;
        const middlewares = ofType(resources, "kubernetes:traefik.io/v1alpha1:IngressRoute").map((r) => [r.name, ((r.inputs.spec as any).routes as any[]).map((route) => route.middlewares)]);
        expect(middlewares.sort()).toEqual([
            ["devana-gateway-redirect", [[{ name: "https-redirect" }]]],
            ["devana-gateway-route-api", [[{ name: "devana-waf-rate-limit" }]]],
            ["devana-gateway-route-front", [[{ name: "devana-waf-rate-limit" }]]],
            ["devana-gateway-route-ws", [[{ name: "devana-waf-rate-limit" }]]],
        ]);
        const rateLimit = byName(resources, "kubernetes:traefik.io/v1alpha1:Middleware", "devana-waf-rate-limit").inputs.metadata as { name: string; namespace: string };
        expect(rateLimit).toMatchObject({ name: "devana-waf-rate-limit", namespace: "devana-prod" });
    });
});
