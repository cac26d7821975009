/**
 * AwsNetwork: the VPC of R-NET-ZONES on AWS. Each zone is split evenly across the three
 * availability zones (pure `carveZoneSubnets`), DMZ public and everything else private, NAT per AZ
 * or single, network ACLs per zone following R-SEC-ZONES (pure `zoneAclRules`), flow logs to a
 * KMS-encrypted log group, VPC endpoints, and a secondary CIDR for pod addresses (VPC CNI custom
 * networking with prefix delegation; see docs/aws.md for the numbers).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { blockSize, contains, formatCidr, mustParseCidr, overlaps, splitEvenly } from "../../config/cidr";
import { ZONE_NAMES, type ZoneName } from "../../config/defaults";

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
    readonly az: string;
    readonly cidr: string;
}

/** Splits the pod CIDR (VPC secondary block) into one pod subnet per AZ. */
export function carvePodSubnets(podCidr: string, vpcCidr: string, azs: readonly string[]): PodSubnetPlan[] {
    const block = mustParseCidr(podCidr);
    if (overlaps(block, mustParseCidr(vpcCidr))) {
        throw new Error(`devana:aws.podCidr ${podCidr} overlaps devana:network.cidr ${vpcCidr}`);
    }
    return splitEvenly(block, azs.length).map((b, i) => ({ az: azs[i], cidr: formatCidr(b) }));
}

/** The /28 prefixes a pod subnet offers to VPC CNI prefix delegation (AWS reserves the first four and the last address). */
export function podPrefixesIn(cidr: string): number {
    const block = mustParseCidr(cidr);
    return Math.max(0, blockSize(block.prefix) / 16 - 2);
}

export type AclTier = ZoneName | "pods";

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

/**
 * Which tiers may open connections to which (R-SEC-ZONES: Internet -> DMZ -> App -> Data, App -> AI;
 * R-NET-FW: the API reaches Odin, Redis, Meilisearch in Services; Odin reaches the embeddings in AI).
 * Management (EKS control-plane ENIs, VPC endpoints) talks with every private tier; pods are policed
 * per workload by NetworkPolicies (enforced by the VPC CNI), so node tiers accept them.
 */
export const ACL_INBOUND_FROM: Readonly<Record<AclTier, readonly AclTier[]>> = {
    // NAT gateways live in the DMZ: every private tier sends its Internet egress through it.
    dmz: ["app", "services", "data", "ai", "management", "pods"],
    // The compute pool spans app and services: the two zones are one node fleet.
    app: ["services", "management", "pods"],
    services: ["app", "management", "pods"],
    data: ["app", "services", "management", "pods"],
    ai: ["app", "services", "management", "pods"],
    management: ["app", "services", "data", "ai", "pods"],
    pods: ["app", "services", "data", "ai", "management", "pods"],
};

/**
 * Stateless network ACLs per tier, evaluated in rule order (first match wins). Inbound is where the
 * zones are enforced: each tier accepts new connections only from the tiers of ACL_INBOUND_FROM
 * (the DMZ also from the Internet on 80/443, the App zone from the DMZ on TCP, the pod subnets from
 * the DMZ's load balancers). Then any other VPC source is denied below the ephemeral range, and
 * return traffic is accepted on 1024-65535: from inside the VPC that leaves only 32768-65535 (no
 * service port), from outside it covers the SNAT'ed and NAT'ed returns. Outbound is open: the
 * stateless return path needs it, and the receiving tier decides.
 */
export function zoneAclRules(zones: Readonly<Record<ZoneName, string>>, podCidr: string, vpcCidr: string, deployerCidrs: readonly string[] = []): Record<AclTier, AclPlan> {
    const cidrOf = (tier: AclTier): string => (tier === "pods" ? podCidr : zones[tier]);
    const plans = {} as Record<AclTier, AclPlan>;
    for (const tier of [...ZONE_NAMES, "pods"] as AclTier[]) {
        const ingress: Omit<AclRule, "ruleNo">[] = [];
        const allow = (rule: Omit<AclRule, "ruleNo" | "action">): void => void ingress.push({ ...rule, action: "allow" });
        if (tier === "dmz") {
            allow({ protocol: "6", cidrBlock: "0.0.0.0/0", fromPort: 443, toPort: 443, reason: "HTTPS from the Internet (R-NET-PORTS)" });
            allow({ protocol: "6", cidrBlock: "0.0.0.0/0", fromPort: 80, toPort: 80, reason: "HTTP from the Internet, redirected to HTTPS (R-NET-PORTS)" });
        }
        if (tier === "app" || tier === "pods") {
            allow({ protocol: "6", cidrBlock: zones.dmz, fromPort: 0, toPort: 65535, reason: "load balancers in the DMZ to their targets (DMZ -> App)" });
        }
        for (const from of ACL_INBOUND_FROM[tier]) {
            allow({ protocol: "-1", cidrBlock: cidrOf(from), fromPort: 0, toPort: 0, reason: `${from} -> ${tier}` });
        }
        if (tier !== "dmz") {
            for (const protocol of ["6", "17"] as const) {
                ingress.push({ protocol, cidrBlock: vpcCidr, fromPort: 0, toPort: EPHEMERAL.from - 1, action: "deny", reason: "no other zone opens connections here" });
            }
        }
        allow({ protocol: "6", cidrBlock: "0.0.0.0/0", fromPort: NAT_EPHEMERAL.from, toPort: NAT_EPHEMERAL.to, reason: "TCP return traffic (SNAT, NAT gateways, load balancers)" });
        allow({ protocol: "17", cidrBlock: "0.0.0.0/0", fromPort: NAT_EPHEMERAL.from, toPort: NAT_EPHEMERAL.to, reason: "UDP return traffic" });
        // Issue 16: the deployer ranges reach the EKS API's ENIs (Management) on 443 only, in rules
        // 10-20, ahead of the zone rules, which keep their numbers when ranges are added.
        const deployer: AclRule[] =
            tier === "management"
                ? deployerCidrs.map((c, i) => ({ ruleNo: DEPLOYER_ACL_RULE_FROM + i, protocol: "6", cidrBlock: c, fromPort: 443, toPort: 443, action: "allow", reason: `deployer ${c} -> EKS API 443` }))
                : [];
        plans[tier] = {
            ingress: [...deployer, ...ingress.map((r, i) => ({ ...r, ruleNo: 100 + i * 10 }))],
            egress: [{ ruleNo: 100, protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0, action: "allow", reason: "outbound open; the receiving tier's inbound rules decide" }],
        };
    }
    return plans;
}

