/**
 * The environment wiring (pure, no Pulumi) for every committed stack's configuration and for
 * variants of it: secret variables are templates over secret sources only, plain variables never
 * hold a secret, the scenario decides the LLM variables, rendering encodes secrets correctly.
 * Does not prove Devana reads these names (they are checked against devana-services.md) nor, here, that
 * the endpoints exist (the evaluated `onprem` stack resolves them to Services it creates).
 */
import { describe, expect, it } from "vitest";
import type { DevanaConfig } from "../../../../config/model";
import { parseConfig } from "../../../../config/resolve";
import { committedStacks, readStackFile, stackFilePath } from "../../../../scripts/lib/stack-file";
import { envVars, renderTemplate, wireEnvironment, type SecretSource, type WorkloadWiring } from "../../../../components/devana/app/env";
import { dockerConfigJson, envSecretData } from "../../../../components/devana/app/secrets";
import { appDesign } from "../../../../stacks/app";

function configOf(stack: string, patch: Record<string, string> = {}, secrets: string[] = []): DevanaConfig {
    const file = readStackFile(stackFilePath(stack));
    const values = { ...file.config, ...patch, ...Object.fromEntries(secrets.map((k) => [`devana:${k}`, "x"])) };
    const result = parseConfig({ values, secretKeys: new Set([...file.secretKeys, ...secrets.map((k) => `devana:${k}`)]) }, "devana", stack);
    if (!result.ok) {
        throw new Error(JSON.stringify(result.issues));
    }
    return result.config;
}

const all = (w: { api: WorkloadWiring; apiCron: WorkloadWiring; frontend: WorkloadWiring; odin: WorkloadWiring }): [string, WorkloadWiring][] => Object.entries(w);

describe.each(committedStacks())("stack %s", (stack) => {
    const config = configOf(stack);
    const { wiring } = appDesign(config);

    it("plain values name no secret source; secret variables reference secret sources only", () => {
        for (const [id, w] of all(wiring)) {
            for (const [name, value] of Object.entries(w.plain)) {
                expect(value, `${id} ${name}`).not.toMatch(/password|secret|apikey/i);
            }
            for (const v of w.secret) {
                expect(
                    v.parts.some((p) => typeof p !== "string"),
                    `${id} ${v.name}`,
                ).toBe(true);
            }
        }
    });

    it("every variable is set once, and only the cron pod runs the cron jobs", () => {
        for (const [id, w] of all(wiring)) {
            const names = envVars(w).map((e) => e.name);
            expect(new Set(names).size, id).toBe(names.length);
        }
        expect([wiring.api.plain.RUN_CRON, wiring.apiCron.plain.RUN_CRON]).toEqual(["false", "true"]);
    });

    it("the LLM variables follow the scenario", () => {
        const api = wiring.api;
        const names = api.secret.map((s) => s.name);
        expect(api.plain.USE_ONLY_CUSTOM_MODEL).toBe(config.llm.scenario === "selfhosted" ? "true" : "false");
        const embedding = renderTemplate(api.secret.find((s) => s.name === "EMBEDDING_JSON")!.parts, () => "k");
        const parsed = JSON.parse(embedding!) as { serverURL: string; dimensions: number };
        expect(parsed.serverURL).toBe(config.llm.embedding.selfHosted ? "http://vllm-embeddings.devana-ai.svc.cluster.local:8000/v1" : "https://api.openai.com/v1");
        expect(parsed.dimensions).toBe(config.llm.embedding.dimensions);
        if (config.llm.cloud?.provider === "openai") {
            expect(names).toContain("OPENAI_API_KEY");
        }
        if (config.llm.scenario === "selfhosted") {
            expect(names.filter((n) => /^(OPENAI|ANTHROPIC|MISTRAL)_API_KEY$/.test(n))).toEqual([]);
            expect(wiring.odin.plain.LLM_API_URL).toBeUndefined();
        }
    });
});

