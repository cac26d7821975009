/**
 * The data tier of the committed `onprem` stack (production tier, devana:protect on), evaluated
 * once in this process: exact resources, protection of stateful ones, backup wiring, placement,
 * and schema validation of every core-kind object of the whole stack. It does not prove the
 * charts render or the pods start: that needs a cluster (docs/data-tier.md).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { CHARTS, IMAGES } from "../../../config/versions";
import { imagesIn, isPinned, modelPath, schemaErrors } from "../../support/k8s-schema";

let resources: readonly PlannedResource[];

beforeAll(async () => {
    ({ resources } = await evaluateOk("onprem"));
});

const childrenOf = (component: string): PlannedResource[] => {
    const parent = resources.find((r) => r.name === component && !r.custom);
    if (!parent) {
        throw new Error(`no component ${component}`);
    }
    return resources.filter((r) => r.parent === parent.urn);
};
const names = (rs: readonly PlannedResource[]): string[] => rs.map((r) => `${r.type.replace(/^kubernetes:/, "")} ${r.name}`).sort();
const spec = (r: PlannedResource): Record<string, unknown> => r.inputs.spec as Record<string, unknown>;

describe("onprem data tier: resources", () => {
    it("creates each data component once, with the devana:<module>:<Name> type tokens", () => {
        const components = resources.filter((r) => !r.custom && /^devana:(data|storage):/.test(r.type)).map((r) => `${r.type} ${r.name}`);
        expect(components.sort()).toEqual(
            [
                "devana:data:Chroma devana-chroma",
                "devana:data:CnpgOperator devana-cnpg",
                "devana:data:Meilisearch devana-meilisearch",
                "devana:data:ObjectStore devana-object-store",
                // Issue 18: the prod stack copies its backups to a second site.
                "devana:data:ObjectReplication devana-object-replication",
                "devana:data:Postgres devana-postgres",
                "devana:data:Redis devana-redis",
                "devana:storage:MetalLbPool devana-lb-pool",
                "devana:storage:StorageClasses devana-storage",
            ].sort(),
        );
    });

    it("Redis: 3 data pods, 3 Sentinels, 2 HAProxy routers, PDBs, one client Service", () => {
        expect(names(childrenOf("devana-redis"))).toEqual(
            [
                "core/v1:ConfigMap devana-redis-config",
                "core/v1:Secret devana-redis-auth",
                "core/v1:Service devana-redis-data-headless",
                "core/v1:Service devana-redis-sentinel-headless",
                "core/v1:Service devana-redis-service",
                "apps/v1:StatefulSet devana-redis-data",
                "apps/v1:StatefulSet devana-redis-sentinel",
                "apps/v1:Deployment devana-redis-proxy",
                "policy/v1:PodDisruptionBudget devana-redis-data-pdb",
                "policy/v1:PodDisruptionBudget devana-redis-proxy-pdb",
                "policy/v1:PodDisruptionBudget devana-redis-sentinel-pdb",
            ].sort(),
        );
        expect(spec(byName(resources, "kubernetes:apps/v1:StatefulSet", "devana-redis-data")).replicas).toBe(3);
        expect(spec(byName(resources, "kubernetes:apps/v1:StatefulSet", "devana-redis-sentinel")).replicas).toBe(3);
        expect(spec(byName(resources, "kubernetes:apps/v1:Deployment", "devana-redis-proxy")).replicas).toBe(2);
        // The client Service routes through the primary-aware proxy.
        expect(spec(byName(resources, "kubernetes:core/v1:Service", "devana-redis-service")).selector).toEqual({ "app.kubernetes.io/name": "redis-proxy", "app.kubernetes.io/instance": "redis-proxy" });
        const conf = (byName(resources, "kubernetes:core/v1:ConfigMap", "devana-redis-config").inputs.data as Record<string, string>)["redis.conf"];
        expect(conf).toContain("maxmemory-policy noeviction");
        expect(conf).toContain("appendonly yes");
        expect(conf).toContain("save 900 1");
        expect(conf).not.toMatch(/requirepass/); // the password stays in the Secret
    });

    it("PostgreSQL: operator and Barman Cloud plugin charts pinned; Cluster, ObjectStore, ScheduledBackup in devana-services", () => {
        const charts = ofType(childrenOf("devana-cnpg"), "kubernetes:helm.sh/v4:Chart").map((c) => [c.name, c.inputs.chart, c.inputs.version, c.inputs.namespace]);
        expect(charts).toEqual([
            ["devana-cnpg-operator", CHARTS.cloudnativePg.chart, CHARTS.cloudnativePg.version, "cnpg-system"],
            ["devana-cnpg-barman-cloud", CHARTS.barmanCloudPlugin.chart, CHARTS.barmanCloudPlugin.version, "cnpg-system"],
        ]);
        const cluster = byName(resources, "kubernetes:postgresql.cnpg.io/v1:Cluster", "devana-postgres-cluster");
        expect(cluster.inputs.metadata).toMatchObject({ name: "devana-pg", namespace: "devana-services" });
        expect(spec(cluster)).toMatchObject({
            instances: 3,
            imageName: IMAGES.postgresql,
            storage: { storageClass: "fast-ssd", size: "500Gi" },
            postgresql: { parameters: { archive_timeout: "5min" } },
            bootstrap: { initdb: { database: "devana", owner: "devana", secret: { name: "devana-pg-devana" } } },
            managed: { roles: [{ name: "odin", passwordSecret: { name: "devana-pg-odin" } }] },
            affinity: { nodeSelector: { "node.example.internal/pool": "data", "devana.ai/zone": "data" } },
        });
        const store = byName(resources, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "devana-postgres-backups");
        expect(spec(store)).toMatchObject({ retentionPolicy: "30d", configuration: { destinationPath: "s3://devana-backups/postgresql" } });
        expect(spec(byName(resources, "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", "devana-postgres-daily"))).toMatchObject({ schedule: "0 0 2 * * *", method: "plugin" });
        // The plugin waits for cert-manager (its certificates).
        const plugin = byName(resources, "kubernetes:helm.sh/v4:Chart", "devana-cnpg-barman-cloud");
        expect(plugin.options.dependsOn.some((urn) => urn.endsWith("devana-cnpg-operator"))).toBe(true);
        const roleSecrets = ofType(childrenOf("devana-postgres"), "kubernetes:core/v1:Secret");
        expect(roleSecrets.map((s) => [s.inputs.type, (s.inputs.stringData as Record<string, string>).username])).toEqual([
            ["kubernetes.io/basic-auth", "devana"],
            ["kubernetes.io/basic-auth", "odin"],
        ]);
    });

    it("object store: SeaweedFS chart pinned, S3 on port 9000, buckets job, credentials Secret", () => {
        const chart = byName(resources, "kubernetes:helm.sh/v4:Chart", "devana-object-store-seaweedfs");
        expect([chart.inputs.chart, chart.inputs.version, chart.inputs.namespace]).toEqual([CHARTS.seaweedfs.chart, CHARTS.seaweedfs.version, "devana-services"]);
        expect(chart.inputs.values).toMatchObject({ volume: { replicas: 4 }, master: { replicas: 3 }, filer: { encryptVolumeData: true } });
        expect(spec(byName(resources, "kubernetes:core/v1:Service", "devana-object-store-service")).ports).toEqual([{ name: "s3", port: 9000, targetPort: 8333 }]);
        expect(ofType(childrenOf("devana-object-store"), "kubernetes:batch/v1:Job").map((j) => j.name)).toEqual(["devana-object-store-buckets"]);
        const creds = byName(resources, "kubernetes:core/v1:Secret", "devana-object-store-credentials");
        expect(Object.keys(creds.inputs.stringData as object).sort()).toEqual(["ACCESS_KEY_ID", "ACCESS_SECRET_KEY"]);
    });

    it("ChromaDB and Meilisearch: one writer each, volumes on fast-ssd, daily snapshot CronJobs", () => {
        for (const [component, sts, pvc, size] of [
            ["devana-chroma", "devana-chroma-statefulset", "devana-chroma-data", "200Gi"],
            ["devana-meilisearch", "devana-meilisearch-statefulset", "devana-meilisearch-data", "50Gi"],
        ] as const) {
            expect(spec(byName(resources, "kubernetes:apps/v1:StatefulSet", sts)).replicas).toBe(1);
            expect(spec(byName(resources, "kubernetes:core/v1:PersistentVolumeClaim", pvc))).toMatchObject({ storageClassName: "fast-ssd", resources: { requests: { storage: size } } });
            const cron = ofType(childrenOf(component), "kubernetes:batch/v1:CronJob");
            expect(cron).toHaveLength(1);
            expect(String(spec(cron[0]).schedule)).toMatch(/^\d+ \d+ \* \* \*$/);
        }
    });

    it("storage: encrypted Longhorn classes fast-ssd and standard; MetalLB pool from the DMZ range", () => {
        const classes = ofType(resources, "kubernetes:storage.k8s.io/v1:StorageClass");
        expect(classes.map((c) => (c.inputs.metadata as { name: string }).name).sort()).toEqual(["fast-ssd", "standard"]);
        for (const c of classes) {
            expect(c.inputs).toMatchObject({ provisioner: "driver.longhorn.io", reclaimPolicy: "Retain", parameters: { encrypted: "true", numberOfReplicas: "3" } });
        }
        expect(spec(byName(resources, "kubernetes:metallb.io/v1beta1:IPAddressPool", "devana-lb-pool-pool"))).toEqual({ addresses: ["10.0.1.240-10.0.1.250"], autoAssign: true });
    });
});

describe("onprem data tier: protection (devana:protect is on in prod)", () => {
    it("protects the database cluster, volumes, the object-store chart, Redis, classes and the volume passphrase", () => {
        const stateful: [string, string][] = [
            ["kubernetes:postgresql.cnpg.io/v1:Cluster", "devana-postgres-cluster"],
            ["kubernetes:core/v1:PersistentVolumeClaim", "devana-chroma-data"],
            ["kubernetes:core/v1:PersistentVolumeClaim", "devana-meilisearch-data"],
            ["kubernetes:helm.sh/v4:Chart", "devana-object-store-seaweedfs"],
            ["kubernetes:apps/v1:StatefulSet", "devana-redis-data"],
            ["kubernetes:storage.k8s.io/v1:StorageClass", "devana-storage-fast-ssd"],
            ["kubernetes:storage.k8s.io/v1:StorageClass", "devana-storage-standard"],
            ["random:index/randomPassword:RandomPassword", "devana-storage-passphrase"],
            ["kubernetes:core/v1:Secret", "devana-storage-encryption"],
        ];
        expect(stateful.filter(([type, name]) => !byName(resources, type, name).options.protect)).toEqual([]);
        expect(byName(resources, "kubernetes:core/v1:PersistentVolumeClaim", "devana-chroma-data").options.retainOnDelete).toBe(true);
    });
});

describe("onprem data tier: placement and security", () => {
    const podSpecs = (): [string, Record<string, unknown>][] =>
        resources.filter((r) => r.parent && /devana:data:(Chroma|Meilisearch|Redis)/.test(r.parent) && /StatefulSet|Deployment/.test(r.type)).map((r) => [r.name, (spec(r).template as { spec: Record<string, unknown> }).spec]);

    it("every data pod selects the pool of its seed zone (issue 20: ChromaDB in Data; Redis, Meilisearch in Services) and runs as non-root with the restricted profile", () => {
        const data = { "node.example.internal/pool": "data", "devana.ai/zone": "data" };
        const services = { "node.example.internal/pool": "services", "devana.ai/zone": "services" };
        expect(Object.fromEntries(podSpecs().map(([name, pod]) => [name, pod.nodeSelector]))).toEqual({
            "devana-redis-data": services,
            "devana-redis-sentinel": services,
            "devana-redis-proxy": services,
            "devana-chroma-statefulset": data,
            "devana-meilisearch-statefulset": services,
        });
        for (const [, pod] of podSpecs()) {
            expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
            for (const c of pod.containers as { securityContext: unknown }[]) {
                expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
            }
        }
    });
});

describe("onprem stack: Kubernetes schemas and images", () => {
    it("every core-kind object validates against the kubernetes-models OpenAPI schema", async () => {
        const core = resources.filter((r) => r.custom && modelPath(r.type));
        expect(core.length).toBeGreaterThan(30);
        const errors = (await Promise.all(core.map(schemaErrors))).flat();
        expect(errors).toEqual([]);
    });

    it("the validator rejects a malformed object (negative control)", async () => {
        const bad = { ...byName(resources, "kubernetes:apps/v1:StatefulSet", "devana-redis-data") };
        const errors = await schemaErrors({ ...bad, inputs: { ...bad.inputs, spec: { ...spec(bad), replicas: "three" } } });
        expect(errors).toHaveLength(1);
        expect(["redis", "redis:latest", "registry.local:5000/redis", "redis:7.4.11", "redis@sha256:" + "a".repeat(64)].map(isPinned)).toEqual([false, false, false, true, true]);
    });

    it("the data tier's custom resources are exactly the CloudNativePG, Barman Cloud and MetalLB kinds", () => {
        const custom = resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !modelPath(r.type) && r.type !== "kubernetes:helm.sh/v4:Chart" && r.parent && /devana:(data|storage):/.test(r.parent)).map((r) => r.type);
        expect([...new Set(custom)].sort()).toEqual(
            [
                "kubernetes:barmancloud.cnpg.io/v1:ObjectStore",
                "kubernetes:metallb.io/v1beta1:IPAddressPool",
                "kubernetes:metallb.io/v1beta1:L2Advertisement",
                "kubernetes:postgresql.cnpg.io/v1:Cluster",
                "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup",
            ].sort(),
        );
    });

    it("no image uses the latest tag or no tag (objects we author; charts pin theirs through the chart version)", () => {
        const images = new Set(resources.flatMap((r) => imagesIn(r.inputs)));
        for (const image of [IMAGES.postgresql, IMAGES.redis, IMAGES.haproxy, IMAGES.chroma, IMAGES.meilisearch, IMAGES.rclone]) {
            expect(images).toContain(image);
        }
        expect([...images].filter((i) => !isPinned(i))).toEqual([]);
    });
});

describe("Redis metrics (R-MON Redis memory > 80%)", () => {
    it("runs a pinned redis_exporter beside every Redis pod, labelled for the platform's PodMonitor", () => {
        const spec = byName(resources, "kubernetes:apps/v1:StatefulSet", "devana-redis-data").inputs.spec as {
            template: { metadata: { labels: Record<string, string> }; spec: { containers: { name: string; image: string; ports?: { name: string; containerPort: number }[]; env?: { name: string; valueFrom?: unknown }[] }[] } };
        };
        expect(spec.template.metadata.labels["devana.ai/metrics"]).toBe("redis");
        const exporter = spec.template.spec.containers.find((c) => c.name === "metrics")!;
        expect(exporter.image).toBe("oliver006/redis_exporter:v1.84.0");
        expect(exporter.ports).toEqual([{ name: "metrics", containerPort: 9121 }]);
        expect(exporter.env?.find((e) => e.name === "REDIS_PASSWORD")?.valueFrom).toEqual({ secretKeyRef: { name: expect.any(String), key: "password" } });
    });
});
