/**
 * Issue 20 (R-NET-FW, R-SEC-ZONES): the flow matrix of network-flows.ts projected onto the
 * R-NET-ZONES zones, through the placement of every workload (config/placement.ts), plus the
 * platform's own flows (DNS, the Kubernetes API, monitoring, the load balancers). The cloud
 * network rules (AWS network ACLs, Azure NSGs) are generated from this projection, the
 * NetworkPolicies from the matrix itself: the two cannot disagree.
 */
import { NODE_ZONES, type NodeZone } from "../../config/defaults";
import { workloadZone, type WorkloadId, type ZoneFlow, type ZonePort } from "../../config/placement";

export type { ZoneFlow, ZonePort };
import { flowMatrix, type Flow, type FlowMatrixInput, type PeerId } from "./network-flows";

/** Where a peer of the matrix runs: node zones, outside the VPC/VNet, or on the node itself. */
export type PeerLocation = { readonly kind: "zones"; readonly zones: readonly NodeZone[] } | { readonly kind: "outside" } | { readonly kind: "node-local" };

const zonesOf = (...ids: WorkloadId[]): PeerLocation => ({ kind: "zones", zones: [...new Set(ids.map(workloadZone))] });

/**
 * The zones of every peer. Namespace-wide peers take the zones of every workload of the namespace;
 * platform peers follow config/placement.ts (the gateway and operators on App nodes, monitoring in
 * Management); cluster DNS runs in Management (CoreDNS on the management pool, AKS's system pool).
 */
export const PEER_LOCATIONS: Readonly<Record<PeerId, PeerLocation>> = {
    api: zonesOf("api"),
    frontend: zonesOf("frontend"),
    odin: zonesOf("odin"),
    waf: zonesOf("waf"),
    appAll: zonesOf("api", "frontend", "odin", "waf"),
    postgresql: zonesOf("postgresql"),
    redis: zonesOf("redis"),
    redisData: zonesOf("redis"),
    redisSentinel: zonesOf("redis"),
    redisProxy: zonesOf("redis"),
    chroma: zonesOf("chromadb"),
    chromaSnapshot: zonesOf("chromadb"),
    meilisearch: zonesOf("meilisearch"),
    meiliSnapshot: zonesOf("meilisearch"),
    objectStore: zonesOf("objectStore"),
    objectStoreJobs: zonesOf("objectStore"),
    filesSnapshot: zonesOf("backups"),
    objectReplication: zonesOf("backups"),
    servicesAll: zonesOf("redis", "meilisearch", "postgresql", "chromadb", "objectStore", "backups"),
    vllmChat: zonesOf("vllmChat"),
    vllmEmbeddings: zonesOf("vllmEmbeddings"),
    aiAll: zonesOf("vllmChat", "vllmEmbeddings"),
    gateway: zonesOf("gateway"),
    monitoring: zonesOf("monitoring"),
    dns: zonesOf("monitoring"),
    cnpgOperator: zonesOf("controllers"),
    otelCollector: zonesOf("monitoring"),
    // The Azure Blob private endpoint sits in the Data subnet (PRIVATE_ENDPOINT_ZONES).
    storagePrivateEndpoint: { kind: "zones", zones: ["data"] },
    internet: { kind: "outside" },
    anyAddress: { kind: "outside" },
    proxy: { kind: "outside" },
    podIdentityAgent: { kind: "node-local" },
};

/** Ports the platform opens between zones, outside the Devana flow matrix. */
export interface PlatformPorts {
    /** Cluster DNS (CoreDNS in Management): 53, or OpenShift's 5353. */
    readonly dns: number;
    /** The Kubernetes API and the cloud's private endpoints (HTTPS). */
    readonly kubeApi: readonly number[];
    /** The gateway pods' container ports the DMZ's load balancers reach (Traefik's web and websecure). */
    readonly gateway: readonly number[];
}

/** A flow of the platform (not a Devana workload's): same shape as the matrix, zone to zone. */
export interface PlatformFlow {
    readonly id: string;
    readonly from: readonly (NodeZone | "dmz")[];
    readonly to: NodeZone;
    readonly ports: readonly ZonePort[];
    readonly reason: string;
}

/**
 * The platform's flows. Management reaches every zone on every port (R-NET-ZONES: monitoring and
 * backup; the control plane's kubelet, webhook and metrics calls arrive from there too); every node
 * zone reaches Management for DNS and the Kubernetes API (logs need no flow: Alloy runs in
 * Management and reads them through the API); the DMZ's load balancers reach the
 * gateway pods in App and nothing else (R-SEC-ZONES: Internet -> DMZ -> App).
 */
