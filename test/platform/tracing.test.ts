/**
 * Issue 17 tracing (R-MON "Jaeger/Tempo, OpenTelemetry"): the pure values of the collector and
 * Tempo, and the `onprem` stack evaluated under mocks: the Tracing component, its two charts, the
 * span-metrics PodMonitor, the two ingress policies (exact pairs), ChromaDB's OTel settings and
 * Grafana's Tempo data source. The rendered objects are checked by test/charts (stack-checks.ts).
 * Does not prove that ChromaDB emits server spans or that the collector starts (no cluster here).
 */
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { CHARTS, IMAGES } from "../../config/versions";
import { networkPeers } from "../../components/devana/network-flows";
import { chromaOtelEnv, otelCollectorConfig, otelCollectorValues, TEMPO_RETENTION_HOURS, tempoConfig, tempoValues, tracingEnabledFor, tracingNetworkPolicies } from "../../components/platform/tracing";
import { chartImageValues } from "../../components/platform/image-mirror";
import { dataEndpointsFrom, matrixInput, onPremDataTier } from "../../stacks/app";
import { byName, evaluateOk, ofType } from "../helpers";
import { derivePairs, pairKey, TRACING_POLICY_NAMES } from "../app/netpol";
import type { DevanaConfig } from "../../config/model";

const placement = { nodeSelector: { "devana.ai/pool": "compute" }, tolerations: [] };

describe("tracing values (pure)", () => {
    it("runs only where the program installs kube-prometheus-stack cluster-wide", () => {
        expect(tracingEnabledFor("vanilla", "install")).toBe(true);
        expect(tracingEnabledFor("rke2", "install")).toBe(true);
        expect(tracingEnabledFor("openshift", "install")).toBe(false);
        expect(tracingEnabledFor("vanilla", "preinstalled")).toBe(false);
    });

    it("keeps traces 3, 7 and 14 days per tier, in Tempo's compactor, on the given (encrypted) StorageClass", () => {
        expect(TEMPO_RETENTION_HOURS).toEqual({ minimal: 72, production: 168, enterprise: 336 });
        for (const tier of ["minimal", "production", "enterprise"] as const) {
            const file = parse(tempoConfig(tier).replace(/\{\{[^}]*\}\}/g, "x")) as Record<string, any>;
            expect(file.compactor.compaction.block_retention).toBe(`${TEMPO_RETENTION_HOURS[tier]}h`);
        }
        const values = tempoValues({ tier: "production", monitoringNamespace: "monitoring", placement, storageClass: "standard" }) as Record<string, any>;
        expect(values.persistence).toEqual({ enabled: true, size: "50Gi", storageClassName: "standard" });
        expect(values.fullnameOverride).toBe("tempo");
        expect(values.nodeSelector).toEqual({ "devana.ai/pool": "compute" });
    });

    it("lets Tempo receive OTLP/gRPC only, with usage reporting off", () => {
        const file = parse(tempoConfig("minimal").replace(/\{\{[^}]*\}\}/g, "x")) as Record<string, any>;
        expect(file.distributor.receivers).toEqual({ otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" } } } });
        expect(file.usage_report).toEqual({ reporting_enabled: false });
        expect(file.server).toEqual({ http_listen_port: 3200 });
        expect(tempoConfig("minimal").split("\n")[1]).toBe('  cluster_label: "{{ .Release.Name }}.{{ .Release.Namespace }}"');
    });

    it("runs the pinned contrib collector: OTLP in, traces to Tempo and spanmetrics, span metrics to Prometheus on 8889", () => {
        const values = otelCollectorValues({ tier: "minimal", monitoringNamespace: "monitoring", placement }) as Record<string, any>;
        expect(IMAGES.otelCollectorContrib).toBe("otel/opentelemetry-collector-contrib:0.158.0");
        expect([values.mode, values.image, values.command]).toEqual(["deployment", { repository: "otel/opentelemetry-collector-contrib", tag: "0.158.0" }, { name: "otelcol-contrib" }]);
        expect(
            Object.entries(values.ports)
                .filter(([, p]) => (p as { enabled: boolean }).enabled)
                .map(([name, p]) => [name, (p as { containerPort: number }).containerPort]),
        ).toEqual([
            ["otlp", 4317],
            ["spanmetrics", 8889],
        ]);
        const config = otelCollectorConfig("monitoring") as Record<string, any>;
        expect(config.service.pipelines).toEqual({
            logs: null,
            traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["otlp/tempo", "spanmetrics"] },
            metrics: { receivers: ["spanmetrics"], processors: ["memory_limiter", "batch"], exporters: ["prometheus"] },
        });
        expect(config.exporters["otlp/tempo"]).toEqual({ endpoint: "tempo.monitoring.svc:4317", tls: { insecure: true } });
        // Milliseconds: the alert reads traces_span_metrics_duration_milliseconds_bucket; 200 ms is a bucket bound (R-MON).
        expect(config.connectors.spanmetrics.histogram.unit).toBe("ms");
        expect(config.connectors.spanmetrics.histogram.explicit.buckets).toContain("200ms");
        expect([config.receivers.jaeger, config.receivers.zipkin, config.receivers.prometheus, config.exporters.debug]).toEqual([null, null, null, null]);
    });

    it("points ChromaDB's OpenTelemetry settings at the collector, under the service name the alert selects", () => {
        expect(chromaOtelEnv("monitoring")).toEqual([
            { name: "CHROMA_OPEN_TELEMETRY__ENDPOINT", value: "http://otel-collector.monitoring.svc:4317" },
            { name: "CHROMA_OPEN_TELEMETRY__SERVICE_NAME", value: "chromadb" },
        ]);
    });

    it("takes both images from the air-gapped mirror when one is configured (issue 19)", () => {
        expect(chartImageValues("tempo", "registry.example.internal/devana")).toEqual({ global: { imageRegistry: "registry.example.internal/devana" } });
        expect(chartImageValues("otelCollector", "registry.example.internal/devana")).toEqual({ image: { repository: "registry.example.internal/devana/otel/opentelemetry-collector-contrib" } });
        expect(chartImageValues("tempo", undefined)).toEqual({});
    });
});

