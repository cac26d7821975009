/**
 * The environment wiring of the API, the Frontend and Odin: one pure function from the typed
 * configuration and the endpoints of the services this program creates to every variable
 * `devana-services.md` lists, with the names exactly as Devana reads them.
 *
 * Secret values never appear here: a secret variable is a template of plain text and references
 * to secret sources (generated credentials, `devana:*` secrets). The components materialise each
 * template into a Kubernetes Secret from Pulumi secrets and the container reads it through
 * `secretKeyRef`. Tests resolve the same templates with fake values.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Environment } from "../../../config/defaults";
import { CLOUD_EMBEDDING_MODELS, type CloudLlmProvider } from "../../../config/models";
import type { DevanaConfig, ResolvedLlm } from "../../../config/model";
import type { SecretKey } from "../../../config/schema";
import type { GeneratedSecretId } from "../../security/generated-secrets";
import { APP_NAMES } from "./common";
import { memoryThresholdMb } from "../../../config/sizing/app";
import { PORTS } from "../../../config/ports";
import { proxyEnv, type ProxySettings } from "../proxy";

/** Where a secret value comes from: a generated credential, a `devana:*` secret, or a data-tier key. */
export type SecretSource = GeneratedSecretId | Exclude<SecretKey, "kubeconfig" | "registryPassword"> | "azureStorageKey";

/** Text, or a secret value inserted as is (`raw`), URI-encoded, or as a JSON string body. */
export type TemplatePart = string | { readonly secret: SecretSource; readonly encode?: "raw" | "uri" | "json" };

export interface SecretVariable {
    readonly name: string;
    readonly parts: readonly TemplatePart[];
    /**
     * The variable is wired with `optional: true` and its Secret key is omitted when one of its
     * sources is not configured (a `devana:*` secret the stack does not set).
     */
    readonly optional: boolean;
}

export interface WorkloadWiring {
    /** Kubernetes Secret (application namespace) holding the secret variables. */
    readonly secretName: string;
    /** Plain variables, in the order they are set. */
    readonly plain: Readonly<Record<string, string>>;
    readonly secret: readonly SecretVariable[];
}

/** S3-compatible store (in-cluster SeaweedFS, the customer's endpoint, AWS S3). */
export interface S3Endpoint {
    readonly kind: "s3";
    /** S3 API URL (AWS_S3_ENDPOINT is required by Devana, even on AWS). */
    readonly endpoint: string;
    readonly region: string;
    readonly bucket: string;
    /** URL browsers download files from, when not the endpoint itself. @default undefined */
    readonly publicUrl?: string;
    /** Static keys from secret sources, or the pod's identity (EKS Pod Identity) when undefined. */
    readonly credentials?: { readonly accessKeyId: SecretSource; readonly secretAccessKey: SecretSource };
}

/** Azure Blob Storage, which Devana supports natively. */
export interface AzureBlobEndpoint {
    readonly kind: "azureBlob";
    readonly account: string;
    readonly container: string;
    /**
     * Account key from the `azureStorageKey` source, or Entra workload identity: the AKS webhook then
     * injects AZURE_CLIENT_ID (from the service account's annotation), AZURE_TENANT_ID and
     * AZURE_FEDERATED_TOKEN_FILE into pods labelled `azure.workload.identity/use`, so no id is wired here.
     */
    readonly credentials: { readonly kind: "accountKey" } | { readonly kind: "workloadIdentity" };
}

export type ObjectStoreEndpoint = S3Endpoint | AzureBlobEndpoint;

/**
 * Every in-cluster endpoint the application needs: the data tier's Services (derived by the stack
 * from the data tier's outputs), the application's own Services, and the AI tier's.
 */
export interface AppEndpoints {
    readonly database: {
        readonly host: string;
        readonly port: number;
        /** One database, two schemas (`devana`, `odin`). */
        readonly database: string;
        /** PostgreSQL roles of the API and of Odin. */
        readonly devanaUser: string;
        readonly odinUser: string;
    };
    readonly redis: { readonly host: string; readonly port: number };
    /** `http://<chroma-service>:8000`. */
    readonly chroma: { readonly url: string };
    /** `http://<meili-service>:7700`. */
    readonly meilisearch: { readonly url: string };
    readonly objectStore: ObjectStoreEndpoint;
    /** The API's in-cluster URL (Frontend server-side calls, Odin callbacks). */
    readonly api: { readonly url: string };
    /** `http://<odin-service>:3003`. */
    readonly odin: { readonly url: string };
    /** Self-hosted chat model (OpenAI-compatible base URL ending in `/v1`). */
    readonly chat?: { readonly url: string; readonly model: string };
    /** Self-hosted embedding model (OpenAI-compatible base URL ending in `/v1`). */
    readonly embeddings?: { readonly url: string; readonly model: string };
}

