/**
 * The rendered-chart checks of one committed stack (issue 14): the stack is planned and every chart
 * of it rendered with Helm from the chart cache, through the same `runRenderCli` as `npm run render`.
 * What this does not prove: that the API server admits the objects (no server here; the CRD check
 * skips CEL rules) or that the images exist.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MONITORING_ALLOWANCE, PLATFORM_ALLOWANCE, workloads } from "../../config/capacity";
import { capacityInputOf } from "../../config/resolve";
import { allObjects, podSpec, scheduledWorkloads, selects, tolerates, type Toleration } from "../../scripts/lib/chart-checks";
import type { K8sObject } from "../../scripts/lib/render";
import { runRenderCli, type RenderCliRun } from "../../scripts/lib/render-cli";
import { parse } from "yaml";
import { ALERTMANAGER_CREDENTIALS_SECRET, alertmanagerConfig, CREDENTIALS_DIR, inhibitRules } from "../../components/platform/alertmanager";

export interface StackExpectations {
    /** `chart@version` of every chart the stack installs (any order). */
    readonly charts: readonly string[];
    readonly serviceType: "ClusterIP" | "NodePort" | "LoadBalancer";
    /** Annotations the gateway Service must carry (a subset). */
    readonly serviceAnnotations?: Readonly<Record<string, string>>;
    /** Container ports of Traefik's entry points (80/443; 8000/8443 on OpenShift). */
    readonly entryPoints: { readonly web: number; readonly websecure: number };
    /** devana:audit.retentionDays: Loki keeps logs that long (R-SEC-AUDIT). */
    readonly auditRetentionDays: number;
    /** Resource names of the charts whose DaemonSets must run on the GPU nodes. */
    readonly gpuCharts: readonly string[];
    /** Lower bound of custom resources validated, so a lost kind shows. */
    readonly minCustomResources: number;
    /** Cloud stacks: the capacity model's requests per pool match the rendered pods (issue 15). */
    readonly capacity?: boolean;
    /**
     * Issue 17: the Alertmanager config as kube-prometheus-stack renders it: receiver names, each
     * route's receiver and matchers (in order), and the receiver of what no route matches.
     */
    readonly alertmanager: { readonly receivers: readonly string[]; readonly routes: readonly (readonly [receiver: string, matchers: string])[]; readonly fallback: string };
    /** Issue 17: Tempo's retention (hours) and volume (the monitoring StorageClass; none = the cluster default). */
    readonly tracing: { readonly retentionHours: number; readonly diskGi: number; readonly storageClass?: string };
}

