/**
 * The `aws` target: KMS keys, the VPC of R-NET-ZONES, S3 buckets, EKS with a node group per pool and AZ,
 * StorageClasses; then what every target deploys on its Kubernetes provider (`deployCommon`); with
 * `devana:waf`, the ALB and WAF edge in the DMZ (R-SEC-ZONES); with `devana:aws.replicaRegion`, the
 * cross-region replicas of the object store (R-STO-BACKUP).
 * One AWS provider (region from devana:aws.region) is created here and flows to every child; a
 * second one, for the replica region, only to the replica key and buckets.
 */
import { createHash } from "node:crypto";
import * as aws from "../components/aws/sdk";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/model";
import { POOL_NAMES } from "../config/defaults";
import { WORKLOAD_POOLS } from "../config/placement";
import { AwsCluster, type S3Workload } from "../components/cluster/aws-cluster";
import { nodeGroupSpec, reservedPodAddresses, zonalNodeGroups, type NodeGroupSpec } from "../components/cluster/aws-node-group";
import { workloadPlacement, type Placement } from "../components/k8s/placement";
import { AwsNetwork, carvePodSubnets, podPrefixesIn, withFlows } from "../components/network/aws-network";
import type { ZoneFlow } from "../components/devana/zone-flows";
import { TRAEFIK_PING } from "../components/platform/gateway";
import { AwsWafEdge, webAclNameFor } from "../components/edge/aws-waf-edge";
import { AwsCloudAlarms, cloudAlarmReceivers } from "../components/platform/aws-cloud-alarms";
import { AwsBuckets, bucketName } from "../components/storage/aws-buckets";
import { AwsAuditTrail, cloudTrailBucketStatements, trailArn, trailName } from "../components/security/aws-audit-trail";
import { AwsKeys } from "../components/security/aws-keys";
import { AwsReplication } from "../components/storage/aws-replication";
import { AwsStorageClasses, S3_CSI_SERVICE_ACCOUNT } from "../components/storage/aws-storage-classes";
import { APP_NAMES } from "../components/devana/app/common";
import { postgresNames } from "../components/devana/data/postgres";
import { cloudDataEndpoints, deployApp, zoneFlowsOf, type DataTierEndpoints } from "./app";
import { deployCommon, type StackOutputs } from "./common";
import { BACKUP_SERVICE_ACCOUNT, deployData, type DataTier } from "./data";
import { deployPlatform, gpuStackFor } from "./platform";

