/**
 * Pure tests of the Azure network plan: subnets per zone and the NSG rules of R-SEC-ZONES.
 * Does not prove Azure accepts the rules, nor how they combine with AKS-managed rules at run time.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_NETWORK, ZONE_NAMES } from "../../config/defaults";
import {
    azureSubnetPlan,
    checkAzureAddressPlan,
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
    it("has one subnet per R-NET-ZONES zone with the configured CIDR, then the API server /28", () => {
        const subnets = azureSubnetPlan(plan);
        expect(subnets.map((s) => [s.id, s.name, s.cidr])).toEqual([
            ["dmz", "snet-dmz", "10.0.1.0/24"],
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
        expect(byName(zoneSecurityRules("dmz", plan), "allow-vnet-https")).toMatchObject({ sources: ["VirtualNetwork"], destinations: ["10.0.1.0/24"], ports: ["80", "443"] });
        const pub = byName(zoneSecurityRules("dmz", { ...plan, gatewayExposure: "public" }), "allow-internet-https");
        expect(pub).toMatchObject({ sources: ["Internet"], ports: ["80", "443"] });
        // The gateway pods run on the compute nodes (app, services): only traffic to the DMZ frontend gets in.
        for (const zone of ["app", "services"] as const) {
            expect(byName(zoneSecurityRules(zone, plan), "allow-gateway-frontend")).toMatchObject({ destinations: ["10.0.1.0/24"], ports: ["80", "443"] });
        }
        for (const zone of ["data", "ai", "management"] as const) {
            const rules = zoneSecurityRules(zone, { ...plan, gatewayExposure: "public" });
            expect(rules.some((r) => r.sources.includes("Internet"))).toBe(false);
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
});
