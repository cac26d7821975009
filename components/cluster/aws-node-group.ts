/**
 * AwsNodeGroup: one EKS managed node group of a `devana:nodePools` pool, with its launch template
 * (KMS-encrypted gp3 root volume, IMDSv2 required, AL2023 NodeConfig). The shape of each group is
 * the pure `nodeGroupSpec`, tested without Pulumi.
 */
import * as aws from "../aws/sdk";
import * as pulumi from "@pulumi/pulumi";
import type { NodeZone, PoolName } from "../../config/defaults";
import type { ResolvedPool, Taint } from "../../config/model";
import { eniConfigName } from "../network/aws-network";
import { splitBounds } from "./pool-bounds";

/**
 * Issue 20: the node label whose value names the node's ENIConfig (ENI_CONFIG_LABEL_DEF of the
 * VPC CNI): `<zone>-<az>`, so a node's pods take addresses from its zone's pod subnet in its AZ.
 */
export const ENI_CONFIG_LABEL = "devana.ai/eni-config";

/** Root volume per pool, GiB: GPU nodes hold multi-GB serving images and the model cache. */
export const ROOT_VOLUME_GIB: Readonly<Record<PoolName, number>> = { compute: 100, services: 100, gpuLlm: 500, gpuEmbed: 200, data: 100, management: 100 };

const TAINT_EFFECTS: Record<Taint["effect"], string> = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" };

/** EKS's node-group taint effect for a Kubernetes taint effect. */
export function eksTaintEffect(effect: Taint["effect"]): string {
    return TAINT_EFFECTS[effect];
}

/** vCPUs of an EC2 size (`large` 2, `xlarge` 4, `Nxlarge` 4N); `metal` sizes count as large. */
export function vcpusOf(instanceType: string): number {
    const size = instanceType.split(".")[1] ?? "";
    if (size === "medium") return 1;
    if (size === "large") return 2;
    if (size === "xlarge") return 4;
    const m = /^(\d+)xlarge$/.exec(size);
    if (m) return 4 * Number(m[1]);
    return size.startsWith("metal") ? 96 : 2;
}

/** Graviton (arm64) families carry a `g` after the generation digit (m7g, c7gn, i4g, g5g; not g6, p5). */
export function isArm(instanceType: string): boolean {
    const family = instanceType.split(".")[0];
    if (family === "a1") return true;
    const m = /^[a-z]+\d+([a-z-]*)$/.exec(family);
    return m !== null && m[1].includes("g");
}

/**
 * Pods per node with VPC CNI prefix delegation: ENIs then hold far more addresses than kubelet
 * should run pods, so EKS' recommended caps apply: 110 below 30 vCPUs, 250 from 30 vCPUs.
 */
export function maxPodsFor(instanceType: string): number {
    return vcpusOf(instanceType) < 30 ? 110 : 250;
}

/** WARM_PREFIX_TARGET of the VPC CNI: one spare /28 per node so new pods start without an EC2 call. */
export const WARM_PREFIXES = 1;

/** Pod-subnet addresses a full node holds with prefix delegation: its pods' /28s plus the warm one. */
export function reservedPodAddresses(maxPods: number): number {
    return (Math.ceil(maxPods / 16) + WARM_PREFIXES) * 16;
}

export interface NodeGroupSpec {
    readonly pool: PoolName;
    /** R-NET-ZONES zone of the pool's nodes (subnets and pod subnets). */
    readonly zone: NodeZone;
    readonly amiType: string;
    readonly instanceTypes: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly { key: string; value: string; effect: string }[];
    readonly scaling: { readonly minSize: number; readonly maxSize: number; readonly desiredSize: number };
    readonly rootVolumeGiB: number;
    readonly maxPods: number;
    /** RAID0 the instance-store NVMe disks for containerd and kubelet (data and GPU pools). */
    readonly localNvme: boolean;
    /** AZ names the group's subnets are in (a subset of the stack's when the type is offered in fewer AZs). */
    readonly availabilityZones?: readonly string[];
    /** A GPU pool: updated with the MINIMAL strategy (no surge instances of scarce types). */
    readonly gpu: boolean;
}

