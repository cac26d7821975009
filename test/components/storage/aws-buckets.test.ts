/**
 * The S3 buckets of the AWS target (pure): names, lifecycle rules, the TLS-only policy and the ARNs
 * bucket policies name.
 * Does not prove that S3 accepts the configuration (no AWS offline).
 */
import { describe, expect, it } from "vitest";
import { BUCKET_IDS, bucketArn, bucketName, lifecycleRules, tlsOnlyPolicy } from "../../../components/storage/aws-buckets";
import { bucketPrefixFor, clusterNameFor, partitionOf } from "../../../stacks/aws";

describe("buckets", () => {
    const input = { backupRetentionDays: 30, auditRetentionDays: 400, userFileVersionDays: 90 };

    it("every bucket has a lifecycle; backups move to colder storage; audit logs are kept >= 365 days", () => {
        for (const id of BUCKET_IDS) {
            expect(lifecycleRules(id, input).length).toBeGreaterThan(0);
        }
        const backups = lifecycleRules("backups", input);
        expect(backups[0].transitions).toEqual([
            { days: 30, storageClass: "STANDARD_IA" },
            { days: 90, storageClass: "GLACIER_IR" },
        ]);
        const audit = lifecycleRules("audit", input)[0];
        expect(audit.expiration).toEqual({ days: 400 });
        expect(audit.noncurrentVersionExpiration).toEqual({ noncurrentDays: 400 });
    });

    it("bucket names are deterministic, valid, and carry the account when it is configured", () => {
        expect(bucketName(bucketPrefixFor("devana", "prod", "eu-north-1", "210987654321"), "backups")).toBe("devana-prod-210987654321-backups");
        const unpinned = bucketPrefixFor("devana", "prod", "eu-north-1");
        expect(unpinned).toMatch(/^devana-prod-eu-north-1-[0-9a-f]{8}$/);
        expect(bucketPrefixFor("devana", "prod", "eu-north-1")).toBe(unpinned);
        expect(bucketPrefixFor("devana", "prod", "eu-west-1")).not.toBe(unpinned);
        expect(bucketName(bucketPrefixFor("devana", "Some_Very.Long Stack-Name-For/Testing_Limits", "ap-southeast-2"), "backups").length).toBeLessThanOrEqual(63);
        expect(() => bucketName("Bad_Prefix", "files")).toThrow(/not a valid S3 bucket name/);
        expect(clusterNameFor("prod")).toBe("devana-prod");
    });

    it("the bucket policy denies requests without TLS and below TLS 1.2", () => {
        const policy = tlsOnlyPolicy("arn:aws:s3:::b");
        expect(policy.Statement[0]).toEqual({
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        expect(policy.Statement[1].Condition).toEqual({ NumericLessThan: { "s3:TlsVersion": "1.2" } });
    });
});

describe("bucket policy ARNs", () => {
    it("are built from the known bucket name and the region's partition, so preview sees them", () => {
        expect(["eu-north-1", "cn-north-1", "us-gov-west-1"].map(partitionOf)).toEqual(["aws", "aws-cn", "aws-us-gov"]);
        expect(bucketArn(partitionOf("eu-north-1"), "devana-prod-files")).toBe("arn:aws:s3:::devana-prod-files");
    });
});
