/**
 * Issue 20 (R-NET-ZONES, R-NET-FW, R-SEC-ZONES): the NSGs azure-prod's plan creates, read back from
 * the evaluated stack and run through `evaluateNsg` (priority order, first match, Azure's default
 * rules last), admit exactly the zone flows (`zoneFlowAllows`, the one table) between the zones'
 * node and pod subnets; the DMZ (both halves), the Application Gateway's subnet, a peered VNet and
 * the Internet reach nothing but the gateway frontend in App; the API server subnet reaches every
 * node zone on TCP (AKS requirement).
 * Does not prove: what Azure itself does (service tag contents, the load balancer's floating IP),
 * how Cilium's NetworkPolicies act on the same packets, nor ICMP (not modelled by `evaluateNsg`).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { formatCidr, mustParseCidr } from "../../../config/cidr";
import { NODE_ZONES, type NodeZone } from "../../../config/defaults";
import { zoneFlowAllows } from "../../../components/devana/zone-flows";
import { azurePodSubnets, dmzSplit, evaluateNsg, gatewayFrontendIp, type NsgPacket, type SecurityRuleSpec } from "../../../components/network/azure-network";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { byName, evaluateOk } from "../../support/helpers";
import { addressIn, stackFlowsOf } from "../../support/stack-config";
import { azureZoneFlows } from "../../../stacks/azure";

/** R-NET-PORTS, DNS, Loki, OTLP, node exporter, kubelet, Cilium health, SSH, RDP, a NodePort, an ephemeral port. */
const PORTS = [80, 443, 4666, 5001, 3000, 3003, 5432, 8000, 7700, 6379, 9000, 53, 3100, 4317, 9100, 10250, 4240, 22, 3389, 8443, 31000, 40000];
/** An address inside a block (the 10th), so every source is a real member of its range. */
/** The hub VNet peered with the stack's (docs/azure.md): part of the VirtualNetwork tag. */
const HUB = "10.100.0.0/16";

const { config, flows } = stackFlowsOf("azure-prod", azureZoneFlows);
const zones = config.network.zones;
const pods = azurePodSubnets(config.azure!.podCidr);
const tags = { VirtualNetwork: [config.network.cidr, config.azure!.podCidr, HUB] };

let resources: readonly PlannedResource[];
beforeAll(async () => {
    ({ resources } = await evaluateOk("azure-prod"));
});

/** The rules of a planned NSG, back in `SecurityRuleSpec` form. */
function plannedRules(nsg: string): SecurityRuleSpec[] {
    const list = byName(resources, "azure-native:network:NetworkSecurityGroup", `devana-network-nsg-${nsg}`).inputs.securityRules as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    return list.map((r) => ({
        name: r.name,
        priority: r.priority,
        direction: r.direction,
        access: r.access,
        protocol: r.protocol,
        sources: r.sourceAddressPrefixes ?? [r.sourceAddressPrefix],
        destinations: r.destinationAddressPrefixes ?? [r.destinationAddressPrefix],
        ports: r.destinationPortRanges ?? [r.destinationPortRange],
        description: r.description,
    }));
}

/** What the NSG of `to` (on its node and pod subnets alike) does with a packet. */
const allows = (to: NodeZone | "dmz", packet: NsgPacket): boolean => evaluateNsg(plannedRules(to), packet, tags).access === "Allow";
const dests = (to: NodeZone): { kind: string; address: string }[] => [
    { kind: "nodes", address: addressIn(zones[to]) },
    { kind: "pods", address: addressIn(pods[to]) },
];

