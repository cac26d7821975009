/**
 * R-LLM: the model catalogue, the GPUs, and what each cloud machine type carries.
 * The capacity check counts weights plus KV-cache headroom (versions.md: bf16 70B weights alone
 * nearly fill 2x 80 GB, so 70B-class models are served in FP8 on Hopper).
 */

/** GPU memory per device, GB (vendor figures). */
export const GPUS = {
    H100: { memoryGb: 80, description: "NVIDIA H100 SXM 80 GB" },
    "H100-NVL": { memoryGb: 94, description: "NVIDIA H100 NVL 94 GB" },
    H200: { memoryGb: 141, description: "NVIDIA H200 141 GB" },
    A100: { memoryGb: 80, description: "NVIDIA A100 80 GB" },
    L40S: { memoryGb: 48, description: "NVIDIA L40S 48 GB" },
    L4: { memoryGb: 24, description: "NVIDIA L4 24 GB" },
    A10: { memoryGb: 24, description: "NVIDIA A10 24 GB" },
    T4: { memoryGb: 16, description: "NVIDIA T4 16 GB" },
} as const;
export type GpuKind = keyof typeof GPUS;
export const GPU_KINDS = Object.keys(GPUS) as GpuKind[];

export interface GpuSpec {
    readonly kind: GpuKind;
    /** GPUs per node. */
    readonly count: number;
}

/** GPUs of the cloud machine types this program knows; others need `gpu` set explicitly. */
export const MACHINE_GPUS: Readonly<Record<string, GpuSpec>> = {
    // AWS (instance type documentation)
    "p5.4xlarge": { kind: "H100", count: 1 },
    "p5.48xlarge": { kind: "H100", count: 8 },
    "p5e.48xlarge": { kind: "H200", count: 8 },
    "p5en.48xlarge": { kind: "H200", count: 8 },
    "p4de.24xlarge": { kind: "A100", count: 8 },
    "g6.xlarge": { kind: "L4", count: 1 },
    "g6.2xlarge": { kind: "L4", count: 1 },
    "g6.4xlarge": { kind: "L4", count: 1 },
    "g6.8xlarge": { kind: "L4", count: 1 },
    "g6.16xlarge": { kind: "L4", count: 1 },
    "g6.12xlarge": { kind: "L4", count: 4 },
    "g6.24xlarge": { kind: "L4", count: 4 },
    "g6.48xlarge": { kind: "L4", count: 8 },
    "g6e.xlarge": { kind: "L40S", count: 1 },
    "g6e.2xlarge": { kind: "L40S", count: 1 },
    "g6e.4xlarge": { kind: "L40S", count: 1 },
    "g6e.12xlarge": { kind: "L40S", count: 4 },
    "g6e.48xlarge": { kind: "L40S", count: 8 },
    // Azure (VM size documentation)
    Standard_NC40ads_H100_v5: { kind: "H100-NVL", count: 1 },
    Standard_NC80adis_H100_v5: { kind: "H100-NVL", count: 2 },
    Standard_ND96isr_H100_v5: { kind: "H100", count: 8 },
    Standard_ND96isr_H200_v5: { kind: "H200", count: 8 },
    Standard_NC24ads_A100_v4: { kind: "A100", count: 1 },
    Standard_NC48ads_A100_v4: { kind: "A100", count: 2 },
    Standard_NC96ads_A100_v4: { kind: "A100", count: 4 },
    Standard_NV36ads_A10_v5: { kind: "A10", count: 1 },
    Standard_NV72ads_A10_v5: { kind: "A10", count: 2 },
};

export type Precision = "bf16" | "fp8";

/** A model served by vLLM on the gpuLlm or gpuEmbed pool. */
export interface ServedModel {
    /** Hugging Face repository vLLM loads. */
    readonly huggingFaceId: string;
    readonly displayName: string;
    /** Parameters, billions (R-LLM). */
    readonly paramsB: number;
    /** Weight precision vLLM serves; fp8 on a bf16 checkpoint means `--quantization fp8`. */
    readonly precision: Precision;
    /** Weights in GPU memory at that precision, GB. */
    readonly weightsGb: number;
    /** KV cache and activation headroom for useful batch sizes, GB. */
    readonly headroomGb: number;
    /** GPUs one replica spans: vLLM `--tensor-parallel-size` (R-LLM "GPUs" column). */
    readonly gpusPerReplica: number;
}

export interface ChatModel extends ServedModel {
    /** The GPU the customer's table recommends, and its total VRAM figure (R-LLM). */
    readonly recommended: { readonly gpu: GpuKind; readonly vramGb: number; readonly systemRamGb: number };
    /** R-LLM throughput per replica, tokens/s. */
    readonly throughputTokensPerSecond: number;
    /** Extra vLLM flags the precision needs. */
    readonly vllmArgs: readonly string[];
    /** The weights are gated on Hugging Face: downloading them needs an accepted licence and a token. */
    readonly gated?: boolean;
}

export interface EmbeddingModel extends ServedModel {
    /** Vector size, for Devana's `EMBEDDING_JSON.dimensions`. */
    readonly dimensions: number;
}

const FP8_ARGS = ["--quantization", "fp8", "--kv-cache-dtype", "fp8"] as const;