/**
 * EKS node-group update settings. GPU groups use MINIMAL: DEFAULT launches up to twice as many new
 * instances as AZs before draining old ones, which scarce GPU types (and their quota) cannot absorb.
 */
export function nodeGroupUpdateConfig(spec: Pick<NodeGroupSpec, "gpu">): { maxUnavailable: number; updateStrategy: "MINIMAL" | "DEFAULT" } {
    return { maxUnavailable: 1, updateStrategy: spec.gpu ? "MINIMAL" : "DEFAULT" };
}

/** The managed node group of a pool (pure). */
export function nodeGroupSpec(pool: ResolvedPool): NodeGroupSpec {
    if (!pool.machineType) {
        throw new Error(`node pool ${pool.name} has no machine type`);
    }
    const arm = isArm(pool.machineType);
    const amiType = pool.gpu ? (arm ? "AL2023_ARM_64_NVIDIA" : "AL2023_x86_64_NVIDIA") : arm ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
    return {
        pool: pool.name,
        zone: pool.zone,
        amiType,
        instanceTypes: [pool.machineType],
        labels: { ...pool.nodeLabels, ...(pool.gpu ? { "nvidia.com/gpu.present": "true", "devana.ai/gpu": pool.gpu.kind } : {}) },
        taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: eksTaintEffect(t.effect) })),
        scaling: { minSize: pool.minSize, maxSize: pool.maxSize, desiredSize: pool.desiredSize },
        rootVolumeGiB: ROOT_VOLUME_GIB[pool.name],
        maxPods: maxPodsFor(pool.machineType),
        localNvme: pool.name === "data" || pool.name === "gpuLlm" || pool.name === "gpuEmbed",
        availabilityZones: pool.availabilityZones,
        gpu: pool.gpu !== undefined,
    };
}

/** One EKS managed node group of a pool in one AZ (issue 20). */
export interface ZonalNodeGroup {
    /** Stable id `<pool>-<az>`: the child name suffix. */
    readonly id: string;
    readonly az: string;
    /** The ENIConfig its nodes select through ENI_CONFIG_LABEL. */
    readonly eniConfig: string;
    /** The pool's labels plus ENI_CONFIG_LABEL. */
    readonly labels: Readonly<Record<string, string>>;
    readonly scaling: { readonly minSize: number; readonly maxSize: number; readonly desiredSize: number };
}

/**
 * Issue 20: a pool as one managed node group per AZ (a node label must carry the AZ for the
 * ENIConfig; AWS also recommends one group per AZ for the cluster autoscaler with zonal EBS
 * volumes). The pool's bounds are split over its AZs, remainders to the first; only the first
 * `maxSize` AZs get a group (EKS needs maxSize >= 1 per group, and no AZ gets a node the pool's
 * bounds do not pay for): min and desired sum exactly to the pool's.
 */
export function zonalNodeGroups(spec: Pick<NodeGroupSpec, "pool" | "zone" | "labels" | "scaling" | "availabilityZones">, stackAzs: readonly string[]): ZonalNodeGroup[] {
    const azs = (spec.availabilityZones ?? stackAzs).slice(0, Math.max(1, spec.scaling.maxSize));
    const bounds = splitBounds(spec.scaling, azs.length, { atLeastOne: false });
    return azs.map((az, i) => {
        const eniConfig = eniConfigName(spec.zone, az);
        return {
            id: `${spec.pool}-${az}`,
            az,
            eniConfig,
            labels: { ...spec.labels, [ENI_CONFIG_LABEL]: eniConfig },
            scaling: { minSize: bounds[i].minCount, maxSize: bounds[i].maxCount, desiredSize: bounds[i].count },
        };
    });
}

/**
 * AL2023 user data for a managed node group: a MIME part with a nodeadm NodeConfig that EKS merges
 * with its own (cluster endpoint and CA come from EKS). Sets max pods for prefix delegation and,
 * where asked, RAID0 over the instance-store NVMe disks.
 */
