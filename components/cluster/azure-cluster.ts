/**
 * AzureCluster: AKS on `devana:kubernetesVersion` in the zone subnets of AzureNetwork.
 * - Azure CNI with dynamic pod IP allocation (issue 20): every agent pool takes its pod addresses
 *   from its zone's pod subnet (`podSubnetID`), so the zone NSGs tell the zones' pods apart; the
 *   Cilium dataplane and network policy; egress through the NAT gateway; the API server integrated
 *   into its own delegated subnet, private unless configured public (then only from the authorized ranges).
 * - Entra ID with Azure RBAC, local accounts disabled; OIDC issuer and workload identity.
 * - Secrets in etcd encrypted with the Key Vault `kms` key (private vault); OS disks and node caches
 *   with the customer key through the disk encryption set.
 * - Node pools (`aksAgentPools`, pure): system (management zone), then one pool per pool of
 *   `devana:nodePools` in its zone's node and pod subnets (issue 20); GPU pools tainted and
 *   labelled; every pool but the gateway's excluded from the load balancers' backends; autoscaler
 *   bounds from `devana:nodePools`, counts left to the autoscaler.
 * The Kubernetes provider is built from the cluster's Entra ID kubeconfig (kubelogin).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { parse, stringify } from "yaml";
import { blockSize, formatIp, mustParseCidr } from "../../config/cidr";
import { POOL_LABEL_KEY, POOL_NAMES, ZONE_LABEL_KEY, type NodeZone, type PoolName } from "../../config/defaults";
import { WORKLOAD_POOLS } from "../../config/placement";
import type { ResolvedPool, Taint } from "../../config/model";
import { createHash } from "node:crypto";
import type { AzureGrantScopeArgs } from "../azure/scope";
import type { AzureKeyRef } from "../security/azure-key-vault";
import { grantRole } from "../security/azure-roles";
import { aksAccessGrants, PREVIEW_READER_DATA_ACTIONS, stableGuid, type AksAccessInput } from "./azure-access";

/** Entra ID application of the AKS API server (same id in every tenant): kubelogin's `--server-id`. */
export const AKS_AAD_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** The pool AKS needs besides those of `devana:nodePools`: system pods, in the management zone. */
export const SYSTEM_POOL = { vmSize: "Standard_D4ds_v5", minCount: 3, maxCount: 5 } as const;

/**
 * Issue 20: nodes with this label leave the Azure load balancers' backend pools (cloud-provider-azure,
 * "Exclude nodes from the load balancer"). AKS accepts it on agent pools (its reserved prefixes are
 * `kubernetes.azure.com/` and `kubernetes.io/`: Microsoft Learn, "Use labels in an AKS cluster").
 * The gateway Service's `externalTrafficPolicy: Local` is what keeps traffic off the other pools
 * where AKS does not honour the label (cloud-provider-azure lists AKS-managed nodes as a limitation).
 */
export const EXCLUDE_FROM_LB_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

/** Pods per node (AKS's default with dynamic pod IP allocation): sizes the zones' pod subnets. */
export const MAX_PODS = 110;

export interface AgentPoolSpec {
    /** Stable id: child resource names. */
    readonly id: string;
    /** AKS pool name: lower-case letters and digits, at most 12. */
    readonly aksName: string;
    readonly mode: "System" | "User";
    readonly vmSize: string;
    readonly zone: NodeZone;
    readonly availabilityZones: readonly string[];
    readonly minCount: number;
    readonly maxCount: number;
    /** Initial node count; the autoscaler owns it afterwards. */
    readonly count: number;
    readonly nodeLabels: Readonly<Record<string, string>>;
    /** `key=value:Effect`. */
    readonly nodeTaints: readonly string[];
    readonly gpu: boolean;
    readonly osDiskSizeGB: number;
}

export interface AgentPoolInput {
    readonly pools: Readonly<Record<PoolName, ResolvedPool>>;
    readonly availabilityZones: readonly string[];
}

export function taintString(t: Taint): string {
    return `${t.key}=${t.value}:${t.effect}`;
}

