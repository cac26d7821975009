/**
 * AwsNetwork: the VPC of R-NET-ZONES on AWS. Each zone is split evenly across the three
 * availability zones (pure `carveZoneSubnets`), DMZ public and everything else private, NAT per AZ
 * or single, network ACLs per zone generated from the zone flows (pure `zoneAclRules`, issue 20),
 * flow logs to a KMS-encrypted log group, VPC endpoints, and a secondary CIDR for pod addresses
 * split per zone and AZ (VPC CNI custom networking with prefix delegation; see docs/aws.md).
 */
import * as aws from "../aws/sdk";
import * as pulumi from "@pulumi/pulumi";
import { blockSize, contains, formatCidr, mustParseCidr, overlaps, splitEvenly } from "../../config/cidr";
import { NODE_ZONES, ZONE_NAMES, type NodeZone, type ZoneName } from "../../config/defaults";
import type { ZoneFlow, ZonePort } from "../../config/placement";
import { PORTS } from "../../config/ports";
import { policyDocument, serviceTrust } from "../aws/iam";

/** AWS's smallest subnet is a /28. */
export const MIN_SUBNET_PREFIX = 28;

export interface SubnetPlan {
    readonly zone: ZoneName;
    readonly az: string;
    readonly cidr: string;
    /** Only the DMZ is public (R-SEC-ZONES: Internet -> DMZ only). */
    readonly public: boolean;
}

/**
 * Splits every zone evenly across the AZs: one subnet per zone and AZ, in AZ order, each inside its
 * zone (a /24 across 3 AZs gives three /26s, the fourth /26 left for growth). Throws when a zone is
 * too small to give each AZ a /28.
 */
export function carveZoneSubnets(zones: Readonly<Record<ZoneName, string>>, azs: readonly string[]): SubnetPlan[] {
    if (azs.length === 0 || new Set(azs).size !== azs.length) {
        throw new Error(`expected distinct availability zones, got [${azs.join(", ")}]`);
    }
    return ZONE_NAMES.flatMap((zone) => {
        const parts = splitEvenly(mustParseCidr(zones[zone]), azs.length);
        if (parts[0].prefix > MIN_SUBNET_PREFIX) {
            throw new Error(`zone ${zone} (${zones[zone]}) is too small for ${azs.length} subnets of at least /${MIN_SUBNET_PREFIX}`);
        }
        return parts.map((block, i) => ({ zone, az: azs[i], cidr: formatCidr(block), public: zone === "dmz" }));
    });
}

export interface PodSubnetPlan {
    /** Issue 20 (R-NET-ZONES): the node zone whose pods take addresses here. */
    readonly zone: NodeZone;
    readonly az: string;
    readonly cidr: string;
    /** Name of the ENIConfig of (zone, AZ), the value of ENI_CONFIG_LABEL on that zone's nodes in that AZ. */
    readonly eniConfig: string;
}

/** Issue 20: name of the ENIConfig of a node zone in an AZ (stable id, not a list index). */
export const eniConfigName = (zone: NodeZone, az: string): string => `${zone}-${az}`;

/**
 * Issue 20 (R-NET-ZONES): each node zone's pod block. The pod CIDR (VPC secondary block) is split
 * evenly into one block per node zone, in NODE_ZONES order (a /16 gives five /19s, three /19s left
 * for growth); App, Services, Data and AI are then the first half (/17), which keeps the
 * Management NACL's "every other zone's pods" sources to one rule.
 */
export function podZoneBlocks(podCidr: string, vpcCidr: string): Record<NodeZone, string> {
    const block = mustParseCidr(podCidr);
    if (overlaps(block, mustParseCidr(vpcCidr))) {
        throw new Error(`devana:aws.podCidr ${podCidr} overlaps devana:network.cidr ${vpcCidr}`);
    }
    const parts = splitEvenly(block, NODE_ZONES.length);
    return Object.fromEntries(NODE_ZONES.map((z, i) => [z, formatCidr(parts[i])])) as Record<NodeZone, string>;
}

/** Issue 20: one pod subnet per (node zone, AZ): each zone's pod block split evenly across the AZs. */
export function carvePodSubnets(podCidr: string, vpcCidr: string, azs: readonly string[]): PodSubnetPlan[] {
    const blocks = podZoneBlocks(podCidr, vpcCidr);
    return NODE_ZONES.flatMap((zone) => splitEvenly(mustParseCidr(blocks[zone]), azs.length).map((b, i) => ({ zone, az: azs[i], cidr: formatCidr(b), eniConfig: eniConfigName(zone, azs[i]) })));
}

