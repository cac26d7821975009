/**
 * The platform in the `onprem` stack (production tier, internal CA, self-hosted LLM on GPU pools),
 * evaluated once in-process under mocks: exact components, charts, Gateway objects, issuer,
 * certificates, CA bundle, monitoring objects and GPU support, with their inputs and ordering.
 * Does not prove the charts render or that controllers accept the objects (no cluster here).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { CHARTS, GATEWAY_API_VERSION } from "../../../config/versions";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import { R_MON } from "../../support/r-mon";
import { platformOnly } from "../../support/platform-scope";

const T = {
    chart: "kubernetes:helm.sh/v4:Chart",
    configFile: "kubernetes:yaml/v2:ConfigFile",
    gatewayClass: "kubernetes:gateway.networking.k8s.io/v1:GatewayClass",
    gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    tlsOption: "kubernetes:traefik.io/v1alpha1:TLSOption",
    clusterIssuer: "kubernetes:cert-manager.io/v1:ClusterIssuer",
    certificate: "kubernetes:cert-manager.io/v1:Certificate",
    prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    podMonitor: "kubernetes:monitoring.coreos.com/v1:PodMonitor",
    serviceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    configMap: "kubernetes:core/v1:ConfigMap",
    secret: "kubernetes:core/v1:Secret",
} as const;

let resources: readonly PlannedResource[];
let auditDays: number;
let appNs: string;
const inputs = (r: PlannedResource): any => r.inputs;
const dependsOnName = (r: PlannedResource, name: string): boolean => r.options.dependsOn.some((urn) => urn.endsWith(`::${name}`));

beforeAll(async () => {
    const result = await evaluateOk("onprem");
    resources = result.resources;
    auditDays = result.config.audit.retentionDays;
    appNs = result.config.namespaces.app;
});

describe("onprem platform", () => {
    it("creates the six platform components once each (tracing: kube-prometheus-stack installed by the program)", () => {
        const components = resources.filter((r) => r.type.startsWith("devana:platform:") && r.type !== "devana:platform:Namespaces");
        expect(components.map((r) => `${r.type}::${r.name}`).sort()).toEqual(
            [
                "devana:platform:CertManager::devana-cert-manager",
                "devana:platform:Gateway::devana-gateway",
                "devana:platform:GatewayApiCrds::devana-gateway-api",
                "devana:platform:GpuSupport::devana-gpu",
                "devana:platform:Monitoring::devana-monitoring",
                "devana:platform:Tracing::devana-tracing",
            ].sort(),
        );
    });

    it("installs the pinned charts, each through the cluster's provider", () => {
        const charts = platformOnly(ofType(resources, T.chart)).map((r) => [r.name, inputs(r).chart, inputs(r).version, inputs(r).namespace]);
        expect(charts.sort()).toEqual(
            [
                ["devana-gateway-traefik", "traefik", CHARTS.traefik.version, "traefik"],
                ["devana-cert-manager-chart", "oci://quay.io/jetstack/charts/cert-manager", CHARTS.certManager.version, "cert-manager"],
                ["devana-monitoring-kps", "kube-prometheus-stack", CHARTS.kubePrometheusStack.version, "monitoring"],
                ["devana-monitoring-loki", "loki", CHARTS.loki.version, "monitoring"],
                ["devana-monitoring-alloy", "alloy", CHARTS.alloy.version, "monitoring"],
                ["devana-gpu-gpu-operator", "gpu-operator", CHARTS.gpuOperator.version, "nvidia-gpu"],
                ["devana-tracing-tempo", "tempo", CHARTS.tempo.version, "monitoring"],
                ["devana-tracing-otel-collector", "opentelemetry-collector", CHARTS.otelCollector.version, "monitoring"],
            ].sort(),
        );
        for (const r of platformOnly(resources).filter((x) => x.custom && x.type.startsWith("kubernetes:"))) {
            expect(r.options.provider, r.name).toMatch(/devana-cluster-provider/);
        }
    });

    it("protects the gateway and GPU namespaces and the Grafana password in prod (devana:protect)", () => {
        const protectedNames = platformOnly(resources)
            .filter((r) => r.type === "kubernetes:core/v1:Namespace" || r.type === "random:index/randomPassword:RandomPassword")
            .map((r) => [r.name, r.options.protect]);
        expect(protectedNames.sort()).toEqual([
            ["devana-gateway-namespace", true],
            ["devana-gpu-namespace", true],
            ["devana-monitoring-grafana-admin", true],
        ]);
    });

    it("installs the Gateway API standard CRDs first: Traefik, cert-manager and the Gateway objects wait for them", () => {
        const crds = byName(resources, T.configFile, "devana-gateway-api-standard");
        expect(inputs(crds).file).toBe(`https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml`);
        for (const [type, name] of [
            [T.chart, "devana-gateway-traefik"],
            [T.chart, "devana-cert-manager-chart"],
            [T.gatewayClass, "devana-gateway-class"],
            [T.gateway, "devana-gateway-gateway"],
        ] as const) {
            expect(dependsOnName(byName(resources, type, name), "devana-gateway-api-standard"), name).toBe(true);
        }
    });

    it("has a Traefik GatewayClass and a Gateway with 443 HTTPS (TLS) listeners and an 80 HTTP listener", () => {
        expect(inputs(byName(resources, T.gatewayClass, "devana-gateway-class")).spec).toEqual({ controllerName: "traefik.io/gateway-controller" });
        const gateway = inputs(byName(resources, T.gateway, "devana-gateway-gateway"));
        expect(gateway.metadata).toEqual({ name: "devana", namespace: "traefik" });
        expect(gateway.spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.tls?.mode ?? null])).toEqual([
            ["http", "HTTP", 80, null],
            ["https-front", "HTTPS", 443, "Terminate"],
            ["https-api", "HTTPS", 443, "Terminate"],
            ["https-ws", "HTTPS", 443, "Terminate"],
        ]);
    });

    it("sets TLS 1.3 as the minimum in the one `default` TLSOption, before the Gateway exists", () => {
        const options = platformOnly(ofType(resources, T.tlsOption));
        expect(options).toHaveLength(1);
        expect(inputs(options[0]!).metadata).toEqual({ name: "default", namespace: "traefik" });
        expect(inputs(options[0]!).spec.minVersion).toBe("VersionTLS13");
        expect(dependsOnName(options[0]!, "devana-gateway-traefik")).toBe(true);
        expect(dependsOnName(byName(resources, T.gateway, "devana-gateway-gateway"), "devana-gateway-tls-default")).toBe(true);
    });

    it("routes the front, api. and ws. hosts; port 80 only redirects", () => {
        const routes = Object.fromEntries(platformOnly(ofType(resources, T.httpRoute)).map((r) => [inputs(r).metadata.name, inputs(r)]));
        expect(Object.keys(routes).sort()).toEqual(["devana-api", "devana-front", "devana-ws", "https-redirect"]);
        const hostAndBackend = (name: string) => [routes[name].metadata.namespace, routes[name].spec.hostnames, routes[name].spec.rules[0].backendRefs[0].name, routes[name].spec.rules[0].backendRefs[0].port];
        expect(hostAndBackend("devana-front")).toEqual([appNs, ["devana.example.internal"], "devana-frontend", 3000]);
        expect(hostAndBackend("devana-api")).toEqual([appNs, ["api.devana.example.internal"], "devana-api", 4666]);
        expect(hostAndBackend("devana-ws")).toEqual([appNs, ["ws.devana.example.internal"], "devana-api", 5001]);
        const redirect = routes["https-redirect"];
        expect(redirect.metadata.namespace).toBe("traefik");
        expect(redirect.spec.parentRefs[0].sectionName).toBe("http");
        expect(redirect.spec.rules).toEqual([{ matches: [{ path: { type: "PathPrefix", value: "/" } }], filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", port: 443, statusCode: 301 } }] }]);
    });

    it("issues every host's certificate from the internal CA and distributes the root bundle", () => {
        const issuers = platformOnly(ofType(resources, T.clusterIssuer));
        expect(issuers).toHaveLength(1);
        expect(inputs(issuers[0]!).metadata.name).toBe("devana-internal-ca");
        expect(inputs(issuers[0]!).spec).toEqual({ ca: { secretName: "devana-internal-ca-keypair" } });
        const keypair = byName(resources, T.secret, "devana-cert-manager-ca-keypair");
        expect([inputs(keypair).metadata, inputs(keypair).type]).toEqual([{ name: "devana-internal-ca-keypair", namespace: "cert-manager" }, "kubernetes.io/tls"]);
        expect(dependsOnName(issuers[0]!, "devana-cert-manager-ca-keypair")).toBe(true);

        const certs = platformOnly(ofType(resources, T.certificate)).map((r) => [inputs(r).metadata.namespace, inputs(r).spec.dnsNames, inputs(r).spec.secretName, inputs(r).spec.issuerRef.name]);
        expect(certs.sort()).toEqual(
            [
                ["traefik", ["api.devana.example.internal"], "devana-api-tls", "devana-internal-ca"],
                ["traefik", ["devana.example.internal"], "devana-front-tls", "devana-internal-ca"],
                ["traefik", ["ws.devana.example.internal"], "devana-ws-tls", "devana-internal-ca"],
            ].sort(),
        );
        const bundles = platformOnly(ofType(resources, T.configMap)).filter((r) => inputs(r).metadata.name === "devana-internal-ca");
        expect(bundles.map((r) => inputs(r).metadata.namespace).sort()).toEqual([appNs, "devana-services"].sort());
        for (const b of bundles) {
            expect(inputs(b).data["ca.crt"]).toMatch(/^-----BEGIN CERTIFICATE-----/);
        }
    });

    it("keeps Loki's logs at least devana:audit.retentionDays, with compactor retention", () => {
        const loki = inputs(byName(resources, T.chart, "devana-monitoring-loki")).values;
        const hours = Number.parseInt(loki.loki.limits_config.retention_period, 10);
        expect(hours / 24).toBeGreaterThanOrEqual(auditDays);
        expect(auditDays).toBeGreaterThanOrEqual(365);
        expect(loki.loki.compactor.retention_enabled).toBe(true);
        expect(byName(resources, T.chart, "devana-monitoring-loki").options.protect).toBe(true);
        const alloy = byName(resources, T.chart, "devana-monitoring-alloy");
        expect(inputs(alloy).values.alloy.configMap.content).toContain('url = "http://loki.monitoring.svc:3100/loki/api/v1/push"');
        expect(dependsOnName(alloy, "devana-monitoring-loki")).toBe(true);
    });

    it.each(R_MON)("PrometheusRule alert $alert: $cmp $threshold for $for, $severity", (row) => {
        const rules = platformOnly(ofType(resources, T.prometheusRule));
        expect(rules).toHaveLength(1);
        const all = inputs(rules[0]!).spec.groups.flatMap((g: any) => g.rules);
        expect(all).toHaveLength(R_MON.length);
        const rule = all.find((r: any) => r.alert === row.alert);
        expect(rule.expr.endsWith(`) ${row.cmp} ${row.threshold}`)).toBe(true);
        expect(rule.expr).toContain(row.metric);
        expect(rule.for).toBe(row.for);
        expect(rule.labels.severity).toBe(row.severity);
    });

    it("scrapes vLLM, CloudNativePG, Redis, BullMQ, Traefik, DCGM and the span metrics; provisions the overview dashboard", () => {
        expect(
            platformOnly(ofType(resources, T.podMonitor))
                .map((r) => inputs(r).metadata.name)
                .sort(),
        ).toEqual(["cloudnative-pg", "otel-collector-spanmetrics", "redis", "traefik", "vllm"]);
        const dcgm = platformOnly(ofType(resources, T.serviceMonitor));
        expect(dcgm.map((r) => [inputs(r).metadata.name, inputs(r).spec.selector.matchLabels, inputs(r).spec.namespaceSelector.matchNames])).toEqual([["dcgm-exporter", { app: "nvidia-dcgm-exporter" }, ["nvidia-gpu"]]]);
        for (const r of [...platformOnly(ofType(resources, T.podMonitor)), ...dcgm, ...platformOnly(ofType(resources, T.prometheusRule))]) {
            expect(dependsOnName(r, "devana-monitoring-kps"), r.name).toBe(true);
        }
        const dashboard = byName(resources, T.configMap, "devana-monitoring-dashboard-overview");
        expect(inputs(dashboard).metadata.labels.grafana_dashboard).toBe("1");
        expect(JSON.parse(inputs(dashboard).data["devana-overview.json"]).panels).toHaveLength(R_MON.length);
    });

    it("runs the GPU Operator only on the GPU pools, tolerating their taint", () => {
        const values = inputs(byName(resources, T.chart, "devana-gpu-gpu-operator")).values;
        expect(values.daemonsets.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        expect(values.toolkit.env.map((e: any) => e.name)).toEqual(["CONTAINERD_CONFIG", "CONTAINERD_SOCKET"]); // RKE2
        expect(values.dcgmExporter).toEqual({ enabled: true, serviceMonitor: { enabled: false } });
    });
});