/** A pool's `devana:nodePools` bounds as AKS autoscaler bounds. */
function bounds(pool: ResolvedPool): { minCount: number; maxCount: number; count: number } {
    return { minCount: pool.minSize, maxCount: pool.maxSize, count: pool.desiredSize };
}

/** The AKS node pools for the resolved `devana:nodePools` (disabled GPU pools are left out). */
export function aksAgentPools(input: AgentPoolInput): AgentPoolSpec[] {
    const zones = [...input.availabilityZones];
    // Issue 20: only the pool running the gateway (Traefik) stays behind the load balancer.
    const lbExclusion = (pool: PoolName | "system"): Record<string, string> => (pool === WORKLOAD_POOLS.gateway ? {} : { [EXCLUDE_FROM_LB_LABEL]: "true" });
    const fromPool = (pool: ResolvedPool, name: PoolName, id: string, aksName: string, zone: NodeZone, sizes: { minCount: number; maxCount: number; count: number }): AgentPoolSpec => {
        // Any pool with GPUs (the Services pool holds Odin's at enterprise, issue 20): driver install, no surge.
        const gpu = pool.gpu !== undefined;
        return {
            id,
            aksName,
            mode: "User",
            vmSize: pool.machineType!,
            zone,
            // The pool's own zones where configured (a GPU size offered in fewer zones).
            availabilityZones: pool.availabilityZones ? [...pool.availabilityZones] : zones,
            ...sizes,
            nodeLabels: { ...pool.nodeLabels, [ZONE_LABEL_KEY]: zone, ...lbExclusion(name) },
            nodeTaints: pool.taints.map(taintString),
            gpu,
            // GPU nodes pull multi-GB serving images.
            osDiskSizeGB: gpu ? 256 : 128,
        };
    };
    const system: AgentPoolSpec = {
        id: "system",
        aksName: "system",
        mode: "System",
        vmSize: SYSTEM_POOL.vmSize,
        zone: "management",
        availabilityZones: zones,
        minCount: SYSTEM_POOL.minCount,
        maxCount: SYSTEM_POOL.maxCount,
        count: SYSTEM_POOL.minCount,
        nodeLabels: { [POOL_LABEL_KEY]: "system", [ZONE_LABEL_KEY]: "management", ...lbExclusion("system") },
        nodeTaints: [],
        gpu: false,
        osDiskSizeGB: 128,
    };
    // Issue 20: one AKS pool per pool, in its zone's subnet. The App pool keeps the id it had when
    // compute spanned App and Services (renaming an agent pool replaces its nodes).
    const ids: Readonly<Record<PoolName, { id: string; aksName: string }>> = {
        compute: { id: "compute-app", aksName: "computeapp" },
        services: { id: "services", aksName: "services" },
        gpuLlm: { id: "gpu-llm", aksName: "gpullm" },
        gpuEmbed: { id: "gpu-embed", aksName: "gpuembed" },
        data: { id: "data", aksName: "data" },
        management: { id: "management", aksName: "mgmt" },
    };
    const specs: AgentPoolSpec[] = [system];
    for (const name of POOL_NAMES) {
        const pool = input.pools[name];
        if (pool.enabled) {
            specs.push(fromPool(pool, name, ids[name].id, ids[name].aksName, pool.zone, bounds(pool)));
        }
    }
    return specs;
}

/** Upgrade surge of non-GPU pools: a third more nodes (`upgradeSettingsFor`, the pod-subnet check). */
const SURGE_DIVISOR = 3;
/** Azure keeps five addresses of every subnet (network, gateway, two DNS, broadcast). */
const AZURE_RESERVED_ADDRESSES = 5;
/** Dynamic pod IP allocation hands a node its addresses in batches of 16. */
const POD_IP_BATCH = 16;

/**
 * Issue 20: pod addresses each zone's pools can hold at their maximum size plus the upgrade surge
 * (a third more nodes, none for GPU pools), each node holding MAX_PODS rounded up to whole batches
 * of 16 (Microsoft Learn, "Configure Azure CNI Pod Subnet - Dynamic IP Allocation"), against that
 * zone's pod subnet. One message per short subnet, keyed `devana:azure.podCidr`.
 */
