/**
 * Gated models (the Llama family) need a Hugging Face token: without it the stack warns, with it
 * the token reaches vLLM only through a Secret in devana-ai. Runs the plan CLI on a variant of
 * the onprem stack in a child process.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateOk, planVariant, stackConfig, writeStackFile } from "../../support/helpers";

type Resource = { type: string; name: string; urn: string; inputs: Record<string, unknown>; options: { dependsOn: string[] } };

describe("Hugging Face token", () => {
    it("is asked for when the self-hosted model is gated", async () => {
        const { warnings } = await evaluateOk("onprem");
        expect(warnings).toContain("devana:llm.model llama-3.3-70b is gated on Hugging Face: set devana:huggingFaceToken (after accepting the model's licence), or vLLM cannot download it");
    });

    it("becomes a Secret in devana-ai that the vLLM servers wait for, never printed", async () => {
        const dir = mkdtempSync(join(tmpdir(), "devana-hf-"));
        const path = writeStackFile(dir, "onprem", { ...stackConfig("onprem"), "devana:huggingFaceToken": { secure: "v1:hf" } });
        const result = await planVariant(path);
        expect(result.status, result.stderr).toBe(0);
        const plan = JSON.parse(result.stdout) as { resources: Resource[]; warnings: string[] };
        const secret = plan.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "devana-huggingface-token")!;
        expect(secret.inputs.metadata).toMatchObject({ name: "huggingface-token", namespace: "devana-ai" });
        expect(secret.inputs.stringData).toEqual({ token: "[secret]" });
        const vllm = plan.resources.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.name.startsWith("devana-llm-"));
        expect(vllm.map((r) => r.name).sort()).toEqual(["devana-llm-chat-statefulset", "devana-llm-embeddings-statefulset"]);
        for (const server of vllm) {
            expect(server.options.dependsOn).toContain(secret.urn);
        }
        expect(plan.warnings.some((w) => w.includes("huggingFaceToken"))).toBe(false);
    });
});
