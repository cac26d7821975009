/** R-MON (requirements.md), line by line: threshold in the metric's unit, `for`, severity, the metric read. Shared by the unit and whole-stack tests. */
export const R_MON = [
    { alert: "DevanaApiHighLatency", cmp: ">", threshold: 0.5, for: "5m", severity: "warning", metric: "traefik_service_request_duration_seconds_bucket" },
    { alert: "DevanaApiHighErrorRate", cmp: ">", threshold: 0.01, for: "5m", severity: "critical", metric: "traefik_service_requests_total" },
    { alert: "PostgreSQLConnectionsHigh", cmp: ">", threshold: 0.8, for: "5m", severity: "warning", metric: "cnpg_backends_total" },
    { alert: "PostgreSQLSlowQueries", cmp: ">", threshold: 1, for: "5m", severity: "warning", metric: "cnpg_backends_max_tx_duration_seconds" },
    { alert: "ChromaDBHighQueryLatency", cmp: ">", threshold: 200, for: "5m", severity: "warning", metric: "traces_span_metrics_duration_milliseconds_bucket" },
    { alert: "RedisMemoryHigh", cmp: ">", threshold: 0.8, for: "5m", severity: "warning", metric: "redis_memory_max_bytes" },
    { alert: "LLMLowThroughput", cmp: "<", threshold: 50, for: "10m", severity: "warning", metric: "vllm:generation_tokens_total" },
    { alert: "OdinQueueBacklog", cmp: ">", threshold: 100, for: "10m", severity: "warning", metric: 'redis_key_size{key=~"devana:odin:request:wait|devana:odin:request:prioritized"}' },
    // The customer's three examples keep their durations and severities.
    { alert: "PostgreSQLDown", cmp: "==", threshold: 0, for: "1m", severity: "critical", metric: 'up{job=~".*/cloudnative-pg"}' },
    { alert: "LLMGPUMemoryHigh", cmp: ">", threshold: 0.9, for: "10m", severity: "warning", metric: "DCGM_FI_DEV_FB_USED" },
] as const;
