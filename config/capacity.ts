/**
 * The capacity model (issue 15): what every workload the program places asks of each node pool
 * (replicas x requests of all its containers), what the pool offers (maxSize x the node's vCPU,
 * memory and GPUs, less a documented per-node reserve and per-node DaemonSets), and whether the
 * pods pack onto the nodes. Pure: resolve/index.ts turns its findings into config issues and warnings,
 * the plan summary prints the budget.
 *
 * The figures come from the same pure plans the components deploy (R-SIZE via appPlan/dataPlan,
 * R-LLM via chatPlan/embeddingPlan); the sidecars' requests are restated here and a test compares
 * the model with the pods of every committed stack's plan.
 */
import { appPlan } from "./sizing/app";
import { chatPlan, embeddingPlan, type ServingPlan } from "./sizing/ai";
import { dataPlan } from "./sizing/data";
import type { PoolName, Target, Tier } from "./defaults";
import { POOL_NAMES } from "./defaults";
import type { MachineShape } from "./facts";
import type { ChatModel, EmbeddingModel, GpuSpec } from "./models";
import { WORKLOAD_POOLS } from "./placement";
import type { ResolvedSizing } from "./tiers";

/** Requests of one pod (all its containers). */
export interface PodRequests {
    readonly cpu: number;
    readonly memoryGi: number;
    readonly gpu: number;
}

/** One workload placed on a pool. */
export interface Workload {
    /** Stable id, as in messages (`api`, `vllm-chat`, `redis-sentinel`). */
    readonly id: string;
    readonly pool: PoolName;
    readonly pod: PodRequests;
    /** Pods at rest (the HPA minimum). */
    readonly replicas: number;
    /** Pods at the HPA maximum (equal to `replicas` without an HPA). */
    readonly maxReplicas: number;
    /** The configuration key that sizes it, for messages. */
    readonly key: string;
    /** Required pod anti-affinity: at most one of its pods per node (PostgreSQL, Redis). */
    readonly spread?: boolean;
}

/** A pod to place: its requests and, when spread, the workload it must not share a node with. */
export interface PodToPlace extends PodRequests {
    readonly spreadGroup?: string;
}

/**
 * [eng] Per-node reserve before pods: the EKS AL2023 kube-reserved formula (CPU: 6 % of the first
 * core, 1 % of the second, 0.5 % of cores 3-4, 0.25 % above; memory: 255 MiB + 11 MiB per pod the
 * node may run) plus the 100 MiB hard eviction threshold. AKS reserves less memory since 1.29, so
 * this errs on the safe side there.
 */
export function nodeReserve(vcpu: number, maxPods: number): { cpu: number; memoryGi: number } {
    const cpu = 0.06 * Math.min(vcpu, 1) + 0.01 * Math.min(Math.max(vcpu - 1, 0), 1) + 0.005 * Math.min(Math.max(vcpu - 2, 0), 2) + 0.0025 * Math.max(vcpu - 4, 0);
    const memoryMi = 255 + 11 * maxPods + 100;
    return { cpu, memoryGi: memoryMi / 1024 };
}

/** Pods per node the kubelet runs: 110 below 30 vCPUs, 250 from 30 (EKS with prefix delegation). */
export function maxPodsForShape(vcpu: number): number {
    return vcpu < 30 ? 110 : 250;
}

/**
 * [eng] DaemonSet pods on every node (CNI, kube-proxy or Cilium, CSI node plugins, Pod Identity
 * agent, node exporter); GPU nodes add the NVIDIA device plugin and the DCGM exporter.
 */
export const DAEMONSET_ALLOWANCE = { cpu: 0.5, memoryGi: 1 } as const;
export const GPU_DAEMONSET_ALLOWANCE = { cpu: 0.25, memoryGi: 0.75 } as const;

/**
 * [eng] Chart pods on the compute pool whose requests the charts leave unset or small: CoreDNS,
 * cert-manager, the operators, the load balancer controller and the cluster autoscaler. Counted as
 * one pod so the budget keeps room.
 */
