/**
 * Cloud facts as data (issue 15): instance and VM sizes, which AWS regions and AZ IDs offer the
 * accelerated types, which Azure regions sell each GPU size, and each target's Kubernetes support
 * calendar. The JSON files in `config/facts/` carry their source and date; this module only reads
 * them (pure). Offerings change: `components/cluster/aws-offerings.ts` checks them live at preview.
 */
import awsOfferings from "./facts/aws-accelerated-offerings.json";
import awsTypes from "./facts/aws-instance-types.json";
import azureSizes from "./facts/azure-vm-sizes.json";
import kubernetesVersions from "./facts/kubernetes-versions.json";

/** vCPU, memory and GPUs of one machine (what a node offers before the kubelet's reserve). */
export interface MachineShape {
    readonly vcpu: number;
    readonly memoryGiB: number;
    readonly gpus: number;
}

/** Where and when each fact file was taken, for messages and the docs. */
export const FACT_SOURCES = {
    awsInstanceTypes: { source: awsTypes.source, date: awsTypes.date },
    awsOfferings: { source: awsOfferings.source, date: awsOfferings.date },
    azureVmSizes: { date: azureSizes.date },
    kubernetesVersions: { date: kubernetesVersions.date },
} as const;

const AWS_TYPES = awsTypes.types as unknown as Readonly<Record<string, readonly [number, number, number, string]>>;

/** An EC2 type's shape (moto's DescribeInstanceTypes snapshot), or undefined when unknown. */
export function awsInstanceShape(instanceType: string): MachineShape | undefined {
    const row = AWS_TYPES[instanceType];
    return row ? { vcpu: row[0], memoryGiB: row[1] / 1024, gpus: row[2] } : undefined;
}

interface AzureSize {
    readonly vcpu: number | null;
    readonly memoryGiB: number | null;
    readonly gpuCount: number | null;
    readonly regionsWithRetailPrice?: readonly string[];
}
const AZURE_GPU_SIZES = azureSizes.gpuSizes as unknown as Readonly<Record<string, AzureSize>>;
const AZURE_GENERAL_SIZES = azureSizes.generalSizes as unknown as Readonly<Record<string, AzureSize>>;

/** An Azure VM size's shape, or undefined when the facts do not know it (or not all three figures). */
export function azureVmShape(size: string): MachineShape | undefined {
    const s = AZURE_GPU_SIZES[size] ?? AZURE_GENERAL_SIZES[size];
    if (!s || s.vcpu === null || s.memoryGiB === null || s.gpuCount === null) {
        return undefined;
    }
    return { vcpu: s.vcpu, memoryGiB: s.memoryGiB, gpus: s.gpuCount };
}

/** The shape of a pool's machine on a cloud target. */
export function machineShape(target: "aws" | "azure", machineType: string): MachineShape | undefined {
    return target === "aws" ? awsInstanceShape(machineType) : azureVmShape(machineType);
}

/** EC2 families the offerings file covers: accelerated ones (p, g, inf, trn, dl). */
export function isAcceleratedAwsType(instanceType: string): boolean {
    return /^(p\d|g\d|gr\d|inf\d|trn\d|dl\d)/.test(instanceType.split(".")[0]);
}

interface RegionOfferings {
    readonly region: readonly string[];
    readonly zoneIds: Readonly<Record<string, readonly string[]>>;
}
const OFFERINGS = awsOfferings.offerings as unknown as Readonly<Record<string, RegionOfferings>>;

/** Regions the offerings file covers. */
export function awsOfferingRegions(): string[] {
    return Object.keys(OFFERINGS).sort();
}

/** AZ IDs of a region the offerings file lists (those that offer at least one accelerated type). */
export function awsZoneIdsWithOfferings(region: string): readonly string[] {
    return Object.keys(OFFERINGS[region]?.zoneIds ?? {});
}

/**
 * Whether a region and, per AZ ID, each zone offers an accelerated EC2 type; undefined when the
 * facts cannot tell (a non-accelerated type, or a region not in the file).
 */
