/**
 * R-MON as data: every alert threshold of the customer's list, with the metric that really exists
 * today (../shared/docs/versions.md, "Metrics for the R-MON alerts"). Where the customer's example
 * names a metric nobody exports, `customerMetric` keeps it and `source` says what replaced it.
 * The Grafana overview dashboard draws the same signals (dashboard.ts).
 */

export type Severity = "warning" | "critical";
export type Comparison = ">" | "<" | "==";

/** Names the expressions need: where Devana runs and how the gateway names its API backend. */
export interface AlertContext {
    /** Application namespace (the API's Service lives there). */
    readonly appNamespace: string;
    /** API Service name and HTTP port (not the WebSocket port: long-lived connections skew latency). */
    readonly apiService: string;
    readonly apiPort: number;
    /** Redis keys of Odin's waiting jobs (`odinQueueKeys`), whose sizes redis_exporter reports. */
    readonly odinQueueKeys: readonly string[];
    /** Where the runbooks live: each alert links `<base>#alert-<name>`. @default RUNBOOK_BASE */
    readonly runbookBase?: string;
}

/** The runbook page (docs/platform.md "What each alert means"), relative to the repository. */
export const RUNBOOK_BASE = "docs/platform.md";

/** Job label of the CloudNativePG PodMonitor's targets (`<monitor namespace>/cloudnative-pg`). */
export const CNPG_JOB_REGEX = ".*/cloudnative-pg";

/** Label the vLLM PodMonitor copies from the pod's `app.kubernetes.io/component` (`llm` or `embeddings`). */
export const VLLM_ROLE_LABEL = "devana_component";

/** Devana part an alert concerns: the inhibition key (a critical mutes its component's warnings). */
export type AlertComponent = "api" | "postgresql" | "chromadb" | "redis" | "llm" | "odin" | "gpu";

export interface AlertDefinition {
    /** Prometheus alert name. */
    readonly alert: string;
    /** The R-MON line it implements. */
    readonly requirement: string;
    /** PromQL of the watched value, without the comparison (the dashboard plots it). */
    readonly signal: string;
    readonly comparison: Comparison;
    /** The R-MON figure in the signal's unit. */
    readonly threshold: number;
    readonly unit: "s" | "ms" | "ratio" | "tokens/s" | "jobs" | "bool";
    /** `for` duration. */
    readonly for: string;
    readonly severity: Severity;
    readonly component: AlertComponent;
    /** What to do first (docs/platform.md repeats it with more detail). */
    readonly action: string;
    /** Exporter behind the metric, and what must run for the alert to have data. */
    readonly source: string;
    /** The metric of the customer's example, where it does not exist as written. */
    readonly customerMetric?: string;
    readonly summary: string;
}

/** Traefik's name for the Gateway API backend `<namespace>-<service>-<port>` (suffix `@kubernetesgateway`). */
export function traefikServiceRegex(namespace: string, service: string, port: number): string {
    return `.*${namespace}-${service}-${port}.*`;
}

/**
 * The R-MON alerts. Durations and severities: the customer's examples where it gives them
 * (APIHighLatency 5m warning, PostgreSQLDown 1m critical, LLMGPUMemoryHigh 10m warning); the
 * others are [eng] choices: 5m for fast signals, 10m for throughput and backlog, which swing
 * with load.
 */