export const PLATFORM_ALLOWANCE = { cpu: 1.5, memoryGi: 4, gpu: 0 } as const;
/**
 * [eng] Monitoring chart pods beside Prometheus on the management pool (issue 20): the Prometheus
 * operator, kube-state-metrics, Grafana, Alertmanager, Loki, the OpenTelemetry Collector.
 */
export const MONITORING_ALLOWANCE = { cpu: 1.5, memoryGi: 8, gpu: 0 } as const;

/** Sidecars the data-tier components add (redis.ts, chroma.ts) and Odin's Gotenberg (odin.ts). */
export const SIDECARS = {
    redisMetrics: { cpu: 0.05, memoryGi: 32 / 1024 },
    redisSentinel: { cpu: 0.05, memoryGi: 64 / 1024 },
    redisProxy: { cpu: 0.1, memoryGi: 64 / 1024 },
    chromaAuthProxy: { cpu: 0.05, memoryGi: 64 / 1024 },
    gotenberg: { cpu: 2, memoryGi: 3 },
} as const;
/** Redis primary-routing proxies (redis.ts) when Sentinels run. */
export const REDIS_PROXIES = 2;

/** What one node of a pool offers to pods. */
export interface NodeCapacity {
    readonly shape: MachineShape;
    readonly maxPods: number;
    readonly allocatable: PodRequests;
}

export function nodeCapacity(shape: MachineShape, gpuPool: boolean): NodeCapacity {
    const maxPods = maxPodsForShape(shape.vcpu);
    const reserve = nodeReserve(shape.vcpu, maxPods);
    const ds = gpuPool ? { cpu: DAEMONSET_ALLOWANCE.cpu + GPU_DAEMONSET_ALLOWANCE.cpu, memoryGi: DAEMONSET_ALLOWANCE.memoryGi + GPU_DAEMONSET_ALLOWANCE.memoryGi } : DAEMONSET_ALLOWANCE;
    return {
        shape,
        maxPods,
        allocatable: { cpu: shape.vcpu - reserve.cpu - ds.cpu, memoryGi: shape.memoryGiB - reserve.memoryGi - ds.memoryGi, gpu: shape.gpus },
    };
}

const add = (a: PodRequests, b: Partial<PodRequests>): PodRequests => ({ cpu: a.cpu + (b.cpu ?? 0), memoryGi: a.memoryGi + (b.memoryGi ?? 0), gpu: a.gpu + (b.gpu ?? 0) });
const times = (a: PodRequests, n: number): PodRequests => ({ cpu: a.cpu * n, memoryGi: a.memoryGi * n, gpu: a.gpu * n });
const ZERO: PodRequests = { cpu: 0, memoryGi: 0, gpu: 0 };

function fits(pod: PodRequests, free: PodRequests): boolean {
    const eps = 1e-9;
    return pod.cpu <= free.cpu + eps && pod.memoryGi <= free.memoryGi + eps && pod.gpu <= free.gpu;
}

/** How many pods of one shape one node holds. */
export function podsPerNode(pod: PodRequests, node: NodeCapacity): number {
    const by = (asked: number, offered: number): number => (asked > 0 ? Math.floor(offered / asked + 1e-9) : Number.POSITIVE_INFINITY);
    return Math.max(0, Math.min(node.maxPods, by(pod.cpu, node.allocatable.cpu), by(pod.memoryGi, node.allocatable.memoryGi), by(pod.gpu, node.allocatable.gpu)));
}

/**
 * Nodes first-fit-decreasing needs for these pods (GPUs, then CPU, then memory first), or
 * undefined when a pod fits no node at all.
 */
