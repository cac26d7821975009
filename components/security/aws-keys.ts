/**
 * AwsKeys: the customer-managed KMS keys (R-SEC-REST): one per use, each rotating yearly with a
 * 30-day deletion window, and a key policy that lets the account administer it but lets only its
 * service use it. Also turns on EBS encryption by default with the EBS key (region-wide setting).
 */
import * as aws from "../aws/sdk";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../aws/iam";

export const KEY_USES = ["eks", "ebs", "s3", "logs"] as const;
export type KeyUse = (typeof KEY_USES)[number];

/** KMS's longest deletion window: a deleted key can be recovered for 30 days. */
export const KEY_DELETION_WINDOW_DAYS = 30;

const KEY_DESCRIPTIONS: Record<KeyUse, string> = {
    eks: "EKS envelope encryption of Kubernetes Secrets",
    ebs: "EBS volumes: node root volumes and persistent volumes",
    s3: "S3 buckets: user files, backups, audit logs",
    logs: "CloudWatch Logs: EKS control-plane logs and VPC flow logs",
};

/** The administrative actions (no data access) granted to the account's IAM administrators. */
export const ADMIN_ACTIONS = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
];
export const USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
const GRANT_ACTIONS = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"];

export interface KeyPolicyContext {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    /** The S3 key encrypts this account's CloudTrail log files (issue 17; not the replica region's key). @default false */
    readonly cloudTrail?: boolean;
}

/**
 * The key policy of one key. Administration: the account (IAM decides who). Use: principals of the
 * account only through the key's own service (`kms:ViaService`; the EKS key: the cluster role
 * through its IAM policy, as the API server calls KMS directly), plus the service principals that
 * cannot go through IAM (CloudWatch Logs for its log groups; the Auto Scaling service-linked role
 * that launches the nodes' encrypted volumes, matched by `aws:PrincipalArn` so the policy is valid
 * even before that role exists in a new account).
 */
export function keyPolicy(use: KeyUse, ctx: KeyPolicyContext): PolicyDocument {
    const { partition, accountId, region } = ctx;
    const root = `arn:${partition}:iam::${accountId}:root`;
    const statements: PolicyStatement[] = [{ Sid: "KeyAdministration", Effect: "Allow", Principal: { AWS: root }, Action: ADMIN_ACTIONS, Resource: "*" }];
    const viaService = (service: string, sid: string): PolicyStatement => ({
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: root },
        Action: [...USE_ACTIONS, ...GRANT_ACTIONS],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": `${service}.${region}.amazonaws.com`, "kms:CallerAccount": accountId } },
    });
    switch (use) {
        case "eks":
            // The API server's KMS plugin calls KMS as the cluster role (not through an AWS service):
            // the account delegates use to IAM, and only the cluster role's policy grants it.
            statements.push({ Sid: "UseThroughIam", Effect: "Allow", Principal: { AWS: root }, Action: [...USE_ACTIONS, ...GRANT_ACTIONS], Resource: "*" });
            break;
        case "s3":
            statements.push(viaService("s3", "UseThroughS3"));
            if (!ctx.cloudTrail) {
                break;
            }
            // Issue 17: CloudTrail encrypts the trail's log files with this key (they land in the
            // audit bucket); it calls KMS as its service principal, for trails of this account only.
            statements.push(
                {
                    Sid: "CloudTrailEncrypt",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "kms:GenerateDataKey*",
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": accountId },
                        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${accountId}:trail/*` },
                    },
                },
                { Sid: "CloudTrailDescribeKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": accountId } } },
            );
            break;
        case "ebs": {
            statements.push(viaService("ec2", "UseThroughEc2"));
            const asg = `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
            statements.push(
                {
                    Sid: "AutoScalingUse",
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: USE_ACTIONS,
                    Resource: "*",
                    Condition: { StringEquals: { "kms:CallerAccount": accountId }, ArnEquals: { "aws:PrincipalArn": asg } },
                },
                {
                    Sid: "AutoScalingGrants",
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: "kms:CreateGrant",
                    Resource: "*",
                    Condition: { StringEquals: { "kms:CallerAccount": accountId }, ArnEquals: { "aws:PrincipalArn": asg }, Bool: { "kms:GrantIsForAWSResource": "true" } },
                },
            );
            break;
        }
        case "logs":
            statements.push({
                Sid: "CloudWatchLogsUse",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
            });
            break;
    }
    return policyDocument(...statements);
}

export interface AwsKeysArgs {
    /** Prefix of the key aliases (`alias/<prefix>-<use>`). */
    readonly aliasPrefix: string;
    readonly region: string;
    /** Turn on EBS encryption by default, with the EBS key, for the account in this region. @default true */
    readonly ebsEncryptionByDefault?: boolean;
    /** Protect the keys from deletion (they are also only ever scheduled for deletion). @default false */
    readonly protect?: boolean;
}

/** The KMS keys; pass the AWS provider in `opts.providers`. */
export class AwsKeys extends pulumi.ComponentResource {
    /** Key ARNs by use. */
    public readonly arns: Readonly<Record<KeyUse, pulumi.Output<string>>>;
    public readonly accountId: pulumi.Output<string>;
    public readonly partition: pulumi.Output<string>;

    constructor(name: string, args: AwsKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token predates the move out of storage/: a new token would replace the deployed resource.
        super("devana:storage:AwsKeys", name, {}, opts);
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const partition = aws.getPartitionOutput({}, { parent: this });
        const arns = {} as Record<KeyUse, pulumi.Output<string>>;
        for (const use of KEY_USES) {
            const key = new aws.kms.Key(
                `${name}-${use}`,
                {
                    description: `Devana ${args.aliasPrefix}: ${KEY_DESCRIPTIONS[use]}`,
                    enableKeyRotation: true,
                    deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
                    policy: pulumi.all([partition.partition, identity.accountId]).apply(([p, accountId]) => JSON.stringify(keyPolicy(use, { partition: p, accountId, region: args.region, cloudTrail: true }))),
                    tags: { "devana.ai/key-use": use },
                },
                { parent: this, protect: args.protect ?? false },
            );
            new aws.kms.Alias(`${name}-${use}`, { name: `alias/${args.aliasPrefix}-${use}`, targetKeyId: key.keyId }, { parent: this });
            arns[use] = key.arn;
        }
        if (args.ebsEncryptionByDefault ?? true) {
            // Account-wide settings. Encryption by default survives a destroy (other workloads must not be
            // silently downgraded); the default key does not: destroying it resets the default to the
            // AWS-managed key, where leaving it would point new volumes at a key scheduled for deletion.
            new aws.ebs.EncryptionByDefault(`${name}-ebs-default`, { enabled: true }, { parent: this, retainOnDelete: true });
            new aws.ebs.DefaultKmsKey(`${name}-ebs-default`, { keyArn: arns.ebs }, { parent: this });
        }
        this.arns = arns;
        this.accountId = identity.accountId;
        this.partition = partition.partition;
        this.registerOutputs({ arns, accountId: this.accountId, partition: this.partition });
    }
}
