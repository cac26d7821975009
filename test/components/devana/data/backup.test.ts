/**
 * R-STO-BACKUP settings of the data tier (pure): WAL archive timeout within the RPO, a daily base
 * backup, retention from devana:backup.retentionDays, daily snapshots of ChromaDB and Meilisearch,
 * and the Barman Cloud / rclone wiring per object-store kind. It does not prove a restore works:
 * docs/data-tier.md has the runbook, to be rehearsed quarterly.
 */
import { describe, expect, it } from "vitest";
import { barmanConfiguration, destinationPath, rcloneEnv, type AzureBlobLocation, type S3Location } from "../../../../components/devana/data/backup-target";
import { CHROMA_SNAPSHOT_SCHEDULE } from "../../../../components/devana/data/chroma";
import { MEILI_SNAPSHOT_SCHEDULE, meiliSnapshotPrepare } from "../../../../components/devana/data/meilisearch";
import { BARMAN_PLUGIN, clusterSpec, objectStoreSpec, postgresParameters, scheduledBackupSpec, type PostgresArgs } from "../../../../components/devana/data/postgres";
import { snapshotCronJobSpec, snapshotScript } from "../../../../components/devana/data/snapshot";
import { S3_BACKUPS } from "../../../support/backup-location";
import { FRESH_STAMP, runWithFakeRclone } from "../../../support/fake-rclone";
import { dataPlan } from "../../../../config/sizing/data";
import { resolveSizing } from "../../../../config/tiers";
import { DEFAULT_RPO_MINUTES, MAX_RPO_MINUTES } from "../../../../config/defaults";
import { KEY_SCHEMAS } from "../../../../config/schema";

const s3 = S3_BACKUPS;
const plan = dataPlan(resolveSizing("production"));
const pgArgs = (rpoMinutes: number, retentionDays = 30): PostgresArgs => ({
    namespace: "devana-services",
    plan: plan.postgresql,
    storageClass: "fast-ssd",
    placement: { nodeSelector: {}, tolerations: [] },
    passwords: { api: "a", odin: "o" },
    backup: { location: s3, rpoMinutes, retentionDays },
});

/** "5min" -> 5. */
const minutes = (timeout: string): number => {
    const m = /^(\d+)min$/.exec(timeout);
    if (!m) {
        throw new Error(`unexpected archive_timeout ${timeout}`);
    }
    return Number(m[1]);
};

describe("PostgreSQL WAL archiving (R-STO-BACKUP: RPO < 15 min)", () => {
    it("the default archive_timeout is the default RPO, within 15 minutes", () => {
        const rpo = KEY_SCHEMAS.backup.parse({}).rpoMinutes;
        expect(rpo).toBe(DEFAULT_RPO_MINUTES);
        expect(minutes(postgresParameters(plan.postgresql, rpo).archive_timeout)).toBeLessThanOrEqual(15);
    });

    it.each(Array.from({ length: MAX_RPO_MINUTES }, (_, i) => i + 1))("rpoMinutes %i gives archive_timeout <= 15 min", (rpo) => {
        expect(minutes(postgresParameters(plan.postgresql, rpo).archive_timeout)).toBe(rpo);
        expect(rpo).toBeLessThanOrEqual(15);
    });

    it("the config rejects an RPO above 15 minutes", () => {
        expect(KEY_SCHEMAS.backup.safeParse({ rpoMinutes: 16 }).success).toBe(false);
    });

    it("archives WAL through the Barman Cloud plugin, not the deprecated in-tree barmanObjectStore", () => {
        const spec = clusterSpec(pgArgs(5)) as { plugins: unknown[]; backup?: unknown };
        expect(spec.plugins).toEqual([{ name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: "devana-pg-backups" } }]);
        expect(spec.backup).toBeUndefined();
    });
});

