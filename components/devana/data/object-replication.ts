/**
 * On-prem geo-replication of the object store (R-STO-BACKUP "object store: geo-replication"): a
 * CronJob copies the files and backups buckets of the primary store (in-cluster SeaweedFS or the
 * customer's S3 endpoint) to a second S3 endpoint at another site, every `replication.schedule`.
 *
 * Semantics: `rclone sync` into `<replica bucket>/current/` with `--backup-dir
 * <replica bucket>/deleted/<UTC stamp>/`. Deletions reach the replica (GDPR erasure, Barman's own
 * retention) but never destroy it: what a run would delete or overwrite moves to that run's
 * `deleted/` folder, kept `backup.weeklyRetentionDays`, so a mass deletion or ransomware encrypting
 * the primary leaves the previous versions on the replica for that long. A plain `copy` would keep
 * every deleted object forever (no erasure, unbounded growth); a plain `sync` would replicate the
 * damage within one interval.
 *
 * The replica leg is HTTPS only with certificate verification (rclone's default, never disabled
 * here); in internal-ca mode the internal root is trusted on top of the system roots. The keys come
 * from a Secret through `secretKeyRef`, never from arguments.
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { backupCronJobSpec, CREDENTIAL_KEYS, RCLONE_REMOTE, rcloneEnv, rclonePath, stampAndPruneShell, type JobSiteArgs, type S3Location } from "./backup-target";
import { instanceLabels } from "../../k8s/labels";
import { RCLONE_COPY_FLAGS, RCLONE_UID, rcloneCopyPod } from "./files-snapshot";
import type { S3Site } from "./object-store";

/** Pod label `app.kubernetes.io/name` of the job (the NetworkPolicy peer `objectReplication`). */
export const REPLICATION_NAME = "object-replication";
export const REPLICA_CREDENTIALS_SECRET = "object-replication-credentials";
/** The rclone remote of the replica endpoint (the primary is `store`). */
export const REPLICA_REMOTE = "replica";
/** Prefixes inside each replica bucket. */
export const REPLICA_CURRENT = "current";
export const REPLICA_DELETED = "deleted";
/** [eng] The first run copies everything across sites; an interrupted run resumes at the next schedule. */
export const REPLICATION_DEADLINE_SECONDS = 6 * 3600;

/** The second site's S3 endpoint (config `onprem.replication`, keys from `replicaS3*` secrets). */
export type ReplicaEndpoint = S3Site;

export interface ReplicationJobArgs extends JobSiteArgs {
    /** The primary store's buckets (ObjectStore.files / .backups). */
    readonly source: { readonly files: S3Location; readonly backups: S3Location };
    readonly replica: Omit<ReplicaEndpoint, "accessKeyId" | "secretAccessKey">;
    /**
     * Issue 18: an existing Secret (keys ACCESS_KEY_ID, ACCESS_SECRET_KEY) holding the replica keys.
     * @default REPLICA_CREDENTIALS_SECRET, created from the replica's keys
     */
    readonly credentialsSecret?: string;
    /** Five-field cron, UTC (`onprem.replication.schedule`). */
    readonly schedule: string;
    /** Days `deleted/` folders are kept (`backup.weeklyRetentionDays`). */
    readonly retentionDays: number;
}

/** The replica as an rclone location whose keys are in REPLICA_CREDENTIALS_SECRET. */
function replicaLocation(replica: ReplicationJobArgs["replica"], bucket: string, credentialsSecret = REPLICA_CREDENTIALS_SECRET): S3Location {
    if (!replica.endpoint.startsWith("https://")) {
        throw new Error(`replication endpoint must be https:// (R-SEC-TLS), got ${replica.endpoint}`);
    }
    return {
        kind: "s3",
        endpoint: replica.endpoint,
        region: replica.region,
        bucket,
        forcePathStyle: replica.forcePathStyle,
        provider: "Other",
        auth: { kind: "secret", secretName: credentialsSecret },
    };
}

/** rclone environment of the `replica` remote (rcloneEnv's variables under the other remote's name). */
export function replicaEnv(replica: ReplicationJobArgs["replica"], credentialsSecret?: string): k8s.types.input.core.v1.EnvVar[] {
    const from = `RCLONE_CONFIG_${RCLONE_REMOTE.toUpperCase()}_`;
    const to = `RCLONE_CONFIG_${REPLICA_REMOTE.toUpperCase()}_`;
    return rcloneEnv(replicaLocation(replica, replica.buckets.files, credentialsSecret))
        .filter((e) => e.name !== "RCLONE_CONFIG")
        .map((e) => ({ ...e, name: (e.name as string).replace(from, to) }));
}