export function platformFlows(ports: PlatformPorts): PlatformFlow[] {
    const others = (zone: NodeZone): NodeZone[] => NODE_ZONES.filter((z) => z !== zone);
    const tcp = (...list: readonly number[]): ZonePort[] => list.map((port) => ({ protocol: "TCP", port }));
    return [
        ...others("management").map((to): PlatformFlow => ({
            id: `platform-management-${to}`,
            from: ["management"],
            to,
            ports: [
                { protocol: "TCP", port: "all" },
                { protocol: "UDP", port: "all" },
            ],
            reason: "Management -> every zone: Prometheus scrapes, the control plane's kubelet, webhook and metrics calls, backups (R-NET-ZONES)",
        })),
        {
            id: "platform-dns",
            from: others("management"),
            to: "management",
            ports: [
                { protocol: "UDP", port: ports.dns },
                { protocol: "TCP", port: ports.dns },
            ],
            reason: `Every pod -> cluster DNS:${ports.dns} (CoreDNS in Management)`,
        },
        {
            id: "platform-kube-api",
            from: others("management"),
            to: "management",
            ports: tcp(...ports.kubeApi),
            reason: "Kubelets, operators and jobs -> the Kubernetes API and the cloud's private endpoints (HTTPS)",
        },
        { id: "platform-dmz-gateway", from: ["dmz"], to: "app", ports: tcp(...ports.gateway), reason: "DMZ load balancers -> the gateway pods (Traefik) in App (R-SEC-ZONES)" },
    ];
}

const portKey = (p: ZonePort): string => `${p.protocol}/${p.port}`;
const sortPorts = (ports: Iterable<ZonePort>): ZonePort[] => {
    const unique = new Map<string, ZonePort>();
    for (const p of ports) {
        unique.set(portKey(p), p);
    }
    // `all` of a protocol covers its single ports.
    const all = new Set([...unique.values()].filter((p) => p.port === "all").map((p) => p.protocol));
    return [...unique.values()].filter((p) => p.port === "all" || !all.has(p.protocol)).sort((a, b) => a.protocol.localeCompare(b.protocol) || (a.port === "all" ? -1 : b.port === "all" ? 1 : a.port - b.port));
};

/**
 * The zone-to-zone flows of one configuration: each matrix flow between pods of different zones,
 * and each platform flow. Flows inside a zone are not listed (a zone trusts itself at the network
 * layer; NetworkPolicies still police them). Named ports are allowed only from Management, which
 * reaches every port anyway.
 */
export function zoneFlows(input: FlowMatrixInput, ports: PlatformPorts, flows: readonly Flow[] = flowMatrix(input)): ZoneFlow[] {
    const byPair = new Map<string, { from: NodeZone | "dmz"; to: NodeZone; ports: ZonePort[]; ids: string[] }>();
    const add = (from: NodeZone | "dmz", to: NodeZone, list: readonly ZonePort[], id: string): void => {
        if (from === to) {
            return;
        }
        const key = `${from}>${to}`;
        const entry = byPair.get(key) ?? { from, to, ports: [], ids: [] };
        entry.ports.push(...list);
        if (!entry.ids.includes(id)) {
            entry.ids.push(id);
        }
        byPair.set(key, entry);
    };
    for (const flow of flows) {
        const from = PEER_LOCATIONS[flow.from];
        const to = PEER_LOCATIONS[flow.to];
        if (from.kind !== "zones" || to.kind !== "zones") {
            continue;
        }
        for (const f of from.zones) {
            for (const t of to.zones) {
                if (f === t) {
                    continue;
                }
                const list = flow.ports.map((p): ZonePort => {
                    if (typeof p.port === "string") {
                        if (f !== "management") {
                            throw new Error(`flow ${flow.id}: named port ${p.port} crosses from ${f} to ${t}; give the port number`);
                        }
                        return { protocol: p.protocol, port: "all" };
                    }
                    return { protocol: p.protocol, port: p.port };
                });
                add(f, t, list, flow.id);
            }
        }
    }
    for (const flow of platformFlows(ports)) {
        for (const from of flow.from) {
            add(from, flow.to, flow.ports, flow.id);
        }
    }
    const order = (z: string): number => (z === "dmz" ? -1 : NODE_ZONES.indexOf(z as NodeZone));
    return [...byPair.values()].map((e) => ({ from: e.from, to: e.to, ports: sortPorts(e.ports), ids: e.ids })).sort((a, b) => order(a.to) - order(b.to) || order(a.from) - order(b.from));
}

/** Whether the zone flows let `from` open a connection to `to` on a port. */
export function zoneFlowAllows(flows: readonly ZoneFlow[], from: NodeZone | "dmz", to: NodeZone, protocol: "TCP" | "UDP", port: number): boolean {
    if (from === to) {
        return true;
    }
    const entry = flows.find((f) => f.from === from && f.to === to);
    return entry !== undefined && entry.ports.some((p) => p.protocol === protocol && (p.port === "all" || p.port === port));
}