describe("PostgreSQL base backups and retention", () => {
    it("a daily ScheduledBackup through the plugin (six-field cron: second minute hour, every day)", () => {
        const spec = scheduledBackupSpec(pgArgs(5)) as Record<string, unknown>;
        expect(spec).toEqual({
            schedule: "0 0 2 * * *",
            immediate: true,
            backupOwnerReference: "self",
            cluster: { name: "devana-pg" },
            method: "plugin",
            pluginConfiguration: { name: BARMAN_PLUGIN },
            target: "prefer-standby",
        });
        const fields = String(spec.schedule).split(" ");
        expect(fields).toHaveLength(6);
        expect(fields.slice(3)).toEqual(["*", "*", "*"]);
    });

    it.each([7, 30, 90])("retention %i days becomes the ObjectStore retentionPolicy", (days) => {
        expect(objectStoreSpec(pgArgs(5, days))).toMatchObject({ retentionPolicy: `${days}d` });
    });

    it("S3 credentials by Secret reference, compressed WAL, the backups bucket", () => {
        expect(barmanConfiguration(s3, "postgresql")).toEqual({
            destinationPath: "s3://devana-backups/postgresql",
            endpointURL: "http://object-store.devana-services.svc.cluster.local:9000",
            wal: { compression: "gzip", maxParallel: 4 },
            data: { compression: "gzip", jobs: 2 },
            s3Credentials: { accessKeyId: { name: "object-store-credentials", key: "ACCESS_KEY_ID" }, secretAccessKey: { name: "object-store-credentials", key: "ACCESS_SECRET_KEY" } },
        });
    });

    it("AWS S3 with a workload identity: IAM role, SSE, no endpoint; Azure Blob with a managed identity", () => {
        const aws: S3Location = {
            kind: "s3",
            region: "eu-north-1",
            bucket: "b",
            forcePathStyle: false,
            provider: "AWS",
            serverSideEncryption: "aws:kms",
            auth: { kind: "workloadIdentity", serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn" } },
        };
        expect(barmanConfiguration(aws, "postgresql")).toMatchObject({ s3Credentials: { inheritFromIAMRole: true }, wal: { encryption: "aws:kms" }, data: { encryption: "aws:kms" } });
        expect(barmanConfiguration(aws, "postgresql")).not.toHaveProperty("endpointURL");
        const blob: AzureBlobLocation = { kind: "azureBlob", storageAccount: "devana", container: "backups", auth: { kind: "workloadIdentity", serviceAccountAnnotations: {} } };
        expect(destinationPath(blob, "postgresql")).toBe("https://devana.blob.core.windows.net/backups/postgresql");
        expect(barmanConfiguration(blob, "postgresql")).toMatchObject({ azureCredentials: { inheritFromAzureAD: true } });
    });
});

describe("ChromaDB and Meilisearch snapshots", () => {
    it.each([
        ["chromadb", CHROMA_SNAPSHOT_SCHEDULE],
        ["meilisearch", MEILI_SNAPSHOT_SCHEDULE],
    ])("%s runs daily (%s, UTC)", (_service, schedule) => {
        const fields = schedule.split(" ");
        expect(fields).toHaveLength(5);
        expect(fields.slice(0, 2).every((f) => /^\d+$/.test(f))).toBe(true);
        expect(fields.slice(2)).toEqual(["*", "*", "*"]);
    });

    it("a CronJob reads the writer's volume read-only on the writer's node, one run at a time, UTC", () => {
        const spec = snapshotCronJobSpec({
            service: "chromadb",
            schedule: CHROMA_SNAPSHOT_SCHEDULE,
            claimName: "chroma-data",
            writerPod: "chroma-0",
            mountPath: "/data",
            uploadPath: "",
            uploadIsFile: false,
            location: s3,
            retentionDays: 30,
            uid: 1000,
            placement: { nodeSelector: { pool: "data" }, tolerations: [] },
        });
        expect(spec).toMatchObject({ schedule: "30 2 * * *", timeZone: "Etc/UTC", concurrencyPolicy: "Forbid" });
        const pod = (spec.jobTemplate as unknown as { spec: { template: { spec: unknown } } }).spec.template.spec as {
            affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { labelSelector: unknown; topologyKey: string }[] } };
            volumes: { persistentVolumeClaim?: { claimName: string; readOnly: boolean } }[];
            nodeSelector: Record<string, string>;
        };
        expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{ labelSelector: { matchLabels: { "statefulset.kubernetes.io/pod-name": "chroma-0" } }, topologyKey: "kubernetes.io/hostname" }]);
        expect(pod.volumes[0].persistentVolumeClaim).toEqual({ claimName: "chroma-data", readOnly: true });
        expect(pod.nodeSelector).toEqual({ pool: "data" });
    });

    it("uploads under a timestamp and prunes whole snapshots by their stamp, never files by age", () => {
        const script = snapshotScript({ service: "chromadb", mountPath: "/data", uploadPath: "", uploadIsFile: false, location: s3, retentionDays: 30 });
        const calls = runWithFakeRclone(script, ["20200101T000000Z/", `${FRESH_STAMP}/`, "README"]);
        expect(calls.map((c) => (c.startsWith("copy ") ? c.replace(/\d{8}T\d{6}Z$/, "<stamp>") : c))).toEqual([
            "copy --checksum /data store:devana-backups/chromadb/<stamp>",
            "lsf store:devana-backups/chromadb",
            "purge store:devana-backups/chromadb/20200101T000000Z",
        ]);
        // rclone keeps the source files' times: an age filter would drop unchanged files from the new copy.
        expect(script).not.toContain("--min-age");
    });

    it("Meilisearch snapshots come from the server (POST /snapshots) and the job waits for the task", () => {
        const prepare = meiliSnapshotPrepare("http://meilisearch:7700");
        expect(prepare).toContain("--post-data '' \"http://meilisearch:7700/snapshots\"");
        expect(prepare).toContain('"http://meilisearch:7700/tasks/$TASK"');
        expect(prepare).toContain("succeeded) break");
    });

    it("rclone reads the keys from the Secret, never from literals", () => {
        const env = rcloneEnv(s3);
        expect(env.find((e) => e.name === "RCLONE_CONFIG_STORE_ACCESS_KEY_ID")).toEqual({
            name: "RCLONE_CONFIG_STORE_ACCESS_KEY_ID",
            valueFrom: { secretKeyRef: { name: "object-store-credentials", key: "ACCESS_KEY_ID" } },
        });
        expect(env.filter((e) => e.value !== undefined).map((e) => e.name)).not.toContain("RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY");
    });
});

