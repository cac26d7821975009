/**
 * The fields every Azure component's args share: where its resources go and what they carry. Below
 * network/storage/cluster/security (like components/aws and components/k8s), so each tier's Azure
 * args extend the same spelling instead of repeating it.
 */
import type * as pulumi from "@pulumi/pulumi";

export interface AzureScopeArgs {
    /** The stack's resource group (created by AzureNetwork). */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Azure location; the provider passed in opts carries the same. */
    readonly location: string;
    /** Tags on every taggable resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** For components that assign roles: ARM wants role definition ids under the subscription. */
export interface AzureGrantScopeArgs extends AzureScopeArgs {
    /** Subscription of the role definition ids (and of sub-resource ids built from it). */
    readonly subscriptionId: pulumi.Input<string>;
}
