/**
 * R-STO-BACKUP on AWS (issue 10), pure builders: cross-region replication rules and role policy
 * for the `files` and `backups` buckets, and the lifecycle that keeps versions of user files
 * devana:backup.weeklyRetentionDays.
 * Does not prove that S3 accepts the configuration nor that IAM and KMS evaluate the conditions as
 * intended (no simulator offline).
 */
import { describe, expect, it } from "vitest";
import { bucketName, lifecycleRules } from "../../../components/storage/aws-buckets";
import { REPLICATED_BUCKET_IDS, REPLICATION_TIME_MINUTES, replicationRolePolicy, replicationRule } from "../../../components/storage/aws-replication";
import { bucketPrefixFor, replicaBucketPrefixFor } from "../../../stacks/aws";

describe("replication builders (pure)", () => {
    const pair = { sourceBucketArn: "arn:aws:s3:::src-files", replicaBucketArn: "arn:aws:s3:::dst-files" };
    const doc = replicationRolePolicy({ pairs: [pair], sourceKeyArn: "arn:src-key", replicaKeyArn: "arn:dst-key", sourceRegion: "eu-north-1", replicaRegion: "eu-central-1" });

    it("the role reads only the sources, writes only replicas, and has no wildcard resource", () => {
        expect(doc.Statement.slice(0, 3)).toEqual([
            { Sid: "SourceBuckets", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: ["arn:aws:s3:::src-files"] },
            {
                Sid: "SourceObjects",
                Effect: "Allow",
                Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
                Resource: ["arn:aws:s3:::src-files/*"],
            },
            { Sid: "ReplicaObjects", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: ["arn:aws:s3:::dst-files/*"] },
        ]);
        expect(JSON.stringify(doc)).not.toMatch(/"Resource":"\*"|"s3:\*"|"kms:\*"/);
    });

    it("decrypts with the source key and encrypts with the replica key only through S3 of their region, for these buckets", () => {
        expect(doc.Statement.slice(3)).toEqual([
            {
                Sid: "DecryptSources",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: "arn:src-key",
                Condition: {
                    StringEquals: { "kms:ViaService": "s3.eu-north-1.amazonaws.com" },
                    // Bucket keys make the encryption context the bucket ARN; objects without one use the object ARN.
                    StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::src-files", "arn:aws:s3:::src-files/*"] },
                },
            },
            {
                Sid: "EncryptReplicas",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "arn:dst-key",
                Condition: {
                    StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" },
                    StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::dst-files", "arn:aws:s3:::dst-files/*"] },
                },
            },
        ]);
    });

    it("the rule copies every object, SSE-KMS ones included, re-encrypted, with delete markers and a 15-minute RTC", () => {
        expect(replicationRule("arn:aws:s3:::dst-files", "arn:dst-key")).toEqual({
            id: "geo-replication",
            status: "Enabled",
            priority: 0,
            filter: {},
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
                bucket: "arn:aws:s3:::dst-files",
                storageClass: "STANDARD",
                encryptionConfiguration: { replicaKmsKeyId: "arn:dst-key" },
                replicationTime: { status: "Enabled", time: { minutes: 15 } },
                metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
            },
        });
        // R-STO-BACKUP: RPO < 15 minutes.
        expect(REPLICATION_TIME_MINUTES).toBeLessThanOrEqual(15);
        expect(REPLICATED_BUCKET_IDS).toEqual(["files", "backups"]);
    });

    it("user files keep their earlier versions devana:backup.weeklyRetentionDays (the weekly snapshots of R-STO-BACKUP)", () => {
        const rules = lifecycleRules("files", { backupRetentionDays: 30, auditRetentionDays: 400, userFileVersionDays: 90 });
        expect(rules.find((r) => r.id === "expire-old-versions")).toEqual({ id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } });
        expect(rules.find((r) => r.id === "expired-delete-markers")?.expiration).toEqual({ expiredObjectDeleteMarker: true });
        expect(rules.some((r) => (r as { expiration?: { days?: number } }).expiration?.days !== undefined)).toBe(false); // current files never expire
    });

    it("replica bucket names differ from the primary ones and stay valid for long stack names and regions", () => {
        expect(replicaBucketPrefixFor("devana", "prod", "eu-central-1")).toBe(bucketPrefixFor("devana", "prod", "eu-central-1"));
        expect(replicaBucketPrefixFor("devana", "prod", "eu-central-1")).not.toBe(bucketPrefixFor("devana", "prod", "eu-north-1"));
        expect(replicaBucketPrefixFor("devana", "prod", "eu-central-1", "210987654321")).toBe("devana-prod-210987654321-eu-central-1");
        for (const account of [undefined, "210987654321"]) {
            const stack = "A-Very_Long.Stack-Name-Used/For-Testing-Limits";
            for (const region of ["ap-southeast-5", "us-gov-west-1", "eu-central-2"]) {
                for (const id of REPLICATED_BUCKET_IDS) {
                    const name = bucketName(replicaBucketPrefixFor("devana", stack, region, account), id);
                    expect(name.length).toBeLessThanOrEqual(63);
                    expect(name).not.toBe(bucketName(bucketPrefixFor("devana", stack, "eu-north-1", account), id));
                }
            }
        }
    });
});
