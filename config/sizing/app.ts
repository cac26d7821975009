/**
 * What R-SIZE becomes for the application tier (pure, table-tested over the three tiers).
 *
 * - API and Frontend: an HorizontalPodAutoscaler owns the replica count wherever the tier gives a
 *   range (production 2-3, enterprise 5-10 pods); the Deployment starts at the minimum and Pulumi
 *   ignores `spec.replicas` afterwards. The minimal tier runs one pod and no HPA.
 * - Odin: fixed replicas (R-SIZE gives none as a range it scales on CPU; the natural signal, the
 *   BullMQ queue depth, needs a metrics adapter this program does not install), GPUs per the tier.
 */
import type { ComponentSize, ResolvedSizing } from "../tiers";

export interface HpaBounds {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    /** Average CPU utilisation (of the request) the HPA keeps. */
    readonly targetCpuUtilization: number;
}

export interface WorkloadPlan {
    /** Replicas at creation (the HPA minimum where an HPA exists). */
    readonly replicas: number;
    readonly cpu: number;
    readonly memoryGi: number;
    /** Ephemeral storage request, GiB (R-SIZE disk column: scratch space, not a volume). */
    readonly diskGi: number;
    readonly gpu: number;
    /** Present when an HPA owns the replica count. */
    readonly hpa?: HpaBounds;
}

export interface AppPlan {
    readonly api: WorkloadPlan;
    readonly frontend: WorkloadPlan;
    readonly odin: WorkloadPlan;
}

/** [eng] Scale out at 70 % CPU: leaves headroom for the 2-3 minutes a new Node.js pod needs. */
export const HPA_TARGET_CPU = 70;

function scaled(size: ComponentSize): WorkloadPlan {
    const base = { replicas: size.replicas, cpu: size.cpu, memoryGi: size.memoryGi, diskGi: size.diskGi, gpu: size.gpu };
    return size.maxReplicas > size.replicas ? { ...base, hpa: { minReplicas: size.replicas, maxReplicas: size.maxReplicas, targetCpuUtilization: HPA_TARGET_CPU } } : base;
}

function fixed(size: ComponentSize): WorkloadPlan {
    return { replicas: size.replicas, cpu: size.cpu, memoryGi: size.memoryGi, diskGi: size.diskGi, gpu: size.gpu };
}

export function appPlan(sizing: ResolvedSizing): AppPlan {
    return { api: scaled(sizing.api), frontend: scaled(sizing.frontend), odin: fixed(sizing.odin) };
}

/**
 * MEMORY_THRESHOLD_MB of the API: Devana sheds work above it. [eng] 85 % of the container's memory
 * limit, so it acts before the kernel's OOM killer does.
 */
export function memoryThresholdMb(memoryGi: number): number {
    return Math.floor(memoryGi * 1024 * 0.85);
}

/**
 * PodDisruptionBudget of every application workload: voluntary disruptions (node drains, cluster
 * upgrades) take one pod at a time. With a single pod this still lets a drain proceed (the
 * minimal tier accepts the blip), where `minAvailable: 1` would block it forever.
 */
export const PDB_MAX_UNAVAILABLE = 1;
