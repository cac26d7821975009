/**
 * Issue 16 on AWS: the private EKS API of the committed prod stack is reachable from the deployer
 * ranges on 443 only (security group rules, Management NACL, Transit Gateway routes), every principal
 * has its access entry, and a prod stack without a deploy path or without humans is refused.
 * Does not prove the Transit Gateway routes back (the customer's TGW route tables) nor that EKS
 * accepts the entries: that needs AWS.
 */
import { describe, expect, it } from "vitest";
import { apiIngressRules, EKS_ACCESS_POLICIES, eksAccessEntries } from "../../components/cluster/aws-access";
import { aclAllows, DEPLOYER_ACL_RULE_FROM, deployerRoutes, zoneAclRules } from "../../components/network/aws-network";
import { DEFAULT_NETWORK } from "../../config/defaults";
import { byName, evaluateOk, ofType, stackConfig } from "../helpers";
import { issues } from "../config/parse-helpers";
import { stackFlowsOf } from "../support/stack-config";
import { awsZoneFlows } from "../../stacks/aws";

const RUNNERS = "10.100.8.0/24";
const VPN = "10.200.0.0/22";
const ACCOUNT = "arn:aws:iam::210987654321:role";

describe("deployer ranges (pure)", () => {
    it("open 443 in the Management NACL, in rules 10 and 11, and nothing else anywhere", () => {
        // Issue 20: the NACLs come from prod's zone flows.
        const { config, flows } = stackFlowsOf("prod", awsZoneFlows);
        const input = { zones: DEFAULT_NETWORK.zones, podCidr: "100.64.0.0/16", vpcCidr: DEFAULT_NETWORK.cidr, flows };
        const plain = zoneAclRules(input);
        const plans = zoneAclRules({ ...input, deployerCidrs: [RUNNERS, VPN] });
        expect(config.network.zones).toEqual(DEFAULT_NETWORK.zones);
        expect(plans.management.ingress.slice(0, 2)).toEqual([
            { ruleNo: DEPLOYER_ACL_RULE_FROM, protocol: "6", cidrBlock: RUNNERS, fromPort: 443, toPort: 443, action: "allow", reason: `deployer ${RUNNERS} -> EKS API 443` },
            { ruleNo: DEPLOYER_ACL_RULE_FROM + 1, protocol: "6", cidrBlock: VPN, fromPort: 443, toPort: 443, action: "allow", reason: `deployer ${VPN} -> EKS API 443` },
        ]);
        // The zone rules keep their numbers; the other zones are unchanged; 20 inbound rules at most.
        expect(plans.management.ingress.slice(2)).toEqual(plain.management.ingress);
        expect(plain.management.ingress).toHaveLength(13);
        for (const zone of ["dmz", "app", "services", "data", "ai"] as const) {
            expect(plans[zone]).toEqual(plain[zone]);
        }
        expect(aclAllows(plans, "management", "10.100.8.17", 443)).toBe(true);
        expect(aclAllows(plain, "management", "10.100.8.17", 443)).toBe(false);
        expect(aclAllows(plans, "management", "10.100.8.17", 22)).toBe(false);
        expect(aclAllows(plans, "data", "10.100.8.17", 443)).toBe(false);
    });

    it("give the API exactly TCP 443 per range, and one route per AZ and range", () => {
        expect(apiIngressRules([RUNNERS])).toEqual([
            { id: "10-100-8-0-24", cidrIpv4: RUNNERS, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: `Kubernetes API from the deployer range ${RUNNERS} (pulumi up, preview, drift; issue 16)` },
        ]);
        expect(deployerRoutes(["a", "b"], [RUNNERS, VPN]).map((r) => `${r.az} ${r.destinationCidrBlock}`)).toEqual([`a ${RUNNERS}`, `a ${VPN}`, `b ${RUNNERS}`, `b ${VPN}`]);
    });

    it("give each principal one access entry: admin for deploy, humans and break-glass; AdminView for preview", () => {
        const entries = eksAccessEntries({ deployRoleArn: `${ACCOUNT}/d`, previewRoleArn: `${ACCOUNT}/p`, breakGlassRoleArn: `${ACCOUNT}/bg`, adminPrincipalArns: [`${ACCOUNT}/Platform_Admins`] });
        expect(entries.map((e) => [e.id, e.purpose, e.principalArn, e.policyArn])).toEqual([
            ["deploy", "deploy", `${ACCOUNT}/d`, EKS_ACCESS_POLICIES.clusterAdmin],
            ["preview", "preview", `${ACCOUNT}/p`, EKS_ACCESS_POLICIES.adminView],
            ["break-glass", "break-glass", `${ACCOUNT}/bg`, EKS_ACCESS_POLICIES.clusterAdmin],
            ["admin-platform-admins", "admin", `${ACCOUNT}/Platform_Admins`, EKS_ACCESS_POLICIES.clusterAdmin],
        ]);
        expect(() => eksAccessEntries({ adminPrincipalArns: [`${ACCOUNT}/a/x`, `${ACCOUNT}/b/x`] })).toThrow("two EKS access entries would be named admin-x");
    });
});