/** The job's script (pure): per bucket, sync into `current/` keeping what it replaces, then prune. */
export function replicationScript(args: Pick<ReplicationJobArgs, "source" | "replica" | "retentionDays">): string {
    const pairs: [S3Location, string][] = [
        [args.source.files, args.replica.buckets.files],
        [args.source.backups, args.replica.buckets.backups],
    ];
    const lines = ["set -eu", stampAndPruneShell(args.retentionDays)];
    for (const [source, bucket] of pairs) {
        const from = rclonePath(source, "").replace(/\/$/, "");
        const to = `${REPLICA_REMOTE}:${replicaLocation(args.replica, bucket).bucket}`;
        lines.push(`rclone sync "${from}" "${to}/${REPLICA_CURRENT}" --backup-dir "${to}/${REPLICA_DELETED}/$STAMP" ${RCLONE_COPY_FLAGS.join(" ")}`, `prune "${to}/${REPLICA_DELETED}"`);
    }
    lines.push('echo "replicated at $STAMP"');
    return lines.join("\n");
}

/** The CronJob spec (pure). */
export function replicationCronJobSpec(args: ReplicationJobArgs): k8s.types.input.batch.v1.CronJobSpec {
    return backupCronJobSpec({
        schedule: args.schedule,
        name: REPLICATION_NAME,
        // The copy runs every few minutes: a missed run is replaced by the next one.
        startingDeadlineSeconds: 300,
        activeDeadlineSeconds: REPLICATION_DEADLINE_SECONDS,
        uid: RCLONE_UID,
        site: args,
        pod: rcloneCopyPod("replicate", replicationScript(args), [...rcloneEnv(args.source.files), ...replicaEnv(args.replica, args.credentialsSecret)], { cpu: "200m", tmp: "1Gi" }, args.mirror),
    });
}

export interface ObjectReplicationArgs extends Omit<ReplicationJobArgs, "replica"> {
    readonly namespace: string;
    /** The endpoint with its keys; without keys, `credentialsSecret` must name the existing Secret. */
    readonly replica: Omit<ReplicaEndpoint, "accessKeyId" | "secretAccessKey"> & Partial<Pick<ReplicaEndpoint, "accessKeyId" | "secretAccessKey">>;
}

/** The replica keys' Secret and the replication CronJob; pass the Kubernetes provider in opts. */
export class ObjectReplication extends pulumi.ComponentResource {
    public readonly cronJobName: string;

    constructor(name: string, args: ObjectReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:data:ObjectReplication", name, {}, opts);
        const labels = instanceLabels(REPLICATION_NAME, REPLICATION_NAME, "object-storage");
        const { accessKeyId, secretAccessKey } = args.replica;
        if (!args.credentialsSecret && (accessKeyId === undefined || secretAccessKey === undefined)) {
            throw new Error("ObjectReplication needs the replica's keys or credentialsSecret");
        }
        // Issue 18: the customer's own Secret is used as it is; the program then creates none.
        const credentials = args.credentialsSecret
            ? undefined
            : new k8s.core.v1.Secret(
                  `${name}-credentials`,
                  {
                      metadata: { name: REPLICA_CREDENTIALS_SECRET, namespace: args.namespace, labels },
                      type: "Opaque",
                      stringData: {
                          [CREDENTIAL_KEYS.accessKeyId]: pulumi.secret(accessKeyId!),
                          [CREDENTIAL_KEYS.secretAccessKey]: pulumi.secret(secretAccessKey!),
                      },
                  },
                  { parent: this },
              );
        const { accessKeyId: _id, secretAccessKey: _key, ...replica } = args.replica;
        new k8s.batch.v1.CronJob(
            `${name}-cronjob`,
            { metadata: { name: REPLICATION_NAME, namespace: args.namespace, labels }, spec: replicationCronJobSpec({ ...args, replica }) },
            { parent: this, dependsOn: credentials ? [credentials] : [] },
        );
        this.cronJobName = REPLICATION_NAME;
        this.registerOutputs({ cronJobName: this.cronJobName });
    }
}
