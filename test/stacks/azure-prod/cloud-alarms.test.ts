/**
 * Issue 17, step 5 on Azure: the committed `azure-prod` plan's metric alert on the requests the
 * Application Gateway WAF blocks, delivered through the warning receiver's action group.
 * Does not prove that the thresholds suit real traffic.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { AZURE_SEVERITY, wafBlockedCriteria } from "../../../components/platform/azure-cloud-alarms";
import { byName, evaluateOk, ofType } from "../../support/helpers";

const T = {
    component: "devana:platform:AzureCloudAlarms",
    group: "azure-native:monitor:ActionGroup",
    alert: "azure-native:monitor:MetricAlert",
    gateway: "azure-native:network:ApplicationGateway",
} as const;

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
