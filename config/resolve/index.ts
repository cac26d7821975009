/**
 * From raw `devana:*` strings to one typed, validated `DevanaConfig` (config/model.ts): decode,
 * parse each key, check the rules that span keys, apply defaults. Pure: the Pulumi edge is
 * `load.ts`. Every problem is collected with its key path (design convention 7). The checks of
 * each section live beside this file: target.ts, pools.ts, llm.ts, storage.ts, security.ts, edge.ts.
 */
import { armedAlerting, checkAlertingConfig } from "../alerting";
import { appNamespace } from "../defaults";
import { checkDeployPath } from "../deploy-path";
import { isoDate } from "../facts";
import { checkCapacity, checkKubernetesVersion, checkOfferings, derivedChatReplicas, type CapacityConfig, type Feasibility } from "../feasibility";
import type { ConfigIssue, DevanaConfig, ResolvedLlm } from "../model";
import { CHAT_MODELS, type ChatModel } from "../models";
import { KEY_SCHEMAS, REQUIRED_KEYS, SECRET_KEYS, type ConfigKey, type ParsedKeys, type SecretKey } from "../schema";
import { resolveSizing } from "../tiers";
import { checkEdgeAndReplication, wafEnabled } from "./edge";
import { decode, keyPath, NAMESPACE, zodIssues } from "./keys";
import { resolveLlm } from "./llm";
import { checkSizing, resolvePools } from "./pools";
import { checkAirgap, checkProxy, checkSso } from "./security";
import { checkExternalS3, checkModelCache } from "./storage";
import { checkNetwork, checkTarget } from "./target";

/** Configuration as Pulumi holds it: `devana:key` -> string, plus which keys are secret. */
export interface RawConfig {
    readonly values: Readonly<Record<string, string>>;
    readonly secretKeys: ReadonlySet<string>;
}

export type ParseResult = { readonly ok: true; readonly config: DevanaConfig; readonly warnings: readonly string[] } | { readonly ok: false; readonly issues: readonly ConfigIssue[]; readonly warnings: readonly string[] };

export interface ParseOptions {
    /** The date support calendars are read at, `YYYY-MM-DD`. @default today (UTC) */
    readonly today?: string;
}

