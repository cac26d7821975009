/**
 * From raw `devana:*` strings to one typed, validated `DevanaConfig`: decode, parse each key,
 * check the rules that span keys, apply defaults. Pure: the Pulumi edge is `load.ts`.
 * Every problem is collected with its key path (design convention 7).
 */
import type { z } from "zod";
import { contains, mustParseCidr, overlaps, parseCidr } from "./cidr";
import {
    appNamespace,
    DEFAULT_CLUSTER_NETWORKS,
    DEFAULT_MACHINE_TYPES,
    DEFAULT_POOL_SIZES,
    DEFAULT_SERVICES_GPU_MACHINE_TYPES,
    EKS_SERVICE_CIDR,
    GPU_TAINT,
    MAX_INSPECTED_BODY_MIB,
    POOL_LABEL_KEY,
    POOL_NAMES,
    POOL_ZONE,
    ZONE_LABEL_KEY,
    ZONE_NAMES,
    type NodeZone,
    type PoolName,
    type Tier,
} from "./defaults";
import {
    CHAT_MODELS,
    CLOUD_EMBEDDING_MODELS,
    EMBEDDING_MODELS,
    MACHINE_GPUS,
    modelFitProblem,
    type ChatModel,
    type ChatModelId,
    type CloudEmbeddingModelId,
    type CloudLlmProvider,
    type EmbeddingModel,
    type EmbeddingModelId,
    type GpuSpec,
} from "./models";
import { AWS_INSTANCE_TYPES, KEY_SCHEMAS, REQUIRED_KEYS, SECRET_KEYS, STRUCTURED_KEYS, type ConfigKey, type ParsedKeys, type PoolInput, type SecretKey } from "./schema";
import { COMPONENTS, resolveSizing, type ResolvedSizing } from "./tiers";
import { checkCapacity, checkKubernetesVersion, checkOfferings, derivedChatReplicas, type CapacityConfig, type Feasibility } from "./feasibility";
import { isoDate } from "./facts";
import { armedAlerting, checkAlertingConfig } from "./alerting";
import { checkDeployPath } from "./deploy-path";

export const NAMESPACE = "devana";

/** One configuration problem: the full key path (`devana:network.zones.app`) and the reason. */
export interface ConfigIssue {
    readonly key: string;
    readonly message: string;
}

/** Configuration as Pulumi holds it: `devana:key` -> string, plus which keys are secret. */
export interface RawConfig {
    readonly values: Readonly<Record<string, string>>;
    readonly secretKeys: ReadonlySet<string>;
}

