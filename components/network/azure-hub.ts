/**
 * AzureHubConnectivity (issue 16): how the self-hosted runners and admins in the customer's hub VNet
 * reach the private AKS API from the very first run. The stack's VNet is peered with the hub (both
 * directions, unless the hub team creates theirs), and the API server's private DNS zone
 * (`privatelink.<location>.azmk8s.io`) is either created here and linked to the hub, or brought by
 * the customer (usually the hub's, already linked). AKS links the zone to the cluster's own VNet and
 * writes the API server's record itself. Peering and zone are pure data (`hubPeerings`,
 * `aksPrivateDnsZoneName`, `armVnet`), tested without Pulumi.
 */
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as pulumi from "@pulumi/pulumi";
import type { AzureScopeArgs } from "../azure/scope";

/** AKS private clusters take this zone name (or a sub-zone of it) for a bring-your-own zone. */
export function aksPrivateDnsZoneName(location: string): string {
    return `privatelink.${location}.azmk8s.io`;
}

/** `/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>`, split. */
export function armVnet(id: string): { readonly subscriptionId: string; readonly resourceGroupName: string; readonly name: string } {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)$/i.exec(id);
    if (!m) {
        throw new Error(`expected a virtual network id, got ${id}`);
    }
    return { subscriptionId: m[1]!, resourceGroupName: m[2]!, name: m[3]! };
}

export interface HubPeeringSpec {
    /** Stable id: child resource names. */
    readonly id: "to-hub" | "from-hub";
    readonly virtualNetworkPeeringName: string;
    readonly allowVirtualNetworkAccess: true;
    /** Hub side: traffic from on-premises forwarded by the hub's firewall or gateway. */
    readonly allowForwardedTraffic: boolean;
    readonly allowGatewayTransit: boolean;
    readonly useRemoteGateways: boolean;
}

/** The two halves of the peering: the stack's side and, with `peerFromHub`, the hub's. */
export function hubPeerings(input: { readonly stackVnetName: string; readonly peerFromHub: boolean; readonly useRemoteGateways: boolean }): HubPeeringSpec[] {
    const peerings: HubPeeringSpec[] = [{ id: "to-hub", virtualNetworkPeeringName: "peer-to-hub", allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: input.useRemoteGateways }];
    if (input.peerFromHub) {
        peerings.push({
            id: "from-hub",
            virtualNetworkPeeringName: `peer-${input.stackVnetName}`.slice(0, 80),
            allowVirtualNetworkAccess: true,
            allowForwardedTraffic: true,
            allowGatewayTransit: input.useRemoteGateways,
            useRemoteGateways: false,
        });
    }
    return peerings;
}

export interface AzureHubConnectivityArgs extends AzureScopeArgs {
    /** The stack's VNet: its id, and its name as the hub side names the peering. */
    readonly vnetId: pulumi.Input<string>;
    readonly vnetName: pulumi.Input<string>;
    /** Name of the stack's VNet known at plan time (the hub-side peering's name). */
    readonly vnetNameText: string;
    /** `devana:azure.hub`. */
    readonly hub: { readonly vnetId: string; readonly peerFromHub: boolean; readonly useRemoteGateways: boolean };
    /** `devana:azure.apiServer.privateDnsZoneId`. @default the zone is created here and linked to the hub */
    readonly privateDnsZoneId?: string;
}

export class AzureHubConnectivity extends pulumi.ComponentResource {
    /** ARM id of the API server's private DNS zone (AKS `privateDNSZone`). */
    public readonly privateDnsZoneId: pulumi.Output<string>;
    /** What the Kubernetes provider waits for: the peerings and the hub's DNS link. */
    public readonly ready: readonly pulumi.Resource[];

    constructor(name: string, args: AzureHubConnectivityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:network:AzureHubConnectivity", name, {}, opts);
        const child = { parent: this };
        const tags = { ...args.tags };
        const hub = armVnet(args.hub.vnetId);
        const ready: pulumi.Resource[] = [];

        for (const spec of hubPeerings({ stackVnetName: args.vnetNameText, peerFromHub: args.hub.peerFromHub, useRemoteGateways: args.hub.useRemoteGateways })) {
            const { id, ...flags } = spec;
            if (id === "to-hub") {
                ready.push(new network.VirtualNetworkPeering(`${name}-${id}`, { resourceGroupName: args.resourceGroupName, virtualNetworkName: args.vnetName, remoteVirtualNetwork: { id: args.hub.vnetId }, ...flags }, child));
            } else {
                // The hub may live in another subscription (landing zones): its own provider.
                const hubProvider = new AzureProvider(`${name}-hub-provider`, { location: args.location, subscriptionId: hub.subscriptionId }, child);
                ready.push(
                    new network.VirtualNetworkPeering(`${name}-${id}`, { resourceGroupName: hub.resourceGroupName, virtualNetworkName: hub.name, remoteVirtualNetwork: { id: args.vnetId }, ...flags }, { ...child, provider: hubProvider }),
                );
            }
        }

        if (args.privateDnsZoneId) {
            this.privateDnsZoneId = pulumi.output(args.privateDnsZoneId);
        } else {
            const zone = new privatedns.PrivateZone(`${name}-aks-dns`, { resourceGroupName: args.resourceGroupName, privateZoneName: aksPrivateDnsZoneName(args.location), location: "global", tags }, child);
            // The hub's resolvers (and through them on-premises) answer for the API server's name.
            ready.push(
                new privatedns.VirtualNetworkLink(
                    `${name}-aks-dns-hub`,
                    { resourceGroupName: args.resourceGroupName, privateZoneName: zone.name, virtualNetworkLinkName: "hub", location: "global", virtualNetwork: { id: args.hub.vnetId }, registrationEnabled: false, tags },
                    child,
                ),
            );
            this.privateDnsZoneId = zone.id;
        }
        this.ready = ready;
        this.registerOutputs({ privateDnsZoneId: this.privateDnsZoneId });
    }
}
