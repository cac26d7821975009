/**
 * Monitoring (R-MON, R-K8S) in the `monitoring` namespace: kube-prometheus-stack (Prometheus,
 * Alertmanager, Grafana), Loki for logs kept at least `devana:audit.retentionDays` (R-SEC-AUDIT)
 * fed by Grafana Alloy, and the objects we author so tests and policies see them: the R-MON PrometheusRule, the
 * PodMonitors of the Devana data and AI services, and the overview dashboard.
 *
 * On OpenShift the cluster already runs the Prometheus Operator (its CRDs belong to the cluster
 * version operator), node-exporter and kube-state-metrics; a second stack would need privileged
 * host access and cluster-admin. There the rules and monitors go to OpenShift's user-workload
 * monitoring, which the cluster admin enables (docs/onprem.md); Loki and Alloy stay ours.
 *
 * With `clusterScope: "preinstalled"` (issue 10) nothing cluster-scoped is installed: no
 * kube-prometheus-stack (its CRDs, node-exporter and ClusterRoles are the admin's), Loki with a
 * Role instead of a ClusterRole, Alloy without its PodLogs CRD and with a Role per Devana namespace
 * it reads logs from.
 */
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Distribution, Tier } from "../../config/defaults";
import type { ComponentSize } from "../../config/tiers";
import { CHARTS } from "../../config/versions";
import { placementSpec, type Placement } from "../k8s/placement";
import { containerSecurityContext, resourcesFor, sccPodSecurityValues } from "../k8s/pod-spec";
import type { Alerting } from "../../config/alerting";
import type { SecretKey } from "../../config/schema";
import { ALERTMANAGER_CREDENTIALS_SECRET, alertmanagerConfig, credentialKeys } from "./alertmanager";
import { prometheusRuleSpec, VLLM_ROLE_LABEL, type AlertContext } from "./alerts";
import { DASHBOARD_LABEL, overviewDashboard } from "./dashboard";
import { chartSource } from "../k8s/helm";
import type { ClusterScope } from "./namespaces";
import { withChartImages, type Mirror } from "./image-mirror";

/** Label a pod carries to be scraped by one of the PodMonitors below (contract with the workloads). */
export const METRICS_LABEL = "devana.ai/metrics";

/** [eng] Prometheus keeps raw metrics this long per tier; long-term trends belong in dashboards' exports. */
export const PROMETHEUS_RETENTION_DAYS: Readonly<Record<Tier, number>> = { minimal: 15, production: 30, enterprise: 90 };
/** [eng] R-STO: logs grow ~50 GB/month at 1,000 users: a year of logs plus headroom per tier. */
export const LOKI_DISK_GI: Readonly<Record<Tier, number>> = { minimal: 50, production: 250, enterprise: 750 };
/** [eng] Alertmanager keeps silences and notification state only. */
export const ALERTMANAGER_DISK_GI = 10;
export const GRAFANA_DISK_GI = 10;

export const KPS_FULLNAME = "kps";
export const LOKI_FULLNAME = "loki";
export const LOKI_PORT = 3100;
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
/** Namespace of OpenShift's user-workload Prometheus, Thanos Ruler and their operator. */
export const OPENSHIFT_USER_WORKLOAD_NAMESPACE = "openshift-user-workload-monitoring";

/** Who runs Prometheus: our kube-prometheus-stack, or OpenShift's user-workload monitoring. */
export type MonitoringStack = "kube-prometheus-stack" | "openshift-user-workload";

export function monitoringStackFor(distribution: Distribution): MonitoringStack {
    return distribution === "openshift" ? "openshift-user-workload" : "kube-prometheus-stack";
}

/** Namespace of the Prometheus pods that scrape the Devana workloads (the NetworkPolicy peer). */
export function scraperNamespace(distribution: Distribution, monitoringNamespace: string): string {
    return monitoringStackFor(distribution) === "openshift-user-workload" ? OPENSHIFT_USER_WORKLOAD_NAMESPACE : monitoringNamespace;
}

// ---------------------------------------------------------------------------------------------
// Scrape targets