/** The /28 prefixes a pod subnet offers to VPC CNI prefix delegation (AWS reserves the first four and the last address). */
export function podPrefixesIn(cidr: string): number {
    const block = mustParseCidr(cidr);
    return Math.max(0, blockSize(block.prefix) / 16 - 2);
}

export interface AclRule {
    readonly ruleNo: number;
    /** "-1" (all), "6" (tcp), "17" (udp). */
    readonly protocol: "-1" | "6" | "17";
    readonly cidrBlock: string;
    readonly fromPort: number;
    readonly toPort: number;
    readonly action: "allow" | "deny";
    /** Why the rule exists (not sent to AWS; kept for reviewers and tests). */
    readonly reason: string;
}

export interface AclPlan {
    readonly ingress: readonly AclRule[];
    readonly egress: readonly AclRule[];
}

/** Linux ephemeral ports (32768-60999, rounded up): return traffic inside the VPC lands there. */
export const EPHEMERAL = { from: 32768, to: 65535 } as const;
/**
 * Ports of return traffic from outside the VPC: NAT gateways and load balancers pick source ports
 * in 1024-65535, and the VPC CNI's SNAT of pod traffic (`--random-fully`) does the same.
 */
export const NAT_EPHEMERAL = { from: 1024, to: 65535 } as const;

/** AWS's default quota of inbound (and of outbound) rules per network ACL. */
export const ACL_RULES_QUOTA = 20;

/** Issue 20: the address ranges of a zone: its node subnets' block and (node zones) its pods' block. */
export interface ZoneRanges {
    readonly nodes: string;
    readonly pods?: string;
}

export interface ZoneAclInput {
    /** R-NET-ZONES blocks (node subnets, and the DMZ's load balancers and NAT gateways). */
    readonly zones: Readonly<Record<ZoneName, string>>;
    /** The pod CIDR (VPC secondary block), split per node zone by `podZoneBlocks`. */
    readonly podCidr: string;
    readonly vpcCidr: string;
    /** The zone flows of the configuration (`zoneFlowsOf`, plus `awsEdgeFlows`): the only cross-zone allows. */
    readonly flows: readonly ZoneFlow[];
    /**
     * Ports that node addresses (kubelets, containerd's image pulls, hostNetwork agents) open to
     * Management: the Kubernetes API and the VPC interface endpoints. Every other flow starts in a pod.
     * @default TCP 443
     */
    readonly nodePorts?: readonly ZonePort[];
    /** Issue 16: deployer ranges, 443 to the EKS API's ENIs in Management. @default [] */
    readonly deployerCidrs?: readonly string[];
}

/** The address ranges of every zone (pods only for node zones). */
export function zoneRanges(zones: Readonly<Record<ZoneName, string>>, podCidr: string, vpcCidr: string): Record<ZoneName, ZoneRanges> {
    const pods = podZoneBlocks(podCidr, vpcCidr);
    return Object.fromEntries(ZONE_NAMES.map((z) => [z, z === "dmz" ? { nodes: zones.dmz } : { nodes: zones[z], pods: pods[z] }])) as Record<ZoneName, ZoneRanges>;
}

const PROTOCOL = { TCP: "6", UDP: "17" } as const;

/**
 * Which ranges of a source zone a flow's port leaves from. The DMZ: its load balancers (node range).
 * Management: nodes (the EKS control plane's ENIs: kubelet, webhook and metrics calls) and pods
 * (Prometheus, backups). Any other zone: its pods, and its nodes only for `nodePorts` to
 * Management (kubelets and image pulls reach the API and the endpoints from the node address).
 */
export function flowSources(ranges: Readonly<Record<ZoneName, ZoneRanges>>, from: ZoneName, to: NodeZone, port: ZonePort, nodePorts: readonly ZonePort[]): string[] {
    const r = ranges[from];
    if (from === "dmz") {
        return [r.nodes];
    }
    const fromNodes = from === "management" || (to === "management" && nodePorts.some((p) => p.protocol === port.protocol && p.port === port.port));
    return [...(fromNodes ? [r.nodes] : []), r.pods!];
}

