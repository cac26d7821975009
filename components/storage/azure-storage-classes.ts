/**
 * AzureStorageClasses: the R-STO StorageClasses on AKS, both encrypted with the customer-managed key
 * through the disk encryption set: `fast-ssd` (Premium SSD v2, provisioned IOPS and throughput for
 * PostgreSQL and ChromaDB) and `standard` (zone-redundant Standard SSD for logs and backups).
 * Pass the Kubernetes provider in `opts.providers`.
 */
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";

/** R-STO performance: PostgreSQL 10,000+ IOPS and 500 MB/s. */
export const FAST_SSD_IOPS = 10000;
export const FAST_SSD_MBPS = 500;

export interface StorageClassSpec {
    readonly name: "fast-ssd" | "standard";
    readonly parameters: Record<string, string>;
}

/** The azuredisk CSI parameters of each class. */
export function azureStorageClassSpecs(diskEncryptionSetId: string, encryptionType: string): StorageClassSpec[] {
    const encryption = { diskEncryptionSetID: diskEncryptionSetId, diskEncryptionType: encryptionType };
    return [
        {
            name: "fast-ssd",
            // Premium SSD v2 is zonal and supports no host caching.
            parameters: { skuName: "PremiumV2_LRS", cachingMode: "None", DiskIOPSReadWrite: String(FAST_SSD_IOPS), DiskMBpsReadWrite: String(FAST_SSD_MBPS), ...encryption },
        },
        { name: "standard", parameters: { skuName: "StandardSSD_ZRS", cachingMode: "ReadOnly", ...encryption } },
    ];
}

export interface AzureStorageClassesArgs {
    readonly diskEncryptionSetId: pulumi.Input<string>;
    readonly encryptionType: string;
    /** Keep volumes when claims are deleted (prod). @default false */
    readonly retain?: boolean;
}

export class AzureStorageClasses extends pulumi.ComponentResource {
    public readonly names: readonly string[];

    constructor(name: string, args: AzureStorageClassesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:storage:AzureStorageClasses", name, {}, opts);
        const specs = pulumi.output(args.diskEncryptionSetId).apply((id) => azureStorageClassSpecs(id, args.encryptionType));
        const names = ["fast-ssd", "standard"] as const;
        for (const className of names) {
            new k8s.storage.v1.StorageClass(
                `${name}-${className}`,
                {
                    metadata: { name: className, labels: { "app.kubernetes.io/part-of": "devana" } },
                    provisioner: "disk.csi.azure.com",
                    parameters: specs.apply((all) => all.find((s) => s.name === className)!.parameters),
                    reclaimPolicy: args.retain ? "Retain" : "Delete",
                    volumeBindingMode: "WaitForFirstConsumer",
                    allowVolumeExpansion: true,
                },
                { parent: this },
            );
        }
        this.names = names;
        this.registerOutputs({ names: this.names });
    }
}
