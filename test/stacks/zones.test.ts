/**
 * Issue 20 (R-NET-ZONES "holds", R-SEC-ZONES): in every committed stack with zones, each workload
 * the program writes selects the zone of its seed workload (config/placement.ts), and each chart's
 * values name the zone of its role. Which subnets those zones are, and which
 * flows their ACLs and NSGs admit, is a matter of each cloud's network. Does not prove the customer's on-prem
 * nodes carry the label (docs/onprem.md).
 */
import { describe, expect, it } from "vitest";
import type { WorkloadId } from "../../config/placement";
import { workloadZone } from "../../config/placement";
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { evaluateOk } from "../support/helpers";

/** Every workload object the program writes, by resource name, and the seed workload it belongs to. */
const WORKLOADS: Readonly<Record<string, WorkloadId>> = {
    "devana-frontend-deployment": "frontend",
    "devana-api-deployment": "api",
    "devana-api-cron-deployment": "api",
    "devana-odin-deployment": "odin",
    "devana-redis-data": "redis",
    "devana-redis-sentinel": "redis",
    "devana-redis-proxy": "redis",
    "devana-meilisearch-statefulset": "meilisearch",
    "devana-meilisearch-snapshot": "meilisearch",
    "devana-postgres-cluster": "postgresql",
    "devana-chroma-statefulset": "chromadb",
    "devana-chroma-snapshot": "chromadb",
    "devana-object-store-buckets": "objectStore",
    "devana-llm-chat-statefulset": "vllmChat",
    "devana-llm-embeddings-statefulset": "vllmEmbeddings",
    "devana-object-store-files-snapshot": "backups",
    "devana-object-replication-cronjob": "backups",
    "devana-waf-deployment": "waf",
    "devana-cluster-cluster-autoscaler-deployment": "controllers",
};

/** Charts and the workload role whose zone their values name. */
const CHARTS: Readonly<Record<string, WorkloadId>> = {
    "devana-gateway-traefik": "gateway",
    "devana-cert-manager-chart": "controllers",
    "devana-cnpg-operator": "controllers",
    "devana-cnpg-barman-cloud": "controllers",
    "devana-cluster-aws-load-balancer-controller": "controllers",
    "devana-storage-mountpoint-s3-csi": "controllers",
    "devana-monitoring-kps": "monitoring",
    "devana-monitoring-loki": "monitoring",
    "devana-monitoring-alloy": "monitoring",
    "devana-tracing-tempo": "monitoring",
    "devana-tracing-otel-collector": "monitoring",
};

const ZONE = "devana.ai/zone";

function podSelector(r: PlannedResource): Record<string, string> | undefined {
    const spec = r.inputs.spec as Record<string, any> | undefined;
    if (r.type === "kubernetes:batch/v1:CronJob") return spec?.jobTemplate?.spec?.template?.spec?.nodeSelector;
    if (r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster") return spec?.affinity?.nodeSelector;
    return spec?.template?.spec?.nodeSelector;
}

/** Every `devana.ai/zone` value anywhere in a chart's values. */
function zonesInValues(values: unknown): string[] {
    const found = new Set<string>();
    const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === "object") {
            for (const [k, x] of Object.entries(v)) {
                if (k === ZONE && typeof x === "string") found.add(x);
                else walk(x);
            }
        }
    };
    walk(values);
    return [...found];
}

const WORKLOAD_TYPES = /^kubernetes:(apps\/v1:(Deployment|StatefulSet)|batch\/v1:(CronJob|Job)|postgresql\.cnpg\.io\/v1:Cluster)$/;

describe.each(["onprem", "onprem-airgap", "staging", "prod", "azure-prod"])("stack %s", (stack) => {
    it("runs every workload it writes on a node of its seed zone", async () => {
        const { resources } = await evaluateOk(stack);
        const written = resources.filter((r) => WORKLOAD_TYPES.test(r.type));
        expect(written.length).toBeGreaterThanOrEqual(14);
        const seen = Object.fromEntries(written.map((r) => [r.name, podSelector(r)?.[ZONE]]));
        const expected = Object.fromEntries(written.map((r) => [r.name, WORKLOADS[r.name] ? workloadZone(WORKLOADS[r.name]) : "unknown workload: add it to WORKLOADS"]));
        expect(seen).toEqual(expected);
    });

    it("names the zone of each chart's role in its values, and only that zone", async () => {
        const { resources } = await evaluateOk(stack);
        const charts = resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart" && CHARTS[r.name]);
        expect(charts.length).toBeGreaterThanOrEqual(7);
        for (const chart of charts) {
            expect([chart.name, zonesInValues(chart.inputs.values)]).toEqual([chart.name, [workloadZone(CHARTS[chart.name])]]);
        }
    });
});