export function nodeUserData(spec: Pick<NodeGroupSpec, "maxPods" | "localNvme">): string {
    const nodeConfig = [
        "apiVersion: node.eks.aws/v1alpha1",
        "kind: NodeConfig",
        "spec:",
        ...(spec.localNvme ? ["  instance:", "    localStorage:", "      strategy: RAID0"] : []),
        "  kubelet:",
        "    config:",
        `      maxPods: ${spec.maxPods}`,
    ].join("\n");
    return ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="BOUNDARY"', "", "--BOUNDARY", "Content-Type: application/node.eks.aws", "", "---", nodeConfig, "", "--BOUNDARY--", ""].join("\n");
}

export interface AwsNodeGroupArgs {
    /** The pool's shape, from `nodeGroupSpec`. */
    readonly spec: NodeGroupSpec;
    /** The group's AZ, labels and bounds, from `zonalNodeGroups`. */
    readonly zonal: ZonalNodeGroup;
    /** EKS cluster the group joins. */
    readonly clusterName: pulumi.Input<string>;
    /** Kubernetes minor version of the nodes (the cluster's). */
    readonly kubernetesVersion: pulumi.Input<string>;
    /** IAM role of the nodes (EKS creates its EC2_LINUX access entry). */
    readonly nodeRoleArn: pulumi.Input<string>;
    /** The pool's zone's subnet in the group's AZ. */
    readonly subnetIds: pulumi.Input<string>[];
    /** EBS key ARN for the root volume. */
    readonly ebsKeyArn: pulumi.Input<string>;
}

/** A managed node group and its launch template; pass the AWS provider in `opts.providers`. */
export class AwsNodeGroup extends pulumi.ComponentResource {
    public readonly nodeGroupName: pulumi.Output<string>;
    public readonly nodeGroup: aws.eks.NodeGroup;

    constructor(name: string, args: AwsNodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:cluster:AwsNodeGroup", name, {}, opts);
        const { spec, zonal } = args;
        const template = new aws.ec2.LaunchTemplate(
            `${name}-lt`,
            {
                description: `Devana node pool ${spec.pool}`,
                updateDefaultVersion: true,
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { volumeSize: spec.rootVolumeGiB, volumeType: "gp3", iops: 3000, throughput: 125, encrypted: "true", kmsKeyId: args.ebsKeyArn, deleteOnTermination: "true" },
                    },
                ],
                // IMDSv2 only, and one hop: pods cannot reach the node's instance credentials.
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
                monitoring: { enabled: true },
                userData: Buffer.from(nodeUserData(spec)).toString("base64"),
                tagSpecifications: [
                    { resourceType: "instance", tags: { Name: name, "devana.ai/pool": spec.pool, "devana.ai/zone": spec.zone } },
                    { resourceType: "volume", tags: { Name: name, "devana.ai/pool": spec.pool, "devana.ai/zone": spec.zone } },
                ],
            },
            { parent: this },
        );
        this.nodeGroup = new aws.eks.NodeGroup(
            `${name}-ng`,
            {
                clusterName: args.clusterName,
                version: args.kubernetesVersion,
                nodeRoleArn: args.nodeRoleArn,
                subnetIds: args.subnetIds,
                amiType: spec.amiType,
                capacityType: "ON_DEMAND",
                instanceTypes: [...spec.instanceTypes],
                labels: { ...zonal.labels },
                taints: spec.taints.map((t) => ({ ...t })),
                scalingConfig: { ...zonal.scaling },
                updateConfig: nodeGroupUpdateConfig(spec),
                launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
                tags: { "devana.ai/pool": spec.pool, "devana.ai/zone": spec.zone },
            },
            // The cluster autoscaler (AwsCluster installs it) owns the desired size once the group
            // exists, where it can change it: only when min and max differ (design convention 9).
            { parent: this, ignoreChanges: zonal.scaling.minSize < zonal.scaling.maxSize ? ["scalingConfig.desiredSize"] : [] },
        );
        this.nodeGroupName = this.nodeGroup.nodeGroupName;
        this.registerOutputs({ nodeGroupName: this.nodeGroupName });
    }
}