/** EKS cluster name of a stack: `devana-<stack>`, restricted to EKS' alphabet. */
export function clusterNameFor(stack: string): string {
    return `devana-${stack}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 100);
}

/**
 * Bucket name prefix: `devana-<stack>-<account>` when devana:aws.accountId is set (globally unique),
 * else `devana-<stack>-<region>-<hash of project, stack, region>`.
 */
export function bucketPrefixFor(project: string, stack: string, region: string, accountId?: string): string {
    const slug = (text: string): string =>
        text
            .toLowerCase()
            .replace(/[^a-z0-9-]/g, "-")
            .replace(/-+/g, "-")
            .replace(/^-|-$/g, "");
    if (accountId) {
        return `devana-${slug(stack).slice(0, 30)}-${accountId}`;
    }
    const hash = createHash("sha256").update(`${project}/${stack}/${region}`).digest("hex").slice(0, 8);
    return `devana-${slug(stack).slice(0, 20)}-${region}-${hash}`;
}

/**
 * Replica bucket name prefix, distinct from the primary one: `devana-<stack>-<account>-<replica
 * region>` when devana:aws.accountId is set, else `bucketPrefixFor` of the replica region.
 */
export function replicaBucketPrefixFor(project: string, stack: string, replicaRegion: string, accountId?: string): string {
    if (accountId) {
        // The primary prefix with the account, shortened so `-<region>-backups` still fits in 63 characters.
        return `${bucketPrefixFor(project, stack.slice(0, 16), replicaRegion, accountId)}-${replicaRegion}`;
    }
    return bucketPrefixFor(project, stack, replicaRegion);
}

/**
 * Service accounts that reach S3 through Pod Identity, named after the data and application tiers'
 * own pods: the API and Odin (user files), the PostgreSQL cluster (WAL archive and base backups
 * through the Barman Cloud plugin; CloudNativePG names the service account after the Cluster), the
 * snapshot jobs (backups). The Mountpoint CSI driver is bound separately.
 */
export const S3_SERVICE_ACCOUNTS = {
    api: { namespace: "app", name: APP_NAMES.api, bucket: "files" },
    odin: { namespace: "app", name: APP_NAMES.odin, bucket: "files" },
    postgresql: { namespace: "services", name: postgresNames().cluster, bucket: "backups" },
    snapshots: { namespace: "services", name: BACKUP_SERVICE_ACCOUNT, bucket: "backups" },
} as const;

/** What the AWS data tier tells the flow matrix about the object store: S3 through Pod Identity. */
export const AWS_OBJECT_STORE_NETWORK = { kind: "cloud", podIdentityAgent: true } as const;

/**
 * Issue 20: the zone flows the AWS network ACLs admit: the configuration's (`zoneFlowsOf`), plus,
 * with the WAF, the ALB's health checks of Traefik's /ping port from the DMZ (the ALB's target
 * group checks TRAEFIK_PING, not the gateway ports).
 */
export function awsZoneFlows(config: DevanaConfig): ZoneFlow[] {
    const flows = zoneFlowsOf(config, AWS_OBJECT_STORE_NETWORK);
    return config.waf.enabled ? withFlows(flows, [{ from: "dmz", to: "app", ports: [{ protocol: "TCP", port: TRAEFIK_PING.port }], ids: ["aws-alb-health-check"] }]) : flows;
}

/** The node groups of a configuration (enabled pools, POOL_NAMES order). */
export function awsNodeGroupSpecs(config: DevanaConfig): NodeGroupSpec[] {
    return POOL_NAMES.map((p) => config.nodePools[p])
        .filter((p) => p.enabled)
        .map(nodeGroupSpec);
}

/**
 * Issue 20: pod addresses per (zone, AZ) at every group's maximum size, against the /28 prefixes
 * of that zone's pod subnet in that AZ (VPC CNI prefix delegation). One message per short subnet.
 */
export function podCapacityProblems(groups: readonly NodeGroupSpec[], podCidr: string, vpcCidr: string, azs: readonly string[]): string[] {
    const problems: string[] = [];
    for (const subnet of carvePodSubnets(podCidr, vpcCidr, azs)) {
        const need = groups
            .filter((g) => g.zone === subnet.zone)
            .flatMap((g) =>
                zonalNodeGroups(g, azs)
                    .filter((z) => z.az === subnet.az)
                    .map((z) => z.scaling.maxSize * reservedPodAddresses(g.maxPods)),
            )
            .reduce((a, b) => a + b, 0);
        const have = podPrefixesIn(subnet.cidr) * 16;
        if (need > have) {
            problems.push(`pod subnet ${subnet.eniConfig} (${subnet.cidr}) offers ${have} pod addresses; the ${subnet.zone} node groups in ${subnet.az} need ${need} at maximum size`);
        }
    }
    return problems;
}

/** The application's view of the data tier on AWS: S3 through Pod Identity, no in-cluster object store. */
export function awsDataEndpoints(data: DataTier, region: string, filesBucket: string): DataTierEndpoints {
    // No static keys: the SDK finds the Pod Identity credentials.
    return cloudDataEndpoints(data, { kind: "s3", endpoint: `https://s3.${region}.amazonaws.com`, region, bucket: filesBucket }, AWS_OBJECT_STORE_NETWORK);
}

export interface AwsStackOutputs extends StackOutputs {
    readonly aws: {
        readonly region: string;
        readonly clusterName: pulumi.Output<string>;
        /** kubeconfig using `aws eks get-token` (no credentials inside). */
        readonly kubeconfig: pulumi.Output<string>;
        readonly vpcId: pulumi.Output<string>;
        readonly buckets: Readonly<Record<string, pulumi.Output<string>>>;
        readonly flowLogGroup: pulumi.Output<string>;
        readonly nodeGroups: Readonly<Record<string, pulumi.Output<string>>>;
        /** With devana:waf: point the public hosts at `albDnsName` (CNAME, or a Route 53 alias in `albZoneId`). */
        readonly edge?: {
            readonly albDnsName: pulumi.Output<string>;
            readonly albZoneId: pulumi.Output<string>;
            readonly webAclArn: pulumi.Output<string>;
            readonly wafLogGroup: pulumi.Output<string>;
        };
        /** With devana:aws.replicaRegion: where the copies of the files and backups buckets are. */
        readonly replication?: {
            readonly region: string;
            readonly buckets: Readonly<Record<string, string>>;
            readonly keyArn: pulumi.Output<string>;
        };
    };
}

