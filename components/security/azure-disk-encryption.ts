/**
 * AzureDiskEncryption: the disk encryption set that encrypts AKS OS disks, their host caches
 * (encryption at host) and every persistent volume of the `fast-ssd` and `standard`
 * StorageClasses with the customer-managed `disks` key. Its own user-assigned identity holds the
 * Key Vault role, so the role exists before the set first reads the key.
 */
import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import type { AzureGrantScopeArgs } from "../azure/scope";
import type { AzureKeyRef } from "./azure-key-vault";
import { keyWrappingIdentity } from "./azure-roles";

/**
 * Customer key only; `EncryptionAtRestWithPlatformAndCustomerKeys` adds a platform layer (double
 * encryption), which Premium SSD v2 (the `fast-ssd` class) does not support: claims stay Pending.
 */
export type DiskEncryptionType = "EncryptionAtRestWithCustomerKey" | "EncryptionAtRestWithPlatformAndCustomerKeys";

export interface AzureDiskEncryptionArgs extends AzureGrantScopeArgs {
    /** The `disks` key: its versionless URI, so the set follows each rotation. */
    readonly key: AzureKeyRef;
    /** @default "EncryptionAtRestWithCustomerKey" (the type Premium SSD v2 supports; R-SEC-REST asks a customer key, not two layers) */
    readonly encryptionType?: DiskEncryptionType;
    /** Protect the disk encryption set from deletion (every encrypted disk reads its key through it). @default false */
    readonly protect?: boolean;
}

export class AzureDiskEncryption extends pulumi.ComponentResource {
    public readonly diskEncryptionSetId: pulumi.Output<string>;
    public readonly encryptionType: DiskEncryptionType;

    constructor(name: string, args: AzureDiskEncryptionArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token predates the move out of storage/: a new token would replace the deployed resource.
        super("devana:storage:AzureDiskEncryption", name, {}, opts);
        const tags = { ...args.tags };
        const { identity, role } = keyWrappingIdentity(
            name,
            { resourceGroupName: args.resourceGroupName, location: args.location, subscriptionId: args.subscriptionId, keyId: args.key.keyId, tags, description: "Disk encryption set wraps disk keys with the customer-managed key" },
            { parent: this },
        );
        this.encryptionType = args.encryptionType ?? "EncryptionAtRestWithCustomerKey";
        const des = new compute.DiskEncryptionSet(
            `${name}-des`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                encryptionType: this.encryptionType,
                identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
                activeKey: { keyUrl: args.key.keyUri, sourceVault: { id: args.key.vaultId } },
                rotationToLatestKeyVersionEnabled: true,
                tags,
            },
            { parent: this, protect: args.protect ?? false, dependsOn: [role] },
        );
        this.diskEncryptionSetId = des.id;
        this.registerOutputs({ diskEncryptionSetId: this.diskEncryptionSetId, encryptionType: this.encryptionType });
    }
}
