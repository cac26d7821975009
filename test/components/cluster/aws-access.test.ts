/**
 * Issue 16 on AWS, pure: the deployer ranges reach the private EKS API on 443 only (security group
 * rules, Management NACL, Transit Gateway routes) and every principal gets its access entry.
 * Does not prove the Transit Gateway routes back nor that EKS accepts the entries: that needs AWS.
 */
import { describe, expect, it } from "vitest";
import { apiIngressRules, EKS_ACCESS_POLICIES, eksAccessEntries } from "../../../components/cluster/aws-access";
import { aclAllows, DEPLOYER_ACL_RULE_FROM, deployerRoutes, zoneAclRules } from "../../../components/network/aws-network";
import { DEFAULT_NETWORK } from "../../../config/defaults";
import { stackFlowsOf } from "../../support/stack-config";
import { awsZoneFlows } from "../../../stacks/aws";

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
