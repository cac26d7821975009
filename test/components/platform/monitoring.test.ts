/**
 * Monitoring's pure builders: kube-prometheus-stack, Loki and Alloy values, retention, scrape
 * targets and monitors. Does not prove the charts accept these values (no Helm here).
 */
import { describe, expect, it } from "vitest";
import { resolveSizing } from "../../../config/tiers";
import { alloyValues, kubePrometheusStackValues, LOKI_DISK_GI, lokiRetentionPeriod, lokiValues, monitorSpec, PROMETHEUS_RETENTION_DAYS, scrapeTargets } from "../../../components/platform/monitoring";
import { compute } from "../../support/platform-pools";

describe("monitoring values", () => {
    it.each([365, 400, 2555])("Loki keeps logs %i days: compactor retention on, filesystem store without lifecycle", (days) => {
        const values = lokiValues({ tier: "production", auditRetentionDays: days, placement: compute }) as Record<string, any>;
        expect(values.loki.limits_config.retention_period).toBe(`${days * 24}h`);
        expect(Number.parseInt(lokiRetentionPeriod(days), 10) / 24).toBeGreaterThanOrEqual(days);
        expect(values.loki.compactor).toEqual({ retention_enabled: true, delete_request_store: "filesystem" });
        expect(values.loki.storage).toEqual({ type: "filesystem" });
        expect(values.deploymentMode).toBe("Monolithic");
        expect(values.singleBinary.persistence.size).toBe(`${LOKI_DISK_GI.production}Gi`);
    });

    it.each(["minimal", "production", "enterprise"] as const)("kube-prometheus-stack %s: retention and volume per tier, every rule and monitor selected", (tier) => {
        const size = resolveSizing(tier).monitoring;
        const values = kubePrometheusStackValues({ tier, size, placement: compute, monitoringNamespace: "monitoring" }) as Record<string, any>;
        const spec = values.prometheus.prometheusSpec;
        expect(spec.retention).toBe(`${PROMETHEUS_RETENTION_DAYS[tier]}d`);
        expect(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe(`${size.diskGi}Gi`);
        expect(Number.parseInt(spec.retentionSize, 10)).toBeLessThan(size.diskGi);
        for (const key of ["ruleSelectorNilUsesHelmValues", "serviceMonitorSelectorNilUsesHelmValues", "podMonitorSelectorNilUsesHelmValues"]) {
            expect(spec[key]).toBe(false);
        }
        expect(values.grafana.admin.existingSecret).toBe("grafana-admin");
        expect(values.grafana.additionalDataSources[0].url).toBe("http://loki.monitoring.svc:3100");
    });

    it("ships every pod's logs to Loki with Alloy, once (one replica reading through the API)", () => {
        const values = alloyValues("monitoring", compute) as Record<string, any>;
        expect(values.controller).toMatchObject({ type: "deployment", replicas: 1 });
        const config: string = values.alloy.configMap.content;
        expect(config).toContain('loki.source.kubernetes "pods"');
        expect(config).toContain('url = "http://loki.monitoring.svc:3100/loki/api/v1/push"');
        for (const label of ["namespace", "pod", "container", "app"]) {
            expect(config).toContain(`target_label  = "${label}"`);
        }
    });

    it("scrapes Traefik, vLLM, CloudNativePG, Redis and the BullMQ exporter", () => {
        const targets = scrapeTargets({ services: "devana-services", ai: "devana-ai", gateway: "traefik" });
        expect(targets.map((t) => [t.id, t.kind, t.namespace, t.port])).toEqual([
            ["traefik", "PodMonitor", "traefik", "metrics"],
            ["vllm", "PodMonitor", "devana-ai", "http"],
            ["cloudnative-pg", "PodMonitor", "devana-services", "metrics"],
            ["redis", "PodMonitor", "devana-services", "metrics"],
        ]);
        expect(monitorSpec(targets[0]!)).toEqual({
            selector: { matchLabels: { "app.kubernetes.io/name": "traefik" } },
            namespaceSelector: { matchNames: ["traefik"] },
            podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "30s", honorLabels: true }],
        });
    });
});
