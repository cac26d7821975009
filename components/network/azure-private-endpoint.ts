/**
 * AzurePrivateEndpoint: a private endpoint for one sub-resource (Key Vault `vault`, Storage `blob`)
 * in a zone subnet, registered in its private DNS zone so the service's usual host name resolves to
 * the private address inside the VNet.
 */
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import type { AzureScopeArgs } from "../azure/scope";

export interface AzurePrivateEndpointArgs extends AzureScopeArgs {
    /** The resource the endpoint connects to. */
    readonly targetResourceId: pulumi.Input<string>;
    /** Sub-resource: `vault` for Key Vault, `blob` for Storage. */
    readonly groupId: string;
    readonly subnetId: pulumi.Input<string>;
    readonly privateDnsZoneId: pulumi.Input<string>;
}

export class AzurePrivateEndpoint extends pulumi.ComponentResource {
    public readonly id: pulumi.Output<string>;

    constructor(name: string, args: AzurePrivateEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token predates the move out of storage/: a new token would replace the deployed resource.
        super("devana:storage:AzurePrivateEndpoint", name, {}, opts);
        const endpoint = new network.PrivateEndpoint(
            `${name}-pe`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                subnet: { id: args.subnetId },
                privateLinkServiceConnections: [{ name: `${name}-${args.groupId}`, privateLinkServiceId: args.targetResourceId, groupIds: [args.groupId] }],
                tags: { ...args.tags },
            },
            { parent: this },
        );
        new network.PrivateDnsZoneGroup(
            `${name}-dns`,
            {
                resourceGroupName: args.resourceGroupName,
                privateEndpointName: endpoint.name,
                privateDnsZoneGroupName: "default",
                privateDnsZoneConfigs: [{ name: args.groupId, privateDnsZoneId: args.privateDnsZoneId }],
            },
            { parent: this },
        );
        this.id = endpoint.id;
        this.registerOutputs({ id: this.id });
    }
}
