/**
 * Object storage (R-CMP-S3): buckets for user files and for backups, reached through the S3 API.
 * On-prem either an in-cluster SeaweedFS (its chart, pinned; not MinIO, whose community edition is
 * archived) exposed on port 9000 (R-NET-PORTS) with per-chunk AES-256-GCM encryption of stored
 * data (R-SEC-REST), or the customer's own S3 endpoint. Either way the access keys land in one
 * Secret the backups and the application read, and, when asked, a weekly CronJob snapshots the
 * files bucket into the backups bucket (files-snapshot.ts, R-STO-BACKUP).
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { CHARTS, IMAGES } from "../../../config/versions";
import { placementSpec, type Placement } from "../../k8s/placement";
import { chartSource } from "../../k8s/helm";
import { CREDENTIAL_KEYS, rcloneEnv, type CaBundleRef, type S3Location } from "./backup-target";
import { containerSecurityContext, gi, podSecurityContext, resourcesFor, serviceHost } from "../../k8s/pod-spec";
import { instanceLabels } from "../../k8s/labels";
import type { Distribution } from "../../../config/defaults";
import { FILES_SNAPSHOT_NAME, filesSnapshotCronJobSpec } from "./files-snapshot";
import type { ObjectStorePlan } from "../../../config/sizing/data";
import { PORTS } from "../../../config/ports";
import { imageFrom, withChartImages, type Mirror } from "../../platform/image-mirror";

/** SeaweedFS's S3 gateway port (`s3.port`), served by the filer pods here. */
export const SEAWEEDFS_S3_PORT = 8333;
export const SEAWEEDFS_RELEASE = "seaweedfs";
/** [eng] Masters keep the topology, filers the metadata (leveldb2): small, fast volumes. */
export const SEAWEEDFS_MASTER_DISK_GI = 10;
export const SEAWEEDFS_FILER_DISK_GI = 50;
const UID = 1000;

export const DEFAULT_BUCKETS = { files: "devana-files", backups: "devana-backups" } as const;

export interface Buckets {
    readonly files: string;
    readonly backups: string;
}

/** Weekly snapshots of the files bucket into the backups bucket (files-snapshot.ts, R-STO-BACKUP). */
export interface WeeklySnapshots {
    /** `backup.weeklyRetentionDays`. */
    readonly retentionDays: number;
    /** Where the job runs (the data pool). */
    readonly placement: Placement;
    /** @default FILES_SNAPSHOT_SCHEDULE */
    readonly schedule?: string;
    /** R-K8S distribution (OpenShift assigns UIDs). @default "vanilla" */
    readonly distribution?: Distribution;
    /** Issue 19: the air-gapped registry mirror (`devana:airgap`) every image is pulled from. @default undefined (the source registries) */
    readonly mirror?: Mirror;
    /** Issue 18: the CA bundle the job trusts beside the system roots (a customer's HTTPS S3 signed by their CA). @default none */
    readonly caBundle?: CaBundleRef;
}

/** An S3 endpoint of the customer's (the primary store, or the replication site) with its keys. */
export interface S3Site {
    /** `https://` URL. */
    readonly endpoint: string;
    readonly region: string;
    /** Path-style URLs (most on-prem S3 endpoints). */
    readonly forcePathStyle: boolean;
    /** Buckets of user files and backups; they must exist. */
    readonly buckets: Buckets;
    readonly accessKeyId: pulumi.Input<string>;
    readonly secretAccessKey: pulumi.Input<string>;
}

export type ObjectStoreArgs =
    | {
          readonly kind: "seaweedfs";
          readonly namespace: string;
          readonly plan: ObjectStorePlan;
          /** Metadata volumes (masters, filers). */
          readonly fastStorageClass: string;
          /** Object data volumes. */
          readonly bulkStorageClass: string;
          readonly placement: Placement;
          readonly accessKeyId: pulumi.Input<string>;
          readonly secretAccessKey: pulumi.Input<string>;
          /** @default DEFAULT_BUCKETS */
          readonly buckets?: Buckets;
          /** Protect the chart (and with it the volume StatefulSets). @default false */
          readonly protect?: boolean;
          /** R-K8S distribution: on OpenShift the SCC assigns the pods' UID and fsGroup. @default "vanilla" */
          readonly distribution?: Distribution;
          /** @default none */
          readonly weeklySnapshots?: WeeklySnapshots;
          /** The chart's `-rw-cr` ClusterRole/Binding (pods, for a master migration hack); false without cluster scope (issue 10). @default true */
          readonly clusterRole?: boolean;
          /** Issue 19: the air-gapped mirror of the chart and every image. @default undefined (the sources) */
          readonly mirror?: Mirror;
      }
    | (S3Site & {
          readonly kind: "external";
          readonly namespace: string;
          /** @default none */
          readonly weeklySnapshots?: WeeklySnapshots;
      });

export const CREDENTIALS_SECRET = "object-store-credentials";
export const SEAWEEDFS_CONFIG_SECRET = "object-store-s3-config";

