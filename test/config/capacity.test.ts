/**
 * Issue 15: the capacity model (config/capacity.ts) and its findings as configuration issues
 * (config/feasibility.ts), on table-driven pools. Pure: no Pulumi, no plan.
 * Not proven here: that the scheduler packs exactly like first-fit-decreasing (it may do better),
 * nor the real kubelet reserve of a given AMI (the model's reserve is a documented estimate).
 */
import { describe, expect, it } from "vitest";
import { findings, nodeCapacity, nodeReserve, nodesNeeded, poolBudget, type Workload } from "../../config/capacity";
import { checkCapacity, derivedChatReplicas, type CapacityConfig, type Feasibility } from "../../config/feasibility";
import { CHAT_MODELS, EMBEDDING_MODELS } from "../../config/models";
import { resolveSizing } from "../../config/tiers";

const w = (id: string, cpu: number, memoryGi: number, gpu: number, replicas: number, maxReplicas = replicas): Workload => ({
    id,
    pool: "gpuEmbed",
    pod: { cpu, memoryGi, gpu },
    replicas,
    maxReplicas,
    key: `sizing.${id}`,
});
const g6 = { vcpu: 8, memoryGiB: 32, gpus: 1 }; // g6.2xlarge
const p5 = { vcpu: 192, memoryGiB: 2048, gpus: 8 }; // p5.48xlarge
const m7i = { vcpu: 8, memoryGiB: 32, gpus: 0 }; // m7i.2xlarge

describe("node capacity", () => {
    it("reserves the EKS kube-reserved formula, eviction threshold and DaemonSets", () => {
        // 8 vCPUs: 0.06 + 0.01 + 0.005 x 2 + 0.0025 x 4 = 0.09 cores; 255 + 11 x 110 + 100 MiB.
        expect(nodeReserve(8, 110).cpu).toBeCloseTo(0.09, 6);
        expect(nodeReserve(8, 110).memoryGi).toBeCloseTo(1565 / 1024, 6);
        const node = nodeCapacity(g6, true);
        expect(node.maxPods).toBe(110);
        expect(node.allocatable.cpu).toBeCloseTo(8 - 0.09 - 0.75, 6);
        expect(node.allocatable.memoryGi).toBeCloseTo(32 - 1565 / 1024 - 1.75, 6);
        expect(node.allocatable.gpu).toBe(1);
    });

    it("packs first-fit-decreasing and keeps spread pods on distinct nodes", () => {
        const node = nodeCapacity(p5, true);
        const chat = { cpu: 16, memoryGi: 104, gpu: 2 };
        expect(
            nodesNeeded(
                Array.from({ length: 8 }, () => chat),
                node,
            ),
        ).toBe(2);
        expect(
            nodesNeeded(
                Array.from({ length: 9 }, () => chat),
                node,
            ),
        ).toBe(3);
        // Three 3-GPU pods: the aggregate (9 of 16 GPUs) fits 2 nodes, packing needs 2 (2 + 1 per node) ...
        expect(
            nodesNeeded(
                Array.from({ length: 3 }, () => ({ cpu: 1, memoryGi: 1, gpu: 3 })),
                node,
            ),
        ).toBe(2);
        // ... and required anti-affinity puts each of 3 small pods on its own node.
        expect(
            nodesNeeded(
                Array.from({ length: 3 }, () => ({ cpu: 1, memoryGi: 1, gpu: 0, spreadGroup: "pg" })),
                node,
            ),
        ).toBe(3);
        expect(nodesNeeded([{ cpu: 1, memoryGi: 1, gpu: 9 }], node)).toBeUndefined();
    });
});

