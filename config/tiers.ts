/**
 * R-SIZE: the customer's sizing tables as data, and the pure resolution of tier plus overrides.
 * Memory and disk figures given in GB by the customer are used as GiB (rounding up is the safe side).
 */
import type { Tier } from "./defaults";

export const COMPONENTS = ["api", "frontend", "odin", "postgresql", "chromadb", "meilisearch", "redis", "objectStore", "gateway", "monitoring"] as const;
export type Component = (typeof COMPONENTS)[number];

/** Size of one component: per pod (or per instance/node for data services). */
export interface ComponentSize {
    /** CPU cores per pod. */
    readonly cpu: number;
    /** Memory per pod, GiB. */
    readonly memoryGi: number;
    /** Persistent or ephemeral disk per pod, GiB. */
    readonly diskGi: number;
    /** Pods (or database instances) at rest; the HPA minimum where one applies. */
    readonly replicas: number;
    /** Upper bound for autoscaling; equal to `replicas` where nothing scales. */
    readonly maxReplicas: number;
    /** GPUs per pod. */
    readonly gpu: number;
}

type Table = Record<Component, ComponentSize>;

const size = (cpu: number, memoryGi: number, diskGi: number, replicas: number, maxReplicas = replicas, gpu = 0): ComponentSize => ({
    cpu,
    memoryGi,
    diskGi,
    replicas,
    maxReplicas,
    gpu,
});

/**
 * R-SIZE tables. Rows the customer leaves out of a tier are marked [eng] with the reason.
 * Ranges ("2-3 pods", "8-16 cores") are kept as their lower bound at rest and the upper bound as
 * `maxReplicas`; CPU and memory ranges take the lower bound as the request.
 */
export const SIZING: Record<Tier, Table> = {
    minimal: {
        api: size(2, 4, 20, 1),
        frontend: size(1, 2, 10, 1),
        odin: size(2, 4, 30, 1),
        postgresql: size(2, 8, 100, 1),
        chromadb: size(1, 4, 50, 1),
        meilisearch: size(1, 2, 20, 1),
        redis: size(1, 2, 10, 1),
        objectStore: size(1, 2, 500, 1),
        // [eng] not in the minimal table: one small gateway pod is enough below 50 users.
        gateway: size(1, 1, 1, 1),
        // [eng] not in the minimal table: a single Prometheus with a small volume.
        monitoring: size(2, 8, 50, 1),
    },
    production: {
        api: size(3, 4, 20, 2, 3),
        frontend: size(2, 4, 10, 2, 3),
        odin: size(3, 6, 50, 2),
        // 1 primary + 2 replicas
        postgresql: size(4, 16, 500, 3),
        chromadb: size(2, 8, 200, 2, 3),
        meilisearch: size(2, 4, 50, 2),
        // 1 primary + 2 replicas
        redis: size(2, 8, 20, 3),
        // 4-node cluster; 2 TB+
        objectStore: size(2, 8, 2048, 4),
        // [eng] the table names one load balancer; two pods keep the gateway up during node drains.
        gateway: size(2, 4, 10, 2),
        // [eng] not in the production table: between the minimal and enterprise figures.
        monitoring: size(2, 8, 200, 1),
    },
    enterprise: {
        api: size(4, 6, 30, 5, 10),
        frontend: size(2, 4, 15, 5, 10),
        odin: size(4, 8, 100, 3, 5, 1),
        // 3-5 node cluster, 8-16 cores, 64-128 GB, 2-5 TB NVMe
        postgresql: size(8, 64, 2048, 3, 5),
        chromadb: size(4, 16, 1024, 3, 5),
        meilisearch: size(4, 8, 200, 3),
        // 6-node cluster
        redis: size(4, 16, 50, 6),
        // 8+ nodes, 10+ TB
        objectStore: size(4, 16, 10240, 8),
        // HA pair
        gateway: size(4, 8, 20, 2),
        monitoring: size(4, 16, 500, 1),
    },
};

export type SizingOverrides = Partial<Record<Component, Partial<ComponentSize>>>;
export type ResolvedSizing = Readonly<Record<Component, ComponentSize>>;

/** The sizes a stack deploys: the tier's table with the configured overrides laid over it. */
export function resolveSizing(tier: Tier, overrides: SizingOverrides = {}): ResolvedSizing {
    const table = SIZING[tier];
    const resolved = {} as Record<Component, ComponentSize>;
    for (const component of COMPONENTS) {
        const merged = { ...table[component], ...overrides[component] };
        // Raising `replicas` alone must not leave a maximum below it.
        resolved[component] = { ...merged, maxReplicas: Math.max(merged.maxReplicas, merged.replicas) };
    }
    return resolved;
}
