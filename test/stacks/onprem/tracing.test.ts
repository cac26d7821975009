/**
 * Issue 17 tracing (R-MON "Jaeger/Tempo, OpenTelemetry"): the `onprem` stack evaluated under mocks:
 * the Tracing component, its two charts, the span-metrics PodMonitor, the two ingress policies (exact
 * pairs), ChromaDB's OTel settings and Grafana's Tempo data source.
 * Does not prove that ChromaDB emits server spans or that the collector starts (no cluster here).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { CHARTS } from "../../../config/versions";
import { networkPeers } from "../../../components/devana/network-flows";
import { chromaOtelEnv, tracingNetworkPolicies } from "../../../components/platform/tracing";
import { dataEndpointsFrom, matrixInput, onPremDataTier } from "../../../stacks/app";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import { derivePairs, pairKey, TRACING_POLICY_NAMES } from "../../support/netpol";
import type { DevanaConfig } from "../../../config/model";

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