/** The SeaweedFS S3 identity file: one identity with the generated keys. */
export function seaweedS3Config(accessKey: string, secretKey: string): string {
    return JSON.stringify({ identities: [{ name: "devana", credentials: [{ accessKey, secretKey }], actions: ["Admin", "Read", "Write", "List", "Tagging"] }] });
}

const yamlBlock = (value: unknown): string => stringify(value).trimEnd();

/** Values of the SeaweedFS chart (pure). Its placement fields are YAML strings (a chart quirk). */
export function seaweedfsValues(args: Extract<ObjectStoreArgs, { kind: "seaweedfs" }>): Record<string, unknown> {
    const plan = args.plan;
    const security = {
        podSecurityContext: { enabled: true, ...podSecurityContext(UID, args.distribution) },
        containerSecurityContext: { enabled: true, ...containerSecurityContext() },
    };
    const placement = {
        nodeSelector: yamlBlock(args.placement.nodeSelector),
        tolerations: args.placement.tolerations.length > 0 ? yamlBlock(args.placement.tolerations) : "",
    };
    const spread = (component: string, required: boolean): string => {
        const term = {
            labelSelector: { matchLabels: { "app.kubernetes.io/name": "seaweedfs", "app.kubernetes.io/instance": SEAWEEDFS_RELEASE, "app.kubernetes.io/component": component } },
            topologyKey: "kubernetes.io/hostname",
        };
        return yamlBlock({
            podAntiAffinity: required ? { requiredDuringSchedulingIgnoredDuringExecution: [term] } : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
        });
    };
    return {
        ...(args.clusterRole === false ? { global: { createClusterRole: false } } : {}),
        master: {
            replicas: plan.masters,
            defaultReplication: plan.replication,
            data: { type: "persistentVolumeClaim", size: gi(SEAWEEDFS_MASTER_DISK_GI), storageClass: args.fastStorageClass },
            logs: { type: "emptyDir" },
            resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
            affinity: spread("master", true),
            ...placement,
            ...security,
        },
        volume: {
            replicas: plan.volumeServers,
            dataDirs: [{ name: "data1", type: "persistentVolumeClaim", size: gi(plan.diskGi), storageClass: args.bulkStorageClass, maxVolumes: 0 }],
            logs: { type: "emptyDir" },
            // The resize hook runs a root kubectl image; volume growth goes through allowVolumeExpansion instead.
            resizeHook: { enabled: false },
            resources: resourcesFor(plan),
            // More volume servers than data nodes is allowed: replication places copies on distinct servers.
            affinity: spread("volume", false),
            ...placement,
            ...security,
        },
        filer: {
            replicas: plan.filers,
            defaultReplicaPlacement: plan.replication,
            // R-SEC-REST: AES-256-GCM per chunk on the volume servers, keys in the filer metadata.
            encryptVolumeData: true,
            data: { type: "persistentVolumeClaim", size: gi(SEAWEEDFS_FILER_DISK_GI), storageClass: args.fastStorageClass },
            logs: { type: "emptyDir" },
            resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
            affinity: spread("filer", true),
            s3: { enabled: true, port: SEAWEEDFS_S3_PORT, enableAuth: true, existingConfigSecret: SEAWEEDFS_CONFIG_SECRET },
            ...placement,
            ...security,
        },
        // The filers serve S3; no separate gateway Deployment.
        s3: { enabled: false },
    };
}

/** Creates missing buckets (idempotent) once the store answers. */
export function bucketJobSpec(location: Omit<S3Location, "bucket">, buckets: Buckets, placement: Placement, distribution: Distribution = "vanilla", mirror?: Mirror): k8s.types.input.batch.v1.JobSpec {
    const script = ["set -eu", `for b in ${buckets.files} ${buckets.backups}; do`, "  n=0", '  until rclone mkdir "store:$b"; do', "    n=$((n+1)); [ $n -lt 60 ] || exit 1", "    sleep 10", "  done", "done"].join("\n");
    return {
        backoffLimit: 3,
        ttlSecondsAfterFinished: 86400,
        template: {
            metadata: { labels: { "app.kubernetes.io/name": "object-store-buckets", "app.kubernetes.io/part-of": "devana" } },
            spec: {
                restartPolicy: "Never",
                securityContext: podSecurityContext(UID, distribution),
                ...placementSpec(placement),
                containers: [
                    {
                        name: "buckets",
                        image: imageFrom(IMAGES.rclone, mirror?.registry),
                        command: ["/bin/sh", "-c", script],
                        env: rcloneEnv({ ...location, bucket: buckets.files }),
                        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                        securityContext: containerSecurityContext(),
                        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                    },
                ],
                volumes: [{ name: "tmp", emptyDir: {} }],
            },
        },
    };
}

