/**
 * Issue 17, R-SEC-AUDIT on Azure, pure: the Activity Log categories, the setting names and the
 * audit tables' retention plan.
 * Does not prove Azure accepts the categories for these resource kinds.
 */
import { describe, expect, it } from "vitest";
import { activityLogSettingName, blobServiceId, CLOUD_AUDIT_TABLES } from "../../../components/security/azure-audit-diagnostics";
import { retentionPlan } from "../../../components/security/azure-log-analytics";

describe("azure audit diagnostics (pure)", () => {
    it("attaches to the blob service, names the subscription-wide setting per stack", () => {
        expect(blobServiceId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st")).toBe("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default");
        expect(activityLogSettingName("azure-prod")).toBe("devana-audit-azure-prod");
        expect(CLOUD_AUDIT_TABLES).toEqual(["AZKVAuditLogs", "StorageBlobLogs", "AzureActivity"]);
        expect(retentionPlan(1000)).toEqual({ workspaceDays: 730, auditTableTotalDays: 1000 });
    });
});
