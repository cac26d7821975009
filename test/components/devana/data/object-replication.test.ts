/**
 * On-prem object-store durability (R-STO-BACKUP "object store: geo-replication + weekly
 * snapshots"), pure: the replication and files-snapshot CronJob specs, and the two job scripts run
 * under /bin/sh against a recording fake `rclone`, to check what they copy and what they prune. It
 * does not prove rclone reaches a real endpoint or that SeaweedFS honours server-side copies.
 */
import { describe, expect, it } from "vitest";
import { FRESH_STAMP, runWithFakeRclone } from "../../../support/fake-rclone";
import { filesSnapshotCronJobSpec, filesSnapshotScript } from "../../../../components/devana/data/files-snapshot";
import { replicationCronJobSpec, replicationScript } from "../../../../components/devana/data/object-replication";

const s3 = (bucket: string) => ({
    kind: "s3" as const,
    endpoint: "http://object-store.devana-services.svc.cluster.local:9000",
    region: "us-east-1",
    bucket,
    forcePathStyle: true,
    provider: "SeaweedFS" as const,
    auth: { kind: "secret" as const, secretName: "object-store-credentials" },
});

const fresh = FRESH_STAMP;

describe("job scripts under /bin/sh (fake rclone)", () => {
    it("replication: syncs both buckets, then purges only deleted/ folders stamped before the retention", () => {
        const script = replicationScript({
            source: { files: s3("devana-files"), backups: s3("devana-backups") },
            replica: { endpoint: "https://replica.example", region: "r", forcePathStyle: true, buckets: { files: "rf", backups: "rb" } },
            retentionDays: 30,
        });
        const calls = runWithFakeRclone(script, ["20200101T000000Z/", `${fresh}/`, "not-a-stamp/"]);
        expect(calls.filter((c) => c.startsWith("sync ")).map((c) => c.replace(/\d{8}T\d{6}Z/, "<stamp>").split(" --checkers")[0])).toEqual([
            "sync store:devana-files replica:rf/current --backup-dir replica:rf/deleted/<stamp>",
            "sync store:devana-backups replica:rb/current --backup-dir replica:rb/deleted/<stamp>",
        ]);
        expect(calls.filter((c) => c.startsWith("purge ") || c.startsWith("deletefile "))).toEqual(["purge replica:rf/deleted/20200101T000000Z", "purge replica:rb/deleted/20200101T000000Z"]);
    });

    it("weekly snapshot: mirrors into weekly/current, keeps replaced objects under changed/<ISO week>_<stamp>, writes the manifest, prunes by name", () => {
        const script = filesSnapshotScript({ files: s3("devana-files"), backups: s3("devana-backups"), retentionDays: 90 });
        const old = "2020-W01_20200101T000000Z";
        const calls = runWithFakeRclone(script, [`${old}/`, `${old}.txt`, `2099-W01_${fresh}/`, "README"]);
        const sync = calls.find((c) => c.startsWith("sync "))!;
        expect(sync).toMatch(/^sync store:devana-files store:devana-backups\/weekly\/current --backup-dir store:devana-backups\/weekly\/changed\/\d{4}-W\d{2}_\d{8}T\d{6}Z /);
        expect(sync).toContain("--s3-no-check-bucket");
        expect(calls).toContainEqual(expect.stringMatching(/^copyto .*manifest\.txt store:devana-backups\/weekly\/manifests\/\d{4}-W\d{2}_\d{8}T\d{6}Z\.txt$/));
        expect(calls.filter((c) => c.startsWith("purge ") || c.startsWith("deletefile "))).toEqual([
            `purge store:devana-backups/weekly/changed/${old}`,
            `deletefile store:devana-backups/weekly/changed/${old}.txt`,
            `purge store:devana-backups/weekly/manifests/${old}`,
            `deletefile store:devana-backups/weekly/manifests/${old}.txt`,
        ]);
    });
});

describe("pure specs", () => {
    const placement = { nodeSelector: { pool: "data" }, tolerations: [] };
    const source = { files: s3("devana-files"), backups: s3("devana-backups") };
    const replica = { endpoint: "https://replica.example", region: "r", forcePathStyle: true, buckets: { files: "rf", backups: "rb" } };

    it("refuse a replica that is not https, and snapshots across two endpoints", () => {
        expect(() => replicationScript({ source, replica: { ...replica, endpoint: "http://replica.example" }, retentionDays: 7 })).toThrow(/https/);
        expect(() => filesSnapshotCronJobSpec({ files: s3("a"), backups: { ...s3("b"), endpoint: "https://elsewhere" }, retentionDays: 7, placement })).toThrow(/one S3 endpoint/);
    });

    it("leave the UID to OpenShift's SCC, and mount no CA bundle outside internal-ca mode", () => {
        const spec = replicationCronJobSpec({ source, replica, schedule: "*/15 * * * *", retentionDays: 90, placement, distribution: "openshift" }) as any;
        const pod = spec.jobTemplate.spec.template.spec;
        expect(pod.securityContext).toEqual({ runAsNonRoot: true, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } });
        expect(pod.volumes).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }]);
        expect(pod.containers[0].env.some((e: { name: string }) => e.name === "SSL_CERT_DIR")).toBe(false);
    });
});