export interface LabelSelector {
    readonly matchLabels?: Record<string, string>;
    readonly matchExpressions?: readonly { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}

export interface ScrapeTarget {
    /** Stable id: child name suffix and object name. */
    readonly id: string;
    readonly kind: "PodMonitor" | "ServiceMonitor";
    /** Namespace of the scraped pods. */
    readonly namespace: string;
    readonly selector: LabelSelector;
    /** Named container (PodMonitor) or Service (ServiceMonitor) port. */
    readonly port: string;
    readonly path: string;
    /** Keep the exporter's own labels (Traefik's `service`, DCGM's `pod`) over the target's. */
    readonly honorLabels: boolean;
    /** Target labels copied onto every series (`relabelings`). @default none */
    readonly relabelings?: readonly { sourceLabels: string[]; targetLabel: string; action: "replace" }[];
}

export interface ScrapeNamespaces {
    readonly services: string;
    readonly ai: string;
    readonly gateway: string;
}

/** The scrape targets of the R-MON signals (DCGM comes with the GPU component). */
export function scrapeTargets(ns: ScrapeNamespaces): ScrapeTarget[] {
    return [
        { id: "traefik", kind: "PodMonitor", namespace: ns.gateway, selector: { matchLabels: { "app.kubernetes.io/name": "traefik" } }, port: "metrics", path: "/metrics", honorLabels: true },
        {
            id: "vllm",
            kind: "PodMonitor",
            namespace: ns.ai,
            selector: { matchLabels: { [METRICS_LABEL]: "vllm" } },
            port: "http",
            path: "/metrics",
            honorLabels: false,
            // Chat (`llm`) or embeddings: LLMLowThroughput reads the chat servers only.
            relabelings: [{ sourceLabels: ["__meta_kubernetes_pod_label_app_kubernetes_io_component"], targetLabel: VLLM_ROLE_LABEL, action: "replace" }],
        },
        {
            id: "cloudnative-pg",
            kind: "PodMonitor",
            namespace: ns.services,
            // Every instance of every Cluster, not the PgBouncer poolers.
            selector: {
                matchExpressions: [
                    { key: "cnpg.io/cluster", operator: "Exists" },
                    { key: "cnpg.io/poolerName", operator: "DoesNotExist" },
                ],
            },
            port: "metrics",
            path: "/metrics",
            honorLabels: false,
        },
        { id: "redis", kind: "PodMonitor", namespace: ns.services, selector: { matchLabels: { [METRICS_LABEL]: "redis" } }, port: "metrics", path: "/metrics", honorLabels: false },
    ];
}

/**
 * Namespace of a target's monitor: ours selects across namespaces from `monitoring`; OpenShift's
 * user-workload Prometheus ignores namespace selectors and reads a monitor only next to its pods.
 */
export function monitorNamespace(target: ScrapeTarget, monitoringNamespace: string, stack: MonitoringStack): string {
    return stack === "openshift-user-workload" ? target.namespace : monitoringNamespace;
}

/** `spec` of the PodMonitor or ServiceMonitor of a target. */
export function monitorSpec(target: ScrapeTarget): Record<string, unknown> {
    const endpoint = {
        port: target.port,
        path: target.path,
        interval: "30s",
        honorLabels: target.honorLabels,
        ...(target.relabelings ? { relabelings: target.relabelings.map((r) => ({ ...r, sourceLabels: [...r.sourceLabels] })) } : {}),
    };
    return {
        selector: target.selector,
        namespaceSelector: { matchNames: [target.namespace] },
        ...(target.kind === "PodMonitor" ? { podMetricsEndpoints: [endpoint] } : { endpoints: [endpoint] }),
    };
}

// ---------------------------------------------------------------------------------------------
// Chart values

const volumeClaim = (sizeGi: number, storageClass?: string) => ({
    volumeClaimTemplate: {
        spec: {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: `${sizeGi}Gi` } },
            ...(storageClass ? { storageClassName: storageClass } : {}),
        },
    },
});

export interface KubePrometheusStackInput {
    readonly tier: Tier;
    readonly size: ComponentSize;
    readonly placement: Placement;
    readonly monitoringNamespace: string;
    readonly storageClass?: string;
    /** Issue 17: receivers and routes (`devana:alerting`). @default every alert to the `null` receiver */
    readonly alerting?: Alerting;
    /** Grafana data sources besides Loki (Tempo, issue 17). @default [] */
    readonly extraDataSources?: readonly Record<string, unknown>[];
}

