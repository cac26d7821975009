/**
 * AwsCluster: EKS with KMS envelope encryption, every control-plane log type into a KMS-encrypted
 * log group we own, access entries only (no aws-auth ConfigMap), the managed add-ons (VPC CNI with
 * custom networking and prefix delegation, kube-proxy, CoreDNS, Pod Identity agent, EBS CSI), the
 * managed node groups of `devana:nodePools`, Pod Identity roles for the add-ons and the Devana
 * workloads, the AWS Load Balancer Controller, and the Kubernetes provider for the rest of the stack.
 */
import * as aws from "../aws/sdk";
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { EKS_SERVICE_CIDR, type ZoneName } from "../../config/defaults";
import { CHARTS } from "../../config/versions";
import { cloudWatchRetentionDays } from "../network/aws-network";
import { clusterAutoscalerPolicy, kmsUsePolicy, loadBalancerControllerPolicy, MANAGED_POLICIES, managedPolicyArn, podIdentityTrust, s3ReadWritePolicy, serviceTrust } from "../aws/iam";
import { ClusterAutoscaler } from "./aws-cluster-autoscaler";
import { AwsNodeGroup, ENI_CONFIG_LABEL, zonalNodeGroups, type NodeGroupSpec } from "./aws-node-group";
import { AwsOfferingCheck } from "./aws-offerings";
import { apiIngressRules, eksAccessEntries, type EksAccessInput } from "./aws-access";
import { placementSpec, requiredNodeAffinity, type Placement } from "../k8s/placement";

/** All five EKS control-plane log types; `audit` is the R-SEC-AUDIT trail of the Kubernetes API. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** Kubernetes Service range; outside R-NET-ZONES and the pod CIDR. */
export const SERVICE_CIDR = EKS_SERVICE_CIDR;

/** Service accounts of the add-ons bound to IAM roles through Pod Identity. */
export const ADDON_SERVICE_ACCOUNTS = {
    ebsCsi: { namespace: "kube-system", name: "ebs-csi-controller-sa" },
    loadBalancerController: { namespace: "kube-system", name: "aws-load-balancer-controller" },
    clusterAutoscaler: { namespace: "kube-system", name: "cluster-autoscaler" },
} as const;

/**
 * VPC CNI settings: pods in their zone's pod subnet of their AZ (issue 20: the ENIConfig named by
 * the node's ENI_CONFIG_LABEL, `<zone>-<az>`), /28 prefixes, NetworkPolicy enforcement.
 */
export function vpcCniConfiguration(): Record<string, unknown> {
    return {
        env: {
            AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true",
            ENI_CONFIG_LABEL_DEF: ENI_CONFIG_LABEL,
            ENABLE_PREFIX_DELEGATION: "true",
            WARM_PREFIX_TARGET: "1",
        },
        enableNetworkPolicy: "true",
    };
}

/**
 * Issue 20: the coredns add-on's configuration values: its pods on the Management pool, as a
 * required node affinity on the pool's labels (plus its tolerations). `affinity` and `tolerations`
 * are keys of the add-on's configuration schema (AWS blog "Amazon EKS add-ons: advanced
 * configuration"; `aws eks describe-addon-configuration --addon-name coredns` lists them).
 */
export function coreDnsConfiguration(placement: Placement): Record<string, unknown> {
    const { tolerations } = placementSpec(placement);
    return {
        affinity: requiredNodeAffinity([placement.nodeSelector]),
        ...(tolerations.length > 0 ? { tolerations } : {}),
    };
}

/** kubeconfig that authenticates with `aws eks get-token` (the deployer's AWS credentials). */
export function kubeconfigFor(clusterName: string, endpoint: string, caData: string, region: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": caData } }],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
        "current-context": clusterName,
        users: [
            {
                name: clusterName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"],
                    },
                },
            },
        ],
    });
}

export interface S3Workload {
    /** Stable id, used in child names. */
    readonly id: string;
    /** Namespace of the workload's ServiceAccount. */
    readonly namespace: string;
    /** ServiceAccount the pods run under (it need not exist yet). */
    readonly serviceAccount: string;
    /** Buckets the workload reads and writes (with the S3 key). */
    readonly bucketArns: readonly pulumi.Input<string>[];
}

