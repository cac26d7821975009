/**
 * Issue 17, R-SEC-AUDIT on AWS, pure: the CloudTrail trail's name, ARN and event selectors, the
 * audit bucket statements that admit exactly this trail's delivery, and the S3 key's policy admitting
 * CloudTrail.
 * Does not prove that AWS accepts the trail (it checks the bucket policy and the key at creation).
 */
import { describe, expect, it } from "vitest";
import { CLOUDTRAIL_PREFIX, cloudTrailBucketStatements, trailArn, trailEventSelectors, trailName } from "../../../components/security/aws-audit-trail";
import { keyPolicy } from "../../../components/security/aws-keys";

describe("CloudTrail pieces (pure)", () => {
    const arn = trailArn("aws", "eu-west-3", "123456789012", "devana-prod-audit");

    it("names the trail after the cluster and builds its ARN", () => {
        expect(trailName("devana-prod")).toBe("devana-prod-audit");
        expect(arn).toBe("arn:aws:cloudtrail:eu-west-3:123456789012:trail/devana-prod-audit");
    });

    it("lets only this trail read the bucket ACL and write under cloudtrail/AWSLogs/<account>/", () => {
        expect(cloudTrailBucketStatements({ partition: "aws", bucketName: "b-audit", accountId: "123456789012", trailArn: arn })).toEqual([
            { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: "arn:aws:s3:::b-audit", Condition: { StringEquals: { "aws:SourceArn": arn } } },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::b-audit/${CLOUDTRAIL_PREFIX}/AWSLogs/123456789012/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": arn } },
            },
        ]);
    });

    it("records management events and the files bucket's object-level events only", () => {
        expect(trailEventSelectors("aws", "b-files")).toEqual([
            { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
            {
                name: "Customer files (S3 data events)",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "resources.ARN", startsWiths: ["arn:aws:s3:::b-files/"] },
                ],
            },
        ]);
    });

    it("admits CloudTrail to the S3 key for this account's trails only, and only where asked", () => {
        const ctx = { partition: "aws", accountId: "123456789012", region: "eu-west-3" };
        expect(keyPolicy("s3", ctx).Statement.map((s) => s.Sid)).toEqual(["KeyAdministration", "UseThroughS3"]);
        const statements = keyPolicy("s3", { ...ctx, cloudTrail: true }).Statement;
        expect(statements.map((s) => s.Sid)).toEqual(["KeyAdministration", "UseThroughS3", "CloudTrailEncrypt", "CloudTrailDescribeKey"]);
        expect(statements[2]).toEqual({
            Sid: "CloudTrailEncrypt",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*" } },
        });
        expect(keyPolicy("ebs", { ...ctx, cloudTrail: true }).Statement.some((s) => String(s.Sid).startsWith("CloudTrail"))).toBe(false);
    });
});