/** Values of kube-prometheus-stack: storage and retention per tier; our rules and monitors selected. */
export function kubePrometheusStackValues(input: KubePrometheusStackInput): Record<string, unknown> {
    const { size, placement } = input;
    const pods = placementSpec(placement);
    return {
        fullnameOverride: KPS_FULLNAME,
        crds: { enabled: true },
        prometheus: {
            prometheusSpec: {
                replicas: size.replicas,
                retention: `${PROMETHEUS_RETENTION_DAYS[input.tier]}d`,
                // Stop before the volume fills: the size cap wins over the time cap.
                retentionSize: `${Math.floor(size.diskGi * 0.85)}GB`,
                storageSpec: volumeClaim(size.diskGi, input.storageClass),
                resources: resourcesFor({ cpu: size.cpu, memoryGi: size.memoryGi }),
                // Select every PrometheusRule/ServiceMonitor/PodMonitor, not only the chart's own.
                ruleSelectorNilUsesHelmValues: false,
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                ...pods,
            },
        },
        alertmanager: {
            ...(input.alerting ? { config: alertmanagerConfig(input.alerting) } : {}),
            alertmanagerSpec: {
                replicas: size.replicas,
                storage: volumeClaim(ALERTMANAGER_DISK_GI, input.storageClass),
                // The receivers' credentials as files (alertmanager.ts), never in the config itself.
                ...(input.alerting && credentialKeys(input.alerting).length > 0 ? { secrets: [ALERTMANAGER_CREDENTIALS_SECRET] } : {}),
                ...pods,
            },
        },
        prometheusOperator: pods,
        "kube-state-metrics": pods,
        // node-exporter runs on every node, GPU nodes included.
        "prometheus-node-exporter": { tolerations: [{ operator: "Exists" }] },
        grafana: {
            admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
            persistence: { enabled: true, size: `${GRAFANA_DISK_GI}Gi`, ...(input.storageClass ? { storageClassName: input.storageClass } : {}) },
            sidecar: { dashboards: { enabled: true, label: Object.keys(DASHBOARD_LABEL)[0], labelValue: Object.values(DASHBOARD_LABEL)[0] } },
            additionalDataSources: [{ name: "Loki", type: "loki", uid: "loki", access: "proxy", url: `http://${LOKI_FULLNAME}.${input.monitoringNamespace}.svc:${LOKI_PORT}` }, ...(input.extraDataSources ?? [])],
            "grafana.ini": { analytics: { reporting_enabled: false, check_for_updates: false } },
            ...pods,
        },
    };
}

/** Loki's retention: whole days in hours (a multiple of the 24 h index period). */
export function lokiRetentionPeriod(auditRetentionDays: number): string {
    return `${auditRetentionDays * 24}h`;
}

export interface LokiInput {
    readonly tier: Tier;
    readonly auditRetentionDays: number;
    readonly placement: Placement;
    readonly storageClass?: string;
    /** @default "vanilla" */
    readonly distribution?: Distribution;
    /** `preinstalled`: a Role instead of the chart's ClusterRole. @default "install" */
    readonly clusterScope?: ClusterScope;
}

/**
 * Values of the Loki chart: one monolithic instance on a volume (filesystem store), retention by
 * the compactor at the audit retention. No object store, hence no bucket lifecycle that could
 * delete logs earlier than the retention.
 */
