/** The R-LLM choice: scenario, chat and embedding models from the catalogue, the cloud provider. */
import type { PoolName } from "../defaults";
import type { ConfigIssue, ResolvedEmbedding, ResolvedLlm, ResolvedPool } from "../model";
import { CHAT_MODELS, CLOUD_EMBEDDING_MODELS, EMBEDDING_MODELS, modelFitProblem, type ChatModel, type ChatModelId, type CloudEmbeddingModelId, type EmbeddingModelId } from "../models";
import type { ParsedKeys } from "../schema";
import { keyPath } from "./keys";

const listOf = (ids: readonly string[]): string => ids.join(", ");

/** ResolvedLlm before the chat replicas are known (they depend on the pools and the sizing). */
type LlmChoice = Omit<ResolvedLlm, "chat"> & { readonly chat?: { readonly id: ChatModelId; readonly model: ChatModel } };

/** R-LLM scenarios, catalogue membership, and the capacity check against the GPU pools. */
export function resolveLlm(parsed: Partial<ParsedKeys>, pools: Record<PoolName, ResolvedPool> | undefined, issues: ConfigIssue[]): LlmChoice | undefined {
    const llm = parsed.llm;
    if (!llm) {
        return undefined;
    }
    const before = issues.length;
    const at = (field: string): string => keyPath("llm", [field]);
    const selfHosted = llm.scenario !== "cloud";

    let chat: LlmChoice["chat"];
    if (selfHosted) {
        if (!llm.model) {
            issues.push({ key: at("model"), message: `required for the ${llm.scenario} scenario (one of ${listOf(Object.keys(CHAT_MODELS))})` });
        } else if (!(llm.model in CHAT_MODELS)) {
            issues.push({ key: at("model"), message: `"${llm.model}" is not in the model catalogue (${listOf(Object.keys(CHAT_MODELS))})` });
        } else {
            const id = llm.model as ChatModelId;
            chat = { id, model: CHAT_MODELS[id] };
        }
    } else if (llm.model) {
        issues.push({ key: at("model"), message: "names a self-hosted model, but the cloud scenario serves none: use llm.cloudModel" });
    }

    let embedding: ResolvedEmbedding | undefined;
    if (selfHosted) {
        const id = llm.embeddingModel ?? "e5-mistral-7b-instruct";
        if (id in EMBEDDING_MODELS) {
            const model = EMBEDDING_MODELS[id as EmbeddingModelId];
            embedding = { selfHosted: true, id: id as EmbeddingModelId, model, dimensions: model.dimensions };
        } else {
            issues.push({ key: at("embeddingModel"), message: `"${id}" is not a self-hosted embedding model (${listOf(Object.keys(EMBEDDING_MODELS))}); R-LLM: ${llm.scenario} embeds on the gpuEmbed pool` });
        }
    } else {
        const id = llm.embeddingModel ?? "text-embedding-3-large";
        if (id in CLOUD_EMBEDDING_MODELS) {
            embedding = { selfHosted: false, id: id as CloudEmbeddingModelId, dimensions: CLOUD_EMBEDDING_MODELS[id as CloudEmbeddingModelId].dimensions };
        } else {
            issues.push({ key: at("embeddingModel"), message: `"${id}" is not a cloud embedding model (${listOf(Object.keys(CLOUD_EMBEDDING_MODELS))}); the cloud scenario has no GPUs` });
        }
    }

    let cloud: ResolvedLlm["cloud"];
    if (llm.scenario !== "selfhosted") {
        if (!llm.cloudProvider) {
            issues.push({ key: at("cloudProvider"), message: `required for the ${llm.scenario} scenario (one of openai, azure-openai, anthropic, mistral)` });
        }
        if (!llm.cloudModel) {
            issues.push({ key: at("cloudModel"), message: `required for the ${llm.scenario} scenario (the provider's model name)` });
        }
        if (llm.cloudProvider && llm.cloudModel) {
            cloud = { provider: llm.cloudProvider, model: llm.cloudModel };
        }
    } else if (llm.cloudProvider || llm.cloudModel) {
        issues.push({ key: at(llm.cloudProvider ? "cloudProvider" : "cloudModel"), message: "the selfhosted scenario calls no cloud provider: use hybrid for a cloud fallback" });
    }

    // A replica must fit on one node of its pool (R-LLM; versions.md: weights plus KV cache).
    if (pools) {
        const describe = (pool: ResolvedPool): string => `${keyPath("nodePools", [pool.name])} (${pool.machineType ?? "on-prem nodes"})`;
        if (chat && pools.gpuLlm.gpu) {
            const problem = modelFitProblem(chat.id, chat.model, pools.gpuLlm.gpu, describe(pools.gpuLlm));
            if (problem) {
                issues.push({ key: at("model"), message: problem });
            }
        }
        if (embedding?.selfHosted && pools.gpuEmbed.gpu) {
            const problem = modelFitProblem(embedding.id, embedding.model, pools.gpuEmbed.gpu, describe(pools.gpuEmbed));
            if (problem) {
                issues.push({ key: at("embeddingModel"), message: problem });
            }
        }
    }
    if (issues.length > before || !embedding) {
        return undefined;
    }
    return { scenario: llm.scenario, chat, embedding, cloud };
}