describe("capacity findings (table)", () => {
    const cases: { name: string; shape: typeof g6; min: number; max: number; workloads: Workload[]; expected: ReturnType<typeof findings>[number]["kind"][]; short?: string[] }[] = [
        { name: "fits exactly", shape: g6, min: 5, max: 5, workloads: [w("odin", 6, 11, 1, 3), w("embed", 4, 24, 1, 2)], expected: [] },
        { name: "one pod too big for any node", shape: g6, min: 1, max: 3, workloads: [w("embed", 4, 40, 1, 1)], expected: ["pod-too-big"] },
        // The issue's prod case: Odin's 3 GPU pods beside 2 embedding servers on 3 single-L4 nodes.
        { name: "over-committed by GPU and CPU", shape: g6, min: 2, max: 3, workloads: [w("odin", 6, 11, 1, 3), w("embed", 4, 24, 1, 2)], expected: ["over-committed"], short: ["cpu", "gpu"] },
        { name: "over-committed by CPU", shape: m7i, min: 1, max: 2, workloads: [w("api", 5, 2, 0, 3)], expected: ["over-committed"], short: ["cpu"] },
        { name: "over-committed by memory", shape: m7i, min: 1, max: 2, workloads: [w("cache", 1, 20, 0, 3)], expected: ["over-committed"], short: ["memory"] },
        { name: "fits in aggregate, not per node", shape: m7i, min: 1, max: 2, workloads: [w("half", 4, 2, 0, 3)], expected: ["over-committed"], short: ["packing"] },
        { name: "HPA maximum does not fit", shape: m7i, min: 1, max: 2, workloads: [w("api", 3, 4, 0, 2, 6)], expected: ["hpa-max-does-not-fit"] },
        // 16 H100 paid for at rest, 4 used: the issue's idle-GPU example.
        { name: "idle paid GPUs", shape: p5, min: 2, max: 2, workloads: [w("chat", 16, 104, 2, 2)], expected: ["idle-gpus"] },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const budget = poolBudget("gpuEmbed", "test.type", c.shape, { minSize: c.min, maxSize: c.max }, c.workloads);
            const found = findings(budget);
            expect(found.map((f) => f.kind)).toEqual(c.expected);
            const over = found.find((f) => f.kind === "over-committed");
            if (c.short) {
                expect(over && over.kind === "over-committed" ? over.short : undefined).toEqual(c.short);
            }
        });
    }

    it("counts paid and used GPUs for the idle warning", () => {
        const budget = poolBudget("gpuLlm", "p5.48xlarge", p5, { minSize: 2, maxSize: 2 }, [{ ...w("chat", 16, 104, 2, 2), pool: "gpuLlm" }]);
        expect(findings(budget)).toEqual([{ kind: "idle-gpus", pool: "gpuLlm", paid: 16, used: 4 }]);
    });
});

describe("capacity as configuration issues", () => {
    type Sizes = { minSize: number; maxSize: number; machineType: string };
    const pools = (services: Sizes): CapacityConfig["pools"] => ({
        compute: { enabled: true, minSize: 10, maxSize: 20, machineType: "m7i.8xlarge" },
        services: { enabled: true, ...services, gpu: { kind: "L4", count: 1 } },
        gpuLlm: { enabled: true, minSize: 2, maxSize: 2, machineType: "p5.48xlarge", gpu: { kind: "H100", count: 8 } },
        gpuEmbed: { enabled: true, minSize: 2, maxSize: 3, machineType: "g6.2xlarge", gpu: { kind: "L4", count: 1 } },
        data: { enabled: true, minSize: 3, maxSize: 5, machineType: "i4i.8xlarge" },
        management: { enabled: true, minSize: 2, maxSize: 4, machineType: "m7i.4xlarge" },
    });
    const input = (services: Sizes, chatReplicas: number): CapacityConfig => ({
        target: "aws",
        tier: "enterprise",
        sizing: resolveSizing("enterprise"),
        pools: pools(services),
        chat: { model: CHAT_MODELS["llama-3.3-70b"], replicas: chatReplicas },
        embedding: EMBEDDING_MODELS["e5-mistral-7b-instruct"],
    });

    it("refuses a Services pool with fewer GPUs than Odin's pods (issue 20: Odin's GPUs live in Services), with the key and the numbers", () => {
        const out: Feasibility = { issues: [], warnings: [] };
        checkCapacity(input({ minSize: 2, maxSize: 2, machineType: "g6.8xlarge" }, 8), out);
        expect(out.issues).toHaveLength(1);
        expect(out.issues[0].key).toBe("devana:nodePools.services.maxSize");
        expect(out.issues[0].message).toContain("GPU 3 asked of 2");
        expect(out.issues[0].message).toContain("odin 3x(6 CPU, 11 GiB, 1 GPU)");
        expect(out.issues[0].message).toContain("give the pool a GPU per Odin replica");
        expect(out.warnings).toEqual([]);
    });

    it("warns on idle H100s when the chat replicas are set below what the pool pays for", () => {
        const out: Feasibility = { issues: [], warnings: [] };
        checkCapacity(input({ minSize: 3, maxSize: 3, machineType: "g6.8xlarge" }, 2), out);
        expect(out.issues).toEqual([]);
        expect(out.warnings).toHaveLength(1);
        expect(out.warnings[0]).toMatch(/^devana:nodePools\.gpuLlm\.minSize 2 x p5\.48xlarge pays for 16 GPUs at rest, the workloads use 4 /);
    });

    it("derives the chat replicas from the GPUs of the minSize nodes", () => {
        const model = CHAT_MODELS["llama-3.3-70b"];
        expect(derivedChatReplicas("aws", "enterprise", model, { machineType: "p5.48xlarge", minSize: 2 })).toBe(8);
        expect(derivedChatReplicas("azure", "enterprise", model, { machineType: "Standard_NC80adis_H100_v5", minSize: 4 })).toBe(4);
        // On-prem the node shape is unknown: GPUs per node only.
        expect(derivedChatReplicas("onprem", "production", model, { minSize: 3, gpu: { kind: "H100", count: 8 } })).toBe(12);
        expect(derivedChatReplicas("aws", "minimal", model, { machineType: "p5.48xlarge", minSize: 0 })).toBe(1);
    });
});
