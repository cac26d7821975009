/**
 * Issue 17, step 5 on Azure: an Azure Monitor metric alert on the requests the Application Gateway
 * WAF blocks, delivered through one action group per `devana:alerting` receiver (its e-mail
 * addresses and webhook). Pure builders first, then the committed `azure-prod` plan.
 * Does not prove: that Azure Monitor accepts the metric and dimension for this gateway (the
 * metric catalogue is online), nor that the thresholds suit real traffic. There is deliberately
 * no geo-replication alert: the storage account exposes no lag metric (azure-cloud-alarms.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { ACTION_GROUP_UNMAPPED_CHANNELS, actionGroupSpec, AZURE_SEVERITY, wafBlockedCriteria } from "../../components/platform/azure-cloud-alarms";
import { requiredAlertSecret } from "../../components/platform/cloud-alarm-routing";
import { byName, evaluateOk, ofType } from "../helpers";

const T = {
    component: "devana:platform:AzureCloudAlarms",
    group: "azure-native:monitor:ActionGroup",
    alert: "azure-native:monitor:MetricAlert",
    gateway: "azure-native:network:ApplicationGateway",
} as const;

describe("Azure cloud alarm builders (pure)", () => {
    it("builds an action group's e-mail receivers and its webhook (a secret); other channels do not map", () => {
        expect(actionGroupSpec({ email: ["a@example.com", "b@example.com"], webhook: true, teams: true, opsgenie: { region: "eu" } })).toEqual({
            emails: [
                { name: "email-1", address: "a@example.com" },
                { name: "email-2", address: "b@example.com" },
            ],
            webhook: { name: "webhook", secret: "alertWebhookUrl" },
            unmapped: ["teams", "opsgenie"],
        });
        expect(Object.keys(ACTION_GROUP_UNMAPPED_CHANNELS).sort()).toEqual(["heartbeat", "opsgenie", "pagerduty", "slack", "teams"]);
    });

    it("alerts on WAF_v2's AzwafTotalRequests with Action = Block, totalled, above the threshold", () => {
        expect(wafBlockedCriteria(500)).toEqual({
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
                    threshold: 500,
                },
            ],
        });
    });

    it("refuses a channel whose secret is missing, naming the key", () => {
        expect(() => requiredAlertSecret({}, "alertWebhookUrl")).toThrow("devana:alertWebhookUrl");
        expect(requiredAlertSecret({ alertWebhookUrl: "u" }, "alertWebhookUrl")).toBe("u");
    });
});

describe("azure-prod: WAF blocks to the warning receiver's action group", () => {
    let resources: readonly PlannedResource[];
    beforeAll(async () => {
        resources = (await evaluateOk("azure-prod")).resources;
    });

    it("creates one component, two action groups and one metric alert", () => {
        expect(ofType(resources, T.component).map((r) => r.name)).toEqual(["devana-cloud-alarms"]);
        expect(
            ofType(resources, T.group)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["devana-cloud-alarms-oncall", "devana-cloud-alarms-platform"]);
        expect(ofType(resources, T.alert).map((r) => r.name)).toEqual(["devana-cloud-alarms-waf-blocked"]);
    });

    it("fills each action group from its receiver's e-mail addresses (no webhook configured)", () => {
        const receivers = ofType(resources, T.group).map((g) => [g.inputs.actionGroupName, g.inputs.groupShortName, g.inputs.location, g.inputs.emailReceivers, g.inputs.webhookReceivers]);
        expect(receivers.sort()).toEqual([
            ["ag-devana-azure-prod-oncall", "oncall", "Global", [{ name: "email-1", emailAddress: "oncall@example.com", useCommonAlertSchema: true }], []],
            ["ag-devana-azure-prod-platform", "platform", "Global", [{ name: "email-1", emailAddress: "platform-team@example.com", useCommonAlertSchema: true }], []],
        ]);
    });

    it("scopes the alert to the gateway, warning severity, 5-minute window, to the platform group, auto-resolving", () => {
        const alert = byName(resources, T.alert, "devana-cloud-alarms-waf-blocked");
        const gateway = ofType(resources, T.gateway)[0];
        const platform = byName(resources, T.group, "devana-cloud-alarms-platform");
        expect((alert.inputs.scopes as string[]).length).toBe(1);
        expect((alert.inputs.scopes as string[])[0]).toContain(gateway.name);
        expect(alert.inputs.severity).toBe(AZURE_SEVERITY.warning);
        expect([alert.inputs.windowSize, alert.inputs.evaluationFrequency, alert.inputs.autoMitigate, alert.inputs.enabled]).toEqual(["PT5M", "PT1M", true, true]);
        expect((alert.inputs.actions as { actionGroupId: string }[]).map((a) => a.actionGroupId.split("/").pop())).toEqual([platform.name]);
        expect(alert.inputs.criteria).toEqual(wafBlockedCriteria(2000));
    });
});