/** First rule number of the deployer ranges in the Management NACL (issue 16); at most 11 (10-20). */
export const DEPLOYER_ACL_RULE_FROM = 10;

/** Whether `to` accepts a packet from `sourceIp` on `port`, as AWS decides: the first matching rule wins. */
export function aclAllows(plans: Readonly<Record<AclTier, AclPlan>>, to: AclTier, sourceIp: string, port: number, protocol: "6" | "17" = "6"): boolean {
    const source = mustParseCidr(`${sourceIp}/32`);
    const first = [...plans[to].ingress]
        .sort((a, b) => a.ruleNo - b.ruleNo)
        .find((r) => (r.protocol === "-1" || r.protocol === protocol) && contains(mustParseCidr(r.cidrBlock), source) && (r.protocol === "-1" || (port >= r.fromPort && port <= r.toPort)));
    return first?.action === "allow";
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
    /** Pod subnet id per AZ name. */
    public readonly podSubnetIds: Readonly<Record<string, pulumi.Output<string>>>;
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
            if (s.zone === "dmz") {
                tags["kubernetes.io/role/elb"] = "1";
            }
            if (s.zone === "app") {
                tags["kubernetes.io/role/internal-elb"] = "1";
            }
            const subnet = new aws.ec2.Subnet(
                `${name}-${s.zone}-${s.az}`,
                { vpcId: vpc.id, cidrBlock: s.cidr, availabilityZone: s.az, mapPublicIpOnLaunch: false, tags },
                { parent: this },
            );
            subnets.set(`${s.zone}/${s.az}`, subnet);
            subnetIds[s.zone].push(subnet.id);
        }
        const podSubnets = new Map<string, aws.ec2.Subnet>();
        for (const p of podPlan) {
            podSubnets.set(
                p.az,
                new aws.ec2.Subnet(
                    `${name}-pods-${p.az}`,
                    { vpcId: vpc.id, cidrBlock: p.cidr, availabilityZone: p.az, mapPublicIpOnLaunch: false, tags: { ...nameTag(`pods-${p.az}`), "devana.ai/zone": "pods" } },
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
            ? new aws.ec2transitgateway.VpcAttachment(
                  `${name}-tgw`,
                  { transitGatewayId: deployer.transitGatewayId, vpcId: vpc.id, subnetIds: subnetIds.management, dnsSupport: "enable", tags: nameTag("tgw") },
                  { parent: this },
              )
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
            new aws.ec2.RouteTableAssociation(`${name}-pods-${az}`, { subnetId: podSubnets.get(az)!.id, routeTableId: rt.id }, { parent: this });
        }

        // Network ACLs per zone (R-SEC-ZONES), and one for the pod subnets.
        const acls = zoneAclRules(args.zones, args.podCidr, args.cidr, args.deployer?.cidrs ?? []);
        for (const tier of Object.keys(acls) as AclTier[]) {
            const ids = tier === "pods" ? azs.map((az) => podSubnets.get(az)!.id) : azs.map((az) => subnets.get(`${tier}/${az}`)!.id);
            const toAws = (r: AclRule) => ({ ruleNo: r.ruleNo, protocol: r.protocol, action: r.action, cidrBlock: r.cidrBlock, fromPort: r.fromPort, toPort: r.toPort });
            new aws.ec2.NetworkAcl(
                `${name}-${tier}`,
                { vpcId: vpc.id, subnetIds: ids, ingress: acls[tier].ingress.map(toAws), egress: acls[tier].egress.map(toAws), tags: nameTag(`${tier}-acl`) },
                { parent: this },
            );
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
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: flowRole.name,
                policy: flowLogGroup.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] },
                        ],
                    }),
                ),
            },
            { parent: this },
        );
        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: flowLogGroup.arn, iamRoleArn: flowRole.arn, maxAggregationInterval: 60, tags: nameTag("flow-log") },
            { parent: this },
        );

        // VPC endpoints: S3 as a gateway on the private route tables, the rest as interfaces in Management.
        new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            { vpcId: vpc.id, serviceName: `com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway", routeTableIds: privateRts.map((rt) => rt.id), tags: nameTag("s3") },
            { parent: this },
        );
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
        this.podSubnetIds = Object.fromEntries(azs.map((az) => [az, podSubnets.get(az)!.id]));
        this.flowLogGroupName = flowLogGroup.name;
        this.privateRouteTableIds = privateRts.map((rt) => rt.id);
        this.deployerPath = attachment ? [attachment, ...privateRts] : [];
        this.registerOutputs({
            vpcId: this.vpcId,
            subnetIds: this.subnetIds,
            podSubnetIds: this.podSubnetIds,
            flowLogGroupName: this.flowLogGroupName,
            privateRouteTableIds: this.privateRouteTableIds,
        });
    }
}