export function awsOffering(region: string, instanceType: string, zoneIds: readonly string[] = []): { inRegion: boolean; missingZoneIds: string[] } | undefined {
    const r = OFFERINGS[region];
    if (!r || !isAcceleratedAwsType(instanceType)) {
        return undefined;
    }
    return { inRegion: r.region.includes(instanceType), missingZoneIds: zoneIds.filter((id) => !(r.zoneIds[id] ?? []).includes(instanceType)) };
}

/** AZ IDs of a region that offer an accelerated type (empty when none or unknown). */
export function awsZoneIdsOffering(region: string, instanceType: string): string[] {
    const r = OFFERINGS[region];
    return r
        ? Object.entries(r.zoneIds)
              .filter(([, types]) => types.includes(instanceType))
              .map(([id]) => id)
        : [];
}

/** Regions whose accelerated offerings include a type (for "try these regions" messages). */
export function awsRegionsOffering(instanceType: string, regionPrefix = ""): string[] {
    return Object.entries(OFFERINGS)
        .filter(([region, r]) => region.startsWith(regionPrefix) && r.region.includes(instanceType))
        .map(([region]) => region)
        .sort();
}

/**
 * Whether an Azure region sells a GPU size (a retail price meter there): true, false, or undefined
 * when the facts do not cover the size or the region.
 */
export function azureSizeOffered(size: string, location: string): boolean | undefined {
    const s = AZURE_GPU_SIZES[size];
    if (!s || !(azureSizes.regionsChecked as readonly string[]).includes(location)) {
        return undefined;
    }
    return (s.regionsWithRetailPrice ?? []).includes(location);
}

/** Regions (of those checked) that sell an Azure GPU size. */
export function azureRegionsOffering(size: string): readonly string[] {
    return AZURE_GPU_SIZES[size]?.regionsWithRetailPrice ?? [];
}

export type SupportStatus =
    /** Standard (EKS) or community (AKS) support. */
    | { readonly status: "standard"; readonly endOfStandard: string }
    /** EKS extended support (6x the control-plane fee) or AKS LTS (Premium tier and support plan). */
    | { readonly status: "extended"; readonly endOfStandard: string; readonly endOfExtended: string }
    /** Past every support: EKS upgrades it itself, AKS refuses a create. */
    | { readonly status: "ended"; readonly endOfStandard: string; readonly endOfExtended: string }
    /** Not in the facts (too new, or never released on that service). */
    | { readonly status: "unknown" };

interface VersionRow {
    readonly endOfStandardSupport?: string;
    readonly endOfExtendedSupport?: string;
    readonly endOfCommunitySupport?: string;
    readonly ltsEnd?: string;
}

/** The support status of a Kubernetes minor on EKS or AKS on a date (`YYYY-MM-DD`, UTC). */
export function kubernetesSupport(target: "aws" | "azure", version: string, today: string): SupportStatus {
    const rows = (target === "aws" ? kubernetesVersions.eks.versions : kubernetesVersions.aks.versions) as Readonly<Record<string, VersionRow>>;
    const row = rows[version];
    const endOfStandard = row?.endOfStandardSupport ?? row?.endOfCommunitySupport;
    const endOfExtended = row?.endOfExtendedSupport ?? row?.ltsEnd;
    if (!endOfStandard || !endOfExtended) {
        return { status: "unknown" };
    }
    // EKS: extended billing starts on the end-of-standard day; AKS: support lasts through the given day.
    const standardOver = target === "aws" ? today >= endOfStandard : today > endOfStandard;
    const extendedOver = target === "aws" ? today >= endOfExtended : today > endOfExtended;
    if (!standardOver) {
        return { status: "standard", endOfStandard };
    }
    return { status: extendedOver ? "ended" : "extended", endOfStandard, endOfExtended };
}

/** Minor versions in standard support on a date, oldest first (for messages). */
export function supportedVersions(target: "aws" | "azure", today: string): string[] {
    const rows = target === "aws" ? kubernetesVersions.eks.versions : kubernetesVersions.aks.versions;
    return Object.keys(rows)
        .filter((v) => kubernetesSupport(target, v, today).status === "standard")
        .sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
}

/** Today's date as `YYYY-MM-DD` (UTC). */
export function isoDate(date: Date): string {
    return date.toISOString().slice(0, 10);
}
