/**
 * Tracing (R-MON: "Jaeger/Tempo, OpenTelemetry"; issue 17) in the `monitoring` namespace: an
 * OpenTelemetry Collector (contrib distribution, pinned) receives OTLP from ChromaDB, exports the
 * traces to Grafana Tempo and, through the `spanmetrics` connector, span metrics to Prometheus
 * (ChromaDBHighQueryLatency reads them). Tempo keeps traces per tier on an encrypted volume (the
 * monitoring StorageClass: KMS/customer-key disks on the clouds). NetworkPolicies admit exactly
 * the flows: Chroma -> collector:4317, Prometheus -> collector:8889, collector -> Tempo:4317,
 * Grafana -> Tempo:3200.
 */
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import type { Distribution, Tier } from "../../config/defaults";
import { CHARTS, IMAGES } from "../../config/versions";
import { placementSpec, type Placement } from "../k8s/placement";
import { chartSource } from "../k8s/helm";
import { withChartImages, type Mirror } from "./image-mirror";
import { monitoringStackFor } from "./monitoring";
import type { ClusterScope } from "./namespaces";

export const OTEL_COLLECTOR_FULLNAME = "otel-collector";
export const TEMPO_FULLNAME = "tempo";
export const OTLP_GRPC_PORT = 4317;
export const SPANMETRICS_PORT = 8889;
export const TEMPO_HTTP_PORT = 3200;
/** Name label of the collector pods (the chart's name: no nameOverride). NetworkPolicies and the PodMonitor select it. */
export const OTEL_COLLECTOR_POD_LABELS = { "app.kubernetes.io/name": "opentelemetry-collector" } as const;
/** Name label of the Tempo pods (the chart's `tempo.selectorLabels`). */
export const TEMPO_POD_LABELS = { "app.kubernetes.io/name": "tempo" } as const;

/**
 * Tracing runs where the program installs kube-prometheus-stack cluster-wide: its Prometheus
 * scrapes the span metrics and its Grafana reads Tempo. Not on OpenShift (the cluster's own
 * monitoring) nor on a preinstalled cluster (no cluster-scoped objects of ours).
 */
export function tracingEnabledFor(distribution: Distribution, clusterScope: ClusterScope): boolean {
    return monitoringStackFor(distribution) === "kube-prometheus-stack" && clusterScope === "install";
}

/** [eng] Traces answer "why was this slow": days, not the audit year. */
export const TEMPO_RETENTION_HOURS: Readonly<Record<Tier, number>> = { minimal: 72, production: 168, enterprise: 336 };
export const TEMPO_DISK_GI: Readonly<Record<Tier, number>> = { minimal: 10, production: 50, enterprise: 200 };

/** The collector's OTLP/gRPC Service address. */
export function otlpEndpoint(monitoringNamespace: string): string {
    return `http://${OTEL_COLLECTOR_FULLNAME}.${monitoringNamespace}.svc:${OTLP_GRPC_PORT}`;
}

/**
 * ChromaDB 1.x's OpenTelemetry settings (its `open_telemetry` config keys as environment
 * variables, per Chroma's observability guide); it exports over OTLP/gRPC.
 */
export function chromaOtelEnv(monitoringNamespace: string): { name: string; value: string }[] {
    return [
        { name: "CHROMA_OPEN_TELEMETRY__ENDPOINT", value: otlpEndpoint(monitoringNamespace) },
        // The name the ChromaDB latency alert selects (service_name="chromadb").
        { name: "CHROMA_OPEN_TELEMETRY__SERVICE_NAME", value: "chromadb" },
    ];
}

/**
 * The collector's pipeline: OTLP in, traces to Tempo and into `spanmetrics`, whose histograms
 * (milliseconds; buckets around R-MON's 200 ms) Prometheus scrapes on 8889. The chart's Jaeger,
 * Zipkin and self-scrape receivers and its debug pipelines are removed (`null` deletes a default).
 */
export function otelCollectorConfig(monitoringNamespace: string): Record<string, unknown> {
    return {
        receivers: {
            jaeger: null,
            zipkin: null,
            prometheus: null,
            otlp: { protocols: { grpc: { endpoint: `\${env:MY_POD_IP}:${OTLP_GRPC_PORT}` }, http: null } },
        },
        connectors: {
            spanmetrics: {
                histogram: { unit: "ms", explicit: { buckets: ["10ms", "25ms", "50ms", "100ms", "200ms", "400ms", "800ms", "1600ms", "5s"] } },
                dimensions: [{ name: "http.route" }],
            },
        },
        exporters: {
            debug: null,
            "otlp/tempo": { endpoint: `${TEMPO_FULLNAME}.${monitoringNamespace}.svc:${OTLP_GRPC_PORT}`, tls: { insecure: true } },
            prometheus: { endpoint: `\${env:MY_POD_IP}:${SPANMETRICS_PORT}` },
        },
        service: {
            pipelines: {
                logs: null,
                traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["otlp/tempo", "spanmetrics"] },
                metrics: { receivers: ["spanmetrics"], processors: ["memory_limiter", "batch"], exporters: ["prometheus"] },
            },
        },
    };
}

