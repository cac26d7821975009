/**
 * Tier tables of the application and AI tiers (pure, no Pulumi): replicas, HPA bounds and
 * resources of API, Frontend, Odin, vLLM chat and embeddings for each R-SIZE tier, and the GPUs
 * each catalogue model gets. Does not prove the cluster has the capacity (node pools are sized
 * elsewhere) nor that the vendor images run within these figures.
 */
import { describe, expect, it } from "vitest";
import { TIERS, type Tier } from "../../../config/defaults";
import { CHAT_MODELS, EMBEDDING_MODELS, type ChatModelId } from "../../../config/models";
import { resolveSizing } from "../../../config/tiers";
import { chatPlan, embeddingPlan, scalingRow } from "../../../config/sizing/ai";
import { vllmArgs, vllmStatefulSetSpec } from "../../../components/devana/ai/vllm";
import { appPlan, memoryThresholdMb } from "../../../config/sizing/app";
import { hpaSpec } from "../../../components/devana/app/workload";

type Row = { cpu: number; memoryGi: number; replicas: number; hpa?: [number, number]; gpu: number };

/** R-SIZE, restated from requirements.md (not imported from config/tiers.ts on purpose). */
const EXPECTED: Record<Tier, { api: Row; frontend: Row; odin: Row }> = {
    minimal: {
        api: { cpu: 2, memoryGi: 4, replicas: 1, gpu: 0 },
        frontend: { cpu: 1, memoryGi: 2, replicas: 1, gpu: 0 },
        odin: { cpu: 2, memoryGi: 4, replicas: 1, gpu: 0 },
    },
    production: {
        api: { cpu: 3, memoryGi: 4, replicas: 2, hpa: [2, 3], gpu: 0 },
        frontend: { cpu: 2, memoryGi: 4, replicas: 2, hpa: [2, 3], gpu: 0 },
        odin: { cpu: 3, memoryGi: 6, replicas: 2, gpu: 0 },
    },
    enterprise: {
        api: { cpu: 4, memoryGi: 6, replicas: 5, hpa: [5, 10], gpu: 0 },
        frontend: { cpu: 2, memoryGi: 4, replicas: 5, hpa: [5, 10], gpu: 0 },
        odin: { cpu: 4, memoryGi: 8, replicas: 3, gpu: 1 },
    },
};

/** R-LLM scaling of 70B serving, per tier: replicas of a 2-GPU 70B model at rest and at the tier's top. */
const CHAT_70B: Record<Tier, { replicas: number; maxReplicas: number }> = {
    // below 100 users: the smallest line (2x H100)
    minimal: { replicas: 1, maxReplicas: 1 },
    // 100-500 users: 2x H100
    production: { replicas: 1, maxReplicas: 1 },
    // 1,000 users (500-2,000: 4x H100) up to 10,000 (5,000-10,000: 12-16x H100)
    enterprise: { replicas: 2, maxReplicas: 8 },
};

describe.each(TIERS)("tier %s", (tier) => {
    const plan = appPlan(resolveSizing(tier));

    it.each(["api", "frontend", "odin"] as const)("%s: replicas, HPA bounds, CPU, memory and GPUs from R-SIZE", (workload) => {
        const expected = EXPECTED[tier][workload];
        const got = plan[workload];
        expect({ cpu: got.cpu, memoryGi: got.memoryGi, replicas: got.replicas, gpu: got.gpu }).toEqual({
            cpu: expected.cpu,
            memoryGi: expected.memoryGi,
            replicas: expected.replicas,
            gpu: expected.gpu,
        });
        expect(got.hpa ? [got.hpa.minReplicas, got.hpa.maxReplicas] : undefined).toEqual(expected.hpa);
        if (got.hpa) {
            const spec = hpaSpec(`devana-${workload}`, got.hpa) as { minReplicas: number; maxReplicas: number; scaleTargetRef: { kind: string } };
            expect([spec.minReplicas, spec.maxReplicas, spec.scaleTargetRef.kind]).toEqual([...expected.hpa!, "Deployment"]);
        }
    });

    it("vLLM chat: replicas from the R-LLM scaling table, GPUs per replica from the catalogue", () => {
        const llama = chatPlan(tier, CHAT_MODELS["llama-3.3-70b"]);
        expect({ replicas: llama.replicas, maxReplicas: llama.maxReplicas }).toEqual(CHAT_70B[tier]);
        for (const id of Object.keys(CHAT_MODELS) as ChatModelId[]) {
            const model = CHAT_MODELS[id];
            const p = chatPlan(tier, model);
            expect(p.gpusPerReplica, id).toBe(model.gpusPerReplica);
            // Total GPUs at rest cover the table's count (rounded up to whole replicas).
            expect(p.replicas * p.gpusPerReplica, id).toBeGreaterThanOrEqual(Math.min(scalingRow(tier === "enterprise" ? 1000 : 100).gpus.min, model.gpusPerReplica));
        }
    });

    it("vLLM embeddings: 1 GPU, 4 CPU, 24Gi per replica; 2 replicas (1 in minimal)", () => {
        for (const model of Object.values(EMBEDDING_MODELS)) {
            const p = embeddingPlan(tier, model);
            expect({ gpus: p.gpusPerReplica, cpu: p.cpu, memoryGi: p.memoryGi, replicas: p.replicas }).toEqual({ gpus: 1, cpu: 4, memoryGi: 24, replicas: tier === "minimal" ? 1 : 2 });
        }
    });

    it("API MEMORY_THRESHOLD_MB stays below the memory limit", () => {
        expect(memoryThresholdMb(plan.api.memoryGi)).toBeLessThan(plan.api.memoryGi * 1024);
    });
});

describe("a self-hosted model gets exactly the GPUs its catalogue entry needs", () => {
    it.each(Object.keys(CHAT_MODELS) as ChatModelId[])("%s: nvidia.com/gpu and --tensor-parallel-size equal gpusPerReplica", (id) => {
        const model = CHAT_MODELS[id];
        const plan = chatPlan("production", model);
        const spec = vllmStatefulSetSpec({
            name: "vllm-chat",
            role: "chat",
            model: model.huggingFaceId,
            modelArgs: model.vllmArgs,
            plan,
            placement: { nodeSelector: { pool: "gpu-llm" }, tolerations: [] },
            apiKeySecret: "k",
            cacheStorageClass: "standard",
        }) as unknown as { template: { spec: { containers: { args: string[]; resources: { requests: Record<string, string>; limits: Record<string, string> } }[] } } };
        const container = spec.template.spec.containers[0];
        expect(container.resources.requests["nvidia.com/gpu"]).toBe(String(model.gpusPerReplica));
        expect(container.resources.limits["nvidia.com/gpu"]).toBe(String(model.gpusPerReplica));
        const args = container.args;
        expect(args[args.indexOf("--tensor-parallel-size") + 1]).toBe(String(model.gpusPerReplica));
        for (const flag of model.vllmArgs) {
            expect(args).toContain(flag);
        }
    });

    it("embeddings run with --runner pooling and one GPU", () => {
        const model = EMBEDDING_MODELS["e5-mistral-7b-instruct"];
        const args = vllmArgs({ role: "embeddings", model: model.huggingFaceId, modelArgs: [], plan: embeddingPlan("production", model) });
        expect(args.slice(args.indexOf("--runner"), args.indexOf("--runner") + 2)).toEqual(["--runner", "pooling"]);
        expect(args[args.indexOf("--tensor-parallel-size") + 1]).toBe("1");
    });
});
