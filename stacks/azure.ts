/**
 * The `azure` target: the VNet of R-NET-ZONES, Key Vault keys, the disk encryption set, Blob Storage,
 * AKS with the node pools, Log Analytics for the audit trail, StorageClasses; then what every target
 * deploys on its Kubernetes provider (`deployCommon`, `deployPlatform`). One azure-native provider
 * (location from devana:azure.location) is created here and flows to every child.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import type { AzureGrantScopeArgs, AzureScopeArgs } from "../components/azure/scope";
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/model";
import { aksAgentPools, AzureCluster, podSubnetCapacityProblems } from "../components/cluster/azure-cluster";
import { AzureNetwork, azurePodSubnets, checkAzureAddressPlan } from "../components/network/azure-network";
import { AzureHubConnectivity } from "../components/network/azure-hub";
import { AzureAppGateway, keyVaultSecretRef } from "../components/edge/azure-app-gateway";
import { APP_NAMES } from "../components/devana/app/common";
import { postgresNames } from "../components/devana/data/postgres";
import { AzureBlobAccess, ACCOUNT_KEY_SECRET } from "../components/storage/azure-blob-access";
import { AzureBlobStorage, BLOB_CONTAINERS, type BlobContainerId } from "../components/storage/azure-blob-storage";
import { AzureDiskEncryption } from "../components/security/azure-disk-encryption";
import { AzureKeyVault } from "../components/security/azure-key-vault";
import { AzureLogAnalytics } from "../components/security/azure-log-analytics";
import { AzureAuditDiagnostics } from "../components/security/azure-audit-diagnostics";
import { AzureCloudAlarms } from "../components/platform/azure-cloud-alarms";
import { cloudAlarmReceivers } from "../components/platform/cloud-alarm-routing";
import { AzureStorageClasses } from "../components/storage/azure-storage-classes";
import { deployCommon, type StackOutputs } from "./common";
import type { WorkloadIdentity } from "../components/devana/app/api";
import { CiliumKubeApiEgress } from "../components/devana/cilium-policies";
import { cloudDataEndpoints, deployApp, zoneFlowsOf, type DataTierEndpoints } from "./app";
import type { ZoneFlow } from "../components/devana/zone-flows";
import { azureGatewayEdge } from "../components/platform/gateway";
import { BACKUP_SERVICE_ACCOUNT, deployData, type DataTier, type DataTierInputs } from "./data";
import { deployPlatform } from "./platform";

/**
 * Suffix of the globally unique names (Key Vault, Storage): a hash of the project, stack and the
 * customer's domain, so it is known at plan time (the data tier builds URLs from the account name),
 * stable across runs, and different between customers using the same stack name.
 */
export function nameSuffix(project: string, stack: string, domain: string): string {
    return createHash("sha256").update(`${project}/${stack}/${domain}`).digest("hex").slice(0, 6);
}

/** Azure names of a stack. Key Vault and Storage names are global: the suffix keeps them unique. */
export function azureNames(stack: string, suffix: string) {
    const slug = stack.toLowerCase().replace(/[^a-z0-9-]/g, "-");
    const alnum = stack.toLowerCase().replace(/[^a-z0-9]/g, "");
    return {
        resourceGroup: `rg-devana-${slug}`.slice(0, 90),
        cluster: `aks-devana-${slug}`.slice(0, 63).replace(/-+$/, ""),
        // 3-24 characters: letters, digits, hyphens; starts with a letter, no trailing hyphen.
        keyVault: `kv-devana-${slug}`.slice(0, 24 - suffix.length - 1).replace(/-+$/, "") + `-${suffix}`,
        // 3-24 lower-case letters and digits.
        storageAccount: `stdevana${alnum}`.slice(0, 24 - suffix.length) + suffix,
        workspace: `log-devana-${slug}`.slice(0, 63),
    };
}

/**
 * Service accounts that reach Blob Storage through Entra workload identity, by consumer: the API
 * (user files; Odin reads S3 variables only and gets no store on Azure), the PostgreSQL cluster
 * (CloudNativePG names the service account after the Cluster) and the data tier's snapshot jobs
 * (backups). Their pods need the
 * label `azure.workload.identity/use: "true"`, their service accounts the annotation
 * `azure.workload.identity/client-id` (the `clientIds` output).
 */
