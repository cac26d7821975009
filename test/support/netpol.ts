/**
 * Reads emitted NetworkPolicy objects back into (source, destination, port) pairs, naming each
 * side by the peer catalogue of network-flows.ts. A selector the catalogue does not know, a rule
 * without ports or without peers, throws: it would allow something outside the matrix.
 */
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { PEER_IDS, type Flow, type Peer, type PeerId } from "../../components/devana/network-flows";
import { TEMPO_POD_LABELS } from "../../components/platform/tracing";

const canon = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

interface RulePeer {
    namespaceSelector?: { matchLabels?: Record<string, string> };
    podSelector?: unknown;
    ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
    from?: RulePeer[];
    to?: RulePeer[];
    ports?: { port?: number | string; protocol?: string }[];
}
interface PolicyInputs {
    metadata: { name: string; namespace: string };
    spec: { podSelector: unknown; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
}

export const pairKey = (from: string, to: string, protocol: string, port: number | string): string => `${from} -> ${to} ${protocol}/${port}`;

export function flowPairs(flows: readonly Flow[]): Set<string> {
    return new Set(flows.flatMap((f) => f.ports.map((p) => pairKey(f.from, f.to, p.protocol, p.port))));
}

export interface DerivedPolicies {
    /** Pairs the destination's ingress policies admit (destination is a Devana pod group). */
    readonly ingress: Set<string>;
    /** Pairs the source's egress policies admit (source is a Devana pod group). */
    readonly egress: Set<string>;
    /** Namespaces with a default deny of both directions. */
    readonly defaultDeny: Set<string>;
    /**
     * Pairs the tracing policies (components/platform/tracing.ts, in the monitoring namespace)
     * admit, read with the catalogue plus Tempo and Grafana, which only they name.
     */
    readonly tracing: Set<string>;
}

/** The NetworkPolicies of the tracing component (monitoring namespace), not generated from the flow matrix. */
export const TRACING_POLICY_NAMES = ["otel-collector-ingress", "tempo-ingress"] as const;

export function derivePairs(resources: readonly PlannedResource[], peers: Readonly<Record<PeerId, Peer>>): DerivedPolicies {
    // Tempo and Grafana sit next to the collector; only the tracing policies name them.
    const tracingNs = peers.otelCollector.kind === "pods" ? peers.otelCollector.namespace : "";
    const catalogue: [string, Peer][] = [
        ...PEER_IDS.map((id): [string, Peer] => [id, peers[id]]),
        ["tempo", { kind: "pods", namespace: tracingNs, pods: { matchLabels: { ...TEMPO_POD_LABELS } }, managed: false }],
        ["grafana", { kind: "pods", namespace: tracingNs, pods: { matchLabels: { "app.kubernetes.io/name": "grafana" } }, managed: false }],
    ];
    const podPeer = (namespace: string, selector: unknown): PeerId => {
        const id = catalogue.find(([, peer]) => peer.kind === "pods" && peer.namespace === namespace && canon(peer.pods) === canon(selector ?? {}))?.[0] as PeerId | undefined;
        if (!id) {
            throw new Error(`selector outside the matrix: ${namespace} ${canon(selector)}`);
        }
        return id;
    };
    const rulePeer = (peer: RulePeer, ownNamespace: string): PeerId => {
        if (peer.ipBlock) {
            const id = PEER_IDS.find((p) => {
                const c: Peer = peers[p];
                if (c.kind === "cidrs") {
                    return !peer.ipBlock!.except?.length && c.cidrs.includes(peer.ipBlock!.cidr);
                }
                return c.kind === "cidr" && c.cidr === peer.ipBlock!.cidr && canon([...c.except].sort()) === canon([...(peer.ipBlock!.except ?? [])].sort());
            });
            if (!id) {
                throw new Error(`ipBlock outside the matrix: ${canon(peer.ipBlock)}`);
            }
            return id;
        }
        const ns = peer.namespaceSelector ? peer.namespaceSelector.matchLabels?.["kubernetes.io/metadata.name"] : ownNamespace;
        if (!ns || (peer.namespaceSelector && Object.keys(peer.namespaceSelector.matchLabels ?? {}).length !== 1)) {
            throw new Error(`namespace selector outside the matrix: ${canon(peer.namespaceSelector)}`);
        }
        return podPeer(ns, peer.podSelector);
    };
    const ingress = new Set<string>();
    const egress = new Set<string>();
    const defaultDeny = new Set<string>();
    const tracing = new Set<string>();
    for (const r of resources.filter((x) => x.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")) {
        const p = r.inputs as unknown as PolicyInputs;
        const ns = p.metadata.namespace;
        const isTracing = ns === tracingNs && (TRACING_POLICY_NAMES as readonly string[]).includes(p.metadata.name);
        const types = p.spec.policyTypes ?? [];
        if (canon(p.spec.podSelector) === "{}" && !p.spec.ingress?.length && !p.spec.egress?.length && types.includes("Ingress") && types.includes("Egress")) {
            defaultDeny.add(ns);
            continue;
        }
        const self = podPeer(ns, p.spec.podSelector);
        for (const [direction, rules] of [
            ["ingress", p.spec.ingress ?? []],
            ["egress", p.spec.egress ?? []],
        ] as const) {
            for (const rule of rules) {
                const others = direction === "ingress" ? rule.from : rule.to;
                if (!others?.length || !rule.ports?.length) {
                    throw new Error(`${ns}/${p.metadata.name}: a rule without peers or ports allows everything`);
                }
                for (const other of others) {
                    const otherId = rulePeer(other, ns);
                    for (const port of rule.ports) {
                        const key = direction === "ingress" ? pairKey(otherId, self, port.protocol ?? "TCP", port.port ?? "*") : pairKey(self, otherId, port.protocol ?? "TCP", port.port ?? "*");
                        (isTracing ? tracing : direction === "ingress" ? ingress : egress).add(key);
                    }
                }
            }
        }
    }
    return { ingress, egress, defaultDeny, tracing };
}

/**
 * The pairs traffic can actually take: between two Devana pod groups both ends must allow it;
 * with the outside, the Devana end decides.
 */
export function effectivePairs(derived: DerivedPolicies, peers: Readonly<Record<PeerId, Peer>>): Set<string> {
    const managed = (id: string): boolean => {
        const p = peers[id as PeerId];
        return p.kind === "pods" && p.managed;
    };
    const out = new Set<string>();
    const parse = (key: string): [string, string] => {
        const [from, , to] = key.split(" ");
        return [from, to];
    };
    for (const key of derived.ingress) {
        const [from] = parse(key);
        if (!managed(from) || derived.egress.has(key)) {
            out.add(key);
        }
    }
    for (const key of derived.egress) {
        const [, to] = parse(key);
        if (!managed(to)) {
            out.add(key);
        }
    }
    return out;
}

/** Pairs one end allows and the other does not: harmless, but a sign of a generator bug. */
export function danglingPairs(derived: DerivedPolicies, peers: Readonly<Record<PeerId, Peer>>): string[] {
    const managed = (id: string): boolean => {
        const p = peers[id as PeerId];
        return p.kind === "pods" && p.managed;
    };
    const dangling: string[] = [];
    for (const key of derived.ingress) {
        const [from] = key.split(" ");
        if (managed(from) && !derived.egress.has(key)) {
            dangling.push(`ingress only: ${key}`);
        }
    }
    for (const key of derived.egress) {
        const to = key.split(" ")[2];
        if (managed(to) && !derived.ingress.has(key)) {
            dangling.push(`egress only: ${key}`);
        }
    }
    return dangling;
}

/** R-NET-FW as the customer wrote it (requirements.md), in peer ids of the catalogue. */
export const R_NET_FW_SELF_HOSTED: readonly string[] = [
    pairKey("gateway", "frontend", "TCP", 3000),
    pairKey("frontend", "api", "TCP", 4666),
    pairKey("frontend", "api", "TCP", 5001),
    pairKey("gateway", "api", "TCP", 4666),
    pairKey("api", "postgresql", "TCP", 5432),
    pairKey("api", "chroma", "TCP", 8000),
    pairKey("api", "redis", "TCP", 6379),
    pairKey("api", "odin", "TCP", 3003),
    pairKey("api", "vllmChat", "TCP", 8000),
    pairKey("odin", "vllmEmbeddings", "TCP", 8000),
];
/** R-NET-FW without an AI cluster (cloud scenario): the LLM rules have nothing to apply to. */
export const R_NET_FW_CLOUD = R_NET_FW_SELF_HOSTED.filter((k) => !k.includes("vllm"));

/** The flow table of docs/app-tier.md: id -> the row's from, to and ports cells. */
export function documentedFlows(markdown: string): Map<string, { from: string; to: string; ports: string }> {
    const rows = new Map<string, { from: string; to: string; ports: string }>();
    for (const line of markdown.split("\n")) {
        const cells = line.split("|").map((c) => c.trim());
        const id = /^`([a-z0-9-]+)`$/.exec(cells[1] ?? "")?.[1];
        if (id && cells.length >= 6) {
            rows.set(id, { from: cells[2].replace(/`/g, ""), to: cells[3].replace(/`/g, ""), ports: cells[4] });
        }
    }
    return rows;
}

/** How a flow's ports are written in the doc: `TCP 4666, 5001` (`TCP metrics` for named ports). */
export function portsCell(flow: Flow): string {
    const byProtocol = new Map<string, string[]>();
    for (const p of flow.ports) {
        byProtocol.set(p.protocol, [...(byProtocol.get(p.protocol) ?? []), String(p.port)]);
    }
    return [...byProtocol.entries()].map(([proto, ports]) => `${proto} ${ports.join(", ")}`).join("; ");
}
