/**
 * Issue 17, step 5 on Azure: cloud-side signals into the same receivers as Alertmanager. An Azure
 * Monitor metric alert watches the requests the Application Gateway WAF blocks (WAF_v2 metric
 * `AzwafTotalRequests` with `Action = Block`; `BlockedCount` is the retired v1 SKU's metric), and
 * delivers through one action group per receiver of `devana:alerting.routes`, built from that
 * receiver's e-mail addresses and webhook.
 *
 * No geo-replication alert: the storage account's GZRS/GRS replication to the paired region
 * exposes its lag only as `geoReplicationStats.lastSyncTime` of the account (an API property read
 * on demand), not as an Azure Monitor metric (Microsoft.Storage/storageAccounts has none; the
 * replication metrics of Microsoft.Storage/storageAccounts/objectReplicationPolicies belong to
 * object replication, which this program does not use). docs/platform.md says how to check it.
 */
import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";
import { CHANNEL_SECRETS, channelsOf, type AlertChannel, type Alerting, type AlertReceiver } from "../../config/alerting";
import type { SecretKey } from "../../config/schema";
import { cloudAlarmReceivers, requiredAlertSecret, type CloudAlarmSeverity } from "./cloud-alarm-routing";

/** Azure Monitor severities: 0 critical, 2 warning. */
export const AZURE_SEVERITY: Readonly<Record<CloudAlarmSeverity, number>> = { critical: 0, warning: 2 };

/** Action group short names (SMS and e-mail senders show it) are at most 12 characters. */
export const ACTION_GROUP_SHORT_NAME_MAX = 12;

/** The channels an action group cannot deliver, and why (its webhooks post the common alert schema). */
export const ACTION_GROUP_UNMAPPED_CHANNELS: Readonly<Record<Exclude<AlertChannel, "email" | "webhook">, string>> = {
    slack: "a Slack incoming webhook rejects Azure's common alert schema (it needs its own `text` payload)",
    teams: "a Teams Workflows webhook expects an Adaptive Card, not the common alert schema",
    pagerduty: "PagerDuty takes Azure alerts through its own 'Microsoft Azure' integration URL, not the Events API v2 routing key",
    opsgenie: "Opsgenie takes Azure alerts through its own 'Azure' integration key, not the API key of alertOpsgenieApiKey",
    heartbeat: "the heartbeat belongs to the Watchdog only",
};

/** One action group's receivers as data: e-mail addresses, and the webhook (its URL a secret). */
export interface ActionGroupSpec {
    readonly emails: readonly { readonly name: string; readonly address: string }[];
    readonly webhook?: { readonly name: string; readonly secret: SecretKey };
    readonly unmapped: readonly Exclude<AlertChannel, "email" | "webhook">[];
}

export function actionGroupSpec(receiver: AlertReceiver): ActionGroupSpec {
    return {
        // Receiver names are unique within the group.
        emails: (receiver.email ?? []).map((address, i) => ({ name: `email-${i + 1}`, address })),
        ...(receiver.webhook ? { webhook: { name: "webhook", secret: CHANNEL_SECRETS.webhook } } : {}),
        unmapped: channelsOf(receiver).filter((c): c is Exclude<AlertChannel, "email" | "webhook"> => c !== "email" && c !== "webhook"),
    };
}

/**
 * The WAF alert's criterion: requests the WAF blocked above `threshold` in 5 minutes. The
 * threshold is devana:waf.rateLimit (per client over five minutes): more blocks than one client
 * may even send means an attack or a rule blocking real users after a release.
 */
export function wafBlockedCriteria(threshold: number): monitor.MetricAlertArgs["criteria"] {
    return {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [
            {
                criterionType: "StaticThresholdCriterion",
                name: "waf-blocked",
                metricNamespace: "Microsoft.Network/applicationGateways",
                metricName: "AzwafTotalRequests",
                dimensions: [{ name: "Action", operator: "Include", values: ["Block"] }],
                timeAggregation: "Total",
                operator: "GreaterThan",
                threshold,
            },
        ],
    };
}

export interface AzureCloudAlarmsArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** Stack name, in the action group and alert names. */
    readonly stack: string;
    /** devana:alerting: its routes pick each severity's receiver, whose channels fill the action groups. */
    readonly alerting: Alerting;
    /** The alerting secrets (the webhook URL). @default {} */
    readonly credentials?: Readonly<Partial<Record<SecretKey, pulumi.Input<string>>>>;
    /** The Application Gateway and the blocked-requests threshold (with devana:waf). @default undefined (no WAF alert) */
    readonly waf?: { readonly gatewayId: pulumi.Input<string>; readonly blockedThreshold: number };
    /** @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Action groups and metric alerts; pass the azure-native provider in `opts.providers`. */
export class AzureCloudAlarms extends pulumi.ComponentResource {
    /** Action group ids by receiver id. */
    public readonly actionGroupIds: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: AzureCloudAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:AzureCloudAlarms", name, {}, opts);
        const receivers = cloudAlarmReceivers(args.alerting);
        const tags = { ...(args.tags ?? {}) };

        const groups: Record<string, monitor.ActionGroup> = {};
        for (const receiverId of [...new Set(Object.values(receivers))].sort()) {
            const spec = actionGroupSpec(args.alerting.receivers[receiverId]);
            const webhook = spec.webhook;
            groups[receiverId] = new monitor.ActionGroup(
                `${name}-${receiverId}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    actionGroupName: `ag-devana-${args.stack}-${receiverId}`,
                    groupShortName: receiverId.slice(0, ACTION_GROUP_SHORT_NAME_MAX),
                    // Action groups are global resources.
                    location: "Global",
                    enabled: true,
                    emailReceivers: spec.emails.map((e) => ({ name: e.name, emailAddress: e.address, useCommonAlertSchema: true })),
                    webhookReceivers: webhook ? [{ name: webhook.name, serviceUri: pulumi.secret(requiredAlertSecret(args.credentials ?? {}, webhook.secret)), useCommonAlertSchema: true }] : [],
                    tags,
                },
                { parent: this },
            );
        }

        if (args.waf && receivers.warning) {
            new monitor.MetricAlert(
                `${name}-waf-blocked`,
                {
                    resourceGroupName: args.resourceGroupName,
                    ruleName: `devana-${args.stack}-waf-blocked`,
                    description: `The Application Gateway WAF blocked more than ${args.waf.blockedThreshold} requests in 5 minutes: docs/platform.md#cloud-side-alarms`,
                    location: "global",
                    enabled: true,
                    severity: AZURE_SEVERITY.warning,
                    scopes: [args.waf.gatewayId],
                    evaluationFrequency: "PT1M",
                    windowSize: "PT5M",
                    criteria: wafBlockedCriteria(args.waf.blockedThreshold),
                    // Resolves itself when the blocks fall back, and notifies the receivers of it.
                    autoMitigate: true,
                    actions: [{ actionGroupId: groups[receivers.warning].id }],
                    tags,
                },
                { parent: this },
            );
        }

        this.actionGroupIds = Object.fromEntries(Object.entries(groups).map(([id, g]) => [id, g.id]));
        this.registerOutputs({ actionGroupIds: this.actionGroupIds });
    }
}
