/**
 * AwsStorageClasses: the R-STO storage classes on EKS. `fast-ssd` (PostgreSQL, ChromaDB) and
 * `standard` (logs, backups) are EBS gp3 volumes through the EBS CSI driver, encrypted with the EBS
 * customer key; `s3-csi` serves the user-files bucket through the Mountpoint for S3 CSI driver
 * (static provisioning: one PersistentVolume per bucket, written with SSE-KMS).
 */
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../config/versions";

export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";
export const S3_CSI_DRIVER = "s3.csi.aws.com";
/** The Mountpoint driver's service account (chart default), bound to an IAM role by Pod Identity. */
export const S3_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "s3-csi-driver-sa" } as const;

/**
 * R-STO performance: PostgreSQL 10,000+ IOPS and 500 MB/s, ChromaDB 5,000+ IOPS and 300 MB/s.
 * gp3 provisions both independently (up to 16,000 IOPS and 1,000 MiB/s per volume) at a fraction
 * of io2's price; a 24 GiB volume is enough for 12,000 IOPS (500 IOPS per GiB).
 */
export const FAST_SSD = { iops: 12000, throughputMiBs: 500 } as const;

export interface EbsClassSpec {
    readonly name: "fast-ssd" | "standard";
    readonly parameters: Record<string, string>;
    readonly reclaimPolicy: "Retain" | "Delete";
    readonly isDefault: boolean;
}

/** The EBS StorageClasses (pure): both gp3, encrypted with the customer key. */
export function ebsStorageClasses(kmsKeyArn: string, retain: boolean): EbsClassSpec[] {
    const common = { type: "gp3", encrypted: "true", kmsKeyId: kmsKeyArn, "csi.storage.k8s.io/fstype": "ext4" };
    return [
        {
            name: "fast-ssd",
            parameters: { ...common, iops: String(FAST_SSD.iops), throughput: String(FAST_SSD.throughputMiBs) },
            // Databases: a deleted claim must not delete the data in prod.
            reclaimPolicy: retain ? "Retain" : "Delete",
            isDefault: false,
        },
        { name: "standard", parameters: { ...common }, reclaimPolicy: "Delete", isDefault: true },
    ];
}

export interface AwsStorageClassesArgs {
    /** EBS key ARN. */
    readonly ebsKeyArn: pulumi.Input<string>;
    /** S3 key ARN (Mountpoint writes objects with it). */
    readonly s3KeyArn: pulumi.Input<string>;
    /** Name of the user-files bucket exposed through `s3-csi`. */
    readonly filesBucket: pulumi.Input<string>;
    /** Region of the bucket (Mountpoint's `region` mount option). */
    readonly region: string;
    /** Keep `fast-ssd` volumes when their claim is deleted. @default false */
    readonly retainVolumes?: boolean;
    /** Install the Mountpoint for S3 CSI driver chart. @default true */
    readonly installS3Csi?: boolean;
    /** Node labels of the pool the driver's controller runs on (the compute pool). @default {} */
    readonly controllerNodeSelector?: Readonly<Record<string, string>>;
}

/** The StorageClasses; pass the Kubernetes provider in `opts.providers`. */
export class AwsStorageClasses extends pulumi.ComponentResource {
    /** StorageClass names by R-STO class. */
    public readonly classNames: { readonly fastSsd: string; readonly standard: string; readonly s3Csi: string };
    /** The PersistentVolume of the user-files bucket (storage class `s3-csi`). */
    public readonly filesVolumeName: pulumi.Output<string>;

    constructor(name: string, args: AwsStorageClassesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:storage:AwsStorageClasses", name, {}, opts);
        for (const spec of ebsStorageClassesInput(args.ebsKeyArn, args.retainVolumes ?? false)) {
            new k8s.storage.v1.StorageClass(
                `${name}-${spec.name}`,
                {
                    metadata: {
                        name: spec.name,
                        annotations: spec.isDefault ? { "storageclass.kubernetes.io/is-default-class": "true" } : undefined,
                    },
                    provisioner: EBS_CSI_PROVISIONER,
                    parameters: spec.parameters,
                    reclaimPolicy: spec.reclaimPolicy,
                    volumeBindingMode: "WaitForFirstConsumer",
                    allowVolumeExpansion: true,
                },
                { parent: this },
            );
        }

        const charts: pulumi.Resource[] = [];
        if (args.installS3Csi ?? true) {
            const ref = CHARTS.mountpointS3Csi;
            charts.push(
                new k8s.helm.v4.Chart(
                    `${name}-mountpoint-s3-csi`,
                    {
                        chart: ref.chart,
                        version: ref.version,
                        repositoryOpts: { repo: ref.repository },
                        namespace: S3_CSI_SERVICE_ACCOUNT.namespace,
                        // Fresh clusters have no Mountpoint v1 (systemd) mounts to keep serving.
                        values: {
                            node: { serviceAccount: { create: true, name: S3_CSI_SERVICE_ACCOUNT.name } },
                            controller: { nodeSelector: { ...(args.controllerNodeSelector ?? {}) } },
                            supportLegacySystemDMounts: false,
                        },
                    },
                    { parent: this },
                ),
            );
        }
        new k8s.storage.v1.StorageClass(
            `${name}-s3-csi`,
            {
                metadata: { name: "s3-csi" },
                // Mountpoint provisions statically: claims bind to the PersistentVolumes below.
                provisioner: S3_CSI_DRIVER,
                reclaimPolicy: "Retain",
                volumeBindingMode: "Immediate",
            },
            { parent: this },
        );
        const pv = new k8s.core.v1.PersistentVolume(
            `${name}-files`,
            {
                metadata: { name: "devana-files-s3" },
                spec: {
                    capacity: { storage: "1Ti" },
                    accessModes: ["ReadWriteMany"],
                    persistentVolumeReclaimPolicy: "Retain",
                    storageClassName: "s3-csi",
                    mountOptions: pulumi.output(args.s3KeyArn).apply((arn) => ["allow-delete", `region ${args.region}`, "sse aws:kms", `sse-kms-key-id ${arn}`]),
                    csi: { driver: S3_CSI_DRIVER, volumeHandle: pulumi.interpolate`s3-${args.filesBucket}`, volumeAttributes: { bucketName: args.filesBucket } },
                },
            },
            { parent: this, dependsOn: charts },
        );
        this.classNames = { fastSsd: "fast-ssd", standard: "standard", s3Csi: "s3-csi" };
        this.filesVolumeName = pv.metadata.name;
        this.registerOutputs({ classNames: this.classNames, filesVolumeName: this.filesVolumeName });
    }
}

/** `ebsStorageClasses` over a key that is still an Output: the key goes in as an Input. */
function ebsStorageClassesInput(kmsKeyArn: pulumi.Input<string>, retain: boolean): (Omit<EbsClassSpec, "parameters"> & { parameters: pulumi.Input<Record<string, pulumi.Input<string>>> })[] {
    return ebsStorageClasses("__KEY__", retain).map((spec) => ({
        ...spec,
        parameters: Object.fromEntries(Object.entries(spec.parameters).map(([k, v]) => [k, v === "__KEY__" ? kmsKeyArn : v])),
    }));
}
