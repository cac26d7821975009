/**
 * Issue 17 tracing (R-MON "Jaeger/Tempo, OpenTelemetry"), pure: the values of the collector and
 * Tempo, ChromaDB's OTel settings and the tracing NetworkPolicies. The rendered objects are checked
 * by the rendered-chart suite (test/charts/).
 * Does not prove that ChromaDB emits server spans or that the collector starts (no cluster here).
 */
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { IMAGES } from "../../../config/versions";
import { chromaOtelEnv, otelCollectorConfig, otelCollectorValues, TEMPO_RETENTION_HOURS, tempoConfig, tempoValues, tracingEnabledFor } from "../../../components/platform/tracing";
import { chartImageValues } from "../../../components/platform/image-mirror";

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