export function nodesNeeded(pods: readonly PodToPlace[], node: NodeCapacity): number | undefined {
    const sorted = [...pods].sort((a, b) => b.gpu - a.gpu || b.cpu - a.cpu || b.memoryGi - a.memoryGi);
    const nodes: { free: PodRequests; pods: number; groups: Set<string> }[] = [];
    for (const pod of sorted) {
        if (!fits(pod, node.allocatable)) {
            return undefined;
        }
        const target = nodes.find((n) => n.pods < node.maxPods && fits(pod, n.free) && !(pod.spreadGroup && n.groups.has(pod.spreadGroup)));
        const groups = pod.spreadGroup ? [pod.spreadGroup] : [];
        if (target) {
            target.free = add(target.free, times(pod, -1));
            target.pods += 1;
            groups.forEach((g) => target.groups.add(g));
        } else {
            nodes.push({ free: add(node.allocatable, times(pod, -1)), pods: 1, groups: new Set(groups) });
        }
    }
    return nodes.length;
}

export interface CapacityInput {
    readonly target: Target;
    readonly tier: Tier;
    readonly sizing: ResolvedSizing;
    readonly pools: Readonly<Record<PoolName, { readonly enabled: boolean; readonly minSize: number; readonly maxSize: number; readonly gpu?: GpuSpec }>>;
    readonly chat?: { readonly model: ChatModel; readonly replicas: number };
    readonly embedding?: EmbeddingModel;
    /** Odin runs Gotenberg beside it (Odin v1). @default true */
    readonly gotenberg?: boolean;
    /** The data tier runs its own object store (on-prem SeaweedFS). @default false */
    readonly inClusterObjectStore?: boolean;
}

/** Odin's GPUs per pod: the tier's (R-SIZE enterprise: 1) where its Services pool has GPUs, else none (basic OCR on CPU). */
export function odinGpus(sizing: ResolvedSizing, pools: CapacityInput["pools"]): number {
    return pools[WORKLOAD_POOLS.odin].gpu ? sizing.odin.gpu : 0;
}

/** The chat serving plan with the replicas the configuration resolved. */
export function chatServing(tier: Tier, model: ChatModel, replicas: number): ServingPlan {
    return { ...chatPlan(tier, model), replicas, maxReplicas: Math.max(replicas, chatPlan(tier, model).maxReplicas) };
}

