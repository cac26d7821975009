/**
 * AzureNetwork: the resource group, the VNet on `devana:network.cidr` with one subnet per zone of
 * R-NET-ZONES (plus the /28 the AKS API server is integrated into), one pod subnet per node zone
 * carved from `devana:azure.podCidr` (a second address prefix of the VNet: Azure CNI with dynamic
 * pod IP allocation, issue 20), one network security group per zone (on its node and pod subnets)
 * whose rules are generated from the zone flows (R-SEC-ZONES, R-NET-FW), a NAT gateway for egress,
 * and the private DNS zones the Key Vault and Storage private endpoints register in.
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
import { blockSize, contains, formatCidr, formatIp, mustParseCidr, overlaps, parseCidr, splitEvenly } from "../../config/cidr";
import { NODE_ZONES, ZONE_NAMES, type NodeZone, type ZoneName } from "../../config/defaults";
import type { ZoneFlow, ZonePort } from "../../config/placement";
import { PORTS } from "../../config/ports";
import type { AzureScopeArgs } from "../azure/scope";

/** Id of a node zone's pod subnet (issue 20). */
export type PodSubnetId = `pods-${NodeZone}`;
/** A subnet of the VNet: the six zones, the pod subnets, the API server's delegated subnet, the Application Gateway's. */
export type AzureSubnetId = ZoneName | PodSubnetId | "apiserver" | "appgw";
/** Subnets every Azure stack has, besides the pod subnets (the Application Gateway's exists only with the WAF). */
export type AzureBaseSubnetId = ZoneName | "apiserver";