export interface WiringInput {
    readonly environment: Environment;
    readonly hosts: DevanaConfig["hosts"];
    readonly sso: DevanaConfig["sso"];
    readonly llm: ResolvedLlm;
    readonly endpoints: AppEndpoints;
    /** `devana:*` secrets the stack sets; generated sources are always available. */
    readonly configSecrets: ReadonlySet<SecretKey>;
    /** API pod memory, GiB (for MEMORY_THRESHOLD_MB). */
    readonly apiMemoryGi: number;
    /** Odin runs with the Gotenberg sidecar. */
    readonly gotenberg: boolean;
    /** Path of the mounted internal CA bundle (internal-ca mode), for NODE_EXTRA_CA_CERTS. */
    readonly caBundlePath?: string;
    /** Issue 18: the customer's outbound proxy (API and Odin reach the internet through it). @default none */
    readonly proxy?: ProxySettings;
}

export interface AppWiring {
    readonly api: WorkloadWiring;
    /** The API instance that runs the cron jobs: same wiring, RUN_CRON=true. */
    readonly apiCron: WorkloadWiring;
    readonly frontend: WorkloadWiring;
    readonly odin: WorkloadWiring;
}

/** Cloud providers: the variable Devana reads their key from, and their OpenAI-compatible base URL. */
export const CLOUD_LLM_APIS: Readonly<Record<CloudLlmProvider, { readonly keyVariable?: string; readonly baseUrl?: string }>> = {
    openai: { keyVariable: "OPENAI_API_KEY", baseUrl: "https://api.openai.com/v1" },
    anthropic: { keyVariable: "ANTHROPIC_API_KEY", baseUrl: "https://api.anthropic.com/v1" },
    mistral: { keyVariable: "MISTRAL_API_KEY", baseUrl: "https://api.mistral.ai/v1" },
    // Azure OpenAI endpoints are per resource and deployment: configured in Devana's admin UI.
    "azure-openai": {},
};

/** [eng] Embedding batch size: 32 inputs per request keep a 7B model on one L4 well under 24 GB. */
export const EMBEDDING_BATCH_SIZE = 32;

/** Odin's tuning defaults (devana-services.md). */
export const ODIN_TUNING = {
    CONCURRENCY_QUEUE: "20",
    MAX_PAGES_PARALLEL: "20",
    MAX_VISION_CONCURRENT: "15",
    CHUNK_SIZE: "10",
    MAX_RETRY_ATTEMPTS: "3",
} as const;

export const ENV_SECRET_NAMES = {
    api: `${APP_NAMES.api}-env`,
    frontend: `${APP_NAMES.frontend}-env`,
    odin: `${APP_NAMES.odin}-env`,
} as const;

const GENERATED: ReadonlySet<string> = new Set<GeneratedSecretId>(["postgresDevana", "postgresOdin", "redis", "meiliMasterKey", "chromaToken", "jwt", "nextAuth", "vllmApiKey", "objectStoreAccessKey", "objectStoreSecretKey"]);

/** Collects plain and secret variables; a secret variable whose config source is unset becomes optional. */
class Builder {
    readonly plain: Record<string, string> = {};
    readonly secret: SecretVariable[] = [];
    constructor(private readonly configSecrets: ReadonlySet<SecretKey>) {}

    set(name: string, value: string): this {
        this.plain[name] = value;
        return this;
    }

    secretVar(name: string, parts: readonly TemplatePart[], required = false): this {
        const missing = parts.some((p) => typeof p !== "string" && !GENERATED.has(p.secret) && !this.configSecrets.has(p.secret as SecretKey));
        this.secret.push({ name, parts, optional: missing && !required });
        return this;
    }

    done(secretName: string): WorkloadWiring {
        return { secretName, plain: { ...this.plain }, secret: [...this.secret] };
    }
}

const s = (secret: SecretSource, encode: "raw" | "uri" | "json" = "raw"): TemplatePart => ({ secret, encode });

