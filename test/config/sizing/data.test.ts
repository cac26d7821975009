/**
 * R-SIZE -> what each data service deploys, for the three tiers (pure: no Pulumi). The expected
 * table is written from requirements.md, not derived from config/tiers.ts, so a drift in either
 * fails here. It does not prove that the cluster has the capacity to schedule these pods.
 */
import { describe, expect, it } from "vitest";
import { resolveSizing } from "../../../config/tiers";
import type { Tier } from "../../../config/defaults";
import { chromaStatefulSetSpec } from "../../../components/devana/data/chroma";
import { indexingMemory, meiliStatefulSetSpec } from "../../../components/devana/data/meilisearch";
import { seaweedfsValues } from "../../../components/devana/data/object-store";
import { clusterSpec } from "../../../components/devana/data/postgres";
import { redisStatefulSetSpec, sentinelStatefulSetSpec } from "../../../components/devana/data/redis";
import { dataPlan } from "../../../config/sizing/data";
import type { S3Location } from "../../../components/devana/data/backup-target";

/** requirements.md R-SIZE: [replicas, CPU, GiB RAM, GiB disk] per data service and tier. */
const R_SIZE: Record<Tier, Record<"postgresql" | "redis" | "chromadb" | "meilisearch" | "objectStore", [number, number, number, number]>> = {
    minimal: { postgresql: [1, 2, 8, 100], redis: [1, 1, 2, 10], chromadb: [1, 1, 4, 50], meilisearch: [1, 1, 2, 20], objectStore: [1, 1, 2, 500] },
    // 1 primary + 2 replicas; Chroma 2-3; Meili 2; Redis 1+2; S3 4-node cluster 2 TB+
    production: { postgresql: [3, 4, 16, 500], redis: [3, 2, 8, 20], chromadb: [2, 2, 8, 200], meilisearch: [2, 2, 4, 50], objectStore: [4, 2, 8, 2048] },
    // PG 3-5 nodes 8-16 cores 64-128 GB 2-5 TB; Chroma 3-5; Meili 3; Redis 6-node; S3 8+ nodes 10+ TB
    enterprise: { postgresql: [3, 8, 64, 2048], redis: [6, 4, 16, 50], chromadb: [3, 4, 16, 1024], meilisearch: [3, 4, 8, 200], objectStore: [8, 4, 16, 10240] },
};

const placement = { nodeSelector: { "devana.ai/pool": "data" }, tolerations: [] };
const location: S3Location = { kind: "s3", endpoint: "http://object-store:9000", region: "us-east-1", bucket: "devana-backups", forcePathStyle: true, provider: "SeaweedFS", auth: { kind: "secret", secretName: "object-store-credentials" } };
const backup = { location, retentionDays: 30 };

interface Container {
    name: string;
    resources: { requests: { cpu: string; memory: string }; limits: { memory: string } };
}
const containerOf = (spec: unknown, name: string): Container => (spec as { template: { spec: { containers: Container[] } } }).template.spec.containers.find((c) => c.name === name) as Container;

