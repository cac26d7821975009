/**
 * AzureNetwork: the resource group, the VNet on `devana:network.cidr` with one subnet per zone of
 * R-NET-ZONES (plus the /28 the AKS API server is integrated into), one network security group per
 * zone whose rules follow R-SEC-ZONES, a NAT gateway for egress, and the private DNS zones the Key
 * Vault and Storage private endpoints register in.
 *
 * The DMZ zone is split in two halves: the first holds the load balancer frontends (`snet-dmz`, the
 * gateway's internal load balancer at a fixed address), the second is reserved for the Application
 * Gateway WAF v2, which needs a subnet of its own (`snet-dmz-appgw`, created with `devana:waf`).
 * Both stay inside the DMZ CIDR (R-NET-ZONES: the DMZ holds load balancers and the WAF).
 *
 * The subnet plan and the NSG rules are pure data (`azureSubnetPlan`, `zoneSecurityRules`,
 * `appGatewaySecurityRules`), tested without Pulumi.
 */
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as resources from "@pulumi/azure-native/resources";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import { blockSize, contains, formatCidr, mustParseCidr, overlaps, parseCidr, splitEvenly } from "../../config/cidr";
import { ZONE_NAMES, type ZoneName } from "../../config/defaults";

/** A subnet of the VNet: the six zones, the API server's delegated subnet, the Application Gateway's. */
export type AzureSubnetId = ZoneName | "apiserver" | "appgw";
/** Subnets every Azure stack has (the Application Gateway's exists only with the WAF). */
export type AzureBaseSubnetId = Exclude<AzureSubnetId, "appgw">;

export interface AzureSubnetSpec {
    readonly id: AzureSubnetId;
    /** Azure subnet name (`snet-<id>`). */
    readonly name: string;
    readonly cidr: string;
    /** Zones get an NSG of their own; the API server subnet is managed by AKS. */
    readonly nsg: boolean;
    /** Node subnets leave through the NAT gateway (AKS `outboundType: userAssignedNATGateway`). */
    readonly natGateway: boolean;
    /** Private endpoints in this subnet are subject to its NSG. */
    readonly privateEndpoints: boolean;
    readonly delegation?: string;
}

/** Private DNS zones of the private endpoints (Azure public cloud names). */
export const PRIVATE_DNS_ZONES = {
    keyVault: "privatelink.vaultcore.azure.net",
    blob: "privatelink.blob.core.windows.net",
} as const;
export type PrivateDnsZoneId = keyof typeof PRIVATE_DNS_ZONES;

/** Where the private endpoints live: Key Vault with the management plane, Blob with the data (R-NET-ZONES). */
export const PRIVATE_ENDPOINT_ZONES: Readonly<Record<PrivateDnsZoneId, ZoneName>> = { keyVault: "management", blob: "data" };

/** R-NET-PORTS per destination zone, and which zones may open them (R-SEC-ZONES, R-NET-FW). */
export const ZONE_FLOWS: Readonly<Record<ZoneName, readonly { readonly from: readonly ZoneName[]; readonly ports: readonly string[]; readonly why: string }[]>> = {
    dmz: [],
    app: [{ from: ["dmz"], ports: ["3000", "4666", "5001"], why: "DMZ (gateway) -> Frontend 3000, API 4666/5001" }],
    services: [{ from: ["app"], ports: ["3003", "6379", "7700"], why: "App -> Odin 3003, Redis 6379, Meilisearch 7700" }],
    data: [
        { from: ["app", "services"], ports: ["5432", "8000", "9000"], why: "App/Odin -> PostgreSQL 5432, ChromaDB 8000, object store 9000" },
        // Devana (app), backup jobs (services) and PostgreSQL WAL archiving (data, same subnet: NSGs filter intra-subnet traffic too).
        { from: ["app", "services", "data"], ports: ["443"], why: "Devana, backup jobs and WAL archiving -> Blob private endpoint 443" },
    ],
    ai: [{ from: ["app", "services"], ports: ["8000"], why: "API -> LLM 8000, Odin -> embeddings 8000" }],
    management: [],
};

export interface AzureAddressPlan {
    readonly vnetCidr: string;
    readonly zones: Readonly<Record<ZoneName, string>>;
    readonly apiServerSubnet: string;
    readonly podCidr: string;
    readonly serviceCidr: string;
    /** `devana:waf`: the Application Gateway WAF v2 gets its half of the DMZ. @default false */
    readonly waf?: boolean;
}

