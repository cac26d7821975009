/**
 * Issue 14: the checks fail when they should, on the real pinned charts. Each case plants one fault
 * the mock runtime cannot see (an unread values key, a schema-violating value, an unknown field of
 * a custom resource, a missing or mislabelled archive) and expects the exact finding.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CHARTS } from "../../config/versions";
import { traefikValues } from "../../components/platform/gateway";
import { resolveSizing } from "../../config/tiers";
import { chartCacheDir, loadCachedChart } from "../../scripts/lib/chart-cache";
import { checkStack } from "../../scripts/lib/chart-checks";
import { resolveHelm } from "../../scripts/lib/helm";
import { renderChart, type ChartRelease, type K8sObject, type RenderedChart } from "../../scripts/lib/render";
import { unknownValueKeys } from "../../scripts/lib/values-keys";

const cache = chartCacheDir();
const compute = { nodeSelector: { "devana.ai/pool": "compute" }, tolerations: [] };
const values = traefikValues({ size: resolveSizing("production").gateway, placement: compute, serviceAnnotations: {}, serviceType: "ClusterIP", loadBalancerSourceRanges: [] });
const release = (v: Record<string, unknown>): ChartRelease => ({
    resource: "devana-gateway-traefik",
    chart: CHARTS.traefik.chart,
    version: CHARTS.traefik.version,
    repository: CHARTS.traefik.repository,
    release: "devana-gateway-traefik",
    namespace: "traefik",
    values: v,
    skipCrds: false,
});

describe("planted faults in chart values and custom resources", () => {
    let helm: string;
    let traefik: RenderedChart;
    beforeAll(() => {
        helm = resolveHelm();
        traefik = renderChart(release(values), { helm, cacheDir: cache, kubeVersion: "1.33" });
    });

    it("reads every Traefik value the gateway sets today", () => {
        expect(traefik.error).toBeUndefined();
        expect(unknownValueKeys(traefik.model!, values)).toEqual([]);
    });

    it("names values keys that Traefik 41 accepts but never reads (the old service.type and source ranges)", () => {
        const planted = { ...values, service: { ...(values.service as object), type: "NodePort", loadBalancerSourceRanges: ["10.0.0.0/8"] }, deployment: { replicas: 2, replica: 3 } };
        expect(unknownValueKeys(traefik.model!, planted)).toEqual(["deployment.replica", "service.type", "service.loadBalancerSourceRanges"]);
        const dcgm = loadCachedChart(CHARTS.dcgmExporter.chart, CHARTS.dcgmExporter.version, cache).model;
        expect(unknownValueKeys(dcgm, { mapPodsMetrics: true, serviceMonitor: { enabled: false } })).toEqual(["mapPodsMetrics"]);
    });

    it("fails the render with Helm's schema message for a key the chart's schema forbids (the old logs and ports.websecure.tls)", () => {
        const ports = values.ports as Record<string, Record<string, unknown>>;
        const planted = { ...values, logs: { general: { format: "json" } }, ports: { ...ports, websecure: { ...ports.websecure, tls: { enabled: true } } } };
        const rendered = renderChart(release(planted), { helm, cacheDir: cache, kubeVersion: "1.33" });
        expect(rendered.objects).toEqual([]);
        expect(rendered.error).toContain("at '/ports/websecure': additional properties 'tls' not allowed");
        expect(rendered.error).toContain("at '': additional properties 'logs' not allowed");
    });

    it("finds an unknown field and a wrong type in a custom resource, against the CRD the chart renders", () => {
        const option = (spec: Record<string, unknown>): K8sObject => ({ apiVersion: "traefik.io/v1alpha1", kind: "TLSOption", metadata: { name: "default", namespace: "traefik" }, spec });
        const render = (plan: K8sObject[]) => ({ charts: [traefik], planObjects: plan, external: [], apiVersions: [] });
        expect(checkStack(render([option({ minVersion: "VersionTLS13", sniStrict: true })]), []).invalidResources).toEqual([]);
        const findings = checkStack(render([option({ minVersoin: "VersionTLS13", sniStrict: "yes" })]), []);
        expect(findings.invalidResources).toEqual([
            { source: "plan", errors: ["TLSOption/traefik/default.spec.minVersoin: unknown field (the API server prunes it)", 'TLSOption/traefik/default.spec.sniStrict: must be a boolean, got "yes"'] },
        ]);
        // A kind whose CRD is nowhere is reported, not passed.
        expect(checkStack(render([{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }]), []).missingCrds).toEqual(["example.com/v1:Widget"]);
    });

    it("names the missing archive, and refuses an archive whose Chart.yaml is another version", () => {
        const empty = mkdtempSync(join(tmpdir(), "devana-charts-"));
        expect(renderChart(release(values), { helm, cacheDir: empty, kubeVersion: "1.33" }).error).toMatch(/has no traefik-41\.3\.0\.tgz: run `npm run charts:pull`/);
        copyFileSync(join(cache, "traefik-41.3.0.tgz"), join(empty, "traefik-41.4.0.tgz"));
        expect(renderChart({ ...release(values), version: "41.4.0" }, { helm, cacheDir: empty, kubeVersion: "1.33" }).error).toMatch(/traefik-41\.4\.0\.tgz holds chart traefik 41\.3\.0, not the pinned traefik 41\.4\.0/);
    });
});