export function podSubnetCapacityProblems(specs: readonly AgentPoolSpec[], podSubnets: Readonly<Record<NodeZone, string>>): string[] {
    const perNode = Math.ceil(MAX_PODS / POD_IP_BATCH) * POD_IP_BATCH;
    const problems: string[] = [];
    for (const [zone, cidr] of Object.entries(podSubnets) as [NodeZone, string][]) {
        const pools = specs.filter((s) => s.zone === zone);
        const nodes = pools.reduce((n, s) => n + s.maxCount + (s.gpu ? 0 : Math.ceil(s.maxCount / SURGE_DIVISOR)), 0);
        const need = nodes * perNode;
        const have = blockSize(mustParseCidr(cidr).prefix) - AZURE_RESERVED_ADDRESSES;
        if (need > have) {
            problems.push(
                `devana:azure.podCidr: the ${zone} zone's pod subnet ${cidr} holds ${have} pod addresses; its pools (${pools.map((s) => s.id).join(", ")}) need ${need} at their maximum size with upgrade surge (${nodes} nodes x ${perNode}): give devana:azure.podCidr a larger range`,
            );
        }
    }
    return problems;
}

/**
 * Node-image and version upgrades. GPU pools surge no extra VM: GPU quota is usually sized to the
 * pool, so a surge node would fail to allocate; one node at a time is drained and reimaged
 * instead (maxSurge 0 with maxUnavailable 1). Other pools surge a third for speed.
 */
export function upgradeSettingsFor(spec: Pick<AgentPoolSpec, "gpu">): { maxSurge: string; maxUnavailable?: string } {
    return spec.gpu ? { maxSurge: "0", maxUnavailable: "1" } : { maxSurge: `${Math.floor(100 / SURGE_DIVISOR)}%` };
}

/** The tenth address of the service range, for CoreDNS (AKS convention). */
export function dnsServiceIp(serviceCidr: string): string {
    const block = mustParseCidr(serviceCidr);
    const ip = block.base + 10;
    return formatIp(ip);
}

export interface NetworkProfileInput {
    readonly serviceCidr: string;
}

/**
 * Azure CNI with dynamic pod IP allocation and the Cilium dataplane (issue 20): no overlay and no
 * `podCidr`, the pools' `podSubnetID`s give the pod addresses (Microsoft Learn, "Configure Azure CNI
 * Powered by Cilium", option 2: assign IP addresses from a virtual network). Egress through the
 * user-assigned NAT gateway of the zone subnets. The azure-native SDK still sends the ARM spec's
 * default `podCidr` (10.244.0.0/16), which AKS reads only with kubenet or overlay.
 */
export function aksNetworkProfile(input: NetworkProfileInput): azureInputs.containerservice.ContainerServiceNetworkProfileArgs {
    return {
        networkPlugin: "azure",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        serviceCidr: input.serviceCidr,
        dnsServiceIP: dnsServiceIp(input.serviceCidr),
        outboundType: "userAssignedNATGateway",
        loadBalancerSku: "standard",
    };
}

export type KubeLoginMode = "azurecli" | "workloadidentity" | "msi" | "spn";

/**
 * Rewrites the exec section of an AKS Entra ID kubeconfig for a non-interactive login: AKS hands out
 * `kubelogin --login devicecode`, which would block `pulumi up`.
 */
export function kubeloginKubeconfig(kubeconfigYaml: string, mode: KubeLoginMode): string {
    const doc = parse(kubeconfigYaml) as { users?: { name: string; user: { exec?: Record<string, unknown> } }[] };
    for (const user of doc.users ?? []) {
        user.user = {
            exec: {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: "kubelogin",
                args: ["get-token", "--login", mode, "--server-id", AKS_AAD_SERVER_APP_ID],
                env: null,
                interactiveMode: "Never",
                provideClusterInfo: false,
            },
        };
    }
    return stringify(doc);
}

