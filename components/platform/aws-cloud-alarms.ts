/**
 * Issue 17, step 5: cloud-side signals into the same receivers as Alertmanager. Prometheus sees
 * nothing of S3 replication or of the WAF in front of the cluster, so CloudWatch watches them:
 * S3 Replication Time Control's lag and failed operations (the replication rules emit these
 * metrics, aws-replication.ts), and spikes of requests the WAF blocks. The alarms publish to one
 * SNS topic per receiver of `devana:alerting.routes` (KMS-encrypted with a key whose policy admits
 * CloudWatch), subscribed from that receiver's channels where SNS can deliver them.
 */
import * as aws from "../aws/sdk";
import * as pulumi from "@pulumi/pulumi";
import { CHANNEL_SECRETS, channelsOf, type AlertChannel, type Alerting, type AlertReceiver } from "../../config/alerting";
import type { SecretKey } from "../../config/schema";
import { policyDocument, type PolicyDocument } from "../aws/iam";
import { ADMIN_ACTIONS, KEY_DELETION_WINDOW_DAYS, USE_ACTIONS } from "../security/aws-keys";
import { REPLICATION_RULE_ID, REPLICATION_TIME_MINUTES } from "../storage/aws-replication";
import { cloudAlarmReceivers, requiredAlertSecret, type CloudAlarmSeverity } from "./cloud-alarm-routing";

export { cloudAlarmReceivers, type CloudAlarmSeverity };

/** Alarm period: CloudWatch evaluates each alarm over 5-minute sums or maxima. */
export const CLOUD_ALARM_PERIOD_SECONDS = 300;

/**
 * The channels SNS cannot deliver, and why: SNS posts its own JSON envelope and first a
 * SubscriptionConfirmation that the endpoint must confirm by fetching its SubscribeURL.
 */
export const SNS_UNMAPPED_CHANNELS: Readonly<Record<Exclude<AlertChannel, "email" | "webhook">, string>> = {
    slack: "a Slack incoming webhook rejects SNS's JSON envelope and never confirms the subscription",
    teams: "a Teams Workflows webhook expects an Adaptive Card and never confirms the subscription",
    pagerduty: "PagerDuty takes CloudWatch alarms through its own 'Amazon CloudWatch' integration URL, not the Events API v2 routing key",
    opsgenie: "Opsgenie takes SNS through its own 'Amazon SNS' integration key, not the API key of alertOpsgenieApiKey",
    heartbeat: "the heartbeat belongs to the Watchdog only",
};

/** One SNS subscription of a receiver: an e-mail address, or the webhook URL (a secret). */
export interface SnsSubscriptionSpec {
    /** Stable id, part of the resource name. */
    readonly id: string;
    readonly protocol: "email" | "https";
    /** The address (e-mail), or the secret holding the URL (https). */
    readonly endpoint: { readonly address: string } | { readonly secret: SecretKey };
}

/** How a receiver's channels map to SNS: e-mail -> `email`, webhook -> `https`; the rest do not map. */
export function snsSubscriptions(receiver: AlertReceiver): { subscriptions: SnsSubscriptionSpec[]; unmapped: Exclude<AlertChannel, "email" | "webhook">[] } {
    const subscriptions: SnsSubscriptionSpec[] = (receiver.email ?? []).map((address) => ({
        id: `email-${address
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/^-|-$/g, "")}`,
        protocol: "email" as const,
        endpoint: { address },
    }));
    if (receiver.webhook) {
        subscriptions.push({ id: "webhook", protocol: "https", endpoint: { secret: CHANNEL_SECRETS.webhook } });
    }
    const unmapped = channelsOf(receiver).filter((c): c is Exclude<AlertChannel, "email" | "webhook"> => c !== "email" && c !== "webhook");
    return { subscriptions, unmapped };
}

/** One CloudWatch alarm as data. */
export interface CloudAlarmSpec {
    /** Stable id, part of the resource name and of the alarm name. */
    readonly id: string;
    readonly severity: CloudAlarmSeverity;
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Readonly<Record<string, string>>;
    readonly statistic: "Sum" | "Maximum";
    readonly threshold: number;
    readonly evaluationPeriods: number;
    readonly description: string;
}

