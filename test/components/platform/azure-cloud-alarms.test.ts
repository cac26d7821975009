/**
 * Issue 17, step 5 on Azure, pure builders: the action group per `devana:alerting` receiver (its
 * e-mail addresses and webhook), the severities and the WAF-blocked metric criteria.
 * Does not prove that Azure Monitor accepts the metric and dimension for this gateway. There is
 * deliberately no geo-replication alert: the storage account exposes no lag metric.
 */
import { describe, expect, it } from "vitest";
import { ACTION_GROUP_UNMAPPED_CHANNELS, actionGroupSpec, wafBlockedCriteria } from "../../../components/platform/azure-cloud-alarms";
import { requiredAlertSecret } from "../../../components/platform/cloud-alarm-routing";

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