function toProfile(spec: AgentPoolSpec, subnetId: pulumi.Input<string>, podSubnetId: pulumi.Input<string>, encryptionAtHost: boolean, kubernetesVersion: string) {
    return {
        mode: spec.mode,
        vmSize: spec.vmSize,
        osType: "Linux",
        osSKU: "Ubuntu",
        osDiskType: "Managed",
        osDiskSizeGB: spec.osDiskSizeGB,
        type: "VirtualMachineScaleSets",
        orchestratorVersion: kubernetesVersion,
        vnetSubnetID: subnetId,
        // Issue 20: pods in their zone's pod subnet, so the zone NSGs see them.
        podSubnetID: podSubnetId,
        maxPods: MAX_PODS,
        availabilityZones: [...spec.availabilityZones],
        enableAutoScaling: true,
        minCount: spec.minCount,
        maxCount: spec.maxCount,
        count: spec.count,
        nodeLabels: { ...spec.nodeLabels },
        nodeTaints: spec.nodeTaints.length > 0 ? [...spec.nodeTaints] : undefined,
        enableEncryptionAtHost: encryptionAtHost,
        enableNodePublicIP: false,
        gpuProfile: spec.gpu ? { driver: "Install" } : undefined,
        upgradeSettings: upgradeSettingsFor(spec),
    };
}

export interface AzureClusterArgs extends AzureGrantScopeArgs {
    /** ARM id of the resource group: the cluster identity manages the load balancer, public IPs and subnets there. */
    readonly resourceGroupId: pulumi.Input<string>;
    readonly tenantId: pulumi.Input<string>;
    /** Object id of the identity running Pulumi: made cluster admin so it can create Kubernetes resources. */
    readonly deployerObjectId: pulumi.Input<string>;
    /** Cluster name and DNS prefix. */
    readonly clusterName: string;
    /** `MAJOR.MINOR`: AKS picks the newest GA patch. */
    readonly kubernetesVersion: string;
    /** @default "Standard" (financially backed SLA) */
    readonly skuTier?: "Free" | "Standard" | "Premium";
    readonly pools: Readonly<Record<PoolName, ResolvedPool>>;
    readonly availabilityZones: readonly string[];
    /** Node subnet ids by zone, plus `apiserver`. */
    readonly subnetIds: Readonly<Record<NodeZone | "apiserver", pulumi.Input<string>>>;
    /** Issue 20: pod subnet ids by node zone (AzureNetwork `podSubnetIds`). */
    readonly podSubnetIds: Readonly<Record<NodeZone, pulumi.Input<string>>>;
    readonly serviceCidr: string;
    /** Public API server (only from `authorizedIpRanges`). @default false */
    readonly publicApiServer?: boolean;
    /** @default [] */
    readonly authorizedIpRanges?: readonly string[];
    /** Entra ID groups with cluster-admin. @default [] */
    readonly adminGroupObjectIds?: readonly string[];
    /** Issue 16: the preview/drift and break-glass principals (`devana:azure.access`). @default {} */
    readonly access?: Omit<AksAccessInput, "adminGroupObjectIds">;
    /**
     * Issue 16: ARM id of the private API server's DNS zone (the hub's, or one AzureHubConnectivity
     * created); the control-plane identity gets Private DNS Zone Contributor on it. @default "system"
     */
    readonly privateDnsZoneId?: pulumi.Input<string>;
    /** Issue 16: what the deployer's path to the API needs first (peerings, DNS links). @default [] */
    readonly apiPathDependsOn?: readonly pulumi.Resource[];
    /** The `kms` key: by version (AKS KMS requires one), in its private vault. */
    readonly kmsKey: AzureKeyRef;
    readonly diskEncryptionSetId: pulumi.Input<string>;
    /** Encryption at host: disk caches with the customer key, temp disks with platform keys (subscription feature `Microsoft.Compute/EncryptionAtHost`). @default true */
    readonly encryptionAtHost?: boolean;
    /** kubelogin mode of the Pulumi run. @default "azurecli" */
    readonly kubeLogin?: KubeLoginMode;
    /** Protect the managed cluster from deletion. @default false */
    readonly protect?: boolean;
}

export class AzureCluster extends pulumi.ComponentResource {
    public readonly clusterId: pulumi.Output<string>;
    public readonly clusterName: pulumi.Output<string>;
    public readonly oidcIssuerUrl: pulumi.Output<string>;
    /** Private FQDN of the API server (public FQDN when public). */
    public readonly apiServerFqdn: pulumi.Output<string>;
    /** AKS pool names by stable id. */
    public readonly agentPools: Readonly<Record<string, string>>;
    public readonly provider: k8s.Provider;