export const AZURE_BLOB_SERVICE_ACCOUNTS = {
    devana: { namespace: "app", names: [APP_NAMES.api], containers: ["files"] },
    backup: { namespace: "services", names: [postgresNames().cluster, BACKUP_SERVICE_ACCOUNT], containers: ["backups"] },
} as const satisfies Record<string, { namespace: "app" | "services"; names: readonly string[]; containers: readonly BlobContainerId[] }>;

/** `deployData` inputs on Azure: AKS StorageClasses, backups in the Blob `devana-backups` container. */
export function azureDataInputs(blobAuth: "workloadIdentity" | "accountKey", storageAccount: string, backupClientId: pulumi.Input<string>, dependsOn: readonly pulumi.Resource[]): DataTierInputs {
    return {
        storageClasses: { fast: "fast-ssd", bulk: "standard" },
        objectStore: {
            kind: "cloud",
            backups: {
                kind: "azureBlob",
                storageAccount,
                container: BLOB_CONTAINERS.backups,
                auth:
                    blobAuth === "workloadIdentity"
                        ? // The data tier places the annotation in resource inputs only, where an Output resolves.
                          { kind: "workloadIdentity", serviceAccountAnnotations: { "azure.workload.identity/client-id": backupClientId as unknown as string } }
                        : { kind: "secret", secretName: ACCOUNT_KEY_SECRET },
            },
        },
        dependsOn,
    };
}

/**
 * The application's view of the data tier on Azure: user files in the `files` container of the
 * account, reached through its private endpoint in the data zone (`dataZoneCidr`).
 */
export function azureDataEndpoints(data: DataTier, storageAccount: string, blobAuth: "workloadIdentity" | "accountKey", dataZoneCidr: string): DataTierEndpoints {
    return cloudDataEndpoints(data, { kind: "azureBlob", account: storageAccount, container: BLOB_CONTAINERS.files, credentials: { kind: blobAuth } }, azureObjectStoreNetwork(dataZoneCidr));
}

/** What the Azure data tier tells the flow matrix about the object store: Blob through its private endpoint in the data zone. */
export function azureObjectStoreNetwork(dataZoneCidr: string): DataTierEndpoints["objectStoreNetwork"] {
    return { kind: "cloud", privateEndpointCidr: dataZoneCidr, odin: false };
}

/**
 * Issue 20: the zone flows the Azure NSGs admit, the configuration's (`zoneFlowsOf`): the same table
 * the NetworkPolicies and the AWS network ACLs come from.
 */
export function azureZoneFlows(config: DevanaConfig): ZoneFlow[] {
    return zoneFlowsOf(config, azureObjectStoreNetwork(config.network.zones.data));
}

/** Entra workload identity of a workload: the client id on its ServiceAccount, the webhook's label on its pods. */
export function azureWorkloadIdentity(clientId: pulumi.Input<string>): WorkloadIdentity {
    return { serviceAccountAnnotations: { "azure.workload.identity/client-id": clientId }, podLabels: { "azure.workload.identity/use": "true" } };
}

export interface AzureStackOutputs extends StackOutputs {
    readonly azure: {
        readonly location: string;
        readonly resourceGroup: pulumi.Output<string>;
        readonly clusterName: pulumi.Output<string>;
        readonly apiServerFqdn: pulumi.Output<string>;
        readonly oidcIssuerUrl: pulumi.Output<string>;
        readonly egressIp: pulumi.Output<string | undefined>;
        readonly keyVault: pulumi.Output<string>;
        readonly storageAccount: pulumi.Output<string>;
        readonly containers: Readonly<Record<BlobContainerId, pulumi.Output<string>>>;
        readonly logAnalyticsWorkspace: pulumi.Output<string>;
        readonly agentPools: Readonly<Record<string, string>>;
        /** How Devana's API and the backups reach Blob Storage, and the identities' client ids. */
        readonly blobAccess: {
            readonly auth: "workloadIdentity" | "accountKey";
            readonly clientIds: Readonly<Record<string, pulumi.Output<string>>>;
        };
        /**
         * With devana:waf: the Application Gateway's public IP (point the front, `api.` and `ws.`
         * DNS records at it) and the identity that reads the listener certificate.
         */
        readonly waf?: { readonly publicIp: pulumi.Output<string | undefined>; readonly identityPrincipalId: pulumi.Output<string> };
    };
}