export interface AwsClusterArgs {
    /** EKS cluster name; also names the log group `/aws/eks/<name>/cluster`. */
    readonly clusterName: string;
    /** devana:kubernetesVersion. */
    readonly kubernetesVersion: string;
    /** Region, for the kubeconfig and the load balancer controller. */
    readonly region: string;
    /** VPC of the cluster (the load balancer controller needs it: pods cannot reach IMDS). */
    readonly vpcId: pulumi.Input<string>;
    /** Subnet ids per zone (each in AZ order). */
    readonly subnetIds: Readonly<Record<ZoneName, pulumi.Input<string>[]>>;
    /** AZ names in the order of `subnetIds`; node groups with their own AZs take only those subnets. */
    readonly availabilityZones: readonly string[];
    /** devana:aws.availabilityZoneIds by AZ name, checked live against this account. @default unchecked */
    readonly availabilityZoneIds?: Readonly<Record<string, string>>;
    /** Check the node groups' instance types against live EC2 offerings before creating them. @default true */
    readonly checkOfferings?: boolean;
    /** Issue 20: pod subnets per (zone, AZ) with their ENIConfig names (VPC CNI custom networking). */
    readonly podSubnets: readonly { readonly eniConfig: string; readonly id: pulumi.Input<string> }[];
    /** Issue 20: CoreDNS on the Management pool (the zone flows put cluster DNS there). @default anywhere */
    readonly coreDnsPlacement?: Placement;
    /** KMS key ARNs. */
    readonly keys: { readonly eks: pulumi.Input<string>; readonly ebs: pulumi.Input<string>; readonly s3: pulumi.Input<string>; readonly logs: pulumi.Input<string> };
    /** AWS partition (`aws`, `aws-cn`, `aws-us-gov`) for managed policy ARNs. */
    readonly partition: pulumi.Input<string>;
    /** devana:audit.retentionDays: control-plane log retention (rounded up to a CloudWatch value). */
    readonly auditRetentionDays: number;
    /** Public API endpoint, only from these CIDRs. @default private only */
    readonly publicAccessCidrs?: readonly string[];
    /** IAM principals made cluster admins through access entries. @default [] */
    readonly adminPrincipalArns?: readonly string[];
    /**
     * Issue 16: the pipeline's and break-glass roles (`devana:aws.access`). With a deploy role, EKS
     * creates no implicit creator entry: the deploy role's entry is explicit. @default {}
     */
    readonly access?: Omit<EksAccessInput, "adminPrincipalArns">;
    /** Issue 16: ranges that reach the API on TCP 443 through the cluster security group. @default [] */
    readonly apiAccessCidrs?: readonly string[];
    /** Issue 16: what the deployer's path to the API needs first (Transit Gateway attachment, routes). @default [] */
    readonly apiPathDependsOn?: readonly pulumi.Resource[];
    /** The node groups, from `nodeGroupSpec`. */
    readonly nodeGroups: readonly NodeGroupSpec[];
    /** Workloads that read and write S3 buckets through Pod Identity. @default [] */
    readonly s3Workloads?: readonly S3Workload[];
    /** Install the AWS Load Balancer Controller. @default true */
    readonly loadBalancerController?: boolean;
    /** Protect the cluster and its log group; turns on EKS deletion protection. @default false */
    readonly protect?: boolean;
}

/** EKS and everything it needs before workloads; pass the AWS provider in `opts.providers`. */
export class AwsCluster extends pulumi.ComponentResource {
    public readonly clusterName: pulumi.Output<string>;
    public readonly endpoint: pulumi.Output<string>;
    public readonly kubeconfig: pulumi.Output<string>;
    /** Kubernetes provider for the rest of the stack; its resources wait for the nodes and core add-ons. */
    public readonly provider: k8s.Provider;
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    public readonly nodeGroupNames: Readonly<Record<string, pulumi.Output<string>>>;
    /** IAM role ARNs bound through Pod Identity, by add-on or workload id. */
    public readonly podRoleArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** The AWS Load Balancer Controller release: Services of type LoadBalancer wait for it. */
    public readonly loadBalancerController?: k8s.helm.v4.Chart;

    constructor(name: string, args: AwsClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:cluster:AwsCluster", name, {}, opts);
        const protect = args.protect ?? false;
        const partition = pulumi.output(args.partition);
        const policyArn = (p: string): pulumi.Output<string> => partition.apply((part) => managedPolicyArn(part, p));

        // Control-plane logs: the group exists (KMS, retention) before EKS would create its own.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane`,
            { name: `/aws/eks/${args.clusterName}/cluster`, kmsKeyId: args.keys.logs, retentionInDays: cloudWatchRetentionDays(args.auditRetentionDays) },
            { parent: this, protect },
        );