export function lokiValues(input: LokiInput): Record<string, unknown> {
    const { placement } = input;
    // The chart pins UID/GID/fsGroup 10001; `null` deletes them so restricted-v2 assigns its own.
    const openshift = input.distribution === "openshift" ? { podSecurityContext: sccPodSecurityValues(["runAsUser", "runAsGroup", "fsGroup"]) } : {};
    // Preinstalled: Role/RoleBinding instead of the ClusterRole, and no rules sidecar (unused) to grant anything to.
    const namespaced = input.clusterScope === "preinstalled" ? { rbac: { namespaced: true }, sidecar: { rules: { enabled: false } } } : {};
    return {
        fullnameOverride: LOKI_FULLNAME,
        deploymentMode: "Monolithic",
        ...namespaced,
        loki: {
            ...openshift,
            auth_enabled: false,
            commonConfig: { replication_factor: 1 },
            storage: { type: "filesystem" },
            schemaConfig: {
                configs: [{ from: "2026-01-01", store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
            },
            limits_config: { retention_period: lokiRetentionPeriod(input.auditRetentionDays) },
            compactor: { retention_enabled: true, delete_request_store: "filesystem" },
        },
        singleBinary: {
            replicas: 1,
            persistence: { enabled: true, size: `${LOKI_DISK_GI[input.tier]}Gi`, ...(input.storageClass ? { storageClass: input.storageClass } : {}) },
            ...placementSpec(placement),
        },
        // Monolithic: the scalable targets and their caches stay off.
        backend: { replicas: 0 },
        read: { replicas: 0 },
        write: { replicas: 0 },
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        gateway: { enabled: false },
        lokiCanary: { enabled: false },
        test: { enabled: false },
    };
}

/** In-cluster URL of Loki's push API. */
export function lokiPushUrl(monitoringNamespace: string): string {
    return `http://${LOKI_FULLNAME}.${monitoringNamespace}.svc:${LOKI_PORT}/loki/api/v1/push`;
}

/**
 * Alloy pipeline: every pod's logs, read through the Kubernetes API (no host paths), labelled
 * with namespace, pod, container and app, pushed to Loki. One replica reads all pods, so no log
 * line is shipped twice.
 */
export function alloyConfig(monitoringNamespace: string, logNamespaces?: readonly string[]): string {
    // Limited to the namespaces its Roles cover when it has no ClusterRole (preinstalled).
    const scope = logNamespaces ? ["  namespaces {", `    names = [${logNamespaces.map((n) => `"${n}"`).join(", ")}]`, "  }"] : [];
    return [
        'discovery.kubernetes "pods" {',
        '  role = "pod"',
        ...scope,
        "}",
        'discovery.relabel "pods" {',
        "  targets = discovery.kubernetes.pods.targets",
        ...[
            ["__meta_kubernetes_namespace", "namespace"],
            ["__meta_kubernetes_pod_name", "pod"],
            ["__meta_kubernetes_pod_container_name", "container"],
            ["__meta_kubernetes_pod_label_app_kubernetes_io_name", "app"],
        ].flatMap(([source, target]) => ["  rule {", `    source_labels = ["${source}"]`, `    target_label  = "${target}"`, "  }"]),
        "}",
        'loki.source.kubernetes "pods" {',
        "  targets    = discovery.relabel.pods.output",
        "  forward_to = [loki.write.default.receiver]",
        "}",
        'loki.write "default" {',
        "  endpoint {",
        `    url = "${lokiPushUrl(monitoringNamespace)}"`,
        "  }",
        "}",
        "",
    ].join("\n");
}

/** What `alloyConfig` needs from the API: pods to discover, their logs to tail. */
export const ALLOY_LOG_RULES = [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] }] as const;

/**
 * Values of the Alloy chart: a single-replica Deployment running `alloyConfig`. The image's user is
 * root; on OpenShift (restricted namespace) the pod says non-root and the SCC assigns the UID (it
 * only writes its WAL under /tmp).
 */
export function alloyValues(monitoringNamespace: string, placement: Placement, distribution: Distribution = "vanilla", logNamespaces?: readonly string[]): Record<string, unknown> {
    // Given namespaces (preinstalled): a Role in each instead of the ClusterRole, and no PodLogs CRD.
    // Only what the pipeline reads: the API server refuses a Role granting more than the deployer holds (nodes, ...).
    const namespaced = logNamespaces ? { crds: { create: false }, rbac: { create: true, namespaces: [...logNamespaces], rules: [...ALLOY_LOG_RULES] } } : {};
    const content = alloyConfig(monitoringNamespace, logNamespaces);
    if (distribution === "openshift") {
        return {
            ...namespaced,
            global: { podSecurityContext: sccPodSecurityValues() },
            alloy: { configMap: { create: true, content }, securityContext: containerSecurityContext() },
            configReloader: { securityContext: containerSecurityContext() },
            controller: { type: "deployment", replicas: 1, ...placementSpec(placement) },
        };
    }
    return {
        ...namespaced,
        alloy: { configMap: { create: true, content } },
        controller: { type: "deployment", replicas: 1, ...placementSpec(placement) },
    };
}

