/**
 * AzureDiskEncryption: the disk encryption set that encrypts AKS OS disks, their host caches
 * (encryption at host) and every persistent volume of the `fast-ssd` and `standard`
 * StorageClasses with the customer-managed `disks` key. Its own user-assigned identity holds the
 * Key Vault role, so the role exists before the set first reads the key.
 */
import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import { keyWrappingIdentity } from "./azure-roles";

/**
 * Customer key only; `EncryptionAtRestWithPlatformAndCustomerKeys` adds a platform layer (double
 * encryption), which Premium SSD v2 (the `fast-ssd` class) does not support: claims stay Pending.
 */
export type DiskEncryptionType = "EncryptionAtRestWithCustomerKey" | "EncryptionAtRestWithPlatformAndCustomerKeys";

export interface AzureDiskEncryptionArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: string;
    readonly subscriptionId: pulumi.Input<string>;
    readonly vaultId: pulumi.Input<string>;
    /** ARM id of the `disks` key (role scope). */
    readonly keyId: pulumi.Input<string>;
    /** Versionless key URI: the set follows each rotation. */
    readonly keyUri: pulumi.Input<string>;
    /** @default "EncryptionAtRestWithCustomerKey" (the type Premium SSD v2 supports; R-SEC-REST asks a customer key, not two layers) */
    readonly encryptionType?: DiskEncryptionType;
    /** @default false */
    readonly protect?: boolean;
    /** @default {} */
    readonly tags?: Readonly<Record<string, string>>;
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
            { resourceGroupName: args.resourceGroupName, location: args.location, subscriptionId: args.subscriptionId, keyId: args.keyId, tags, description: "Disk encryption set wraps disk keys with the customer-managed key" },
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
                activeKey: { keyUrl: args.keyUri, sourceVault: { id: args.vaultId } },
                rotationToLatestKeyVersionEnabled: true,
                tags,
            },
            { parent: this, protect: args.protect ?? false, dependsOn: [role] },
        );
        this.diskEncryptionSetId = des.id;
        this.registerOutputs({ diskEncryptionSetId: this.diskEncryptionSetId, encryptionType: this.encryptionType });
    }
}
