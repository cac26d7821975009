/**
 * R-MON alerts as data (pure, no Pulumi): every threshold of the customer's list, with its
 * duration and severity, on the metric that really exists (versions.md). Does not prove the
 * exporters are deployed or that the PromQL parses in Prometheus (no Prometheus here).
 */
import { describe, expect, it } from "vitest";
import { alertDefinitions, alertExpr, prometheusRuleSpec, traefikServiceRegex, type AlertContext } from "../../../components/platform/alerts";
import { DASHBOARD_UID, overviewDashboard } from "../../../components/platform/dashboard";
import { R_MON } from "../../support/r-mon";

const ctx: AlertContext = { appNamespace: "devana-prod", apiService: "devana-api", apiPort: 4666, odinQueueKeys: ["devana:odin:request:wait", "devana:odin:request:prioritized"] };

describe("R-MON alert definitions", () => {
    const defs = alertDefinitions(ctx);

    it("has exactly one alert per R-MON line", () => {
        expect(defs.map((d) => d.alert)).toEqual(R_MON.map((r) => r.alert));
    });

    it.each(R_MON)("$alert: $cmp $threshold for $for, $severity, on $metric", (row) => {
        const def = defs.find((d) => d.alert === row.alert)!;
        expect(def.comparison).toBe(row.cmp);
        expect(def.threshold).toBe(row.threshold);
        expect(def.for).toBe(row.for);
        expect(def.severity).toBe(row.severity);
        const expr = alertExpr(def);
        expect(expr.endsWith(`) ${row.cmp} ${row.threshold}`)).toBe(true);
        expect(expr).toContain(row.metric);
    });

    it("uses no metric of the customer's examples that does not exist, and records each one replaced", () => {
        const exprs = defs.map(alertExpr).join("\n");
        expect(exprs).not.toMatch(/nvidia_gpu_memory_/);
        expect(exprs).not.toContain('up{job="postgresql"}');
        expect(exprs).not.toContain("http_request_duration_seconds_bucket{");
        expect(Object.fromEntries(defs.filter((d) => d.customerMetric).map((d) => [d.alert, d.customerMetric]))).toEqual({
            DevanaApiHighLatency: "http_request_duration_seconds_bucket",
            PostgreSQLDown: 'up{job="postgresql"}',
            LLMGPUMemoryHigh: "nvidia_gpu_memory_used_bytes / nvidia_gpu_memory_total_bytes",
        });
    });

    it("measures the API at the gateway on its HTTP backend only (not the WebSocket port)", () => {
        const latency = defs.find((d) => d.alert === "DevanaApiHighLatency")!;
        expect(latency.signal).toContain(`service=~"${traefikServiceRegex("devana-prod", "devana-api", 4666)}"`);
        expect(latency.signal).toContain("histogram_quantile(0.95,");
        expect(latency.signal).not.toContain("5001");
    });

    it("guards the ratios and idle servers that would otherwise fire or divide by zero", () => {
        expect(defs.find((d) => d.alert === "RedisMemoryHigh")!.signal).toContain("(redis_memory_max_bytes > 0)");
        expect(defs.find((d) => d.alert === "LLMLowThroughput")!.signal).toContain('vllm:num_requests_running{devana_component="llm"}) > 0');
    });
});

describe("PrometheusRule spec", () => {
    it("holds every alert with its severity label and requirement annotation", () => {
        const spec = prometheusRuleSpec(ctx);
        expect(spec.groups).toHaveLength(1);
        const rules = spec.groups[0]!.rules;
        expect(rules).toHaveLength(R_MON.length);
        for (const row of R_MON) {
            const rule = rules.find((r) => r.alert === row.alert)!;
            expect(rule.for).toBe(row.for);
            // Only valid Prometheus label names (no dots), so every Alertmanager can match them.
            expect(rule.labels).toEqual({ severity: row.severity, part_of: "devana", component: expect.stringMatching(/^(api|postgresql|chromadb|redis|llm|odin|gpu)$/) });
            expect(rule.annotations.runbook_url).toBe(`docs/platform.md#alert-${row.alert.toLowerCase()}`);
            expect(rule.annotations.description.length).toBeGreaterThan(20);
            expect(rule.annotations.requirement).toMatch(/^R-MON/);
        }
    });
});

describe("Devana overview dashboard", () => {
    it("plots each R-MON signal with the alert's threshold", () => {
        const dashboard = overviewDashboard(ctx) as { uid: string; panels: { targets: { expr: string }[]; fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] } } } }[] };
        expect(dashboard.uid).toBe(DASHBOARD_UID);
        const defs = alertDefinitions(ctx);
        expect(dashboard.panels).toHaveLength(defs.length);
        dashboard.panels.forEach((panel, i) => {
            expect(panel.targets[0]!.expr).toBe(defs[i]!.signal);
            expect(panel.fieldConfig.defaults.thresholds.steps.map((s) => s.value)).toContain(defs[i]!.threshold);
        });
    });
});
