/**
 * Issue 17, R-SEC-AUDIT on AWS: the CloudTrail trail of the committed `prod` stack (multi-region,
 * log-file validation, the S3 key, management events and the files bucket's data events) into the
 * Object-Lock audit bucket; the replica region's key does not admit CloudTrail. Evaluated under
 * mocks: does not prove that AWS accepts the trail.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { trailEventSelectors } from "../../../components/security/aws-audit-trail";
import { byName, evaluateOk, ofType } from "../../support/helpers";

describe("prod: the CloudTrail trail", () => {
    let resources: readonly PlannedResource[];
    const inputs = (r: PlannedResource): Record<string, any> => r.inputs as Record<string, any>;
    const bucketNamed = (suffix: string): string =>
        ofType(resources, "aws:s3/bucket:Bucket")
            .map((b) => inputs(b).bucket as string)
            .find((n) => n.endsWith(`-${suffix}`) && !n.includes("eu-central-1"))!;

    beforeAll(async () => {
        resources = (await evaluateOk("prod")).resources;
    });

    it("creates one multi-region trail with validation and the S3 key, into the audit bucket", () => {
        const trails = ofType(resources, "aws:cloudtrail/trail:Trail");
        expect(trails.map((t) => [t.name, t.parent?.split("::").pop()])).toEqual([["devana-audit-trail-trail", "devana-audit-trail"]]);
        const t = inputs(trails[0]!);
        const s3Key = byName(resources, "aws:kms/key:Key", "devana-keys-s3");
        expect({ ...t, kmsKeyId: typeof t.kmsKeyId }).toEqual({
            name: "devana-prod-audit",
            s3BucketName: bucketNamed("audit"),
            s3KeyPrefix: "cloudtrail",
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            kmsKeyId: "string",
            advancedEventSelectors: trailEventSelectors("aws", bucketNamed("files")),
            tags: { "devana.ai/audit": "cloudtrail" },
        });
        expect(trails[0]!.options.dependsOn.some((d) => d.endsWith("::devana-buckets-audit"))).toBe(true);
        expect(s3Key).toBeDefined();
    });

    it("keeps the trail's files 400 days (devana:audit.retentionDays) under Object Lock in the audit bucket", () => {
        const lock = ofType(resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").filter((r) => r.name === "devana-buckets-audit");
        expect(lock.map((l) => inputs(l).rule)).toEqual([{ defaultRetention: { mode: "GOVERNANCE", days: 400 } }]);
    });

    it("admits the trail's delivery in the audit bucket's policy, after the TLS-only statements; the other buckets' policies are unchanged", () => {
        const policy = (name: string) => JSON.parse(inputs(byName(resources, "aws:s3/bucketPolicy:BucketPolicy", name)).policy as string) as { Statement: { Sid: string; Resource: unknown }[] };
        expect(policy("devana-buckets-audit").Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "DenyOldTls", "CloudTrailAclCheck", "CloudTrailWrite"]);
        expect(policy("devana-buckets-files").Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "DenyOldTls"]);
        expect(policy("devana-buckets-audit").Statement[3]!.Resource).toMatch(new RegExp(`^arn:aws:s3:::${bucketNamed("audit")}/cloudtrail/AWSLogs/\\d+/\\*$`));
    });
});
