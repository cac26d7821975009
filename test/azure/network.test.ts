/**
 * Pure tests of the Azure network plan: subnets per zone (the DMZ split between the load balancer
 * frontends and the Application Gateway WAF), and the NSG rules of R-SEC-ZONES.
 * Does not prove Azure accepts the rules, nor how they combine with AKS-managed rules at run time.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_NETWORK, ZONE_NAMES } from "../../config/defaults";
import {
    appGatewaySecurityRules,
    azureSubnetPlan,
    checkAzureAddressPlan,
    dmzSplit,
    gatewayFrontendIp,
    toAzureSecurityRule,
    zoneSecurityRules,
    type SecurityRuleSpec,
    type ZoneRuleInput,
} from "../../components/network/azure-network";

const plan: ZoneRuleInput = {
    vnetCidr: DEFAULT_NETWORK.cidr,
    zones: DEFAULT_NETWORK.zones,
    apiServerSubnet: "10.0.98.0/28",
    podCidr: "10.244.0.0/16",
    serviceCidr: "172.16.0.0/16",
    gatewayExposure: "internal",
};

const allowed = (rules: SecurityRuleSpec[]): SecurityRuleSpec[] => rules.filter((r) => r.access === "Allow");
const byName = (rules: SecurityRuleSpec[], name: string): SecurityRuleSpec => {
    const rule = rules.find((r) => r.name === name);
    if (!rule) throw new Error(`no rule ${name}: ${rules.map((r) => r.name).join(", ")}`);
    return rule;
};

describe("azureSubnetPlan", () => {
    it("has one subnet per R-NET-ZONES zone with the configured CIDR (the DMZ's frontend half), then the API server /28", () => {
        const subnets = azureSubnetPlan(plan);
        expect(subnets.map((s) => [s.id, s.name, s.cidr])).toEqual([
            ["dmz", "snet-dmz", "10.0.1.0/25"],
            ["app", "snet-app", "10.0.10.0/24"],
            ["services", "snet-services", "10.0.20.0/24"],
            ["data", "snet-data", "10.0.30.0/24"],
            ["ai", "snet-ai", "10.0.40.0/24"],
            ["management", "snet-management", "10.0.99.0/24"],
            ["apiserver", "snet-apiserver", "10.0.98.0/28"],
        ]);
    });

    it("gives every zone an NSG and the NAT gateway; the API server subnet is delegated to AKS instead", () => {
        const subnets = azureSubnetPlan(plan);
        for (const s of subnets.filter((s) => s.id !== "apiserver")) {
            expect(s).toMatchObject({ nsg: true, natGateway: true });
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
        expect(subnets).toHaveLength(8);
        expect(subnets.at(-1)).toEqual({ id: "appgw", name: "snet-dmz-appgw", cidr: "10.0.1.128/25", nsg: true, natGateway: false, privateEndpoints: false });
        expect(subnets.find((s) => s.id === "dmz")!.cidr).toBe("10.0.1.0/25");
    });
});

describe("zoneSecurityRules (R-SEC-ZONES)", () => {
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

    it("admits users only towards the DMZ frontend: 80 and 443, from the VNet when internal, from the Internet when public", () => {
        expect(byName(zoneSecurityRules("dmz", plan), "allow-vnet-https")).toMatchObject({ sources: ["VirtualNetwork"], destinations: ["10.0.1.0/25"], ports: ["80", "443"] });
        const pub = byName(zoneSecurityRules("dmz", { ...plan, gatewayExposure: "public" }), "allow-internet-https");
        expect(pub).toMatchObject({ sources: ["Internet"], ports: ["80", "443"] });
        // The gateway pods run on the compute nodes (app, services): only traffic to the DMZ frontend gets in.
        for (const zone of ["app", "services"] as const) {
            expect(byName(zoneSecurityRules(zone, plan), "allow-gateway-frontend")).toMatchObject({ destinations: ["10.0.1.0/25"], ports: ["80", "443"] });
        }
        for (const zone of ["data", "ai", "management"] as const) {
            const rules = zoneSecurityRules(zone, { ...plan, gatewayExposure: "public" });
            expect(rules.some((r) => r.sources.includes("Internet"))).toBe(false);
        }
    });

    it("with the WAF, admits only the Application Gateway subnet to the gateway frontend (nothing bypasses the WAF from the VNet)", () => {
        const waf = { ...plan, waf: true };
        const dmz = zoneSecurityRules("dmz", waf);
        expect(dmz.filter((r) => r.ports.includes("443")).map((r) => r.name)).toEqual(["allow-appgw-https"]);
        expect(byName(dmz, "allow-appgw-https")).toMatchObject({ access: "Allow", protocol: "Tcp", sources: ["10.0.1.128/25"], destinations: ["10.0.1.0/25"], ports: ["80", "443"] });
        for (const zone of ["app", "services"] as const) {
            expect(byName(zoneSecurityRules(zone, waf), "allow-gateway-frontend")).toMatchObject({ sources: ["10.0.1.128/25"], destinations: ["10.0.1.0/25"], ports: ["80", "443"] });
        }
        for (const zone of ZONE_NAMES) {
            expect(zoneSecurityRules(zone, waf).some((r) => r.sources.includes("VirtualNetwork") && r.access === "Allow")).toBe(false);
        }
    });

    it("opens each zone's R-NET-PORTS only to the zones R-SEC-ZONES lets in", () => {
        const flows = (zone: (typeof ZONE_NAMES)[number]) =>
            zoneSecurityRules(zone, plan)
                .filter((r) => r.priority >= 210 && r.priority < 4000)
                .map((r) => ({ from: r.sources, ports: r.ports }));
        expect(flows("app")).toEqual([{ from: ["10.0.1.0/24"], ports: ["3000", "4666", "5001"] }]);
        expect(flows("services")).toEqual([{ from: ["10.0.10.0/24"], ports: ["3003", "6379", "7700"] }]);
        expect(flows("data")).toEqual([
            { from: ["10.0.10.0/24", "10.0.20.0/24"], ports: ["5432", "8000", "9000"] },
            // The Blob private endpoint: also from the data zone itself (WAL archiving); NSGs filter intra-subnet traffic.
            { from: ["10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24"], ports: ["443"] },
        ]);
        expect(flows("ai")).toEqual([{ from: ["10.0.10.0/24", "10.0.20.0/24"], ports: ["8000"] }]);
        expect(flows("dmz")).toEqual([]);
        expect(flows("management")).toEqual([]);
        // Only App and Services reach the data zone's database ports.
        const dataRules = allowed(zoneSecurityRules("data", plan)).filter((r) => r.ports.includes("5432"));
        expect(dataRules.flatMap((r) => r.sources)).toEqual(["10.0.10.0/24", "10.0.20.0/24"]);
    });

    it("lets the API server (KMS) and the nodes reach the Key Vault private endpoint in the management zone", () => {
        expect(byName(zoneSecurityRules("management", plan), "allow-keyvault-endpoint")).toMatchObject({ ports: ["443"], destinations: ["10.0.99.0/24"] });
        expect(byName(zoneSecurityRules("management", plan), "allow-keyvault-endpoint").sources).toContain("10.0.98.0/28");
    });

    it("allows the CNI Overlay pod range (AKS requirement), leaving pod segmentation to Cilium policies", () => {
        const rule = byName(zoneSecurityRules("data", plan), "allow-pod-to-pod");
        expect(rule).toMatchObject({ sources: ["10.244.0.0/16"], destinations: ["10.244.0.0/16"], protocol: "*" });
        // AKS requires node-to-node on all ports (kubelet, host-network exporters, Cilium health).
        expect(byName(zoneSecurityRules("ai", plan), "allow-node-to-node")).toMatchObject({
            priority: 115,
            protocol: "*",
            ports: ["*"],
            destinations: ["10.0.40.0/24"],
            sources: ["10.0.98.0/28", "10.0.1.0/24", "10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24", "10.0.40.0/24", "10.0.99.0/24"],
        });
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
        expect(flow).toMatchObject({ sourceAddressPrefixes: ["10.0.10.0/24", "10.0.20.0/24"], destinationAddressPrefix: "10.0.40.0/24", destinationPortRange: "8000" });
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
            expect.stringMatching(/^devana:azure\.podCidr: .*overlaps the VNet/),
            expect.stringMatching(/^devana:azure\.serviceCidr: .*overlaps the VNet/),
            expect.stringMatching(/^devana:azure\.serviceCidr: .*overlaps devana:azure\.podCidr/),
        ]);
        expect(checkAzureAddressPlan({ ...plan, apiServerSubnet: "192.168.0.0/28" })).toEqual([expect.stringMatching(/outside devana:network\.cidr/)]);
    });

    it("needs a DMZ the Application Gateway's half fits in, and no public gateway next to the WAF", () => {
        expect(checkAzureAddressPlan({ ...plan, waf: true })).toEqual([]);
        expect(checkAzureAddressPlan({ ...plan, waf: true, zones: { ...plan.zones, dmz: "10.0.1.0/25" } })).toEqual([]);
        expect(checkAzureAddressPlan({ ...plan, waf: true, zones: { ...plan.zones, dmz: "10.0.1.0/26" } })).toEqual([
            expect.stringMatching(/^devana:network\.zones\.dmz: 10\.0\.1\.0\/26 is too small for devana:waf: .*at least a \/26/),
        ]);
        expect(checkAzureAddressPlan({ ...plan, zones: { ...plan.zones, dmz: "10.0.1.0/28" } })).toEqual([]);
        expect(checkAzureAddressPlan({ ...plan, zones: { ...plan.zones, dmz: "10.0.1.0/29" } })).toEqual([expect.stringMatching(/^devana:network\.zones\.dmz: .*two \/29 subnets/)]);
        expect(checkAzureAddressPlan({ ...plan, waf: true, gatewayExposure: "public" })).toEqual([expect.stringMatching(/^devana:azure\.gatewayExposure: public .*bypass/)]);
        expect(checkAzureAddressPlan({ ...plan, waf: false, gatewayExposure: "public" })).toEqual([]);
    });
});