export interface ReplicationAlarmPair {
    /** The replicated bucket's id (files, backups). */
    readonly id: string;
    readonly sourceBucket: string;
    readonly replicaBucket: string;
}

/**
 * Per replicated bucket: the lag beyond Replication Time Control's 15 minutes (the R-STO-BACKUP
 * RPO; `ReplicationLatency` is in seconds) and any failed replication operation. Both critical: a
 * replica that falls behind or misses objects breaks the backup promise silently.
 */
export function replicationAlarms(pairs: readonly ReplicationAlarmPair[]): CloudAlarmSpec[] {
    return pairs.flatMap((p) => {
        const dimensions = { SourceBucket: p.sourceBucket, DestinationBucket: p.replicaBucket, RuleId: REPLICATION_RULE_ID };
        return [
            {
                id: `replication-latency-${p.id}`,
                severity: "critical" as const,
                namespace: "AWS/S3",
                metricName: "ReplicationLatency",
                dimensions,
                statistic: "Maximum" as const,
                threshold: REPLICATION_TIME_MINUTES * 60,
                evaluationPeriods: 1,
                description: `S3 replication of ${p.sourceBucket} to ${p.replicaBucket} lags more than ${REPLICATION_TIME_MINUTES} minutes (R-STO-BACKUP RPO): docs/platform.md#cloud-side-alarms`,
            },
            {
                id: `replication-failed-${p.id}`,
                severity: "critical" as const,
                namespace: "AWS/S3",
                metricName: "OperationsFailedReplication",
                dimensions,
                statistic: "Sum" as const,
                threshold: 0,
                evaluationPeriods: 1,
                description: `S3 operations failed to replicate from ${p.sourceBucket} to ${p.replicaBucket}: docs/platform.md#cloud-side-alarms`,
            },
        ];
    });
}

/**
 * Requests the web ACL blocked (every rule: `Rule=ALL`) above `threshold` in 5 minutes. The
 * threshold is devana:waf.rateLimit: more blocks than one client may even send in that window
 * means an attack or a rule blocking real users after a release. A warning: the WAF is working.
 */
export function wafBlockedAlarm(webAclName: string, region: string, threshold: number): CloudAlarmSpec {
    return {
        id: "waf-blocked",
        severity: "warning",
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        dimensions: { WebACL: webAclName, Rule: "ALL", Region: region },
        statistic: "Sum",
        threshold,
        evaluationPeriods: 1,
        description: `WAF ${webAclName} blocked more than ${threshold} requests in 5 minutes: docs/platform.md#cloud-side-alarms`,
    };
}

/** The alarm's CloudWatch inputs (without its actions). */
export function metricAlarmInputs(prefix: string, spec: CloudAlarmSpec): Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions"> {
    return {
        name: `${prefix}-${spec.id}`,
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: { ...spec.dimensions },
        statistic: spec.statistic,
        period: CLOUD_ALARM_PERIOD_SECONDS,
        evaluationPeriods: spec.evaluationPeriods,
        threshold: spec.threshold,
        comparisonOperator: "GreaterThanThreshold",
        // No replication or no traffic publishes no data: that is not an incident.
        treatMissingData: "notBreaching",
        tags: { "devana.ai/severity": spec.severity },
    };
}

/**
 * Policy of the alarm topics' key: the account administers it; principals of the account use it
 * only through SNS; CloudWatch (its alarms of this account) encrypts the messages it publishes.
 */