export interface Taint {
    readonly key: string;
    readonly value: string;
    readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface ResolvedPool {
    readonly name: PoolName;
    /** GPU pools exist only when the LLM scenario serves models on them. */
    readonly enabled: boolean;
    /** R-NET-ZONES zone of the pool's nodes (POOL_ZONE). */
    readonly zone: NodeZone;
    /** Cloud machine size; undefined on-prem. */
    readonly machineType?: string;
    /** Labels that select this pool's nodes (node selector of its workloads). */
    readonly nodeLabels: Readonly<Record<string, string>>;
    readonly taints: readonly Taint[];
    readonly gpu?: GpuSpec;
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredSize: number;
    /** Zones of the pool on a cloud target (AWS AZ names, Azure zone numbers); undefined on-prem. */
    readonly availabilityZones?: readonly string[];
}

export type ResolvedEmbedding =
    { readonly selfHosted: true; readonly id: EmbeddingModelId; readonly model: EmbeddingModel; readonly dimensions: number } | { readonly selfHosted: false; readonly id: CloudEmbeddingModelId; readonly dimensions: number };

export interface ResolvedLlm {
    readonly scenario: "cloud" | "selfhosted" | "hybrid";
    /** The self-hosted chat model (selfhosted and hybrid). */
    readonly chat?: {
        readonly id: ChatModelId;
        readonly model: ChatModel;
        /** Replicas served: llm.chatReplicas, or as many as the gpuLlm pool's minSize nodes hold. */
        readonly replicas: number;
    };
    readonly embedding: ResolvedEmbedding;
    /** The cloud provider (cloud, and the hybrid fallback). */
    readonly cloud?: { readonly provider: CloudLlmProvider; readonly model: string };
}

export interface DevanaConfig {
    readonly project: string;
    readonly stack: string;
    readonly target: ParsedKeys["target"];
    readonly environment: ParsedKeys["environment"];
    readonly tier: ParsedKeys["tier"];
    readonly kubernetesVersion: string;
    readonly network: ParsedKeys["network"];
    readonly nodePools: Readonly<Record<PoolName, ResolvedPool>>;
    readonly llm: ResolvedLlm;
    readonly domain: string;
    /** Public hosts (devana-services.md: front at the domain, `api.` and `ws.` hosts). */
    readonly hosts: { readonly front: string; readonly api: string; readonly ws: string };
    readonly tls: ParsedKeys["tls"];
    readonly sso: Omit<ParsedKeys["sso"], "saml">;
    readonly audit: ParsedKeys["audit"];
    /** Issue 17: Alertmanager receivers and routes by severity (checked by checkAlerting). */
    readonly alerting: ParsedKeys["alerting"];
    readonly backup: ParsedKeys["backup"];
    /** Database recovery from backups (PITR) instead of an empty bootstrap. */
    readonly restore?: ParsedKeys["restore"];
    readonly images: ParsedKeys["images"];
    /** Issue 19: the air-gapped install's mirror of images, charts and models (on-prem). */
    readonly airgap?: ParsedKeys["airgap"];
    /** Issue 18: the customer's outbound proxy (on-prem; checked by checkProxy). */
    readonly proxy?: ParsedKeys["proxy"];
    /** Stateful resources are protected from deletion (default: on for prod). */
    readonly protect: boolean;
    readonly sizing: ResolvedSizing;
    readonly aws?: ParsedKeys["aws"];
    readonly azure?: ParsedKeys["azure"];
    readonly onprem?: ParsedKeys["onprem"];
    /** R-K8S distribution of the cluster (on-prem; `vanilla` on EKS and AKS). */
    readonly distribution: ParsedKeys["distribution"];
    /** R-SEC-ZONES WAF in front of the gateway; `enabled` resolved (default on in prod). */
    readonly waf: Omit<ParsedKeys["waf"], "enabled"> & { readonly enabled: boolean };
    /** R-K8S namespaces. */
    readonly namespaces: {
        readonly app: string;
        readonly services: "devana-services";
        readonly ai: "devana-ai";
        readonly monitoring: "monitoring";
        readonly certManager: "cert-manager";
    };
    /** Which credential keys the stack sets (their values stay in Pulumi secrets). */
    readonly secretsSet: ReadonlySet<SecretKey>;
}

export type ParseResult = { readonly ok: true; readonly config: DevanaConfig; readonly warnings: readonly string[] } | { readonly ok: false; readonly issues: readonly ConfigIssue[]; readonly warnings: readonly string[] };

const keyPath = (key: string, path: readonly PropertyKey[] = []): string => `${NAMESPACE}:${key}` + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");

function zodIssues(key: string, error: z.ZodError): ConfigIssue[] {
    return error.issues.flatMap((issue): ConfigIssue[] => {
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((k) => ({ key: keyPath(key, [...issue.path, k]), message: "unknown key" }));
        }
        const message = /received undefined/.test(issue.message) ? "required" : issue.message;
        return [{ key: keyPath(key, issue.path), message }];
    });
}

function decode(key: ConfigKey, text: string): { value: unknown } | { error: string } {
    if (STRUCTURED_KEYS.has(key)) {
        try {
            return { value: JSON.parse(text) };
        } catch {
            return { error: "expected a YAML object (structured config), got a plain string" };
        }
    }
    if (key === "protect") {
        return text === "true" || text === "false" ? { value: text === "true" } : { error: `expected true or false, got "${text}"` };
    }
    return { value: text };
}

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

