/**
 * Will the resolved configuration come up? (issue 15) Checked once, at config time, against the
 * cloud facts (config/facts.ts) and the capacity model (config/capacity.ts):
 * - the Kubernetes minor is supported by EKS/AKS today (refused past its end, warned in extended
 *   support or LTS), and on EKS matches the pinned cluster autoscaler's minor;
 * - each pool's machine type is offered in the region and, for GPU types on AWS, in every AZ ID the
 *   pool is placed in;
 * - each pool holds its workloads at their minimum replicas (refused), at their HPA maxima (warned),
 *   and pays for no idle GPUs (warned).
 * Pure; every issue names the configuration key to change.
 */
import { chatServing, describePod, findings, nodeCapacity, odinGpus, podsPerNode, poolBudget, workloads, type CapacityInput, type PoolBudget } from "./capacity";
import { POOL_NAMES, type PoolName } from "./defaults";
import { WORKLOAD_POOLS } from "./placement";
import { awsOffering, awsRegionsOffering, awsZoneIdsOffering, azureRegionsOffering, azureSizeOffered, FACT_SOURCES, kubernetesSupport, machineShape, supportedVersions, type MachineShape } from "./facts";
import type { ChatModel, GpuSpec } from "./models";
import { IMAGES } from "./versions";

export interface Issue {
    readonly key: string;
    readonly message: string;
}

export interface Feasibility {
    readonly issues: Issue[];
    readonly warnings: string[];
}

const K = (path: string): string => `devana:${path}`;

/** The minor version of the pinned cluster autoscaler image (`...:v1.36.1` -> `1.36`). */
export function clusterAutoscalerMinor(image: string = IMAGES.clusterAutoscaler): string {
    const m = /:v(\d+\.\d+)\.\d+$/.exec(image);
    if (!m) {
        throw new Error(`cannot read the cluster autoscaler version of ${image}`);
    }
    return m[1];
}

/** R-K8S on the managed services: supported today, and on EKS the autoscaler's minor. */
export function checkKubernetesVersion(target: "aws" | "azure" | "onprem", version: string, today: string, out: Feasibility): void {
    if (target === "onprem") {
        return; // the customer's distribution has its own calendar (RKE2, OpenShift)
    }
    const service = target === "aws" ? "EKS" : "AKS";
    const support = kubernetesSupport(target, version, today);
    const current = supportedVersions(target, today).join(", ");
    const facts = `Kubernetes support calendar of ${FACT_SOURCES.kubernetesVersions.date}, config/facts/kubernetes-versions.json`;
    if (support.status === "ended") {
        out.issues.push({
            key: K("kubernetesVersion"),
            message:
                target === "aws"
                    ? `${version} left EKS extended support on ${support.endOfExtended}: EKS upgrades such clusters itself; choose ${current} (${facts})`
                    : `${version} reached the end of AKS community support on ${support.endOfStandard} and of LTS on ${support.endOfExtended}: AKS refuses to create it; choose ${current} (${facts})`,
        });
    } else if (support.status === "extended") {
        if (target === "aws") {
            out.warnings.push(
                `${K("kubernetesVersion")} ${version} left EKS standard support on ${support.endOfStandard}: extended support until ${support.endOfExtended} costs 6x the control-plane fee ($0.60 instead of $0.10 per hour); upgrade to ${current} (${facts})`,
            );
        } else {
            out.issues.push({
                key: K("kubernetesVersion"),
                message: `${version} left AKS community support on ${support.endOfStandard}: only LTS remains (Premium tier and the AKSLongTermSupport plan, which this program does not set up); choose ${current} (${facts})`,
            });
        }
    } else if (support.status === "unknown") {
        out.warnings.push(`${K("kubernetesVersion")} ${version} is not in the ${service} support calendar of ${FACT_SOURCES.kubernetesVersions.date}: check it is offered (aws eks describe-cluster-versions / az aks get-versions)`);
    }
    if (target === "aws" && version !== clusterAutoscalerMinor()) {
        out.issues.push({
            key: K("kubernetesVersion"),
            message: `the pinned cluster autoscaler (${IMAGES.clusterAutoscaler}) supports Kubernetes ${clusterAutoscalerMinor()} only: use ${clusterAutoscalerMinor()}, or pin the autoscaler release of ${version} in config/versions.ts`,
        });
    }
}