export function alarmTopicKeyPolicy(ctx: { readonly partition: string; readonly accountId: string; readonly region: string }): PolicyDocument {
    const root = `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
    return policyDocument(
        { Sid: "KeyAdministration", Effect: "Allow", Principal: { AWS: root }, Action: ADMIN_ACTIONS, Resource: "*" },
        {
            Sid: "UseThroughSns",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: USE_ACTIONS,
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": `sns.${ctx.region}.amazonaws.com`, "kms:CallerAccount": ctx.accountId } },
        },
        {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
        },
    );
}

export interface AwsCloudAlarmsArgs {
    /** Prefix of AWS-visible names (alarms, topics, key alias): the cluster name. */
    readonly name: string;
    readonly region: string;
    readonly account: { readonly accountId: pulumi.Input<string>; readonly partition: pulumi.Input<string> };
    /** devana:alerting: its routes pick each severity's receiver, whose channels become subscriptions. */
    readonly alerting: Alerting;
    /** The alerting secrets (the webhook URL of an `https` subscription). @default {} */
    readonly credentials?: Readonly<Partial<Record<SecretKey, pulumi.Input<string>>>>;
    /** The replicated buckets (with devana:aws.replicaRegion). @default [] (no replication alarms) */
    readonly replication?: readonly ReplicationAlarmPair[];
    /** The edge's web ACL and the blocked-requests threshold (with devana:waf). @default undefined (no WAF alarm) */
    readonly waf?: { readonly webAclName: string; readonly blockedThreshold: number };
    /** Protect the topics' key. @default false */
    readonly protect?: boolean;
}

/** The alarms, their topics and key; pass the primary AWS provider in `opts.providers`. */
export class AwsCloudAlarms extends pulumi.ComponentResource {
    /** Topic ARNs by receiver id. */
    public readonly topicArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** Alarm names. */
    public readonly alarmNames: readonly string[];

    constructor(name: string, args: AwsCloudAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:AwsCloudAlarms", name, {}, opts);
        const receivers = cloudAlarmReceivers(args.alerting);
        const specs = [...replicationAlarms(args.replication ?? []), ...(args.waf ? [wafBlockedAlarm(args.waf.webAclName, args.region, args.waf.blockedThreshold)] : [])];

        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Devana ${args.name}: SNS topics of the CloudWatch alarms`,
                enableKeyRotation: true,
                deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
                policy: pulumi.all([args.account.partition, args.account.accountId]).apply(([partition, accountId]) => JSON.stringify(alarmTopicKeyPolicy({ partition, accountId, region: args.region }))),
                tags: { "devana.ai/key-use": "alarms" },
            },
            { parent: this, protect: args.protect ?? false },
        );
        new aws.kms.Alias(`${name}-key`, { name: `alias/${args.name}-alarms`, targetKeyId: key.keyId }, { parent: this });

        const topics: Record<string, aws.sns.Topic> = {};
        for (const receiverId of [...new Set(Object.values(receivers))].sort()) {
            const topic = new aws.sns.Topic(`${name}-${receiverId}`, { name: `${args.name}-alarms-${receiverId}`, kmsMasterKeyId: key.arn, tags: { "devana.ai/receiver": receiverId } }, { parent: this });
            topics[receiverId] = topic;
            for (const sub of snsSubscriptions(args.alerting.receivers[receiverId]).subscriptions) {
                const endpoint = "address" in sub.endpoint ? sub.endpoint.address : pulumi.secret(requiredAlertSecret(args.credentials ?? {}, sub.endpoint.secret));
                // E-mail and https endpoints confirm out of band (a link, the SubscribeURL): pending until then.
                new aws.sns.TopicSubscription(`${name}-${receiverId}-${sub.id}`, { topic: topic.arn, protocol: sub.protocol, endpoint }, { parent: this });
            }
        }

        for (const spec of specs) {
            const receiverId = receivers[spec.severity];
            const actions = receiverId ? [topics[receiverId].arn] : [];
            // OK actions too: the receivers hear when it is over, like Alertmanager's send_resolved.
            new aws.cloudwatch.MetricAlarm(`${name}-${spec.id}`, { ...metricAlarmInputs(args.name, spec), alarmActions: actions, okActions: actions }, { parent: this });
        }

        this.topicArns = Object.fromEntries(Object.entries(topics).map(([id, t]) => [id, t.arn]));
        this.alarmNames = specs.map((s) => `${args.name}-${s.id}`);
        this.registerOutputs({ topicArns: this.topicArns, alarmNames: this.alarmNames });
    }
}