describe("point-in-time recovery into a new cluster (devana:restore.postgres)", () => {
    const restore = { sourceServerName: "devana-pg", targetTime: "2026-11-26T03:14:00Z", archiveAs: "devana-pg-r1" };

    it("bootstraps from the archive up to the target time and archives to a new folder", () => {
        const spec = clusterSpec({ ...pgArgs(5), restore }) as Record<string, unknown>;
        expect(spec.bootstrap).toEqual({
            recovery: { source: "origin", database: "devana", owner: "devana", secret: { name: "devana-pg-devana" }, recoveryTarget: { targetTime: "2026-11-26T03:14:00Z" } },
        });
        expect(spec.externalClusters).toEqual([{ name: "origin", plugin: { name: BARMAN_PLUGIN, parameters: { barmanObjectName: "devana-pg-backups", serverName: "devana-pg" } } }]);
        expect(spec.plugins).toEqual([{ name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: "devana-pg-backups", serverName: "devana-pg-r1" } }]);
    });

    it("without a target time recovers to the end of the archived WAL", () => {
        const spec = clusterSpec({ ...pgArgs(5), restore: { sourceServerName: "devana-pg", archiveAs: "devana-pg-r1" } }) as { bootstrap: { recovery: Record<string, unknown> } };
        expect(spec.bootstrap.recovery).not.toHaveProperty("recoveryTarget");
    });

    it("the config refuses to archive into the folder it restores from, and a time without offset", () => {
        const schema = KEY_SCHEMAS.restore;
        expect(schema.safeParse({ postgres: restore }).success).toBe(true);
        const same = schema.safeParse({ postgres: { ...restore, archiveAs: "devana-pg" } });
        expect(same.error?.issues[0].message).toContain("archiveAs must differ");
        expect(schema.safeParse({ postgres: { ...restore, targetTime: "2026-11-26 03:14" } }).success).toBe(false);
    });
});
