/**
 * The KMS key policies of the AWS target (pure): which principals and services may use each key.
 * Does not prove that AWS evaluates the policies as intended (no IAM simulator offline).
 */
import { describe, expect, it } from "vitest";
import { keyPolicy, KEY_USES } from "../../../components/security/aws-keys";

describe("keyPolicy", () => {
    const ctx = { partition: "aws", accountId: "123456789012", region: "eu-north-1" };

    it("lets the account administer every key without a data-plane wildcard", () => {
        for (const use of KEY_USES) {
            const admin = keyPolicy(use, ctx).Statement[0];
            expect(admin.Principal).toEqual({ AWS: "arn:aws:iam::123456789012:root" });
            expect(admin.Action).not.toContain("kms:*");
            expect(admin.Action).not.toContain("kms:Decrypt");
        }
    });

    it("scopes use to the key's service", () => {
        const via = (use: (typeof KEY_USES)[number]): unknown => keyPolicy(use, ctx).Statement[1].Condition;
        expect(via("s3")).toMatchObject({ StringEquals: { "kms:ViaService": "s3.eu-north-1.amazonaws.com" } });
        expect(via("ebs")).toMatchObject({ StringEquals: { "kms:ViaService": "ec2.eu-north-1.amazonaws.com" } });
        expect(keyPolicy("logs", ctx).Statement[1]).toMatchObject({
            Principal: { Service: "logs.eu-north-1.amazonaws.com" },
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-north-1:123456789012:log-group:*" } },
        });
        const asg = keyPolicy("ebs", ctx).Statement.filter((s) => String(s.Sid).startsWith("AutoScaling"));
        expect(asg).toHaveLength(2);
        expect(asg.every((s) => JSON.stringify(s.Condition).includes("AWSServiceRoleForAutoScaling"))).toBe(true);
    });
});