describe("azure-prod: the zone NSGs admit exactly the zone flows (issue 20)", () => {
    it("puts every pod subnet under its zone's NSG, the one evaluated here", () => {
        for (const zone of NODE_ZONES) {
            const subnet = byName(resources, "azure-native:network:Subnet", `devana-network-subnet-pods-${zone}`).inputs as { addressPrefix: string; networkSecurityGroup: { id: string } };
            expect(subnet.addressPrefix).toBe(pods[zone]);
            expect(subnet.networkSecurityGroup.id).toMatch(new RegExp(`/devana-network-nsg-${zone}$`));
        }
    });

    it("for every ordered pair of node zones, node and pod sources get exactly zoneFlowAllows on every port and protocol", () => {
        let checked = 0;
        for (const to of NODE_ZONES) {
            for (const from of NODE_ZONES) {
                for (const source of [addressIn(zones[from]), addressIn(pods[from])]) {
                    for (const { kind, address } of dests(to)) {
                        for (const port of PORTS) {
                            for (const protocol of ["TCP", "UDP"] as const) {
                                const want = zoneFlowAllows(flows, from, to, protocol, port);
                                expect(allows(to, { source, destination: address, protocol, port }), `${from} ${source} -> ${to} ${kind} ${protocol}/${port}`).toBe(want);
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        expect(checked).toBe(5 * 5 * 2 * 2 * PORTS.length * 2);
    });

    it("the Application Gateway's subnet reaches only the gateway in App (frontend, nodes, pods) on zoneFlowAllows' DMZ ports, 80 and 443", () => {
        const appgw = addressIn(dmzSplit(zones.dmz).appGateway);
        const frontend = gatewayFrontendIp(zones.dmz);
        for (const to of NODE_ZONES) {
            const targets = [...dests(to), ...(to === "app" ? [{ kind: "frontend", address: frontend }] : [])];
            for (const { kind, address } of targets) {
                for (const port of PORTS) {
                    expect(allows(to, { source: appgw, destination: address, protocol: "TCP", port }), `appgw -> ${to} ${kind} ${port}`).toBe(zoneFlowAllows(flows, "dmz", to, "TCP", port));
                    expect(allows(to, { source: appgw, destination: address, protocol: "UDP", port })).toBe(false);
                }
            }
        }
        expect(flows.filter((f) => f.from === "dmz").map((f) => [f.to, f.ports])).toEqual([
            [
                "app",
                [
                    { protocol: "TCP", port: 80 },
                    { protocol: "TCP", port: 443 },
                ],
            ],
        ]);
        // The DMZ's own NSG: the frontend from the Application Gateway only.
        expect(allows("dmz", { source: appgw, destination: frontend, protocol: "TCP", port: 443 })).toBe(true);
        expect(allows("dmz", { source: addressIn(zones.app), destination: frontend, protocol: "TCP", port: 443 })).toBe(false);
    });

    it("the DMZ's load balancer half, a peered VNet and the Internet reach no node zone on any port", () => {
        const sources = { "dmz frontends": addressIn(dmzSplit(zones.dmz).frontends), hub: addressIn(HUB), internet: "203.0.113.10" };
        for (const [name, source] of Object.entries(sources)) {
            for (const to of NODE_ZONES) {
                for (const { kind, address } of dests(to)) {
                    for (const port of PORTS) {
                        for (const protocol of ["TCP", "UDP"] as const) {
                            expect(allows(to, { source, destination: address, protocol, port }), `${name} -> ${to} ${kind} ${protocol}/${port}`).toBe(false);
                        }
                    }
                }
            }
        }
    });

    it("closes the DMZ -> Data, AI, Management and Key Vault endpoint flows the issue found open", () => {
        const dmzSources = [addressIn(dmzSplit(zones.dmz).frontends), addressIn(dmzSplit(zones.dmz).appGateway)];
        // Private endpoints take the first free addresses of their subnet (Azure keeps .0-.3).
        const keyVaultEndpoint = formatCidr({ base: mustParseCidr(zones.management).base + 4, prefix: 32 }).replace("/32", "");
        const blobEndpoint = formatCidr({ base: mustParseCidr(zones.data).base + 4, prefix: 32 }).replace("/32", "");
        const closed: [NodeZone, string, "TCP" | "UDP", number][] = [
            ["data", addressIn(zones.data), "TCP", 5432],
            ["data", addressIn(pods.data), "TCP", 8000],
            ["data", blobEndpoint, "TCP", 443],
            ["ai", addressIn(pods.ai), "TCP", 8000],
            ["management", keyVaultEndpoint, "TCP", 443],
            ["management", addressIn(pods.management), "UDP", 53],
            ["management", addressIn(pods.management), "TCP", 3100],
            ["app", addressIn(pods.app), "TCP", 3000],
            ["app", addressIn(pods.app), "TCP", 4666],
            ["services", addressIn(pods.services), "TCP", 6379],
        ];
        for (const source of dmzSources) {
            for (const [to, destination, protocol, port] of closed) {
                expect(allows(to, { source, destination, protocol, port }), `${source} -> ${to} ${destination} ${protocol}/${port}`).toBe(false);
            }
        }
        // The node zones that need them still reach both endpoints (Devana, backups, KMS through the API server).
        expect(allows("data", { source: addressIn(pods.app), destination: blobEndpoint, protocol: "TCP", port: 443 })).toBe(true);
        expect(allows("management", { source: addressIn(pods.ai), destination: keyVaultEndpoint, protocol: "TCP", port: 443 })).toBe(true);
        expect(allows("management", { source: addressIn(config.azure!.apiServerSubnet), destination: keyVaultEndpoint, protocol: "TCP", port: 443 })).toBe(true);
    });

    it("lets the API server subnet reach every node zone's nodes and pods on TCP (kubelet, webhooks), and nothing on UDP", () => {
        const api = addressIn(config.azure!.apiServerSubnet);
        for (const to of NODE_ZONES) {
            for (const { address } of dests(to)) {
                for (const port of PORTS) {
                    expect(allows(to, { source: api, destination: address, protocol: "TCP", port })).toBe(true);
                    expect(allows(to, { source: api, destination: address, protocol: "UDP", port })).toBe(false);
                }
            }
        }
    });

    it("keeps forbidden cross-zone flows closed: Services -> ChromaDB, AI -> anything but Management, Data -> App", () => {
        expect(allows("data", { source: addressIn(pods.services), destination: addressIn(pods.data), protocol: "TCP", port: 8000 })).toBe(false);
        for (const to of ["app", "services", "data"] as const) {
            for (const port of PORTS) {
                expect(allows(to, { source: addressIn(pods.ai), destination: addressIn(pods[to]), protocol: "TCP", port })).toBe(false);
            }
        }
        expect(allows("app", { source: addressIn(pods.data), destination: addressIn(pods.app), protocol: "TCP", port: 4666 })).toBe(false);
        // And the R-NET-FW flows themselves are open: API -> PostgreSQL, API -> LLM, Odin -> embeddings, Odin -> API.
        expect(allows("data", { source: addressIn(pods.app), destination: addressIn(pods.data), protocol: "TCP", port: 5432 })).toBe(true);
        expect(allows("ai", { source: addressIn(pods.app), destination: addressIn(pods.ai), protocol: "TCP", port: 8000 })).toBe(true);
        expect(allows("ai", { source: addressIn(pods.services), destination: addressIn(pods.ai), protocol: "TCP", port: 8000 })).toBe(true);
        expect(allows("app", { source: addressIn(pods.services), destination: addressIn(pods.app), protocol: "TCP", port: 4666 })).toBe(true);
    });
});