export function deployAzure(config: DevanaConfig, secrets: ConfigSecrets): AzureStackOutputs {
    const az = config.azure;
    if (!az) {
        throw new pulumi.RunError("devana:azure is required for the azure target");
    }
    // Checked before anything is created (design convention 7).
    const problems = checkAzureAddressPlan({
        vnetCidr: config.network.cidr,
        zones: config.network.zones,
        apiServerSubnet: az.apiServerSubnet,
        podCidr: az.podCidr,
        serviceCidr: az.serviceCidr,
        waf: config.waf.enabled,
        gatewayExposure: az.gatewayExposure,
    });
    if (problems.length === 0) {
        // Issue 20: every zone's pod subnet holds its pools at their maximum size.
        problems.push(...podSubnetCapacityProblems(aksAgentPools({ pools: config.nodePools, availabilityZones: az.availabilityZones }), azurePodSubnets(az.podCidr)));
    }
    if (problems.length > 0) {
        throw new pulumi.RunError(`invalid Azure address plan:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }

    const prefix = "devana";
    const protect = config.protect;
    const location = az.location;
    const tags = { "devana.ai/stack": config.stack, "devana.ai/environment": config.environment, "managed-by": "pulumi" };
    const provider = new AzureProvider(`${prefix}-azure`, { location });
    const opts = { providers: [provider] };
    const client = authorization.getClientConfigOutput({ provider });
    const names = azureNames(config.stack, nameSuffix(config.project, config.stack, config.domain));

    const network = new AzureNetwork(
        `${prefix}-network`,
        {
            resourceGroupName: names.resourceGroup,
            location,
            vnetCidr: config.network.cidr,
            zones: config.network.zones,
            apiServerSubnet: az.apiServerSubnet,
            podCidr: az.podCidr,
            serviceCidr: az.serviceCidr,
            gatewayExposure: az.gatewayExposure,
            // R-SEC-ZONES: the Application Gateway WAF gets its half of the DMZ.
            waf: config.waf.enabled,
            // Issue 20: the NSG rules come from the zone flows.
            flows: azureZoneFlows(config),
            tags,
            protect,
        },
        opts,
    );
    const resourceGroupName = network.resourceGroupName;
    // Every component below lands in the network's resource group, with the stack's location and tags.
    const scope: AzureScopeArgs = { resourceGroupName, location, tags };
    const grantScope: AzureGrantScopeArgs = { ...scope, subscriptionId: client.subscriptionId };

    // Issue 16: the hub of the self-hosted runners and admins reaches the private API from the first run.
    const hub =
        az.hub && !az.apiServer.public
            ? new AzureHubConnectivity(
                  `${prefix}-hub`,
                  {
                      ...scope,
                      vnetId: network.vnetId,
                      vnetName: network.vnetName,
                      vnetNameText: `devana-${config.stack}`,
                      hub: az.hub,
                      privateDnsZoneId: az.apiServer.privateDnsZoneId,
                  },
                  opts,
              )
            : undefined;

    const keyVault = new AzureKeyVault(
        `${prefix}-keys`,
        {
            ...scope,
            vaultName: names.keyVault,
            tenantId: client.tenantId,
            privateEndpointSubnetId: network.subnetIds.management,
            privateDnsZoneId: network.privateDnsZoneIds.keyVault,
            protect,
        },
        opts,
    );

    const disks = new AzureDiskEncryption(`${prefix}-disks`, { ...grantScope, key: keyVault.keys.disks, protect }, opts);

    const blob = new AzureBlobStorage(
        `${prefix}-blob`,
        {
            ...grantScope,
            accountName: names.storageAccount,
            sku: az.storageSku,
            key: keyVault.keys.storage,
            allowSharedKey: az.blobAuth === "accountKey",
            auditRetentionDays: config.audit.retentionDays,
            deleteRetentionDays: config.backup.retentionDays,
            versionRetentionDays: config.backup.weeklyRetentionDays,
            privateEndpointSubnetId: network.subnetIds.data,
            privateDnsZoneId: network.privateDnsZoneIds.blob,
            protect,
        },
        opts,
    );

    const cluster = new AzureCluster(
        `${prefix}-cluster`,
        {
            ...grantScope,
            resourceGroupId: network.resourceGroupId,
            tenantId: client.tenantId,
            deployerObjectId: client.objectId,
            clusterName: names.cluster,
            kubernetesVersion: config.kubernetesVersion,
            skuTier: config.environment === "dev" ? "Free" : "Standard",
            pools: config.nodePools,
            availabilityZones: az.availabilityZones,
            subnetIds: network.subnetIds,
            podSubnetIds: network.podSubnetIds,
            serviceCidr: az.serviceCidr,
            publicApiServer: az.apiServer.public,
            authorizedIpRanges: az.apiServer.authorizedIpRanges,
            adminGroupObjectIds: az.adminGroupObjectIds,
            access: az.access,
            privateDnsZoneId: hub?.privateDnsZoneId ?? az.apiServer.privateDnsZoneId,
            apiPathDependsOn: hub?.ready,
            kmsKey: keyVault.keys.kms,
            diskEncryptionSetId: disks.diskEncryptionSetId,
            encryptionAtHost: az.encryptionAtHost,
            kubeLogin: az.kubeLogin,
            protect,
        },
        opts,
    );

    const logs = new AzureLogAnalytics(`${prefix}-logs`, { ...scope, workspaceName: names.workspace, auditRetentionDays: config.audit.retentionDays, clusterId: cluster.clusterId, protect }, opts);
    // Issue 17 (R-SEC-AUDIT): the Key Vault, the blob service and the Activity Log into the same workspace.
    new AzureAuditDiagnostics(`${prefix}-audit-diagnostics`, { workspaceId: logs.workspaceId, keyVaultId: keyVault.vaultId, storageAccountId: blob.accountId, stack: config.stack }, opts);

    const k8sOpts = { providers: { kubernetes: cluster.provider } };
    const storageClasses = new AzureStorageClasses(`${prefix}-storage-classes`, { diskEncryptionSetId: disks.diskEncryptionSetId, encryptionType: disks.encryptionType, retain: protect }, k8sOpts);

    const common = deployCommon(config, secrets, cluster.provider);

    const blobAccess = new AzureBlobAccess(
        `${prefix}-blob-access`,
        {
            mode: az.blobAuth,
            ...grantScope,
            storageAccountName: blob.accountName,
            oidcIssuerUrl: cluster.oidcIssuerUrl,
            consumers: Object.entries(AZURE_BLOB_SERVICE_ACCOUNTS).map(([id, c]) => ({
                id,
                namespace: config.namespaces[c.namespace],
                serviceAccounts: c.names,
                containerIds: c.containers.map((container) => blob.containerIds[container]),
            })),
            backupSecretNamespace: config.namespaces.services,
        },
        { providers: [provider, cluster.provider], dependsOn: [common.namespaces] },
    );

    const platform = deployPlatform(config, common, cluster.provider, {
        gpuStack: "aks-managed",
        // The gateway's load balancer: frontend in the DMZ subnet (internal, at a fixed address the
        // Application Gateway's backend pool names) or a public IP.
        loadBalancer: {
            target: "azure",
            dmzSubnetName: network.subnetNames.dmz,
            internal: az.gatewayExposure === "internal",
            privateIp: az.gatewayExposure === "internal" ? network.gatewayFrontendIp : undefined,
        },
        // The Application Gateway's instances sit in the DMZ: keep their X-Forwarded-For.
        trustedProxies: config.waf.enabled ? [config.network.zones.dmz] : [],
        storageClass: "standard",
        // Issue 20: externalTrafficPolicy Local, so the load balancer sends only to gateway nodes.
        edge: azureGatewayEdge(),
        // AKS installs the NVIDIA driver on GPU pools (gpuProfile.driver Install).
        installGpuDriver: false,
        dependsOn: [storageClasses],
    });

    // R-SEC-ZONES: the Application Gateway WAF v2 in the DMZ, in front of Traefik's internal load balancer.
    const waf = config.waf.enabled ? deployAzureWaf({ config, az, names, network, keyVault, logs, scope: grantScope, internalCaPem: common.internalCa?.certificatePem }, opts) : undefined;

    // Issue 17: an Azure Monitor alert on WAF blocks, to the receivers of devana:alerting.routes
    // (blob geo-replication exposes no lag metric: azure-cloud-alarms.ts).
    if (waf && Object.keys(cloudAlarmReceivers(config.alerting)).length > 0) {
        new AzureCloudAlarms(`${prefix}-cloud-alarms`, { resourceGroupName, stack: config.stack, alerting: config.alerting, credentials: secrets, waf: { gatewayId: waf.gatewayId, blockedThreshold: config.waf.rateLimit }, tags }, opts);
    }

    // Data tier on the AKS StorageClasses, backups (WAL archive, base backups, snapshots) in the Blob
    // container through workload identity (or the account-key Secret): no in-cluster object store.
    const dataInputs = azureDataInputs(az.blobAuth, names.storageAccount, blobAccess.clientIds.backup, [storageClasses, blobAccess, platform.certManager]);
    const data = deployData(config, common, cluster.provider, dataInputs);

    // Devana on Azure Blob Storage natively (devana-services.md: no S3 emulation on Azure). With
    // workload identity the AKS webhook injects the client and tenant ids into the labelled API pods.
    const workloadIdentity = az.blobAuth === "workloadIdentity";
    deployApp(config, secrets, common, cluster.provider, {
        data: azureDataEndpoints(data, names.storageAccount, az.blobAuth, config.network.zones.data),
        modelCacheStorageClass: "standard",
        apiIdentity: workloadIdentity ? azureWorkloadIdentity(blobAccess.clientIds.devana) : undefined,
        secretValues: blobAccess.accountKey ? { azureStorageKey: blobAccess.accountKey } : {},
        dependsOn: [platform.certManager, blobAccess, ...data.ready],
    });
    // AKS runs the Cilium dataplane, whose API-server identity no ipBlock matches.
    new CiliumKubeApiEgress(`${prefix}-cilium-kube-api`, { namespace: config.namespaces.services, dependsOn: [common.namespaces] }, k8sOpts);

    return {
        ...common.outputs,
        azure: {
            location,
            resourceGroup: resourceGroupName,
            clusterName: cluster.clusterName,
            apiServerFqdn: cluster.apiServerFqdn,
            oidcIssuerUrl: cluster.oidcIssuerUrl,
            egressIp: network.egressIp,
            keyVault: keyVault.vaultName,
            storageAccount: blob.accountName,
            containers: blob.containers,
            logAnalyticsWorkspace: logs.workspaceName,
            agentPools: cluster.agentPools,
            blobAccess: { auth: az.blobAuth, clientIds: blobAccess.clientIds },
            waf: waf && { publicIp: waf.publicIpAddress, identityPrincipalId: waf.identityPrincipalId },
        },
    };
}

/**
 * The Application Gateway WAF (issue 10). Its identity reads the listener certificate: granted here
 * when the secret lives in the stack's own Key Vault, by the customer on theirs otherwise.
 */
function deployAzureWaf(
    input: {
        readonly config: DevanaConfig;
        readonly az: NonNullable<DevanaConfig["azure"]>;
        readonly names: ReturnType<typeof azureNames>;
        readonly network: AzureNetwork;
        readonly keyVault: AzureKeyVault;
        readonly logs: AzureLogAnalytics;
        /** The network's resource group, the stack's location and tags, the deploying subscription. */
        readonly scope: AzureGrantScopeArgs;
        readonly internalCaPem?: pulumi.Input<string>;
    },
    opts: pulumi.ComponentResourceOptions,
): AzureAppGateway {
    const { config, az, names, network, keyVault, logs } = input;
    if (!az.wafCertificateSecretId || !network.appGatewaySubnetId) {
        throw new pulumi.RunError("devana:waf on Azure needs devana:azure.wafCertificateSecretId and the Application Gateway subnet");
    }
    const ownVault = keyVaultSecretRef(az.wafCertificateSecretId).vaultName === names.keyVault;
    return new AzureAppGateway(
        "devana-waf",
        {
            ...input.scope,
            resourceGroupNameText: names.resourceGroup,
            stack: config.stack,
            environment: config.environment,
            availabilityZones: az.availabilityZones,
            subnetId: network.appGatewaySubnetId,
            hosts: config.hosts,
            backendIp: network.gatewayFrontendIp,
            certificateSecretId: az.wafCertificateSecretId,
            // Issue 16: a customer vault given by id is granted here too, so the first run succeeds.
            certificateVaultId: ownVault ? keyVault.vaultId : az.wafCertificateVaultId,
            tlsMode: config.tls.mode,
            internalCaCertificatePem: input.internalCaPem,
            waf: { rateLimit: config.waf.rateLimit, maxBodyMiB: config.waf.maxBodyMiB },
            logAnalyticsWorkspaceId: logs.workspaceId,
            logAnalyticsWorkspaceName: logs.workspaceName,
            auditRetentionDays: config.audit.retentionDays,
            protect: config.protect,
        },
        opts,
    );
}

/** Container names, re-exported for the tiers that consume them. */
export { BLOB_CONTAINERS };