/** Merges sibling blocks (two halves of one block) while any remain: the union is unchanged, in fewer rules. */
export function mergeSiblings(cidrs: readonly string[]): string[] {
    let blocks = [...new Set(cidrs)].map(mustParseCidr);
    for (let merged = true; merged;) {
        merged = false;
        blocks = blocks.filter((b, i) => !blocks.some((o, j) => j !== i && contains(o, b) && (o.prefix < b.prefix || j < i)));
        for (let i = 0; i < blocks.length && !merged; i++) {
            for (let j = i + 1; j < blocks.length && !merged; j++) {
                const [a, b] = [blocks[i], blocks[j]];
                const parent = { base: Math.min(a.base, b.base), prefix: a.prefix - 1 };
                if (a.prefix === b.prefix && a.base !== b.base && a.prefix > 0 && parent.base % blockSize(parent.prefix) === 0 && contains(parent, a) && contains(parent, b)) {
                    blocks = [...blocks.filter((_, k) => k !== i && k !== j), parent];
                    merged = true;
                }
            }
        }
    }
    return blocks.sort((x, y) => x.base - y.base || x.prefix - y.prefix).map(formatCidr);
}

/**
 * Issue 20 (R-NET-FW, R-SEC-ZONES): stateless network ACLs per zone, generated from the zone flows,
 * one per zone on its node subnets and (node zones) its pod subnets; first match wins.
 * Inbound of a node zone: its own ranges (a zone trusts itself), Management's ranges on every port,
 * each zone flow X -> zone on its ports from X's `flowSources`, then any other VPC or pod source
 * is denied below the ephemeral range and TCP 1024-65535 is accepted (returns: from inside the VPC
 * only 32768-65535 remain, from outside the NAT'ed and SNAT'ed returns). No UDP return rule: the
 * only UDP flow is DNS to Management, whose replies come from Management (allowed on every port).
 * The DMZ: the Internet on 80/443, the node zones' node ranges (the NAT gateways see the nodes'
 * addresses: VPC CNI SNATs pod traffic leaving the VPC) and the TCP returns (the load balancers'
 * targets answer to 1024-65535). Outbound is open: the receiving zone decides.
 */