/** Target blocks: the chosen target's block is required, the others' must not be set. */
function checkTarget(parsed: Partial<ParsedKeys>, given: Map<ConfigKey, unknown>, secretsSet: Set<SecretKey>, issues: ConfigIssue[]): void {
    const target = parsed.target;
    if (!target) {
        return;
    }
    for (const block of ["aws", "azure", "onprem"] as const) {
        if (block === target && block !== "onprem" && !given.has(block)) {
            issues.push({ key: keyPath(block), message: `required when ${NAMESPACE}:target is ${target}` });
        }
        if (block !== target && given.has(block)) {
            issues.push({ key: keyPath(block), message: `only applies to ${NAMESPACE}:target ${block}, but the target is ${target}` });
        }
    }
    if (target !== "onprem" && secretsSet.has("kubeconfig")) {
        issues.push({ key: keyPath("kubeconfig"), message: `only applies to ${NAMESPACE}:target onprem: cloud targets build their own kubeconfig` });
    }
    const aws = parsed.aws;
    if (target === "aws" && aws) {
        aws.availabilityZones.forEach((az, i) => {
            if (!az.startsWith(aws.region) || !/^[a-z]$/.test(az.slice(aws.region.length))) {
                issues.push({ key: keyPath("aws", ["availabilityZones", i]), message: `"${az}" is not an availability zone of ${aws.region} (expected ${aws.region}a, ${aws.region}b, ...)` });
            }
        });
        if (new Set(aws.availabilityZones).size !== aws.availabilityZones.length) {
            issues.push({ key: keyPath("aws", ["availabilityZones"]), message: "availability zones must be distinct" });
        }
        // Services would shadow VPC addresses: pods could no longer reach what lives there.
        const vpc = parsed.network ? parseCidr(parsed.network.cidr) : undefined;
        if (vpc && typeof vpc !== "string" && overlaps(vpc, mustParseCidr(EKS_SERVICE_CIDR))) {
            issues.push({ key: keyPath("network", ["cidr"]), message: `${parsed.network!.cidr} overlaps the EKS Service range ${EKS_SERVICE_CIDR}: choose a VPC range outside it` });
        }
    }
}

/** R-NET-ZONES: every zone inside the network, no two zones overlapping. */
function checkNetwork(parsed: Partial<ParsedKeys>, issues: ConfigIssue[]): void {
    const network = parsed.network;
    if (!network) {
        return;
    }
    const outer = mustParseCidr(network.cidr);
    const zones = ZONE_NAMES.map((zone) => ({ zone, text: network.zones[zone], block: parseCidr(network.zones[zone]) }));
    for (const [i, z] of zones.entries()) {
        if (typeof z.block === "string") {
            continue;
        }
        if (!contains(outer, z.block)) {
            issues.push({ key: keyPath("network", ["zones", z.zone]), message: `${z.text} is outside ${NAMESPACE}:network.cidr ${network.cidr}` });
        }
        for (const other of zones.slice(i + 1)) {
            if (typeof other.block !== "string" && overlaps(z.block, other.block)) {
                issues.push({
                    key: keyPath("network", ["zones", other.zone]),
                    message: `${other.text} overlaps zone ${z.zone} (${z.text}); zones must not share addresses (R-NET-ZONES)`,
                });
            }
        }
    }
}

function gpuPoolNeeded(pool: PoolName, scenario: "cloud" | "selfhosted" | "hybrid" | undefined): boolean {
    // R-LLM: cloud needs no GPU; selfhosted and hybrid serve the chat model and embeddings on GPUs.
    return (pool !== "gpuLlm" && pool !== "gpuEmbed") || (scenario !== undefined && scenario !== "cloud");
}

/**
 * A pool's default machine size. The Services pool takes a GPU size when the tier gives Odin a GPU
 * (R-SIZE enterprise) and models are self-hosted; otherwise Odin runs on CPU (basic OCR).
 */
function defaultMachineType(target: "aws" | "azure", tier: Tier, name: PoolName, odinGpu: boolean): string {
    return name === "services" && odinGpu ? DEFAULT_SERVICES_GPU_MACHINE_TYPES[target] : DEFAULT_MACHINE_TYPES[target][tier][name];
}

