/**
 * AwsBuckets: the S3 buckets of the AWS target (R-CMP-S3 user files, R-STO-BACKUP backups,
 * R-SEC-AUDIT audit logs). Every bucket: SSE-KMS with the S3 key and a bucket key, all public
 * access blocked, ACLs disabled, versioning, a lifecycle, and a policy that denies requests without
 * TLS (or below TLS 1.2; R-SEC-TLS). The audit bucket also has Object Lock. `secureBucket` builds
 * one such bucket; the replica buckets of the replica region (aws-replication.ts) use it too.
 */
import * as aws from "../aws/sdk";
import * as pulumi from "@pulumi/pulumi";
import type * as inputs from "@pulumi/aws/types/input";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../aws/iam";

export const BUCKET_IDS = ["files", "backups", "audit"] as const;
export type BucketId = (typeof BUCKET_IDS)[number];

export interface LifecycleInput {
    /** devana:backup.retentionDays: how long superseded backup objects are kept. */
    readonly backupRetentionDays: number;
    /** devana:audit.retentionDays (>= 365, R-SEC-AUDIT). */
    readonly auditRetentionDays: number;
    /**
     * devana:backup.weeklyRetentionDays: how long a deleted or overwritten user file stays
     * recoverable (R-STO-BACKUP "weekly snapshots" of the object store, as versions: any file can be
     * restored as it was up to this many days ago; then it is gone, GDPR right to erasure).
     */
    readonly userFileVersionDays: number;
}

type LifecycleRule = inputs.s3.BucketLifecycleConfigurationRule;

/** The lifecycle rules of each bucket (pure). */
export function lifecycleRules(id: BucketId, input: LifecycleInput): LifecycleRule[] {
    const abortMultipart: LifecycleRule = { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } };
    switch (id) {
        case "files":
            return [
                { id: "tiering", status: "Enabled", filter: {}, transitions: [{ days: 30, storageClass: "INTELLIGENT_TIERING" }] },
                { id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: input.userFileVersionDays } },
                // Delete markers of fully expired files: nothing left to restore.
                { id: "expired-delete-markers", status: "Enabled", filter: {}, expiration: { expiredObjectDeleteMarker: true } },
                abortMultipart,
            ];
        case "backups":
            // Current objects: the backup tools (Barman, snapshots) own retention; colder storage as they age.
            return [
                {
                    id: "colder-storage",
                    status: "Enabled",
                    filter: {},
                    transitions: [
                        { days: 30, storageClass: "STANDARD_IA" },
                        { days: 90, storageClass: "GLACIER_IR" },
                    ],
                },
                { id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: input.backupRetentionDays } },
                abortMultipart,
            ];
        case "audit":
            return [
                {
                    id: "retention",
                    status: "Enabled",
                    filter: {},
                    transitions: [{ days: 90, storageClass: "GLACIER_IR" }],
                    expiration: { days: input.auditRetentionDays },
                    noncurrentVersionExpiration: { noncurrentDays: input.auditRetentionDays },
                },
                abortMultipart,
            ];
    }
}

/** `<prefix>-<id>`, checked against S3's naming rules (3-63 characters, lower case, digits, hyphens). */
export function bucketName(prefix: string, id: BucketId): string {
    const name = `${prefix}-${id}`;
    if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(name)) {
        throw new Error(`"${name}" is not a valid S3 bucket name`);
    }
    return name;
}

/** ARN of a bucket from its name (S3 ARNs carry neither region nor account). */
export function bucketArn(partition: string, name: string): string {
    return `arn:${partition}:s3:::${name}`;
}

/** Denies every request without TLS, or below TLS 1.2 (R-SEC-TLS). */
export function tlsOnlyPolicy(bucketArn: string): PolicyDocument {
    const resources = [bucketArn, `${bucketArn}/*`];
    return policyDocument(
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Sid: "DenyOldTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
    );
}

export interface SecureBucketInput {
    /** The bucket name (`bucketName`). */
    readonly bucketName: string;
    /** Default SSE-KMS key of the bucket (with an S3 bucket key). */
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly lifecycleRules: LifecycleRule[];
    /** Object Lock GOVERNANCE with this default retention (days); turns Object Lock on. @default none */
    readonly objectLockDays?: number;
    readonly tags?: Record<string, string>;
    /** Protect the bucket from deletion. @default false */
    readonly protect?: boolean;
    /** AWS partition, for the bucket ARN in the policy. @default "aws" */
    readonly partition?: string;
    /** Provider of the bucket's region. @default the parent's */
    readonly provider?: pulumi.ProviderResource;
    /** Statements added to the TLS-only bucket policy (the audit bucket: CloudTrail's delivery). @default [] */
    readonly policyStatements?: pulumi.Input<PolicyStatement[]>;
}

/**
 * One bucket with everything R-SEC-REST and R-SEC-TLS ask, named `<child>` under `parent`: SSE-KMS
 * with a bucket key, all public access blocked, ACLs disabled, versioning, the lifecycle, the
 * TLS-only policy, and Object Lock when asked.
 */