export function zoneAclRules(input: ZoneAclInput): Record<ZoneName, AclPlan> {
    const ranges = zoneRanges(input.zones, input.podCidr, input.vpcCidr);
    const nodePorts = input.nodePorts ?? [{ protocol: "TCP", port: 443 }];
    const plans = {} as Record<ZoneName, AclPlan>;
    for (const zone of ZONE_NAMES) {
        const ingress: Omit<AclRule, "ruleNo">[] = [];
        const allow = (rule: Omit<AclRule, "ruleNo" | "action">): void => void ingress.push({ ...rule, action: "allow" });
        const own = ranges[zone];
        for (const cidr of [own.nodes, ...(own.pods ? [own.pods] : [])]) {
            allow({ protocol: "-1", cidrBlock: cidr, fromPort: 0, toPort: 0, reason: `${zone} -> ${zone}: a zone trusts itself (NetworkPolicies police it)` });
        }
        if (zone === "dmz") {
            allow({ protocol: "6", cidrBlock: "0.0.0.0/0", fromPort: PORTS.https, toPort: PORTS.https, reason: "HTTPS from the Internet (R-NET-PORTS)" });
            allow({ protocol: "6", cidrBlock: "0.0.0.0/0", fromPort: PORTS.http, toPort: PORTS.http, reason: "HTTP from the Internet, redirected to HTTPS (R-NET-PORTS)" });
            for (const from of NODE_ZONES) {
                allow({ protocol: "-1", cidrBlock: ranges[from].nodes, fromPort: 0, toPort: 0, reason: `${from} nodes -> the NAT gateways (Internet egress)` });
            }
        } else {
            // One rule per (protocol, port) and merged sources: the flows' sources, sibling blocks joined.
            const bySlot = new Map<string, { port: ZonePort; sources: string[]; from: string[] }>();
            for (const flow of input.flows.filter((f) => f.to === zone && f.from !== zone)) {
                const all = new Set(flow.ports.filter((p) => p.port === "all").map((p) => p.protocol));
                // TCP and UDP on every port: one "-1" rule per source (ICMP too: path MTU discovery).
                const ports: ZonePort[] = all.has("TCP") && all.has("UDP") ? [{ protocol: "TCP", port: "all" }] : [...flow.ports];
                for (const port of ports) {
                    const key = all.has("TCP") && all.has("UDP") ? "-1" : `${port.protocol}/${port.port}`;
                    const slot = bySlot.get(key) ?? { port, sources: [], from: [] };
                    slot.sources.push(...flowSources(ranges, flow.from, zone, port, nodePorts));
                    slot.from.push(flow.from);
                    bySlot.set(key, slot);
                }
            }
            for (const [key, slot] of bySlot) {
                const protocol = key === "-1" ? "-1" : PROTOCOL[slot.port.protocol];
                const [fromPort, toPort] = key === "-1" ? [0, 0] : slot.port.port === "all" ? [0, 65535] : [slot.port.port, slot.port.port];
                for (const cidr of mergeSiblings(slot.sources)) {
                    allow({ protocol, cidrBlock: cidr, fromPort, toPort, reason: `${slot.from.join(", ")} -> ${zone} ${key === "-1" ? "all" : key} (zone flows)` });
                }
            }
            for (const cidr of [input.vpcCidr, input.podCidr]) {
                ingress.push({ protocol: "6", cidrBlock: cidr, fromPort: 0, toPort: EPHEMERAL.from - 1, action: "deny", reason: "no other zone opens connections here" });
            }
        }
        allow({ protocol: "6", cidrBlock: "0.0.0.0/0", fromPort: NAT_EPHEMERAL.from, toPort: NAT_EPHEMERAL.to, reason: "TCP return traffic (SNAT, NAT gateways, load balancers)" });
        // Issue 16: the deployer ranges reach the EKS API's ENIs (Management) on 443 only, in rules
        // 10-20, ahead of the zone rules, which keep their numbers when ranges are added.
        const deployer: AclRule[] =
            zone === "management" ? (input.deployerCidrs ?? []).map((c, i) => ({ ruleNo: DEPLOYER_ACL_RULE_FROM + i, protocol: "6", cidrBlock: c, fromPort: 443, toPort: 443, action: "allow", reason: `deployer ${c} -> EKS API 443` })) : [];
        plans[zone] = {
            ingress: [...deployer, ...ingress.map((r, i) => ({ ...r, ruleNo: 100 + i * 10 }))],
            egress: [{ ruleNo: 100, protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0, action: "allow", reason: "outbound open; the receiving zone's inbound rules decide" }],
        };
    }
    return plans;
}

/** First rule number of the deployer ranges in the Management NACL (issue 16); at most 11 (10-20). */
export const DEPLOYER_ACL_RULE_FROM = 10;

/** Whether `to` accepts a packet from `sourceIp` on `port`, as AWS decides: the first matching rule wins. */
export function aclAllows(plans: Readonly<Record<ZoneName, AclPlan>>, to: ZoneName, sourceIp: string, port: number, protocol: "6" | "17" = "6"): boolean {
    const source = mustParseCidr(`${sourceIp}/32`);
    const first = [...plans[to].ingress]
        .sort((a, b) => a.ruleNo - b.ruleNo)
        .find((r) => (r.protocol === "-1" || r.protocol === protocol) && contains(mustParseCidr(r.cidrBlock), source) && (r.protocol === "-1" || (port >= r.fromPort && port <= r.toPort)));
    return first?.action === "allow";
}

/**
 * Issue 20: flows of the AWS edge that the platform's table does not carry: the WAF's ALB health
 * checks Traefik's /ping port (TRAEFIK_PING) from the DMZ, besides the gateway ports.
 */
export function withFlows(flows: readonly ZoneFlow[], extra: readonly ZoneFlow[]): ZoneFlow[] {
    const out = flows.map((f) => ({ ...f, ports: [...f.ports], ids: [...f.ids] }));
    for (const e of extra) {
        const found = out.find((f) => f.from === e.from && f.to === e.to);
        if (found) {
            found.ports.push(...e.ports.filter((p) => !found.ports.some((q) => q.protocol === p.protocol && q.port === p.port)));
            found.ids.push(...e.ids);
        } else {
            out.push({ ...e, ports: [...e.ports], ids: [...e.ids] });
        }
    }
    return out;
}

/** VPC interface endpoints (private nodes reach these AWS APIs without the NAT). */
export const INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "sts", "logs", "kms"] as const;

