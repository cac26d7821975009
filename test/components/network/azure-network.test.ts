/**
 * Pure tests of the Azure network plan: subnets per zone (the DMZ split between the load balancer
 * frontends and the Application Gateway WAF), the pod subnets per node zone (issue 20), and the NSG
 * rules generated from azure-prod's zone flows (R-SEC-ZONES, R-NET-FW, issue 20).
 * Does not prove Azure accepts the rules, nor how they combine with AKS-managed rules at run time.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_NETWORK, ZONE_NAMES } from "../../../config/defaults";
import {
    appGatewaySecurityRules,
    AZURE_PLATFORM_IP,
    azurePodSubnets,
    azureSubnetPlan,
    evaluateNsg,
    checkAzureAddressPlan,
    dmzSplit,
    gatewayFrontendIp,
    toAzureSecurityRule,
    zoneSecurityRules,
    type SecurityRuleSpec,
    type ZoneRuleInput,
} from "../../../components/network/azure-network";
import { stackFlowsOf } from "../../support/stack-config";
import { azureZoneFlows } from "../../../stacks/azure";

const plan: ZoneRuleInput = {
    vnetCidr: DEFAULT_NETWORK.cidr,
    zones: DEFAULT_NETWORK.zones,
    apiServerSubnet: "10.0.98.0/28",
    podCidr: "10.244.0.0/16",
    serviceCidr: "172.16.0.0/16",
    gatewayExposure: "internal",
    // Issue 20: azure-prod's zone flows, the one table the NSGs come from.
    flows: stackFlowsOf("azure-prod", azureZoneFlows).flows,
};

const allowed = (rules: SecurityRuleSpec[]): SecurityRuleSpec[] => rules.filter((r) => r.access === "Allow");
const byName = (rules: SecurityRuleSpec[], name: string): SecurityRuleSpec => {
    const rule = rules.find((r) => r.name === name);
    if (!rule) throw new Error(`no rule ${name}: ${rules.map((r) => r.name).join(", ")}`);
    return rule;
};

describe("azureSubnetPlan", () => {
    it("has one subnet per R-NET-ZONES zone with the configured CIDR (the DMZ's frontend half), the API server /28, then one pod subnet per node zone (issue 20)", () => {
        const subnets = azureSubnetPlan(plan);
        expect(subnets.map((s) => [s.id, s.name, s.cidr])).toEqual([
            ["dmz", "snet-dmz", "10.0.1.0/25"],
            ["app", "snet-app", "10.0.10.0/24"],
            ["services", "snet-services", "10.0.20.0/24"],
            ["data", "snet-data", "10.0.30.0/24"],
            ["ai", "snet-ai", "10.0.40.0/24"],
            ["management", "snet-management", "10.0.99.0/24"],
            ["apiserver", "snet-apiserver", "10.0.98.0/28"],
            ["pods-app", "snet-pods-app", "10.244.0.0/19"],
            ["pods-services", "snet-pods-services", "10.244.32.0/19"],
            ["pods-data", "snet-pods-data", "10.244.64.0/19"],
            ["pods-ai", "snet-pods-ai", "10.244.96.0/19"],
            ["pods-management", "snet-pods-management", "10.244.128.0/19"],
        ]);
    });

    it("carves devana:azure.podCidr into eight slices in NODE_ZONES order (three left for growth)", () => {
        expect(azurePodSubnets("10.244.0.0/16")).toEqual({ app: "10.244.0.0/19", services: "10.244.32.0/19", data: "10.244.64.0/19", ai: "10.244.96.0/19", management: "10.244.128.0/19" });
        expect(azurePodSubnets("100.64.0.0/21")).toEqual({ app: "100.64.0.0/24", services: "100.64.1.0/24", data: "100.64.2.0/24", ai: "100.64.3.0/24", management: "100.64.4.0/24" });
    });

    it("gives every zone an NSG and the NAT gateway, every pod subnet its zone's NSG and the NAT gateway; the API server subnet is delegated to AKS instead", () => {
        const subnets = azureSubnetPlan(plan);
        for (const s of subnets.filter((s) => s.id !== "apiserver" && !s.id.startsWith("pods-"))) {
            expect(s).toMatchObject({ nsg: true, natGateway: true });
            expect(s.nsgOf).toBeUndefined();
        }
        for (const s of subnets.filter((s) => s.id.startsWith("pods-"))) {
            expect(s).toMatchObject({ nsg: false, nsgOf: s.id.slice("pods-".length), natGateway: true, privateEndpoints: false });
        }
        expect(subnets.find((s) => s.id === "apiserver")).toMatchObject({ nsg: false, natGateway: false, delegation: "Microsoft.ContainerService/managedClusters" });
        expect(subnets.filter((s) => s.privateEndpoints).map((s) => s.id)).toEqual(["data", "management"]);
    });

    it("splits the DMZ: load balancer frontends in the lower half, the Application Gateway's dedicated subnet in the upper half", () => {
        expect(dmzSplit("10.0.1.0/24")).toEqual({ frontends: "10.0.1.0/25", appGateway: "10.0.1.128/25" });
        expect(dmzSplit("172.20.8.0/23")).toEqual({ frontends: "172.20.8.0/24", appGateway: "172.20.9.0/24" });
        // Last usable address of the frontend half (Azure reserves the last one): plan-time known, never allocated first.
        expect(gatewayFrontendIp("10.0.1.0/24")).toBe("10.0.1.126");
        expect(gatewayFrontendIp("172.20.8.0/23")).toBe("172.20.8.254");
    });

    it("adds the Application Gateway subnet only with the WAF: in the DMZ, own NSG, no NAT gateway, nothing else", () => {
        expect(azureSubnetPlan(plan).some((s) => s.id === "appgw")).toBe(false);
        const subnets = azureSubnetPlan({ ...plan, waf: true });
        expect(subnets).toHaveLength(13);
        expect(subnets.at(-1)).toEqual({ id: "appgw", name: "snet-dmz-appgw", cidr: "10.0.1.128/25", nsg: true, natGateway: false, privateEndpoints: false });
        expect(subnets.find((s) => s.id === "dmz")!.cidr).toBe("10.0.1.0/25");
    });
});

describe("zoneSecurityRules (issue 20: generated from the zone flows, R-SEC-ZONES)", () => {
    const waf = { ...plan, waf: true };
    const rows = (zone: (typeof ZONE_NAMES)[number], input: ZoneRuleInput = waf) => zoneSecurityRules(zone, input).map((r) => [r.priority, r.name, r.access, r.protocol, r.sources, r.destinations, r.ports]);
    const pods = { app: "10.244.0.0/19", services: "10.244.32.0/19", data: "10.244.64.0/19", ai: "10.244.96.0/19", management: "10.244.128.0/19" } as const;
    const zoneOf = (z: keyof typeof pods): string[] => [DEFAULT_NETWORK.zones[z], pods[z]];

    it("ends every zone with a deny of all other VNet traffic, after every allow", () => {
        for (const zone of ZONE_NAMES) {
            const rules = zoneSecurityRules(zone, plan);
            const deny = byName(rules, "deny-vnet-inbound");
            expect(deny).toMatchObject({ access: "Deny", sources: ["VirtualNetwork"], ports: ["*"], priority: 4000 });
            expect(allowed(rules).every((r) => r.priority < deny.priority)).toBe(true);
            expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
            expect(rules.every((r) => r.direction === "Inbound")).toBe(true);
        }
    });

    it("writes azure-prod's App rules: zone internal, API server, the gateway frontend from the WAF only, Services' 4666, Management", () => {
        expect(rows("app")).toEqual([
            [100, "allow-zone-internal", "Allow", "*", zoneOf("app"), zoneOf("app"), ["*"]],
            [110, "allow-apiserver", "Allow", "Tcp", ["10.0.98.0/28"], zoneOf("app"), ["*"]],
            [190, "allow-gateway-frontend", "Allow", "Tcp", ["10.0.1.128/25"], ["10.0.1.0/25", ...zoneOf("app")], ["80", "443"]],
            [200, "allow-services-tcp", "Allow", "Tcp", zoneOf("services"), zoneOf("app"), ["4666"]],
            [210, "allow-management-tcp", "Allow", "Tcp", zoneOf("management"), zoneOf("app"), ["*"]],
            [220, "allow-management-udp", "Allow", "Udp", zoneOf("management"), zoneOf("app"), ["*"]],
            [4000, "deny-vnet-inbound", "Deny", "*", ["VirtualNetwork"], ["*"], ["*"]],
        ]);
    });

    it("writes azure-prod's Data, AI and Services rules from the flows: ports of the one table, sources the zones' node and pod subnets", () => {
        const flowRows = (zone: (typeof ZONE_NAMES)[number]) => rows(zone).filter(([priority]) => (priority as number) >= 200 && (priority as number) < 4000);
        expect(flowRows("data")).toEqual([
            // PostgreSQL, ChromaDB and the Blob private endpoint (443) in the data zone.
            [200, "allow-app-tcp", "Allow", "Tcp", zoneOf("app"), zoneOf("data"), ["443", "5432", "8000"]],
            [210, "allow-services-tcp", "Allow", "Tcp", zoneOf("services"), zoneOf("data"), ["443", "5432"]],
            [220, "allow-management-tcp", "Allow", "Tcp", zoneOf("management"), zoneOf("data"), ["*"]],
            [230, "allow-management-udp", "Allow", "Udp", zoneOf("management"), zoneOf("data"), ["*"]],
        ]);
        expect(flowRows("ai")).toEqual([
            [200, "allow-app-tcp", "Allow", "Tcp", zoneOf("app"), zoneOf("ai"), ["8000"]],
            [210, "allow-services-tcp", "Allow", "Tcp", zoneOf("services"), zoneOf("ai"), ["8000"]],
            [220, "allow-management-tcp", "Allow", "Tcp", zoneOf("management"), zoneOf("ai"), ["*"]],
            [230, "allow-management-udp", "Allow", "Udp", zoneOf("management"), zoneOf("ai"), ["*"]],
        ]);
        expect(flowRows("services")).toEqual([
            [200, "allow-app-tcp", "Allow", "Tcp", zoneOf("app"), zoneOf("services"), ["3003", "6379", "7700"]],
            [210, "allow-management-tcp", "Allow", "Tcp", zoneOf("management"), zoneOf("services"), ["*"]],
            [220, "allow-management-udp", "Allow", "Udp", zoneOf("management"), zoneOf("services"), ["*"]],
        ]);
        // Every node zone reaches Management for DNS and the Kubernetes API / Key Vault endpoint (Data also OTLP 4317); no Loki port: Alloy runs in Management.
        expect(flowRows("management").map(([, name, , , , , ports]) => [name, ports])).toEqual([
            ["allow-app-tcp", ["53", "443"]],
            ["allow-app-udp", ["53"]],
            ["allow-services-tcp", ["53", "443"]],
            ["allow-services-udp", ["53"]],
            ["allow-data-tcp", ["53", "443", "4317"]],
            ["allow-data-udp", ["53"]],
            ["allow-ai-tcp", ["53", "443"]],
            ["allow-ai-udp", ["53"]],
        ]);
    });

    it("never lists the DMZ (either half) nor the Application Gateway subnet as a source of a node zone's rules, except the gateway frontend in App", () => {
        for (const zone of ["app", "services", "data", "ai", "management"] as const) {
            for (const rule of allowed(zoneSecurityRules(zone, waf))) {
                const fromDmz = rule.sources.some((s) => s.startsWith("10.0.1."));
                expect(fromDmz, `${zone} ${rule.name}`).toBe(zone === "app" && rule.name === "allow-gateway-frontend");
            }
        }
    });

    it("admits users only towards the DMZ frontend: 80 and 443, from the VNet when internal, from the Internet when public", () => {
        expect(rows("dmz", plan)).toEqual([
            [200, "allow-vnet-https", "Allow", "Tcp", ["VirtualNetwork"], ["10.0.1.0/25"], ["80", "443"]],
            [4000, "deny-vnet-inbound", "Deny", "*", ["VirtualNetwork"], ["*"], ["*"]],
        ]);
        expect(byName(zoneSecurityRules("dmz", { ...plan, gatewayExposure: "public" }), "allow-internet-https")).toMatchObject({ sources: ["Internet"], ports: ["80", "443"] });
        expect(byName(zoneSecurityRules("app", { ...plan, gatewayExposure: "public" }), "allow-gateway-frontend")).toMatchObject({ sources: ["Internet"], destinations: ["*"] });
        // The gateway runs on the compute pool (App) only: no other zone has a gateway rule.
        for (const zone of ["services", "data", "ai", "management"] as const) {
            expect(zoneSecurityRules(zone, { ...plan, gatewayExposure: "public" }).some((r) => r.sources.includes("Internet") || r.name === "allow-gateway-frontend")).toBe(false);
        }
    });

    it("with the WAF, admits only the Application Gateway subnet to the gateway frontend (nothing bypasses the WAF from the VNet)", () => {
        expect(rows("dmz")).toEqual([
            [200, "allow-appgw-https", "Allow", "Tcp", ["10.0.1.128/25"], ["10.0.1.0/25"], ["80", "443"]],
            [4000, "deny-vnet-inbound", "Deny", "*", ["VirtualNetwork"], ["*"], ["*"]],
        ]);
        for (const zone of ZONE_NAMES) {
            expect(zoneSecurityRules(zone, waf).some((r) => r.sources.includes("VirtualNetwork") && r.access === "Allow")).toBe(false);
        }
    });

    it("counts azure-prod's rules per zone (DMZ 2, App 7, Services 6, Data 7, AI 7, Management 11)", () => {
        expect(Object.fromEntries(ZONE_NAMES.map((z) => [z, zoneSecurityRules(z, waf).length]))).toEqual({ dmz: 2, app: 7, services: 6, data: 7, ai: 7, management: 11 });
    });
});

describe("evaluateNsg", () => {
    const tags = { VirtualNetwork: ["10.0.0.0/16", "10.244.0.0/16"] };
    const rules = zoneSecurityRules("data", { ...plan, waf: true });
    it("takes the first matching rule in priority order, then Azure's defaults", () => {
        expect(evaluateNsg(rules, { source: "10.0.10.5", destination: "10.0.30.5", protocol: "TCP", port: 5432 }, tags)).toEqual({ access: "Allow", rule: "allow-app-tcp" });
        expect(evaluateNsg(rules, { source: "10.0.10.5", destination: "10.0.30.5", protocol: "UDP", port: 5432 }, tags)).toEqual({ access: "Deny", rule: "deny-vnet-inbound" });
        expect(evaluateNsg(rules, { source: "10.244.70.1", destination: "10.244.64.9", protocol: "UDP", port: 9 }, tags)).toEqual({ access: "Allow", rule: "allow-zone-internal" });
        // Azure's AllowAzureLoadBalancerInBound (65001) still admits the load balancer's probes.
        expect(evaluateNsg(rules, { source: AZURE_PLATFORM_IP, destination: "10.0.30.5", protocol: "TCP", port: 31000 }, tags)).toEqual({ access: "Allow", rule: "AllowAzureLoadBalancerInBound" });
        expect(evaluateNsg(rules, { source: "203.0.113.7", destination: "10.0.30.5", protocol: "TCP", port: 443 }, tags)).toEqual({ access: "Deny", rule: "DenyAllInBound" });
        expect(() => evaluateNsg(appGatewaySecurityRules(), { source: "203.0.113.7", destination: "10.0.1.130", protocol: "TCP", port: 65200 }, tags)).toThrow(/GatewayManager/);
    });
});

describe("appGatewaySecurityRules", () => {
    it("allows exactly what Application Gateway v2 requires, then denies everything else inbound", () => {
        expect(appGatewaySecurityRules().map((r) => [r.name, r.priority, r.access, r.protocol, r.sources, r.destinations, r.ports])).toEqual([
            ["allow-gateway-manager", 100, "Allow", "Tcp", ["GatewayManager"], ["*"], ["65200-65535"]],
            ["allow-azure-load-balancer", 110, "Allow", "*", ["AzureLoadBalancer"], ["*"], ["*"]],
            ["allow-internet-https", 120, "Allow", "Tcp", ["Internet"], ["*"], ["80", "443"]],
            ["deny-all-inbound", 4000, "Deny", "*", ["*"], ["*"], ["*"]],
        ]);
        expect(appGatewaySecurityRules().every((r) => r.direction === "Inbound")).toBe(true);
    });
});

describe("toAzureSecurityRule", () => {
    it("uses the singular fields for one value and the plural ones for lists", () => {
        const deny = toAzureSecurityRule(byName(zoneSecurityRules("ai", plan), "deny-vnet-inbound"));
        expect(deny).toMatchObject({ sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "*", destinationPortRange: "*", sourcePortRange: "*" });
        const flow = toAzureSecurityRule(zoneSecurityRules("ai", plan).find((r) => r.priority === 210)!);
        expect(flow).toMatchObject({ sourceAddressPrefixes: ["10.0.20.0/24", "10.244.32.0/19"], destinationAddressPrefixes: ["10.0.40.0/24", "10.244.96.0/19"], destinationPortRange: "8000" });
        expect(flow).not.toHaveProperty("sourceAddressPrefix");
    });
});

describe("checkAzureAddressPlan", () => {
    it("accepts the defaults", () => {
        expect(checkAzureAddressPlan(plan)).toEqual([]);
    });

    it("reports every problem with its key", () => {
        const problems = checkAzureAddressPlan({ ...plan, apiServerSubnet: "10.0.1.0/29", podCidr: "10.0.128.0/17", serviceCidr: "10.0.200.0/24" });
        expect(problems).toEqual([
            expect.stringMatching(/^devana:azure\.apiServerSubnet: .*smaller than the \/28/),
            expect.stringMatching(/^devana:azure\.apiServerSubnet: .*overlaps zone dmz/),
            expect.stringMatching(/^devana:azure\.podCidr: .*overlaps devana:network\.cidr .*second address prefix of the VNet/),
            expect.stringMatching(/^devana:azure\.serviceCidr: .*overlaps the VNet/),
            expect.stringMatching(/^devana:azure\.serviceCidr: .*overlaps devana:azure\.podCidr/),
        ]);
        expect(checkAzureAddressPlan({ ...plan, apiServerSubnet: "192.168.0.0/28" })).toEqual([expect.stringMatching(/outside devana:network\.cidr/)]);
        // Issue 20: eight pod subnets of at least a /24 each.
        expect(checkAzureAddressPlan({ ...plan, podCidr: "10.244.0.0/21" })).toEqual([]);
        expect(checkAzureAddressPlan({ ...plan, podCidr: "10.244.0.0/22" })).toEqual([expect.stringMatching(/^devana:azure\.podCidr: 10\.244\.0\.0\/22 is smaller than a \/21: .*one pod subnet per node zone/)]);
    });

    it("needs a DMZ the Application Gateway's half fits in, and no public gateway next to the WAF", () => {
        expect(checkAzureAddressPlan({ ...plan, waf: true })).toEqual([]);
        expect(checkAzureAddressPlan({ ...plan, waf: true, zones: { ...plan.zones, dmz: "10.0.1.0/25" } })).toEqual([]);
        expect(checkAzureAddressPlan({ ...plan, waf: true, zones: { ...plan.zones, dmz: "10.0.1.0/26" } })).toEqual([expect.stringMatching(/^devana:network\.zones\.dmz: 10\.0\.1\.0\/26 is too small for devana:waf: .*at least a \/26/)]);
        expect(checkAzureAddressPlan({ ...plan, zones: { ...plan.zones, dmz: "10.0.1.0/28" } })).toEqual([]);
        expect(checkAzureAddressPlan({ ...plan, zones: { ...plan.zones, dmz: "10.0.1.0/29" } })).toEqual([expect.stringMatching(/^devana:network\.zones\.dmz: .*two \/29 subnets/)]);
        expect(checkAzureAddressPlan({ ...plan, waf: true, gatewayExposure: "public" })).toEqual([expect.stringMatching(/^devana:azure\.gatewayExposure: public .*bypass/)]);
        expect(checkAzureAddressPlan({ ...plan, waf: false, gatewayExposure: "public" })).toEqual([]);
    });
});