/** Node pools: tier-sized defaults, the target's machine sizes, GPUs inferred or given. */
function resolvePools(parsed: Partial<ParsedKeys>, issues: ConfigIssue[], warnings: string[]): Record<PoolName, ResolvedPool> | undefined {
    const { target, tier, nodePools, llm } = parsed;
    if (!target || !tier || !nodePools) {
        return undefined;
    }
    const before = issues.length;
    const pools = {} as Record<PoolName, ResolvedPool>;
    for (const name of POOL_NAMES) {
        const input: PoolInput = nodePools[name] ?? {};
        const at = (field: string): string => keyPath("nodePools", [name, field]);
        const enabled = gpuPoolNeeded(name, llm?.scenario);
        if (!enabled && nodePools[name]) {
            warnings.push(`${keyPath("nodePools", [name])} is set but ${NAMESPACE}:llm.scenario is cloud: the pool is not used`);
        }
        const sizes = { ...DEFAULT_POOL_SIZES[tier][name], ...pickDefined(input, ["minSize", "maxSize", "desiredSize"]) };
        if (sizes.minSize > sizes.maxSize) {
            issues.push({ key: at("minSize"), message: `${sizes.minSize} is above maxSize ${sizes.maxSize}` });
        } else if (sizes.desiredSize < sizes.minSize || sizes.desiredSize > sizes.maxSize) {
            issues.push({ key: at("desiredSize"), message: `${sizes.desiredSize} is outside minSize..maxSize (${sizes.minSize}..${sizes.maxSize})` });
        }

        let machineType: string | undefined;
        if (target === "onprem") {
            if (input.machineType) {
                issues.push({ key: at("machineType"), message: "on-prem pools select existing nodes: use nodeLabels (and gpu for GPU pools)" });
            }
        } else {
            const odinGpu = resolveSizing(tier, parsed.sizing).odin.gpu > 0 && llm?.scenario !== undefined && llm.scenario !== "cloud";
            machineType = input.machineType ?? defaultMachineType(target, tier, name, odinGpu);
            if (target === "aws" && !AWS_INSTANCE_TYPES.has(machineType)) {
                issues.push({ key: at("machineType"), message: `"${machineType}" is not an EC2 instance type` });
            }
            if (target === "azure" && !/^Standard_[A-Za-z0-9_]+$/.test(machineType)) {
                issues.push({ key: at("machineType"), message: `"${machineType}" is not an Azure VM size (expected Standard_...)` });
            }
        }

        const isGpuPool = name === "gpuLlm" || name === "gpuEmbed";
        const known = machineType ? MACHINE_GPUS[machineType] : undefined;
        if (input.gpu && known && (input.gpu.kind !== known.kind || input.gpu.count !== known.count)) {
            issues.push({ key: at("gpu"), message: `${machineType} carries ${known.count}x ${known.kind}, not ${input.gpu.count}x ${input.gpu.kind}` });
        }
        const gpu = input.gpu ?? known;
        if (isGpuPool && enabled && !gpu) {
            issues.push({
                key: at("gpu"),
                message: machineType ? `cannot tell the GPUs of ${machineType}: set the GPU kind and count per node` : "required on-prem for a GPU pool: the GPU kind and count per node",
            });
        }
        let availabilityZones: readonly string[] | undefined;
        const stackZones = target === "aws" ? parsed.aws?.availabilityZones : target === "azure" ? (parsed.azure?.availabilityZones ?? ["1", "2", "3"]) : undefined;
        if (input.availabilityZones && !stackZones) {
            issues.push({ key: at("availabilityZones"), message: "on-prem pools select existing nodes: use nodeLabels" });
        } else if (input.availabilityZones && stackZones) {
            const outside = input.availabilityZones.filter((z) => !stackZones.includes(z));
            if (outside.length > 0) {
                issues.push({ key: at("availabilityZones"), message: `${outside.join(", ")} not among the stack's zones (${stackZones.join(", ")})` });
            }
            availabilityZones = input.availabilityZones;
        } else {
            availabilityZones = stackZones;
        }
        // Issue 20: every pool also selects its R-NET-ZONES zone (on-prem: the customer's node label contract).
        const zone = POOL_ZONE[name];
        const zoneLabels = target !== "onprem" || parsed.onprem?.zoneLabels !== false;
        const givenZone = input.nodeLabels?.[ZONE_LABEL_KEY];
        if (givenZone !== undefined && givenZone !== zone) {
            issues.push({ key: at("nodeLabels"), message: `${ZONE_LABEL_KEY}=${givenZone}: the ${name} pool lives in the ${zone} zone (R-NET-ZONES)` });
        }
        pools[name] = {
            name,
            enabled,
            zone,
            machineType,
            availabilityZones,
            nodeLabels: { ...(input.nodeLabels ?? { [POOL_LABEL_KEY]: name }), ...(zoneLabels ? { [ZONE_LABEL_KEY]: zone } : {}) },
            taints: input.taints ?? (isGpuPool ? [GPU_TAINT] : []),
            gpu,
            ...sizes,
        };
    }
    return issues.length === before ? pools : undefined;
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

function pickDefined<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Partial<Pick<T, K>> {
    return Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]])) as Partial<Pick<T, K>>;
}