export function secureBucket(child: string, parent: pulumi.Resource, input: SecureBucketInput): { bucket: aws.s3.Bucket; versioning: aws.s3.BucketVersioning; policy: aws.s3.BucketPolicy } {
    const opts = { parent, ...(input.provider ? { provider: input.provider } : {}) };
    const bucket = new aws.s3.Bucket(child, { bucket: input.bucketName, objectLockEnabled: input.objectLockDays !== undefined, forceDestroy: false, tags: input.tags }, { ...opts, protect: input.protect ?? false });
    const ownership = new aws.s3.BucketOwnershipControls(child, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    const publicBlock = new aws.s3.BucketPublicAccessBlock(child, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(child, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: input.kmsKeyArn }, bucketKeyEnabled: true }] }, opts);
    const versioning = new aws.s3.BucketVersioning(child, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    new aws.s3.BucketLifecycleConfiguration(child, { bucket: bucket.id, rules: input.lifecycleRules }, { ...opts, dependsOn: [versioning] });
    // Built from the known name, not bucket.arn: the policy is then known at preview, where the
    // policy pack checks it (an unknown value would skip the check).
    const tlsOnly = tlsOnlyPolicy(bucketArn(input.partition ?? "aws", input.bucketName));
    const policy = new aws.s3.BucketPolicy(
        child,
        {
            bucket: bucket.id,
            policy: input.policyStatements ? pulumi.output(input.policyStatements).apply((extra) => JSON.stringify(policyDocument(...tlsOnly.Statement, ...extra))) : JSON.stringify(tlsOnly),
        },
        { ...opts, dependsOn: [publicBlock, ownership] },
    );
    if (input.objectLockDays !== undefined) {
        // GOVERNANCE: objects cannot be deleted or overwritten for the retention period without
        // the s3:BypassGovernanceRetention permission (COMPLIANCE would bind even the root user).
        new aws.s3.BucketObjectLockConfiguration(child, { bucket: bucket.id, rule: { defaultRetention: { mode: "GOVERNANCE", days: input.objectLockDays } } }, { ...opts, dependsOn: [versioning] });
    }
    return { bucket, versioning, policy };
}

export interface AwsBucketsArgs {
    /** Bucket names are `<namePrefix>-<id>` (deterministic, so other layers get plain strings). */
    readonly namePrefix: string;
    /** S3 KMS key ARN. */
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly lifecycle: LifecycleInput;
    /** Protect the buckets from deletion. @default false */
    readonly protect?: boolean;
    /** AWS partition of the region (aws, aws-cn, aws-us-gov). @default "aws" */
    readonly partition?: string;
    /** Issue 17: statements added to the audit bucket's policy (CloudTrail's delivery, security/aws-audit-trail.ts). @default [] */
    readonly auditPolicyStatements?: pulumi.Input<PolicyStatement[]>;
}

/** The three buckets; pass the AWS provider in `opts.providers`. */
export class AwsBuckets extends pulumi.ComponentResource {
    /** Bucket names by id, once the buckets exist. */
    public readonly names: Readonly<Record<BucketId, pulumi.Output<string>>>;
    /** The same names as plain strings (known before deployment). */
    public readonly bucketNames: Readonly<Record<BucketId, string>>;
    public readonly arns: Readonly<Record<BucketId, pulumi.Output<string>>>;
    /** The versioning of each bucket: replication needs it on first. */
    public readonly versioning: Readonly<Record<BucketId, aws.s3.BucketVersioning>>;
    /** Each bucket's policy: CloudTrail checks the audit bucket's when the trail is created. */
    public readonly policies: Readonly<Record<BucketId, aws.s3.BucketPolicy>>;

    constructor(name: string, args: AwsBucketsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:storage:AwsBuckets", name, {}, opts);
        const names = {} as Record<BucketId, pulumi.Output<string>>;
        const arns = {} as Record<BucketId, pulumi.Output<string>>;
        const versioning = {} as Record<BucketId, aws.s3.BucketVersioning>;
        const policies = {} as Record<BucketId, aws.s3.BucketPolicy>;
        for (const id of BUCKET_IDS) {
            const made = secureBucket(`${name}-${id}`, this, {
                bucketName: bucketName(args.namePrefix, id),
                kmsKeyArn: args.kmsKeyArn,
                lifecycleRules: lifecycleRules(id, args.lifecycle),
                objectLockDays: id === "audit" ? args.lifecycle.auditRetentionDays : undefined,
                tags: { "devana.ai/bucket": id },
                protect: args.protect,
                partition: args.partition,
                ...(id === "audit" && args.auditPolicyStatements ? { policyStatements: args.auditPolicyStatements } : {}),
            });
            policies[id] = made.policy;
            names[id] = made.bucket.bucket;
            arns[id] = made.bucket.arn;
            versioning[id] = made.versioning;
        }
        this.names = names;
        this.bucketNames = Object.fromEntries(BUCKET_IDS.map((id) => [id, bucketName(args.namePrefix, id)])) as Record<BucketId, string>;
        this.arns = arns;
        this.versioning = versioning;
        this.policies = policies;
        this.registerOutputs({ names, arns });
    }
}