export interface TracingValuesInput {
    readonly tier: Tier;
    readonly monitoringNamespace: string;
    readonly placement: Placement;
    readonly storageClass?: string;
}

export function otelCollectorValues(input: TracingValuesInput): Record<string, unknown> {
    const [repository, tag] = IMAGES.otelCollectorContrib.split(":");
    const off = { enabled: false };
    return {
        fullnameOverride: OTEL_COLLECTOR_FULLNAME,
        mode: "deployment",
        replicaCount: 1,
        image: { repository, tag },
        command: { name: "otelcol-contrib" },
        config: otelCollectorConfig(input.monitoringNamespace),
        ports: {
            otlp: { enabled: true, containerPort: OTLP_GRPC_PORT, servicePort: OTLP_GRPC_PORT, protocol: "TCP", appProtocol: "grpc" },
            "otlp-http": off,
            "jaeger-compact": off,
            "jaeger-thrift": off,
            "jaeger-grpc": off,
            zipkin: off,
            spanmetrics: { enabled: true, containerPort: SPANMETRICS_PORT, servicePort: SPANMETRICS_PORT, protocol: "TCP" },
        },
        resources: { requests: { cpu: "200m", memory: "512Mi" }, limits: { memory: "512Mi" } },
        ...placementSpec(input.placement),
    };
}

/**
 * Tempo's configuration file, replacing the chart's template (`config`): the chart renders its
 * `tempo.receivers` map verbatim into the distributor, and its Service template dereferences the
 * Jaeger protocols, so the Jaeger and OTLP/HTTP receivers cannot be removed through that map.
 * Here the distributor listens for OTLP/gRPC only (from the collector). The rest is the chart's
 * own template, with our retention and usage reporting off; the file goes through Helm's `tpl`.
 */
export function tempoConfig(tier: Tier): string {
    const config = {
        stream_over_http_enabled: false,
        multitenancy_enabled: false,
        usage_report: { reporting_enabled: false },
        compactor: { compaction: { block_retention: `${TEMPO_RETENTION_HOURS[tier]}h` } },
        distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` } } } } },
        ingester: {},
        server: { http_listen_port: TEMPO_HTTP_PORT },
        storage: { trace: { backend: "local", local: { path: "/var/tempo/traces" }, wal: { path: "/var/tempo/wal" } } },
        querier: {},
        query_frontend: {},
        overrides: { defaults: {}, per_tenant_override_config: "/conf/overrides.yaml" },
    };
    return `memberlist:\n  cluster_label: "{{ .Release.Name }}.{{ .Release.Namespace }}"\n${stringify(config)}`;
}

export function tempoValues(input: TracingValuesInput): Record<string, unknown> {
    return {
        fullnameOverride: TEMPO_FULLNAME,
        // Retention, receivers and usage reporting are in `config` (tempoConfig), not in `tempo.*`.
        tempo: {
            // Read by the chart's Service template only: no Service ports for receivers Tempo does not run.
            receivers: { jaeger: { protocols: { grpc: null, thrift_binary: null, thrift_compact: null, thrift_http: null } }, otlp: { protocols: { http: null } } },
            resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "2Gi" } },
        },
        config: tempoConfig(input.tier),
        // The monitoring StorageClass: EBS/Azure disks encrypted with the customer key on the clouds.
        persistence: { enabled: true, size: `${TEMPO_DISK_GI[input.tier]}Gi`, ...(input.storageClass ? { storageClassName: input.storageClass } : {}) },
        ...placementSpec(input.placement),
    };
}

/** Grafana's data source for Tempo (kube-prometheus-stack `grafana.additionalDataSources`). */
export function tempoDataSource(monitoringNamespace: string): Record<string, unknown> {
    return {
        name: "Tempo",
        type: "tempo",
        uid: "tempo",
        access: "proxy",
        url: `http://${TEMPO_FULLNAME}.${monitoringNamespace}.svc:${TEMPO_HTTP_PORT}`,
        jsonData: { tracesToLogsV2: { datasourceUid: "loki" }, serviceMap: { datasourceUid: "prometheus" } },
    };
}

export interface TracingPolicyInput {
    readonly monitoringNamespace: string;
    /** Namespace and pod labels of the trace senders (ChromaDB). */
    readonly senders: readonly { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> }[];
    /** Labels of the Prometheus pods (the scraper) and the Grafana pods. */
    readonly prometheusPodLabels: Readonly<Record<string, string>>;
    readonly grafanaPodLabels: Readonly<Record<string, string>>;
}

