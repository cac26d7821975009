/**
 * R-LLM as data: the scaling table of 70B-class serving, how many replicas of a catalogue model
 * each tier runs, and what one replica requests (pure, table-tested over the three tiers).
 */
import type { Tier } from "../defaults";
import type { ChatModel, EmbeddingModel, ServedModel } from "../models";

/** R-LLM "Scaling of 70B serving": H100s per user band (12-16 kept as its range). */
export const LLM_SCALING_70B = [
    { users: "100-500", upTo: 500, gpus: { min: 2, max: 2 } },
    { users: "500-2,000", upTo: 2000, gpus: { min: 4, max: 4 } },
    { users: "2,000-5,000", upTo: 5000, gpus: { min: 8, max: 8 } },
    { users: "5,000-10,000", upTo: 10000, gpus: { min: 12, max: 16 } },
] as const;

/** R-SIZE user bands of each tier. */
export const TIER_USERS: Readonly<Record<Tier, { readonly min: number; readonly max: number }>> = {
    minimal: { min: 1, max: 50 },
    production: { min: 100, max: 500 },
    enterprise: { min: 1000, max: 10000 },
};

/** The scaling row serving `users` (the first row below its range, the last above it). */
export function scalingRow(users: number): (typeof LLM_SCALING_70B)[number] {
    return LLM_SCALING_70B.find((row) => users <= row.upTo) ?? LLM_SCALING_70B[LLM_SCALING_70B.length - 1];
}

export interface ServingPlan {
    /** Replicas deployed (the tier's lower user bound). */
    readonly replicas: number;
    /** Replicas the tier's upper user bound needs: the ceiling to grow the GPU pool to. */
    readonly maxReplicas: number;
    /** GPUs per replica = vLLM `--tensor-parallel-size` (catalogue `gpusPerReplica`). */
    readonly gpusPerReplica: number;
    readonly cpu: number;
    readonly memoryGi: number;
    /** Model cache volume, GiB (the downloaded checkpoint plus headroom). */
    readonly cacheGi: number;
    /** `/dev/shm` for NCCL between tensor-parallel workers, GiB. */
    readonly shmGi: number;
}

/** [eng] CPU cores per GPU: tokenisation, scheduling and the HTTP server per GPU worker. */
export const CPU_PER_GPU = 8;
/** [eng] Host memory above the GPU weights: loading buffers, CUDA context, CPU swap space. */
export const HOST_MEMORY_OVERHEAD_GI = 32;
/** [eng] Checkpoint on disk: bf16 (2 bytes/param) when vLLM quantises at load, plus 25 %. */
export function cacheGiFor(model: ServedModel & { readonly vllmArgs?: readonly string[] }): number {
    const quantisedAtLoad = (model.vllmArgs ?? []).includes("--quantization");
    const checkpointGb = quantisedAtLoad ? model.paramsB * 2 : model.weightsGb;
    return Math.max(20, Math.ceil((checkpointGb * 1.25) / 10) * 10);
}

/** Replicas of a self-hosted chat model for a tier: R-LLM's 70B GPU counts over the model's GPUs per replica. */
export function chatPlan(tier: Tier, model: ChatModel): ServingPlan {
    const users = TIER_USERS[tier];
    const gpus = model.gpusPerReplica;
    const replicas = Math.max(1, Math.ceil(scalingRow(users.min).gpus.min / gpus));
    const maxReplicas = Math.max(replicas, Math.ceil(scalingRow(users.max).gpus.max / gpus));
    return {
        replicas,
        maxReplicas,
        gpusPerReplica: gpus,
        cpu: CPU_PER_GPU * gpus,
        memoryGi: model.weightsGb + HOST_MEMORY_OVERHEAD_GI,
        cacheGi: cacheGiFor(model),
        // [eng] NCCL needs shared memory between the TP workers; 8 GiB per GPU is ample.
        shmGi: 8 * gpus,
    };
}

/** R-LLM's documented vLLM embedding deployment: 1 GPU, 4 CPU, 24Gi per replica, 2 replicas. */
export const EMBEDDING_REPLICA = { gpus: 1, cpu: 4, memoryGi: 24, replicas: 2 } as const;

/**
 * Embedding servers for a tier: the documented 2 replicas, except the minimal tier (R-SIZE
 * minimal: one instance of each component, and its GPU pool has one embedding node).
 */
export function embeddingPlan(tier: Tier, model: EmbeddingModel): ServingPlan {
    const replicas = tier === "minimal" ? 1 : EMBEDDING_REPLICA.replicas;
    return {
        replicas,
        maxReplicas: replicas,
        gpusPerReplica: model.gpusPerReplica,
        cpu: EMBEDDING_REPLICA.cpu,
        memoryGi: EMBEDDING_REPLICA.memoryGi,
        cacheGi: cacheGiFor(model),
        shmGi: 2,
    };
}