/** Every workload the program places, by pool (pure: the same plans the stacks deploy). */
export function workloads(input: CapacityInput): Workload[] {
    const { sizing } = input;
    const list: Workload[] = [];
    const push = (id: string, pool: PoolName, pod: PodRequests, replicas: number, maxReplicas: number, key: string, spread = false): void => {
        if (replicas > 0) {
            list.push({ id, pool, pod, replicas, maxReplicas: Math.max(replicas, maxReplicas), key, ...(spread ? { spread } : {}) });
        }
    };
    const P = WORKLOAD_POOLS;
    const app = appPlan(sizing);
    for (const id of ["api", "frontend"] as const) {
        const p = app[id];
        push(id, P[id], { cpu: p.cpu, memoryGi: p.memoryGi, gpu: 0 }, p.replicas, p.hpa?.maxReplicas ?? p.replicas, `sizing.${id}`);
    }
    // The API's cron pod: the same size, one replica, never scaled.
    push("api-cron", P.api, { cpu: app.api.cpu, memoryGi: app.api.memoryGi, gpu: 0 }, 1, 1, "sizing.api");
    const odin = app.odin;
    const odinPod = add({ cpu: odin.cpu, memoryGi: odin.memoryGi, gpu: odinGpus(sizing, input.pools) }, (input.gotenberg ?? true) ? SIDECARS.gotenberg : {});
    push("odin", P.odin, odinPod, odin.replicas, odin.replicas, "sizing.odin");
    push("gateway", P.gateway, { cpu: sizing.gateway.cpu, memoryGi: sizing.gateway.memoryGi, gpu: 0 }, sizing.gateway.replicas, sizing.gateway.replicas, "sizing.gateway");
    push("platform", P.controllers, PLATFORM_ALLOWANCE, 1, 1, "nodePools.compute");
    push("prometheus", P.monitoring, { cpu: sizing.monitoring.cpu, memoryGi: sizing.monitoring.memoryGi, gpu: 0 }, sizing.monitoring.replicas, sizing.monitoring.replicas, "sizing.monitoring");
    push("monitoring", P.monitoring, MONITORING_ALLOWANCE, 1, 1, "nodePools.management");

    const data = dataPlan(sizing, input.pools[P.postgresql].minSize, input.pools[P.redis].minSize);
    push("postgresql", P.postgresql, { cpu: data.postgresql.cpu, memoryGi: data.postgresql.memoryGi, gpu: 0 }, data.postgresql.instances, data.postgresql.instances, "sizing.postgresql", data.postgresql.spreadRequired);
    push("redis", P.redis, add({ cpu: data.redis.cpu, memoryGi: data.redis.memoryGi, gpu: 0 }, SIDECARS.redisMetrics), data.redis.dataPods, data.redis.dataPods, "sizing.redis", data.redis.spreadRequired);
    if (data.redis.sentinels > 0) {
        push("redis-sentinel", P.redis, { ...SIDECARS.redisSentinel, gpu: 0 }, data.redis.sentinels, data.redis.sentinels, "sizing.redis");
        push("redis-proxy", P.redis, { ...SIDECARS.redisProxy, gpu: 0 }, REDIS_PROXIES, REDIS_PROXIES, "sizing.redis");
    }
    push("chromadb", P.chromadb, add({ cpu: data.chromadb.cpu, memoryGi: data.chromadb.memoryGi, gpu: 0 }, SIDECARS.chromaAuthProxy), 1, 1, "sizing.chromadb");
    push("meilisearch", P.meilisearch, { cpu: data.meilisearch.cpu, memoryGi: data.meilisearch.memoryGi, gpu: 0 }, 1, 1, "sizing.meilisearch");
    if (input.inClusterObjectStore) {
        push("object-store", P.objectStore, { cpu: data.objectStore.cpu, memoryGi: data.objectStore.memoryGi, gpu: 0 }, data.objectStore.volumeServers, data.objectStore.volumeServers, "sizing.objectStore");
    }

    if (input.chat && input.pools.gpuLlm.enabled) {
        const plan = chatServing(input.tier, input.chat.model, input.chat.replicas);
        push("vllm-chat", P.vllmChat, { cpu: plan.cpu, memoryGi: plan.memoryGi, gpu: plan.gpusPerReplica }, plan.replicas, plan.replicas, "llm.chatReplicas");
    }
    if (input.embedding && input.pools.gpuEmbed.enabled) {
        const plan = embeddingPlan(input.tier, input.embedding);
        push("vllm-embeddings", P.vllmEmbeddings, { cpu: plan.cpu, memoryGi: plan.memoryGi, gpu: plan.gpusPerReplica }, plan.replicas, plan.replicas, "llm.embeddingModel");
    }
    return list;
}

/** Asked and offered of one pool, per resource. */
export interface PoolBudget {
    readonly pool: PoolName;
    readonly machineType: string;
    readonly node: NodeCapacity;
    readonly minSize: number;
    readonly maxSize: number;
    readonly workloads: readonly Workload[];
    /** Requests at minimum replicas, and at the HPA maxima. */
    readonly asked: PodRequests;
    readonly askedAtMax: PodRequests;
    /** maxSize x allocatable, and minSize x the node's GPUs (what is paid for at rest). */
    readonly offered: PodRequests;
    readonly paidGpusAtRest: number;
    /** Nodes the pods pack onto at minimum replicas / at the HPA maxima; undefined when a pod fits no node. */
    readonly nodesNeeded?: number;
    readonly nodesNeededAtMax?: number;
}

export type Finding =
    | { readonly kind: "pod-too-big"; readonly pool: PoolName; readonly workload: Workload }
    | { readonly kind: "over-committed"; readonly pool: PoolName; readonly short: readonly ("cpu" | "memory" | "gpu" | "packing")[] }
    | { readonly kind: "hpa-max-does-not-fit"; readonly pool: PoolName }
    | { readonly kind: "idle-gpus"; readonly pool: PoolName; readonly paid: number; readonly used: number };

