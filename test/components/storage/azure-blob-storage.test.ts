/**
 * R-STO-BACKUP on Azure, pure: the Blob data protection settings (versioning, change feed, soft
 * delete, point-in-time restore) derived from the retention, within Azure's limits.
 * Does not prove a restore works: docs/azure.md has the drill.
 */
import { describe, expect, it } from "vitest";
import { blobDataProtection, MAX_SOFT_DELETE_DAYS } from "../../../components/storage/azure-blob-storage";

describe("blobDataProtection", () => {
    it("keeps soft delete at least a day beyond the restore window, within Azure's 365-day bound", () => {
        expect(blobDataProtection({ backupRetentionDays: 30, versionRetentionDays: 90 })).toMatchObject({ softDeleteDays: 91, restoreDays: 90, changeFeedDays: 91 });
        // Longer backup retention wins; the restore window stays the weekly retention.
        expect(blobDataProtection({ backupRetentionDays: 120, versionRetentionDays: 90 })).toMatchObject({ softDeleteDays: 120, restoreDays: 90 });
        expect(blobDataProtection({ backupRetentionDays: 30, versionRetentionDays: 400 })).toMatchObject({ softDeleteDays: MAX_SOFT_DELETE_DAYS, restoreDays: 364 });
        const rules = blobDataProtection({ backupRetentionDays: 30, versionRetentionDays: 400 }).lifecycleRules;
        expect(rules.map((r) => r.definition.actions.version.delete.daysAfterCreationGreaterThan)).toEqual([400, 30]);
    });
});