    constructor(name: string, args: AzureClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:cluster:AzureCluster", name, {}, opts);
        const tags = { ...args.tags };
        const child = { parent: this };
        const encryptionAtHost = args.encryptionAtHost ?? true;
        const publicApi = args.publicApiServer ?? false;

        // KMS with a private vault needs a user-assigned control-plane identity with its roles in place first.
        const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, { resourceGroupName: args.resourceGroupName, location: args.location, tags }, child);
        const principal = { principalId: identity.principalId, principalType: "ServicePrincipal" as const };
        const grants = [
            grantRole(`${name}-network`, args.subscriptionId, { ...principal, role: "networkContributor", scope: args.resourceGroupId, description: "AKS: subnets, NAT gateway, load balancers and public IPs" }, child),
            grantRole(`${name}-kms-crypto`, args.subscriptionId, { ...principal, role: "keyVaultCryptoUser", scope: args.kmsKey.keyId, description: "AKS KMS: encrypt and decrypt etcd data keys" }, child),
            grantRole(`${name}-kms-vault`, args.subscriptionId, { ...principal, role: "keyVaultContributor", scope: args.kmsKey.vaultId, description: "AKS KMS with a private vault: private link to the vault" }, child),
            grantRole(`${name}-des-reader`, args.subscriptionId, { ...principal, role: "reader", scope: args.diskEncryptionSetId, description: "AKS: read the disk encryption set for OS and data disks" }, child),
        ];
        if (!publicApi && args.privateDnsZoneId) {
            grants.push(
                grantRole(
                    `${name}-private-dns`,
                    args.subscriptionId,
                    { ...principal, role: "privateDnsZoneContributor", scope: args.privateDnsZoneId, description: "AKS: the API server's record and the VNet link in the private DNS zone" },
                    child,
                ),
            );
        }

