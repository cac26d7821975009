/**
 * Issue 17, R-SEC-AUDIT on Azure: the audit sources besides AKS into the stack's Log Analytics
 * workspace (kept `devana:audit.retentionDays`, azure-log-analytics.ts): the Key Vault's
 * `AuditEvent` (every key and secret operation), the storage account's blob service (reads,
 * writes and deletes of customer files) and the subscription's Activity Log (control-plane
 * actions; Azure keeps it 90 days by itself).
 */
import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";

/** Key Vault's audit category (resource-specific table AZKVAuditLogs with `Dedicated`). */
export const KEY_VAULT_AUDIT_CATEGORIES = ["AuditEvent"] as const;
/** Blob service categories (table StorageBlobLogs). */
export const BLOB_AUDIT_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"] as const;
/** Every Activity Log category (table AzureActivity). */
export const ACTIVITY_LOG_CATEGORIES = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"] as const;
/** The workspace tables these land in: they get the audit retention beyond 730 days too. */
export const CLOUD_AUDIT_TABLES = ["AZKVAuditLogs", "StorageBlobLogs", "AzureActivity"] as const;

/** The blob service of a storage account (diagnostic settings attach to it, not to the account). */
export function blobServiceId(storageAccountId: string): string {
    return `${storageAccountId}/blobServices/default`;
}

/** The subscription-wide setting's name: one per stack, since stacks may share a subscription. */
export function activityLogSettingName(stack: string): string {
    return `devana-audit-${stack}`.slice(0, 64);
}

export interface AzureAuditDiagnosticsArgs {
    /** The Log Analytics workspace (its resource id). */
    readonly workspaceId: pulumi.Input<string>;
    readonly keyVaultId: pulumi.Input<string>;
    readonly storageAccountId: pulumi.Input<string>;
    /** The stack's name (the Activity Log setting's name). */
    readonly stack: string;
}

/** Three diagnostic settings; pass the azure-native provider in `opts.providers`. */
export class AzureAuditDiagnostics extends pulumi.ComponentResource {
    constructor(name: string, args: AzureAuditDiagnosticsArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token predates the move out of storage/: a new token would replace the deployed resource.
        super("devana:storage:AzureAuditDiagnostics", name, {}, opts);
        const enabled = (categories: readonly string[]) => categories.map((category) => ({ category, enabled: true }));
        new monitor.DiagnosticSetting(
            `${name}-key-vault`,
            { name: "devana-audit", resourceUri: args.keyVaultId, workspaceId: args.workspaceId, logAnalyticsDestinationType: "Dedicated", logs: enabled(KEY_VAULT_AUDIT_CATEGORIES) },
            { parent: this },
        );
        new monitor.DiagnosticSetting(`${name}-blob`, { name: "devana-audit", resourceUri: pulumi.output(args.storageAccountId).apply(blobServiceId), workspaceId: args.workspaceId, logs: enabled(BLOB_AUDIT_CATEGORIES) }, { parent: this });
        new monitor.SubscriptionDiagnosticSetting(`${name}-activity-log`, { name: activityLogSettingName(args.stack), workspaceId: args.workspaceId, logs: enabled(ACTIVITY_LOG_CATEGORIES) }, { parent: this });
        this.registerOutputs({});
    }
}