describe("the committed prod stack", () => {
    it("admits the two deployer ranges on 443 to the cluster security group, and nothing more", async () => {
        const { resources } = await evaluateOk("prod");
        const rules = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("devana-cluster-"));
        expect(rules.map((r) => [r.name, r.inputs.cidrIpv4, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort])).toEqual([
            ["devana-cluster-api-from-10-100-8-0-24", RUNNERS, "tcp", 443, 443],
            ["devana-cluster-api-from-10-200-0-0-22", VPN, "tcp", 443, 443],
        ]);
        const nacl = byName(resources, "aws:ec2/networkAcl:NetworkAcl", "devana-network-management");
        const deployerRules = (nacl.inputs.ingress as { ruleNo: number; cidrBlock: string; fromPort: number; toPort: number; protocol: string; action: string }[]).filter((r) => r.ruleNo < 100);
        expect(deployerRules).toEqual([
            { ruleNo: 10, protocol: "6", action: "allow", cidrBlock: RUNNERS, fromPort: 443, toPort: 443 },
            { ruleNo: 11, protocol: "6", action: "allow", cidrBlock: VPN, fromPort: 443, toPort: 443 },
        ]);
    });

    it("attaches the Transit Gateway in Management and routes both ranges from every private route table", async () => {
        const { resources } = await evaluateOk("prod");
        const [attachment] = ofType(resources, "aws:ec2transitgateway/vpcAttachment:VpcAttachment");
        expect(attachment).toMatchObject({ name: "devana-network-tgw", inputs: { transitGatewayId: "tgw-0a1b2c3d4e5f60718", dnsSupport: "enable" } });
        expect(attachment.inputs.subnetIds).toHaveLength(3);
        for (const az of ["eu-north-1a", "eu-north-1b", "eu-north-1c"]) {
            const routes = byName(resources, "aws:ec2/routeTable:RouteTable", `devana-network-private-${az}`).inputs.routes as Record<string, unknown>[];
            expect(routes.filter((r) => r.transitGatewayId)).toEqual([
                { cidrBlock: RUNNERS, transitGatewayId: "tgw-0a1b2c3d4e5f60718" },
                { cidrBlock: VPN, transitGatewayId: "tgw-0a1b2c3d4e5f60718" },
            ]);
        }
    });

    it("has one access entry per principal and no implicit creator entry", async () => {
        const { resources } = await evaluateOk("prod");
        const associations = ofType(resources, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        expect(associations.map((a) => [a.name, a.inputs.principalArn, a.inputs.policyArn, (a.inputs.accessScope as { type: string }).type])).toEqual([
            ["devana-cluster-deploy", `${ACCOUNT}/devana-prod-deploy`, EKS_ACCESS_POLICIES.clusterAdmin, "cluster"],
            ["devana-cluster-preview", `${ACCOUNT}/devana-prod-preview`, EKS_ACCESS_POLICIES.adminView, "cluster"],
            ["devana-cluster-break-glass", `${ACCOUNT}/devana-prod-break-glass`, EKS_ACCESS_POLICIES.clusterAdmin, "cluster"],
            ["devana-cluster-admin-devana-platform-admins", `${ACCOUNT}/devana-platform-admins`, EKS_ACCESS_POLICIES.clusterAdmin, "cluster"],
        ]);
        expect(ofType(resources, "aws:eks/accessEntry:AccessEntry").map((e) => e.inputs.type)).toEqual(["STANDARD", "STANDARD", "STANDARD", "STANDARD"]);
        const cluster = byName(resources, "aws:eks/cluster:Cluster", "devana-cluster-eks");
        expect(cluster.inputs.accessConfig).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
    });
});

describe("refusals (exit 2, key named)", () => {
    const prod = stackConfig("prod");
    const awsBlock = prod["devana:aws"] as Record<string, unknown>;
    // The stack's secrets are not set here: only the aws keys' issues are looked at.
    const keysOf = (aws: Record<string, unknown>): string[] =>
        issues({ ...prod, "devana:aws": aws })
            .map((i) => i.key)
            .filter((k) => k.startsWith("devana:aws."));

    it("refuses a private prod cluster without a deploy path", () => {
        const { deployer: _deployer, ...rest } = awsBlock;
        expect(keysOf(rest)).toEqual(["devana:aws.deployer.cidrs"]);
        expect(keysOf({ ...awsBlock, deployer: { cidrs: [RUNNERS] } })).toEqual(["devana:aws.deployer.transitGatewayId"]);
    });

    it("refuses prod without human admins, break-glass or the deploy role", () => {
        expect(keysOf({ ...awsBlock, adminPrincipalArns: [] })).toEqual(["devana:aws.adminPrincipalArns"]);
        expect(keysOf({ ...awsBlock, access: { deployRoleArn: `${ACCOUNT}/devana-prod-deploy` } })).toEqual(["devana:aws.access.breakGlassRoleArn"]);
        expect(keysOf({ ...awsBlock, access: { breakGlassRoleArn: `${ACCOUNT}/bg` } })).toEqual(["devana:aws.access.deployRoleArn"]);
    });

    it("refuses deployer ranges inside the stack's own network, and the whole Internet", () => {
        expect(keysOf({ ...awsBlock, deployer: { cidrs: ["10.0.99.0/24"], transitGatewayId: "tgw-0a1b2c3d4e5f60718" } })).toEqual(["devana:aws.deployer.cidrs[0]"]);
        expect(keysOf({ ...awsBlock, deployer: { cidrs: ["0.0.0.0/0"], transitGatewayId: "tgw-0a1b2c3d4e5f60718" } })).toEqual(["devana:aws.deployer.cidrs[0]"]);
    });
});