const listOf = (ids: readonly string[]): string => ids.join(", ");

/** R-LLM scenarios, catalogue membership, and the capacity check against the GPU pools. */
/** ResolvedLlm before the chat replicas are known (they depend on the pools and the sizing). */
type LlmChoice = Omit<ResolvedLlm, "chat"> & { readonly chat?: { readonly id: ChatModelId; readonly model: ChatModel } };

function resolveLlm(parsed: Partial<ParsedKeys>, pools: Record<PoolName, ResolvedPool> | undefined, issues: ConfigIssue[]): LlmChoice | undefined {
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

/** R-SEC-SSO: SSO in production; SAML only through an OIDC broker (the vendor has no SAML variables). */
function checkSso(parsed: Partial<ParsedKeys>, secretsSet: Set<SecretKey>, issues: ConfigIssue[], warnings: string[]): void {
    const sso = parsed.sso;
    if (!sso) {
        return;
    }
    if (sso.saml !== undefined) {
        issues.push({
            key: keyPath("sso", ["saml"]),
            message: "Devana has no SAML settings: put an OIDC broker in front of the SAML IdP (Keycloak, Entra ID, ADFS) and configure sso.oidc with its issuer",
        });
    }
    if (parsed.environment === "prod" && !sso.oidc && !sso.ldap && !sso.azureAd) {
        issues.push({ key: keyPath("sso"), message: "production requires single sign-on (R-SEC-SSO): configure sso.oidc, sso.ldap or sso.azureAd" });
    }
    const needs: [keyof typeof sso, SecretKey][] = [
        ["oidc", "oidcClientSecret"],
        ["ldap", "ldapBindPassword"],
        ["azureAd", "azureAdClientSecret"],
    ];
    for (const [provider, secret] of needs) {
        if (sso[provider] && !secretsSet.has(secret)) {
            warnings.push(`${keyPath("sso", [provider])} is configured but ${NAMESPACE}:${secret} is not set: sign-in through it fails until it is`);
        }
    }
}

function checkSizing(parsed: Partial<ParsedKeys>, issues: ConfigIssue[]): void {
    if (!parsed.sizing || !parsed.tier) {
        return;
    }
    const resolved = resolveSizing(parsed.tier, parsed.sizing);
    for (const component of COMPONENTS) {
        const override = parsed.sizing[component];
        if (override?.maxReplicas !== undefined && override.maxReplicas < resolved[component].replicas) {
            issues.push({ key: keyPath("sizing", [component, "maxReplicas"]), message: `${override.maxReplicas} is below replicas ${resolved[component].replicas}` });
        }
    }
}

/** onprem.externalS3 needs its credentials as secrets (nothing can be generated for a foreign endpoint). */
function checkExternalS3(parsed: Partial<ParsedKeys>, secretsSet: Set<SecretKey>, issues: ConfigIssue[]): void {
    if (parsed.target !== "onprem" || !parsed.onprem?.externalS3) {
        return;
    }
    for (const key of ["s3AccessKeyId", "s3SecretAccessKey"] as const) {
        if (!secretsSet.has(key)) {
            issues.push({ key: keyPath(key), message: `required with ${NAMESPACE}:onprem.externalS3: set it with \`pulumi config set --secret ${NAMESPACE}:${key}\`` });
        }
    }
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

/**
 * Issue 19: an air-gapped install covers the on-prem target (the cloud add-ons' images are not
 * mirrored), and a self-hosted model then needs a mirror of its weights: vLLM must never reach
 * Hugging Face. The Hugging Face token has nothing to do there.
 */
function checkAirgap(parsed: Partial<ParsedKeys>, secretsSet: Set<SecretKey>, issues: ConfigIssue[]): void {
    const airgap = parsed.airgap;
    if (!airgap) {
        return;
    }
    if (parsed.target && parsed.target !== "onprem") {
        issues.push({ key: keyPath("airgap"), message: `only applies to ${NAMESPACE}:target onprem for now (the ${parsed.target} cluster add-ons are not mirrored), but the target is ${parsed.target}` });
    }
    if (parsed.llm && parsed.llm.scenario !== "cloud" && !airgap.modelSource) {
        issues.push({
            key: keyPath("airgap", ["modelSource"]),
            message: `required with self-hosted models (${NAMESPACE}:llm.scenario ${parsed.llm.scenario}): give { pvc: <claim> } or { s3: {...} }, vLLM must not download from Hugging Face`,
        });
    }
    if (secretsSet.has("huggingFaceToken")) {
        issues.push({ key: `${NAMESPACE}:huggingFaceToken`, message: `must not be set with ${NAMESPACE}:airgap: the weights come from airgap.modelSource, never from Hugging Face` });
    }
}

/** R-SEC-ZONES: the WAF is on in prod unless the stack says otherwise. */
/** One toleration of Longhorn's `taint-toleration` setting: no value means Exists, no effect means every effect. */
export interface SettingToleration {
    readonly key: string;
    readonly value?: string;
    readonly effect?: Taint["effect"];
}

/** Parses Longhorn's `taint-toleration` syntax (`key=value:Effect; key:Effect`), already checked by the schema. */
export function parseTaintToleration(text: string): SettingToleration[] {
    return text
        .split(";")
        .map((t) => t.trim())
        .filter((t) => t !== "")
        .map((t) => {
            const colon = t.lastIndexOf(":");
            const [key, value] = t.slice(0, colon).split("=");
            const effect = t.slice(colon + 1) as Taint["effect"] | "";
            return { key: key!, ...(value !== undefined ? { value } : {}), ...(effect ? { effect } : {}) };
        });
}

/** A taint a toleration list lets a pod (here, the CSI node plugin) ignore; PreferNoSchedule never blocks. */
export function taintTolerated(taint: Taint, tolerations: readonly SettingToleration[]): boolean {
    return taint.effect === "PreferNoSchedule" || tolerations.some((t) => t.key === taint.key && (t.value === undefined || t.value === taint.value) && (t.effect === undefined || t.effect === taint.effect));
}

/** The CSI driver Longhorn registers; its node plugin needs the GPU taints in `taint-toleration`. */
export const LONGHORN_PROVISIONER = "driver.longhorn.io";

/**
 * Issue 18: the vLLM model caches are `standard` claims mounted on the GPU nodes; the class's node
 * plugin must tolerate every taint of the enabled GPU pools ("CSINode does not contain driver").
 */
function checkModelCache(parsed: Partial<ParsedKeys>, pools: Record<PoolName, ResolvedPool> | undefined, issues: ConfigIssue[]): void {
    if (parsed.target !== "onprem" || !pools || !parsed.onprem) {
        return;
    }
    const storage = parsed.onprem.storage;
    const declared = storage.modelCache?.taintToleration;
    const longhorn = (storage.standard.provisioner ?? storage.provisioner) === LONGHORN_PROVISIONER && !storage.standard.existing;
    const key = keyPath("onprem", ["storage", "modelCache", "taintToleration"]);
    const tolerations = declared ? parseTaintToleration(declared) : [];
    const missing = (["gpuLlm", "gpuEmbed"] as const)
        .filter((name) => pools[name].enabled)
        .flatMap((name) => pools[name].taints.filter((t) => !taintTolerated(t, tolerations)).map((t) => `${t.key}=${t.value}:${t.effect} (nodePools.${name})`));
    if (missing.length === 0 || (!declared && !longhorn)) {
        return;
    }
    issues.push({
        key,
        message: declared
            ? `does not tolerate ${missing.join(", ")}: the model cache's CSI node plugin would not run on those GPU nodes and the vLLM pods would stay Pending`
            : `required with Longhorn and tainted GPU pools: declare Longhorn's taint-toleration setting, which must cover ${missing.join(", ")} (docs/onprem.md checklist), or the model caches cannot attach on the GPU nodes`,
    });
}

/** An IPv4 literal (a URL host NetworkPolicies can match without `addresses`). */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Issue 18: the proxy is an on-prem setting; a proxy named by DNS needs its addresses (a
 * NetworkPolicy matches IPs); NO_PROXY needs the pod range, which vanilla clusters have no default for.
 */
function checkProxy(parsed: Partial<ParsedKeys>, issues: ConfigIssue[]): void {
    const proxy = parsed.proxy;
    if (!proxy || !parsed.target) {
        return;
    }
    if (parsed.target !== "onprem") {
        issues.push({ key: keyPath("proxy"), message: `only applies to ${NAMESPACE}:target onprem: cloud targets reach the internet through their NAT gateways` });
        return;
    }
    const named = (["https", "http"] as const).filter((k) => proxy[k] && !IPV4.test(new URL(proxy[k]!).hostname));
    if (named.length > 0 && proxy.addresses.length === 0) {
        const host = new URL(proxy[named[0]]!).hostname;
        issues.push({
            key: keyPath("proxy", ["addresses"]),
            message: `required: proxy.${named[0]} names ${host}, and NetworkPolicies match addresses, not names; list the proxy's IPs or CIDRs`,
        });
    }
    const distribution = parsed.distribution ?? "vanilla";
    if (!DEFAULT_CLUSTER_NETWORKS[distribution].podCidr && !parsed.onprem?.clusterNetwork.podCidr) {
        issues.push({
            key: keyPath("onprem", ["clusterNetwork", "podCidr"]),
            message: `required with ${NAMESPACE}:proxy on a ${distribution} cluster (kubeadm has no default pod range): the pods' range goes into NO_PROXY`,
        });
    }
}

function wafEnabled(p: Pick<ParsedKeys, "waf" | "environment">): boolean {
    return p.waf.enabled ?? p.environment === "prod";
}

/**
 * Cross-key rules of issue 10: the distribution is an on-prem choice; a cloud WAF needs the
 * listener's certificate; R-STO-BACKUP geo-replication is required in prod where the program can
 * build it (AWS replica region, geo-redundant Blob Storage) and recommended on-prem.
 */
function checkEdgeAndReplication(parsed: Partial<ParsedKeys>, given: Map<ConfigKey, unknown>, secretsSet: Set<SecretKey>, issues: ConfigIssue[], warnings: string[]): void {
    const { target, environment } = parsed;
    if (!target || !environment) {
        return;
    }
    const prod = environment === "prod";
    if (target !== "onprem" && parsed.distribution && parsed.distribution !== "vanilla") {
        issues.push({ key: keyPath("distribution"), message: `applies to ${NAMESPACE}:target onprem only: ${target === "aws" ? "EKS" : "AKS"} is the distribution on ${target}` });
    }
    const onpremGiven = given.get("onprem");
    if (onpremGiven && typeof onpremGiven === "object" && "distribution" in onpremGiven) {
        issues.push({ key: keyPath("onprem", ["distribution"]), message: `moved: set ${NAMESPACE}:distribution instead` });
    }
    if (parsed.waf && parsed.environment) {
        const enabled = wafEnabled({ waf: parsed.waf, environment });
        if (enabled && target === "aws" && parsed.aws && !parsed.aws.certificateArn) {
            issues.push({ key: keyPath("aws", ["certificateArn"]), message: `required with ${NAMESPACE}:waf: the WAF's Application Load Balancer terminates TLS 1.3 with this ACM certificate` });
        }
        if (enabled && target === "azure" && parsed.azure && !parsed.azure.wafCertificateSecretId) {
            issues.push({ key: keyPath("azure", ["wafCertificateSecretId"]), message: `required with ${NAMESPACE}:waf: the Application Gateway's TLS 1.3 listener serves this Key Vault certificate` });
        }
        if (enabled && target === "onprem" && parsed.waf.onprem === "in-cluster" && parsed.waf.maxBodyMiB > MAX_INSPECTED_BODY_MIB) {
            issues.push({ key: keyPath("waf", ["maxBodyMiB"]), message: `at most ${MAX_INSPECTED_BODY_MIB} with the in-cluster WAF: ModSecurity holds each inspected body in memory, up to 1 GiB` });
        }
        if (prod && !enabled) {
            warnings.push(`${NAMESPACE}:waf is off in prod: R-SEC-ZONES puts a WAF in the DMZ, and the policy pack's waf-in-front-of-public-entry rule will fail unless another WAF is declared`);
        }
    }
    const aws = parsed.aws;
    if (target === "aws" && aws) {
        if (aws.replicaRegion === aws.region) {
            issues.push({ key: keyPath("aws", ["replicaRegion"]), message: "must differ from aws.region: geo-replication needs a second region (R-STO-BACKUP)" });
        } else if (prod && !aws.replicaRegion) {
            issues.push({ key: keyPath("aws", ["replicaRegion"]), message: "required in prod: R-STO-BACKUP asks geo-replication of the object store (user files and backups)" });
        }
    }
    const azure = parsed.azure;
    if (target === "azure" && azure && prod && (azure.storageSku === "Standard_ZRS" || azure.storageSku === "Standard_LRS")) {
        issues.push({ key: keyPath("azure", ["storageSku"]), message: `${azure.storageSku} stays in one region: prod needs Standard_GZRS, Standard_RAGZRS or Standard_GRS (R-STO-BACKUP geo-replication)` });
    }
    const onprem = parsed.onprem;
    if (target === "onprem" && onprem) {
        for (const id of ["fastSsd", "standard"] as const) {
            const cls = onprem.storage[id];
            if (cls.encryptionAtRest && !cls.existing && onprem.clusterScope !== "preinstalled") {
                issues.push({
                    key: keyPath("onprem", ["storage", id, "encryptionAtRest"]),
                    message: "describes an existing class: the program creates this one and its encryption is checked from its parameters (set existing: true, or drop it)",
                });
            }
        }
    }
    const replication = parsed.onprem?.replication;
    if (target === "onprem" && replication) {
        for (const key of ["replicaS3AccessKeyId", "replicaS3SecretAccessKey"] as const) {
            if (replication.credentialsSecret && secretsSet.has(key)) {
                issues.push({ key: keyPath(key), message: `set together with ${NAMESPACE}:onprem.replication.credentialsSecret: keep one source of the replica keys` });
            } else if (!replication.credentialsSecret && !secretsSet.has(key)) {
                issues.push({
                    key: keyPath(key),
                    message: `required with ${NAMESPACE}:onprem.replication (or name an existing Secret in onprem.replication.credentialsSecret): set it with \`pulumi config set --secret ${NAMESPACE}:${key}\``,
                });
            }
        }
        const primary = parsed.onprem?.externalS3?.endpoint;
        if (primary && new URL(primary).host === new URL(replication.endpoint).host) {
            issues.push({ key: keyPath("onprem", ["replication", "endpoint"]), message: "is the primary S3 endpoint: geo-replication needs a second site" });
        }
    } else if (target === "onprem" && prod && !parsed.onprem?.externalS3) {
        // Issue 18: WAL and base backups on in-cluster SeaweedFS share the cluster's failure domain.
        issues.push({
            key: keyPath("onprem", ["replication"]),
            message:
                "required in prod without onprem.externalS3: backups on the in-cluster object store are lost with the cluster (R-STO-BACKUP RPO/RTO for a site loss); replicate to a second S3 site, or back up to the customer's S3 (onprem.externalS3)",
        });
    } else if (target === "onprem" && prod) {
        warnings.push(`${NAMESPACE}:onprem.replication is not set: backups go to onprem.externalS3 only; R-STO-BACKUP asks geo-replication, so that endpoint must replicate to another site itself`);
    }
}
