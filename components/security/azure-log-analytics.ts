/**
 * AzureLogAnalytics: the Log Analytics workspace that keeps the AKS control-plane audit logs at
 * least `devana:audit.retentionDays` (R-SEC-AUDIT: one year), and the cluster's diagnostic setting
 * that sends `kube-audit`, `kube-audit-admin` and `guard` (Entra ID authentication) to it.
 */
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import type { AzureScopeArgs } from "../azure/scope";
import { CLOUD_AUDIT_TABLES } from "./azure-audit-diagnostics";

/** AKS diagnostic categories that make the audit trail (R-SEC-AUDIT). */
export const AKS_AUDIT_CATEGORIES = ["kube-audit", "kube-audit-admin", "guard"] as const;
/** Resource-specific tables those categories land in (`logAnalyticsDestinationType: Dedicated`). */
export const AKS_AUDIT_TABLES = ["AKSAudit", "AKSAuditAdmin", "AKSControlPlane"] as const;
/** Interactive retention bounds of a workspace (days). */
export const WORKSPACE_MAX_RETENTION_DAYS = 730;

export interface RetentionPlan {
    /** Workspace-wide interactive retention. */
    readonly workspaceDays: number;
    /** Total retention of the audit tables (long-term retention past the interactive window), when longer. */
    readonly auditTableTotalDays?: number;
}

/** Retention for a required number of days: the workspace up to 730, the audit tables beyond. */
export function retentionPlan(auditRetentionDays: number): RetentionPlan {
    const workspaceDays = Math.min(Math.max(auditRetentionDays, 30), WORKSPACE_MAX_RETENTION_DAYS);
    return auditRetentionDays > workspaceDays ? { workspaceDays, auditTableTotalDays: auditRetentionDays } : { workspaceDays };
}

export interface AzureLogAnalyticsArgs extends AzureScopeArgs {
    /** Workspace name (unique in the resource group). */
    readonly workspaceName: string;
    /** `devana:audit.retentionDays` (>= 365). */
    readonly auditRetentionDays: number;
    /** The AKS cluster whose control-plane logs are collected. */
    readonly clusterId: pulumi.Input<string>;
    /** Protect the workspace from deletion (it holds the audit trail). @default false */
    readonly protect?: boolean;
}

export class AzureLogAnalytics extends pulumi.ComponentResource {
    public readonly workspaceId: pulumi.Output<string>;
    public readonly workspaceName: pulumi.Output<string>;
    public readonly retentionInDays: number;

    constructor(name: string, args: AzureLogAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token predates the move out of storage/: a new token would replace the deployed resource.
        super("devana:storage:AzureLogAnalytics", name, {}, opts);
        const plan = retentionPlan(args.auditRetentionDays);
        const workspace = new operationalinsights.Workspace(
            `${name}-workspace`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                workspaceName: args.workspaceName,
                sku: { name: "PerGB2018" },
                retentionInDays: plan.workspaceDays,
                // Entra ID only: no workspace shared keys for queries.
                features: { disableLocalAuth: true },
                tags: { ...args.tags },
            },
            { parent: this, protect: args.protect ?? false },
        );
        if (plan.auditTableTotalDays !== undefined) {
            // Issue 17: the Key Vault, blob and Activity Log tables keep the audit retention too.
            for (const table of [...AKS_AUDIT_TABLES, ...CLOUD_AUDIT_TABLES]) {
                new operationalinsights.Table(
                    `${name}-table-${table}`,
                    {
                        resourceGroupName: args.resourceGroupName,
                        workspaceName: workspace.name,
                        tableName: table,
                        retentionInDays: plan.workspaceDays,
                        totalRetentionInDays: plan.auditTableTotalDays,
                    },
                    { parent: this },
                );
            }
        }
        new monitor.DiagnosticSetting(
            `${name}-aks-audit`,
            {
                name: "devana-audit",
                resourceUri: args.clusterId,
                workspaceId: workspace.id,
                logAnalyticsDestinationType: "Dedicated",
                logs: AKS_AUDIT_CATEGORIES.map((category) => ({ category, enabled: true })),
            },
            { parent: this },
        );
        this.workspaceId = workspace.id;
        this.workspaceName = workspace.name;
        this.retentionInDays = plan.workspaceDays;
        this.registerOutputs({ workspaceId: this.workspaceId, workspaceName: this.workspaceName, retentionInDays: this.retentionInDays });
    }
}