/** The two halves of the DMZ (R-NET-ZONES): load balancer frontends, then the Application Gateway. */
export interface DmzSplit {
    /** `snet-dmz`: internal load balancer frontends (the gateway's). */
    readonly frontends: string;
    /** `snet-dmz-appgw`: dedicated to the Application Gateway (Azure allows nothing else in it). */
    readonly appGateway: string;
}

/**
 * Splits the DMZ CIDR in two halves. The frontends keep the lower half so an existing load balancer
 * address (allocated from the bottom of the subnet) stays inside when the subnet shrinks.
 */
export function dmzSplit(dmzCidr: string): DmzSplit {
    const [frontends, appGateway] = splitEvenly(mustParseCidr(dmzCidr), 2);
    return { frontends: formatCidr(frontends!), appGateway: formatCidr(appGateway!) };
}

/**
 * The gateway's internal load balancer address: the last usable address of the frontends half
 * (Azure keeps the first four and the last one). Known at plan time, so the Application Gateway's
 * backend pool can name it; dynamic allocation starts from the bottom and never takes it first.
 */
export function gatewayFrontendIp(dmzCidr: string): string {
    const block = mustParseCidr(dmzSplit(dmzCidr).frontends);
    const address = block.base + blockSize(block.prefix) - 2;
    return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/** Smallest DMZ with the WAF: its Application Gateway half is then a /26 (59 instance addresses). */
export const MIN_DMZ_PREFIX_WITH_WAF = 25;
/** Smallest DMZ otherwise: two /29 halves, Azure's smallest subnet. */
export const MIN_DMZ_PREFIX = 28;

/**
 * Cross-checks the Azure address ranges (zones are already checked by the config): the API server
 * subnet inside the VNet and clear of the zones; the DMZ large enough to split (the Application
 * Gateway's half); pod and service ranges outside the VNet and apart; with the WAF, no public
 * gateway frontend. Returns every problem with its key.
 */
export function checkAzureAddressPlan(plan: AzureAddressPlan & { readonly gatewayExposure?: "public" | "internal" }): string[] {
    const problems: string[] = [];
    if (plan.waf && plan.gatewayExposure === "public") {
        problems.push("devana:azure.gatewayExposure: public puts the gateway on the Internet next to the WAF, which it would bypass: keep internal with devana:waf (R-SEC-ZONES)");
    }
    const vnet = mustParseCidr(plan.vnetCidr);
    const api = parseCidr(plan.apiServerSubnet);
    if (typeof api !== "string") {
        if (!contains(vnet, api)) {
            problems.push(`devana:azure.apiServerSubnet: ${plan.apiServerSubnet} is outside devana:network.cidr ${plan.vnetCidr}`);
        }
        if (api.prefix > 28) {
            problems.push(`devana:azure.apiServerSubnet: ${plan.apiServerSubnet} is smaller than the /28 AKS API server VNet integration needs`);
        }
        for (const zone of ZONE_NAMES) {
            if (overlaps(api, mustParseCidr(plan.zones[zone]))) {
                problems.push(`devana:azure.apiServerSubnet: ${plan.apiServerSubnet} overlaps zone ${zone} (${plan.zones[zone]})`);
            }
        }
    }
    const dmz = parseCidr(plan.zones.dmz);
    if (typeof dmz !== "string") {
        if (plan.waf && dmz.prefix > MIN_DMZ_PREFIX_WITH_WAF) {
            problems.push(
                `devana:network.zones.dmz: ${plan.zones.dmz} is too small for devana:waf: half of the DMZ is the Application Gateway's dedicated subnet, which needs at least a /26 (a /${MIN_DMZ_PREFIX_WITH_WAF} DMZ; Microsoft recommends a /24 subnet for v2 autoscaling)`,
            );
        } else if (dmz.prefix > MIN_DMZ_PREFIX) {
            problems.push(`devana:network.zones.dmz: ${plan.zones.dmz} is too small to split into two /29 subnets (load balancer frontends, Application Gateway)`);
        }
    }
    const pod = mustParseCidr(plan.podCidr);
    const svc = mustParseCidr(plan.serviceCidr);
    if (overlaps(pod, vnet)) {
        problems.push(`devana:azure.podCidr: ${plan.podCidr} overlaps the VNet ${plan.vnetCidr} (CNI Overlay pod IPs live outside the zones)`);
    }
    if (overlaps(svc, vnet)) {
        problems.push(`devana:azure.serviceCidr: ${plan.serviceCidr} overlaps the VNet ${plan.vnetCidr}`);
    }
    if (overlaps(pod, svc)) {
        problems.push(`devana:azure.serviceCidr: ${plan.serviceCidr} overlaps devana:azure.podCidr ${plan.podCidr}`);
    }
    return problems;
}

/**
 * The subnets: one per R-NET-ZONES zone (the DMZ's load balancer half), then the API server's
 * delegated subnet, then, with the WAF, the Application Gateway's half of the DMZ.
 */
export function azureSubnetPlan(plan: Pick<AzureAddressPlan, "zones" | "apiServerSubnet" | "waf">): AzureSubnetSpec[] {
    const dmz = dmzSplit(plan.zones.dmz);
    const zones = ZONE_NAMES.map(
        (zone): AzureSubnetSpec => ({
            id: zone,
            name: `snet-${zone}`,
            cidr: zone === "dmz" ? dmz.frontends : plan.zones[zone],
            nsg: true,
            natGateway: true,
            privateEndpoints: Object.values(PRIVATE_ENDPOINT_ZONES).includes(zone),
        }),
    );
    return [
        ...zones,
        {
            id: "apiserver",
            name: "snet-apiserver",
            cidr: plan.apiServerSubnet,
            nsg: false,
            natGateway: false,
            privateEndpoints: false,
            delegation: "Microsoft.ContainerService/managedClusters",
        },
        // No NAT gateway: the Application Gateway leaves through its own public IP.
        ...(plan.waf ? [{ id: "appgw", name: "snet-dmz-appgw", cidr: dmz.appGateway, nsg: true, natGateway: false, privateEndpoints: false } satisfies AzureSubnetSpec] : []),
    ];
}

/** One NSG rule as data; `ports` of ["*"] means every port. */
export interface SecurityRuleSpec {
    readonly name: string;
    readonly priority: number;
    readonly direction: "Inbound" | "Outbound";
    readonly access: "Allow" | "Deny";
    readonly protocol: "Tcp" | "Udp" | "Icmp" | "*";
    readonly sources: readonly string[];
    readonly destinations: readonly string[];
    readonly ports: readonly string[];
    readonly description: string;
}

/** R-NET-PORTS: external ports. */
export const GATEWAY_PORTS = ["80", "443"] as const;
/** Zones whose nodes run the gateway pods (the platform places Traefik on the compute pools). */
export const GATEWAY_NODE_ZONES: readonly ZoneName[] = ["app", "services"];

/** Who may reach the gateway's frontend: only the Application Gateway's subnet with the WAF. */
function gatewaySource(input: ZoneRuleInput): string {
    if (input.waf) {
        return dmzSplit(input.zones.dmz).appGateway;
    }
    return input.gatewayExposure === "public" ? "Internet" : "VirtualNetwork";
}

function gatewaySourceName(input: ZoneRuleInput): string {
    return input.waf ? "appgw" : input.gatewayExposure === "public" ? "internet" : "vnet";
}

export interface ZoneRuleInput extends AzureAddressPlan {
    /**
     * Internal: the gateway's load balancer frontend is an address of the DMZ subnet, reached from
     * the VNet and its peers (the customer's WAF / Application Gateway / Front Door private link),
     * or only from our Application Gateway's subnet with `waf`.
     * Public: a public IP, reachable from the Internet.
     */
    readonly gatewayExposure: "public" | "internal";
}

/**
 * Inbound rules of a zone's NSG (R-SEC-ZONES: Internet -> DMZ -> App -> Data, App -> AI;
 * management reaches every zone for monitoring and backup).
 *
 * With Azure CNI Overlay, pod-to-pod packets carry pod IPs from `podCidr`, cluster-wide: a subnet
 * NSG cannot tell an API pod from an Odin pod. Those flows are allowed here (as AKS requires) and
 * segmented by the Cilium network policies of R-NET-FW. AKS also requires node-to-node traffic on all
 * ports, so between node zones the rules below document intent and Cilium enforces it; the NSGs keep
 * the perimeter. Everything else from the VNet is denied, overriding Azure's default AllowVnetInBound.
 */
export function zoneSecurityRules(zone: ZoneName, input: ZoneRuleInput): SecurityRuleSpec[] {
    const nodeZones = ZONE_NAMES.map((z) => input.zones[z]);
    const frontends = dmzSplit(input.zones.dmz).frontends;
    const here = [zone === "dmz" ? frontends : input.zones[zone]];
    const rules: SecurityRuleSpec[] = [
        {
            name: "allow-pod-to-pod",
            priority: 100,
            direction: "Inbound",
            access: "Allow",
            protocol: "*",
            sources: [input.podCidr],
            destinations: [input.podCidr],
            ports: ["*"],
            description: "CNI Overlay pod traffic (AKS requirement); segmented by Cilium network policies (R-NET-FW)",
        },
        {
            name: "allow-node-to-pod",
            priority: 110,
            direction: "Inbound",
            access: "Allow",
            protocol: "*",
            sources: nodeZones,
            destinations: [input.podCidr],
            ports: ["*"],
            description: "CNI Overlay service routing from nodes to pods (AKS requirement)",
        },
        {
            // AKS (CNI Overlay) requires node-to-node traffic on all ports: host-network pods
            // (node-exporter, DCGM, Cilium), NodePort hops and the API server's tunnel. The zones are
            // one cluster, so zone segmentation between nodes is Cilium's job (R-NET-FW).
            name: "allow-node-to-node",
            priority: 115,
            direction: "Inbound",
            access: "Allow",
            protocol: "*",
            sources: [input.apiServerSubnet, ...nodeZones],
            destinations: here,
            ports: ["*"],
            description: "Node-to-node traffic on all ports (AKS CNI Overlay requirement)",
        },
    ];
    if (zone === "dmz") {
        rules.push({
            name: `allow-${gatewaySourceName(input)}-https`,
            priority: 200,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sources: [gatewaySource(input)],
            destinations: here,
            ports: GATEWAY_PORTS,
            description: input.waf
                ? "Application Gateway WAF -> gateway frontend: 443, and 80 for ACME challenges (R-SEC-ZONES, R-NET-PORTS)"
                : "Users (or the customer's WAF) -> DMZ: 443, and 80 for the HTTPS redirect only (R-NET-PORTS)",
        });
    }
    if (GATEWAY_NODE_ZONES.includes(zone)) {
        // The gateway pods run on the compute pools; the load balancer keeps the frontend address as
        // destination, so only traffic sent to the gateway's frontend (DMZ address, or its public IP) is admitted.
        rules.push({
            name: "allow-gateway-frontend",
            priority: 190,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sources: [gatewaySource(input)],
            destinations: input.gatewayExposure === "public" && !input.waf ? ["*"] : [frontends],
            ports: GATEWAY_PORTS,
            description: "Load balancer frontend (DMZ) -> gateway pods on the compute nodes: 443 and 80 (redirect)",
        });
    }
    if (zone === "management") {
        rules.push({
            name: "allow-keyvault-endpoint",
            priority: 200,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sources: [input.apiServerSubnet, ...nodeZones],
            destinations: here,
            ports: ["443"],
            description: "API server (KMS) and nodes -> Key Vault private endpoint",
        });
    }
    ZONE_FLOWS[zone].forEach((flow, i) =>
        rules.push({
            name: `allow-${flow.from.join("-")}-${zone}-${flow.ports.join("-")}`.slice(0, 80),
            priority: 210 + i * 10,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sources: flow.from.map((z) => input.zones[z]),
            destinations: here,
            ports: flow.ports,
            description: `${flow.why} (R-SEC-ZONES)`,
        }),
    );
    rules.push({
        name: "deny-vnet-inbound",
        priority: 4000,
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        sources: ["VirtualNetwork"],
        destinations: ["*"],
        ports: ["*"],
        description: "Every other flow between zones is denied (R-SEC-ZONES)",
    });
    return rules;
}

/** Application Gateway v2 infrastructure ports (GatewayManager health and management). */
export const APP_GATEWAY_MANAGEMENT_PORTS = "65200-65535";

/**
 * Inbound rules of the Application Gateway subnet's NSG: what Azure requires of a v2 gateway
 * (GatewayManager on 65200-65535, the AzureLoadBalancer probes, the listeners' ports from the
 * Internet) and the deny-all Microsoft recommends after them. Outbound stays at Azure's defaults:
 * the gateway must reach the Internet (Key Vault, management).
 */
export function appGatewaySecurityRules(): SecurityRuleSpec[] {
    return [
        {
            name: "allow-gateway-manager",
            priority: 100,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sources: ["GatewayManager"],
            destinations: ["*"],
            ports: [APP_GATEWAY_MANAGEMENT_PORTS],
            description: "Application Gateway v2 infrastructure (Azure requirement)",
        },
        {
            name: "allow-azure-load-balancer",
            priority: 110,
            direction: "Inbound",
            access: "Allow",
            protocol: "*",
            sources: ["AzureLoadBalancer"],
            destinations: ["*"],
            ports: ["*"],
            description: "Azure load balancer probes (Azure requirement)",
        },
        {
            name: "allow-internet-https",
            priority: 120,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sources: ["Internet"],
            destinations: ["*"],
            ports: GATEWAY_PORTS,
            description: "Users -> WAF listeners: 443, and 80 for the HTTPS redirect and ACME challenges (R-NET-PORTS)",
        },
        {
            name: "deny-all-inbound",
            priority: 4000,
            direction: "Inbound",
            access: "Deny",
            protocol: "*",
            sources: ["*"],
            destinations: ["*"],
            ports: ["*"],
            description: "Nothing else reaches the WAF subnet (R-SEC-ZONES)",
        },
    ];
}

/** The azure-native form of a rule: single values in the singular fields, lists in the plural ones. */
export function toAzureSecurityRule(rule: SecurityRuleSpec): azureInputs.network.SecurityRuleArgs & { name: string } {
    const one = <T>(list: readonly T[]): boolean => list.length === 1;
    return {
        name: rule.name,
        priority: rule.priority,
        direction: rule.direction,
        access: rule.access,
        protocol: rule.protocol,
        description: rule.description,
        sourcePortRange: "*",
        ...(one(rule.sources) ? { sourceAddressPrefix: rule.sources[0] } : { sourceAddressPrefixes: [...rule.sources] }),
        ...(one(rule.destinations) ? { destinationAddressPrefix: rule.destinations[0] } : { destinationAddressPrefixes: [...rule.destinations] }),
        ...(one(rule.ports) ? { destinationPortRange: rule.ports[0] } : { destinationPortRanges: [...rule.ports] }),
    } as azureInputs.network.SecurityRuleArgs & { name: string };
}

export interface AzureNetworkArgs extends ZoneRuleInput {
    /** Resource group name (created here). */
    readonly resourceGroupName: string;
    /** Azure location; the provider passed in opts carries the same. */
    readonly location: string;
    /** Tags on every taggable resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
    /** Protect the resource group from deletion (it holds every stateful resource). @default false */
    readonly protect?: boolean;
}

/** Resource group, VNet, zone subnets with NSGs, NAT gateway, private DNS zones. */
export class AzureNetwork extends pulumi.ComponentResource {
    public readonly resourceGroupName: pulumi.Output<string>;
    public readonly resourceGroupId: pulumi.Output<string>;
    public readonly vnetId: pulumi.Output<string>;
    public readonly vnetName: pulumi.Output<string>;
    /** Subnet resource ids by zone (and `apiserver`). */
    public readonly subnetIds: Readonly<Record<AzureBaseSubnetId, pulumi.Output<string>>>;
    /** Subnet names by zone, for Service annotations (`azure-load-balancer-internal-subnet`). */
    public readonly subnetNames: Readonly<Record<AzureBaseSubnetId, string>>;
    /** The Application Gateway's dedicated subnet (with `waf` only). */
    public readonly appGatewaySubnetId?: pulumi.Output<string>;
    /** Fixed address of the gateway's internal load balancer in `snet-dmz` (`gatewayFrontendIp`). */
    public readonly gatewayFrontendIp: string;
    public readonly natGatewayId: pulumi.Output<string>;
    /** The egress address the Internet sees (allow-list it at the licence server l.devana.ai's proxy). */
    public readonly egressIp: pulumi.Output<string | undefined>;
    public readonly privateDnsZoneIds: Readonly<Record<PrivateDnsZoneId, pulumi.Output<string>>>;

    constructor(name: string, args: AzureNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:network:AzureNetwork", name, {}, opts);
        const tags = { ...args.tags };
        const child = { parent: this };

        const rg = new resources.ResourceGroup(
            `${name}-rg`,
            { resourceGroupName: args.resourceGroupName, location: args.location, tags },
            { ...child, protect: args.protect ?? false },
        );
        const resourceGroupName = rg.name;

        const vnet = new network.VirtualNetwork(
            `${name}-vnet`,
            { resourceGroupName, location: args.location, addressSpace: { addressPrefixes: [args.vnetCidr] }, tags },
            // Subnets are separate resources; azure-native keeps the VNet from removing them.
            { ...child, ignoreChanges: ["subnets"] },
        );

        const egressIp = new network.PublicIPAddress(
            `${name}-nat-ip`,
            {
                resourceGroupName,
                location: args.location,
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
                tags,
            },
            // Protected: customers allow-list this egress address (licence server, IdPs).
            { ...child, protect: args.protect ?? false },
        );
        const nat = new network.NatGateway(
            `${name}-nat`,
            {
                resourceGroupName,
                location: args.location,
                sku: { name: "Standard" },
                idleTimeoutInMinutes: 10,
                publicIpAddresses: [{ id: egressIp.id }],
                tags,
            },
            child,
        );

        const subnetIds = {} as Record<AzureSubnetId, pulumi.Output<string>>;
        const subnetNames = {} as Record<AzureSubnetId, string>;
        // Azure rejects concurrent writes to one VNet's subnets: create them one after the other.
        let previous: pulumi.Resource | undefined;
        for (const spec of azureSubnetPlan(args)) {
            const nsg = spec.nsg
                ? new network.NetworkSecurityGroup(
                      `${name}-nsg-${spec.id}`,
                      {
                          resourceGroupName,
                          location: args.location,
                          securityRules: (spec.id === "appgw" ? appGatewaySecurityRules() : zoneSecurityRules(spec.id as ZoneName, args)).map(toAzureSecurityRule),
                          // The Application Gateway's subnet is part of the DMZ zone (R-NET-ZONES).
                          tags: { ...tags, "devana.ai/zone": spec.id === "appgw" ? "dmz" : spec.id },
                      },
                      child,
                  )
                : undefined;
            const subnet: network.Subnet = new network.Subnet(
                `${name}-subnet-${spec.id}`,
                {
                    resourceGroupName,
                    virtualNetworkName: vnet.name,
                    subnetName: spec.name,
                    addressPrefix: spec.cidr,
                    networkSecurityGroup: nsg ? { id: nsg.id } : undefined,
                    natGateway: spec.natGateway ? { id: nat.id } : undefined,
                    // Private subnets: egress only through the NAT gateway.
                    defaultOutboundAccess: false,
                    privateEndpointNetworkPolicies: spec.privateEndpoints ? "Enabled" : "Disabled",
                    delegations: spec.delegation ? [{ name: "aks-apiserver", serviceName: spec.delegation }] : undefined,
                },
                { ...child, dependsOn: previous ? [previous] : [] },
            );
            previous = subnet;
            subnetIds[spec.id] = subnet.id;
            subnetNames[spec.id] = spec.name;
        }

        const privateDnsZoneIds = {} as Record<PrivateDnsZoneId, pulumi.Output<string>>;
        for (const [id, zoneName] of Object.entries(PRIVATE_DNS_ZONES) as [PrivateDnsZoneId, string][]) {
            const zone = new privatedns.PrivateZone(`${name}-dns-${id}`, { resourceGroupName, privateZoneName: zoneName, location: "global", tags }, child);
            new privatedns.VirtualNetworkLink(
                `${name}-dns-${id}-link`,
                {
                    resourceGroupName,
                    privateZoneName: zone.name,
                    location: "global",
                    virtualNetwork: { id: vnet.id },
                    registrationEnabled: false,
                    tags,
                },
                child,
            );
            privateDnsZoneIds[id] = zone.id;
        }

        this.resourceGroupName = resourceGroupName;
        this.resourceGroupId = rg.id;
        this.vnetId = vnet.id;
        this.vnetName = vnet.name;
        const { appgw: appGatewaySubnetId, ...baseIds } = subnetIds;
        const { appgw: _appGatewaySubnetName, ...baseNames } = subnetNames;
        this.subnetIds = baseIds;
        this.subnetNames = baseNames;
        this.appGatewaySubnetId = appGatewaySubnetId;
        this.gatewayFrontendIp = gatewayFrontendIp(args.zones.dmz);
        this.natGatewayId = nat.id;
        this.egressIp = egressIp.ipAddress;
        this.privateDnsZoneIds = privateDnsZoneIds;
        this.registerOutputs({
            resourceGroupName: this.resourceGroupName,
            resourceGroupId: this.resourceGroupId,
            vnetId: this.vnetId,
            vnetName: this.vnetName,
            subnetIds,
            subnetNames,
            gatewayFrontendIp: this.gatewayFrontendIp,
            natGatewayId: this.natGatewayId,
            egressIp: this.egressIp,
            privateDnsZoneIds,
        });
    }
}
