/**
 * What a stack costs (issue 23): the monthly cost of what the plan creates, itemised and priced
 * from the price book (cost-prices.ts). Pure: the plan document and a small context in, an estimate
 * out. Node pools are priced at their minimum and maximum sizes; everything else is the same at
 * both. A price the book lacks makes its line "missing" (never guessed); usage-driven charges
 * (data transfer, requests, LCUs, WAF requests) are listed as not counted.
 */
import type { PlanDocument } from "./plan";
import { lookupPrice, type PriceBook, type PriceLookup } from "./cost-prices";
import { kubernetesSupport, machineShape } from "../../config/facts";
import { describePod, workloads, type PodRequests } from "../../config/capacity";
import { POOL_NAMES } from "../../config/defaults";
import { capacityBudgets } from "../../config/feasibility";
import type { DevanaConfig } from "../../config/model";
import { capacityInputOf } from "../../config/resolve";
import { gibOf } from "./quantity";
import { isRecord } from "./records";

type Resource = PlanDocument["resources"][number];

export type CostCategory = "nodes" | "cluster" | "node disks" | "volumes" | "object storage" | "network" | "edge" | "logs" | "keys";

/** One priced quantity: units per month at the pools' minimum and maximum sizes. */
export interface CostItem {
    readonly category: CostCategory;
    readonly name: string;
    readonly detail: string;
    readonly priceKey: string;
    readonly unitsMin: number;
    readonly unitsMax: number;
    /** What a unit is (node-hours, GiB-months, ...), for the reader. */
    readonly unit: string;
    /** GPUs the line pays for (node pools). */
    readonly gpusMin?: number;
    readonly gpusMax?: number;
}

export interface CostLine extends CostItem {
    readonly status: "priced" | "missing";
    readonly usdPerUnit?: number;
    readonly monthlyMin?: number;
    readonly monthlyMax?: number;
    readonly stale?: boolean;
    readonly reason?: string;
}

/** Per-tier volume assumptions for what the plan cannot size (object storage, logs). */
export interface UsageAssumptions {
    /** GiB in the files bucket/container (the tier's R-SIZE object-store size). */
    readonly filesGi: number;
    /** GiB of backups (one PostgreSQL base backup plus WAL, about the database size). */
    readonly backupsGi: number;
    /** GiB of audit logs kept. */
    readonly auditGi: number;
    /** GiB of logs ingested per month per cloud log group / workspace. */
    readonly logsIngestGiPerMonth: number;
}

/** [eng] Audit trail and log volumes per tier: assumptions, printed with the estimate. */
export const LOG_ASSUMPTIONS: Readonly<Record<string, { auditGi: number; logsIngestGiPerMonth: number }>> = {
    minimal: { auditGi: 1, logsIngestGiPerMonth: 5 },
    production: { auditGi: 10, logsIngestGiPerMonth: 30 },
    enterprise: { auditGi: 50, logsIngestGiPerMonth: 100 },
};

/** A GPU pool's use at rest from the capacity model (config/capacity.ts). */
export interface GpuUse {
    readonly pool: string;
    readonly machineType: string;
    readonly gpusPerNode: number;
    readonly paidAtRest: number;
    readonly used: number;
}

export interface CostContext {
    /** `YYYY-MM-DD`: staleness and the Kubernetes support status (extended-support fee). */
    readonly today: string;
    readonly tier: string;
    readonly assumptions: UsageAssumptions;
    readonly gpuUse?: readonly GpuUse[];
    /** On-prem: the pools' hardware needs (no prices). */
    readonly hardware?: readonly string[];
}

export interface IdleGpuCost {
    readonly pool: string;
    readonly idleGpus: number;
    readonly monthly?: number;
    readonly priceKey: string;
}

export interface CostEstimate {
    readonly stack: string;
    readonly target: string;
    readonly region?: string;
    readonly today: string;
    readonly hoursPerMonth: number;
    readonly lines: readonly CostLine[];
    /** Sums of the priced lines only (see `missing`). */
    readonly total: { readonly min: number; readonly max: number };
    readonly gpu: { readonly min: number; readonly max: number; readonly gpusMin: number; readonly gpusMax: number };
    readonly idleGpus: readonly IdleGpuCost[];
    readonly missing: readonly { readonly key: string; readonly reason: string }[];
    readonly stale: readonly string[];
    /** Resource types the plan creates that no rule prices or declares free (should stay empty). */
    readonly unclassified: readonly string[];
    readonly assumptions: UsageAssumptions;
    readonly notCounted: readonly string[];
    /** On-prem: the hardware bill of materials (no prices). */
    readonly billOfMaterials?: readonly string[];
}

