/**
 * AzureBlobAccess: how workloads reach the Blob containers. Default: Entra workload identity, one
 * user-assigned identity per consumer, federated with the cluster's OIDC issuer for the consumer's
 * Kubernetes service accounts, holding `Storage Blob Data Contributor` on its own containers only;
 * no key exists anywhere. Fallback (`devana:azure.blobAuth: accountKey`, for a Devana release that
 * cannot use workload identity): the account key, which the application tier puts in the API's
 * environment Secret, and a Secret of the data namespace for the backups. Pass the Kubernetes
 * provider in `opts.providers` (used by the fallback only).
 */
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as storage from "@pulumi/azure-native/storage";
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import type { AzureGrantScopeArgs } from "../azure/scope";
import { grantRole } from "../security/azure-roles";

/** Audience the AKS workload identity webhook projects into service account tokens. */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";
/** Name of the fallback Secret (account key mode) in the data namespace. */
export const ACCOUNT_KEY_SECRET = "devana-azure-storage";
/** Keys of the data namespace's Secret: the Barman Cloud / rclone names the data tier reads. */
export const BACKUP_SECRET_KEYS = { account: "AZURE_STORAGE_ACCOUNT", key: "AZURE_STORAGE_KEY" } as const;

export interface BlobConsumer {
    /** Stable id (`devana`, `backup`): names the identity. */
    readonly id: string;
    readonly namespace: string;
    /** Service accounts whose tokens are exchanged for the identity. */
    readonly serviceAccounts: readonly string[];
    /** ARM ids of the containers it may read and write. */
    readonly containerIds: readonly pulumi.Input<string>[];
}

/** Federated credential subject of a service account. */
export function workloadIdentitySubject(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

export interface AzureBlobAccessArgs extends AzureGrantScopeArgs {
    readonly mode: "workloadIdentity" | "accountKey";
    readonly storageAccountName: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (workload identity). */
    readonly oidcIssuerUrl: pulumi.Input<string>;
    readonly consumers: readonly BlobConsumer[];
    /** Namespace of the fallback Secret for the backups (the data namespace). */
    readonly backupSecretNamespace: pulumi.Input<string>;
}

export class AzureBlobAccess extends pulumi.ComponentResource {
    /** Client id of each consumer's identity (workload identity mode): the service account annotation. */
    public readonly clientIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** The account key (account key mode), a Pulumi secret: only Kubernetes Secrets ever hold it. */
    public readonly accountKey?: pulumi.Output<string>;

    constructor(name: string, args: AzureBlobAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:storage:AzureBlobAccess", name, {}, opts);
        const clientIds: Record<string, pulumi.Output<string>> = {};
        if (args.mode === "workloadIdentity") {
            for (const consumer of args.consumers) {
                const identity = new managedidentity.UserAssignedIdentity(`${name}-${consumer.id}`, { resourceGroupName: args.resourceGroupName, location: args.location, tags: { ...args.tags } }, { parent: this });
                // Azure accepts one federated credential write per identity at a time: chain them.
                let previous: pulumi.Resource | undefined;
                for (const sa of consumer.serviceAccounts) {
                    previous = new managedidentity.FederatedIdentityCredential(
                        `${name}-${consumer.id}-${sa}`,
                        {
                            resourceGroupName: args.resourceGroupName,
                            resourceName: identity.name,
                            federatedIdentityCredentialResourceName: sa,
                            issuer: args.oidcIssuerUrl,
                            subject: workloadIdentitySubject(consumer.namespace, sa),
                            audiences: [WORKLOAD_IDENTITY_AUDIENCE],
                        },
                        { parent: this, dependsOn: previous ? [previous] : [] },
                    );
                }
                consumer.containerIds.forEach((scope, i) =>
                    grantRole(
                        `${name}-${consumer.id}-container-${i}`,
                        args.subscriptionId,
                        {
                            role: "storageBlobDataContributor",
                            scope,
                            principalId: identity.principalId,
                            principalType: "ServicePrincipal",
                            description: `${consumer.id}: read and write its own container only`,
                        },
                        { parent: this },
                    ),
                );
                clientIds[consumer.id] = identity.clientId;
            }
        } else {
            const keys = storage.listStorageAccountKeysOutput({ resourceGroupName: args.resourceGroupName, accountName: args.storageAccountName }, { parent: this });
            const key = pulumi.secret(keys.apply((k) => k.keys[0]?.value ?? ""));
            const labels = { "app.kubernetes.io/part-of": "devana" };
            new k8s.core.v1.Secret(
                `${name}-backup-account-key`,
                {
                    metadata: { name: ACCOUNT_KEY_SECRET, namespace: args.backupSecretNamespace, labels },
                    type: "Opaque",
                    stringData: { [BACKUP_SECRET_KEYS.account]: args.storageAccountName, [BACKUP_SECRET_KEYS.key]: key },
                },
                { parent: this },
            );
            this.accountKey = key;
        }
        this.clientIds = clientIds;
        this.registerOutputs({ clientIds });
    }
}