        const specs = aksAgentPools({ pools: args.pools, availabilityZones: args.availabilityZones });
        const system = specs.find((s) => s.mode === "System")!;
        const cluster = new containerservice.ManagedCluster(
            `${name}-aks`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                resourceName: args.clusterName,
                dnsPrefix: args.clusterName,
                nodeResourceGroup: pulumi.interpolate`${args.resourceGroupName}-nodes`,
                kubernetesVersion: args.kubernetesVersion,
                sku: { name: "Base", tier: args.skuTier ?? "Standard" },
                supportPlan: "KubernetesOfficial",
                identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
                enableRBAC: true,
                disableLocalAccounts: true,
                aadProfile: {
                    managed: true,
                    enableAzureRBAC: true,
                    tenantID: args.tenantId,
                    adminGroupObjectIDs: [...(args.adminGroupObjectIds ?? [])],
                },
                apiServerAccessProfile: {
                    enablePrivateCluster: !publicApi,
                    enableVnetIntegration: true,
                    subnetId: args.subnetIds.apiserver,
                    privateDNSZone: publicApi ? undefined : (args.privateDnsZoneId ?? "system"),
                    authorizedIPRanges: publicApi ? [...(args.authorizedIpRanges ?? [])] : undefined,
                    disableRunCommand: true,
                },
                networkProfile: aksNetworkProfile(args),
                oidcIssuerProfile: { enabled: true },
                securityProfile: {
                    workloadIdentity: { enabled: true },
                    imageCleaner: { enabled: true, intervalHours: 48 },
                    azureKeyVaultKms: {
                        enabled: true,
                        keyId: args.kmsKey.keyVersionUri,
                        keyVaultNetworkAccess: "Private",
                        keyVaultResourceId: args.kmsKey.vaultId,
                    },
                },
                diskEncryptionSetID: args.diskEncryptionSetId,
                storageProfile: { diskCSIDriver: { enabled: true }, snapshotController: { enabled: true }, fileCSIDriver: { enabled: false }, blobCSIDriver: { enabled: false } },
                autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
                agentPoolProfiles: [{ name: system.aksName, ...toProfile(system, args.subnetIds[system.zone], args.podSubnetIds[system.zone], encryptionAtHost, args.kubernetesVersion) }],
                tags,
            },
            {
                ...child,
                dependsOn: grants,
                protect: args.protect ?? false,
                // The autoscaler owns node counts (design convention 9); user pools are separate resources.
                ignoreChanges: ["agentPoolProfiles[0].count"],
            },
        );

        const agentPools: Record<string, string> = { [system.id]: system.aksName };
        // AKS runs one operation per cluster at a time: create the pools one after the other.
        let previousPool: pulumi.Resource = cluster;
        for (const spec of specs.filter((s) => s.mode === "User")) {
            previousPool = new containerservice.AgentPool(
                `${name}-pool-${spec.id}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    resourceName: cluster.name,
                    agentPoolName: spec.aksName,
                    ...toProfile(spec, args.subnetIds[spec.zone], args.podSubnetIds[spec.zone], encryptionAtHost, args.kubernetesVersion),
                },
                { ...child, dependsOn: [previousPool], ignoreChanges: ["count"] },
            );
            agentPools[spec.id] = spec.aksName;
        }

        // The deployer needs Kubernetes rights (Azure RBAC) before the provider creates anything.
        const deployerAdmin = grantRole(
            `${name}-deployer-admin`,
            args.subscriptionId,
            { role: "aksRbacClusterAdmin", scope: cluster.id, principalId: args.deployerObjectId, description: "Identity running Pulumi: creates the platform's Kubernetes resources" },
            child,
        );

        // Issue 16: preview/drift, break-glass and the admin groups, one role assignment each.
        let previewReader: authorization.RoleDefinition | undefined;
        for (const grant of aksAccessGrants({ ...args.access, adminGroupObjectIds: args.adminGroupObjectIds })) {
            if (grant.role === "previewReader") {
                previewReader ??= new authorization.RoleDefinition(
                    `${name}-preview-reader`,
                    {
                        // ARM wants a GUID: stable per cluster name, so the definition is never replaced.
                        roleDefinitionId: stableGuid(`devana-preview-reader/${args.clusterName}`, (t) => createHash("sha256").update(t).digest("hex")),
                        roleName: `Devana preview reader (${args.clusterName})`,
                        description: "Reads every Kubernetes object of the cluster, Secrets included (pulumi preview and refresh); writes nothing",
                        scope: args.resourceGroupId,
                        assignableScopes: [args.resourceGroupId],
                        permissions: [{ actions: [], dataActions: [...PREVIEW_READER_DATA_ACTIONS] }],
                    },
                    child,
                );
                new authorization.RoleAssignment(`${name}-${grant.id}`, { principalId: grant.principalId, principalType: grant.principalType, roleDefinitionId: previewReader.id, scope: cluster.id, description: grant.description }, child);
            } else {
                grantRole(`${name}-${grant.id}`, args.subscriptionId, { role: grant.role, scope: cluster.id, principalId: grant.principalId, principalType: grant.principalType, description: grant.description }, child);
            }
        }

        const credentials = containerservice.listManagedClusterUserCredentialsOutput({ resourceGroupName: args.resourceGroupName, resourceName: cluster.name, format: "exec" }, { parent: this });
        const kubeconfig = pulumi.secret(credentials.kubeconfigs.apply((list) => kubeloginKubeconfig(Buffer.from(list[0]?.value ?? "", "base64").toString("utf8"), args.kubeLogin ?? "azurecli")));
        // After the last node pool too: workloads pinned to the compute, data and GPU pools would
        // otherwise wait for nodes longer than Pulumi waits for them to become ready.
        this.provider = new k8s.Provider(`${name}-provider`, { kubeconfig, enableServerSideApply: true }, { ...child, dependsOn: [deployerAdmin, previousPool, ...(args.apiPathDependsOn ?? [])] });

        this.clusterId = cluster.id;
        this.clusterName = cluster.name;
        this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
        this.apiServerFqdn = publicApi ? cluster.fqdn : cluster.privateFQDN;
        this.agentPools = agentPools;
        this.registerOutputs({
            clusterId: this.clusterId,
            clusterName: this.clusterName,
            oidcIssuerUrl: this.oidcIssuerUrl,
            apiServerFqdn: this.apiServerFqdn,
            agentPools,
        });
    }
}