const kindOf = (objects: readonly K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

export function chartChecks(stack: string, expected: StackExpectations): void {
    describe(`${stack}: rendered with Helm at the pinned chart versions`, () => {
        let run: RenderCliRun;
        let objects: { source: string; object: K8sObject }[];
        const fromChart = (resource: string): K8sObject[] => run.render!.charts.find((c) => c.release.resource === resource)?.objects.slice() ?? [];

        beforeAll(async () => {
            run = await runRenderCli(["--stack", stack, "--out", mkdtempSync(join(tmpdir(), `devana-render-${stack}-`)), "--json"]);
            if (!run.render) {
                throw new Error(`render of ${stack} exited ${run.code}: ${run.stderr}`);
            }
            objects = allObjects(run.render);
        });

        it("renders every chart of the plan, from archives whose Chart.yaml matches the pin", () => {
            expect(run.render!.charts.map((c) => c.error ?? "rendered")).toEqual(run.render!.charts.map(() => "rendered"));
            expect(run.render!.charts.map((c) => `${c.release.chart}@${c.release.version}`).sort()).toEqual([...expected.charts].sort());
            for (const chart of run.render!.charts) {
                expect([chart.model!.name, chart.model!.version]).toEqual([chart.release.chart, chart.release.version]);
                expect(chart.objects.length).toBeGreaterThan(0);
            }
            expect(run.code).toBe(0);
        });

        it("sets only values keys that the charts read", () => {
            expect(run.summary!.findings.unknownValues).toEqual({});
        });

        it("creates custom resources (its own and the charts') that validate against their CRDs", () => {
            expect(run.summary!.findings.invalidResources).toEqual([]);
            expect(run.summary!.findings.missingCrds).toEqual([]);
            expect(run.summary!.findings.customResources).toBeGreaterThanOrEqual(expected.minCustomResources);
        });

        it(`publishes Traefik as one ${expected.serviceType} Service on 80 and 443`, () => {
            const services = kindOf(fromChart("devana-gateway-traefik"), "Service");
            expect(services).toHaveLength(1);
            const spec = services[0].spec as { type: string; ports: { port: number; targetPort: string }[] };
            expect(spec.type).toBe(expected.serviceType);
            expect(spec.ports.map((p) => [p.port, p.targetPort])).toEqual([
                [80, "web"],
                [443, "websecure"],
            ]);
            expect(services[0].metadata?.annotations ?? {}).toMatchObject(expected.serviceAnnotations ?? {});
        });

        it("terminates TLS on the 443 entry point and redirects 80 to 443 (R-NET-PORTS)", () => {
            const deployment = kindOf(fromChart("devana-gateway-traefik"), "Deployment")[0];
            const args = (podSpec(deployment)!.containers as { args: string[] }[])[0].args;
            expect(args).toEqual(
                expect.arrayContaining([
                    `--entryPoints.web.address=:${expected.entryPoints.web}/tcp`,
                    `--entryPoints.websecure.address=:${expected.entryPoints.websecure}/tcp`,
                    "--entryPoints.websecure.http.tls=true",
                    "--log.format=json",
                    "--accesslog=true",
                ]),
            );
            const redirects = kindOf(run.render!.planObjects, "HTTPRoute").filter((r) => JSON.stringify(r.spec).includes("RequestRedirect"));
            expect(redirects.map((r) => (r.spec as { rules: { filters: unknown[] }[] }).rules.map((rule) => rule.filters))).toEqual([[[{ type: "RequestRedirect", requestRedirect: { scheme: "https", port: 443, statusCode: 301 } }]]]);
        });

        it(`keeps Loki's logs ${expected.auditRetentionDays} days, deleted by the compactor (R-SEC-AUDIT)`, () => {
            const config = kindOf(fromChart("devana-monitoring-loki"), "ConfigMap").find((c) => typeof (c.data as Record<string, string>)?.["config.yaml"] === "string");
            const text = (config!.data as Record<string, string>)["config.yaml"];
            expect(text).toMatch(new RegExp(`limits_config:[\\s\\S]*?\\n  retention_period: ${expected.auditRetentionDays * 24}h\\n`));
            expect(text).toMatch(/\ncompactor:\n(?:  .*\n)*?  retention_enabled: true\n/);
            expect(text).toMatch(/\ncompactor:\n(?:  .*\n)*?  delete_request_store: filesystem\n/);
            expect(expected.auditRetentionDays).toBeGreaterThanOrEqual(365);
        });

        it("lets Prometheus select every rule and monitor the program creates", () => {
            const prometheus = kindOf(fromChart("devana-monitoring-kps"), "Prometheus");
            expect(prometheus).toHaveLength(1);
            const spec = prometheus[0].spec as Record<string, { matchLabels?: Record<string, string> } | undefined>;
            const namespaces = kindOf(run.render!.planObjects, "Namespace");
            const nsLabels = (name?: string): Record<string, string> => ({ "kubernetes.io/metadata.name": name ?? "", ...(namespaces.find((n) => n.metadata?.name === name)?.metadata?.labels ?? {}) });
            const pairs = {
                PrometheusRule: ["ruleSelector", "ruleNamespaceSelector"],
                ServiceMonitor: ["serviceMonitorSelector", "serviceMonitorNamespaceSelector"],
                PodMonitor: ["podMonitorSelector", "podMonitorNamespaceSelector"],
            } as const;
            let ours = 0;
            for (const [kind, [selector, nsSelector]] of Object.entries(pairs)) {
                for (const o of kindOf(run.render!.planObjects, kind)) {
                    ours++;
                    expect({ object: `${kind}/${o.metadata?.name}`, selected: selects(spec[selector], o.metadata?.labels) && selects(spec[nsSelector], nsLabels(o.metadata?.namespace)) }).toEqual({
                        object: `${kind}/${o.metadata?.name}`,
                        selected: true,
                    });
                }
            }
            expect(ours).toBeGreaterThanOrEqual(4);
        });

        if (expected.capacity) {
            it("asks of each pool what the capacity model counts: exactly on the services, data and GPU pools, chart pods within the allowances on compute and management", () => {
                const config = run.plan!.status === "ok" ? run.plan!.config : undefined;
                const scheduled = scheduledWorkloads(run.render!);
                const poolOf = (selector: Readonly<Record<string, string>>) => Object.values(config!.nodePools).find((p) => p.enabled && Object.entries(p.nodeLabels).every(([k, v]) => selector[k] === v))?.name;
                // Every long-running pod names its pool: none lands on whichever node is untainted.
                expect(scheduled.filter((w) => !poolOf(w.nodeSelector)).map((w) => `${w.source} ${w.name}`)).toEqual([]);
                const round = (n: number) => Math.round(n * 100) / 100;
                const sum = (list: { replicas: number; cpu: number; memoryGi: number; gpu: number }[]) =>
                    list.reduce((t, w) => ({ cpu: round(t.cpu + w.replicas * w.cpu), memoryGi: round(t.memoryGi + w.replicas * w.memoryGi), gpu: t.gpu + w.replicas * w.gpu }), { cpu: 0, memoryGi: 0, gpu: 0 });
                const model = workloads(capacityInputOf(config!)).map((w) => ({ ...w.pod, pool: w.pool, replicas: w.replicas }));
                for (const pool of ["services", "data", "gpuLlm", "gpuEmbed"] as const) {
                    expect({ pool, ...sum(scheduled.filter((w) => poolOf(w.nodeSelector) === pool)) }).toEqual({ pool, ...sum(model.filter((w) => w.pool === pool)) });
                }
                // Issue 20: controllers on compute (App), monitoring charts on management; each within its allowance.
                for (const [pool, allowance] of [
                    ["compute", PLATFORM_ALLOWANCE],
                    ["management", MONITORING_ALLOWANCE],
                ] as const) {
                    const rendered = sum(scheduled.filter((w) => poolOf(w.nodeSelector) === pool));
                    const counted = sum(model.filter((w) => w.pool === pool));
                    const slack = { pool, cpu: round(counted.cpu - rendered.cpu), memoryGi: round(counted.memoryGi - rendered.memoryGi), gpu: counted.gpu - rendered.gpu };
                    expect(slack.gpu).toBe(0);
                    expect(slack.cpu).toBeGreaterThanOrEqual(0);
                    expect(slack.cpu).toBeLessThanOrEqual(allowance.cpu);
                    expect(slack.memoryGi).toBeGreaterThanOrEqual(0);
                    expect(slack.memoryGi).toBeLessThanOrEqual(allowance.memoryGi);
                }
            });
        }

        it("renders the Alertmanager config Secret from devana:alerting: receivers, routes by severity, the Watchdog first, inhibition (issue 17)", () => {
            const secrets = kindOf(fromChart("devana-monitoring-kps"), "Secret").filter((o) => o.metadata?.name === "alertmanager-kps-alertmanager");
            expect(secrets).toHaveLength(1);
            const data = secrets[0].data as Record<string, string>;
            expect(Object.keys(data)).toEqual(["alertmanager.yaml"]);
            const text = Buffer.from(data["alertmanager.yaml"], "base64").toString("utf8");
            const config = parse(text) as { receivers: { name: string }[]; route: { receiver: string; routes: { receiver: string; matchers: string[] }[] }; inhibit_rules: unknown[] };
            expect(config.receivers.map((r) => r.name)).toEqual(expected.alertmanager.receivers);
            expect(config.route.routes.map((r) => [r.receiver, r.matchers.join(",")])).toEqual(expected.alertmanager.routes);
            expect(config.route.receiver).toBe(expected.alertmanager.fallback);
            // The Watchdog's route comes first: a route above it could swallow the heartbeat.
            expect(config.route.routes[0].matchers).toEqual(['alertname="Watchdog"']);
            const alerting = run.plan!.status === "ok" ? run.plan!.config.alerting : undefined;
            if (alerting) {
                // Helm passes the program's config through unchanged.
                expect(config).toEqual(alertmanagerConfig(alerting));
                expect(config.inhibit_rules).toEqual(inhibitRules());
            }
            // Credentials only as files from the mounted Secret, never inline.
            const files = [...text.matchAll(/_file: (\S+)/g)].map((m) => m[1]);
            for (const file of files) {
                expect(file.startsWith(`${CREDENTIALS_DIR}/`), file).toBe(true);
            }
            const alertmanagers = kindOf(fromChart("devana-monitoring-kps"), "Alertmanager");
            expect(alertmanagers).toHaveLength(1);
            expect((alertmanagers[0].spec as { secrets?: string[] }).secrets ?? []).toEqual(files.length > 0 ? [ALERTMANAGER_CREDENTIALS_SECRET] : []);
        });

        it("runs the OpenTelemetry Collector and Tempo as planned; the tracing policies and PodMonitor select their pods (issue 17)", () => {
            type Labelled = { template: { metadata: { labels: Record<string, string> } } };
            const collector = kindOf(fromChart("devana-tracing-otel-collector"), "Deployment");
            expect(collector).toHaveLength(1);
            const collectorLabels = (collector[0].spec as Labelled).template.metadata.labels;
            const collectorContainer = (podSpec(collector[0])!.containers as { image: string; ports: { name: string; containerPort: number }[] }[])[0];
            expect(collectorContainer.image.endsWith("otel/opentelemetry-collector-contrib:0.158.0"), collectorContainer.image).toBe(true);
            expect(collectorContainer.ports.map((p) => [p.name, p.containerPort])).toEqual([
                ["otlp", 4317],
                ["spanmetrics", 8889],
            ]);
            const relay = parse((kindOf(fromChart("devana-tracing-otel-collector"), "ConfigMap")[0].data as Record<string, string>).relay) as Record<string, any>;
            expect(Object.keys(relay.receivers)).toEqual(["otlp"]);
            expect(Object.keys(relay.receivers.otlp.protocols)).toEqual(["grpc"]);
            expect(Object.keys(relay.exporters).sort()).toEqual(["otlp/tempo", "prometheus"]);
            expect(relay.exporters["otlp/tempo"].endpoint).toBe("tempo.monitoring.svc:4317");
            expect(Object.keys(relay.connectors)).toEqual(["spanmetrics"]);
            expect(relay.service.pipelines).toEqual({
                metrics: { receivers: ["spanmetrics"], processors: ["memory_limiter", "batch"], exporters: ["prometheus"] },
                traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["otlp/tempo", "spanmetrics"] },
            });

            const tempo = kindOf(fromChart("devana-tracing-tempo"), "StatefulSet");
            expect(tempo).toHaveLength(1);
            const tempoSpec = tempo[0].spec as Labelled & { volumeClaimTemplates: { spec: { storageClassName?: string | null; resources: { requests: { storage: string } } } }[] };
            expect((podSpec(tempo[0])!.containers as { image: string }[])[0].image.endsWith("grafana/tempo:2.10.8")).toBe(true);
            expect(tempoSpec.volumeClaimTemplates.map((v) => [v.spec.resources.requests.storage, v.spec.storageClassName ?? undefined])).toEqual([[`${expected.tracing.diskGi}Gi`, expected.tracing.storageClass]]);
            const tempoConfigMap = kindOf(fromChart("devana-tracing-tempo"), "ConfigMap").find((c) => "tempo.yaml" in ((c.data as Record<string, string>) ?? {}));
            const tempoFile = parse((tempoConfigMap!.data as Record<string, string>)["tempo.yaml"]) as Record<string, any>;
            expect(tempoFile.compactor.compaction.block_retention).toBe(`${expected.tracing.retentionHours}h`);
            expect(tempoFile.distributor.receivers).toEqual({ otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" } } } });
            const tempoPorts = (kindOf(fromChart("devana-tracing-tempo"), "Service")[0].spec as { ports: { port: number }[] }).ports.map((p) => p.port);
            expect(tempoPorts).toEqual(expect.arrayContaining([3200, 4317]));

            // Our objects select the charts' pods: a renamed label would silently open or close a flow.
            type Policy = { podSelector: { matchLabels: Record<string, string> }; ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[] };
            const policy = (name: string): Policy => kindOf(run.render!.planObjects, "NetworkPolicy").find((p) => p.metadata?.name === name)!.spec as Policy;
            expect(selects(policy("otel-collector-ingress").podSelector, collectorLabels)).toBe(true);
            expect(selects(policy("tempo-ingress").podSelector, tempoSpec.template.metadata.labels)).toBe(true);
            expect(selects(policy("tempo-ingress").ingress[0].from[0].podSelector, collectorLabels)).toBe(true);
            const grafana = kindOf(fromChart("devana-monitoring-kps"), "Deployment").filter((d) => /grafana/.test(d.metadata?.name ?? ""));
            expect(grafana).toHaveLength(1);
            expect(selects(policy("tempo-ingress").ingress[1].from[0].podSelector, (grafana[0].spec as Labelled).template.metadata.labels)).toBe(true);
            const monitor = kindOf(run.render!.planObjects, "PodMonitor").find((m) => m.metadata?.name === "otel-collector-spanmetrics")!.spec as {
                selector: { matchLabels: Record<string, string> };
                podMetricsEndpoints: { port: string }[];
            };
            expect(selects(monitor.selector, collectorLabels)).toBe(true);
            expect(collectorContainer.ports.map((p) => p.name)).toContain(monitor.podMetricsEndpoints[0].port);
        });

        const gpuPools = () => Object.values(run.plan!.status === "ok" ? run.plan!.config.nodePools : {}).filter((p) => p.enabled && p.gpu);

        if (expected.gpuCharts.length === 0) {
            it("has no GPU pool and installs no GPU component", () => {
                expect(gpuPools()).toEqual([]);
                expect(run.render!.charts.filter((c) => /gpu|nvidia|dcgm/.test(c.release.chart))).toEqual([]);
            });
            return;
        }

        it("runs the GPU components on every enabled GPU pool, whatever its taints", () => {
            const taints = gpuPools().flatMap((p) => p.taints);
            expect(taints.length).toBeGreaterThan(0);
            const daemonSets = expected.gpuCharts.flatMap((c) => kindOf(fromChart(c), "DaemonSet"));
            expect(daemonSets.length).toBeGreaterThanOrEqual(expected.gpuCharts.length);
            const policies = objects.filter((o) => o.object.kind === "ClusterPolicy").map((o) => o.object);
            const tolerationSets = [
                ...daemonSets.map((d) => ({ name: `DaemonSet/${d.metadata?.name}`, tolerations: podSpec(d)!.tolerations as Toleration[] })),
                // The GPU Operator creates its operands from the ClusterPolicy.
                ...policies.map((p) => ({ name: `ClusterPolicy/${p.metadata?.name}`, tolerations: (p.spec as { daemonsets: { tolerations: Toleration[] } }).daemonsets.tolerations })),
            ];
            for (const set of tolerationSets) {
                for (const taint of taints) {
                    expect({ workload: set.name, taint: taint.key, tolerated: tolerates(set.tolerations, taint) }).toEqual({ workload: set.name, taint: taint.key, tolerated: true });
                }
            }
        });
    });
}
