/**
 * Issue 16: who reaches the AKS API and with which rights (Azure RBAC for Kubernetes; local accounts
 * are disabled, so every grant is an Entra ID role assignment). Pure data, turned into role
 * assignments by AzureCluster.
 *
 * - deploy identity (the one running Pulumi): Azure Kubernetes Service RBAC Cluster Admin (it already
 *   holds listClusterUserCredential as the subscription's deployer);
 * - preview and drift identity: Azure Kubernetes Service Cluster User Role, because the program itself
 *   calls listClusterUserCredential to build the Kubernetes provider (a plain Reader cannot, so every
 *   preview would fail before diffing anything), and a custom role that reads every Kubernetes object,
 *   Secrets included (a refresh reads back each managed object, Secrets too; the built-in RBAC Reader
 *   excludes them). It writes nothing: server-side-apply previews fall back to client-side diffs when
 *   the `patch` dry run is forbidden (pulumi-kubernetes #2419);
 * - human admin groups (`azure.adminGroupObjectIds`, cluster-admin through aadProfile) and the
 *   break-glass group: Cluster User Role to fetch the kubeconfig; break-glass also RBAC Cluster Admin.
 */
import type { AzureRole } from "../security/azure-roles";

/** Data actions of the preview role: read every Kubernetes resource kind, Secrets included. */
export const PREVIEW_READER_DATA_ACTIONS = ["Microsoft.ContainerService/managedClusters/*/read"] as const;

export type AksAccessPurpose = "deploy" | "preview" | "break-glass" | "admin";

export interface AksAccessGrant {
    /** Stable id: child resource names (`<cluster>-<id>`). */
    readonly id: string;
    readonly purpose: AksAccessPurpose;
    /** A built-in role, or `previewReader`: the stack's custom read-everything role. */
    readonly role: AzureRole | "previewReader";
    readonly principalId: string;
    readonly principalType: "ServicePrincipal" | "Group";
    readonly description: string;
}

export interface AksAccessInput {
    readonly previewObjectId?: string;
    readonly breakGlassGroupObjectId?: string;
    /** Human admin groups. @default [] */
    readonly adminGroupObjectIds?: readonly string[];
}

/**
 * The role assignments at cluster scope per principal, besides the deploy identity's RBAC Cluster
 * Admin (`deployer-admin`, granted by AzureCluster from the run's own client config).
 */
export function aksAccessGrants(input: AksAccessInput): AksAccessGrant[] {
    const grants: AksAccessGrant[] = [];
    if (input.previewObjectId) {
        const principal = { purpose: "preview" as const, principalId: input.previewObjectId, principalType: "ServicePrincipal" as const };
        grants.push({ ...principal, id: "preview-user", role: "aksClusterUser", description: "Preview and drift: fetch the Entra ID kubeconfig" });
        grants.push({ ...principal, id: "preview-reader", role: "previewReader", description: "Preview and drift: read every Kubernetes object, Secrets included; no writes" });
    }
    if (input.breakGlassGroupObjectId) {
        // A group whose membership is activated just in time (PIM for Groups), never a standing user.
        const principal = { purpose: "break-glass" as const, principalId: input.breakGlassGroupObjectId, principalType: "Group" as const };
        grants.push({ ...principal, id: "break-glass-user", role: "aksClusterUser", description: "Break-glass: fetch the Entra ID kubeconfig" });
        grants.push({ ...principal, id: "break-glass-admin", role: "aksRbacClusterAdmin", description: "Break-glass: cluster admin when the admin groups or the pipeline fail" });
    }
    for (const group of input.adminGroupObjectIds ?? []) {
        grants.push({ id: `admin-${group}`, purpose: "admin", role: "aksClusterUser", principalId: group, principalType: "Group", description: "Human admins: fetch the Entra ID kubeconfig (cluster-admin through aadProfile)" });
    }
    return grants;
}

/** A stable GUID (RFC 4122 layout) from a text, for names ARM wants as GUIDs (custom role definitions). */
export function stableGuid(text: string, hash: (t: string) => string): string {
    const h = hash(text);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
