/**
 * R-STO-BACKUP on Azure (object store: geo-replication + weekly snapshots): the azure-prod storage
 * account replicates geo-zone-redundantly, and versioning, change feed, soft delete, point-in-time
 * restore and a lifecycle policy keep every earlier state of the user files recoverable for
 * `devana:backup.weeklyRetentionDays` (90) without letting versions pile up; the audit container
 * stays out of the lifecycle. Does not prove a restore works: docs/azure.md has the drill.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { byName, evaluateOk, ofType } from "../../support/helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
let resources: readonly PlannedResource[];

const get = (type: string, name: string) => byName(resources, type, name).inputs as Record<string, any>;

beforeAll(async () => {
    ({ resources } = await evaluateOk("azure-prod"));
});

describe("azure-prod user files: geo-replication and weekly-snapshot equivalent", () => {
    it("replicates the account geo-zone-redundantly (GZRS)", () => {
        expect(get("azure-native:storage:StorageAccount", "devana-blob-account").sku).toEqual({ name: "Standard_GZRS" });
    });

    it("versions every write and can restore any instant of the last 90 days (soft delete one day longer, as Azure requires)", () => {
        expect(ofType(resources, "azure-native:storage:BlobServiceProperties")).toHaveLength(1);
        const service = get("azure-native:storage:BlobServiceProperties", "devana-blob-blob-service");
        expect(service).toMatchObject({
            blobServicesName: "default",
            isVersioningEnabled: true,
            changeFeed: { enabled: true, retentionInDays: 91 },
            deleteRetentionPolicy: { enabled: true, days: 91 },
            containerDeleteRetentionPolicy: { enabled: true, days: 91 },
            restorePolicy: { enabled: true, days: 90 },
        });
        expect(service.restorePolicy.days).toBeLessThan(service.deleteRetentionPolicy.days);
        // Permanent delete would let a purge defeat point-in-time restore.
        expect(service.deleteRetentionPolicy.allowPermanentDelete).toBeUndefined();
    });

    it("deletes earlier versions of files after 90 days and of backups after 30, never touching the audit container", () => {
        expect(ofType(resources, "azure-native:storage:ManagementPolicy")).toHaveLength(1);
        const policy = get("azure-native:storage:ManagementPolicy", "devana-blob-lifecycle");
        expect(policy.managementPolicyName).toBe("default");
        expect(policy.policy.rules).toEqual([
            {
                name: "files-earlier-versions",
                enabled: true,
                type: "Lifecycle",
                definition: { filters: { blobTypes: ["blockBlob"], prefixMatch: ["devana-files/"] }, actions: { version: { delete: { daysAfterCreationGreaterThan: 90 } } } },
            },
            {
                name: "backups-earlier-versions",
                enabled: true,
                type: "Lifecycle",
                definition: {
                    filters: { blobTypes: ["blockBlob", "appendBlob"], prefixMatch: ["devana-backups/"] },
                    actions: { version: { delete: { daysAfterCreationGreaterThan: 30 } } },
                },
            },
        ]);
        const prefixes = (policy.policy.rules as any[]).flatMap((r) => r.definition.filters.prefixMatch as string[]);
        expect(prefixes.some((p) => p.startsWith("audit-logs"))).toBe(false);
        // No rule touches current blobs: only earlier versions expire.
        expect((policy.policy.rules as any[]).every((r) => r.definition.actions.baseBlob === undefined)).toBe(true);
        expect(get("azure-native:storage:BlobContainerImmutabilityPolicy", "devana-blob-audit-immutability")).toMatchObject({ containerName: "audit-logs", immutabilityPeriodSinceCreationInDays: 365 });
    });
});
