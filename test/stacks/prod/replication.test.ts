/**
 * R-STO-BACKUP on AWS (issue 10): the committed `prod` plan replicates the `files` and `backups`
 * buckets to eu-central-1, with replica keys and the replication role.
 * Does not prove: that S3 accepts the configuration (RTC availability in the region pair), nor that
 * objects written before the configuration get copied (they need a one-off S3 Batch Replication job,
 * see docs/aws.md).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { REPLICATED_BUCKET_IDS, replicationRolePolicy, replicationRule } from "../../../components/storage/aws-replication";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import { input } from "../../support/plan-inputs";
import { REPLICATION_TYPES as T } from "../../support/aws-types";

describe("prod: replication to eu-central-1", () => {
    let resources: readonly PlannedResource[];
    let outputs: Record<string, any>;
    let replicaProvider: PlannedResource;
    const replicaName = (id: string): string => String(input(byName(resources, T.bucket, `devana-replication-${id}`), "bucket"));
    const sourceName = (id: string): string => String(input(byName(resources, T.bucket, `devana-buckets-${id}`), "bucket"));
    beforeAll(async () => {
        const result = await evaluateOk("prod");
        resources = result.resources;
        outputs = result.outputs;
        replicaProvider = byName(resources, "pulumi:providers:aws", "devana-aws-replica");
    });

    it("has a rotating, protected KMS key in the replica region, usable only through S3 there", () => {
        const key = byName(resources, T.key, "devana-replication-key");
        expect(key.options.provider.startsWith(replicaProvider.urn)).toBe(true);
        expect(input(replicaProvider, "region")).toBe("eu-central-1");
        expect([input(key, "enableKeyRotation"), input(key, "deletionWindowInDays"), key.options.protect]).toEqual([true, 30, true]);
        const statements = JSON.parse(input<string>(key, "policy")).Statement;
        expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(["KeyAdministration", "UseThroughS3"]);
        expect(statements[1].Condition.StringEquals["kms:ViaService"]).toBe("s3.eu-central-1.amazonaws.com");
        const alias = byName(resources, T.alias, "devana-replication-key");
        expect(input(alias, "name")).toBe("alias/devana-prod-s3-replica");
        expect(alias.options.provider.startsWith(replicaProvider.urn)).toBe(true);
    });

    it("creates one replica bucket per replicated bucket, named for the replica region, and none for audit", () => {
        expect(
            ofType(resources, T.bucket)
                .filter((b) => b.options.provider.startsWith(replicaProvider.urn))
                .map((b) => b.name),
        ).toEqual(["devana-replication-files", "devana-replication-backups"]);
        for (const id of REPLICATED_BUCKET_IDS) {
            expect(replicaName(id)).toMatch(new RegExp(`^devana-prod-eu-central-1-[0-9a-f]{8}-${id}$`));
            expect(input(byName(resources, T.bucket, `devana-replication-${id}`), "tags")).toEqual({ "devana.ai/bucket": id, "devana.ai/replica-of": sourceName(id) });
        }
        expect(ofType(resources, T.replication).map((r) => input(r, "bucket"))).toEqual([sourceName("files"), sourceName("backups")]);
    });

    it("encrypts each replica with the replica key, versions it, blocks public access, denies plain HTTP, and protects it", () => {
        const replicaKey = String(input(byName(resources, T.replication, "devana-replication-files"), "rules.0.destination.encryptionConfiguration.replicaKmsKeyId"));
        const primaryKey = String(input(byName(resources, T.sse, "devana-buckets-files"), "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId"));
        expect(replicaKey).toMatch(/^arn:aws:kms:/);
        expect(replicaKey).not.toBe(primaryKey);
        for (const id of REPLICATED_BUCKET_IDS) {
            const name = `devana-replication-${id}`;
            expect(byName(resources, T.bucket, name).options.protect).toBe(true);
            expect(input(byName(resources, T.sse, name), "rules")).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: replicaKey }, bucketKeyEnabled: true }]);
            expect(input(byName(resources, T.versioning, name), "versioningConfiguration")).toEqual({ status: "Enabled" });
            expect(byName(resources, T.publicBlock, name).inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
            expect(input(byName(resources, T.ownership, name), "rule")).toEqual({ objectOwnership: "BucketOwnerEnforced" });
            const policy = JSON.parse(input<string>(byName(resources, T.policy, name), "policy"));
            expect(policy.Statement[0]).toMatchObject({ Effect: "Deny", Resource: [`arn:aws:s3:::${replicaName(id)}`, `arn:aws:s3:::${replicaName(id)}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } });
            // Same lifecycle as the source: versions of user files kept 90 days on both sides.
            expect(input(byName(resources, T.lifecycle, name), "rules")).toEqual(input(byName(resources, T.lifecycle, `devana-buckets-${id}`), "rules"));
            for (const r of [byName(resources, T.sse, name), byName(resources, T.versioning, name), byName(resources, T.lifecycle, name), byName(resources, T.policy, name)]) {
                expect(r.options.provider.startsWith(replicaProvider.urn)).toBe(true);
            }
        }
        expect(input(byName(resources, T.lifecycle, "devana-buckets-files"), "rules")).toContainEqual({ id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } });
    });

    it("configures replication on each source bucket, after versioning on both sides and the role's permissions", () => {
        const role = byName(resources, T.role, "devana-replication-role");
        expect(JSON.parse(input<string>(role, "assumeRolePolicy")).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        const replicaKey = String(input(byName(resources, T.replication, "devana-replication-files"), "rules.0.destination.encryptionConfiguration.replicaKmsKeyId"));
        const rolePolicy = byName(resources, T.rolePolicy, "devana-replication-role");
        for (const id of REPLICATED_BUCKET_IDS) {
            const config = byName(resources, T.replication, `devana-replication-${id}`);
            expect(input(config, "role")).toMatch(/^arn:aws:iam::123456789012:role\/devana-replication-role/);
            expect(input(config, "rules")).toEqual([replicationRule(`arn:aws:s3:::${replicaName(id)}`, replicaKey)]);
            expect(config.options.provider.startsWith(replicaProvider.urn)).toBe(false);
            expect(config.options.dependsOn).toEqual(expect.arrayContaining([byName(resources, T.versioning, `devana-buckets-${id}`).urn, byName(resources, T.versioning, `devana-replication-${id}`).urn, rolePolicy.urn]));
        }
        const primaryKey = String(input(byName(resources, T.sse, "devana-buckets-files"), "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId"));
        expect(JSON.parse(input<string>(rolePolicy, "policy"))).toEqual(
            replicationRolePolicy({
                pairs: REPLICATED_BUCKET_IDS.map((id) => ({ sourceBucketArn: `arn:aws:s3:::${sourceName(id)}`, replicaBucketArn: `arn:aws:s3:::${replicaName(id)}` })),
                sourceKeyArn: primaryKey,
                replicaKeyArn: replicaKey,
                sourceRegion: "eu-north-1",
                replicaRegion: "eu-central-1",
            }),
        );
    });

    it("outputs the replica region, buckets and key", () => {
        expect(outputs.aws.replication).toEqual({
            region: "eu-central-1",
            buckets: { files: replicaName("files"), backups: replicaName("backups") },
            keyArn: String(input(byName(resources, T.replication, "devana-replication-files"), "rules.0.destination.encryptionConfiguration.replicaKmsKeyId")),
        });
    });
});