// ---------------------------------------------------------------------------------------------
// Component

function requiredCredential(values: Readonly<Partial<Record<SecretKey, pulumi.Input<string>>>>, key: SecretKey): pulumi.Input<string> {
    const value = values[key];
    if (value === undefined) {
        throw new Error(`devana:${key} is required by devana:alerting`);
    }
    return value;
}

export interface MonitoringArgs {
    /** Issue 19: the air-gapped mirror of the chart(s) and every image they run. @default undefined (the sources) */
    readonly mirror?: Mirror;
    readonly tier: Tier;
    /** Prometheus size (R-SIZE "Monitoring" row). */
    readonly size: ComponentSize;
    /** Monitoring namespace (R-K8S `monitoring`). */
    readonly namespace: string;
    /** R-SEC-AUDIT: logs are kept at least this long. */
    readonly auditRetentionDays: number;
    /** Where the monitoring pods run (the compute pool). */
    readonly placement: Placement;
    /** Names the R-MON expressions need. */
    readonly alertContext: AlertContext;
    /** Namespaces of the scraped workloads. */
    readonly scrapeNamespaces: ScrapeNamespaces;
    /** StorageClass of the Prometheus, Alertmanager, Grafana and Loki volumes. @default the cluster default */
    readonly storageClass?: string;
    /** Protect the Loki chart (its volume holds the audit logs) and the Grafana password from deletion. @default false */
    readonly protect?: boolean;
    /** Resources the namespaces come from. @default [] */
    readonly namespacesDependOn?: readonly pulumi.Resource[];
    /** R-K8S distribution: OpenShift uses its user-workload monitoring (see the file header). @default "vanilla" */
    readonly distribution?: Distribution;
    /** Resources the scraped namespaces come from (the monitors live there on OpenShift). @default [] */
    readonly targetNamespacesDependOn?: readonly pulumi.Resource[];
    /**
     * `preinstalled`: no kube-prometheus-stack (the admin's Prometheus Operator, or OpenShift's),
     * Loki and Alloy with namespaced RBAC only. @default "install"
     */
    readonly clusterScope?: ClusterScope;
    /** Namespaces Alloy reads logs from when preinstalled (its Roles). @default every namespace (ClusterRole) */
    readonly logNamespaces?: readonly string[];
    /** Issue 17: Alertmanager receivers and routes (`devana:alerting`); applied where we run kube-prometheus-stack. */
    readonly alerting: Alerting;
    /** The configured credential secrets; the receivers' ones go to the `alertmanager-credentials` Secret. @default {} */
    readonly alertCredentials?: Readonly<Partial<Record<SecretKey, pulumi.Input<string>>>>;
    /** Grafana data sources besides Loki (Tempo). @default [] */
    readonly extraDataSources?: readonly Record<string, unknown>[];
}

export class Monitoring extends pulumi.ComponentResource {
    /** kube-prometheus-stack: the monitoring.coreos.com CRDs exist once it is ready (undefined on OpenShift, whose cluster has them). */
    public readonly chart?: k8s.helm.v4.Chart;
    /** Grafana admin password (a Pulumi secret); undefined where no Grafana is installed (OpenShift). */
    public readonly grafanaAdminPassword?: pulumi.Output<string>;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:Monitoring", name, {}, opts);
        const nsDeps = [...(args.namespacesDependOn ?? [])];
        const distribution = args.distribution ?? "vanilla";
        const stack = monitoringStackFor(distribution);

