/**
 * AzureBlobStorage: the Storage account Devana uses natively for user files (no S3 emulation on
 * Azure), plus the backup and audit-log containers. Customer-managed key (`storage` key, versionless
 * so rotation is followed) with infrastructure encryption (a second, platform-key layer), no public
 * blob access, no public network access (a private endpoint in the data zone), shared keys off unless
 * Devana must use an account key, HTTPS with TLS 1.2 minimum: Azure Storage negotiates TLS 1.3 but
 * cannot enforce it as the minimum (documented exception to R-SEC-TLS, see docs/azure.md).
 * The audit container has a time-based immutability policy of at least `devana:audit.retentionDays`.
 *
 * R-STO-BACKUP (object store: geo-replication + weekly snapshots): GZRS replicates to the paired
 * region; versioning, change feed, blob soft delete and point-in-time restore stand in for weekly
 * snapshots: every earlier state of the user files is recoverable for `devana:backup.weeklyRetentionDays`
 * (`blobDataProtection`), and a lifecycle policy deletes earlier versions after that, so versions do
 * not accumulate forever. Restore procedure: docs/azure.md, "Restoring user files".
 */
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import type { AzureGrantScopeArgs } from "../azure/scope";
import { AzurePrivateEndpoint } from "../network/azure-private-endpoint";
import type { AzureKeyRef } from "../security/azure-key-vault";
import { keyWrappingIdentity } from "../security/azure-roles";

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

/** Azure's bounds for blob and container soft delete (days). */
export const MAX_SOFT_DELETE_DAYS = 365;

export interface BlobDataProtectionInput {
    /** `devana:backup.retentionDays`: how long deleted backups stay recoverable. */
    readonly backupRetentionDays: number;
    /** `devana:backup.weeklyRetentionDays`: how long earlier states of user files stay recoverable. */
    readonly versionRetentionDays: number;
}

/**
 * Soft delete, point-in-time restore and lifecycle, as data. Azure ages a previous version from
 * when it was first written, not from when it was replaced, so the lifecycle rule alone would drop a
 * file written long ago and deleted yesterday: soft delete (which keeps what the lifecycle deletes)
 * is what guarantees the window, and point-in-time restore must be shorter than soft delete by a day
 * (Azure's rule). Soft delete is account-wide, so deleted backups stay recoverable as long.
 */
export function blobDataProtection(input: BlobDataProtectionInput) {
    const softDeleteDays = Math.min(MAX_SOFT_DELETE_DAYS, Math.max(input.backupRetentionDays, input.versionRetentionDays + 1));
    const restoreDays = Math.min(input.versionRetentionDays, softDeleteDays - 1);
    const deleteVersions = (name: string, container: string, days: number, blobTypes: string[]) => ({
        name,
        enabled: true,
        type: "Lifecycle",
        definition: {
            filters: { blobTypes, prefixMatch: [`${container}/`] },
            actions: { version: { delete: { daysAfterCreationGreaterThan: days } } },
        },
    });
    return {
        softDeleteDays,
        restoreDays,
        // Point-in-time restore reads the change feed of the whole window.
        changeFeedDays: softDeleteDays,
        // The audit container has no rule: its blobs are immutable, and deletes would fail.
        lifecycleRules: [
            deleteVersions("files-earlier-versions", BLOB_CONTAINERS.files, input.versionRetentionDays, ["blockBlob"]),
            deleteVersions("backups-earlier-versions", BLOB_CONTAINERS.backups, input.backupRetentionDays, ["blockBlob", "appendBlob"]),
        ],
    };
}

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

export interface AzureBlobStorageArgs extends AzureGrantScopeArgs {
    /** Globally unique, 3-24 lower-case letters and digits. */
    readonly accountName: pulumi.Input<string>;
    /** Redundancy. @default "Standard_GZRS" */
    readonly sku?: string;
    /** The `storage` key: by name, without a version, so the account follows each rotation. */
    readonly key: AzureKeyRef;
    /** Shared keys (account keys, SAS) allowed: only when Devana authenticates with an account key. @default false */
    readonly allowSharedKey?: boolean;
    /** `devana:audit.retentionDays`: immutability of the audit container. */
    readonly auditRetentionDays: number;
    /** How long deleted backups stay recoverable (`devana:backup.retentionDays`). */
    readonly deleteRetentionDays: number;
    /** How long earlier states of the user files stay recoverable (`devana:backup.weeklyRetentionDays`). */
    readonly versionRetentionDays: number;
    readonly privateEndpointSubnetId: pulumi.Input<string>;
    /** `privatelink.blob.core.windows.net` zone id. */
    readonly privateDnsZoneId: pulumi.Input<string>;
    /** Protect the account, its containers and the audit immutability policy from deletion. @default false */
    readonly protect?: boolean;
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
            { resourceGroupName: args.resourceGroupName, location: args.location, subscriptionId: args.subscriptionId, keyId: args.key.keyId, tags, description: "Storage account wraps its encryption keys with the customer-managed key" },
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
                    keyVaultProperties: { keyName: args.key.keyName, keyVaultUri: args.key.vaultUri },
                    encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
                    services: { blob: { enabled: true, keyType: "Account" }, file: { enabled: true, keyType: "Account" } },
                },
                tags: { ...tags, ...TLS_EXCEPTION_TAG },
            } as storage.StorageAccountArgs,
            { parent: this, protect, dependsOn: [role] },
        );
        const protection = blobDataProtection({ backupRetentionDays: args.deleteRetentionDays, versionRetentionDays: args.versionRetentionDays });
        const service = new storage.BlobServiceProperties(
            `${name}-blob-service`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: account.name,
                blobServicesName: "default",
                isVersioningEnabled: true,
                changeFeed: { enabled: true, retentionInDays: protection.changeFeedDays },
                deleteRetentionPolicy: { enabled: true, days: protection.softDeleteDays },
                // Point-in-time restore cannot bring back a deleted container: container soft delete does.
                containerDeleteRetentionPolicy: { enabled: true, days: protection.softDeleteDays },
                restorePolicy: { enabled: true, days: protection.restoreDays },
            },
            { parent: this },
        );
        new storage.ManagementPolicy(
            `${name}-lifecycle`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: account.name,
                managementPolicyName: "default",
                policy: { rules: protection.lifecycleRules },
            },
            { parent: this, dependsOn: [service] },
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
