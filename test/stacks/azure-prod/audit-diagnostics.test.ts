/**
 * Issue 17, R-SEC-AUDIT on Azure: the azure-prod stack sends the Key Vault's AuditEvent, the blob
 * service's reads/writes/deletes and the subscription's Activity Log to its Log Analytics workspace
 * (kept devana:audit.retentionDays), and the audit tables keep that retention beyond 730 days.
 * Evaluated under mocks: does not prove Azure accepts the categories for these resource kinds.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { ACTIVITY_LOG_CATEGORIES } from "../../../components/security/azure-audit-diagnostics";
import { byName, evaluateOk, ofType } from "../../support/helpers";

describe("azure-prod: audit sources into the workspace", () => {
    let resources: readonly PlannedResource[];
    const inputs = (r: PlannedResource): Record<string, any> => r.inputs as Record<string, any>;

    beforeAll(async () => {
        resources = (await evaluateOk("azure-prod")).resources;
    });

    it("creates exactly the three settings, under one component, into the stack's workspace", () => {
        const workspace = byName(resources, "azure-native:operationalinsights:Workspace", "devana-logs-workspace");
        expect(inputs(workspace).retentionInDays).toBe(365);
        const ours = [...ofType(resources, "azure-native:monitor:DiagnosticSetting"), ...ofType(resources, "azure-native:monitor:SubscriptionDiagnosticSetting")].filter((r) => r.parent?.endsWith("::devana-audit-diagnostics"));
        expect(ours.map((r) => [r.type.split(":").pop(), r.name])).toEqual([
            ["DiagnosticSetting", "devana-audit-diagnostics-key-vault"],
            ["DiagnosticSetting", "devana-audit-diagnostics-blob"],
            ["SubscriptionDiagnosticSetting", "devana-audit-diagnostics-activity-log"],
        ]);
        for (const r of ours) {
            expect(inputs(r).workspaceId, r.name).toMatch(/\/devana-logs-workspace$/);
        }
    });

    it("sends the Key Vault's AuditEvent, the blob service's reads, writes and deletes, and every Activity Log category", () => {
        const vault = inputs(byName(resources, "azure-native:monitor:DiagnosticSetting", "devana-audit-diagnostics-key-vault"));
        expect([vault.name, vault.resourceUri, vault.logAnalyticsDestinationType, vault.logs]).toEqual(["devana-audit", expect.stringMatching(/\/devana-keys-vault$/), "Dedicated", [{ category: "AuditEvent", enabled: true }]]);
        const blob = inputs(byName(resources, "azure-native:monitor:DiagnosticSetting", "devana-audit-diagnostics-blob"));
        expect([blob.resourceUri, blob.logs]).toEqual([
            expect.stringMatching(/\/devana-blob-account\/blobServices\/default$/),
            [
                { category: "StorageRead", enabled: true },
                { category: "StorageWrite", enabled: true },
                { category: "StorageDelete", enabled: true },
            ],
        ]);
        const activity = inputs(byName(resources, "azure-native:monitor:SubscriptionDiagnosticSetting", "devana-audit-diagnostics-activity-log"));
        expect([activity.name, activity.logs]).toEqual(["devana-audit-azure-prod", ACTIVITY_LOG_CATEGORIES.map((category) => ({ category, enabled: true }))]);
    });
});