/** Resource types with no charge of their own (their cost is in another line, or none). */
export const FREE_TYPES: readonly RegExp[] = [
    /^pulumi:providers:/,
    /^kubernetes:/,
    /^random:/,
    /^aws:iam\//,
    /^aws:ec2\/(subnet|vpc|vpcIpv4CidrBlockAssociation|routeTable|routeTableAssociation|networkAcl|internetGateway|securityGroup|defaultSecurityGroup|launchTemplate|flowLog):/,
    /^aws:vpc\/securityGroupIngressRule:/,
    /^aws:ebs\/(defaultKmsKey|encryptionByDefault):/,
    /^aws:eks\/(addon|podIdentityAssociation|nodeGroup|accessEntry|accessPolicyAssociation):/,
    /^aws:kms\/alias:/,
    /^aws:lb\/(listener|listenerRule|targetGroup):/,
    /^aws:s3\/bucket(LifecycleConfiguration|ObjectLockConfiguration|OwnershipControls|Policy|PublicAccessBlock|ReplicationConfig|ServerSideEncryptionConfiguration|Versioning):/,
    /^aws:wafv2\/(webAclAssociation|webAclLoggingConfiguration):/,
    /^aws:cloudwatch\/logResourcePolicy:/,
    // Issue 17: a trail's first copy of management events is free; S3 data events are billed per
    // event (usage, not counted); its files are in the audit bucket's line.
    /^aws:cloudtrail\/trail:/,
    // Issue 17, cloud-side alarms: a standard alarm lists at $0.10 a month (a handful per stack,
    // below this model's precision); SNS topics are free, their notifications usage (not counted).
    /^aws:cloudwatch\/metricAlarm:/,
    /^aws:sns\/(topic|topicSubscription):/,
    /^azure-native:(authorization|managedidentity|resources):/,
    /^azure-native:compute:DiskEncryptionSet$/,
    /^azure-native:containerservice:AgentPool$/,
    /^azure-native:keyvault:Vault$/,
    // A setting is free; what it sends is billed as workspace ingestion (usage, not counted).
    /^azure-native:monitor:(DiagnosticSetting|SubscriptionDiagnosticSetting)$/,
    // Issue 17: a metric alert lists at $0.10 per monitored time series a month, an action group's
    // e-mails and webhooks are free up to quotas far above alert traffic (not counted).
    /^azure-native:monitor:(ActionGroup|MetricAlert)$/,
    /^azure-native:network:(Subnet|VirtualNetwork|NetworkSecurityGroup|PrivateDnsZoneGroup|WebApplicationFirewallPolicy)$/,
    // Peering is billed per GB crossing it only (usage, not counted).
    /^azure-native:network:VirtualNetworkPeering$/,
    /^azure-native:privatedns:VirtualNetworkLink$/,
    /^azure-native:storage:(BlobContainer|BlobContainerImmutabilityPolicy|BlobServiceProperties|ManagementPolicy)$/,
];

/** Types the rules below price (or list as missing). */
export const PRICED_TYPES: readonly string[] = [
    "aws:eks/cluster:Cluster",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:wafv2/webAcl:WebAcl",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    "aws:kms/key:Key",
    "aws:s3/bucket:Bucket",
    "aws:cloudwatch/logGroup:LogGroup",
    "azure-native:containerservice:ManagedCluster",
    "azure-native:network:ApplicationGateway",
    "azure-native:network:NatGateway",
    "azure-native:network:PublicIPAddress",
    "azure-native:network:PrivateEndpoint",
    "azure-native:privatedns:PrivateZone",
    "azure-native:keyvault:Key",
    "azure-native:storage:StorageAccount",
    "azure-native:operationalinsights:Workspace",
];

export const NOT_COUNTED: readonly string[] = [
    "data transfer (internet egress, cross-AZ, cross-region replication traffic) and NAT data processing",
    "requests: S3/Blob operations, KMS/Key Vault calls, WAF requests, load balancer LCUs / App Gateway capacity units above the minimum",
    "EBS/disk snapshots and S3 versions beyond the stated object-storage sizes",
    "taxes, support plans, Savings Plans, reservations and negotiated discounts (list prices only)",
    "the LLM cloud APIs of the cloud and hybrid scenarios (per token)",
];

const HOURS = 730;
const num = (v: unknown, fallback = 0): number => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : fallback);
const ofType = (doc: PlanDocument, type: string): Resource[] => doc.resources.filter((r) => r.custom && r.type === type);

/** The region of the stack's main cloud provider (AWS) or of its cluster (Azure). */
export function stackRegion(doc: PlanDocument): string | undefined {
    if (doc.target === "aws") {
        const providers = ofType(doc, "pulumi:providers:aws");
        const main = providers.find((p) => !/replica/.test(p.name)) ?? providers[0];
        return main ? String(main.inputs.region) : undefined;
    }
    if (doc.target === "azure") {
        const cluster = ofType(doc, "azure-native:containerservice:ManagedCluster")[0];
        return cluster ? String(cluster.inputs.location) : undefined;
    }
    return undefined;
}

/** The region a resource is created in (its explicit AWS provider's region, else the stack's). */
function regionOf(doc: PlanDocument, r: Resource, fallback: string): string {
    const urn = typeof r.options.provider === "string" ? r.options.provider.replace(/::[^:]*$/, "") : undefined;
    const provider = urn ? doc.resources.find((p) => p.urn === urn) : undefined;
    return typeof provider?.inputs.region === "string" ? provider.inputs.region : fallback;
}

interface VolumeClaim {
    readonly owner: string;
    readonly storageClass?: string;
    readonly gi: number;
    readonly count: number;
}