/** The two ingress policies: exactly the tracing flows reach the collector and Tempo. */
export function tracingNetworkPolicies(input: TracingPolicyInput): { name: string; spec: k8s.types.input.networking.v1.NetworkPolicySpec }[] {
    const ns = (name: string) => ({ matchLabels: { "kubernetes.io/metadata.name": name } });
    const tcp = (port: number) => [{ port, protocol: "TCP" }];
    return [
        {
            name: "otel-collector-ingress",
            spec: {
                podSelector: { matchLabels: { "app.kubernetes.io/name": OTEL_COLLECTOR_POD_LABELS["app.kubernetes.io/name"] } },
                policyTypes: ["Ingress"],
                ingress: [
                    { from: input.senders.map((s) => ({ namespaceSelector: ns(s.namespace), podSelector: { matchLabels: { ...s.podLabels } } })), ports: tcp(OTLP_GRPC_PORT) },
                    { from: [{ namespaceSelector: ns(input.monitoringNamespace), podSelector: { matchLabels: { ...input.prometheusPodLabels } } }], ports: tcp(SPANMETRICS_PORT) },
                ],
            },
        },
        {
            name: "tempo-ingress",
            spec: {
                podSelector: { matchLabels: { ...TEMPO_POD_LABELS } },
                policyTypes: ["Ingress"],
                ingress: [
                    { from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": OTEL_COLLECTOR_POD_LABELS["app.kubernetes.io/name"] } } }], ports: tcp(OTLP_GRPC_PORT) },
                    { from: [{ podSelector: { matchLabels: { ...input.grafanaPodLabels } } }], ports: tcp(TEMPO_HTTP_PORT) },
                ],
            },
        },
    ];
}

export interface TracingArgs extends TracingValuesInput, Omit<TracingPolicyInput, "monitoringNamespace"> {
    /** Issue 19: the air-gapped mirror of both charts and their images. @default undefined (the sources) */
    readonly mirror?: Mirror;
    /** The monitoring.coreos.com CRDs (kube-prometheus-stack) the PodMonitor needs. @default [] */
    readonly crdsDependOn?: readonly pulumi.Resource[];
    /** Resources the namespace comes from. @default [] */
    readonly namespacesDependOn?: readonly pulumi.Resource[];
}

export class Tracing extends pulumi.ComponentResource {
    /** Tempo (the trace store) and the collector, for resources that must wait for them. */
    public readonly tempo: k8s.helm.v4.Chart;
    public readonly collector: k8s.helm.v4.Chart;
    /** In-cluster OTLP/gRPC endpoint of the collector (what ChromaDB sends to). */
    public readonly otlpEndpoint: string;

    constructor(name: string, args: TracingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:Tracing", name, {}, opts);
        const nsDeps = [...(args.namespacesDependOn ?? [])];
        const ns = args.monitoringNamespace;
        // Traces are diagnostics, not records (R-SEC-AUDIT keeps the logs): the volume is not protected.
        this.tempo = new k8s.helm.v4.Chart(
            `${name}-tempo`,
            { ...chartSource(CHARTS.tempo, args.mirror?.chartRepository), namespace: ns, values: withChartImages("tempo", tempoValues(args), args.mirror?.registry) },
            { parent: this, dependsOn: nsDeps },
        );
        this.collector = new k8s.helm.v4.Chart(
            `${name}-otel-collector`,
            { ...chartSource(CHARTS.otelCollector, args.mirror?.chartRepository), namespace: ns, values: withChartImages("otelCollector", otelCollectorValues(args), args.mirror?.registry) },
            { parent: this, dependsOn: [this.tempo, ...nsDeps] },
        );
        this.otlpEndpoint = otlpEndpoint(ns);
        new k8s.apiextensions.CustomResource(
            `${name}-spanmetrics`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PodMonitor",
                metadata: { name: "otel-collector-spanmetrics", namespace: ns, labels: { "app.kubernetes.io/part-of": "devana" } },
                spec: {
                    selector: { matchLabels: { "app.kubernetes.io/name": OTEL_COLLECTOR_POD_LABELS["app.kubernetes.io/name"] } },
                    namespaceSelector: { matchNames: [ns] },
                    podMetricsEndpoints: [{ port: "spanmetrics", path: "/metrics", interval: "30s", honorLabels: true }],
                },
            },
            { parent: this, dependsOn: [...(args.crdsDependOn ?? []), ...nsDeps] },
        );
        for (const policy of tracingNetworkPolicies(args)) {
            new k8s.networking.v1.NetworkPolicy(`${name}-${policy.name}`, { metadata: { name: policy.name, namespace: ns, labels: { "app.kubernetes.io/part-of": "devana" } }, spec: policy.spec }, { parent: this, dependsOn: nsDeps });
        }
        this.registerOutputs({ tempo: this.tempo, collector: this.collector, otlpEndpoint: this.otlpEndpoint });
    }
}