describe("scenario variants", () => {
    it("hybrid wires the cloud provider as the fallback (key, Odin's vision LLM) next to the self-hosted model", () => {
        const config = configOf("onprem", { "devana:llm": JSON.stringify({ scenario: "hybrid", model: "llama-3.3-70b", embeddingModel: "e5-mistral-7b-instruct", cloudProvider: "anthropic", cloudModel: "claude-sonnet-4" }) }, ["llmApiKey"]);
        const { wiring } = appDesign(config);
        expect(wiring.api.plain.USE_ONLY_CUSTOM_MODEL).toBe("false");
        expect(wiring.api.secret.find((s) => s.name === "ANTHROPIC_API_KEY")).toMatchObject({ parts: [{ secret: "llmApiKey" }], optional: false });
        expect(wiring.odin.plain).toMatchObject({ LLM_API_URL: "https://api.anthropic.com/v1", LLM_MODEL: "claude-sonnet-4" });
        expect(wiring.odin.secret.map((s) => s.name)).toContain("LLM_API_KEY");
    });

    it("an unset optional config secret becomes an optional reference; the licence never does", () => {
        const config = configOf("onprem");
        const { wiring } = appDesign(config);
        expect(wiring.api.secret.find((s) => s.name === "LDAP_BIND_CREDENTIALS")?.optional).toBe(true);
        expect(wiring.api.secret.find((s) => s.name === "LICENCE")?.optional).toBe(false);
        const env = envVars(wiring.api).find((e) => e.name === "LDAP_BIND_CREDENTIALS") as { valueFrom: { secretKeyRef: { optional?: boolean } } };
        expect(env.valueFrom.secretKeyRef.optional).toBe(true);
        // Rendering leaves the unset ones out of the Secret.
        const data = envSecretData(wiring.api, { jwt: "j", postgresDevana: "p", redis: "r", chromaToken: "c", meiliMasterKey: "m", vllmApiKey: "v", objectStoreAccessKey: "a", objectStoreSecretKey: "s" });
        expect(Object.keys(data)).not.toContain("LDAP_BIND_CREDENTIALS");
        expect(Object.keys(data)).not.toContain("LICENCE");
        expect(data.DATABASE_URL).toBe("postgresql://devana:p@devana-pg-rw.devana-services.svc.cluster.local:5432/devana?schema=devana");
    });

    it("external S3 on-prem uses the configured endpoint and keys", () => {
        const config = configOf("onprem", { "devana:onprem": JSON.stringify({ externalS3: { endpoint: "https://s3.example.internal:9443", filesBucket: "files", backupsBucket: "backups" } }) }, ["s3AccessKeyId", "s3SecretAccessKey"]);
        const design = appDesign(config);
        expect(design.wiring.api.plain).toMatchObject({ AWS_S3_ENDPOINT: "https://s3.example.internal:9443", CLOUD_BUCKET_NAME: "files" });
        expect(design.wiring.odin.secret.find((s) => s.name === "S3_SECRET_KEY")?.parts).toEqual([{ secret: "s3SecretAccessKey", encode: "raw" }]);
        expect(design.matrix.objectStore).toEqual({ kind: "external", port: 9443 });
    });
});

describe("rendering", () => {
    it("URI-encodes passwords in URLs and JSON-escapes keys in JSON", () => {
        const values: Partial<Record<SecretSource, string>> = { postgresDevana: "p@ss/w:rd", vllmApiKey: 'k"\\y' };
        expect(renderTemplate(["postgresql://devana:", { secret: "postgresDevana", encode: "uri" }, "@h:5432/d"], (s) => values[s])).toBe("postgresql://devana:p%40ss%2Fw%3Ard@h:5432/d");
        const json = renderTemplate(['{"apiKey":"', { secret: "vllmApiKey", encode: "json" }, '"}'], (s) => values[s]);
        expect(JSON.parse(json!)).toEqual({ apiKey: 'k"\\y' });
    });

    it("builds the pull Secret from USERNAME:PASSWORD and refuses anything else", () => {
        const parsed = JSON.parse(dockerConfigJson("registry.devana.ai", "robot$acme:t0k:en")) as { auths: Record<string, { username: string; password: string; auth: string }> };
        expect(parsed.auths["registry.devana.ai"]).toEqual({ username: "robot$acme", password: "t0k:en", auth: Buffer.from("robot$acme:t0k:en").toString("base64") });
        expect(() => dockerConfigJson("registry.devana.ai", "token-only")).toThrow(/USERNAME:PASSWORD/);
    });
});

describe("wireEnvironment input checks", () => {
    it("refuses a self-hosted embedding model without its endpoint", () => {
        const config = configOf("onprem");
        const design = appDesign(config);
        expect(() =>
            wireEnvironment({ environment: "prod", hosts: config.hosts, sso: config.sso, llm: config.llm, endpoints: { ...design.endpoints, embeddings: undefined }, configSecrets: new Set(), apiMemoryGi: 4, gotenberg: true }),
        ).toThrow(/embeddings/);
    });
});
