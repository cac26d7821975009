/**
 * R-STO-BACKUP on AWS (issue 10): cross-region replication of the `files` and `backups` buckets
 * to devana:aws.replicaRegion, and versions of user files kept devana:backup.weeklyRetentionDays.
 * Pure builders first, then the committed `prod` (replica region eu-central-1) and `staging`
 * (none) plans.
 * Does not prove: that S3 accepts the configuration (RTC availability in the region pair), that IAM
 * and KMS evaluate the conditions as intended (no simulator offline), nor that objects written
 * before the configuration get copied (they need a one-off S3 Batch Replication job, see docs/aws.md).
 */
import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { byName, evaluateOk } from "../../helpers";

const T = {
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    bucket: "aws:s3/bucket:Bucket",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    publicBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

const input = <V = unknown>(r: PlannedResource, path: string): V => path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], r.inputs) as V;

describe("staging: no replica region", () => {
    it("has no replication, a single AWS provider, and still keeps user-file versions 90 days", async () => {
        const { resources, outputs } = await evaluateOk("staging");
        expect(resources.filter((r) => r.type === "devana:storage:AwsReplication" || r.type === T.replication)).toEqual([]);
        expect(resources.filter((r) => r.type === "pulumi:providers:aws").map((p) => p.name)).toEqual(["devana-aws"]);
        expect((outputs as Record<string, any>).aws.replication).toBeUndefined();
        expect(input(byName(resources, T.lifecycle, "devana-buckets-files"), "rules")).toContainEqual({ id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } });
    });
});