export function alertDefinitions(ctx: AlertContext): AlertDefinition[] {
    const api = `service=~"${traefikServiceRegex(ctx.appNamespace, ctx.apiService, ctx.apiPort)}"`;
    return [
        {
            alert: "DevanaApiHighLatency",
            requirement: "R-MON: API latency p95 > 500 ms (scale out)",
            signal: `histogram_quantile(0.95, sum by (le) (rate(traefik_service_request_duration_seconds_bucket{${api}}[5m])))`,
            comparison: ">",
            threshold: 0.5,
            unit: "s",
            for: "5m",
            severity: "warning",
            component: "api",
            action: "Check the API pods' CPU and the HPA (at maxReplicas?), then the slowest dependency (PostgreSQL, ChromaDB, the LLM) in Tempo",
            source: "Traefik (the gateway): Devana documents no /metrics endpoint, so latency is measured at the gateway for the API backend",
            customerMetric: "http_request_duration_seconds_bucket",
            summary: "Devana API p95 latency above 500 ms: scale the API out",
        },
        {
            alert: "DevanaApiHighErrorRate",
            requirement: "R-MON: API error rate > 1%",
            signal: `sum(rate(traefik_service_requests_total{${api}, code=~"5.."}[5m]))` + ` / sum(rate(traefik_service_requests_total{${api}}[5m]))`,
            comparison: ">",
            threshold: 0.01,
            unit: "ratio",
            for: "5m",
            severity: "critical",
            component: "api",
            action: "Read the API logs in Loki for the 5xx; check its dependencies (PostgreSQL, Redis, the LLM) and the last rollout",
            source: "Traefik request counters by status code (5xx over all requests of the API backend)",
            summary: "More than 1% of Devana API requests fail with 5xx",
        },
        {
            alert: "PostgreSQLConnectionsHigh",
            requirement: "R-MON: PostgreSQL connections > 80% of max",
            signal: "sum by (namespace, pod) (cnpg_backends_total)" + ' / on (namespace, pod) max by (namespace, pod) (cnpg_pg_settings_setting{name="max_connections"})',
            comparison: ">",
            threshold: 0.8,
            unit: "ratio",
            for: "5m",
            severity: "warning",
            component: "postgresql",
            action: "Find the clients holding connections (pg_stat_activity); scale the poolers or raise max_connections with the instance size",
            source: "CloudNativePG instance exporter (PodMonitor on the Cluster pods)",
            summary: "PostgreSQL uses more than 80% of max_connections",
        },
        {
            alert: "PostgreSQLSlowQueries",
            requirement: "R-MON: PostgreSQL slow queries > 1 s",
            signal: "max by (namespace, pod) (cnpg_backends_max_tx_duration_seconds)",
            comparison: ">",
            threshold: 1,
            unit: "s",
            for: "5m",
            severity: "warning",
            component: "postgresql",
            action: "Find the long transaction in pg_stat_activity; cancel it if it blocks others; check locks and missing indexes",
            source: "CloudNativePG: age of the oldest running transaction (per-statement timing needs pg_stat_statements and a custom query)",
            summary: "PostgreSQL has transactions running longer than 1 s",
        },
        {
            alert: "ChromaDBHighQueryLatency",
            requirement: "R-MON: ChromaDB query latency > 200 ms",
            signal: "histogram_quantile(0.95, sum by (le) (rate(" + 'traces_span_metrics_duration_milliseconds_bucket{service_name="chromadb", span_kind="SPAN_KIND_SERVER"}[5m])))',
            comparison: ">",
            threshold: 200,
            unit: "ms",
            for: "5m",
            severity: "warning",
            component: "chromadb",
            action: "Open the slow ChromaDB spans in Grafana (Tempo); check the pods' CPU, memory and disk latency; scale ChromaDB",
            source: "Chroma exports OpenTelemetry traces only, no Prometheus metrics: this reads the spanmetrics connector of an " + "OpenTelemetry Collector fed by Chroma's OTLP traces; without that collector the alert has no data",
            summary: "ChromaDB p95 query latency above 200 ms",
        },
        {
            alert: "RedisMemoryHigh",
            requirement: "R-MON: Redis memory > 80%",
            // maxmemory 0 (unset) would divide by zero: only instances with a limit are compared.
            signal: "redis_memory_used_bytes / (redis_memory_max_bytes > 0)",
            comparison: ">",
            threshold: 0.8,
            unit: "ratio",
            for: "5m",
            severity: "warning",
            component: "redis",
            action: "Check big keys (redis-cli --bigkeys) and Odin's queue; raise the Redis size and maxmemory",
            source: "redis_exporter next to each Redis instance; Redis must set maxmemory",
            summary: "Redis uses more than 80% of maxmemory",
        },
        {
            alert: "LLMLowThroughput",
            requirement: "R-MON: LLM tokens/s < 50",
            // The chat servers only (the embedding servers generate no tokens, so every ingestion
            // batch would fire it), and only with requests in flight: an idle server makes 0 tokens/s.
            signal: `sum by (namespace, pod) (rate(vllm:generation_tokens_total{${VLLM_ROLE_LABEL}="llm"}[5m]))` + ` and on (namespace, pod) (sum by (namespace, pod) (vllm:num_requests_running{${VLLM_ROLE_LABEL}="llm"}) > 0)`,
            comparison: "<",
            threshold: 50,
            unit: "tokens/s",
            for: "10m",
            severity: "warning",
            component: "llm",
            action: "Check the chat server's GPU utilisation, KV-cache usage, queued requests and preemptions; add chat replicas",
            source: "vLLM /metrics (the old avg_generation_throughput gauge was removed; the token counter's rate replaces it)",
            summary: "A busy vLLM server generates fewer than 50 tokens/s",
        },
        {
            alert: "OdinQueueBacklog",
            requirement: "R-MON: Odin queue size > 100",
            // Every Redis pod (primary and replicas) reports the same keys: the largest pod's total.
            signal: `max(sum by (pod) (redis_key_size{key=~"${ctx.odinQueueKeys.join("|")}"}))`,
            comparison: ">",
            threshold: 100,
            unit: "jobs",
            for: "10m",
            severity: "warning",
            component: "odin",
            action: "Check that the Odin workers run without errors (Loki) and the embedding servers answer; add Odin replicas",
            source: "BullMQ has no queue-depth gauge of its own: the Redis pods' redis_exporter reports the length of the queue's " + "wait list and prioritized set (REDIS_EXPORTER_CHECK_SINGLE_KEYS), scraped through the redis PodMonitor",
            summary: "More than 100 documents wait in Odin's queue: add Odin workers",
        },
        {
            alert: "PostgreSQLDown",
            requirement: "R-MON example: PostgreSQLDown, 1m, critical",
            // cnpg_collector_up goes stale, not 0, when an instance crashes or is unreachable. Down
            // instead: the scrape of the instance fails, or its pod is not Ready (kube-state-metrics),
            // or no instance is scraped at all (absent - 1 = 0).
            signal:
                `min by (namespace, pod) (up{job=~"${CNPG_JOB_REGEX}"})` + ` * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_ready{condition="true"})` + ` or on () (absent(up{job=~"${CNPG_JOB_REGEX}"}) - 1)`,
            comparison: "==",
            threshold: 0,
            unit: "bool",
            for: "1m",
            severity: "critical",
            component: "postgresql",
            action: "kubectl -n devana-services get cluster,pods; read the instance's logs; CloudNativePG promotes a replica by itself; with none left, follow the restore runbook (docs/data-tier.md)",
            source:
                "Prometheus's own scrape of each CloudNativePG instance (`up` of the cloudnative-pg PodMonitor) and the pod's " + 'Ready condition (kube-state-metrics); the customer\'s job="postgresql" assumes a scrape job of that name',
            customerMetric: 'up{job="postgresql"}',
            summary: "A PostgreSQL instance is down",
        },
        {
            alert: "LLMGPUMemoryHigh",
            requirement: "R-MON example: LLMGPUMemoryHigh > 90%, 10m, warning",
            signal: "DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE)",
            comparison: ">",
            threshold: 0.9,
            unit: "ratio",
            for: "10m",
            severity: "warning",
            component: "gpu",
            action: "Something besides vLLM holds GPU memory, or vLLM runs above --gpu-memory-utilization 0.85: check nvidia-smi on the node",
            source: "NVIDIA DCGM exporter (framebuffer used / total). vLLM pre-allocates --gpu-memory-utilization (0.9 by default) of " + "each GPU, so serving pods must run below 0.9 or this alert fires permanently",
            customerMetric: "nvidia_gpu_memory_used_bytes / nvidia_gpu_memory_total_bytes",
            summary: "GPU memory above 90%",
        },
    ];
}