/** `postgresql://USER:PASSWORD@HOST:PORT/DB?schema=SCHEMA` as a template. */
function databaseUrl(db: AppEndpoints["database"], user: string, password: SecretSource, schema: string): TemplatePart[] {
    return [`postgresql://${encodeURIComponent(user)}:`, s(password, "uri"), `@${db.host}:${db.port}/${db.database}?schema=${schema}`];
}

/** EMBEDDING_JSON: `model`, `apiKey`, `serverURL` (ending in /v1), `dimensions`, `batchSize`. */
function embeddingJson(llm: ResolvedLlm, endpoints: AppEndpoints): TemplatePart[] | undefined {
    const json = (model: string, key: SecretSource, serverUrl: string, dimensions: number): TemplatePart[] => [
        `{"model":${JSON.stringify(model)},"apiKey":"`,
        s(key, "json"),
        `","serverURL":${JSON.stringify(serverUrl)},"dimensions":${dimensions},"batchSize":${EMBEDDING_BATCH_SIZE}}`,
    ];
    const embedding = llm.embedding;
    if (embedding.selfHosted) {
        if (!endpoints.embeddings) {
            throw new Error("a self-hosted embedding model needs endpoints.embeddings");
        }
        return json(endpoints.embeddings.model, "vllmApiKey", endpoints.embeddings.url, embedding.dimensions);
    }
    const provider = CLOUD_EMBEDDING_MODELS[embedding.id].provider;
    const baseUrl = CLOUD_LLM_APIS[provider].baseUrl;
    return baseUrl ? json(embedding.id, "llmApiKey", baseUrl, embedding.dimensions) : undefined;
}

function objectStoreForApi(b: Builder, store: ObjectStoreEndpoint): void {
    if (store.kind === "s3") {
        b.set("CLOUD_BUCKET_NAME", store.bucket).set("AWS_S3_ENDPOINT", store.endpoint).set("AWS_S3_REGION", store.region);
        if (store.publicUrl) {
            b.set("S3_PUBLIC_URL", store.publicUrl);
        }
        if (store.credentials) {
            b.secretVar("AWS_S3_ACCESS_KEY_ID", [s(store.credentials.accessKeyId)], true);
            b.secretVar("AWS_S3_SECRET_ACCESS_KEY", [s(store.credentials.secretAccessKey)], true);
        }
        return;
    }
    b.set("CLOUD_BUCKET_NAME", store.container).set("AZURE_STORAGE_ACCOUNT_NAME", store.account);
    if (store.credentials.kind === "accountKey") {
        b.secretVar("AZURE_STORAGE_ACCOUNT_KEY", [s("azureStorageKey")], true);
    }
}

function objectStoreForOdin(b: Builder, store: ObjectStoreEndpoint): void {
    if (store.kind !== "s3") {
        // Odin documents S3 variables only, and devana-services.md says an Azure deployment needs no
        // S3 emulation: on Blob Storage, Odin gets no object-store variables (docs/app-tier.md).
        return;
    }
    b.set("S3_BUCKET", store.bucket).set("S3_ENDPOINT", store.endpoint).set("S3_REGION", store.region);
    if (store.publicUrl) {
        b.set("S3_PUBLIC_URL", store.publicUrl);
    }
    if (store.credentials) {
        b.secretVar("S3_ACCESS_KEY", [s(store.credentials.accessKeyId)], true);
        b.secretVar("S3_SECRET_KEY", [s(store.credentials.secretAccessKey)], true);
    }
}

function sso(b: Builder, input: WiringInput): void {
    const apiUrl = `https://${input.hosts.api}`;
    const { oidc, ldap, azureAd } = input.sso;
    if (oidc) {
        b.set("OIDC_ISSUER", oidc.issuer).set("OIDC_CLIENT_ID", oidc.clientId).set("OIDC_CALLBACK_URL", `${apiUrl}/auth/oidc/callback`);
        b.secretVar("OIDC_CLIENT_SECRET", [s("oidcClientSecret")]);
    }
    if (ldap) {
        b.set("LDAP_URL", ldap.url).set("LDAP_BIND_DN", ldap.bindDn).set("LDAP_SEARCH_BASE", ldap.searchBase).set("LDAP_SEARCH_FILTER", ldap.searchFilter);
        b.secretVar("LDAP_BIND_CREDENTIALS", [s("ldapBindPassword")]);
    }
    if (azureAd) {
        b.set("AZURE_AD_CLIENT_ID", azureAd.clientId).set("AZURE_AD_TENANT_ID", azureAd.tenantId).set("AZURE_AD_REDIRECT_URL", `${apiUrl}/auth/azure-ad/callback`).set("AZURE_AD_SCOPES", "openid profile email");
        if (azureAd.onPremUrl) {
            b.set("AZURE_AD_ON_PREM_URL", azureAd.onPremUrl);
        }
        if (azureAd.roles) {
            b.set("AZURE_AD_ROLES", azureAd.roles);
        }
        b.secretVar("AZURE_AD_CLIENT_SECRET", [s("azureAdClientSecret")]);
    }
}

