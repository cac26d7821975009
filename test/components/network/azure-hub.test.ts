/**
 * Issue 16 on Azure, pure: hub peerings both ways, the AKS API's private DNS zone name, the ARM
 * VNet id, and the role assignments each principal gets.
 * Does not prove ARM accepts the peering: that needs Azure.
 */
import { describe, expect, it } from "vitest";
import { aksAccessGrants } from "../../../components/cluster/azure-access";
import { aksPrivateDnsZoneName, armVnet, hubPeerings } from "../../../components/network/azure-hub";

const HUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub-network/providers/Microsoft.Network/virtualNetworks/vnet-hub-swedencentral";

const ADMINS = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";

const PREVIEW = "7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f";

const BREAK_GLASS = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("hub connectivity and access (pure)", () => {
    it("peers both ways unless the hub team does its side, and names the AKS zone", () => {
        expect(hubPeerings({ stackVnetName: "devana-azure-prod", peerFromHub: true, useRemoteGateways: false })).toEqual([
            { id: "to-hub", virtualNetworkPeeringName: "peer-to-hub", allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: false },
            { id: "from-hub", virtualNetworkPeeringName: "peer-devana-azure-prod", allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: false },
        ]);
        expect(hubPeerings({ stackVnetName: "x", peerFromHub: false, useRemoteGateways: true })).toEqual([
            { id: "to-hub", virtualNetworkPeeringName: "peer-to-hub", allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: true },
        ]);
        expect(aksPrivateDnsZoneName("swedencentral")).toBe("privatelink.swedencentral.azmk8s.io");
        expect(armVnet(HUB)).toEqual({ subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroupName: "rg-hub-network", name: "vnet-hub-swedencentral" });
    });

    it("grants per principal: kubeconfig and read-everything to preview, admin to break-glass, kubeconfig to admin groups", () => {
        expect(aksAccessGrants({ previewObjectId: PREVIEW, breakGlassGroupObjectId: BREAK_GLASS, adminGroupObjectIds: [ADMINS] }).map((g) => [g.id, g.role, g.principalId, g.principalType])).toEqual([
            ["preview-user", "aksClusterUser", PREVIEW, "ServicePrincipal"],
            ["preview-reader", "previewReader", PREVIEW, "ServicePrincipal"],
            ["break-glass-user", "aksClusterUser", BREAK_GLASS, "Group"],
            ["break-glass-admin", "aksRbacClusterAdmin", BREAK_GLASS, "Group"],
            [`admin-${ADMINS}`, "aksClusterUser", ADMINS, "Group"],
        ]);
        expect(aksAccessGrants({})).toEqual([]);
    });
});
