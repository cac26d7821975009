/**
 * Issue 17: alert delivery (config/alerting.ts, components/platform/alertmanager.ts) and every
 * R-MON expression through Prometheus's PromQL grammar. Pure; does not prove Alertmanager accepts
 * the config (no Alertmanager here: the rendered Secret is checked in test/charts) or that a
 * notification arrives.
 */
import { describe, expect, it } from "vitest";
import { armedAlerting, checkAlertingConfig, type Alerting } from "../../../config/alerting";
import type { SecretKey } from "../../../config/schema";
import { alertmanagerConfig, credentialKeys, CREDENTIALS_DIR } from "../../../components/platform/alertmanager";
import { alertDefinitions, alertExpr } from "../../../components/platform/alerts";
import { kubePrometheusStackValues } from "../../../components/platform/monitoring";
import { parsePromQL } from "../../support/promql";
import { issues, ok, ONPREM } from "../../support/parse-helpers";

const base: Alerting = {
    smtp: { smarthost: "smtp.example.com:587", from: "alerts@example.com", requireTls: true },
    receivers: {
        oncall: { email: ["oncall@example.com"], pagerduty: true },
        team: { slack: { channel: "#devana-alerts" }, teams: true },
        deadman: { heartbeat: true },
    },
    routes: { critical: "oncall", warning: "team", watchdog: "deadman" },
    repeatInterval: "4h",
};
const allSecrets = new Set<SecretKey>(["alertPagerDutyRoutingKey", "alertSlackWebhookUrl", "alertTeamsWebhookUrl", "alertHeartbeatUrl"]);

describe("devana:alerting rules", () => {
    it("accepts receivers whose secrets are set, with no warning in prod", () => {
        expect(checkAlertingConfig(base, "prod", allSecrets)).toEqual({ issues: [], warnings: [] });
    });

    it("refuses prod without a critical route, naming the key; dev and staging may go without", () => {
        const none: Alerting = { receivers: {}, routes: {}, repeatInterval: "4h" };
        expect(checkAlertingConfig(none, "prod", new Set()).issues.map((i) => i.key)).toEqual(["alerting.routes.critical"]);
        expect(checkAlertingConfig(none, "staging", new Set())).toEqual({ issues: [], warnings: [] });
    });

    it("refuses a prod critical route to a heartbeat-only receiver, and a Watchdog sharing a receiver", () => {
        const result = checkAlertingConfig({ ...base, routes: { critical: "deadman", warning: "team", watchdog: "deadman" } }, "prod", allSecrets);
        expect(result.issues.map((i) => i.key)).toEqual(["alerting.routes.watchdog", "alerting.routes.critical"]);
    });

    it("names each missing credential secret once, and the missing relay; a missing heartbeat URL only warns", () => {
        const result = checkAlertingConfig({ ...base, smtp: undefined, receivers: { ...base.receivers, other: { slack: { channel: "#x" } } } }, "dev", new Set());
        expect(result.issues.map((i) => i.key).sort()).toEqual(["alerting.receivers.oncall.email", "alertPagerDutyRoutingKey", "alertSlackWebhookUrl", "alertTeamsWebhookUrl"].sort());
        expect(result.warnings).toEqual(["devana:alertHeartbeatUrl is not set: the Watchdog's receiver \"deadman\" pings no dead man's switch until it is (`pulumi config set --secret devana:alertHeartbeatUrl <ping URL>`)"]);
    });

    it("deploys a heartbeat only with its URL: without it the Watchdog's receiver drops it and reads no credential", () => {
        expect(armedAlerting(base, allSecrets)).toBe(base);
        const unarmed = armedAlerting(base, new Set(["alertPagerDutyRoutingKey", "alertSlackWebhookUrl", "alertTeamsWebhookUrl"]));
        expect(unarmed.receivers).toEqual({ oncall: base.receivers.oncall, team: base.receivers.team, deadman: {} });
        expect(unarmed.routes).toEqual(base.routes);
        expect(credentialKeys(unarmed)).toEqual(["alertPagerDutyRoutingKey", "alertSlackWebhookUrl", "alertTeamsWebhookUrl"]);
        expect((alertmanagerConfig(unarmed).receivers as { name: string }[]).find((r) => r.name === "deadman")).toEqual({ name: "deadman" });
    });

    it("refuses routes to unknown receivers, a heartbeat off the Watchdog route, the reserved name null, and SMTP auth without its password", () => {
        const result = checkAlertingConfig(
            { ...base, smtp: { ...base.smtp!, username: "alerts" }, receivers: { ...base.receivers, null: { email: ["a@example.com"] }, beat2: { heartbeat: true } }, routes: { critical: "pager", warning: "team", watchdog: "deadman" } },
            "dev",
            allSecrets,
        );
        expect(result.issues.map((i) => i.key)).toEqual(["alerting.routes.critical", "alerting.receivers.null", "alerting.receivers.beat2.heartbeat", "alertSmtpPassword"]);
    });

    it("warns a prod stack without a dead man's switch", () => {
        expect(checkAlertingConfig({ ...base, routes: { critical: "oncall" } }, "prod", allSecrets).warnings).toEqual([expect.stringContaining("devana:alerting.routes.watchdog")]);
    });

    it("is checked by parseConfig: prod without a critical route exits with the key, a channel needs at least one entry", () => {
        const prod = { ...ONPREM, "devana:environment": "prod", "devana:alerting": { receivers: {} } };
        expect(issues(prod)).toContainEqual({ key: "devana:alerting.routes.critical", message: expect.stringContaining("required in prod") });
        expect(issues({ ...ONPREM, "devana:alerting": { receivers: { x: {} } } })).toEqual([{ key: "devana:alerting.receivers.x", message: expect.stringContaining("at least one channel") }]);
        expect(ok(ONPREM).alerting.routes).toEqual({ critical: "oncall" });
    });
});