/** Every persistent volume the plan asks for: PVCs, StatefulSet claim templates, CNPG storage, chart persistence. */
export function volumeClaims(doc: PlanDocument): VolumeClaim[] {
    const claims: VolumeClaim[] = [];
    for (const r of ofType(doc, "kubernetes:core/v1:PersistentVolumeClaim")) {
        const spec = r.inputs.spec as { storageClassName?: string; resources?: { requests?: { storage?: string } } };
        claims.push({ owner: `pvc ${r.name}`, storageClass: spec.storageClassName, gi: gibOf(spec.resources?.requests?.storage), count: 1 });
    }
    for (const r of ofType(doc, "kubernetes:apps/v1:StatefulSet")) {
        const spec = r.inputs.spec as { replicas?: number; volumeClaimTemplates?: { metadata?: { name?: string }; spec: { storageClassName?: string; resources?: { requests?: { storage?: string } } } }[] };
        for (const t of spec.volumeClaimTemplates ?? []) {
            claims.push({
                owner: `statefulset ${(r.inputs.metadata as { name?: string }).name ?? r.name}/${t.metadata?.name ?? "data"}`,
                storageClass: t.spec.storageClassName,
                gi: gibOf(t.spec.resources?.requests?.storage),
                count: spec.replicas ?? 1,
            });
        }
    }
    for (const r of ofType(doc, "kubernetes:postgresql.cnpg.io/v1:Cluster")) {
        const spec = r.inputs.spec as { instances?: number; storage?: { size?: string; storageClass?: string }; walStorage?: { size?: string; storageClass?: string } };
        for (const [what, s] of [
            ["data", spec.storage],
            ["wal", spec.walStorage],
        ] as const) {
            if (s?.size) {
                claims.push({ owner: `cnpg ${(r.inputs.metadata as { name?: string }).name ?? r.name} ${what}`, storageClass: s.storageClass, gi: gibOf(s.size), count: spec.instances ?? 1 });
            }
        }
    }
    // Charts are components in the plan (custom: false): their values carry the persistence.
    for (const r of doc.resources.filter((c) => c.type === "kubernetes:helm.sh/v4:Chart")) {
        const v = isRecord(r.inputs.values) ? r.inputs.values : {};
        const at = (path: string[]): unknown => path.reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), v);
        const vct = (path: string[], replicasPath: string[], label: string): void => {
            const spec = at([...path, "volumeClaimTemplate", "spec"]) as { storageClassName?: string; resources?: { requests?: { storage?: string } } } | undefined;
            if (spec?.resources?.requests?.storage) {
                claims.push({ owner: `chart ${r.inputs.chart} ${label}`, storageClass: spec.storageClassName, gi: gibOf(spec.resources.requests.storage), count: num(at(replicasPath), 1) });
            }
        };
        vct(["prometheus", "prometheusSpec", "storageSpec"], ["prometheus", "prometheusSpec", "replicas"], "prometheus");
        vct(["alertmanager", "alertmanagerSpec", "storage"], ["alertmanager", "alertmanagerSpec", "replicas"], "alertmanager");
        for (const [path, replicas, label] of [
            [["grafana", "persistence"], ["grafana", "replicas"], "grafana"],
            [["singleBinary", "persistence"], ["singleBinary", "replicas"], "loki"],
        ] as const) {
            const p = at([...path]) as { enabled?: boolean; size?: string; storageClassName?: string; storageClass?: string } | undefined;
            if (p?.enabled && p.size) {
                claims.push({ owner: `chart ${r.inputs.chart} ${label}`, storageClass: p.storageClassName ?? p.storageClass, gi: gibOf(p.size), count: num(at([...replicas]), 1) });
            }
        }
    }
    return claims;
}

interface DiskClass {
    readonly kind: "ebs-gp3" | "azure-premiumv2" | "azure-per-gb" | "object" | "unknown";
    readonly sku: string;
    readonly iops: number;
    readonly mbps: number;
}

function diskClass(sc: Resource | undefined): DiskClass {
    const p = (sc?.inputs.parameters ?? {}) as Record<string, string>;
    const provisioner = String(sc?.inputs.provisioner ?? "");
    if (provisioner === "ebs.csi.aws.com" && (p.type ?? "gp3") === "gp3") {
        return { kind: "ebs-gp3", sku: "gp3", iops: num(p.iops, 3000), mbps: num(p.throughput, 125) };
    }
    if (provisioner === "disk.csi.azure.com") {
        const sku = p.skuName ?? p.skuname ?? "StandardSSD_LRS";
        return sku === "PremiumV2_LRS" ? { kind: "azure-premiumv2", sku, iops: num(p.DiskIOPSReadWrite, 3000), mbps: num(p.DiskMBpsReadWrite, 125) } : { kind: "azure-per-gb", sku, iops: 0, mbps: 0 };
    }
    if (provisioner === "s3.csi.aws.com") {
        return { kind: "object", sku: "s3", iops: 0, mbps: 0 };
    }
    return { kind: "unknown", sku: provisioner || "unknown", iops: 0, mbps: 0 };
}

const fmtN = (n: number): string => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 1 }));