/** Parses and validates a stack's configuration; never throws on bad input. */
export function parseConfig(raw: RawConfig, project = NAMESPACE, stack = "unknown", options: ParseOptions = {}): ParseResult {
    const issues: ConfigIssue[] = [];
    const warnings: string[] = [];
    const given = new Map<ConfigKey, unknown>();
    const secretsSet = new Set<SecretKey>();
    const knownKeys = [...Object.keys(KEY_SCHEMAS), ...Object.keys(SECRET_KEYS)];

    for (const [fullKey, text] of Object.entries(raw.values)) {
        if (!fullKey.startsWith(`${NAMESPACE}:`)) {
            continue; // other namespaces belong to providers (aws:region, kubernetes:...)
        }
        const key = fullKey.slice(NAMESPACE.length + 1);
        if (key in SECRET_KEYS) {
            if (!raw.secretKeys.has(fullKey)) {
                issues.push({ key: fullKey, message: `holds a credential: set it with \`pulumi config set --secret ${fullKey}\`` });
            }
            // The value itself is never echoed: only its shape is checked.
            if (key === "registryPassword" && !/^[^:\s]+:\S+$/.test(text)) {
                issues.push({ key: fullKey, message: "expected USERNAME:PASSWORD (the registry credentials the vendor issued)" });
            }
            secretsSet.add(key as SecretKey);
        } else if (key in KEY_SCHEMAS) {
            const decoded = decode(key as ConfigKey, text);
            if ("error" in decoded) {
                issues.push({ key: fullKey, message: decoded.error });
            } else {
                given.set(key as ConfigKey, decoded.value);
            }
        } else {
            const near = knownKeys.find((k) => k.toLowerCase() === key.toLowerCase());
            issues.push({ key: fullKey, message: near ? `unknown key; did you mean ${NAMESPACE}:${near}?` : `unknown key (known keys: ${knownKeys.join(", ")})` });
        }
    }

    const parsed: Partial<ParsedKeys> = {};
    for (const key of Object.keys(KEY_SCHEMAS) as ConfigKey[]) {
        const value = given.get(key);
        if (value === undefined && REQUIRED_KEYS.includes(key)) {
            issues.push({ key: keyPath(key), message: "required" });
            continue;
        }
        if (value === undefined && (key === "aws" || key === "azure")) {
            continue; // required only for their target, checked below
        }
        const result = KEY_SCHEMAS[key].safeParse(value);
        if (result.success) {
            (parsed as Record<string, unknown>)[key] = result.data;
        } else {
            issues.push(...zodIssues(key, result.error));
        }
    }

    checkTarget(parsed, given, secretsSet, issues);
    checkNetwork(parsed, issues);
    const nodePools = resolvePools(parsed, issues, warnings);
    const llm = resolveLlm(parsed, nodePools, issues);
    checkModelCache(parsed, nodePools, issues);
    checkSso(parsed, secretsSet, issues, warnings);
    checkSizing(parsed, issues);
    checkExternalS3(parsed, secretsSet, issues);
    checkEdgeAndReplication(parsed, given, secretsSet, issues, warnings);
    checkAirgap(parsed, secretsSet, issues);
    checkProxy(parsed, issues);
    // Issue 16: a reachable deploy path and human admins.
    issues.push(...checkDeployPath(parsed).map((i) => ({ key: `${NAMESPACE}:${i.key}`, message: i.message })));
    checkAlerting(parsed, secretsSet, issues, warnings);
    if (parsed.llm && parsed.llm.scenario !== "selfhosted" && !secretsSet.has("llmApiKey")) {
        warnings.push(`${NAMESPACE}:llmApiKey is not set: the cloud LLM (${parsed.llm.cloudProvider ?? "provider"}) must then be configured in Devana's admin UI`);
    }
    const chatModel = parsed.llm?.model ? (CHAT_MODELS as Record<string, ChatModel>)[parsed.llm.model] : undefined;
    // Air-gapped (issue 19), the weights come from the mirror: no token, no download.
    if (parsed.llm?.scenario !== "cloud" && chatModel?.gated && !secretsSet.has("huggingFaceToken") && !parsed.airgap) {
        warnings.push(`${NAMESPACE}:llm.model ${parsed.llm?.model} is gated on Hugging Face: set ${NAMESPACE}:huggingFaceToken (after accepting the model's licence), or vLLM cannot download it`);
    }
    if (!secretsSet.has("licenceKey")) {
        warnings.push(`${NAMESPACE}:licenceKey is not set: Devana refuses to start without its licence`);
    }

    if (issues.length > 0 || !nodePools || !llm) {
        return { ok: false, issues, warnings };
    }
    const p = parsed as ParsedKeys;
    const { saml: _saml, ...sso } = p.sso;
    const sizing = resolveSizing(p.tier, p.sizing);
    const { chat: chosenChat, ...llmRest } = llm;
    const resolvedLlm: ResolvedLlm = chosenChat ? { ...llmRest, chat: { ...chosenChat, replicas: p.llm.chatReplicas ?? derivedChatReplicas(p.target, p.tier, chosenChat.model, nodePools.gpuLlm) } } : llmRest;
    // Issue 15: a configuration that validates must also come up (versions, offerings, capacity).
    const feasibility: Feasibility = { issues: [], warnings };
    checkKubernetesVersion(p.target, p.kubernetesVersion, options.today ?? isoDate(new Date()), feasibility);
    if (p.target === "aws" && p.aws) {
        const ids = p.aws.availabilityZoneIds;
        const zoneIdOf = ids ? Object.fromEntries(p.aws.availabilityZones.map((name, i) => [name, ids[i]])) : undefined;
        checkOfferings("aws", p.aws.region, Object.values(nodePools), zoneIdOf, feasibility);
    } else if (p.target === "azure" && p.azure) {
        checkOfferings("azure", p.azure.location, Object.values(nodePools), undefined, feasibility);
    }
    checkCapacity(capacityInputOf({ target: p.target, tier: p.tier, sizing, nodePools, llm: resolvedLlm, onprem: p.onprem }), feasibility);
    if (feasibility.issues.length > 0) {
        return { ok: false, issues: feasibility.issues, warnings };
    }
    return {
        ok: true,
        warnings,
        config: {
            project,
            stack,
            target: p.target,
            environment: p.environment,
            tier: p.tier,
            kubernetesVersion: p.kubernetesVersion,
            network: p.network,
            nodePools,
            llm: resolvedLlm,
            domain: p.domain,
            hosts: { front: p.domain, api: `api.${p.domain}`, ws: `ws.${p.domain}` },
            tls: p.tls,
            sso,
            audit: p.audit,
            alerting: armedAlerting(p.alerting, secretsSet),
            backup: p.backup,
            restore: p.restore,
            images: p.images,
            airgap: p.airgap,
            proxy: p.proxy,
            protect: p.protect ?? p.environment === "prod",
            sizing,
            aws: p.target === "aws" ? p.aws : undefined,
            azure: p.target === "azure" ? p.azure : undefined,
            onprem: p.target === "onprem" ? p.onprem : undefined,
            distribution: p.distribution,
            waf: { ...p.waf, enabled: wafEnabled(p) },
            namespaces: {
                app: appNamespace(p.environment),
                services: "devana-services",
                ai: "devana-ai",
                monitoring: "monitoring",
                certManager: "cert-manager",
            },
            secretsSet,
        },
    };
}

/** The capacity model's view of a resolved configuration. */
export function capacityInputOf(c: Pick<DevanaConfig, "target" | "tier" | "sizing" | "nodePools" | "llm" | "onprem">): CapacityConfig {
    return {
        target: c.target,
        tier: c.tier,
        sizing: c.sizing,
        pools: c.nodePools,
        chat: c.llm.chat ? { model: c.llm.chat.model, replicas: c.llm.chat.replicas } : undefined,
        embedding: c.llm.embedding.selfHosted ? c.llm.embedding.model : undefined,
        // The in-cluster SeaweedFS runs only on-prem without an external S3 endpoint.
        inClusterObjectStore: c.target === "onprem" && !c.onprem?.externalS3,
    };
}

/** Issue 17: alert delivery (config/alerting.ts); errors name the alerting key or the missing secret. */
function checkAlerting(parsed: Partial<ParsedKeys>, secretsSet: Set<SecretKey>, issues: ConfigIssue[], warnings: string[]): void {
    if (!parsed.alerting || !parsed.environment) {
        return;
    }
    const result = checkAlertingConfig(parsed.alerting, parsed.environment, secretsSet);
    issues.push(...result.issues.map((i) => ({ key: `${NAMESPACE}:${i.key}`, message: i.message })));
    warnings.push(...result.warnings);
}