        const clusterRole = new aws.iam.Role(`${name}-cluster`, { assumeRolePolicy: JSON.stringify(serviceTrust("eks.amazonaws.com", true)) }, { parent: this });
        const clusterRoleDeps: pulumi.Resource[] = MANAGED_POLICIES.cluster.map((p) => new aws.iam.RolePolicyAttachment(`${name}-cluster-${p}`, { role: clusterRole.name, policyArn: policyArn(p) }, { parent: this }));
        clusterRoleDeps.push(new aws.iam.RolePolicy(`${name}-cluster-kms`, { role: clusterRole.name, policy: pulumi.output(args.keys.eks).apply((arn) => JSON.stringify(kmsUsePolicy([arn], true))) }, { parent: this }));

        const publicCidrs = args.publicAccessCidrs ?? [];
        const cluster = new aws.eks.Cluster(
            `${name}-eks`,
            {
                name: args.clusterName,
                version: args.kubernetesVersion,
                roleArn: clusterRole.arn,
                vpcConfig: {
                    // Control-plane ENIs in the Management zone.
                    subnetIds: args.subnetIds.management,
                    endpointPrivateAccess: true,
                    endpointPublicAccess: publicCidrs.length > 0,
                    publicAccessCidrs: publicCidrs.length > 0 ? [...publicCidrs] : undefined,
                },
                // With an explicit deploy role, no implicit creator entry (it would collide with ours).
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: args.access?.deployRoleArn === undefined },
                encryptionConfig: { provider: { keyArn: args.keys.eks }, resources: ["secrets"] },
                enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
                kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: SERVICE_CIDR },
                // We install and own every add-on below (VPC CNI needs our configuration before nodes join).
                bootstrapSelfManagedAddons: false,
                deletionProtection: protect,
            },
            { parent: this, protect, dependsOn: [logGroup, ...clusterRoleDeps] },
        );
        const clusterName = cluster.name;

        // One access entry and cluster-scoped policy per principal (issue 16: deploy, preview, break-glass, admins).
        const deployAccess: pulumi.Resource[] = [];
        for (const spec of eksAccessEntries({ ...args.access, adminPrincipalArns: args.adminPrincipalArns })) {
            const entry = new aws.eks.AccessEntry(`${name}-${spec.id}`, { clusterName, principalArn: spec.principalArn, type: "STANDARD" }, { parent: this });
            const association = new aws.eks.AccessPolicyAssociation(`${name}-${spec.id}`, { clusterName, principalArn: spec.principalArn, policyArn: spec.policyArn, accessScope: { type: "cluster" } }, { parent: this, dependsOn: [entry] });
            if (spec.purpose === "deploy") {
                deployAccess.push(entry, association);
            }
        }

        // Node role: EKS creates its EC2_LINUX access entry when the node groups are created.
        const nodeRole = new aws.iam.Role(`${name}-node`, { assumeRolePolicy: JSON.stringify(serviceTrust("ec2.amazonaws.com")) }, { parent: this });
        const nodeRoleDeps = MANAGED_POLICIES.node.map((p) => new aws.iam.RolePolicyAttachment(`${name}-node-${p}`, { role: nodeRole.name, policyArn: policyArn(p) }, { parent: this }));

        // Add-ons the nodes need to join and get pod addresses.
        const addon = (addonName: string, extra: Partial<aws.eks.AddonArgs> = {}, deps: pulumi.Resource[] = []): aws.eks.Addon =>
            new aws.eks.Addon(`${name}-${addonName}`, { clusterName, addonName, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE", ...extra }, { parent: this, dependsOn: deps });
        const vpcCni = addon("vpc-cni", { configurationValues: JSON.stringify(vpcCniConfiguration()) });
        const kubeProxy = addon("kube-proxy");
        const podIdentityAgent = addon("eks-pod-identity-agent");

        const caData = cluster.certificateAuthority.apply((ca) => ca.data ?? "");
        this.kubeconfig = pulumi.all([clusterName, cluster.endpoint, caData]).apply(([n, e, ca]) => kubeconfigFor(n, e, ca, args.region));
        this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? "");

        // Issue 16: exactly 443 from the deployer ranges to the API's ENIs (EKS' cluster security
        // group admits only itself). The Kubernetes providers wait for this path and the deploy
        // role's access, so the first run's first API call already goes through.
        const apiIngress = apiIngressRules(args.apiAccessCidrs ?? []).map(
            (r) =>
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-api-from-${r.id}`,
                    { securityGroupId: this.clusterSecurityGroupId, cidrIpv4: r.cidrIpv4, ipProtocol: r.ipProtocol, fromPort: r.fromPort, toPort: r.toPort, description: r.description },
                    { parent: this },
                ),
        );
        const apiPath = [...apiIngress, ...(args.apiPathDependsOn ?? []), ...deployAccess];

        // Issue 20: an ENIConfig per (zone, AZ): the pod subnet and security group of pods on the
        // zone's nodes in that AZ, selected by the nodes' ENI_CONFIG_LABEL.
        const bootstrapProvider = new k8s.Provider(`${name}-bootstrap`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this, dependsOn: apiPath });
        const eniConfigs = args.podSubnets.map(
            (p) =>
                new k8s.apiextensions.CustomResource(
                    `${name}-eniconfig-${p.eniConfig}`,
                    {
                        apiVersion: "crd.k8s.amazonaws.com/v1alpha1",
                        kind: "ENIConfig",
                        metadata: { name: p.eniConfig },
                        spec: { subnet: p.id, securityGroups: [this.clusterSecurityGroupId] },
                    },
                    { parent: this, provider: bootstrapProvider, dependsOn: [vpcCni] },
                ),
        );

        // Live offerings (issue 15): a type missing in a pool's AZ fails the run before any node group exists.
        const offeringCheck =
            (args.checkOfferings ?? true)
                ? new AwsOfferingCheck(
                      `${name}-offerings`,
                      {
                          region: args.region,
                          pools: args.nodeGroups.map((g) => ({ pool: g.pool, instanceType: g.instanceTypes[0], availabilityZones: g.availabilityZones ?? args.availabilityZones })),
                          configuredZoneIds: args.availabilityZoneIds,
                      },
                      { parent: this },
                  )
                : undefined;
        // Issue 20: the pool's zone's subnet in the group's AZ (one group per pool and AZ).
        const subnetOf = (spec: NodeGroupSpec, az: string): pulumi.Input<string> => {
            const index = args.availabilityZones.indexOf(az);
            if (index < 0) {
                throw new Error(`node pool ${spec.pool}: availability zone ${az} is not one of the stack's`);
            }
            const id = args.subnetIds[spec.zone][index];
            return offeringCheck ? pulumi.all([offeringCheck.verified, id]).apply(([, v]) => v) : id;
        };
        const nodeGroups: { spec: NodeGroupSpec; group: AwsNodeGroup }[] = [];
        const nodeGroupNames: Record<string, pulumi.Output<string>> = {};
        for (const spec of args.nodeGroups) {
            for (const zonal of zonalNodeGroups(spec, args.availabilityZones)) {
                const group = new AwsNodeGroup(
                    `${name}-${zonal.id}`,
                    {
                        spec,
                        zonal,
                        clusterName,
                        kubernetesVersion: cluster.version,
                        nodeRoleArn: nodeRole.arn,
                        subnetIds: [subnetOf(spec, zonal.az)],
                        ebsKeyArn: args.keys.ebs,
                    },
                    { parent: this, dependsOn: [...nodeRoleDeps, vpcCni, kubeProxy, podIdentityAgent, ...eniConfigs] },
                );
                nodeGroups.push({ spec, group });
                nodeGroupNames[zonal.id] = group.nodeGroupName;
            }
        }

        // Pod Identity roles.
        const podRoleArns: Record<string, pulumi.Output<string>> = {};
        const podRole = (id: string, policies: { inline?: pulumi.Input<string>; managed?: readonly string[] }): aws.iam.Role => {
            const role = new aws.iam.Role(`${name}-${id}`, { assumeRolePolicy: JSON.stringify(podIdentityTrust()) }, { parent: this });
            if (policies.inline) {
                new aws.iam.RolePolicy(`${name}-${id}`, { role: role.name, policy: policies.inline }, { parent: this });
            }
            for (const p of policies.managed ?? []) {
                new aws.iam.RolePolicyAttachment(`${name}-${id}-${p.split("/").pop()}`, { role: role.name, policyArn: policyArn(p) }, { parent: this });
            }
            podRoleArns[id] = role.arn;
            return role;
        };
        const associate = (id: string, role: aws.iam.Role, sa: { namespace: string; name: string }): aws.eks.PodIdentityAssociation =>
            new aws.eks.PodIdentityAssociation(`${name}-${id}`, { clusterName, namespace: sa.namespace, serviceAccount: sa.name, roleArn: role.arn }, { parent: this, dependsOn: [podIdentityAgent] });

        const ebsCsiRole = podRole("ebs-csi", {
            managed: MANAGED_POLICIES.ebsCsi,
            inline: pulumi.output(args.keys.ebs).apply((arn) => JSON.stringify(kmsUsePolicy([arn], true))),
        });
        // CoreDNS, the EBS CSI driver and the Kubernetes provider wait for the compute and data pools
        // only: a GPU pool without capacity then degrades the AI tier instead of blocking the stack.
        const afterNodes = nodeGroups.filter((g) => !g.spec.gpu).map((g) => g.group.nodeGroup);
        // Issue 20: cluster DNS in Management (the zone flows open DNS to that zone only).
        const coreDns = addon("coredns", args.coreDnsPlacement ? { configurationValues: JSON.stringify(coreDnsConfiguration(args.coreDnsPlacement)) } : {}, afterNodes);
        const ebsCsi = addon("aws-ebs-csi-driver", { podIdentityAssociations: [{ roleArn: ebsCsiRole.arn, serviceAccount: ADDON_SERVICE_ACCOUNTS.ebsCsi.name }] }, [...afterNodes, podIdentityAgent]);

        const autoscalerRole = podRole("cluster-autoscaler", { inline: JSON.stringify(clusterAutoscalerPolicy(args.clusterName)) });
        const autoscalerAssociation = associate("cluster-autoscaler", autoscalerRole, ADDON_SERVICE_ACCOUNTS.clusterAutoscaler);

        for (const w of args.s3Workloads ?? []) {
            const role = podRole(`s3-${w.id}`, {
                inline: pulumi.all([pulumi.all([...w.bucketArns]), args.keys.s3]).apply(([buckets, key]) => JSON.stringify(s3ReadWritePolicy(buckets, key))),
            });
            associate(`s3-${w.id}`, role, { namespace: w.namespace, name: w.serviceAccount });
        }

        // The Kubernetes provider of the stack: its resources wait for nodes, DNS and the storage driver.
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this, dependsOn: [...afterNodes, coreDns, ebsCsi, ...apiPath] });

        // The node groups' desired sizes are left to it (AwsNodeGroup ignores them where min < max).
        const computeSpec = args.nodeGroups.find((g) => g.pool === "compute");
        new ClusterAutoscaler(
            `${name}-cluster-autoscaler`,
            {
                clusterName,
                region: args.region,
                nodeSelector: computeSpec?.labels ?? {},
                serviceAccount: ADDON_SERVICE_ACCOUNTS.clusterAutoscaler,
                dependsOn: [autoscalerAssociation],
            },
            { parent: this, providers: { kubernetes: this.provider } },
        );

        if (args.loadBalancerController ?? true) {
            const lbcRole = podRole("load-balancer-controller", { inline: partition.apply((p) => JSON.stringify(loadBalancerControllerPolicy(p))) });
            const lbcAssociation = associate("load-balancer-controller", lbcRole, ADDON_SERVICE_ACCOUNTS.loadBalancerController);
            const ref = CHARTS.awsLoadBalancerController;
            this.loadBalancerController = new k8s.helm.v4.Chart(
                `${name}-aws-load-balancer-controller`,
                {
                    chart: ref.chart,
                    version: ref.version,
                    repositoryOpts: { repo: ref.repository },
                    namespace: ADDON_SERVICE_ACCOUNTS.loadBalancerController.namespace,
                    values: {
                        clusterName: args.clusterName,
                        region: args.region,
                        vpcId: args.vpcId,
                        replicaCount: 2,
                        // On the compute pool, not on whatever untainted node (the data pool's).
                        nodeSelector: computeSpec?.labels ?? {},
                        serviceAccount: { create: true, name: ADDON_SERVICE_ACCOUNTS.loadBalancerController.name },
                        // Only Services that ask for it (the gateway's) get an NLB from the controller.
                        enableServiceMutatorWebhook: false,
                    },
                },
                { parent: this, provider: this.provider, dependsOn: [lbcAssociation] },
            );
        }

        this.clusterName = clusterName;
        this.endpoint = cluster.endpoint;
        this.nodeGroupNames = nodeGroupNames;
        this.podRoleArns = podRoleArns;
        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            kubeconfig: this.kubeconfig,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            nodeGroupNames: this.nodeGroupNames,
            podRoleArns: this.podRoleArns,
        });
    }
}