describe("Alertmanager config", () => {
    const config = alertmanagerConfig(base) as {
        global: Record<string, unknown>;
        route: { receiver: string; repeat_interval: string; routes: { receiver: string; matchers: string[]; repeat_interval?: string }[] };
        inhibit_rules: { source_matchers?: string[]; target_matchers: string[]; equal?: string[] }[];
        receivers: Record<string, unknown>[];
    };

    it("routes the Watchdog first to its own receiver every minute, then critical and warning by severity", () => {
        expect(config.route.receiver).toBe("team");
        expect(config.route.repeat_interval).toBe("4h");
        expect(config.route.routes.map((r) => [r.receiver, r.matchers])).toEqual([
            ["deadman", ['alertname="Watchdog"']],
            ["null", ['alertname="InfoInhibitor"']],
            ["oncall", ['severity="critical"']],
            ["team", ['severity="warning"']],
        ]);
        expect(config.route.routes[0].repeat_interval).toBe("1m");
    });

    it("reads every credential from the mounted Secret, never inline", () => {
        expect(config.receivers).toEqual([
            { name: "null" },
            { name: "oncall", email_configs: [{ to: "oncall@example.com", send_resolved: true }], pagerduty_configs: [{ routing_key_file: `${CREDENTIALS_DIR}/alertPagerDutyRoutingKey`, send_resolved: true }] },
            {
                name: "team",
                slack_configs: [{ api_url_file: `${CREDENTIALS_DIR}/alertSlackWebhookUrl`, channel: "#devana-alerts", send_resolved: true }],
                msteamsv2_configs: [{ webhook_url_file: `${CREDENTIALS_DIR}/alertTeamsWebhookUrl`, send_resolved: true }],
            },
            { name: "deadman", webhook_configs: [{ url_file: `${CREDENTIALS_DIR}/alertHeartbeatUrl`, send_resolved: false }] },
        ]);
        expect(config.global).toEqual({ resolve_timeout: "5m", smtp_smarthost: "smtp.example.com:587", smtp_from: "alerts@example.com", smtp_require_tls: true });
        expect(credentialKeys(base)).toEqual(["alertHeartbeatUrl", "alertPagerDutyRoutingKey", "alertSlackWebhookUrl", "alertTeamsWebhookUrl"]);
    });

    it("inhibits warnings by criticals of the same alert, and of the same Devana component only when the critical has one", () => {
        expect(config.inhibit_rules[0]).toEqual({ source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: ["namespace", "alertname"] });
        expect(config.inhibit_rules[1]).toEqual({ source_matchers: ['severity="critical"', 'component=~".+"'], target_matchers: ['severity="warning"'], equal: ["component"] });
    });

    it("goes into kube-prometheus-stack's values with the credentials Secret mounted", () => {
        const placement = { nodeSelector: {}, tolerations: [] };
        const values = kubePrometheusStackValues({ tier: "minimal", size: { cpu: 1, memoryGi: 2, diskGi: 20, replicas: 1 }, placement, monitoringNamespace: "monitoring", alerting: base } as never) as {
            alertmanager: { config: unknown; alertmanagerSpec: { secrets?: string[] } };
        };
        expect(values.alertmanager.config).toEqual(alertmanagerConfig(base));
        expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(["alertmanager-credentials"]);
        const emailOnly = kubePrometheusStackValues({
            tier: "minimal",
            size: { cpu: 1, memoryGi: 2, diskGi: 20, replicas: 1 },
            placement,
            monitoringNamespace: "monitoring",
            alerting: { ...base, receivers: { oncall: { email: ["a@example.com"] } }, routes: { critical: "oncall" } },
        } as never) as {
            alertmanager: { alertmanagerSpec: { secrets?: string[] } };
        };
        expect(emailOnly.alertmanager.alertmanagerSpec.secrets).toBeUndefined();
    });
});