export interface AzureSubnetSpec {
    readonly id: AzureSubnetId;
    /** Azure subnet name (`snet-<id>`). */
    readonly name: string;
    readonly cidr: string;
    /** Zones get an NSG of their own; the API server subnet is managed by AKS. */
    readonly nsg: boolean;
    /** The zone whose NSG a pod subnet shares (issue 20: one rule set for a zone's nodes and pods). */
    readonly nsgOf?: NodeZone;
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

export interface AzureAddressPlan {
    readonly vnetCidr: string;
    readonly zones: Readonly<Record<ZoneName, string>>;
    readonly apiServerSubnet: string;
    /**
     * Pod addresses: a second address prefix of the VNet, carved into one pod subnet per node zone
     * (`azurePodSubnets`), so the NSGs tell the zones' pods apart (issue 20).
     */
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
    return formatIp(address);
}

/** Smallest pod range: eight /24 slices, one per node zone (five used, three for growth). */
export const MAX_POD_CIDR_PREFIX = 21;

/**
 * Issue 20: the pod subnet of each node zone, carved from `devana:azure.podCidr` in NODE_ZONES
 * order (eight equal slices: a /16 gives each zone a /19, 8,187 pod addresses).
 */
export function azurePodSubnets(podCidr: string): Readonly<Record<NodeZone, string>> {
    const parts = splitEvenly(mustParseCidr(podCidr), 2 ** Math.ceil(Math.log2(NODE_ZONES.length)));
    return Object.fromEntries(NODE_ZONES.map((zone, i) => [zone, formatCidr(parts[i]!)])) as Record<NodeZone, string>;
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
        problems.push(`devana:azure.podCidr: ${plan.podCidr} overlaps devana:network.cidr ${plan.vnetCidr} (the pod subnets are a second address prefix of the VNet)`);
    }
    if (pod.prefix > MAX_POD_CIDR_PREFIX) {
        problems.push(`devana:azure.podCidr: ${plan.podCidr} is smaller than a /${MAX_POD_CIDR_PREFIX}: it is carved into eight slices, one pod subnet per node zone, each at least a /24`);
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
 * delegated subnet, then one pod subnet per node zone (sharing its zone's NSG), then, with the WAF,
 * the Application Gateway's half of the DMZ.
 */
export function azureSubnetPlan(plan: Pick<AzureAddressPlan, "zones" | "apiServerSubnet" | "podCidr" | "waf">): AzureSubnetSpec[] {
    const dmz = dmzSplit(plan.zones.dmz);
    const pods = azurePodSubnets(plan.podCidr);
    const zones = ZONE_NAMES.map((zone): AzureSubnetSpec => ({
        id: zone,
        name: `snet-${zone}`,
        cidr: zone === "dmz" ? dmz.frontends : plan.zones[zone],
        nsg: true,
        natGateway: true,
        privateEndpoints: Object.values(PRIVATE_ENDPOINT_ZONES).includes(zone),
    }));
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
        // Issue 20: pods leave through the NAT gateway like their nodes.
        ...NODE_ZONES.map((zone): AzureSubnetSpec => ({
            id: `pods-${zone}`,
            name: `snet-pods-${zone}`,
            cidr: pods[zone],
            nsg: false,
            nsgOf: zone,
            natGateway: true,
            privateEndpoints: false,
        })),
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
export const GATEWAY_PORTS = [String(PORTS.http), String(PORTS.https)] as const;

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
    /**
     * Issue 20: the zone-to-zone flows of the configuration (`zoneFlowsOf`), the one table the
     * NetworkPolicies, the AWS network ACLs and these NSGs come from.
     */
    readonly flows: readonly ZoneFlow[];
}

/** A node zone's address ranges: its node subnet, then its pod subnet (issue 20). */
export function zoneRanges(zone: NodeZone, plan: Pick<AzureAddressPlan, "zones" | "podCidr">): string[] {
    return [plan.zones[zone], azurePodSubnets(plan.podCidr)[zone]];
}

const PROTOCOLS = [
    ["TCP", "Tcp"],
    ["UDP", "Udp"],
] as const;

/** NSG port ranges of the zone ports of one protocol: `*` when the flow opens every port. */
function nsgPorts(ports: readonly ZonePort[]): string[] {
    return ports.some((p) => p.port === "all") ? ["*"] : ports.map((p) => String(p.port));
}

/** NSG descriptions hold 140 characters. */
const description140 = (text: string): string => (text.length <= 140 ? text : `${text.slice(0, 137)}...`);

/**
 * Inbound rules of a zone's NSG, generated from the zone flows (issue 20, R-SEC-ZONES, R-NET-FW):
 * - the zone's nodes and pods among themselves (an NSG filters inside its subnets too);
 * - the AKS API server subnet (VNet integration) on every TCP port: kubelets (10250), admission
 *   webhooks and aggregated APIs are called from there (AKS requirement);
 * - in the gateway's zone, the load balancer frontend from the Application Gateway's subnet (or the
 *   VNet / the Internet without the WAF) on the gateway ports: Azure load balancer rules keep the
 *   frontend address as destination (floating IP), so the rule names the frontends' half and the
 *   zone's own ranges;
 * - one rule per (source zone, protocol) of the flows into this zone, sources the source zone's node
 *   and pod subnets: never the DMZ nor the Application Gateway's subnet;
 * - everything else from the VNet denied, overriding Azure's default AllowVnetInBound.
 * The DMZ's NSG admits only the gateway's frontend: no node and no pod lives there.
 */
export function zoneSecurityRules(zone: ZoneName, input: ZoneRuleInput): SecurityRuleSpec[] {
    const frontends = dmzSplit(input.zones.dmz).frontends;
    const gatewayFlows = input.flows.filter((f) => f.from === "dmz");
    const gatewayPorts = (flows: readonly ZoneFlow[]): string[] => [...new Set(flows.flatMap((f) => nsgPorts(f.ports.filter((p) => p.protocol === "TCP"))))];
    const deny: SecurityRuleSpec = {
        name: "deny-vnet-inbound",
        priority: 4000,
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        sources: ["VirtualNetwork"],
        destinations: ["*"],
        ports: ["*"],
        description: "Every other flow between zones is denied (R-SEC-ZONES, issue 20)",
    };
    if (zone === "dmz") {
        return [
            {
                name: `allow-${gatewaySourceName(input)}-https`,
                priority: 200,
                direction: "Inbound",
                access: "Allow",
                protocol: "Tcp",
                sources: [gatewaySource(input)],
                destinations: [frontends],
                ports: gatewayPorts(gatewayFlows),
                description: input.waf
                    ? "Application Gateway WAF -> gateway frontend: 443, and 80 for ACME challenges (R-SEC-ZONES, R-NET-PORTS)"
                    : "Users (or the customer's WAF) -> DMZ: 443, and 80 for the HTTPS redirect only (R-NET-PORTS)",
            },
            deny,
        ];
    }
    const here = zoneRanges(zone, input);
    const rules: SecurityRuleSpec[] = [
        {
            name: "allow-zone-internal",
            priority: 100,
            direction: "Inbound",
            access: "Allow",
            protocol: "*",
            sources: here,
            destinations: here,
            ports: ["*"],
            description: "The zone's nodes and pods among themselves (NetworkPolicies police them, R-NET-FW)",
        },
        {
            name: "allow-apiserver",
            priority: 110,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sources: [input.apiServerSubnet],
            destinations: here,
            ports: ["*"],
            description: "AKS API server (VNet integration) -> kubelets 10250, webhooks, aggregated APIs (AKS requirement)",
        },
    ];
    const intoGateway = gatewayFlows.filter((f) => f.to === zone);
    if (intoGateway.length > 0) {
        rules.push({
            name: "allow-gateway-frontend",
            priority: 190,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sources: [gatewaySource(input)],
            destinations: input.gatewayExposure === "public" && !input.waf ? ["*"] : [frontends, ...here],
            ports: gatewayPorts(intoGateway),
            description: "DMZ load balancer frontend -> the gateway pods (Traefik) in this zone: 443 and 80 (R-SEC-ZONES, issue 20)",
        });
    }
    let priority = 200;
    for (const flow of input.flows) {
        if (flow.to !== zone || flow.from === "dmz") {
            continue;
        }
        for (const [protocol, nsgProtocol] of PROTOCOLS) {
            const ports = flow.ports.filter((p) => p.protocol === protocol);
            if (ports.length === 0) {
                continue;
            }
            rules.push({
                name: `allow-${flow.from}-${protocol.toLowerCase()}`,
                priority,
                direction: "Inbound",
                access: "Allow",
                protocol: nsgProtocol,
                sources: zoneRanges(flow.from, input),
                destinations: here,
                ports: nsgPorts(ports),
                description: description140(`${flow.from} -> ${zone} (R-NET-FW, issue 20): ${flow.ids.join(", ")}`),
            });
            priority += 10;
        }
    }
    rules.push(deny);
    return rules;
}

/** Azure's default inbound rules, after every rule of an NSG (65000-65500). */
export const AZURE_DEFAULT_INBOUND_RULES: readonly SecurityRuleSpec[] = [
    { name: "AllowVnetInBound", priority: 65000, direction: "Inbound", access: "Allow", protocol: "*", sources: ["VirtualNetwork"], destinations: ["VirtualNetwork"], ports: ["*"], description: "Azure default" },
    { name: "AllowAzureLoadBalancerInBound", priority: 65001, direction: "Inbound", access: "Allow", protocol: "*", sources: ["AzureLoadBalancer"], destinations: ["*"], ports: ["*"], description: "Azure default" },
    { name: "DenyAllInBound", priority: 65500, direction: "Inbound", access: "Deny", protocol: "*", sources: ["*"], destinations: ["*"], ports: ["*"], description: "Azure default" },
];

/** One inbound packet, as an NSG sees it. */
export interface NsgPacket {
    readonly source: string;
    readonly destination: string;
    readonly protocol: "TCP" | "UDP";
    readonly port: number;
}

/** What the service tags stand for: `VirtualNetwork` is the VNet's address prefixes (and its peers'). */
export interface NsgTags {
    readonly VirtualNetwork: readonly string[];
    /** Other tags (GatewayManager, ...) by name; an unknown tag is an error. @default {} */
    readonly others?: Readonly<Record<string, readonly string[]>>;
}

/** Azure's fixed address of the load balancer probes and DHCP/DNS (the `AzureLoadBalancer` tag). */
export const AZURE_PLATFORM_IP = "168.63.129.16";

function addressMatches(prefix: string, address: string, tags: NsgTags): boolean {
    const ip = mustParseCidr(`${address}/32`);
    const inAny = (list: readonly string[]): boolean => list.some((p) => contains(mustParseCidr(p.includes("/") ? p : `${p}/32`), ip));
    switch (prefix) {
        case "*":
            return true;
        case "VirtualNetwork":
            return inAny(tags.VirtualNetwork);
        case "AzureLoadBalancer":
            return address === AZURE_PLATFORM_IP;
        case "Internet":
            return !inAny(tags.VirtualNetwork) && address !== AZURE_PLATFORM_IP;
        default: {
            if (/^[A-Za-z]/.test(prefix)) {
                const list = tags.others?.[prefix];
                if (!list) {
                    throw new Error(`service tag ${prefix} has no addresses in this evaluation`);
                }
                return inAny(list);
            }
            return inAny([prefix]);
        }
    }
}

function portMatches(range: string, port: number): boolean {
    if (range === "*") {
        return true;
    }
    const [low, high] = range.split("-").map(Number);
    return high === undefined ? port === low : port >= low! && port <= high;
}

/**
 * Issue 20: what an NSG does with an inbound packet (pure): its rules and Azure's defaults in
 * priority order, the first match decides. Used by the tests to check the generated rules against
 * the zone flows; it models addresses, protocols and destination ports, not connection state
 * (NSGs are stateful: replies are never evaluated).
 */
export function evaluateNsg(rules: readonly SecurityRuleSpec[], packet: NsgPacket, tags: NsgTags): { readonly access: "Allow" | "Deny"; readonly rule: string } {
    const ordered = [...rules.filter((r) => r.direction === "Inbound"), ...AZURE_DEFAULT_INBOUND_RULES].sort((a, b) => a.priority - b.priority);
    for (const rule of ordered) {
        if (rule.protocol !== "*" && rule.protocol.toUpperCase() !== packet.protocol) {
            continue;
        }
        if (!rule.sources.some((s) => addressMatches(s, packet.source, tags))) {
            continue;
        }
        if (!rule.destinations.some((d) => addressMatches(d, packet.destination, tags))) {
            continue;
        }
        if (!rule.ports.some((p) => portMatches(p, packet.port))) {
            continue;
        }
        return { access: rule.access, rule: rule.name };
    }
    throw new Error("unreachable: DenyAllInBound matches every packet");
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

export interface AzureNetworkArgs extends ZoneRuleInput, AzureScopeArgs {
    /** Resource group name (created here, so a plain string). */
    readonly resourceGroupName: string;
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
    /** Issue 20: the pod subnet of each node zone (agent pools' `podSubnetID`). */
    public readonly podSubnetIds: Readonly<Record<NodeZone, pulumi.Output<string>>>;
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

        const rg = new resources.ResourceGroup(`${name}-rg`, { resourceGroupName: args.resourceGroupName, location: args.location, tags }, { ...child, protect: args.protect ?? false });
        const resourceGroupName = rg.name;

        const vnet = new network.VirtualNetwork(
            `${name}-vnet`,
            // Issue 20: the pod range is the VNet's second prefix (Azure CNI dynamic pod IP allocation).
            { resourceGroupName, location: args.location, addressSpace: { addressPrefixes: [args.vnetCidr, args.podCidr] }, tags },
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
        const nsgs: Partial<Record<AzureSubnetId, network.NetworkSecurityGroup>> = {};
        for (const spec of azureSubnetPlan(args)) {
            // A pod subnet shares its zone's NSG (created with the zone's node subnet, before it).
            const nsg = spec.nsgOf
                ? nsgs[spec.nsgOf]
                : spec.nsg
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
            nsgs[spec.id] = nsg;
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
        const isBase = (id: string): id is AzureBaseSubnetId => id !== "appgw" && !id.startsWith("pods-");
        this.subnetIds = Object.fromEntries(Object.entries(subnetIds).filter(([id]) => isBase(id))) as Record<AzureBaseSubnetId, pulumi.Output<string>>;
        this.subnetNames = Object.fromEntries(Object.entries(subnetNames).filter(([id]) => isBase(id))) as Record<AzureBaseSubnetId, string>;
        this.podSubnetIds = Object.fromEntries(NODE_ZONES.map((zone) => [zone, subnetIds[`pods-${zone}`]])) as Record<NodeZone, pulumi.Output<string>>;
        const appGatewaySubnetId = subnetIds.appgw;
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
            podSubnetIds: this.podSubnetIds,
            gatewayFrontendIp: this.gatewayFrontendIp,
            natGatewayId: this.natGatewayId,
            egressIp: this.egressIp,
            privateDnsZoneIds,
        });
    }
}