export interface PoolPlacement {
    readonly name: PoolName;
    readonly enabled: boolean;
    readonly machineType?: string;
    /** The pool's zones: AWS AZ names or Azure zone numbers. */
    readonly availabilityZones?: readonly string[];
}

/** Regional offerings: the region sells the type; on AWS every AZ ID of a GPU pool offers it. */
export function checkOfferings(target: "aws" | "azure", region: string, pools: readonly PoolPlacement[], zoneIdOf: Readonly<Record<string, string>> | undefined, out: Feasibility): void {
    for (const pool of pools) {
        if (!pool.enabled || !pool.machineType) {
            continue;
        }
        const type = pool.machineType;
        const key = K(`nodePools.${pool.name}.machineType`);
        if (target === "azure") {
            const offered = azureSizeOffered(type, region);
            if (offered === false) {
                const where = azureRegionsOffering(type).join(", ");
                out.issues.push({ key, message: `${type} is not sold in ${region} (no retail price meter in the Azure price list of ${FACT_SOURCES.azureVmSizes.date.slice(0, 10)}); EU regions that sell it: ${where || "none checked"}` });
            }
            continue;
        }
        const zones = pool.availabilityZones ?? [];
        const ids = zoneIdOf ? zones.map((z) => zoneIdOf[z]).filter((id): id is string => id !== undefined) : [];
        const offering = awsOffering(region, type, ids);
        if (!offering) {
            continue; // not an accelerated type (or a region the facts do not list): the live check at preview covers it
        }
        const source = `EC2 offerings of ${FACT_SOURCES.awsOfferings.date}, config/facts/aws-accelerated-offerings.json`;
        if (!offering.inRegion) {
            const eu = awsRegionsOffering(type, "eu-");
            out.issues.push({ key, message: `${type} is not offered in ${region} (${source}); EU regions that offer it: ${eu.join(", ") || "none"}` });
            continue;
        }
        if (offering.missingZoneIds.length > 0) {
            const offeredIds = awsZoneIdsOffering(region, type);
            const names = zones.filter((z) => offeredIds.includes(zoneIdOf![z]));
            out.issues.push({
                key: K(`nodePools.${pool.name}.availabilityZones`),
                message: `${type} is not offered in AZ ID(s) ${offering.missingZoneIds.join(", ")} (${source}): place the pool in ${names.length > 0 ? names.join(", ") : "AZs that offer it"} (AZ IDs ${offeredIds.join(", ")})`,
            });
        }
        if (!zoneIdOf && awsZoneIdsOffering(region, type).length < 3) {
            out.warnings.push(
                `${K(`nodePools.${pool.name}.machineType`)} ${type} is offered in only AZ IDs ${awsZoneIdsOffering(region, type).join(", ")} of ${region}: set ${K("aws.availabilityZoneIds")} so the program can check the pool's AZs (AZ names map to IDs per account)`,
            );
        }
    }
}

export interface CapacityConfig extends Omit<CapacityInput, "pools"> {
    readonly pools: Readonly<Record<PoolName, CapacityInput["pools"][PoolName] & { readonly machineType?: string }>>;
}

/** The node shape of a cloud pool from the facts (undefined on-prem or for an unknown size). */
export function poolShape(target: CapacityInput["target"], machineType: string | undefined): MachineShape | undefined {
    return target === "onprem" || !machineType ? undefined : machineShape(target, machineType);
}

/**
 * Chat replicas when `llm.chatReplicas` is not set: as many as the gpuLlm pool's minSize nodes
 * hold, so the GPUs paid for at rest serve (R-LLM scaling is then read off the pool size).
 */
