/**
 * AzureKeyVault: the Key Vault holding the customer-managed keys (Kubernetes secrets in etcd through
 * KMS, node and volume disks through the disk encryption set, Blob Storage), with Azure RBAC, purge
 * protection, 90 days of soft delete, no public network access (a private endpoint in the
 * management zone), and a rotation policy on every key.
 */
import * as keyvault from "@pulumi/azure-native/keyvault";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { AzureScopeArgs } from "../azure/scope";
import { AzurePrivateEndpoint } from "../network/azure-private-endpoint";

/** The keys this program creates, by stable id. */
export const AZURE_KEY_IDS = ["kms", "disks", "storage"] as const;
export type AzureKeyId = (typeof AZURE_KEY_IDS)[number];

/** Soft-delete window (days): the maximum Azure allows, so a deleted vault or key can be recovered. */
export const KEY_VAULT_SOFT_DELETE_DAYS = 90;

export interface KeySpec {
    readonly id: AzureKeyId;
    readonly name: string;
    readonly kty: "RSA" | "RSA-HSM";
    readonly keySize: number;
    readonly keyOps: readonly string[];
    readonly rotationPolicy: azureInputs.keyvault.RotationPolicyArgs;
}

/**
 * What each key is and how it rotates. Disk and storage keys are referenced without a version, so
 * Azure follows the rotated version on its own; new versions expire after two years. The KMS key is
 * referenced by version (AKS requires it): its versions do not expire, and after a rotation the next
 * `pulumi refresh && pulumi up` hands the new version to AKS, which re-encrypts the secrets.
 */
export function keySpecs(rotateAfterDays: number): KeySpec[] {
    const rotate = { trigger: { timeAfterCreate: `P${rotateAfterDays}D` }, action: { type: "rotate" as const } };
    const notify = { trigger: { timeBeforeExpiry: "P30D" }, action: { type: "notify" as const } };
    const wrap = ["wrapKey", "unwrapKey"];
    return [
        // AKS KMS documents RSA 2048 keys.
        { id: "kms", name: "aks-kms", kty: "RSA", keySize: 2048, keyOps: ["encrypt", "decrypt", ...wrap], rotationPolicy: { lifetimeActions: [rotate] } },
        { id: "disks", name: "disk-encryption", kty: "RSA-HSM", keySize: 3072, keyOps: wrap, rotationPolicy: { attributes: { expiryTime: "P2Y" }, lifetimeActions: [rotate, notify] } },
        { id: "storage", name: "blob-encryption", kty: "RSA-HSM", keySize: 3072, keyOps: wrap, rotationPolicy: { attributes: { expiryTime: "P2Y" }, lifetimeActions: [rotate, notify] } },
    ];
}

/**
 * One key as its consumers take it: the vault, the key's ARM id (the scope of their Key Vault role)
 * and its URIs. One object per key, so a consumer cannot pair one key's id with another's URI.
 */
export interface AzureKeyRef {
    /** ARM id of the vault. */
    readonly vaultId: pulumi.Input<string>;
    readonly vaultUri: pulumi.Input<string>;
    /** ARM id of the key (role scope). */
    readonly keyId: pulumi.Input<string>;
    readonly keyName: pulumi.Input<string>;
    /** Versionless URI: the consumer follows each rotation. */
    readonly keyUri: pulumi.Input<string>;
    /** URI with the current version (AKS KMS needs one). */
    readonly keyVersionUri: pulumi.Input<string>;
}

export interface AzureKeyVaultArgs extends AzureScopeArgs {
    /** Globally unique vault name, 3-24 characters. */
    readonly vaultName: pulumi.Input<string>;
    readonly tenantId: pulumi.Input<string>;
    /** Subnet of the private endpoint (management zone). */
    readonly privateEndpointSubnetId: pulumi.Input<string>;
    /** `privatelink.vaultcore.azure.net` zone id. */
    readonly privateDnsZoneId: pulumi.Input<string>;
    /** Days after which a key gets a new version. @default 365 */
    readonly rotateAfterDays?: number;
    /** Protect the vault and its keys from deletion. @default false */
    readonly protect?: boolean;
}

export class AzureKeyVault extends pulumi.ComponentResource {
    public readonly vaultId: pulumi.Output<string>;
    public readonly vaultName: pulumi.Output<string>;
    public readonly vaultUri: pulumi.Output<string>;
    /** The keys by id, each with its vault (what the disk encryption set, Blob Storage and AKS KMS take). */
    public readonly keys: Readonly<Record<AzureKeyId, AzureKeyRef>>;

    constructor(name: string, args: AzureKeyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token predates the move out of storage/: a new token would replace the deployed resource.
        super("devana:storage:AzureKeyVault", name, {}, opts);
        const protect = args.protect ?? false;
        const tags = { ...args.tags };
        const vault = new keyvault.Vault(
            `${name}-vault`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                vaultName: args.vaultName,
                properties: {
                    tenantId: args.tenantId,
                    // Premium: the disk and storage keys are HSM-backed.
                    sku: { family: "A", name: "premium" },
                    enableRbacAuthorization: true,
                    enableSoftDelete: true,
                    softDeleteRetentionInDays: KEY_VAULT_SOFT_DELETE_DAYS,
                    enablePurgeProtection: true,
                    publicNetworkAccess: "Disabled",
                    // Disk encryption sets and Storage reach the vault as trusted services.
                    networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
                },
                tags,
            },
            { parent: this, protect },
        );
        new AzurePrivateEndpoint(
            `${name}-endpoint`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                targetResourceId: vault.id,
                groupId: "vault",
                subnetId: args.privateEndpointSubnetId,
                privateDnsZoneId: args.privateDnsZoneId,
                tags,
            },
            { parent: this },
        );
        const vaultUri = vault.properties.apply((p) => p.vaultUri ?? "");
        const keys = {} as Record<AzureKeyId, AzureKeyRef>;
        for (const spec of keySpecs(args.rotateAfterDays ?? 365)) {
            // Keys are created through ARM (control plane), which the vault's firewall does not block.
            const key = new keyvault.Key(
                `${name}-key-${spec.id}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    vaultName: vault.name,
                    keyName: spec.name,
                    properties: { kty: spec.kty, keySize: spec.keySize, keyOps: [...spec.keyOps], rotationPolicy: spec.rotationPolicy },
                    tags,
                },
                { parent: this, protect },
            );
            keys[spec.id] = { vaultId: vault.id, vaultUri, keyId: key.id, keyName: key.name, keyUri: key.keyUri, keyVersionUri: key.keyUriWithVersion };
        }
        this.vaultId = vault.id;
        this.vaultName = vault.name;
        this.vaultUri = vaultUri;
        this.keys = keys;
        this.registerOutputs({ vaultId: this.vaultId, vaultName: this.vaultName, vaultUri: this.vaultUri, keys });
    }
}
