/**
 * AwsReplication: R-STO-BACKUP geo-replication of the object store on AWS. The `files` (user
 * files) and `backups` (PostgreSQL WAL and base backups, snapshots) buckets are copied by S3
 * cross-region replication to buckets of `devana:aws.replicaRegion`, encrypted there with a KMS key
 * of that region. Replication Time Control bounds the lag to 15 minutes (the RPO of R-STO-BACKUP),
 * delete markers follow (a deleted file stays restorable from its versions on both sides), and
 * the replicas keep versions like their sources.
 *
 * Not replicated: the `audit` bucket. R-STO-BACKUP asks geo-replication of the object store and
 * the backups; audit exports stay in the primary region under Object Lock (R-SEC-AUDIT), and the
 * audit trails themselves are CloudWatch log groups.
 */
import * as aws from "../aws/sdk";
import * as pulumi from "@pulumi/pulumi";
import type * as inputs from "@pulumi/aws/types/input";
import { policyDocument, serviceTrust, type PolicyDocument } from "../aws/iam";
import { bucketArn, bucketName, lifecycleRules, secureBucket, type LifecycleInput } from "./aws-buckets";
import { KEY_DELETION_WINDOW_DAYS, keyPolicy } from "../security/aws-keys";

/** The buckets copied to the replica region (R-STO-BACKUP). */
export const REPLICATED_BUCKET_IDS = ["files", "backups"] as const;
export type ReplicatedBucketId = (typeof REPLICATED_BUCKET_IDS)[number];

/** S3 Replication Time Control: 99.99 % of objects within 15 minutes, the R-STO-BACKUP RPO. */
export const REPLICATION_TIME_MINUTES = 15;

/** Id of the one replication rule per source bucket (the `RuleId` dimension of its metrics). */
export const REPLICATION_RULE_ID = "geo-replication";

export interface ReplicationPair {
    readonly sourceBucketArn: string;
    readonly replicaBucketArn: string;
}

export interface ReplicationPolicyInput {
    readonly pairs: readonly ReplicationPair[];
    readonly sourceKeyArn: string;
    readonly replicaKeyArn: string;
    readonly sourceRegion: string;
    readonly replicaRegion: string;
}

/**
 * With S3 bucket keys (on both sides) the KMS encryption context is the bucket ARN, without them
 * the object ARN: allow both, for these buckets only.
 */
const encryptionContexts = (arns: readonly string[]): string[] => arns.flatMap((arn) => [arn, `${arn}/*`]);

/**
 * The replication role's permissions, least privilege: read the source buckets' replication
 * configuration and object versions, write replicas (objects, delete markers, tags) into the
 * replica buckets only; decrypt with the source key and encrypt with the replica key only through
 * S3 of their region and for these buckets (the replica key also decrypts, which S3 needs to check
 * a bucket key it reuses, and generates the bucket key).
 */
export function replicationRolePolicy(input: ReplicationPolicyInput): PolicyDocument {
    const sources = input.pairs.map((p) => p.sourceBucketArn);
    const replicas = input.pairs.map((p) => p.replicaBucketArn);
    const via = (region: string, arns: readonly string[]): Record<string, unknown> => ({
        StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": encryptionContexts(arns) },
    });
    return policyDocument(
        { Sid: "SourceBuckets", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: sources },
        {
            Sid: "SourceObjects",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: sources.map((arn) => `${arn}/*`),
        },
        { Sid: "ReplicaObjects", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: replicas.map((arn) => `${arn}/*`) },
        { Sid: "DecryptSources", Effect: "Allow", Action: "kms:Decrypt", Resource: input.sourceKeyArn, Condition: via(input.sourceRegion, sources) },
        {
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"],
            Resource: input.replicaKeyArn,
            Condition: via(input.replicaRegion, replicas),
        },
    );
}

/**
 * The one rule of a source bucket: every object (SSE-KMS ones included, which S3 skips unless
 * asked), re-encrypted with the replica key, delete markers too, with Replication Time Control
 * and its metrics (lag and failed operations in CloudWatch).
 */
export function replicationRule(replicaBucketArn: string, replicaKeyArn: pulumi.Input<string>): inputs.s3.BucketReplicationConfigRule {
    return {
        id: REPLICATION_RULE_ID,
        status: "Enabled",
        priority: 0,
        filter: {},
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
            bucket: replicaBucketArn,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn },
            replicationTime: { status: "Enabled", time: { minutes: REPLICATION_TIME_MINUTES } },
            metrics: { status: "Enabled", eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
        },
    };
}

export interface ReplicationSource {
    /** The source bucket's name (known before deployment). */
    readonly bucketName: string;
    /** The source bucket's versioning, which replication needs on first. */
    readonly versioning: pulumi.Resource;
}

