/**
 * AzureBlobStorage: the Storage account Devana uses natively for user files (no S3 emulation on
 * Azure), plus the backup and audit-log containers. Customer-managed key (`storage` key, versionless
 * so rotation is followed) with infrastructure encryption (a second, platform-key layer), no public
 * blob access, no public network access (a private endpoint in the data zone), shared keys off unless
 * Devana must use an account key, HTTPS with TLS 1.2 minimum: Azure Storage negotiates TLS 1.3 but
 * cannot enforce it as the minimum (documented exception to R-SEC-TLS, see docs/azure.md).
 * The audit container has a time-based immutability policy of at least `devana:audit.retentionDays`.
 */
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { AzurePrivateEndpoint } from "./azure-private-endpoint";
import { keyWrappingIdentity } from "./azure-roles";

/** The containers, by stable id. */
export const BLOB_CONTAINERS = {
    files: "devana-files",
    backups: "devana-backups",
    audit: "audit-logs",
} as const;
export type BlobContainerId = keyof typeof BLOB_CONTAINERS;

/** R-SEC-TLS exception: the strongest minimum Azure Storage can enforce (1.3 is negotiated, not enforceable). */
export const STORAGE_MIN_TLS = "TLS1_2";
export const TLS_EXCEPTION_TAG = { "devana.ai/tls-exception": "azure-storage-cannot-enforce-tls13-minimum" } as const;

/** The storage account's security settings, as data (tests read them without Pulumi). */
export function storageAccountSecurity(allowSharedKey: boolean) {
    return {
        kind: "StorageV2",
        accessTier: "Hot",
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: STORAGE_MIN_TLS,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: allowSharedKey,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        publicNetworkAccess: "Disabled",
        networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" },
    } as const;
}

export interface AzureBlobStorageArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: string;
    readonly subscriptionId: pulumi.Input<string>;
    /** Globally unique, 3-24 lower-case letters and digits. */
    readonly accountName: pulumi.Input<string>;
    /** Redundancy. @default "Standard_GZRS" */
    readonly sku?: string;
    readonly vaultUri: pulumi.Input<string>;
    /** ARM id of the `storage` key (role scope) and its name. */
    readonly keyId: pulumi.Input<string>;
    readonly keyName: pulumi.Input<string>;
    /** Shared keys (account keys, SAS) allowed: only when Devana authenticates with an account key. @default false */
    readonly allowSharedKey?: boolean;
    /** `devana:audit.retentionDays`: immutability of the audit container. */
    readonly auditRetentionDays: number;
    /** Soft delete and version retention of blobs and containers (`devana:backup.retentionDays`). */
    readonly deleteRetentionDays: number;
    readonly privateEndpointSubnetId: pulumi.Input<string>;
    /** `privatelink.blob.core.windows.net` zone id. */
    readonly privateDnsZoneId: pulumi.Input<string>;
    /** @default false */
    readonly protect?: boolean;
    /** @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

export class AzureBlobStorage extends pulumi.ComponentResource {
    public readonly accountId: pulumi.Output<string>;
    public readonly accountName: pulumi.Output<string>;
    public readonly blobEndpoint: pulumi.Output<string>;
    /** Container names by id. */
    public readonly containers: Readonly<Record<BlobContainerId, pulumi.Output<string>>>;
    /** ARM ids of the containers (role assignment scopes). */
    public readonly containerIds: Readonly<Record<BlobContainerId, pulumi.Output<string>>>;

    constructor(name: string, args: AzureBlobStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:storage:AzureBlobStorage", name, {}, opts);
        const protect = args.protect ?? false;
        const tags = { ...args.tags };
        const { identity, role } = keyWrappingIdentity(
            name,
            { resourceGroupName: args.resourceGroupName, location: args.location, subscriptionId: args.subscriptionId, keyId: args.keyId, tags, description: "Storage account wraps its encryption keys with the customer-managed key" },
            { parent: this },
        );
        const account = new storage.StorageAccount(
            `${name}-account`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                accountName: args.accountName,
                sku: { name: args.sku ?? "Standard_GZRS" },
                ...storageAccountSecurity(args.allowSharedKey ?? false),
                identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
                encryption: {
                    keySource: "Microsoft.Keyvault",
                    requireInfrastructureEncryption: true,
                    keyVaultProperties: { keyName: args.keyName, keyVaultUri: args.vaultUri },
                    encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
                    services: { blob: { enabled: true, keyType: "Account" }, file: { enabled: true, keyType: "Account" } },
                },
                tags: { ...tags, ...TLS_EXCEPTION_TAG },
            } as storage.StorageAccountArgs,
            { parent: this, protect, dependsOn: [role] },
        );
        const service = new storage.BlobServiceProperties(
            `${name}-blob-service`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: account.name,
                blobServicesName: "default",
                isVersioningEnabled: true,
                deleteRetentionPolicy: { enabled: true, days: args.deleteRetentionDays },
                containerDeleteRetentionPolicy: { enabled: true, days: args.deleteRetentionDays },
            },
            { parent: this },
        );
        const containers = {} as Record<BlobContainerId, pulumi.Output<string>>;
        const containerIds = {} as Record<BlobContainerId, pulumi.Output<string>>;
        for (const [id, containerName] of Object.entries(BLOB_CONTAINERS) as [BlobContainerId, string][]) {
            const container = new storage.BlobContainer(
                `${name}-container-${id}`,
                { resourceGroupName: args.resourceGroupName, accountName: account.name, containerName, publicAccess: "None" },
                { parent: this, protect, dependsOn: [service] },
            );
            if (id === "audit") {
                // Unlocked so a misconfiguration can be corrected; lock it once verified (docs/azure.md).
                new storage.BlobContainerImmutabilityPolicy(
                    `${name}-audit-immutability`,
                    {
                        resourceGroupName: args.resourceGroupName,
                        accountName: account.name,
                        containerName: container.name,
                        immutabilityPolicyName: "default",
                        immutabilityPeriodSinceCreationInDays: args.auditRetentionDays,
                        allowProtectedAppendWrites: true,
                    },
                    { parent: this, protect },
                );
            }
            containers[id] = container.name;
            containerIds[id] = container.id;
        }
        new AzurePrivateEndpoint(
            `${name}-endpoint`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                targetResourceId: account.id,
                groupId: "blob",
                subnetId: args.privateEndpointSubnetId,
                privateDnsZoneId: args.privateDnsZoneId,
                tags,
            },
            { parent: this },
        );
        this.accountId = account.id;
        this.accountName = account.name;
        this.blobEndpoint = pulumi.interpolate`https://${account.name}.blob.core.windows.net/`;
        this.containers = containers;
        this.containerIds = containerIds;
        this.registerOutputs({ accountId: this.accountId, accountName: this.accountName, blobEndpoint: this.blobEndpoint, containers, containerIds });
    }
}