describe("R-MON expressions through Prometheus's PromQL grammar", () => {
    const ctx = { appNamespace: "devana-prod", apiService: "devana-api", apiPort: 4666, odinQueueKeys: ["devana:odin:request:wait", "devana:odin:request:prioritized"] };
    const api = 'service=~".*devana-prod-devana-api-4666.*"';
    // Every series each alert reads, with its matchers: a lost or widened selector shows here.
    const SELECTS: Record<string, [string, ...string[]][]> = {
        DevanaApiHighLatency: [["traefik_service_request_duration_seconds_bucket", api]],
        DevanaApiHighErrorRate: [
            ["traefik_service_requests_total", api, 'code=~"5.."'],
            ["traefik_service_requests_total", api],
        ],
        PostgreSQLConnectionsHigh: [["cnpg_backends_total"], ["cnpg_pg_settings_setting", 'name="max_connections"']],
        PostgreSQLSlowQueries: [["cnpg_backends_max_tx_duration_seconds"]],
        ChromaDBHighQueryLatency: [["traces_span_metrics_duration_milliseconds_bucket", 'service_name="chromadb"', 'span_kind="SPAN_KIND_SERVER"']],
        RedisMemoryHigh: [["redis_memory_used_bytes"], ["redis_memory_max_bytes"]],
        // The chat servers only: the embedding servers generate no tokens.
        LLMLowThroughput: [
            ["vllm:generation_tokens_total", 'devana_component="llm"'],
            ["vllm:num_requests_running", 'devana_component="llm"'],
        ],
        OdinQueueBacklog: [["redis_key_size", 'key=~"devana:odin:request:wait|devana:odin:request:prioritized"']],
        // The scrape and the pod's readiness, not the stale-prone cnpg_collector_up.
        PostgreSQLDown: [
            ["up", 'job=~".*/cloudnative-pg"'],
            ["kube_pod_status_ready", 'condition="true"'],
            ["up", 'job=~".*/cloudnative-pg"'],
        ],
        LLMGPUMemoryHigh: [["DCGM_FI_DEV_FB_USED"], ["DCGM_FI_DEV_FB_USED"], ["DCGM_FI_DEV_FB_FREE"]],
    };

    it.each(alertDefinitions(ctx).map((d) => [d.alert, d] as const))("%s parses and selects exactly its series", (name, def) => {
        const parsed = parsePromQL(alertExpr(def));
        expect(parsed.errors).toEqual([]);
        expect(parsed.selectors.map((s) => [s.metric, ...s.matchers])).toEqual(SELECTS[name]);
    });

    it("PostgreSQLDown also fires when no instance is scraped at all", () => {
        const def = alertDefinitions(ctx).find((d) => d.alert === "PostgreSQLDown")!;
        expect(parsePromQL(alertExpr(def)).functions).toEqual(["min", "max", "absent"]);
    });

    it("the check fails on a broken expression (planted)", () => {
        expect(parsePromQL("sum(rate(up[5m])").errors).toHaveLength(1);
        expect(parsePromQL('up{job=~".*"').errors.length).toBeGreaterThan(0);
    });
});
