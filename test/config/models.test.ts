/** R-LLM capacity: a replica must fit, weights plus KV cache, on one node of its pool. */
import { describe, expect, it } from "vitest";
import { CHAT_MODELS, EMBEDDING_MODELS, GPU_MEMORY_UTILIZATION, MACHINE_GPUS, modelFitProblem, requiredVramGb } from "../../config/models";
import { vllmArgs } from "../../components/devana/ai/vllm";

const fits = (model: keyof typeof CHAT_MODELS, machine: string): boolean => modelFitProblem(model, CHAT_MODELS[model], MACHINE_GPUS[machine], machine) === undefined;

describe("chat models", () => {
    it("follow R-LLM's GPU counts (tensor parallel size)", () => {
        expect(Object.fromEntries(Object.entries(CHAT_MODELS).map(([id, m]) => [id, m.gpusPerReplica]))).toEqual({
            "llama-3.1-70b": 2,
            "llama-3.3-70b": 2,
            "qwen-2.5-72b": 2,
            "mixtral-8x22b": 4,
            "deepseek-v3": 8,
        });
    });
    it("need no more than the VRAM R-LLM budgets for them", () => {
        for (const model of Object.values(CHAT_MODELS)) {
            expect(requiredVramGb(model)).toBeLessThanOrEqual(model.recommended.vramGb);
        }
    });
    it.each([
        ["llama-3.3-70b", "p5.48xlarge", true],
        ["llama-3.3-70b", "p5.4xlarge", false],
        ["llama-3.3-70b", "Standard_NC80adis_H100_v5", true],
        ["llama-3.3-70b", "Standard_NC40ads_H100_v5", false],
        ["llama-3.3-70b", "g6.12xlarge", false],
        ["mixtral-8x22b", "p5.48xlarge", true],
        ["mixtral-8x22b", "Standard_NC80adis_H100_v5", false],
        ["deepseek-v3", "p5.48xlarge", false],
        ["deepseek-v3", "p5e.48xlarge", true],
        ["deepseek-v3", "Standard_ND96isr_H200_v5", true],
    ] as const)("%s on %s: fits %s", (model, machine, expected) => {
        expect(fits(model, machine)).toBe(expected);
    });
    it("explains a misfit with the model, its memory and the node's", () => {
        expect(modelFitProblem("mixtral-8x22b", CHAT_MODELS["mixtral-8x22b"], { kind: "A100", count: 2 }, "pool")).toBe(
            "mixtral-8x22b needs 240 GB of GPU memory (144 GB fp8 weights + 96 GB KV cache) across 4 GPU(s) of one node; pool offers 2x A100 80 GB = 160 GB per node",
        );
    });
});

describe("embedding models", () => {
    it.each(Object.keys(EMBEDDING_MODELS))("%s fits one L4 (R-LLM) and one A10 (Azure)", (id) => {
        const model = EMBEDDING_MODELS[id as keyof typeof EMBEDDING_MODELS];
        expect(modelFitProblem(id, model, MACHINE_GPUS["g6.2xlarge"], "g6.2xlarge")).toBeUndefined();
        expect(modelFitProblem(id, model, MACHINE_GPUS.Standard_NV36ads_A10_v5, "A10")).toBeUndefined();
        expect(modelFitProblem(id, model, { kind: "T4", count: 1 }, "T4")).toMatch(/per GPU/);
    });
});

describe("vLLM memory utilisation", () => {
    it("stays below the R-MON GPU memory alert (90%) and is what the capacity check counts", () => {
        expect(GPU_MEMORY_UTILIZATION).toBeLessThan(0.9);
        const plan = { gpusPerReplica: 2 } as Parameters<typeof vllmArgs>[0]["plan"];
        for (const role of ["chat", "embeddings"] as const) {
            const args = vllmArgs({ role, model: "m", modelArgs: [], plan });
            expect(args[args.indexOf("--gpu-memory-utilization") + 1]).toBe("0.85");
        }
        // 72 GB weights + 48 GB cache on 2x 80 GB: 136 GB usable at 85%.
        expect(modelFitProblem("llama-3.3-70b", CHAT_MODELS["llama-3.3-70b"], { kind: "H100", count: 2 }, "node")).toBeUndefined();
        expect(modelFitProblem("llama-3.3-70b", { ...CHAT_MODELS["llama-3.3-70b"], headroomGb: 66 }, { kind: "H100", count: 2 }, "node")).toMatch(/68 of 80 GB per GPU usable at vLLM's 85% memory utilisation/);
    });
});