/** The quantities the plan creates, before prices. */
export function costItems(doc: PlanDocument, ctx: CostContext): { items: CostItem[]; unclassified: string[]; billOfMaterials?: string[] } {
    const region = stackRegion(doc) ?? "unknown";
    const items: CostItem[] = [];
    const p = doc.target === "azure" ? `azure:${region}` : `aws:${region}`;
    const add = (item: CostItem): void => {
        items.push(item);
    };
    const same = (units: number): { unitsMin: number; unitsMax: number } => ({ unitsMin: units, unitsMax: units });

    if (doc.target === "onprem") {
        return { items, unclassified: [], billOfMaterials: [...(ctx.hardware ?? []), ...onpremBill(doc)] };
    }

    // Node pools at min and max, GPUs visible; their OS disks.
    const pools = nodePools(doc);
    for (const pool of pools) {
        const shape = machineShape(doc.target as "aws" | "azure", pool.machineType);
        const gpus = shape?.gpus ?? 0;
        add({
            category: "nodes",
            name: `${pool.name} ${pool.min}..${pool.max} x ${pool.machineType}`,
            detail: gpus > 0 ? `${gpus} GPU per node: ${gpus * pool.min}..${gpus * pool.max} GPUs` : "",
            priceKey: `${p}:${doc.target === "aws" ? "ec2" : "vm"}:${pool.machineType}`,
            unitsMin: pool.min * HOURS,
            unitsMax: pool.max * HOURS,
            unit: "node-hours",
            ...(gpus > 0 ? { gpusMin: gpus * pool.min, gpusMax: gpus * pool.max } : {}),
        });
        if (pool.diskGi > 0) {
            add({
                category: "node disks",
                name: `${pool.name} OS disks ${pool.diskGi} GiB x ${pool.min}..${pool.max}`,
                detail: doc.target === "aws" ? "gp3 at the 3,000 IOPS / 125 MB/s baseline" : "managed OS disk",
                priceKey: doc.target === "aws" ? `${p}:ebs:gp3:gb` : `${p}:disk:os:gb`,
                unitsMin: pool.diskGi * pool.min,
                unitsMax: pool.diskGi * pool.max,
                unit: "GiB-months",
            });
        }
    }

    // Persistent volumes by class and size.
    const classes = new Map(ofType(doc, "kubernetes:storage.k8s.io/v1:StorageClass").map((sc) => [(sc.inputs.metadata as { name: string }).name, sc]));
    const defaultClass = [...classes.values()].find((sc) => (sc.inputs.metadata as { annotations?: Record<string, string> }).annotations?.["storageclass.kubernetes.io/is-default-class"] === "true");
    const byClass = new Map<string, { cls: DiskClass; gi: number; volumes: number; owners: string[] }>();
    for (const claim of volumeClaims(doc)) {
        const sc = claim.storageClass ? classes.get(claim.storageClass) : defaultClass;
        const name = claim.storageClass ?? (defaultClass ? (defaultClass.inputs.metadata as { name: string }).name : "default");
        const cls = diskClass(sc);
        if (cls.kind === "object") {
            continue; // a window onto a bucket, counted under object storage
        }
        const entry = byClass.get(name) ?? { cls, gi: 0, volumes: 0, owners: [] };
        entry.gi += claim.gi * claim.count;
        entry.volumes += claim.count;
        entry.owners.push(`${claim.owner} ${fmtN(claim.gi)} GiB x${claim.count}`);
        byClass.set(name, entry);
    }
    for (const [name, { cls, gi, volumes, owners }] of [...byClass.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const base = doc.target === "aws" ? `${p}:ebs:gp3` : `${p}:disk:${cls.sku}`;
        add({ category: "volumes", name: `${name} (${cls.sku}) ${volumes} volumes, ${fmtN(gi)} GiB`, detail: owners.join("; "), priceKey: cls.kind === "unknown" ? `${p}:disk:${cls.sku}:gb` : `${base}:gb`, ...same(gi), unit: "GiB-months" });
        if ((cls.kind === "ebs-gp3" || cls.kind === "azure-premiumv2") && cls.iops > 3000) {
            add({ category: "volumes", name: `${name} IOPS above 3,000 (${fmtN(cls.iops)} per volume)`, detail: "", priceKey: `${base}:iops`, ...same((cls.iops - 3000) * volumes), unit: "IOPS-months" });
        }
        if ((cls.kind === "ebs-gp3" || cls.kind === "azure-premiumv2") && cls.mbps > 125) {
            add({ category: "volumes", name: `${name} throughput above 125 MB/s (${fmtN(cls.mbps)} per volume)`, detail: "", priceKey: `${base}:mbps`, ...same((cls.mbps - 125) * volumes), unit: "MBps-months" });
        }
    }

    const a = ctx.assumptions;
    const logGi = a.logsIngestGiPerMonth;
    if (doc.target === "aws") {
        for (const c of ofType(doc, "aws:eks/cluster:Cluster")) {
            const version = String(c.inputs.version ?? "");
            const support = kubernetesSupport("aws", version, ctx.today);
            const extended = support.status === "extended" || support.status === "ended";
            add({
                category: "cluster",
                name: `EKS control plane ${version}`,
                detail: extended ? "extended support (6x the standard fee)" : "standard support",
                priceKey: `${p}:eks:${extended ? "extended" : "standard"}`,
                ...same(HOURS),
                unit: "cluster-hours",
            });
        }
        const nat = ofType(doc, "aws:ec2/natGateway:NatGateway").length;
        if (nat > 0) add({ category: "network", name: `NAT gateways x${nat}`, detail: "hourly charge only", priceKey: `${p}:nat:hour`, ...same(nat * HOURS), unit: "gateway-hours" });
        const albs = ofType(doc, "aws:lb/loadBalancer:LoadBalancer");
        const publicAlbIps = albs.filter((lb) => lb.inputs.internal !== true).reduce((n, lb) => n + (Array.isArray(lb.inputs.subnets) ? lb.inputs.subnets.length : 0), 0);
        const eips = ofType(doc, "aws:ec2/eip:Eip").length;
        if (eips + publicAlbIps > 0)
            add({
                category: "network",
                name: `public IPv4 addresses x${eips + publicAlbIps}`,
                detail: `${eips} Elastic IPs, ${publicAlbIps} internet-facing load balancer nodes`,
                priceKey: `${p}:ipv4:hour`,
                ...same((eips + publicAlbIps) * HOURS),
                unit: "IP-hours",
            });
        if (albs.length > 0) add({ category: "edge", name: `application load balancers x${albs.length}`, detail: "hourly charge; LCUs not counted", priceKey: `${p}:alb:hour`, ...same(albs.length * HOURS), unit: "LB-hours" });
        for (const acl of ofType(doc, "aws:wafv2/webAcl:WebAcl")) {
            const rules = Array.isArray(acl.inputs.rules) ? acl.inputs.rules.length : 0;
            add({ category: "edge", name: `WAF web ACL ${acl.name}`, detail: "requests not counted", priceKey: `${p}:waf:acl`, ...same(1), unit: "ACL-months" });
            add({ category: "edge", name: `WAF rules x${rules}`, detail: "managed rule groups count as rules", priceKey: `${p}:waf:rule`, ...same(rules), unit: "rule-months" });
        }
        const endpointAzs = ofType(doc, "aws:ec2/vpcEndpoint:VpcEndpoint")
            .filter((e) => e.inputs.vpcEndpointType === "Interface")
            .reduce((n, e) => n + (Array.isArray(e.inputs.subnetIds) ? e.inputs.subnetIds.length : 1), 0);
        if (endpointAzs > 0)
            add({ category: "network", name: `interface VPC endpoints, ${endpointAzs} endpoint-AZs`, detail: "gateway endpoints are free", priceKey: `${p}:vpce:hour`, ...same(endpointAzs * HOURS), unit: "endpoint-AZ-hours" });
        const tgw = ofType(doc, "aws:ec2transitgateway/vpcAttachment:VpcAttachment").length;
        if (tgw > 0) add({ category: "network", name: `transit gateway VPC attachments x${tgw}`, detail: "data processed not counted", priceKey: `${p}:tgw:attachment-hour`, ...same(tgw * HOURS), unit: "attachment-hours" });
        const keysByRegion = new Map<string, number>();
        for (const k of ofType(doc, "aws:kms/key:Key")) keysByRegion.set(regionOf(doc, k, region), (keysByRegion.get(regionOf(doc, k, region)) ?? 0) + 1);
        for (const [r, n] of keysByRegion) add({ category: "keys", name: `KMS keys x${n} (${r})`, detail: "requests not counted", priceKey: `aws:${r}:kms:key`, ...same(n), unit: "key-months" });
        for (const b of ofType(doc, "aws:s3/bucket:Bucket")) {
            const role = /-(files|backups|audit)$/.exec(b.name)?.[1];
            const gi = role === "files" ? a.filesGi : role === "backups" ? a.backupsGi : role === "audit" ? a.auditGi : 0;
            const r = regionOf(doc, b, region);
            add({ category: "object storage", name: `S3 ${b.name} (${r})`, detail: `assumed ${fmtN(gi)} GiB stored (${role ?? "unknown role"}), priced at S3 Standard`, priceKey: `aws:${r}:s3:standard:gb`, ...same(gi), unit: "GiB-months" });
        }
        for (const g of ofType(doc, "aws:cloudwatch/logGroup:LogGroup")) {
            const days = num(g.inputs.retentionInDays, 0);
            add({ category: "logs", name: `CloudWatch ${g.name} ingestion`, detail: `assumed ${fmtN(logGi)} GiB/month`, priceKey: `${p}:logs:ingest:gb`, ...same(logGi), unit: "GiB" });
            add({
                category: "logs",
                name: `CloudWatch ${g.name} stored at ${days} days retention`,
                detail: `steady state ${fmtN(logGi)} GiB x ${days}/30 months`,
                priceKey: `${p}:logs:store:gb`,
                ...same(Math.round(((logGi * days) / 30) * 10) / 10),
                unit: "GiB-months",
            });
        }
    } else {
        for (const c of ofType(doc, "azure-native:containerservice:ManagedCluster")) {
            const tier = String((c.inputs.sku as { tier?: string } | undefined)?.tier ?? "Free");
            if (tier !== "Free")
                add({
                    category: "cluster",
                    name: `AKS ${tier} tier ${c.inputs.kubernetesVersion ?? ""}`.trim(),
                    detail: tier === "Premium" ? "long-term support" : "uptime SLA",
                    priceKey: `${p}:aks:${tier.toLowerCase()}`,
                    ...same(HOURS),
                    unit: "cluster-hours",
                });
        }
        for (const g of ofType(doc, "azure-native:network:ApplicationGateway")) {
            const min = num((g.inputs.autoscaleConfiguration as { minCapacity?: number } | undefined)?.minCapacity, 0);
            add({ category: "edge", name: `Application Gateway WAF v2 ${g.name}`, detail: "fixed gateway charge", priceKey: `${p}:appgw-waf:fixed`, ...same(HOURS), unit: "gateway-hours" });
            if (min > 0)
                add({
                    category: "edge",
                    name: `Application Gateway minimum capacity units x${min}`,
                    detail: "reserved by autoscale minCapacity; traffic above it not counted",
                    priceKey: `${p}:appgw-waf:cu`,
                    ...same(min * HOURS),
                    unit: "CU-hours",
                });
        }
        const count = (type: string): number => ofType(doc, type).length;
        const natCount = count("azure-native:network:NatGateway");
        if (natCount > 0) add({ category: "network", name: `NAT gateways x${natCount}`, detail: "hourly charge only", priceKey: `${p}:nat:hour`, ...same(natCount * HOURS), unit: "gateway-hours" });
        const pips = count("azure-native:network:PublicIPAddress");
        if (pips > 0) add({ category: "network", name: `Standard public IPs x${pips}`, detail: "", priceKey: `${p}:pip:hour`, ...same(pips * HOURS), unit: "IP-hours" });
        const pes = count("azure-native:network:PrivateEndpoint");
        if (pes > 0) add({ category: "network", name: `private endpoints x${pes}`, detail: "data processed not counted", priceKey: `${p}:pe:hour`, ...same(pes * HOURS), unit: "endpoint-hours" });
        const zones = count("azure-native:privatedns:PrivateZone");
        if (zones > 0) add({ category: "network", name: `private DNS zones x${zones}`, detail: "queries not counted", priceKey: `${p}:dnszone:month`, ...same(zones), unit: "zone-months" });
        const kv = count("azure-native:keyvault:Key");
        if (kv > 0) add({ category: "keys", name: `Key Vault keys x${kv}`, detail: "operations not counted", priceKey: `${p}:kv:key`, ...same(kv), unit: "key-months" });
        for (const s of ofType(doc, "azure-native:storage:StorageAccount")) {
            const sku = String((s.inputs.sku as { name?: string } | undefined)?.name ?? "unknown");
            const gi = a.filesGi + a.backupsGi + a.auditGi;
            add({
                category: "object storage",
                name: `Blob ${s.name} (${sku})`,
                detail: `assumed ${fmtN(gi)} GiB stored (files ${fmtN(a.filesGi)}, backups ${fmtN(a.backupsGi)}, audit ${fmtN(a.auditGi)}), hot tier`,
                priceKey: `${p}:blob:${sku}:gb`,
                ...same(gi),
                unit: "GiB-months",
            });
        }
        for (const w of ofType(doc, "azure-native:operationalinsights:Workspace")) {
            const days = num(w.inputs.retentionInDays, 31);
            add({ category: "logs", name: `Log Analytics ${w.name} ingestion`, detail: `assumed ${fmtN(logGi)} GiB/month`, priceKey: `${p}:la:ingest:gb`, ...same(logGi), unit: "GiB" });
            if (days > 31)
                add({
                    category: "logs",
                    name: `Log Analytics ${w.name} retention ${days} days`,
                    detail: `beyond the 31 included days: ${fmtN(logGi)} GiB x ${days - 31}/30 months`,
                    priceKey: `${p}:la:retention:gb`,
                    ...same(Math.round(((logGi * (days - 31)) / 30) * 10) / 10),
                    unit: "GiB-months",
                });
        }
    }

    const classified = (type: string): boolean => PRICED_TYPES.includes(type) || FREE_TYPES.some((re) => re.test(type));
    const unclassified = [...new Set(doc.resources.filter((r) => r.custom && !classified(r.type)).map((r) => r.type))].sort();
    return { items, unclassified };
}

interface Pool {
    readonly name: string;
    readonly machineType: string;
    readonly min: number;
    readonly max: number;
    readonly diskGi: number;
}

/** Node pools with their machine type, sizes and OS disk, from the plan's node groups / agent pools. */
export function nodePools(doc: PlanDocument): Pool[] {
    if (doc.target === "aws") {
        const templates = new Map(ofType(doc, "aws:ec2/launchTemplate:LaunchTemplate").map((t) => [t.name, t]));
        return ofType(doc, "aws:eks/nodeGroup:NodeGroup").map((ng) => {
            const sc = ng.inputs.scalingConfig as { minSize: number; maxSize: number };
            const lt = templates.get(ng.name.replace(/-ng$/, "-lt"));
            const bdm = (lt?.inputs.blockDeviceMappings as { ebs?: { volumeSize?: number } }[] | undefined)?.[0];
            return {
                name: (ng.inputs.labels as Record<string, string> | undefined)?.["devana.ai/pool"] ?? ng.name,
                machineType: (ng.inputs.instanceTypes as string[])[0],
                min: sc.minSize,
                max: sc.maxSize,
                diskGi: num(bdm?.ebs?.volumeSize, num(ng.inputs.diskSize, 20)),
            };
        });
    }
    const cluster = ofType(doc, "azure-native:containerservice:ManagedCluster")[0];
    const profiles = ((cluster?.inputs.agentPoolProfiles as Record<string, unknown>[] | undefined) ?? []).map((a) => ({ name: String(a.name), inputs: a }));
    const agentPools = ofType(doc, "azure-native:containerservice:AgentPool").map((r) => ({
        name: (r.inputs.nodeLabels as Record<string, string> | undefined)?.["devana.ai/pool"]
            ? `${(r.inputs.nodeLabels as Record<string, string>)["devana.ai/pool"]}/${(r.inputs.nodeLabels as Record<string, string>)["devana.ai/zone"] ?? r.name}`
            : r.name,
        inputs: r.inputs,
    }));
    return [...profiles, ...agentPools].map(({ name, inputs }) => {
        const auto = inputs.enableAutoScaling === true;
        const count = num(inputs.count, 1);
        return { name, machineType: String(inputs.vmSize), min: auto ? num(inputs.minCount, count) : count, max: auto ? num(inputs.maxCount, count) : count, diskGi: num(inputs.osDiskSizeGB, 0) };
    });
}

/** On-prem: what the customer's cluster must provide, per pool and in volumes (no prices). */
export function onpremBill(doc: PlanDocument): string[] {
    const lines: string[] = [];
    const byClass = new Map<string, { gi: number; volumes: number }>();
    for (const c of volumeClaims(doc)) {
        const key = c.storageClass ?? "default StorageClass";
        const e = byClass.get(key) ?? { gi: 0, volumes: 0 };
        e.gi += c.gi * c.count;
        e.volumes += c.count;
        byClass.set(key, e);
    }
    for (const [cls, { gi, volumes }] of [...byClass.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`volumes on ${cls}: ${volumes} volumes, ${fmtN(gi)} GiB`);
    }
    return lines;
}

/** Prices the items; totals, GPU subtotal, missing and stale keys. */
export function priceItems(items: readonly CostItem[], prices: PriceBook, today: string): { lines: CostLine[]; missing: { key: string; reason: string }[]; stale: string[] } {
    const lookups = new Map<string, PriceLookup>();
    const lines = items.map((item): CostLine => {
        const l = lookups.get(item.priceKey) ?? lookupPrice(prices, item.priceKey, today);
        lookups.set(item.priceKey, l);
        if (l.status === "missing") {
            return { ...item, status: "missing", reason: l.reason };
        }
        const round = (n: number): number => Math.round(n * 100) / 100;
        return { ...item, status: "priced", usdPerUnit: l.usd, monthlyMin: round(item.unitsMin * l.usd), monthlyMax: round(item.unitsMax * l.usd), stale: l.stale };
    });
    const missing = [...lookups.values()].filter((l): l is Extract<PriceLookup, { status: "missing" }> => l.status === "missing").map((l) => ({ key: l.key, reason: l.reason }));
    const stale = [...lookups.values()].filter((l) => l.status === "priced" && l.stale).map((l) => l.key);
    return { lines, missing: missing.sort((x, y) => x.key.localeCompare(y.key)), stale: stale.sort() };
}

/** The idle GPUs at rest (capacity model) and what they cost a month at the pool's node price. */
export function idleGpuCosts(gpuUse: readonly GpuUse[], priceKeyOf: (machineType: string) => string, prices: PriceBook, today: string): IdleGpuCost[] {
    return gpuUse
        .filter((g) => g.paidAtRest > g.used)
        .map((g) => {
            const idle = g.paidAtRest - g.used;
            const key = priceKeyOf(g.machineType);
            const l = lookupPrice(prices, key, today);
            return { pool: g.pool, idleGpus: idle, priceKey: key, ...(l.status === "priced" ? { monthly: Math.round((idle / g.gpusPerNode) * l.usd * HOURS * 100) / 100 } : {}) };
        });
}

export function estimateCost(doc: PlanDocument, ctx: CostContext, prices: PriceBook): CostEstimate {
    const region = stackRegion(doc);
    const { items, unclassified, billOfMaterials } = costItems(doc, ctx);
    const { lines, missing, stale } = priceItems(items, prices, ctx.today);
    const sum = (pick: (l: CostLine) => number | undefined, only: (l: CostLine) => boolean = () => true): number => Math.round(lines.filter(only).reduce((s, l) => s + (pick(l) ?? 0), 0) * 100) / 100;
    const gpuLine = (l: CostLine): boolean => (l.gpusMax ?? 0) > 0;
    const prefix = doc.target === "azure" ? `azure:${region}:vm:` : `aws:${region}:ec2:`;
    return {
        stack: doc.stack,
        target: doc.target,
        ...(region ? { region } : {}),
        today: ctx.today,
        hoursPerMonth: HOURS,
        lines,
        total: { min: sum((l) => l.monthlyMin), max: sum((l) => l.monthlyMax) },
        gpu: {
            min: sum((l) => l.monthlyMin, gpuLine),
            max: sum((l) => l.monthlyMax, gpuLine),
            gpusMin: lines.filter(gpuLine).reduce((n, l) => n + (l.gpusMin ?? 0), 0),
            gpusMax: lines.filter(gpuLine).reduce((n, l) => n + (l.gpusMax ?? 0), 0),
        },
        idleGpus: doc.target === "onprem" ? [] : idleGpuCosts(ctx.gpuUse ?? [], (t) => `${prefix}${t}`, prices, ctx.today),
        missing,
        stale,
        unclassified,
        assumptions: ctx.assumptions,
        notCounted: NOT_COUNTED,
        ...(billOfMaterials ? { billOfMaterials } : {}),
    };
}

/** The context the plan document does not carry: tier assumptions and the capacity model's GPU use. */
export function costContext(config: Pick<DevanaConfig, "target" | "tier" | "sizing" | "nodePools" | "llm" | "onprem">, today: string): CostContext {
    const logs = LOG_ASSUMPTIONS[config.tier];
    const gpuUse: GpuUse[] = capacityBudgets(capacityInputOf(config))
        .filter((b) => b.node.shape.gpus > 0)
        .map((b) => ({ pool: b.pool, machineType: b.machineType, gpusPerNode: b.node.shape.gpus, paidAtRest: b.paidGpusAtRest, used: b.asked.gpu }));
    return {
        today,
        tier: config.tier,
        assumptions: { filesGi: config.sizing.objectStore.diskGi, backupsGi: config.sizing.postgresql.diskGi, auditGi: logs.auditGi, logsIngestGiPerMonth: logs.logsIngestGiPerMonth },
        gpuUse,
        ...(config.target === "onprem" ? { hardware: hardwareLines(config) } : {}),
    };
}

/** On-prem: what each pool's nodes must hold, from the capacity model's workloads at rest and at the HPA maxima. */
export function hardwareLines(config: Pick<DevanaConfig, "target" | "tier" | "sizing" | "nodePools" | "llm" | "onprem">): string[] {
    const all = workloads(capacityInputOf(config));
    return POOL_NAMES.filter((name) => config.nodePools[name].enabled).map((name) => {
        const pool = config.nodePools[name];
        const mine = all.filter((w) => w.pool === name);
        const total = (max: boolean): PodRequests =>
            mine.reduce((t, w) => ({ cpu: t.cpu + w.pod.cpu * (max ? w.maxReplicas : w.replicas), memoryGi: t.memoryGi + w.pod.memoryGi * (max ? w.maxReplicas : w.replicas), gpu: t.gpu + w.pod.gpu * (max ? w.maxReplicas : w.replicas) }), {
                cpu: 0,
                memoryGi: 0,
                gpu: 0,
            });
        const gpu = pool.gpu ? `, nodes with ${pool.gpu.count}x ${pool.gpu.kind} each` : "";
        return `pool ${name}${gpu}: pods ask ${describePod(total(false))} at rest, ${describePod(total(true))} at the HPA maxima, plus the per-node reserve and DaemonSets (${mine.map((w) => w.id).join(", ") || "no workloads"})`;
    });
}

export const usd = (n: number): string => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The monthly total and idle-GPU lines of the plan summary. */
export function summaryLines(e: CostEstimate): string[] {
    if (e.target === "onprem") {
        return ["  on-prem: no cloud prices; `npm run cost` prints the hardware bill of materials"];
    }
    const idle = e.idleGpus.length === 0 ? "no idle GPUs at rest" : e.idleGpus.map((g) => `${g.pool} ${g.idleGpus} idle GPUs ${g.monthly === undefined ? "(price missing)" : usd(g.monthly)}`).join(", ");
    return [
        `  ${usd(e.total.min)} at the pools' minimum, ${usd(e.total.max)} at their maximum (GPU nodes ${usd(e.gpu.min)}..${usd(e.gpu.max)}); ${e.missing.length} price(s) missing, ${e.stale.length} stale (npm run cost -- --stack ${e.stack})`,
        `  idle GPUs (capacity model): ${idle}`,
    ];
}

/** The human form of an estimate. */
export function formatCost(e: CostEstimate, prices: PriceBook): string {
    const out: string[] = [];
    if (e.target === "onprem") {
        out.push(`Stack ${e.stack}: on-prem, hardware bill of materials (the customer's hardware, no prices)`, ...(e.billOfMaterials ?? []).map((l) => `  ${l}`));
        return out.join("\n");
    }
    out.push(`Stack ${e.stack}: ${e.target} ${e.region ?? ""}, monthly estimate in USD (on-demand Linux list prices, ${e.hoursPerMonth} h/month), ${e.today}`);
    const width = Math.max(...e.lines.map((l) => l.name.length), 20);
    for (const l of e.lines) {
        const money = l.status === "priced" ? `${usd(l.monthlyMin!).padStart(14)} ${usd(l.monthlyMax!).padStart(14)}` : `${"missing".padStart(14)} ${"missing".padStart(14)}`;
        const price =
            l.status === "priced"
                ? `${fmtN(l.unitsMin)}${l.unitsMax !== l.unitsMin ? `..${fmtN(l.unitsMax)}` : ""} ${l.unit} x $${l.usdPerUnit}${l.stale ? " (stale)" : ""}`
                : `${fmtN(l.unitsMin)}${l.unitsMax !== l.unitsMin ? `..${fmtN(l.unitsMax)}` : ""} ${l.unit}`;
        out.push(`  ${l.category.padEnd(14)} ${l.name.padEnd(width)} ${money}  ${price}${l.detail ? `; ${l.detail}` : ""}`);
    }
    out.push(
        `Total of priced lines: ${usd(e.total.min)} at the pools' minimum, ${usd(e.total.max)} at their maximum`,
        `GPU nodes: ${usd(e.gpu.min)}..${usd(e.gpu.max)} for ${e.gpu.gpusMin}..${e.gpu.gpusMax} GPUs`,
        `Idle GPUs at rest (capacity model): ${e.idleGpus.length === 0 ? "none" : e.idleGpus.map((g) => `${g.pool} ${g.idleGpus} GPUs ${g.monthly === undefined ? "(price missing)" : `${usd(g.monthly)}/month`}`).join(", ")}`,
        `Assumptions (tier): files ${fmtN(e.assumptions.filesGi)} GiB, backups ${fmtN(e.assumptions.backupsGi)} GiB, audit ${fmtN(e.assumptions.auditGi)} GiB, logs ${fmtN(e.assumptions.logsIngestGiPerMonth)} GiB/month per log group or workspace`,
    );
    if (e.missing.length > 0) {
        out.push(`Missing prices (${e.missing.length}; their lines are not in the total):`, ...e.missing.map((m) => `  - ${m.key}: ${m.reason}`));
    }
    if (e.stale.length > 0) {
        out.push(`Stale prices (${e.stale.length}; older than 90 days or undated, refresh with --live):`, ...e.stale.map((k) => `  - ${k} (${sourceOf(prices, k)})`));
    }
    if (e.unclassified.length > 0) {
        out.push(`Resource types neither priced nor known to be free (${e.unclassified.length}):`, ...e.unclassified.map((t) => `  - ${t}`));
    }
    out.push("Not counted:", ...e.notCounted.map((n) => `  - ${n}`));
    return out.join("\n");
}

function sourceOf(prices: PriceBook, key: string): string {
    const entry = prices.prices[key];
    if (!entry || "missing" in entry) return "missing";
    const s = prices.sources[entry.source];
    return `${s?.url ?? entry.source}, ${entry.date ?? s?.date ?? "undated"}`;
}

/** Per-stack cost difference between two sets of estimates (base and head of a pull request). */
export function diffCosts(base: readonly CostEstimate[], head: readonly CostEstimate[]): string {
    const stacks = [...new Set([...base, ...head].map((e) => e.stack))].sort();
    const signed = (n: number): string => `${n >= 0 ? "+" : "-"}${usd(Math.abs(n))}`;
    const out = ["| stack | base (min..max) | head (min..max) | change at min | change at max |", "|---|---|---|---|---|"];
    const changes: string[] = [];
    for (const stack of stacks) {
        const b = base.find((e) => e.stack === stack);
        const h = head.find((e) => e.stack === stack);
        const range = (e?: CostEstimate): string => (e ? (e.target === "onprem" ? "on-prem" : `${usd(e.total.min)}..${usd(e.total.max)}`) : "absent");
        const dMin = (h?.total.min ?? 0) - (b?.total.min ?? 0);
        const dMax = (h?.total.max ?? 0) - (b?.total.max ?? 0);
        out.push(`| ${stack} | ${range(b)} | ${range(h)} | ${signed(dMin)} | ${signed(dMax)} |`);
        if (b && h) {
            const key = (l: CostLine): string => `${l.category}|${l.priceKey}|${l.name.replace(/\d[\d,.]*\.\.\d[\d,.]*|x\d+/g, "")}`;
            const bl = new Map(b.lines.map((l) => [key(l), l]));
            for (const l of h.lines) {
                const o = bl.get(key(l));
                if (!o || o.unitsMin !== l.unitsMin || o.unitsMax !== l.unitsMax || o.usdPerUnit !== l.usdPerUnit) {
                    changes.push(
                        `- ${stack}: ${o ? `${o.name} -> ` : "new "}${l.name}: ${l.status === "priced" ? `${signed((l.monthlyMin ?? 0) - (o?.monthlyMin ?? 0))} at min, ${signed((l.monthlyMax ?? 0) - (o?.monthlyMax ?? 0))} at max` : "price missing"}`,
                    );
                }
                bl.delete(key(l));
            }
            for (const o of bl.values()) {
                changes.push(`- ${stack}: removed ${o.name}: ${o.status === "priced" ? `${signed(-(o.monthlyMin ?? 0))} at min, ${signed(-(o.monthlyMax ?? 0))} at max` : "price missing"}`);
            }
            const newMissing = h.missing.filter((m) => !b.missing.some((x) => x.key === m.key)).map((m) => m.key);
            if (newMissing.length > 0) changes.push(`- ${stack}: newly missing prices: ${newMissing.join(", ")}`);
        }
    }
    return [...out, "", ...(changes.length > 0 ? ["Changed lines:", ...changes] : ["No line changed."]), "", "Totals sum priced lines only; missing prices are listed by `npm run cost -- --stack <name>`."].join("\n");
}
