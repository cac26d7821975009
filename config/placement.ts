/**
 * Issue 20 (R-NET-ZONES, R-SEC-ZONES): the pool, hence the zone, of every workload the program
 * places, decided once here. Stacks place workloads with it, the capacity model budgets pools with
 * it, and the zone-level network rules (components/devana/zone-flows.ts) project the flow matrix
 * through it, so a workload's NetworkPolicy peers, its nodes' subnet and its pod address range all
 * name the same zone.
 */
import { POOL_ZONE, type NodeZone, type PoolName } from "./defaults";

/** The seed's "holds" column, one line per workload; controllers and the gateway sit with the App tier. */
export const WORKLOAD_POOLS = {
    // App: Frontend, API; the gateway (Traefik) and the in-cluster WAF receive the DMZ's load
    // balancer traffic on App nodes (the DMZ has no nodes); cluster controllers share the pool.
    frontend: "compute",
    api: "compute",
    gateway: "compute",
    waf: "compute",
    controllers: "compute",
    // Services: Odin, Redis, Meilisearch (and Meilisearch's snapshot job, which reads its volume).
    odin: "services",
    redis: "services",
    meilisearch: "services",
    // Data: PostgreSQL, ChromaDB, object storage (and ChromaDB's snapshot job, which reads its volume).
    postgresql: "data",
    chromadb: "data",
    objectStore: "data",
    // AI: the LLM and the embeddings.
    vllmChat: "gpuLlm",
    vllmEmbeddings: "gpuEmbed",
    // Management: monitoring (metrics, logs, traces) and the backup copies that mount no data volume.
    monitoring: "management",
    backups: "management",
} as const satisfies Readonly<Record<string, PoolName>>;

export type WorkloadId = keyof typeof WORKLOAD_POOLS;

/** The R-NET-ZONES zone a workload runs in. */
export function workloadZone(id: WorkloadId): NodeZone {
    return POOL_ZONE[WORKLOAD_POOLS[id]];
}

/** A port, or every port (`all`) of a protocol. */
export interface ZonePort {
    readonly protocol: "TCP" | "UDP";
    readonly port: number | "all";
}

/** New connections one zone may open to another: one entry per (from, to). */
export interface ZoneFlow {
    readonly from: NodeZone | "dmz";
    readonly to: NodeZone;
    /** Sorted, deduplicated; `all` covers every port of its protocol. */
    readonly ports: readonly ZonePort[];
    /** Ids of the matrix flows and platform flows this entry carries (docs, tests). */
    readonly ids: readonly string[];
}
