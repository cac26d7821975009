/**
 * Weekly snapshots of user files on-prem (R-STO-BACKUP "object store: weekly snapshots"), for the
 * in-cluster SeaweedFS and for the customer's S3 endpoint alike: a CronJob keeps a mirror of the
 * files bucket under `weekly/current/` of the backups bucket with `rclone sync --backup-dir`, so
 * every object a run overwrites or removes moves, server-side, to `weekly/changed/<name>/` of that
 * run, and a manifest of the mirror goes to `weekly/manifests/<name>.txt` (`<name>` =
 * `<ISO week>_<UTC stamp>`). Snapshot N is `current` with the `changed/` folders of the runs after
 * N laid over it, restricted to manifest N (runbook in docs/data-tier.md). Only changed objects are
 * stored twice: a full copy per week would keep ~13 copies of the bucket for a 90-day retention.
 * Folders and manifests older than `backup.weeklyRetentionDays` are pruned by the stamp in their
 * name (object modification times survive server-side moves and would prune fresh folders).
 */
import type * as k8s from "@pulumi/kubernetes";
import { IMAGES } from "../../../config/versions";
import { backupCronJobSpec, rcloneEnv, rclonePath, stampAndPruneShell, type BackupCronJobInput, type JobSiteArgs, type S3Location } from "./backup-target";
import { containerSecurityContext } from "../../k8s/pod-spec";
import { imageFrom, type Mirror } from "../../platform/image-mirror";

/** Pod label `app.kubernetes.io/name` of the job (the NetworkPolicy peer `filesSnapshot`). */
export const FILES_SNAPSHOT_NAME = "files-snapshot";
/** Sundays 04:00 UTC, after the nightly database and index backups. */
export const FILES_SNAPSHOT_SCHEDULE = "0 4 * * 0";
/** Prefix of the snapshots in the backups bucket. */
export const WEEKLY_PREFIX = "weekly";
/** [eng] The first run copies the whole bucket (server-side); later runs only what changed. */
export const FILES_SNAPSHOT_DEADLINE_SECONDS = 24 * 3600;
/** rclone runs as this (non-root) user, like the bucket Job. */
export const RCLONE_UID = 1000;

/** rclone flags of the copy jobs: bounded parallelism, retries, progress in the log, no bucket creation. */
export const RCLONE_COPY_FLAGS = ["--checkers 8", "--transfers 8", "--retries 3", "--low-level-retries 10", "--s3-no-check-bucket", "--stats 5m", "--stats-one-line", "--stats-log-level NOTICE"] as const;

/** The sizes of a bucket copy job's pod. */
export interface RcloneCopySizes {
    /** CPU request of the rclone container. */
    readonly cpu: string;
    /** Size limit of the scratch /tmp. */
    readonly tmp: string;
}

/**
 * The pod of a bucket copy job (the weekly snapshot, the object replication), for backupCronJobSpec:
 * one pinned rclone container running `script`, keys by Secret reference only (`env`), HOME on
 * the writable, bounded /tmp, read-only root filesystem.
 */
export function rcloneCopyPod(container: string, script: string, env: readonly k8s.types.input.core.v1.EnvVar[], sizes: RcloneCopySizes, mirror?: Mirror): BackupCronJobInput["pod"] {
    return {
        containers: [
            {
                name: container,
                image: imageFrom(IMAGES.rclone, mirror?.registry),
                command: ["/bin/sh", "-c", script],
                env: [...env, { name: "HOME", value: "/tmp" }],
                resources: { requests: { cpu: sizes.cpu, memory: "256Mi" }, limits: { memory: "1Gi" } },
                securityContext: containerSecurityContext(true),
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
        ],
        volumes: [{ name: "tmp", emptyDir: { sizeLimit: sizes.tmp } }],
    };
}

export interface FilesSnapshotArgs extends JobSiteArgs {
    /** The files bucket (source). */
    readonly files: S3Location;
    /** The backups bucket, on the same endpoint (server-side copies). */
    readonly backups: S3Location;
    /** `backup.weeklyRetentionDays`. */
    readonly retentionDays: number;
    /** Five-field cron, UTC. @default FILES_SNAPSHOT_SCHEDULE */
    readonly schedule?: string;
}

/** The job's script (pure). */
export function filesSnapshotScript(args: Pick<FilesSnapshotArgs, "files" | "backups" | "retentionDays">): string {
    const root = rclonePath(args.backups, WEEKLY_PREFIX);
    const source = rclonePath(args.files, "").replace(/\/$/, "");
    return [
        "set -eu",
        stampAndPruneShell(args.retentionDays),
        'NAME="$(date -u -d "@$NOW" +%G-W%V)_$STAMP"',
        `ROOT="${root}"`,
        // Objects the sync overwrites or deletes in the mirror move to this run's folder: the
        // previous snapshot stays restorable whatever happened to the files meanwhile.
        `rclone sync "${source}" "$ROOT/current" --backup-dir "$ROOT/changed/$NAME" ${RCLONE_COPY_FLAGS.join(" ")}`,
        'rclone lsf -R --files-only "$ROOT/current" > /tmp/manifest.txt',
        'rclone copyto /tmp/manifest.txt "$ROOT/manifests/$NAME.txt"',
        'prune "$ROOT/changed"',
        'prune "$ROOT/manifests"',
        `echo "weekly snapshot $NAME of ${source} in $ROOT"`,
    ].join("\n");
}

/** The CronJob spec (pure): one run at a time, restricted security context, pinned rclone. */
export function filesSnapshotCronJobSpec(args: FilesSnapshotArgs): k8s.types.input.batch.v1.CronJobSpec {
    if (args.files.kind !== "s3" || args.backups.kind !== "s3" || args.files.endpoint !== args.backups.endpoint) {
        throw new Error("weekly file snapshots need the files and backups buckets on one S3 endpoint (server-side copies)");
    }
    return backupCronJobSpec({
        schedule: args.schedule ?? FILES_SNAPSHOT_SCHEDULE,
        name: FILES_SNAPSHOT_NAME,
        activeDeadlineSeconds: FILES_SNAPSHOT_DEADLINE_SECONDS,
        uid: RCLONE_UID,
        site: args,
        pod: rcloneCopyPod("snapshot", filesSnapshotScript(args), rcloneEnv(args.files), { cpu: "100m", tmp: "2Gi" }, args.mirror),
    });
}
