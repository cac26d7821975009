/**
 * Issue 16 on Azure: the private AKS API of the committed azure-prod stack is reachable from the hub
 * (peerings both ways, the API's private DNS zone created and linked to the hub), every principal
 * has its role assignments, the gateway's certificate is granted on the customer's vault in the same
 * run, and a prod stack without a hub or without humans is refused. Does not prove ARM accepts the
 * peering or that the hub's resolvers forward the zone: that needs Azure.
 */
import { describe, expect, it } from "vitest";
import { PREVIEW_READER_DATA_ACTIONS } from "../../../components/cluster/azure-access";
import { AZURE_ROLES } from "../../../components/security/azure-roles";
import { byName, evaluateOk, ofType, stackConfig } from "../../support/helpers";
import { issues } from "../../support/parse-helpers";

const HUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub-network/providers/Microsoft.Network/virtualNetworks/vnet-hub-swedencentral";

const ADMINS = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";

const PREVIEW = "7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f";

const roleOf = (r: { inputs: Record<string, unknown> }): string => String(r.inputs.roleDefinitionId).split("/").pop()!;

describe("the committed azure-prod stack", () => {
    it("peers with the hub both ways, creates the AKS zone, links it to the hub and hands it to AKS", async () => {
        const { resources } = await evaluateOk("azure-prod");
        const toHub = byName(resources, "azure-native:network:VirtualNetworkPeering", "devana-hub-to-hub");
        expect(toHub.inputs).toMatchObject({ resourceGroupName: "rg-devana-azure-prod", remoteVirtualNetwork: { id: HUB }, allowVirtualNetworkAccess: true, useRemoteGateways: false });
        const fromHub = byName(resources, "azure-native:network:VirtualNetworkPeering", "devana-hub-from-hub");
        expect(fromHub.inputs).toMatchObject({ resourceGroupName: "rg-hub-network", virtualNetworkName: "vnet-hub-swedencentral", allowVirtualNetworkAccess: true });
        const zone = byName(resources, "azure-native:privatedns:PrivateZone", "devana-hub-aks-dns");
        expect(zone.inputs.privateZoneName).toBe("privatelink.swedencentral.azmk8s.io");
        expect(byName(resources, "azure-native:privatedns:VirtualNetworkLink", "devana-hub-aks-dns-hub").inputs).toMatchObject({ virtualNetwork: { id: HUB }, registrationEnabled: false, virtualNetworkLinkName: "hub" });
        const aks = byName(resources, "azure-native:containerservice:ManagedCluster", "devana-cluster-aks");
        expect((aks.inputs.apiServerAccessProfile as { privateDNSZone: string }).privateDNSZone).toMatch(/PrivateZone\/devana-hub-aks-dns$/);
        expect(roleOf(byName(resources, "azure-native:authorization:RoleAssignment", "devana-cluster-private-dns"))).toBe(AZURE_ROLES.privateDnsZoneContributor);
    });

    it("assigns the roles of each principal at cluster scope, and a read-only custom role to preview", async () => {
        const { resources } = await evaluateOk("azure-prod");
        const assignment = (name: string) => byName(resources, "azure-native:authorization:RoleAssignment", `devana-cluster-${name}`);
        expect(roleOf(assignment("deployer-admin"))).toBe(AZURE_ROLES.aksRbacClusterAdmin);
        expect([roleOf(assignment("preview-user")), assignment("preview-user").inputs.principalId]).toEqual([AZURE_ROLES.aksClusterUser, PREVIEW]);
        expect([roleOf(assignment("break-glass-admin")), assignment("break-glass-admin").inputs.principalType]).toEqual([AZURE_ROLES.aksRbacClusterAdmin, "Group"]);
        expect(roleOf(assignment(`admin-${ADMINS}`))).toBe(AZURE_ROLES.aksClusterUser);
        const [definition] = ofType(resources, "azure-native:authorization:RoleDefinition");
        expect(definition.inputs.permissions).toEqual([{ actions: [], dataActions: [...PREVIEW_READER_DATA_ACTIONS] }]);
        expect(assignment("preview-reader").inputs.principalId).toBe(PREVIEW);
    });

    it("grants the gateway's identity the certificate secret in the customer's vault", async () => {
        const { resources } = await evaluateOk("azure-prod");
        const grant = byName(resources, "azure-native:authorization:RoleAssignment", "devana-waf-certificate-access");
        expect(grant.inputs.scope).toBe("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-devana-certs/providers/Microsoft.KeyVault/vaults/kv-devana-certs/secrets/devana-example-com");
        expect(roleOf(grant)).toBe(AZURE_ROLES.keyVaultSecretsUser);
    });
});

describe("refusals (exit 2, key named)", () => {
    const prod = stackConfig("azure-prod");
    const block = prod["devana:azure"] as Record<string, unknown>;
    const keysOf = (azure: Record<string, unknown>): string[] =>
        issues({ ...prod, "devana:azure": azure })
            .map((i) => i.key)
            .filter((k) => k.startsWith("devana:azure."));

    it("refuses a private prod cluster without a hub, human admins or break-glass", () => {
        const { hub: _hub, ...noHub } = block;
        expect(keysOf(noHub)).toEqual(["devana:azure.hub"]);
        expect(keysOf({ ...block, adminGroupObjectIds: [] })).toEqual(["devana:azure.adminGroupObjectIds"]);
        expect(keysOf({ ...block, access: { previewObjectId: PREVIEW } })).toEqual(["devana:azure.access.breakGlassGroupObjectId"]);
    });

    it("refuses a certificate vault that is not the secret's", () => {
        const other = String(block.wafCertificateVaultId).replace(/kv-devana-certs$/, "kv-other");
        expect(keysOf({ ...block, wafCertificateVaultId: other })).toEqual(["devana:azure.wafCertificateVaultId"]);
    });
});