        const protect = args.protect ?? false;
        const clusterScope = args.clusterScope ?? "install";
        if (stack === "kube-prometheus-stack" && clusterScope === "install") {
            const password = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, { parent: this, protect });
            const adminSecret = new k8s.core.v1.Secret(
                `${name}-grafana-admin`,
                {
                    metadata: { name: GRAFANA_ADMIN_SECRET, namespace: args.namespace },
                    stringData: { "admin-user": "admin", "admin-password": password.result },
                },
                { parent: this, dependsOn: nsDeps },
            );
            const credentialSecrets: pulumi.Resource[] = [];
            const keys = credentialKeys(args.alerting);
            if (keys.length > 0) {
                const values = args.alertCredentials ?? {};
                credentialSecrets.push(
                    new k8s.core.v1.Secret(
                        `${name}-alertmanager-credentials`,
                        {
                            metadata: { name: ALERTMANAGER_CREDENTIALS_SECRET, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "devana" } },
                            // Config validation guarantees each key is set; a missing one would fail loudly here.
                            stringData: Object.fromEntries(keys.map((k) => [k, pulumi.secret(requiredCredential(values, k))])),
                        },
                        { parent: this, dependsOn: nsDeps },
                    ),
                );
            }

            this.chart = new k8s.helm.v4.Chart(
                `${name}-kps`,
                {
                    ...chartSource(CHARTS.kubePrometheusStack, args.mirror?.chartRepository),
                    namespace: args.namespace,
                    values: withChartImages(
                        "kubePrometheusStack",
                        kubePrometheusStackValues({
                            tier: args.tier,
                            size: args.size,
                            placement: args.placement,
                            monitoringNamespace: args.namespace,
                            storageClass: args.storageClass,
                            alerting: args.alerting,
                            extraDataSources: args.extraDataSources,
                        }),
                        args.mirror?.registry,
                    ),
                },
                { parent: this, dependsOn: [adminSecret, ...credentialSecrets, ...nsDeps] },
            );
            this.grafanaAdminPassword = password.result;
        }
        // The monitoring.coreos.com CRDs: from our chart, or already in the OpenShift cluster.
        const crds: pulumi.Resource[] = this.chart ? [this.chart] : [];

        const loki = new k8s.helm.v4.Chart(
            `${name}-loki`,
            {
                ...chartSource(CHARTS.loki, args.mirror?.chartRepository),
                namespace: args.namespace,
                values: withChartImages(
                    "loki",
                    lokiValues({
                        tier: args.tier,
                        auditRetentionDays: args.auditRetentionDays,
                        placement: args.placement,
                        storageClass: args.storageClass,
                        distribution,
                        ...(clusterScope === "preinstalled" ? { clusterScope } : {}),
                    }),
                    args.mirror?.registry,
                ),
            },
            // After kube-prometheus-stack: any ServiceMonitor Loki renders needs its CRDs.
            { parent: this, dependsOn: [...crds, ...nsDeps], protect },
        );

        new k8s.helm.v4.Chart(
            `${name}-alloy`,
            {
                ...chartSource(CHARTS.alloy, args.mirror?.chartRepository),
                namespace: args.namespace,
                values: withChartImages("alloy", alloyValues(args.namespace, args.placement, distribution, clusterScope === "preinstalled" ? (args.logNamespaces ?? [args.namespace]) : undefined), args.mirror?.registry),
            },
            { parent: this, dependsOn: [loki] },
        );

        new k8s.apiextensions.CustomResource(
            `${name}-rules`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: { name: "devana-r-mon", namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "devana" } },
                spec: prometheusRuleSpec(args.alertContext),
            },
            // On OpenShift the rules query other namespaces: the admin lists this one under
            // namespacesWithoutLabelEnforcement (docs/onprem.md).
            { parent: this, dependsOn: this.chart ? crds : nsDeps },
        );

        const targetDeps = [...nsDeps, ...(args.targetNamespacesDependOn ?? [])];
        for (const target of scrapeTargets(args.scrapeNamespaces)) {
            new k8s.apiextensions.CustomResource(
                `${name}-${target.id}`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: target.kind,
                    metadata: { name: target.id, namespace: monitorNamespace(target, args.namespace, stack), labels: { "app.kubernetes.io/part-of": "devana" } },
                    spec: monitorSpec(target),
                },
                { parent: this, dependsOn: this.chart ? crds : targetDeps },
            );
        }

        new k8s.core.v1.ConfigMap(
            `${name}-dashboard-overview`,
            {
                metadata: { name: "devana-overview-dashboard", namespace: args.namespace, labels: { ...DASHBOARD_LABEL, "app.kubernetes.io/part-of": "devana" } },
                data: { "devana-overview.json": JSON.stringify(overviewDashboard(args.alertContext)) },
            },
            { parent: this, dependsOn: nsDeps },
        );

        this.registerOutputs({ grafanaAdminPassword: this.grafanaAdminPassword });
    }
}