/** The object store and its two buckets; pass the Kubernetes provider in opts. */
export class ObjectStore extends pulumi.ComponentResource {
    /** S3 URL for clients (AWS_S3_ENDPOINT / S3_ENDPOINT). */
    public readonly endpoint: string;
    public readonly region: string;
    public readonly buckets: Buckets;
    /** Secret with ACCESS_KEY_ID / ACCESS_SECRET_KEY. */
    public readonly credentialsSecretName: string;
    /** Where user files and backups live, for the backup jobs. */
    public readonly files: S3Location;
    public readonly backups: S3Location;

    constructor(name: string, args: ObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:data:ObjectStore", name, {}, opts);
        const ns = args.namespace;
        const labels = instanceLabels("object-store", "object-store", "object-storage");
        const credentials = new k8s.core.v1.Secret(
            `${name}-credentials`,
            {
                // cnpg.io/reload: the Barman Cloud sidecars pick up rotated keys without a restart.
                metadata: { name: CREDENTIALS_SECRET, namespace: ns, labels: { ...labels, "cnpg.io/reload": "true" } },
                type: "Opaque",
                stringData: { [CREDENTIAL_KEYS.accessKeyId]: args.accessKeyId, [CREDENTIAL_KEYS.secretAccessKey]: args.secretAccessKey },
            },
            { parent: this },
        );
        const auth = { kind: "secret" as const, secretName: CREDENTIALS_SECRET };
        /** What the weekly snapshot waits for: the keys, and the buckets where the program creates them. */
        let ready: pulumi.Resource[] = [credentials];

        if (args.kind === "external") {
            this.endpoint = args.endpoint;
            this.region = args.region;
            this.buckets = args.buckets;
            const base = { kind: "s3" as const, endpoint: args.endpoint, region: args.region, forcePathStyle: args.forcePathStyle, provider: "Other" as const, auth };
            this.files = { ...base, bucket: args.buckets.files };
            this.backups = { ...base, bucket: args.buckets.backups };
        } else {
            const buckets = args.buckets ?? DEFAULT_BUCKETS;
            const protect = args.protect ?? false;
            const s3Config = new k8s.core.v1.Secret(
                `${name}-s3-config`,
                {
                    metadata: { name: SEAWEEDFS_CONFIG_SECRET, namespace: ns, labels },
                    type: "Opaque",
                    stringData: { seaweedfs_s3_config: pulumi.secret(pulumi.all([args.accessKeyId, args.secretAccessKey]).apply(([a, s]) => seaweedS3Config(a, s))) },
                },
                { parent: this },
            );
            const chart = new k8s.helm.v4.Chart(
                `${name}-seaweedfs`,
                { ...chartSource(CHARTS.seaweedfs, args.mirror?.chartRepository), name: SEAWEEDFS_RELEASE, namespace: ns, values: withChartImages("seaweedfs", seaweedfsValues(args), args.mirror?.registry) },
                { parent: this, dependsOn: [s3Config], protect },
            );
            const service = new k8s.core.v1.Service(
                `${name}-service`,
                {
                    metadata: { name: "object-store", namespace: ns, labels },
                    spec: {
                        selector: { "app.kubernetes.io/name": "seaweedfs", "app.kubernetes.io/instance": SEAWEEDFS_RELEASE, "app.kubernetes.io/component": "filer" },
                        ports: [{ name: "s3", port: PORTS.objectStore, targetPort: SEAWEEDFS_S3_PORT }],
                    },
                },
                // The filer pods come from the chart: the Service has no endpoints until they run.
                { parent: this, dependsOn: [chart], customTimeouts: { create: "15m" } },
            );
            this.endpoint = `http://${serviceHost("object-store", ns)}:${PORTS.objectStore}`;
            this.region = "us-east-1";
            this.buckets = buckets;
            const base = { kind: "s3" as const, endpoint: this.endpoint, region: this.region, forcePathStyle: true, provider: "SeaweedFS" as const, auth };
            this.files = { ...base, bucket: buckets.files };
            this.backups = { ...base, bucket: buckets.backups };
            const bucketJob = new k8s.batch.v1.Job(
                `${name}-buckets`,
                { metadata: { name: "object-store-buckets", namespace: ns, labels }, spec: bucketJobSpec(base, buckets, args.placement, args.distribution, args.mirror) },
                { parent: this, dependsOn: [service, credentials] },
            );
            ready = [credentials, bucketJob];
        }
        if (args.weeklySnapshots) {
            new k8s.batch.v1.CronJob(
                `${name}-files-snapshot`,
                {
                    metadata: { name: FILES_SNAPSHOT_NAME, namespace: ns, labels },
                    spec: filesSnapshotCronJobSpec({ files: this.files, backups: this.backups, ...args.weeklySnapshots }),
                },
                { parent: this, dependsOn: ready },
            );
        }
        this.credentialsSecretName = CREDENTIALS_SECRET;
        this.registerOutputs({ endpoint: this.endpoint, region: this.region, buckets: this.buckets, credentialsSecretName: this.credentialsSecretName });
    }
}
