/**
 * The committed `staging` plan has no replica region: no replication and a single AWS provider,
 * yet versions of user files are still kept 90 days.
 */
import { describe, expect, it } from "vitest";
import { byName, evaluateOk } from "../../support/helpers";
import { input } from "../../support/plan-inputs";

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

describe("staging: no replica region", () => {
    it("has no replication, a single AWS provider, and still keeps user-file versions 90 days", async () => {
        const { resources, outputs } = await evaluateOk("staging");
        expect(resources.filter((r) => r.type === "devana:storage:AwsReplication" || r.type === T.replication)).toEqual([]);
        expect(resources.filter((r) => r.type === "pulumi:providers:aws").map((p) => p.name)).toEqual(["devana-aws"]);
        expect((outputs as Record<string, any>).aws.replication).toBeUndefined();
        expect(input(byName(resources, T.lifecycle, "devana-buckets-files"), "rules")).toContainEqual({ id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } });
    });
});