export function deployAws(config: DevanaConfig, secrets: ConfigSecrets): AwsStackOutputs {
    const awsConfig = config.aws;
    if (!awsConfig) {
        throw new Error("devana:aws is required for the aws target");
    }
    const prefix = "devana";
    const clusterName = clusterNameFor(config.stack);
    const protect = config.protect;
    const providerFor = (name: string, region: string): aws.Provider =>
        new aws.Provider(name, {
            region: region as aws.Region,
            // With the account pinned, a run with credentials of another account fails before any change.
            allowedAccountIds: awsConfig.accountId ? [awsConfig.accountId] : undefined,
            defaultTags: { tags: { "devana.ai/stack": config.stack, "devana.ai/environment": config.environment, "managed-by": "pulumi" } },
        });
    const provider = providerFor(`${prefix}-aws`, awsConfig.region);
    const opts = { providers: [provider] };
    const waf = config.waf.enabled;

    // Issue 20: every zone's pods fit their pod subnets at maximum size, before anything is created.
    const nodeGroups = awsNodeGroupSpecs(config);
    const capacity = podCapacityProblems(nodeGroups, awsConfig.podCidr, config.network.cidr, awsConfig.availabilityZones);
    if (capacity.length > 0) {
        throw new Error(`devana:aws.podCidr is too small:\n  - ${capacity.join("\n  - ")}`);
    }

    const keys = new AwsKeys(`${prefix}-keys`, { aliasPrefix: clusterName, region: awsConfig.region, protect }, opts);

    const network = new AwsNetwork(
        `${prefix}-network`,
        {
            cidr: config.network.cidr,
            zones: config.network.zones,
            availabilityZones: awsConfig.availabilityZones,
            region: awsConfig.region,
            podCidr: awsConfig.podCidr,
            flows: awsZoneFlows(config),
            natGateways: awsConfig.natGateways ?? (config.environment === "prod" ? "perAz" : "single"),
            clusterName,
            logsKeyArn: keys.arns.logs,
            flowLogRetentionDays: config.audit.retentionDays,
            protect,
            // Issue 16: the self-hosted runners' and admins' ranges, through the Transit Gateway.
            deployer: awsConfig.deployer.transitGatewayId ? { cidrs: awsConfig.deployer.cidrs, transitGatewayId: awsConfig.deployer.transitGatewayId } : undefined,
        },
        opts,
    );

    const lifecycle = { backupRetentionDays: config.backup.retentionDays, auditRetentionDays: config.audit.retentionDays, userFileVersionDays: config.backup.weeklyRetentionDays };
    // Issue 17 (R-SEC-AUDIT): the CloudTrail trail writes into the audit bucket, whose policy admits it.
    const bucketPrefix = bucketPrefixFor(config.project, config.stack, awsConfig.region, awsConfig.accountId);
    const trail = { name: trailName(clusterName), partition: partitionOf(awsConfig.region) };
    const trailStatements = keys.accountId.apply((accountId) =>
        cloudTrailBucketStatements({ partition: trail.partition, bucketName: bucketName(bucketPrefix, "audit"), accountId, trailArn: trailArn(trail.partition, awsConfig.region, accountId, trail.name) }),
    );
    const buckets = new AwsBuckets(`${prefix}-buckets`, { namePrefix: bucketPrefix, kmsKeyArn: keys.arns.s3, lifecycle, protect, partition: trail.partition, auditPolicyStatements: trailStatements }, opts);
    new AwsAuditTrail(
        `${prefix}-audit-trail`,
        {
            trailName: trail.name,
            auditBucketName: buckets.bucketNames.audit,
            filesBucketName: buckets.bucketNames.files,
            kmsKeyArn: keys.arns.s3,
            partition: trail.partition,
            dependsOn: [buckets.policies.audit],
        },
        opts,
    );

    // R-STO-BACKUP geo-replication: files and backups copied to the replica region.
    const replicaRegion = awsConfig.replicaRegion;
    const replication = replicaRegion
        ? new AwsReplication(
              `${prefix}-replication`,
              {
                  sourceRegion: awsConfig.region,
                  replicaRegion,
                  replicaProvider: providerFor(`${prefix}-aws-replica`, replicaRegion),
                  replicaNamePrefix: replicaBucketPrefixFor(config.project, config.stack, replicaRegion, awsConfig.accountId),
                  sources: {
                      files: { bucketName: buckets.bucketNames.files, versioning: buckets.versioning.files },
                      backups: { bucketName: buckets.bucketNames.backups, versioning: buckets.versioning.backups },
                  },
                  sourceKeyArn: keys.arns.s3,
                  lifecycle,
                  aliasPrefix: clusterName,
                  account: { accountId: keys.accountId, partition: keys.partition },
                  partition: partitionOf(awsConfig.region),
                  protect,
              },
              opts,
          )
        : undefined;

    const namespaceOf = (ns: "app" | "services"): string => config.namespaces[ns];
    const s3Workloads: S3Workload[] = [
        ...Object.entries(S3_SERVICE_ACCOUNTS).map(([id, sa]) => ({ id, namespace: namespaceOf(sa.namespace), serviceAccount: sa.name, bucketArns: [buckets.arns[sa.bucket]] })),
        { id: "mountpoint-s3-csi", namespace: S3_CSI_SERVICE_ACCOUNT.namespace, serviceAccount: S3_CSI_SERVICE_ACCOUNT.name, bucketArns: [buckets.arns.files] },
    ];

    const cluster = new AwsCluster(
        `${prefix}-cluster`,
        {
            clusterName,
            kubernetesVersion: config.kubernetesVersion,
            region: awsConfig.region,
            vpcId: network.vpcId,
            subnetIds: network.subnetIds,
            availabilityZones: awsConfig.availabilityZones,
            availabilityZoneIds: awsConfig.availabilityZoneIds ? Object.fromEntries(awsConfig.availabilityZones.map((az, i) => [az, awsConfig.availabilityZoneIds![i]])) : undefined,
            podSubnets: network.podSubnets,
            coreDnsPlacement: coreDnsPlacement(config),
            keys: keys.arns,
            partition: keys.partition,
            auditRetentionDays: config.audit.retentionDays,
            publicAccessCidrs: awsConfig.apiEndpoint.public ? awsConfig.apiEndpoint.publicAccessCidrs : [],
            adminPrincipalArns: awsConfig.adminPrincipalArns,
            access: awsConfig.access,
            apiAccessCidrs: awsConfig.deployer.cidrs,
            apiPathDependsOn: network.deployerPath,
            nodeGroups,
            s3Workloads,
            protect,
        },
        opts,
    );

    const storage = new AwsStorageClasses(
        `${prefix}-storage`,
        {
            ebsKeyArn: keys.arns.ebs,
            s3KeyArn: keys.arns.s3,
            filesBucket: buckets.names.files,
            region: awsConfig.region,
            retainVolumes: protect,
            controllerNodeSelector: config.nodePools[WORKLOAD_POOLS.controllers].nodeLabels,
        },
        { providers: { kubernetes: cluster.provider } },
    );

    const common = deployCommon(config, secrets, cluster.provider);

    // The platform. With the WAF (R-SEC-ZONES), the gateway Service is ClusterIP and the ALB of the
    // edge below reaches Traefik's pods; Traefik's strict SNI is off, as the ALB sends no SNI.
    // Without it, the gateway's NLB in the DMZ subnets (tagged kubernetes.io/role/elb, named here
    // too) through the AWS Load Balancer Controller, with the TLS 1.3-only listener policy.
    const platform = deployPlatform(config, common, cluster.provider, {
        gpuStack: gpuStackFor("aws"),
        ...(waf
            ? { serviceType: "ClusterIP" as const, sniStrict: false, trustedProxies: [config.network.zones.dmz] }
            : { loadBalancer: { target: "aws" as const, dmzSubnets: pulumi.all(network.subnetIds.dmz).apply((ids) => ids.join(",")), certificateArn: awsConfig.certificateArn } }),
        storageClass: storage.classNames.standard,
        // The AL2023 NVIDIA AMI carries the driver.
        installGpuDriver: false,
        dependsOn: cluster.loadBalancerController ? [cluster.loadBalancerController, storage] : [storage],
    });

    let edge: AwsWafEdge | undefined;
    if (waf) {
        if (!awsConfig.certificateArn) {
            throw new Error("devana:aws.certificateArn is required with devana:waf");
        }
        edge = new AwsWafEdge(
            `${prefix}-edge`,
            {
                name: clusterName,
                vpcId: network.vpcId,
                dmzSubnetIds: network.subnetIds.dmz,
                podCidr: awsConfig.podCidr,
                // The ENIConfigs give pod ENIs the cluster security group.
                podSecurityGroupId: cluster.clusterSecurityGroupId,
                certificateArn: awsConfig.certificateArn,
                waf: { rateLimit: config.waf.rateLimit, maxBodyMiB: config.waf.maxBodyMiB },
                logs: { kmsKeyArn: keys.arns.logs, retentionDays: config.audit.retentionDays },
                account: { accountId: keys.accountId, partition: keys.partition, region: awsConfig.region },
                gateway: {
                    namespace: platform.gateway.namespace,
                    serviceName: platform.gateway.serviceName,
                    // TargetGroupBinding is the load balancer controller's CRD.
                    dependsOn: [platform.gateway.chart, ...(cluster.loadBalancerController ? [cluster.loadBalancerController] : [])],
                },
                acmeHttp01: config.tls.mode === "acme",
                protect,
            },
            { providers: [provider, cluster.provider] },
        );
    }

    // Issue 17: CloudWatch alarms on replication and the WAF, to the receivers of devana:alerting.routes.
    const alarmPairs = replication ? (["files", "backups"] as const).map((id) => ({ id, sourceBucket: buckets.bucketNames[id], replicaBucket: replication.replicaBucketNames[id] })) : [];
    if (Object.keys(cloudAlarmReceivers(config.alerting)).length > 0 && (alarmPairs.length > 0 || edge)) {
        new AwsCloudAlarms(
            `${prefix}-cloud-alarms`,
            {
                name: clusterName,
                region: awsConfig.region,
                account: { accountId: keys.accountId, partition: keys.partition },
                alerting: config.alerting,
                credentials: secrets,
                replication: alarmPairs,
                waf: edge ? { webAclName: webAclNameFor(clusterName), blockedThreshold: config.waf.rateLimit } : undefined,
                protect,
            },
            opts,
        );
    }

    // Data tier on the EBS StorageClasses; WAL archive, base backups and snapshots in the backups
    // bucket through Pod Identity (no keys; the bucket's default SSE-KMS with our key applies).
    const data = deployData(config, common, cluster.provider, {
        storageClasses: { fast: storage.classNames.fastSsd, bulk: storage.classNames.standard },
        objectStore: {
            kind: "cloud",
            backups: {
                kind: "s3",
                region: awsConfig.region,
                bucket: buckets.bucketNames.backups,
                forcePathStyle: false,
                provider: "AWS",
                // The annotation only makes the data tier create the snapshot jobs' ServiceAccount,
                // which Pod Identity (S3_SERVICE_ACCOUNTS.snapshots) binds to its role.
                auth: { kind: "workloadIdentity", serviceAccountAnnotations: { "devana.ai/aws-credentials": "eks-pod-identity" } },
            },
        },
        dependsOn: [storage, platform.certManager],
    });

    // Application and AI tiers on S3 (user files in the files bucket) instead of the in-cluster store.
    deployApp(config, secrets, common, cluster.provider, {
        data: awsDataEndpoints(data, awsConfig.region, buckets.bucketNames.files),
        modelCacheStorageClass: storage.classNames.standard,
        dependsOn: [platform.certManager, ...data.ready],
    });

    return {
        ...common.outputs,
        aws: {
            region: awsConfig.region,
            clusterName: cluster.clusterName,
            kubeconfig: cluster.kubeconfig,
            vpcId: network.vpcId,
            buckets: buckets.names,
            flowLogGroup: network.flowLogGroupName,
            nodeGroups: cluster.nodeGroupNames,
            ...(edge ? { edge: { albDnsName: edge.albDnsName, albZoneId: edge.albZoneId, webAclArn: edge.webAclArn, wafLogGroup: edge.wafLogGroupName } } : {}),
            ...(replication && replicaRegion ? { replication: { region: replicaRegion, buckets: replication.replicaBucketNames, keyArn: replication.replicaKeyArn } } : {}),
        },
    };
}

/** Issue 20: CoreDNS where the zone flows put cluster DNS (the monitoring workload's pool, Management). */
export function coreDnsPlacement(config: DevanaConfig): Placement {
    return workloadPlacement(config.nodePools, "monitoring");
}

/** AWS partition of a region, without a cloud call. */
export function partitionOf(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}