describe.each(["minimal", "production", "enterprise"] as const)("R-SIZE %s", (tier) => {
    // R-SIZE-NODES / production: 3 data nodes.
    const plan = dataPlan(resolveSizing(tier), 3);
    const want = R_SIZE[tier];

    it("PostgreSQL: instances, CPU, memory, data and WAL disk of the CloudNativePG Cluster", () => {
        const [replicas, cpu, mem, disk] = want.postgresql;
        const spec = clusterSpec({ namespace: "devana-services", plan: plan.postgresql, storageClass: "fast-ssd", placement, passwords: { api: "a", odin: "o" }, backup: { ...backup, rpoMinutes: 5 } }) as {
            instances: number;
            resources: Container["resources"];
            storage: { size: string; storageClass: string };
            walStorage: { size: string; storageClass: string };
            affinity: { podAntiAffinityType: string };
        };
        expect(spec.instances).toBe(replicas);
        expect(spec.resources).toEqual({ requests: { cpu: String(cpu), memory: `${mem}Gi` }, limits: { memory: `${mem}Gi` } });
        expect(spec.storage).toEqual({ storageClass: "fast-ssd", size: `${disk}Gi` });
        expect(spec.walStorage).toEqual({ storageClass: "fast-ssd", size: `${Math.max(10, Math.ceil(disk / 10))}Gi` });
        expect(spec.affinity.podAntiAffinityType).toBe(replicas > 1 ? "required" : "preferred");
        expect(dataPlan(resolveSizing(tier, { postgresql: { replicas: 5 } }), 3).postgresql.spreadRequired).toBe(false);
    });

    it("Redis: data pods (1 primary + replicas), Sentinels only when replicated, size per pod", () => {
        const [replicas, cpu, mem, disk] = want.redis;
        const args = { namespace: "devana-services", plan: plan.redis, storageClass: "fast-ssd", placement, password: "p" };
        const sts = redisStatefulSetSpec(args) as unknown as { replicas: number; volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] };
        expect(sts.replicas).toBe(replicas);
        expect(containerOf(sts, "redis").resources).toEqual({ requests: { cpu: String(cpu), memory: `${mem}Gi` }, limits: { memory: `${mem}Gi` } });
        expect(sts.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(`${disk}Gi`);
        expect(plan.redis.sentinels).toBe(replicas > 1 ? 3 : 0);
        if (replicas > 1) {
            expect((sentinelStatefulSetSpec(args) as { replicas: number }).replicas).toBe(3);
        }
        expect(plan.redis.maxmemoryMi).toBe(Math.floor(mem * 1024 * 0.75));
        // Six enterprise pods cannot be spread over three data nodes: preferred, not required.
        expect(plan.redis.spreadRequired).toBe(replicas > 1 && replicas <= 3);
    });

    it.each(["chromadb", "meilisearch"] as const)("%s: one writer whatever R-SIZE says, sized per R-SIZE, replicas kept as sizedReplicas", (service) => {
        const [replicas, cpu, mem, disk] = want[service];
        const p = plan[service];
        expect(p).toEqual({ writers: 1, sizedReplicas: replicas, cpu, memoryGi: mem, diskGi: disk });
        const common = { namespace: "devana-services", plan: p, storageClass: "fast-ssd", placement, backup };
        const sts = (service === "chromadb" ? chromaStatefulSetSpec({ ...common, token: "t" }) : meiliStatefulSetSpec({ ...common, masterKey: "k" })) as { replicas: number };
        expect(sts.replicas).toBe(1);
        expect(containerOf(sts, service === "chromadb" ? "chroma" : "meilisearch").resources).toEqual({ requests: { cpu: String(cpu), memory: `${mem}Gi` }, limits: { memory: `${mem}Gi` } });
        if (service === "meilisearch") {
            // Indexing may use two thirds of the pod memory, in bytes.
            expect(indexingMemory(mem)).toBe(String(Math.floor((mem * 1024 ** 3 * 2) / 3)));
        }
    });

    it("object store: SeaweedFS volume servers = R-SIZE nodes, each with the per-node CPU, memory and disk", () => {
        const [replicas, cpu, mem, disk] = want.objectStore;
        const values = seaweedfsValues({
            kind: "seaweedfs",
            namespace: "devana-services",
            plan: plan.objectStore,
            fastStorageClass: "fast-ssd",
            bulkStorageClass: "standard",
            placement,
            accessKeyId: "a",
            secretAccessKey: "s",
        }) as {
            volume: { replicas: number; resources: Container["resources"]; dataDirs: { size: string; storageClass: string; type: string }[] };
            master: { replicas: number; defaultReplication: string };
            filer: { replicas: number; encryptVolumeData: boolean; s3: { enabled: boolean; enableAuth: boolean } };
        };
        expect(values.volume.replicas).toBe(replicas);
        expect(values.volume.resources).toEqual({ requests: { cpu: String(cpu), memory: `${mem}Gi` }, limits: { memory: `${mem}Gi` } });
        expect(values.volume.dataDirs).toEqual([{ name: "data1", type: "persistentVolumeClaim", size: `${disk}Gi`, storageClass: "standard", maxVolumes: 0 }]);
        expect(values.master.replicas).toBe(replicas > 1 ? 3 : 1);
        expect(values.master.defaultReplication).toBe(replicas > 1 ? "001" : "000");
        expect(values.filer.encryptVolumeData).toBe(true);
        expect(values.filer.s3).toMatchObject({ enabled: true, enableAuth: true });
    });
});

describe("sizing overrides", () => {
    it("flow through to the data plan (devana:sizing.postgresql.replicas)", () => {
        expect(dataPlan(resolveSizing("production", { postgresql: { replicas: 5 } })).postgresql.instances).toBe(5);
    });
});