export interface AwsReplicationArgs {
    /** devana:aws.region, where the source buckets are. */
    readonly sourceRegion: string;
    /** devana:aws.replicaRegion. */
    readonly replicaRegion: string;
    /** Provider of the replica region; the replica key and buckets are created through it. */
    readonly replicaProvider: pulumi.ProviderResource;
    /** Replica bucket names are `<replicaNamePrefix>-<id>`. */
    readonly replicaNamePrefix: string;
    /** The source buckets. */
    readonly sources: Readonly<Record<ReplicatedBucketId, ReplicationSource>>;
    /** The source buckets' KMS key (the `s3` key). */
    readonly sourceKeyArn: pulumi.Input<string>;
    /** Lifecycle of the replicas: the same as their sources. */
    readonly lifecycle: LifecycleInput;
    /** Prefix of the replica key alias (`alias/<prefix>-s3-replica`). */
    readonly aliasPrefix: string;
    /** Account and partition for the replica key policy. */
    readonly account: { readonly accountId: pulumi.Input<string>; readonly partition: pulumi.Input<string> };
    /** AWS partition, for bucket ARNs known at preview. @default "aws" */
    readonly partition?: string;
    /** Protect the replica key and buckets. @default false */
    readonly protect?: boolean;
}

/** Replica key, replica buckets, the replication role and configurations; pass the primary AWS provider in `opts.providers`. */
export class AwsReplication extends pulumi.ComponentResource {
    /** Replica bucket names by source id. */
    public readonly replicaBucketNames: Readonly<Record<ReplicatedBucketId, string>>;
    public readonly replicaKeyArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: AwsReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:storage:AwsReplication", name, {}, opts);
        const protect = args.protect ?? false;
        const partition = args.partition ?? "aws";
        const inReplicaRegion = { parent: this, provider: args.replicaProvider };

        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Devana ${args.aliasPrefix}: S3 replicas of user files and backups (${args.replicaRegion})`,
                enableKeyRotation: true,
                deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
                // The `s3` key policy of the replica region: used only through S3 there.
                policy: pulumi.all([args.account.partition, args.account.accountId]).apply(([p, accountId]) => JSON.stringify(keyPolicy("s3", { partition: p, accountId, region: args.replicaRegion }))),
                tags: { "devana.ai/key-use": "s3-replica" },
            },
            { ...inReplicaRegion, protect },
        );
        new aws.kms.Alias(`${name}-key`, { name: `alias/${args.aliasPrefix}-s3-replica`, targetKeyId: key.keyId }, inReplicaRegion);

        const names = {} as Record<ReplicatedBucketId, string>;
        const replicas = {} as Record<ReplicatedBucketId, { versioning: aws.s3.BucketVersioning; arn: string }>;
        for (const id of REPLICATED_BUCKET_IDS) {
            names[id] = bucketName(args.replicaNamePrefix, id);
            const made = secureBucket(`${name}-${id}`, this, {
                bucketName: names[id],
                kmsKeyArn: key.arn,
                lifecycleRules: lifecycleRules(id, args.lifecycle),
                tags: { "devana.ai/bucket": id, "devana.ai/replica-of": args.sources[id].bucketName },
                protect,
                partition,
                provider: args.replicaProvider,
            });
            replicas[id] = { versioning: made.versioning, arn: bucketArn(partition, names[id]) };
        }

        // IAM is global; the role and the configurations go through the primary provider.
        const role = new aws.iam.Role(`${name}-role`, { description: "S3 cross-region replication of the Devana buckets", assumeRolePolicy: JSON.stringify(serviceTrust("s3.amazonaws.com")) }, { parent: this });
        const pairs = REPLICATED_BUCKET_IDS.map((id) => ({ sourceBucketArn: bucketArn(partition, args.sources[id].bucketName), replicaBucketArn: replicas[id].arn }));
        const policy = new aws.iam.RolePolicy(
            `${name}-role`,
            {
                role: role.name,
                policy: pulumi
                    .all([args.sourceKeyArn, key.arn])
                    .apply(([sourceKeyArn, replicaKeyArn]) => JSON.stringify(replicationRolePolicy({ pairs, sourceKeyArn, replicaKeyArn, sourceRegion: args.sourceRegion, replicaRegion: args.replicaRegion }))),
            },
            { parent: this },
        );

        for (const id of REPLICATED_BUCKET_IDS) {
            new aws.s3.BucketReplicationConfig(
                `${name}-${id}`,
                { bucket: args.sources[id].bucketName, role: role.arn, rules: [replicationRule(replicas[id].arn, key.arn)] },
                // Versioning on both sides first; the role's permissions before the first object.
                { parent: this, dependsOn: [args.sources[id].versioning, replicas[id].versioning, policy] },
            );
        }

        this.replicaBucketNames = names;
        this.replicaKeyArn = key.arn;
        this.roleArn = role.arn;
        this.registerOutputs({ replicaBucketNames: names, replicaKeyArn: this.replicaKeyArn, roleArn: this.roleArn });
    }
}