/** CloudWatch Logs accepts only these retention periods (days). */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The shortest retention CloudWatch accepts that keeps logs at least `days`. */
export function cloudWatchRetentionDays(days: number): number {
    const found = CLOUDWATCH_RETENTION_DAYS.find((d) => d >= days);
    if (found === undefined) {
        throw new Error(`CloudWatch Logs cannot keep logs ${days} days (maximum 3653)`);
    }
    return found;
}

export interface AwsNetworkArgs {
    /** VPC CIDR (devana:network.cidr). */
    readonly cidr: string;
    /** R-NET-ZONES blocks, each inside `cidr`. */
    readonly zones: Readonly<Record<ZoneName, string>>;
    /** The three availability zones, from config (no cloud call at plan time). */
    readonly availabilityZones: readonly string[];
    /** Region, for the endpoint service names. */
    readonly region: string;
    /** Pod address space, added as a VPC secondary CIDR. */
    readonly podCidr: string;
    /** Issue 20: the zone flows the network ACLs admit (`zoneFlowsOf` with `withFlows` for the edge). */
    readonly flows: readonly ZoneFlow[];
    /** One NAT gateway per AZ, or one for the whole VPC. @default "perAz" */
    readonly natGateways?: "perAz" | "single";
    /** EKS cluster name, for the subnet discovery tags. */
    readonly clusterName: string;
    /** KMS key ARN for the flow-log group. */
    readonly logsKeyArn: pulumi.Input<string>;
    /** Flow-log retention in days; rounded up to a CloudWatch value, at least 365 (R-SEC-AUDIT). */
    readonly flowLogRetentionDays: number;
    /** Protect the flow-log group from deletion. @default false */
    readonly protect?: boolean;
    /**
     * Issue 16: where deployments run from. The ranges get 443 in the Management NACL, and the
     * private route tables send them to the Transit Gateway, attached in the Management subnets.
     * @default none (the API must then be public, from `publicAccessCidrs`)
     */
    readonly deployer?: { readonly cidrs: readonly string[]; readonly transitGatewayId: string };
}

export interface DeployerRoutePlan {
    /** Stable id: `<az>-<range with dashes>`. */
    readonly id: string;
    readonly az: string;
    readonly destinationCidrBlock: string;
}

/** One route per private route table (per AZ) and deployer range, to the Transit Gateway. */
export function deployerRoutes(azs: readonly string[], cidrs: readonly string[]): DeployerRoutePlan[] {
    return azs.flatMap((az) => cidrs.map((c) => ({ id: `${az}-${c.replace(/[./]/g, "-")}`, az, destinationCidrBlock: c })));
}