export function derivedChatReplicas(target: CapacityInput["target"], tier: CapacityInput["tier"], model: ChatModel, pool: { machineType?: string; minSize: number; gpu?: GpuSpec }): number {
    const plan = chatServing(tier, model, 1);
    const shape = poolShape(target, pool.machineType);
    const perNode = shape ? podsPerNode({ cpu: plan.cpu, memoryGi: plan.memoryGi, gpu: plan.gpusPerReplica }, nodeCapacity(shape, true)) : Math.floor((pool.gpu?.count ?? 0) / plan.gpusPerReplica);
    return Math.max(1, perNode * pool.minSize);
}

/** Budgets of the pools whose node shape the facts know (every enabled cloud pool with a known size). */
export function capacityBudgets(input: CapacityConfig): PoolBudget[] {
    const all = workloads(input);
    return POOL_NAMES.flatMap((name) => {
        const pool = input.pools[name];
        const shape = poolShape(input.target, pool.machineType);
        return pool.enabled && shape && pool.machineType ? [poolBudget(name, pool.machineType, shape, pool, all)] : [];
    });
}

/** The capacity findings as configuration issues and warnings. */
export function checkCapacity(input: CapacityConfig, out: Feasibility): PoolBudget[] {
    const budgets = capacityBudgets(input);
    for (const pool of POOL_NAMES) {
        const p = input.pools[pool];
        if (input.target !== "onprem" && p.enabled && p.machineType && !poolShape(input.target, p.machineType)) {
            out.warnings.push(`${K(`nodePools.${pool}.machineType`)} ${p.machineType} is not in config/facts: its capacity is not checked`);
        }
    }
    for (const b of budgets) {
        const list = b.workloads.map((w) => `${w.id} ${w.replicas}x(${describePod(w.pod)})`).join(", ");
        for (const f of findings(b)) {
            switch (f.kind) {
                case "pod-too-big":
                    out.issues.push({
                        key: K(`nodePools.${b.pool}.machineType`),
                        message: `one ${f.workload.id} pod asks ${describePod(f.workload.pod)} (${K(f.workload.key)}), more than one ${b.machineType} node offers after its reserve (${describePod(b.node.allocatable)}): choose a larger machine type or a smaller ${f.workload.key}`,
                    });
                    break;
                case "over-committed": {
                    const what = f.short
                        .map((r) =>
                            r === "cpu"
                                ? `CPU ${b.asked.cpu.toFixed(1)} asked of ${b.offered.cpu.toFixed(1)}`
                                : r === "memory"
                                  ? `memory ${b.asked.memoryGi.toFixed(1)} GiB asked of ${b.offered.memoryGi.toFixed(1)}`
                                  : r === "gpu"
                                    ? `GPU ${b.asked.gpu} asked of ${b.offered.gpu}`
                                    : "pods do not pack onto the nodes",
                        )
                        .join(", ");
                    out.issues.push({
                        key: K(`nodePools.${b.pool}.maxSize`),
                        message: `${b.maxSize} x ${b.machineType} cannot hold the pool's workloads at their minimum replicas (${list}): ${what}; they need ${b.nodesNeeded} nodes${odinHint(input, b.pool)}`,
                    });
                    break;
                }
                case "hpa-max-does-not-fit":
                    out.warnings.push(
                        `${K(`nodePools.${b.pool}.maxSize`)} ${b.maxSize} x ${b.machineType} cannot hold the HPA maxima (${b.workloads.map((w) => `${w.id} ${w.maxReplicas}`).join(", ")}: ${describePod(b.askedAtMax)}, ${b.nodesNeededAtMax} nodes): the autoscalers stop short of it`,
                    );
                    break;
                case "idle-gpus":
                    out.warnings.push(
                        `${K(`nodePools.${b.pool}.minSize`)} ${b.minSize} x ${b.machineType} pays for ${f.paid} GPUs at rest, the workloads use ${f.used} (${list}): lower minSize, choose a smaller type, or raise the replicas`,
                    );
                    break;
            }
        }
    }
    return budgets;
}

function odinHint(input: CapacityConfig, pool: PoolName): string {
    return pool === WORKLOAD_POOLS.odin && odinGpus(input.sizing, input.pools) > 0 ? ` (Odin's pods take one GPU each: give the pool a GPU per Odin replica, or set ${K("sizing.odin.gpu")}: 0 to run Odin on CPU)` : "";
}
