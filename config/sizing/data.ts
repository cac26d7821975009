/**
 * What R-SIZE becomes for each data service (pure, table-tested against the three tiers).
 *
 * - PostgreSQL: `replicas` are CloudNativePG instances (1 primary + streaming replicas).
 * - Redis: `replicas` are Redis pods (1 primary + replicas); with more than one, three Sentinels
 *   watch them. Devana speaks plain Redis (one REDIS_HOST, BullMQ without hash tags), so the
 *   enterprise "6-node cluster" is 1 primary + 5 replicas, not Redis Cluster sharding.
 * - ChromaDB and Meilisearch: open-source editions are single-writer with no replication, so
 *   exactly one writer pod runs whatever the tier says; R-SIZE `replicas` is kept as
 *   `sizedReplicas` and documented (docs/data-tier.md): availability comes from a fast restore of
 *   the daily snapshot plus the volume's own durability, not from extra pods.
 * - Object store: `replicas` are SeaweedFS volume servers, each with the per-node CPU/RAM/disk.
 */
import type { ComponentSize, ResolvedSizing } from "../tiers";

export interface PostgresPlan {
    readonly instances: number;
    readonly cpu: number;
    readonly memoryGi: number;
    readonly diskGi: number;
    /** Separate WAL volume (R-SIZE "+ WAL"). */
    readonly walDiskGi: number;
    /** Instances on distinct nodes (required anti-affinity) when the data pool has enough nodes. */
    readonly spreadRequired: boolean;
}

export interface RedisPlan {
    readonly dataPods: number;
    /** Sentinels (0 for a single instance: nothing to fail over to). */
    readonly sentinels: number;
    readonly cpu: number;
    readonly memoryGi: number;
    readonly diskGi: number;
    /** `maxmemory`, MiB: headroom below the limit for the fork of RDB saves and AOF rewrites. */
    readonly maxmemoryMi: number;
    /** Pods on distinct nodes (required anti-affinity) when the data pool has enough nodes. */
    readonly spreadRequired: boolean;
}

export interface SingleWriterPlan {
    /** Always 1: the open-source server is single-writer. */
    readonly writers: 1;
    /** What R-SIZE asks for; documented, not deployed (see module comment). */
    readonly sizedReplicas: number;
    readonly cpu: number;
    readonly memoryGi: number;
    readonly diskGi: number;
}

export interface ObjectStorePlan {
    /** SeaweedFS volume servers (R-SIZE nodes), each with cpu/memory/disk below. */
    readonly volumeServers: number;
    readonly cpu: number;
    readonly memoryGi: number;
    readonly diskGi: number;
    /** Raft masters: 1, or 3 once there is more than one volume server. */
    readonly masters: number;
    /** Filers (metadata + S3 API). */
    readonly filers: number;
    /** Copies of each object: "000" single copy, "001" one extra copy on another server. */
    readonly replication: "000" | "001";
}

export interface DataPlan {
    readonly postgresql: PostgresPlan;
    readonly redis: RedisPlan;
    readonly chromadb: SingleWriterPlan;
    readonly meilisearch: SingleWriterPlan;
    readonly objectStore: ObjectStorePlan;
}

/** [eng] WAL volume: a tenth of the data volume, at least 10 GiB. */
export const MIN_WAL_DISK_GI = 10;
/** [eng] Redis maxmemory as a share of the pod memory (fork copy-on-write headroom). */
export const REDIS_MAXMEMORY_SHARE = 0.75;
/** Sentinels for a replicated Redis: a majority of 3 survives one node loss. */
export const SENTINELS = 3;

const singleWriter = (size: ComponentSize): SingleWriterPlan => ({
    writers: 1,
    sizedReplicas: size.replicas,
    cpu: size.cpu,
    memoryGi: size.memoryGi,
    diskGi: size.diskGi,
});

/**
 * @param dataNodes nodes the data pool has at least (its minSize): more pods than nodes cannot all
 * be spread, so anti-affinity is then only preferred.
 * @param redisNodes the same for Redis's pool (the Services pool, issue 20). @default dataNodes
 */
export function dataPlan(sizing: ResolvedSizing, dataNodes = Number.POSITIVE_INFINITY, redisNodes = dataNodes): DataPlan {
    const pg = sizing.postgresql;
    const redis = sizing.redis;
    const os = sizing.objectStore;
    return {
        postgresql: {
            instances: pg.replicas,
            cpu: pg.cpu,
            memoryGi: pg.memoryGi,
            diskGi: pg.diskGi,
            walDiskGi: Math.max(MIN_WAL_DISK_GI, Math.ceil(pg.diskGi / 10)),
            spreadRequired: pg.replicas > 1 && pg.replicas <= dataNodes,
        },
        redis: {
            dataPods: redis.replicas,
            sentinels: redis.replicas > 1 ? SENTINELS : 0,
            cpu: redis.cpu,
            memoryGi: redis.memoryGi,
            diskGi: redis.diskGi,
            maxmemoryMi: Math.floor(redis.memoryGi * 1024 * REDIS_MAXMEMORY_SHARE),
            spreadRequired: redis.replicas > 1 && Math.max(redis.replicas, SENTINELS) <= redisNodes,
        },
        chromadb: singleWriter(sizing.chromadb),
        meilisearch: singleWriter(sizing.meilisearch),
        objectStore: {
            volumeServers: os.replicas,
            cpu: os.cpu,
            memoryGi: os.memoryGi,
            diskGi: os.diskGi,
            masters: os.replicas > 1 ? 3 : 1,
            filers: os.replicas > 1 ? 2 : 1,
            replication: os.replicas > 1 ? "001" : "000",
        },
    };
}