/** The VPC with the six zones; pass the AWS provider in `opts.providers`. */
export class AwsNetwork extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    /** Subnet ids per zone, in AZ order. */
    public readonly subnetIds: Readonly<Record<ZoneName, pulumi.Output<string>[]>>;
    /** Issue 20: pod subnets per (node zone, AZ), with the ENIConfig name each is selected by. */
    public readonly podSubnets: readonly (PodSubnetPlan & { readonly id: pulumi.Output<string> })[];
    public readonly flowLogGroupName: pulumi.Output<string>;
    /** Ids of the private route tables (one per AZ). */
    public readonly privateRouteTableIds: pulumi.Output<string>[];
    /** Issue 16: the Transit Gateway attachment and routes the deployer ranges come through (empty without `deployer`). */
    public readonly deployerPath: readonly pulumi.Resource[];

    constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:network:AwsNetwork", name, {}, opts);
        const azs = args.availabilityZones;
        const plan = carveZoneSubnets(args.zones, azs);
        const podPlan = carvePodSubnets(args.podCidr, args.cidr, azs);
        const natMode = args.natGateways ?? "perAz";
        const protect = args.protect ?? false;
        const nameTag = (suffix: string): Record<string, string> => ({ Name: `${name}-${suffix}` });

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: nameTag("vpc") }, { parent: this });
        // CIS: the default security group allows nothing.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, ingress: [], egress: [], tags: nameTag("default-deny") }, { parent: this });
        const podCidr = new aws.ec2.VpcIpv4CidrBlockAssociation(`${name}-pod-cidr`, { vpcId: vpc.id, cidrBlock: args.podCidr }, { parent: this });
        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: nameTag("igw") }, { parent: this });

        const subnets = new Map<string, aws.ec2.Subnet>();
        const subnetIds = Object.fromEntries(ZONE_NAMES.map((z) => [z, [] as pulumi.Output<string>[]])) as Record<ZoneName, pulumi.Output<string>[]>;
        for (const s of plan) {
            const tags: Record<string, string> = { ...nameTag(`${s.zone}-${s.az}`), "devana.ai/zone": s.zone, [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };
            // R-NET-ZONES: every load balancer, internet-facing or internal, lands in the DMZ (issue 20).
            if (s.zone === "dmz") {
                tags["kubernetes.io/role/elb"] = "1";
                tags["kubernetes.io/role/internal-elb"] = "1";
            }
            const subnet = new aws.ec2.Subnet(`${name}-${s.zone}-${s.az}`, { vpcId: vpc.id, cidrBlock: s.cidr, availabilityZone: s.az, mapPublicIpOnLaunch: false, tags }, { parent: this });
            subnets.set(`${s.zone}/${s.az}`, subnet);
            subnetIds[s.zone].push(subnet.id);
        }
        // Issue 20: pod subnets per (zone, AZ), keyed `<zone>-<az>` like their ENIConfigs.
        const podSubnets = new Map<string, aws.ec2.Subnet>();
        for (const p of podPlan) {
            podSubnets.set(
                p.eniConfig,
                new aws.ec2.Subnet(
                    `${name}-pods-${p.eniConfig}`,
                    { vpcId: vpc.id, cidrBlock: p.cidr, availabilityZone: p.az, mapPublicIpOnLaunch: false, tags: { ...nameTag(`pods-${p.eniConfig}`), "devana.ai/zone": p.zone, "devana.ai/pods": "true" } },
                    { parent: this, dependsOn: [podCidr] },
                ),
            );
        }

        // Public route table: the DMZ reaches the Internet through the Internet gateway.
        const publicRt = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: nameTag("public") }, { parent: this });
        for (const az of azs) {
            new aws.ec2.RouteTableAssociation(`${name}-dmz-${az}`, { subnetId: subnets.get(`dmz/${az}`)!.id, routeTableId: publicRt.id }, { parent: this });
        }

        // NAT gateways in the DMZ, then one private route table per AZ.
        const natAzs = natMode === "perAz" ? azs : azs.slice(0, 1);
        const nats = new Map<string, aws.ec2.NatGateway>();
        for (const az of natAzs) {
            // Protected: customers allow-list these egress addresses (licence server, IdPs).
            const eip = new aws.ec2.Eip(`${name}-nat-${az}`, { domain: "vpc", tags: nameTag(`nat-${az}`) }, { parent: this, dependsOn: [igw], protect });
            nats.set(az, new aws.ec2.NatGateway(`${name}-nat-${az}`, { allocationId: eip.id, subnetId: subnets.get(`dmz/${az}`)!.id, tags: nameTag(`nat-${az}`) }, { parent: this }));
        }
        // Issue 16: the deployer ranges come in through the customer's Transit Gateway, attached in
        // Management (where the EKS API's ENIs are); replies leave through the private route tables
        // (inline routes: a separate aws.ec2.Route would fight the table's own list and show as drift).
        const deployer = args.deployer && args.deployer.cidrs.length > 0 ? args.deployer : undefined;
        const attachment = deployer
            ? new aws.ec2transitgateway.VpcAttachment(`${name}-tgw`, { transitGatewayId: deployer.transitGatewayId, vpcId: vpc.id, subnetIds: subnetIds.management, dnsSupport: "enable", tags: nameTag("tgw") }, { parent: this })
            : undefined;
        const privateRts: aws.ec2.RouteTable[] = [];
        for (const az of azs) {
            const nat = nats.get(az) ?? nats.get(natAzs[0])!;
            const toDeployers = deployer ? deployerRoutes([az], deployer.cidrs).map((r) => ({ cidrBlock: r.destinationCidrBlock, transitGatewayId: deployer.transitGatewayId })) : [];
            const rt = new aws.ec2.RouteTable(
                `${name}-private-${az}`,
                { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, ...toDeployers], tags: nameTag(`private-${az}`) },
                { parent: this, dependsOn: attachment ? [attachment] : [] },
            );
            privateRts.push(rt);
            for (const zone of ZONE_NAMES.filter((z) => z !== "dmz")) {
                new aws.ec2.RouteTableAssociation(`${name}-${zone}-${az}`, { subnetId: subnets.get(`${zone}/${az}`)!.id, routeTableId: rt.id }, { parent: this });
            }
            for (const p of podPlan.filter((p) => p.az === az)) {
                new aws.ec2.RouteTableAssociation(`${name}-pods-${p.eniConfig}`, { subnetId: podSubnets.get(p.eniConfig)!.id, routeTableId: rt.id }, { parent: this });
            }
        }

        // Issue 20 (R-SEC-ZONES): one network ACL per zone, on its node subnets and its pod subnets,
        // generated from the zone flows.
        const acls = zoneAclRules({ zones: args.zones, podCidr: args.podCidr, vpcCidr: args.cidr, flows: args.flows, deployerCidrs: args.deployer?.cidrs ?? [] });
        for (const zone of ZONE_NAMES) {
            const ids = [...azs.map((az) => subnets.get(`${zone}/${az}`)!.id), ...podPlan.filter((p) => p.zone === zone).map((p) => podSubnets.get(p.eniConfig)!.id)];
            const toAws = (r: AclRule) => ({ ruleNo: r.ruleNo, protocol: r.protocol, action: r.action, cidrBlock: r.cidrBlock, fromPort: r.fromPort, toPort: r.toPort });
            new aws.ec2.NetworkAcl(`${name}-${zone}`, { vpcId: vpc.id, subnetIds: ids, ingress: acls[zone].ingress.map(toAws), egress: acls[zone].egress.map(toAws), tags: nameTag(`${zone}-acl`) }, { parent: this });
        }

        // Flow logs: every accepted and rejected flow, to a KMS-encrypted group kept >= 365 days.
        const flowLogGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            { name: `/aws/vpc/${args.clusterName}/flow-logs`, kmsKeyId: args.logsKeyArn, retentionInDays: cloudWatchRetentionDays(Math.max(365, args.flowLogRetentionDays)) },
            { parent: this, protect },
        );
        const flowRole = new aws.iam.Role(
            `${name}-flow-logs`,
            {
                assumeRolePolicy: JSON.stringify(serviceTrust("vpc-flow-logs.amazonaws.com")),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: flowRole.name,
                policy: flowLogGroup.arn.apply((arn) => JSON.stringify(policyDocument({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] }))),
            },
            { parent: this },
        );
        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: flowLogGroup.arn, iamRoleArn: flowRole.arn, maxAggregationInterval: 60, tags: nameTag("flow-log") },
            { parent: this },
        );

        // VPC endpoints: S3 as a gateway on the private route tables, the rest as interfaces in Management.
        new aws.ec2.VpcEndpoint(`${name}-s3`, { vpcId: vpc.id, serviceName: `com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway", routeTableIds: privateRts.map((rt) => rt.id), tags: nameTag("s3") }, { parent: this });
        const endpointSg = new aws.ec2.SecurityGroup(
            `${name}-endpoints`,
            {
                vpcId: vpc.id,
                description: "HTTPS from the VPC and the pods to the AWS interface endpoints",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidr, args.podCidr], description: "HTTPS from nodes and pods" }],
                egress: [],
                tags: nameTag("endpoints"),
            },
            { parent: this },
        );
        for (const service of INTERFACE_ENDPOINTS) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service.replace(".", "-")}`,
                {
                    vpcId: vpc.id,
                    serviceName: `com.amazonaws.${args.region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: subnetIds.management,
                    securityGroupIds: [endpointSg.id],
                    tags: nameTag(service),
                },
                { parent: this },
            );
        }

        this.vpcId = vpc.id;
        this.subnetIds = subnetIds;
        this.podSubnets = podPlan.map((p) => ({ ...p, id: podSubnets.get(p.eniConfig)!.id }));
        this.flowLogGroupName = flowLogGroup.name;
        this.privateRouteTableIds = privateRts.map((rt) => rt.id);
        this.deployerPath = attachment ? [attachment, ...privateRts] : [];
        this.registerOutputs({
            vpcId: this.vpcId,
            subnetIds: this.subnetIds,
            podSubnetIds: Object.fromEntries(this.podSubnets.map((p) => [p.eniConfig, p.id])),
            flowLogGroupName: this.flowLogGroupName,
            privateRouteTableIds: this.privateRouteTableIds,
        });
    }
}
