/**
 * Pure tests of the Azure keys and storage data: Key Vault keys and soft delete, Log Analytics
 * retention, StorageClass parameters, storage account security, workload identity subjects, names.
 * Does not prove Azure accepts them: only `pulumi up` does.
 */
import { describe, expect, it } from "vitest";
import { keySpecs, KEY_VAULT_SOFT_DELETE_DAYS } from "../../../components/security/azure-key-vault";
import { retentionPlan } from "../../../components/security/azure-log-analytics";
import { azureStorageClassSpecs } from "../../../components/storage/azure-storage-classes";
import { storageAccountSecurity } from "../../../components/storage/azure-blob-storage";
import { workloadIdentitySubject } from "../../../components/storage/azure-blob-access";
import { azureDataInputs, azureNames, nameSuffix } from "../../../stacks/azure";

describe("Azure keys, storage and logs (data)", () => {
    it("creates the KMS, disk and storage keys, each with a rotation policy", () => {
        const specs = keySpecs(365);
        expect(specs.map((k) => k.id)).toEqual(["kms", "disks", "storage"]);
        for (const k of specs) {
            expect(k.rotationPolicy.lifetimeActions).toContainEqual({ trigger: { timeAfterCreate: "P365D" }, action: { type: "rotate" } });
        }
        // AKS pins the KMS key version: its versions must not expire under the cluster.
        expect(specs[0].rotationPolicy.attributes).toBeUndefined();
        expect(KEY_VAULT_SOFT_DELETE_DAYS).toBe(90);
    });

    it("keeps the workspace at least the audit retention, using table retention beyond 730 days", () => {
        expect(retentionPlan(365)).toEqual({ workspaceDays: 365 });
        expect(retentionPlan(2555)).toEqual({ workspaceDays: 730, auditTableTotalDays: 2555 });
    });

    it("binds both StorageClasses to the disk encryption set; fast-ssd is Premium SSD v2 with R-STO's IOPS", () => {
        const [fast, standard] = azureStorageClassSpecs("/des/id", "EncryptionAtRestWithCustomerKey");
        expect(fast).toEqual({
            name: "fast-ssd",
            parameters: {
                skuName: "PremiumV2_LRS",
                cachingMode: "None",
                DiskIOPSReadWrite: "10000",
                DiskMBpsReadWrite: "500",
                diskEncryptionSetID: "/des/id",
                diskEncryptionType: "EncryptionAtRestWithCustomerKey",
            },
        });
        expect(standard.parameters).toMatchObject({ skuName: "StandardSSD_ZRS", diskEncryptionSetID: "/des/id" });
    });

    it("locks the storage account down: no public blobs, no public network, TLS 1.2 floor (documented exception), shared keys only on request", () => {
        expect(storageAccountSecurity(false)).toMatchObject({
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            publicNetworkAccess: "Disabled",
            minimumTlsVersion: "TLS1_2",
            enableHttpsTrafficOnly: true,
            defaultToOAuthAuthentication: true,
        });
        expect(storageAccountSecurity(true).allowSharedKeyAccess).toBe(true);
    });

    it("names global resources within Azure's limits", () => {
        const names = azureNames("azure-prod-with-a-long-name", "a1b2c3");
        expect(names.keyVault).toMatch(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/);
        expect(names.keyVault.endsWith("-a1b2c3")).toBe(true);
        expect(names.storageAccount).toMatch(/^[a-z0-9]{3,24}$/);
        expect(names.storageAccount.endsWith("a1b2c3")).toBe(true);
        expect(workloadIdentitySubject("devana-prod", "devana-api")).toBe("system:serviceaccount:devana-prod:devana-api");
        // Known at plan time, stable, and different for another customer's domain.
        expect(nameSuffix("devana", "prod", "devana.example.eu")).toMatch(/^[0-9a-f]{6}$/);
        expect(nameSuffix("devana", "prod", "devana.example.eu")).toBe(nameSuffix("devana", "prod", "devana.example.eu"));
        expect(nameSuffix("devana", "prod", "devana.other.eu")).not.toBe(nameSuffix("devana", "prod", "devana.example.eu"));
    });

    it("hands the data tier the AKS StorageClasses and the Blob backups container, by workload identity or account key", () => {
        const wi = azureDataInputs("workloadIdentity", "stdevanaprod123abc", "client-id", []);
        expect(wi.storageClasses).toEqual({ fast: "fast-ssd", bulk: "standard" });
        expect(wi.objectStore).toEqual({
            kind: "cloud",
            backups: {
                kind: "azureBlob",
                storageAccount: "stdevanaprod123abc",
                container: "devana-backups",
                auth: { kind: "workloadIdentity", serviceAccountAnnotations: { "azure.workload.identity/client-id": "client-id" } },
            },
        });
        const key = azureDataInputs("accountKey", "stdevanaprod123abc", "unused", []);
        expect(key.objectStore).toMatchObject({ backups: { auth: { kind: "secret", secretName: "devana-azure-storage" } } });
    });
});
