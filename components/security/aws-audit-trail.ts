/**
 * Issue 17, R-SEC-AUDIT on AWS: a multi-region CloudTrail trail with log-file validation, SSE-KMS
 * with the S3 key, management events and the S3 data events of the files bucket (reads, writes,
 * deletes of customer files), delivered into the Object-Lock `audit` bucket, kept
 * `devana:audit.retentionDays` by the bucket's lifecycle and lock (the event history keeps 90 days).
 * The bucket policy statements CloudTrail's delivery needs are pure (`cloudTrailBucketStatements`):
 * the audit bucket's policy takes them (aws-buckets.ts `auditPolicyStatements`).
 */
import * as aws from "../aws/sdk";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../aws/iam";
import { bucketArn } from "../storage/aws-buckets";

/** Key prefix of the trail's files in the audit bucket (`cloudtrail/AWSLogs/<account>/...`). */
export const CLOUDTRAIL_PREFIX = "cloudtrail";

/** The trail's name: one per stack. */
export function trailName(clusterName: string): string {
    return `${clusterName}-audit`;
}

export function trailArn(partition: string, region: string, accountId: string, name: string): string {
    return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${name}`;
}

/**
 * CloudTrail's delivery into the bucket (AWS's documented policy): it reads the bucket ACL and
 * writes under `<prefix>/AWSLogs/<account>/`, for this trail only (`aws:SourceArn`).
 */
export function cloudTrailBucketStatements(input: { readonly partition: string; readonly bucketName: string; readonly accountId: string; readonly trailArn: string }): PolicyStatement[] {
    const arn = bucketArn(input.partition, input.bucketName);
    const principal = { Service: "cloudtrail.amazonaws.com" };
    return [
        { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: principal, Action: "s3:GetBucketAcl", Resource: arn, Condition: { StringEquals: { "aws:SourceArn": input.trailArn } } },
        {
            Sid: "CloudTrailWrite",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:PutObject",
            Resource: `${arn}/${CLOUDTRAIL_PREFIX}/AWSLogs/${input.accountId}/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": input.trailArn } },
        },
    ];
}

/** Management events (read and write) and the S3 object-level events of the files bucket. */
export function trailEventSelectors(partition: string, filesBucketName: string): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
    return [
        { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        {
            name: "Customer files (S3 data events)",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "resources.ARN", startsWiths: [`${bucketArn(partition, filesBucketName)}/`] },
            ],
        },
    ];
}

export interface AwsAuditTrailArgs {
    readonly trailName: string;
    /** The Object-Lock audit bucket (its name). */
    readonly auditBucketName: string;
    /** The bucket of customer files whose object-level events are recorded. */
    readonly filesBucketName: string;
    /** KMS key of the log files (the S3 key, whose policy admits CloudTrail). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** AWS partition of the region. @default "aws" */
    readonly partition?: string;
    /** The audit bucket's policy: CloudTrail checks it when the trail is created. @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** One trail; pass the AWS provider in `opts.providers`. */
export class AwsAuditTrail extends pulumi.ComponentResource {
    public readonly trailArn: pulumi.Output<string>;

    constructor(name: string, args: AwsAuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token predates the move out of storage/: a new token would replace the deployed resource.
        super("devana:storage:AwsAuditTrail", name, {}, opts);
        const trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: args.trailName,
                s3BucketName: args.auditBucketName,
                s3KeyPrefix: CLOUDTRAIL_PREFIX,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
                kmsKeyId: args.kmsKeyArn,
                advancedEventSelectors: trailEventSelectors(args.partition ?? "aws", args.filesBucketName),
                tags: { "devana.ai/audit": "cloudtrail" },
            },
            { parent: this, dependsOn: [...(args.dependsOn ?? [])] },
        );
        this.trailArn = trail.arn;
        this.registerOutputs({ trailArn: this.trailArn });
    }
}