export function ssoConfigured(input: Pick<WiringInput, "sso">): boolean {
    return Boolean(input.sso.oidc || input.sso.ldap || input.sso.azureAd);
}

/** The cloud provider of the cloud scenario and of the hybrid fallback. */
function cloudLlm(b: Builder, llm: ResolvedLlm): void {
    if (!llm.cloud) {
        return;
    }
    const api = CLOUD_LLM_APIS[llm.cloud.provider];
    if (api.keyVariable) {
        b.secretVar(api.keyVariable, [s("llmApiKey")]);
    }
}

/** Every variable of the API, the Frontend and Odin (devana-services.md). */
export function wireEnvironment(input: WiringInput): AppWiring {
    const { endpoints, llm } = input;
    const frontUrl = `https://${input.hosts.front}`;
    const apiUrl = `https://${input.hosts.api}`;
    const nodeEnv = "production";
    const embedding = embeddingJson(llm, endpoints);

    // --- API
    const api = new Builder(input.configSecrets)
        .set("NODE_ENV", nodeEnv)
        .set("PORT", String(PORTS.apiHttp))
        .set("WS_PORT", String(PORTS.apiWs))
        .set("API_URI", apiUrl)
        .set("CLIENT_URI", frontUrl)
        .set("RUN_CRON", "false")
        .set("MEMORY_THRESHOLD_MB", String(memoryThresholdMb(input.apiMemoryGi)))
        .set("CHECKPOINT_DISABLE", "1")
        .set("REDIS_HOST", endpoints.redis.host)
        .set("REDIS_PORT", String(endpoints.redis.port))
        .set("CHROMA_HOST", endpoints.chroma.url)
        .set("MEILI_HOST", endpoints.meilisearch.url)
        .set("ODIN_API_URL", endpoints.odin.url)
        // Self-hosted only: Devana offers the custom (vLLM) model alone; hybrid keeps the cloud fallback.
        .set("USE_ONLY_CUSTOM_MODEL", llm.scenario === "selfhosted" ? "true" : "false");
    if (input.caBundlePath) {
        api.set("NODE_EXTRA_CA_CERTS", input.caBundlePath);
    }
    if (input.proxy) {
        for (const { name, value } of proxyEnv(input.proxy)) {
            api.set(name, value);
        }
        // The vendor's own variable for the LLM providers' calls (devana-services.md): same proxy.
        api.set("LLM_PROXY", input.proxy.https);
    }
    objectStoreForApi(api, endpoints.objectStore);
    sso(api, input);
    api.secretVar("LICENCE", [s("licenceKey")], true)
        .secretVar("JWT_SECRET_KEY", [s("jwt")], true)
        .secretVar("DATABASE_URL", databaseUrl(endpoints.database, endpoints.database.devanaUser, "postgresDevana", "devana"), true)
        .secretVar("REDIS_PASSWORD", [s("redis")], true)
        .secretVar("CHROMA_API_KEY", [s("chromaToken")], true)
        .secretVar("MEILI_MASTER_KEY", [s("meiliMasterKey")], true);
    if (embedding) {
        api.secretVar("EMBEDDING_JSON", embedding);
    }
    cloudLlm(api, llm);
    const apiWiring = api.done(ENV_SECRET_NAMES.api);

    // --- Frontend
    const frontend = new Builder(input.configSecrets)
        .set("NODE_ENV", nodeEnv)
        .set("PORT", String(PORTS.frontend))
        // Next.js standalone binds to $HOSTNAME, which Kubernetes sets to the pod name.
        .set("HOSTNAME", "0.0.0.0")
        .set("API_URL", endpoints.api.url)
        .set("NEXTAUTH_URL", frontUrl);
    if (ssoConfigured(input)) {
        frontend.set("NEXT_PUBLIC_SSO_API_URL", apiUrl);
    }
    if (input.caBundlePath) {
        frontend.set("NODE_EXTRA_CA_CERTS", input.caBundlePath);
    }
    frontend.secretVar("NEXTAUTH_SECRET", [s("nextAuth")], true).secretVar("JWT_SECRET_KEY", [s("jwt")], true);

    // --- Odin
    const odin = new Builder(input.configSecrets).set("NODE_ENV", nodeEnv).set("PORT", String(PORTS.odin)).set("REDIS_HOST", endpoints.redis.host).set("REDIS_PORT", String(endpoints.redis.port)).set("DEVANA_API_URL", endpoints.api.url);
    for (const [name, value] of Object.entries(ODIN_TUNING)) {
        odin.set(name, value);
    }
    if (input.gotenberg) {
        odin.set("GOTENBERG_URL", `http://localhost:${PORTS.gotenberg}`);
    }
    if (input.caBundlePath) {
        odin.set("NODE_EXTRA_CA_CERTS", input.caBundlePath);
    }
    // Odin calls the cloud LLM and embedding APIs (vision, cloud embeddings) through the proxy.
    if (input.proxy) {
        for (const { name, value } of proxyEnv(input.proxy)) {
            odin.set(name, value);
        }
    }
    objectStoreForOdin(odin, endpoints.objectStore);
    odin.secretVar("DATABASE_URL", databaseUrl(endpoints.database, endpoints.database.odinUser, "postgresOdin", "odin"), true).secretVar("REDIS_PASSWORD", [s("redis")], true);
    // Odin vectorises documents: it calls the embedding server (R-NET-FW Odin -> Embeddings:8000).
    if (embedding) {
        odin.secretVar("EMBEDDING_JSON", embedding);
    }
    // Vision LLM: the cloud provider where one is configured. R-NET-FW keeps Odin away from the
    // self-hosted chat model (only the API may call it), so self-hosted Odin runs basic OCR.
    if (llm.cloud) {
        const base = CLOUD_LLM_APIS[llm.cloud.provider].baseUrl;
        if (base) {
            odin.set("LLM_API_URL", base).set("LLM_MODEL", llm.cloud.model);
            odin.secretVar("LLM_API_KEY", [s("llmApiKey")]);
        }
    }

    return {
        api: apiWiring,
        apiCron: { ...apiWiring, plain: { ...apiWiring.plain, RUN_CRON: "true" } },
        frontend: frontend.done(ENV_SECRET_NAMES.frontend),
        odin: odin.done(ENV_SECRET_NAMES.odin),
    };
}

