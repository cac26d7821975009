/**
 * The azure-prod stack, evaluated once under mocks in this process: subnets and NSGs per zone, the
 * AKS cluster (KMS, disk encryption set, Entra ID, private API, Azure CNI with pod subnets per zone,
 * issue 20) and its node pools (zone subnets, load balancer exclusion), the gateway Service's traffic policy,
 * keys, storage encryption, audit logs, StorageClasses and protection.
 * Does not prove Azure accepts these inputs (quotas, feature registrations, VM sizes per zone),
 * nor that role assignments propagate before first use: only `pulumi up` against a subscription does.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { WORKLOAD_POOLS, workloadZone, type WorkloadId } from "../../../config/placement";

let resources: readonly PlannedResource[];
let outputs: Record<string, unknown>;

beforeAll(async () => {
    ({ resources, outputs } = await evaluateOk("azure-prod"));
});

const T = {
    subnet: "azure-native:network:Subnet",
    nsg: "azure-native:network:NetworkSecurityGroup",
    cluster: "azure-native:containerservice:ManagedCluster",
    pool: "azure-native:containerservice:AgentPool",
    key: "azure-native:keyvault:Key",
    vault: "azure-native:keyvault:Vault",
    des: "azure-native:compute:DiskEncryptionSet",
    account: "azure-native:storage:StorageAccount",
    workspace: "azure-native:operationalinsights:Workspace",
    diag: "azure-native:monitor:DiagnosticSetting",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
} as const;

const get = (type: string, name: string) => byName(resources, type, name).inputs as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const idOf = (type: string, name: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock/providers/${type}/${name}`;

describe("azure-prod network", () => {
    it("creates one subnet per zone on the R-NET-ZONES CIDRs, each with its own NSG and the NAT gateway", () => {
        // snet-dmz is the DMZ's load balancer half; the other half is the Application Gateway WAF's own subnet.
        const zones = { dmz: "10.0.1.0/25", app: "10.0.10.0/24", services: "10.0.20.0/24", data: "10.0.30.0/24", ai: "10.0.40.0/24", management: "10.0.99.0/24" };
        // Six zones, the API server's, five pod subnets (issue 20), the Application Gateway's.
        expect(ofType(resources, T.subnet)).toHaveLength(13);
        for (const [zone, cidr] of Object.entries(zones)) {
            const subnet = get(T.subnet, `devana-network-subnet-${zone}`);
            expect(subnet).toMatchObject({ subnetName: `snet-${zone}`, addressPrefix: cidr, defaultOutboundAccess: false });
            expect(subnet.networkSecurityGroup.id).toBe(idOf(T.nsg, `devana-network-nsg-${zone}`));
            expect(subnet.natGateway.id).toBe(idOf("azure-native:network:NatGateway", "devana-network-nat"));
        }
        expect(get(T.subnet, "devana-network-subnet-apiserver")).toMatchObject({ addressPrefix: "10.0.98.0/28", delegations: [{ serviceName: "Microsoft.ContainerService/managedClusters" }] });
    });

    it("adds devana:azure.podCidr as the VNet's second prefix and carves one pod subnet per node zone, sharing the zone's NSG (issue 20)", () => {
        expect(get("azure-native:network:VirtualNetwork", "devana-network-vnet").addressSpace).toEqual({ addressPrefixes: ["10.0.0.0/16", "10.244.0.0/16"] });
        const pods = { app: "10.244.0.0/19", services: "10.244.32.0/19", data: "10.244.64.0/19", ai: "10.244.96.0/19", management: "10.244.128.0/19" };
        for (const [zone, cidr] of Object.entries(pods)) {
            const subnet = get(T.subnet, `devana-network-subnet-pods-${zone}`);
            expect(subnet).toMatchObject({ subnetName: `snet-pods-${zone}`, addressPrefix: cidr, defaultOutboundAccess: false, privateEndpointNetworkPolicies: "Disabled" });
            expect(subnet.networkSecurityGroup.id).toBe(idOf(T.nsg, `devana-network-nsg-${zone}`));
            expect(subnet.natGateway.id).toBe(idOf("azure-native:network:NatGateway", "devana-network-nat"));
            expect(subnet.delegations).toBeUndefined();
        }
        // One NSG per zone plus the Application Gateway's: the pod subnets create none.
        expect(
            ofType(resources, T.nsg)
                .map((n) => n.name)
                .sort(),
        ).toEqual(["ai", "app", "appgw", "data", "dmz", "management", "services"].map((z) => `devana-network-nsg-${z}`));
    });

    it("writes the zone-flow rules into each zone's NSG (counts per zone), ending in a VNet deny; the DMZ is no node-rule source", () => {
        const rules = (zone: string) => get(T.nsg, `devana-network-nsg-${zone}`).securityRules as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
        for (const zone of ["dmz", "app", "services", "data", "ai", "management"]) {
            expect(rules(zone).at(-1)).toMatchObject({ name: "deny-vnet-inbound", access: "Deny", sourceAddressPrefix: "VirtualNetwork", priority: 4000 });
        }
        expect(Object.fromEntries(["dmz", "app", "services", "data", "ai", "management"].map((z) => [z, rules(z).length]))).toEqual({ dmz: 2, app: 7, services: 6, data: 7, ai: 7, management: 11 });
        expect(rules("data").find((r) => r.name === "allow-app-tcp")).toMatchObject({
            access: "Allow",
            sourceAddressPrefixes: ["10.0.10.0/24", "10.244.0.0/19"],
            destinationAddressPrefixes: ["10.0.30.0/24", "10.244.64.0/19"],
            destinationPortRanges: ["443", "5432", "8000"],
        });
        expect(rules("ai").find((r) => r.name === "allow-services-tcp")).toMatchObject({ sourceAddressPrefixes: ["10.0.20.0/24", "10.244.32.0/19"], destinationPortRange: "8000" });
        expect(rules("app").find((r) => r.name === "allow-gateway-frontend")).toMatchObject({
            sourceAddressPrefix: "10.0.1.128/25",
            destinationAddressPrefixes: ["10.0.1.0/25", "10.0.10.0/24", "10.244.0.0/19"],
            destinationPortRanges: ["80", "443"],
        });
        for (const zone of ["app", "services", "data", "ai", "management"]) {
            // Issue 20: no rule of a node zone has the DMZ /24 (or either half) among its sources, except App's gateway frontend.
            const fromDmz = rules(zone).filter((r) => [r.sourceAddressPrefix, ...(r.sourceAddressPrefixes ?? [])].some((p) => typeof p === "string" && p.startsWith("10.0.1.")));
            expect(fromDmz.map((r) => r.name)).toEqual(zone === "app" ? ["allow-gateway-frontend"] : []);
        }
        // gatewayExposure internal: nothing admits the Internet anywhere.
        for (const zone of ["dmz", "app", "services", "data", "ai", "management"]) {
            expect(rules(zone).filter((r) => r.sourceAddressPrefix === "Internet")).toEqual([]);
        }
    });

    it("creates the private DNS zones and private endpoints for Key Vault (management) and Blob (data)", () => {
        expect(
            ofType(resources, "azure-native:privatedns:PrivateZone")
                .map((z) => z.inputs.privateZoneName)
                .sort(),
        ).toEqual(["privatelink.blob.core.windows.net", "privatelink.swedencentral.azmk8s.io", "privatelink.vaultcore.azure.net"]);
        const kv = get("azure-native:network:PrivateEndpoint", "devana-keys-endpoint-pe");
        expect(kv.subnet.id).toBe(idOf(T.subnet, "devana-network-subnet-management"));
        expect(kv.privateLinkServiceConnections[0].groupIds).toEqual(["vault"]);
        const blob = get("azure-native:network:PrivateEndpoint", "devana-blob-endpoint-pe");
        expect(blob.subnet.id).toBe(idOf(T.subnet, "devana-network-subnet-data"));
        expect(blob.privateLinkServiceConnections[0].groupIds).toEqual(["blob"]);
    });
});

describe("azure-prod AKS", () => {
    it("encrypts etcd with the Key Vault KMS key (private vault) and disks with the disk encryption set", () => {
        const aks = get(T.cluster, "devana-cluster-aks");
        expect(aks.securityProfile.azureKeyVaultKms).toEqual({
            enabled: true,
            keyId: expect.stringMatching(/^https:\/\/kv-devana-azure-p-[0-9a-f]{6}\.vault\.azure\.net\/keys\/aks-kms\/[0-9a-f]{32}$/),
            keyVaultNetworkAccess: "Private",
            keyVaultResourceId: idOf(T.vault, "devana-keys-vault"),
        });
        expect(aks.diskEncryptionSetID).toBe(idOf(T.des, "devana-disks-des"));
        expect(aks.securityProfile.workloadIdentity).toEqual({ enabled: true });
        expect(aks.oidcIssuerProfile).toEqual({ enabled: true });
    });

    it("is private, Entra ID with Azure RBAC, local accounts off, Azure CNI with pod subnets (no overlay, issue 20) and Cilium, on the configured version", () => {
        const aks = get(T.cluster, "devana-cluster-aks");
        expect(aks).toMatchObject({
            kubernetesVersion: "1.36",
            disableLocalAccounts: true,
            enableRBAC: true,
            aadProfile: { managed: true, enableAzureRBAC: true },
            apiServerAccessProfile: { enablePrivateCluster: true, enableVnetIntegration: true, subnetId: idOf(T.subnet, "devana-network-subnet-apiserver") },
            networkProfile: { networkPlugin: "azure", networkPolicy: "cilium", networkDataplane: "cilium", serviceCidr: "172.16.0.0/16", outboundType: "userAssignedNATGateway" },
            identity: { type: "UserAssigned" },
        });
        expect(aks.networkProfile.networkPluginMode).toBeUndefined();
        // The azure-native SDK fills the ARM spec's default podCidr in; AKS reads it only with kubenet or overlay (spec description).
        expect(aks.networkProfile.podCidr).toBe("10.244.0.0/16");
        expect(aks.apiServerAccessProfile.authorizedIPRanges).toBeUndefined();
        const options = byName(resources, T.cluster, "devana-cluster-aks").options;
        expect(options.ignoreChanges).toEqual(["agentPoolProfiles[0].count"]);
        expect(options.protect).toBe(true);
    });

    it("creates one node pool per pool in its seed zone's node and pod subnets (issue 20), with the configured bounds, GPU taints and labels, counts left to the autoscaler", () => {
        const pools = Object.fromEntries(ofType(resources, T.pool).map((p) => [p.inputs.agentPoolName as string, p]));
        expect(Object.keys(pools)).toEqual(["computeapp", "services", "gpullm", "gpuembed", "data", "mgmt"]);
        const expected: Record<string, [string, string, number, number]> = {
            computeapp: ["Standard_D32ds_v5", "app", 10, 20],
            services: ["Standard_NV36ads_A10_v5", "services", 3, 3],
            gpullm: ["Standard_NC80adis_H100_v5", "ai", 4, 4],
            gpuembed: ["Standard_NV36ads_A10_v5", "ai", 2, 3],
            data: ["Standard_L32s_v3", "data", 3, 5],
            mgmt: ["Standard_D16ds_v5", "management", 2, 4],
        };
        for (const [name, [vmSize, zone, min, max]] of Object.entries(expected)) {
            const p = pools[name];
            expect(p.inputs).toMatchObject({ vmSize, minCount: min, maxCount: max, count: min, maxPods: 110, enableAutoScaling: true, availabilityZones: ["1", "2", "3"], enableEncryptionAtHost: true });
            expect(p.inputs.vnetSubnetID).toBe(idOf(T.subnet, `devana-network-subnet-${zone}`));
            expect(p.inputs.podSubnetID).toBe(idOf(T.subnet, `devana-network-subnet-pods-${zone}`));
            // GPU pools surge no extra VM (quota is sized to the pool): one node at a time (issue 15).
            expect(p.inputs.upgradeSettings).toEqual(vmSize.includes("_N") ? { maxSurge: "0", maxUnavailable: "1" } : { maxSurge: "33%" });
            expect((p.inputs.nodeLabels as Record<string, string>)["devana.ai/zone"]).toBe(zone);
            // Only the gateway's pool (compute, App) stays behind the load balancer.
            expect((p.inputs.nodeLabels as Record<string, string>)["node.kubernetes.io/exclude-from-external-load-balancers"]).toBe(name === "computeapp" ? undefined : "true");
            expect(p.options.ignoreChanges).toEqual(["count"]);
        }
        for (const gpu of ["gpullm", "gpuembed"]) {
            expect(pools[gpu].inputs.nodeTaints).toEqual(["nvidia.com/gpu=true:NoSchedule"]);
            expect(pools[gpu].inputs.gpuProfile).toEqual({ driver: "Install" });
        }
        expect(pools.services.inputs.gpuProfile).toEqual({ driver: "Install" });
        expect(pools.gpullm.inputs.nodeLabels).toEqual({ "devana.ai/pool": "gpuLlm", "devana.ai/zone": "ai", "node.kubernetes.io/exclude-from-external-load-balancers": "true" });
        expect(pools.computeapp.inputs.nodeLabels).toEqual({ "devana.ai/pool": "compute", "devana.ai/zone": "app" });
        expect(pools.data.inputs.nodeTaints).toBeUndefined();
        const system = (get(T.cluster, "devana-cluster-aks").agentPoolProfiles as Record<string, unknown>[])[0];
        expect(system).toMatchObject({
            name: "system",
            mode: "System",
            vnetSubnetID: idOf(T.subnet, "devana-network-subnet-management"),
            podSubnetID: idOf(T.subnet, "devana-network-subnet-pods-management"),
            nodeLabels: { "devana.ai/pool": "system", "devana.ai/zone": "management", "node.kubernetes.io/exclude-from-external-load-balancers": "true" },
        });
    });

    it("runs every workload on AKS nodes and pod addresses of its seed zone (issue 20: placement -> pool -> subnets)", () => {
        const pools = ofType(resources, T.pool);
        for (const id of Object.keys(WORKLOAD_POOLS) as WorkloadId[]) {
            const zone = workloadZone(id);
            const pool = pools.find((p) => (p.inputs.nodeLabels as Record<string, string>)["devana.ai/pool"] === WORKLOAD_POOLS[id]);
            expect(pool, id).toBeDefined();
            expect(pool!.inputs.vnetSubnetID, id).toBe(idOf(T.subnet, `devana-network-subnet-${zone}`));
            expect(pool!.inputs.podSubnetID, id).toBe(idOf(T.subnet, `devana-network-subnet-pods-${zone}`));
            expect((pool!.inputs.nodeLabels as Record<string, string>)["devana.ai/zone"], id).toBe(zone);
        }
    });

    it("keeps the gateway Service at externalTrafficPolicy Local (issue 20): the load balancer sends only to nodes running Traefik", () => {
        const chart = get("kubernetes:helm.sh/v4:Chart", "devana-gateway-traefik");
        expect(chart.values.service.spec).toEqual({ type: "LoadBalancer", externalTrafficPolicy: "Local" });
        expect(chart.values.service.annotations).toMatchObject({ "service.beta.kubernetes.io/azure-load-balancer-internal": "true", "service.beta.kubernetes.io/azure-load-balancer-ipv4": "10.0.1.126" });
    });

    it("builds the Kubernetes provider from the Entra ID kubeconfig with a non-interactive kubelogin", () => {
        const providers = ofType(resources, "pulumi:providers:kubernetes");
        expect(providers.map((p) => p.name)).toEqual(["devana-cluster-provider"]);
        const kubeconfig = parse(String(providers[0].inputs.kubeconfig)) as { users: { user: { exec: { command: string; args: string[] } } }[] };
        expect(kubeconfig.users[0].user.exec).toMatchObject({ command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] });
        for (const ns of ofType(resources, "kubernetes:core/v1:Namespace")) {
            expect(ns.options.provider).toMatch(/pulumi:providers:kubernetes::devana-cluster-provider::/);
        }
    });
});

describe("azure-prod keys, storage and logs", () => {
    it("creates a private, RBAC, purge-protected Key Vault with rotating keys, all protected", () => {
        expect(get(T.vault, "devana-keys-vault").properties).toMatchObject({
            enableRbacAuthorization: true,
            enablePurgeProtection: true,
            softDeleteRetentionInDays: 90,
            publicNetworkAccess: "Disabled",
        });
        const keys = ofType(resources, T.key);
        expect(keys.map((k) => k.inputs.keyName)).toEqual(["aks-kms", "disk-encryption", "blob-encryption"]);
        for (const k of keys) {
            expect((k.inputs.properties as { rotationPolicy: { lifetimeActions: unknown[] } }).rotationPolicy.lifetimeActions.length).toBeGreaterThan(0);
            expect(k.options.protect).toBe(true);
        }
    });

    it("encrypts disks with the customer key, following rotation", () => {
        expect(get(T.des, "devana-disks-des")).toMatchObject({
            encryptionType: "EncryptionAtRestWithCustomerKey",
            rotationToLatestKeyVersionEnabled: true,
            activeKey: { keyUrl: expect.stringMatching(/\/keys\/disk-encryption$/), sourceVault: { id: idOf(T.vault, "devana-keys-vault") } },
            identity: { type: "UserAssigned" },
        });
    });

    it("encrypts the storage account with the customer key and infrastructure encryption, no public or shared-key access", () => {
        const account = get(T.account, "devana-blob-account");
        expect(account).toMatchObject({
            sku: { name: "Standard_GZRS" },
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            publicNetworkAccess: "Disabled",
            minimumTlsVersion: "TLS1_2",
            encryption: {
                keySource: "Microsoft.Keyvault",
                requireInfrastructureEncryption: true,
                keyVaultProperties: { keyName: "blob-encryption", keyVaultUri: expect.stringMatching(/^https:\/\/kv-devana-azure-p-[0-9a-f]{6}\.vault\.azure\.net\/$/) },
            },
        });
        expect(account.encryption.keyVaultProperties.keyVersion).toBeUndefined();
        expect(account.tags["devana.ai/tls-exception"]).toBe("azure-storage-cannot-enforce-tls13-minimum");
    });

    it("creates the files, backups and audit containers, the audit one immutable for at least 365 days", () => {
        expect(
            ofType(resources, "azure-native:storage:BlobContainer")
                .map((c) => [c.inputs.containerName, c.inputs.publicAccess])
                .sort(),
        ).toEqual([
            ["audit-logs", "None"],
            ["devana-backups", "None"],
            ["devana-files", "None"],
        ]);
        const policy = get("azure-native:storage:BlobContainerImmutabilityPolicy", "devana-blob-audit-immutability");
        expect(policy.immutabilityPeriodSinceCreationInDays).toBeGreaterThanOrEqual(365);
        expect(policy.containerName).toBe("audit-logs");
    });

    it("keeps the audit logs in Log Analytics for >= 365 days: kube-audit, kube-audit-admin and guard", () => {
        expect(get(T.workspace, "devana-logs-workspace").retentionInDays).toBeGreaterThanOrEqual(365);
        const diag = get(T.diag, "devana-logs-aks-audit");
        expect(diag.resourceUri).toBe(idOf(T.cluster, "devana-cluster-aks"));
        expect(diag.workspaceId).toBe(idOf(T.workspace, "devana-logs-workspace"));
        expect((diag.logs as { category: string; enabled: boolean }[]).map((l) => [l.category, l.enabled])).toEqual([
            ["kube-audit", true],
            ["kube-audit-admin", true],
            ["guard", true],
        ]);
    });

    it("creates the fast-ssd and standard StorageClasses bound to the disk encryption set", () => {
        const classes = ofType(resources, T.storageClass).filter((c) => c.name.startsWith("devana-storage-classes-"));
        const nameOf = (c: PlannedResource) => (c.inputs.metadata as { name: string }).name;
        expect(classes.map(nameOf).sort()).toEqual(["fast-ssd", "standard"]);
        for (const c of classes) {
            expect(c.inputs).toMatchObject({ provisioner: "disk.csi.azure.com", volumeBindingMode: "WaitForFirstConsumer", reclaimPolicy: "Retain" });
            expect((c.inputs.parameters as Record<string, string>).diskEncryptionSetID).toBe(idOf(T.des, "devana-disks-des"));
        }
        expect((classes.find((c) => nameOf(c) === "fast-ssd")!.inputs.parameters as Record<string, string>).skuName).toBe("PremiumV2_LRS");
    });

    it("gives Devana Blob access through workload identity scoped to its container, and exports its settings", () => {
        const creds = ofType(resources, "azure-native:managedidentity:FederatedIdentityCredential").map((c) => c.inputs.subject);
        expect(creds.sort()).toEqual(["system:serviceaccount:devana-prod:devana-api", "system:serviceaccount:devana-services:data-backup", "system:serviceaccount:devana-services:devana-pg"]);
        const blobRoles = ofType(resources, "azure-native:authorization:RoleAssignment").filter((r) => String(r.inputs.roleDefinitionId).endsWith("ba92f5b4-2d11-453d-a403-e96b0029c9fe"));
        expect(blobRoles.map((r) => r.inputs.scope).sort()).toEqual([idOf("azure-native:storage:BlobContainer", "devana-blob-container-backups"), idOf("azure-native:storage:BlobContainer", "devana-blob-container-files")]);
        const azure = outputs.azure as { blobAccess: { auth: string; clientIds: Record<string, string> } };
        expect(azure.blobAccess.auth).toBe("workloadIdentity");
        expect(Object.keys(azure.blobAccess.clientIds).sort()).toEqual(["backup", "devana"]);
        expect(ofType(resources, "kubernetes:helm.sh/v4:Chart").map((c) => (c.inputs.chart as string) ?? "")).not.toContain("seaweedfs");
    });

    it("uses one azure-native provider, located from devana:azure.location, for every Azure resource", () => {
        const providers = ofType(resources, "pulumi:providers:azure-native");
        // Issue 16: a second one, in the hub's subscription, only for the hub side of the peering.
        expect(providers.map((p) => [p.name, p.inputs.location])).toEqual([
            ["devana-azure", "swedencentral"],
            ["devana-hub-hub-provider", "swedencentral"],
        ]);
        const azureResources = resources.filter((r) => r.custom && r.type.startsWith("azure-native:"));
        expect(azureResources.filter((r) => !r.options.provider.includes("pulumi:providers:azure-native::devana-azure::")).map((r) => r.name)).toEqual(["devana-hub-from-hub"]);
    });
});
