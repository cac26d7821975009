/**
 * Issue 16 on AWS: the private EKS API of the committed prod stack is reachable from the deployer
 * ranges on 443 only (security group rules, Management NACL, Transit Gateway routes), every principal
 * has its access entry, and a prod stack without a deploy path or without humans is refused.
 * Does not prove the Transit Gateway routes back (the customer's TGW route tables) nor that EKS
 * accepts the entries: that needs AWS.
 */
import { describe, expect, it } from "vitest";
import { EKS_ACCESS_POLICIES } from "../../../components/cluster/aws-access";
import { byName, evaluateOk, ofType, stackConfig } from "../../support/helpers";
import { issues } from "../../support/parse-helpers";

const RUNNERS = "10.100.8.0/24";

const VPN = "10.200.0.0/22";

const ACCOUNT = "arn:aws:iam::210987654321:role";

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