/** The budget of one pool whose node shape is known. */
export function poolBudget(pool: PoolName, machineType: string, shape: MachineShape, sizes: { minSize: number; maxSize: number }, all: readonly Workload[]): PoolBudget {
    const node = nodeCapacity(shape, shape.gpus > 0);
    const mine = all.filter((w) => w.pool === pool);
    const pods = (max: boolean): PodToPlace[] => mine.flatMap((w) => Array.from({ length: max ? w.maxReplicas : w.replicas }, (): PodToPlace => (w.spread ? { ...w.pod, spreadGroup: w.id } : w.pod)));
    const sum = (list: PodRequests[]): PodRequests => list.reduce(add, ZERO);
    return {
        pool,
        machineType,
        node,
        minSize: sizes.minSize,
        maxSize: sizes.maxSize,
        workloads: mine,
        asked: sum(pods(false)),
        askedAtMax: sum(pods(true)),
        offered: times(node.allocatable, sizes.maxSize),
        paidGpusAtRest: shape.gpus * sizes.minSize,
        nodesNeeded: nodesNeeded(pods(false), node),
        nodesNeededAtMax: nodesNeeded(pods(true), node),
    };
}

/** What is wrong (or wasteful) with one pool's budget. */
export function findings(budget: PoolBudget): Finding[] {
    const out: Finding[] = [];
    const tooBig = budget.workloads.filter((w) => !fits(w.pod, budget.node.allocatable));
    for (const workload of tooBig) {
        out.push({ kind: "pod-too-big", pool: budget.pool, workload });
    }
    if (tooBig.length > 0) {
        return out;
    }
    if (budget.nodesNeeded !== undefined && budget.nodesNeeded > budget.maxSize) {
        const short: ("cpu" | "memory" | "gpu" | "packing")[] = [];
        if (budget.asked.cpu > budget.offered.cpu + 1e-9) short.push("cpu");
        if (budget.asked.memoryGi > budget.offered.memoryGi + 1e-9) short.push("memory");
        if (budget.asked.gpu > budget.offered.gpu) short.push("gpu");
        out.push({ kind: "over-committed", pool: budget.pool, short: short.length > 0 ? short : ["packing"] });
    } else if (budget.nodesNeededAtMax !== undefined && budget.nodesNeededAtMax > budget.maxSize) {
        out.push({ kind: "hpa-max-does-not-fit", pool: budget.pool });
    }
    if (budget.paidGpusAtRest > budget.asked.gpu) {
        out.push({ kind: "idle-gpus", pool: budget.pool, paid: budget.paidGpusAtRest, used: budget.asked.gpu });
    }
    return out;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
export const describePod = (p: PodRequests): string => `${fmt(p.cpu)} CPU, ${fmt(p.memoryGi)} GiB${p.gpu > 0 ? `, ${p.gpu} GPU` : ""}`;

/** One line per pool for the plan summary: asked / offered per resource, nodes needed. */
export function formatBudget(b: PoolBudget): string {
    const res = (asked: number, offered: number): string => `${fmt(asked)}/${fmt(offered)}`;
    const gpu = b.node.shape.gpus > 0 ? `, GPU ${b.asked.gpu}/${b.offered.gpu} (${b.paidGpusAtRest} paid at rest)` : "";
    const nodes = b.nodesNeeded === undefined ? "a pod fits no node" : `${b.nodesNeeded} node(s) needed at rest, ${b.nodesNeededAtMax} at HPA max`;
    return `${b.pool.padEnd(9)} CPU ${res(b.asked.cpu, b.offered.cpu)}, memory ${res(b.asked.memoryGi, b.offered.memoryGi)} GiB${gpu}; ${nodes}; pool ${b.minSize}..${b.maxSize} x ${b.machineType} (${describePod(b.node.allocatable)} allocatable each)`;
}

/** Pools in their usual order, for callers that iterate. */
export const CAPACITY_POOLS: readonly PoolName[] = POOL_NAMES;