describe("onprem: the Tracing component", () => {
    let resources: readonly PlannedResource[];
    let config: DevanaConfig;
    const inputs = (r: PlannedResource): Record<string, any> => r.inputs as Record<string, any>;

    beforeAll(async () => {
        const result = await evaluateOk("onprem");
        resources = result.resources;
        config = result.config;
    });

    it("installs Tempo and the collector at the pinned versions in the monitoring namespace, under one Tracing component", () => {
        expect(ofType(resources, "devana:platform:Tracing").map((r) => r.name)).toEqual(["devana-tracing"]);
        const charts = ofType(resources, "kubernetes:helm.sh/v4:Chart").filter((r) => r.parent?.includes("devana:platform:Tracing::"));
        expect(charts.map((r) => [r.name, inputs(r).chart, inputs(r).version, inputs(r).namespace])).toEqual([
            ["devana-tracing-tempo", "tempo", CHARTS.tempo.version, "monitoring"],
            ["devana-tracing-otel-collector", "opentelemetry-collector", CHARTS.otelCollector.version, "monitoring"],
        ]);
        expect([CHARTS.tempo.version, CHARTS.otelCollector.version]).toEqual(["2.2.4", "0.170.0"]);
        // onprem is the production tier: a week of traces.
        expect(inputs(charts[0]).values.config).toContain("block_retention: 168h");
    });

    it("lets Prometheus scrape the span metrics through a PodMonitor on the collector's spanmetrics port", () => {
        const monitor = byName(resources, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "devana-tracing-spanmetrics");
        expect(inputs(monitor).spec).toEqual({
            selector: { matchLabels: { "app.kubernetes.io/name": "opentelemetry-collector" } },
            namespaceSelector: { matchNames: ["monitoring"] },
            podMetricsEndpoints: [{ port: "spanmetrics", path: "/metrics", interval: "30s", honorLabels: true }],
        });
    });

    it("admits exactly ChromaDB -> collector:4317, Prometheus -> collector:8889, collector -> Tempo:4317 and Grafana -> Tempo:3200", () => {
        const policies = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((r) => inputs(r).metadata.namespace === "monitoring");
        expect(policies.map((r) => inputs(r).metadata.name).sort()).toEqual([...TRACING_POLICY_NAMES].sort());
        const derived = derivePairs(resources, networkPeers(matrixInput(config, dataEndpointsFrom(config, onPremDataTier(config)))));
        expect([...derived.tracing].sort()).toEqual(
            [pairKey("chroma", "otelCollector", "TCP", 4317), pairKey("monitoring", "otelCollector", "TCP", 8889), pairKey("otelCollector", "tempo", "TCP", 4317), pairKey("grafana", "tempo", "TCP", 3200)].sort(),
        );
        expect(tracingNetworkPolicies({ monitoringNamespace: "monitoring", senders: [], prometheusPodLabels: {}, grafanaPodLabels: {} }).map((p) => p.spec.policyTypes)).toEqual([["Ingress"], ["Ingress"]]);
    });

    it("sends ChromaDB's traces to the collector and gives Grafana Tempo as a data source", () => {
        const chroma = byName(resources, "kubernetes:apps/v1:StatefulSet", "devana-chroma-statefulset");
        const env = (inputs(chroma).spec.template.spec.containers[0].env as { name: string; value?: string }[]).filter((e) => e.name.startsWith("CHROMA_OPEN_TELEMETRY"));
        expect(env).toEqual(chromaOtelEnv("monitoring"));
        const kps = byName(resources, "kubernetes:helm.sh/v4:Chart", "devana-monitoring-kps");
        expect((inputs(kps).values.grafana.additionalDataSources as { name: string; url: string }[]).map((d) => [d.name, d.url])).toEqual([
            ["Loki", "http://loki.monitoring.svc:3100"],
            ["Tempo", "http://tempo.monitoring.svc:3200"],
        ]);
    });
});
