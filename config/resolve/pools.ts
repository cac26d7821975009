/** Node pools (tier-sized defaults, machine sizes, GPUs, zones, taints) and the R-SIZE overrides. */
import { DEFAULT_MACHINE_TYPES, DEFAULT_POOL_SIZES, DEFAULT_SERVICES_GPU_MACHINE_TYPES, GPU_TAINT, POOL_LABEL_KEY, POOL_NAMES, POOL_ZONE, ZONE_LABEL_KEY, type PoolName, type Tier } from "../defaults";
import type { ConfigIssue, ResolvedPool } from "../model";
import { MACHINE_GPUS } from "../models";
import { AWS_INSTANCE_TYPES, type ParsedKeys, type PoolInput } from "../schema";
import { COMPONENTS, resolveSizing } from "../tiers";
import { keyPath, NAMESPACE } from "./keys";

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
export function resolvePools(parsed: Partial<ParsedKeys>, issues: ConfigIssue[], warnings: string[]): Record<PoolName, ResolvedPool> | undefined {
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

function pickDefined<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Partial<Pick<T, K>> {
    return Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]])) as Partial<Pick<T, K>>;
}

export function checkSizing(parsed: Partial<ParsedKeys>, issues: ConfigIssue[]): void {
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