/** The container `env` of a wiring: plain values, then `secretKeyRef`s into its Secret. */
export function envVars(wiring: WorkloadWiring): k8s.types.input.core.v1.EnvVar[] {
    return [
        ...Object.entries(wiring.plain).map(([name, value]) => ({ name, value })),
        ...wiring.secret.map((v) => ({
            name: v.name,
            valueFrom: { secretKeyRef: { name: wiring.secretName, key: v.name, ...(v.optional ? { optional: true } : {}) } },
        })),
    ];
}

/**
 * The Secret's data: each secret variable's template resolved with `resolve` (which returns
 * undefined for an unset source; the variable is then left out). Generic so the component passes
 * Pulumi outputs and tests pass strings.
 */
export function renderTemplate(parts: readonly TemplatePart[], value: (source: SecretSource) => string | undefined): string | undefined {
    let out = "";
    for (const part of parts) {
        if (typeof part === "string") {
            out += part;
            continue;
        }
        const v = value(part.secret);
        if (v === undefined) {
            return undefined;
        }
        out += part.encode === "uri" ? encodeURIComponent(v) : part.encode === "json" ? JSON.stringify(v).slice(1, -1) : v;
    }
    return out;
}

/** Every secret source a wiring reads (for building only the Secrets' needed inputs). */
export function sourcesOf(wiring: WorkloadWiring): SecretSource[] {
    const sources = new Set<SecretSource>();
    for (const v of wiring.secret) {
        for (const p of v.parts) {
            if (typeof p !== "string") {
                sources.add(p.secret);
            }
        }
    }
    return [...sources];
}
