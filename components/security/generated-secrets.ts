import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * Credentials the program generates rather than asks for. Lengths and alphabets are chosen so the
 * values are safe inside URLs (DATABASE_URL) and headers (Chroma token) without escaping.
 */
export const GENERATED_SECRETS = {
    postgresDevana: { length: 32, purpose: "PostgreSQL role `devana` (API, schema devana)" },
    postgresOdin: { length: 32, purpose: "PostgreSQL role `odin` (Odin, schema odin)" },
    redis: { length: 32, purpose: "Redis password (REDIS_PASSWORD)" },
    meiliMasterKey: { length: 48, purpose: "Meilisearch master key (MEILI_MASTER_KEY, >= 16 bytes)" },
    chromaToken: { length: 48, purpose: "ChromaDB token (CHROMA_API_KEY)" },
    jwt: { length: 64, purpose: "JWT signing key shared by API and Frontend (JWT_SECRET_KEY)" },
    nextAuth: { length: 64, purpose: "NextAuth secret (NEXTAUTH_SECRET)" },
    vllmApiKey: { length: 48, purpose: "API key of the self-hosted vLLM servers" },
    objectStoreAccessKey: { length: 20, purpose: "S3 access key id of the in-cluster object store" },
    objectStoreSecretKey: { length: 40, purpose: "S3 secret key of the in-cluster object store" },
} as const;
export type GeneratedSecretId = keyof typeof GENERATED_SECRETS;

export interface GeneratedSecretsArgs {
    /**
     * Which secrets this stack needs (a cloud object store needs no S3 keys, a cloud LLM no vLLM key).
     * @default every entry of GENERATED_SECRETS
     */
    readonly secrets?: readonly GeneratedSecretId[];
    /**
     * Protect the values from deletion: a regenerated JWT key logs every user out, a regenerated
     * database password locks the services out until they restart.
     * @default false
     */
    readonly protect?: boolean;
}

/** Kebab-case child suffix of a secret id: `postgresDevana` -> `postgres-devana`. */
export function secretSuffix(id: GeneratedSecretId): string {
    return id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Random credentials as Pulumi secrets (`RandomPassword.result` is secret by construction). */
export class GeneratedSecrets extends pulumi.ComponentResource {
    /** Each generated value, a Pulumi secret. */
    public readonly values: Readonly<Partial<Record<GeneratedSecretId, pulumi.Output<string>>>>;

    constructor(name: string, args: GeneratedSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:security:GeneratedSecrets", name, {}, opts);
        const ids = args.secrets ?? (Object.keys(GENERATED_SECRETS) as GeneratedSecretId[]);
        const values: Partial<Record<GeneratedSecretId, pulumi.Output<string>>> = {};
        for (const id of ids) {
            const password = new random.RandomPassword(
                `${name}-${secretSuffix(id)}`,
                // S3 access key ids are conventionally upper-case alphanumerics.
                { length: GENERATED_SECRETS[id].length, special: false, minNumeric: 2, lower: id !== "objectStoreAccessKey" },
                { parent: this, protect: args.protect ?? false },
            );
            values[id] = password.result;
        }
        this.values = values;
        this.registerOutputs({ values });
    }
}
