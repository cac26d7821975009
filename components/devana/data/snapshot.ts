/**
 * Daily snapshot CronJobs of single-writer services to the object store (R-STO-BACKUP). The job
 * mounts a ReadWriteOnce claim the writer also mounts from the same node (required pod affinity to
 * the writer pod: RWO allows several pods on one node), then uploads with rclone and prunes copies
 * older than the retention. Meilisearch: its scratch claim of snapshots, read-write, the uploaded
 * snapshot deleted; ChromaDB: chroma-snapshot.ts (a copy taken while Chroma is scaled down).
 */
import type * as k8s from "@pulumi/kubernetes";
import { IMAGES } from "../../../config/versions";
import { backupCronJobSpec, type CaBundleRef, rcloneEnv, rclonePath, stampAndPruneShell, workloadIdentityPodLabels, type BackupLocation, type JobSiteArgs } from "./backup-target";
import { containerSecurityContext } from "../../k8s/pod-spec";
import { imageFrom } from "../../platform/image-mirror";

export interface SnapshotJobArgs extends JobSiteArgs {
    /** Service name, also the object-store prefix (`chromadb`, `meilisearch`). */
    readonly service: string;
    /** Five-field cron, UTC. */
    readonly schedule: string;
    /** PVC of the writer pod (`<claim template>-<statefulset>-0`). */
    readonly claimName: string;
    /** The writer pod whose node the job must share. */
    readonly writerPod: string;
    readonly mountPath: string;
    /** Shell run before the upload; may prepare the snapshot (Meilisearch asks the server for one). */
    readonly prepare?: string;
    /** Path (under mountPath) to upload: a directory or one file. */
    readonly uploadPath: string;
    readonly uploadIsFile: boolean;
    /**
     * Mount the claim read-write and delete the uploaded file afterwards (Meilisearch's scratch
     * claim of snapshots, which would otherwise fill up). Only with `uploadIsFile`.
     * @default false (the claim is mounted read-only and nothing is deleted)
     */
    readonly deleteAfterUpload?: boolean;
    readonly env?: readonly k8s.types.input.core.v1.EnvVar[];
    readonly location: BackupLocation;
    readonly retentionDays: number;
    readonly uid: number;
    /** The job's ServiceAccount (workload identity). @default the namespace's default */
    readonly serviceAccountName?: string;
}

/** Where and how long a single-writer service's daily snapshots are kept (ChromaDB, Meilisearch). */
export interface SnapshotBackup {
    readonly location: BackupLocation;
    readonly retentionDays: number;
    /** Five-field cron, UTC. @default the service's own (CHROMA_SNAPSHOT_SCHEDULE, MEILI_SNAPSHOT_SCHEDULE) */
    readonly schedule?: string;
    /** The job's ServiceAccount (workload identity). @default the namespace's default */
    readonly serviceAccountName?: string;
    /** Issue 18: the CA bundle the snapshot job trusts (a customer's HTTPS S3 signed by their CA). @default none */
    readonly caBundle?: CaBundleRef;
}

/** [eng] A snapshot taking longer than this is stuck; the 4 h RTO needs it done well before. */
export const SNAPSHOT_DEADLINE_SECONDS = 3 * 3600;

export function snapshotScript(args: Pick<SnapshotJobArgs, "service" | "mountPath" | "prepare" | "uploadPath" | "uploadIsFile" | "deleteAfterUpload" | "location" | "retentionDays">): string {
    if (args.deleteAfterUpload && !args.uploadIsFile) {
        throw new Error("deleteAfterUpload needs uploadIsFile: a directory upload is the data itself");
    }
    const root = rclonePath(args.location, args.service);
    const source = `${args.mountPath}/${args.uploadPath}`.replace(/\/+$/, "");
    const upload = args.uploadIsFile ? `rclone copyto --checksum "$SRC" "${root}/$STAMP/$(basename "$SRC")"` : `rclone copy --checksum "${source}" "${root}/$STAMP"`;
    return [
        "set -eu",
        stampAndPruneShell(args.retentionDays),
        args.prepare ?? "",
        args.uploadIsFile ? `SRC=$(ls -t ${source} | head -n 1)` : "",
        upload,
        // Uploaded (copyto exits non-zero otherwise): the scratch claim keeps no copy.
        args.deleteAfterUpload ? 'rm -f "$SRC"' : "",
        // Retention by the folder's stamp: object times are the source files' own (rclone keeps
        // them), so --min-age would delete old-but-unchanged files from the new snapshot.
        `prune "${root}"`,
        `echo "snapshot $STAMP uploaded to ${root}"`,
    ]
        .filter((line) => line !== "")
        .join("\n");
}

export function snapshotCronJobSpec(args: SnapshotJobArgs): k8s.types.input.batch.v1.CronJobSpec {
    const readOnly = !args.deleteAfterUpload;
    return backupCronJobSpec({
        schedule: args.schedule,
        name: `${args.service}-snapshot`,
        activeDeadlineSeconds: SNAPSHOT_DEADLINE_SECONDS,
        podLabels: workloadIdentityPodLabels(args.location),
        uid: args.uid,
        site: args,
        serviceAccountName: args.serviceAccountName,
        pod: {
            affinity: {
                podAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { "statefulset.kubernetes.io/pod-name": args.writerPod } }, topologyKey: "kubernetes.io/hostname" }],
                },
            },
            containers: [
                {
                    name: "snapshot",
                    image: imageFrom(IMAGES.rclone, args.mirror?.registry),
                    command: ["/bin/sh", "-c", snapshotScript(args)],
                    env: [...rcloneEnv(args.location), ...(args.env ?? [])],
                    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
                    securityContext: containerSecurityContext(),
                    volumeMounts: [
                        { name: "data", mountPath: args.mountPath, readOnly },
                        { name: "tmp", mountPath: "/tmp" },
                    ],
                },
            ],
            volumes: [
                { name: "data", persistentVolumeClaim: { claimName: args.claimName, readOnly } },
                { name: "tmp", emptyDir: {} },
            ],
        },
    });
}