/** `<base>#alert-<name>`: the heading `### Alert <Name>` of docs/platform.md (GitHub's anchor). */
export function runbookUrl(alert: string, base = RUNBOOK_BASE): string {
    return `${base}#alert-${alert.toLowerCase()}`;
}

/** The full PromQL of an alert: the signal compared with its threshold. */
export function alertExpr(def: AlertDefinition): string {
    return `(${def.signal}) ${def.comparison} ${def.threshold}`;
}

export interface PrometheusRuleGroup {
    readonly name: string;
    readonly rules: readonly {
        readonly alert: string;
        readonly expr: string;
        readonly for: string;
        readonly labels: Record<string, string>;
        readonly annotations: Record<string, string>;
    }[];
}

/** `spec` of the PrometheusRule: one group holding every R-MON alert. */
export function prometheusRuleSpec(ctx: AlertContext): { groups: PrometheusRuleGroup[] } {
    return {
        groups: [
            {
                name: "devana.r-mon",
                rules: alertDefinitions(ctx).map((def) => ({
                    alert: def.alert,
                    expr: alertExpr(def),
                    for: def.for,
                    // Alert labels are Prometheus label names: no dots (legacy name validation, Alertmanager matchers).
                    labels: { severity: def.severity, part_of: "devana", component: def.component },
                    annotations: {
                        summary: def.summary,
                        description: def.action,
                        runbook_url: runbookUrl(def.alert, ctx.runbookBase),
                        requirement: def.requirement,
                        source: def.source,
                        ...(def.customerMetric ? { customer_metric: def.customerMetric } : {}),
                    },
                })),
            },
        ],
    };
}