/** R-LLM chat models. Weights: params x bytes per parameter, rounded up. */
export const CHAT_MODELS = {
    "llama-3.1-70b": {
        huggingFaceId: "meta-llama/Llama-3.1-70B-Instruct",
        displayName: "Llama 3.1 70B Instruct",
        paramsB: 70,
        precision: "fp8",
        weightsGb: 72,
        headroomGb: 48,
        gpusPerReplica: 2,
        recommended: { gpu: "H100", vramGb: 160, systemRamGb: 512 },
        throughputTokensPerSecond: 100,
        vllmArgs: FP8_ARGS,
        gated: true,
    },
    "llama-3.3-70b": {
        huggingFaceId: "meta-llama/Llama-3.3-70B-Instruct",
        displayName: "Llama 3.3 70B Instruct",
        paramsB: 70,
        precision: "fp8",
        weightsGb: 72,
        headroomGb: 48,
        gpusPerReplica: 2,
        recommended: { gpu: "H100", vramGb: 160, systemRamGb: 512 },
        throughputTokensPerSecond: 100,
        vllmArgs: FP8_ARGS,
        gated: true,
    },
    "qwen-2.5-72b": {
        huggingFaceId: "Qwen/Qwen2.5-72B-Instruct",
        displayName: "Qwen 2.5 72B Instruct",
        paramsB: 72,
        precision: "fp8",
        weightsGb: 74,
        headroomGb: 48,
        gpusPerReplica: 2,
        recommended: { gpu: "H100", vramGb: 160, systemRamGb: 512 },
        throughputTokensPerSecond: 95,
        vllmArgs: FP8_ARGS,
    },
    "mixtral-8x22b": {
        huggingFaceId: "mistralai/Mixtral-8x22B-Instruct-v0.1",
        displayName: "Mixtral 8x22B Instruct",
        paramsB: 141,
        precision: "fp8",
        weightsGb: 144,
        headroomGb: 96,
        gpusPerReplica: 4,
        recommended: { gpu: "H100", vramGb: 320, systemRamGb: 768 },
        throughputTokensPerSecond: 60,
        vllmArgs: FP8_ARGS,
    },
    "deepseek-v3": {
        // Released in FP8: no quantization flag needed.
        huggingFaceId: "deepseek-ai/DeepSeek-V3",
        displayName: "DeepSeek V3",
        paramsB: 671,
        precision: "fp8",
        weightsGb: 690,
        headroomGb: 250,
        gpusPerReplica: 8,
        recommended: { gpu: "H200", vramGb: 1128, systemRamGb: 2048 },
        throughputTokensPerSecond: 40,
        vllmArgs: ["--trust-remote-code"],
    },
} as const satisfies Record<string, ChatModel>;
export type ChatModelId = keyof typeof CHAT_MODELS;

/** R-LLM embedding servers (1x L4 24 GB each). */
export const EMBEDDING_MODELS = {
    "e5-mistral-7b-instruct": {
        huggingFaceId: "intfloat/e5-mistral-7b-instruct",
        displayName: "E5 Mistral 7B Instruct",
        paramsB: 7.1,
        precision: "bf16",
        weightsGb: 15,
        headroomGb: 4,
        gpusPerReplica: 1,
        dimensions: 4096,
    },
    "gte-qwen2-7b-instruct": {
        huggingFaceId: "Alibaba-NLP/gte-Qwen2-7B-instruct",
        displayName: "GTE Qwen2 7B Instruct",
        paramsB: 7.6,
        precision: "bf16",
        weightsGb: 16,
        headroomGb: 4,
        gpusPerReplica: 1,
        dimensions: 3584,
    },
} as const satisfies Record<string, EmbeddingModel>;
export type EmbeddingModelId = keyof typeof EMBEDDING_MODELS;

/** Cloud embedding models the `cloud` scenario may name (no GPU infrastructure). */
export const CLOUD_EMBEDDING_MODELS = {
    "text-embedding-3-large": { provider: "openai", dimensions: 3072 },
    "text-embedding-3-small": { provider: "openai", dimensions: 1536 },
} as const;
export type CloudEmbeddingModelId = keyof typeof CLOUD_EMBEDDING_MODELS;

export const CLOUD_LLM_PROVIDERS = ["openai", "azure-openai", "anthropic", "mistral"] as const;
export type CloudLlmProvider = (typeof CLOUD_LLM_PROVIDERS)[number];

/**
 * Share of each GPU's memory vLLM may claim (`--gpu-memory-utilization`). Below the R-MON alert
 * (GPU memory > 90%), so the alert means trouble rather than firing for as long as vLLM runs.
 */
export const GPU_MEMORY_UTILIZATION = 0.85;

/** GPU memory one replica of a model needs, GB. */
export function requiredVramGb(model: ServedModel): number {
    return model.weightsGb + model.headroomGb;
}

/**
 * Why a model cannot be served on one node of a pool, or undefined when it fits.
 * A replica must fit on one node: tensor parallelism across nodes is not what R-LLM plans.
 */
export function modelFitProblem(modelId: string, model: ServedModel, node: GpuSpec, nodeDescription: string): string | undefined {
    const gpu = GPUS[node.kind];
    const needed = requiredVramGb(model);
    const offered = `${nodeDescription} offers ${node.count}x ${node.kind} ${gpu.memoryGb} GB = ${node.count * gpu.memoryGb} GB per node`;
    const need = `${modelId} needs ${needed} GB of GPU memory (${model.weightsGb} GB ${model.precision} weights + ${model.headroomGb} GB KV cache) across ${model.gpusPerReplica} GPU(s) of one node`;
    if (node.count < model.gpusPerReplica) {
        return `${need}; ${offered}`;
    }
    const usablePerGpu = Math.floor(gpu.memoryGb * GPU_MEMORY_UTILIZATION);
    if (model.gpusPerReplica * usablePerGpu < needed) {
        return `${need}, i.e. ${Math.ceil(needed / model.gpusPerReplica)} GB per GPU; ${offered} (${usablePerGpu} of ${gpu.memoryGb} GB per GPU usable at vLLM's ${GPU_MEMORY_UTILIZATION * 100}% memory utilisation)`;
    }
    return undefined;
}
