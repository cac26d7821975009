/**
 * Issue 20 (R-NET-ZONES, R-NET-FW, R-SEC-ZONES): the AWS network ACLs of the committed staging and
 * prod stacks, generated from their zone flows, admit exactly those flows between the zones'
 * address ranges (node and pod ranges), keep the forbidden ones closed, and fit AWS's default
 * quota of 20 inbound rules.
 * Does not prove: how the security groups, NetworkPolicies or the VPC CNI act on the same packets,
 * nor what AWS does with ICMP (not modelled by `aclAllows`).
 */
import { describe, expect, it } from "vitest";
import { NODE_ZONES, ZONE_NAMES, type NodeZone, type ZoneName } from "../../../config/defaults";
import { zoneFlowAllows } from "../../../components/devana/zone-flows";
import { ACL_RULES_QUOTA, aclAllows, EPHEMERAL, mergeSiblings, podZoneBlocks, zoneAclRules, zoneRanges } from "../../../components/network/aws-network";
import { addressIn, stackFlowsOf } from "../../support/stack-config";
import { awsZoneFlows } from "../../../stacks/aws";

/** R-NET-PORTS, DNS, logs, node exporter, kubelet, SSH, RDP, the lowest non-privileged port, a NodePort, the ALB's /ping and OTLP. */
const PORTS = [80, 443, 4666, 5001, 3000, 3003, 5432, 8000, 7700, 6379, 9000, 53, 3100, 9100, 10250, 22, 3389, 1024, 31000, 8080, 4317, 8443];
/** An address inside a block (the 10th), so every source is a real member of its range. */

for (const stack of ["staging", "prod"] as const) {
    describe(`${stack}: the NACLs admit exactly the zone flows`, () => {
        const { config, flows } = stackFlowsOf(stack, awsZoneFlows);
        const aws = config.aws!;
        const deployerCidrs = aws.deployer.transitGatewayId ? aws.deployer.cidrs : [];
        const plans = zoneAclRules({ zones: config.network.zones, podCidr: aws.podCidr, vpcCidr: config.network.cidr, flows, deployerCidrs });
        const ranges = zoneRanges(config.network.zones, aws.podCidr, config.network.cidr);
        // Node addresses open new connections only to Management on the Kubernetes API / endpoints port.
        const fromNodes = (from: NodeZone, to: NodeZone, protocol: "TCP" | "UDP", port: number): boolean =>
            from === "management" || from === to || (to === "management" && protocol === "TCP" && port === 443 && zoneFlowAllows(flows, from, to, protocol, port));
        // Stateless returns: TCP from anywhere in the VPC lands on 32768-65535.
        const returnPath = (protocol: "TCP" | "UDP", port: number): boolean => protocol === "TCP" && port >= EPHEMERAL.from;

        it("for every ordered pair of node zones, pod sources get exactly the flows and node sources the node flows", () => {
            for (const to of NODE_ZONES) {
                for (const from of NODE_ZONES) {
                    for (const port of [...PORTS, 40000]) {
                        for (const protocol of ["TCP", "UDP"] as const) {
                            const proto = protocol === "TCP" ? "6" : "17";
                            const want = zoneFlowAllows(flows, from, to, protocol, port) || returnPath(protocol, port);
                            expect(aclAllows(plans, to, addressIn(ranges[from].pods!), port, proto), `${from} pods -> ${to} ${protocol}/${port}`).toBe(want);
                            expect(aclAllows(plans, to, addressIn(ranges[from].nodes), port, proto), `${from} nodes -> ${to} ${protocol}/${port}`).toBe(fromNodes(from, to, protocol, port) || returnPath(protocol, port));
                        }
                    }
                }
            }
        });

        it("the DMZ's load balancers reach only the App zone, on the gateway's ports and the ALB's /ping", () => {
            const dmz = addressIn(config.network.zones.dmz);
            for (const to of NODE_ZONES) {
                for (const port of PORTS) {
                    expect(aclAllows(plans, to, dmz, port), `dmz -> ${to} ${port}`).toBe(zoneFlowAllows(flows, "dmz", to, "TCP", port));
                    expect(aclAllows(plans, to, dmz, port, "17")).toBe(false);
                }
            }
            expect(flows.find((f) => f.from === "dmz" && f.to === "app")!.ports).toEqual([
                { protocol: "TCP", port: 80 },
                { protocol: "TCP", port: 443 },
                { protocol: "TCP", port: 8080 },
            ]);
        });

        it("explicitly forbidden: DMZ -> Data, AI, Services, Management; Data -> App; AI -> Data", () => {
            const dmz = addressIn(config.network.zones.dmz);
            for (const [to, port] of [
                ["data", 5432],
                ["ai", 8000],
                ["services", 6379],
                ["management", 443],
                ["management", 53],
            ] as const) {
                expect(aclAllows(plans, to, dmz, port)).toBe(false);
            }
            for (const source of [ranges.data.nodes, ranges.data.pods!]) {
                expect(aclAllows(plans, "app", addressIn(source), 4666)).toBe(false);
                expect(aclAllows(plans, "app", addressIn(source), 3000)).toBe(false);
            }
            for (const source of [ranges.ai.nodes, ranges.ai.pods!]) {
                expect(aclAllows(plans, "data", addressIn(source), 5432)).toBe(false);
                expect(aclAllows(plans, "data", addressIn(source), 8000)).toBe(false);
            }
        });

        it("the Internet reaches the DMZ on 80 and 443 only; elsewhere only returns above 1023 (private subnets have no Internet route)", () => {
            const internet = "203.0.113.7";
            for (const port of PORTS) {
                expect(aclAllows(plans, "dmz", internet, port)).toBe(port === 80 || port === 443 || port >= 1024);
                for (const to of NODE_ZONES) {
                    expect(aclAllows(plans, to, internet, port), `internet -> ${to} ${port}`).toBe(port >= 1024);
                }
            }
        });

        it("the DMZ admits every node zone's nodes on every port (NAT gateways), and pods only like the Internet", () => {
            for (const from of NODE_ZONES) {
                for (const port of PORTS) {
                    expect(aclAllows(plans, "dmz", addressIn(ranges[from].nodes), port)).toBe(true);
                    expect(aclAllows(plans, "dmz", addressIn(ranges[from].nodes), port, "17")).toBe(true);
                    // Pods leave the VPC SNAT'ed to their node: they meet the DMZ only as the ALB's targets (returns).
                    expect(aclAllows(plans, "dmz", addressIn(ranges[from].pods!), port)).toBe(port === 80 || port === 443 || port >= 1024);
                    expect(aclAllows(plans, "dmz", addressIn(ranges[from].pods!), port, "17")).toBe(false);
                }
            }
        });

        it(`stays within ${ACL_RULES_QUOTA} inbound rules per NACL, with unique rule numbers`, () => {
            const counts = Object.fromEntries(ZONE_NAMES.map((z) => [z, plans[z].ingress.length]));
            expect(counts).toEqual(stack === "prod" ? { dmz: 9, app: 11, services: 10, data: 9, ai: 8, management: 15 } : { dmz: 9, app: 11, services: 10, data: 9, ai: 8, management: 13 });
            for (const zone of ZONE_NAMES) {
                expect(plans[zone].ingress.length).toBeLessThanOrEqual(ACL_RULES_QUOTA);
                expect(new Set(plans[zone].ingress.map((r) => r.ruleNo)).size).toBe(plans[zone].ingress.length);
                expect(plans[zone].egress).toHaveLength(1);
            }
        });
    });
}

describe("pure helpers", () => {
    it("podZoneBlocks: one /19 per node zone of 100.64.0.0/16, App to AI forming the first /17", () => {
        expect(podZoneBlocks("100.64.0.0/16", "10.0.0.0/16")).toEqual({
            app: "100.64.0.0/19",
            services: "100.64.32.0/19",
            data: "100.64.64.0/19",
            ai: "100.64.96.0/19",
            management: "100.64.128.0/19",
        });
        expect(() => podZoneBlocks("10.0.0.0/17", "10.0.0.0/16")).toThrow(/overlaps/);
    });

    it("mergeSiblings joins exact halves only", () => {
        expect(mergeSiblings(["100.64.0.0/19", "100.64.32.0/19", "100.64.64.0/19", "100.64.96.0/19"])).toEqual(["100.64.0.0/17"]);
        expect(mergeSiblings(["100.64.32.0/19", "100.64.64.0/19"])).toEqual(["100.64.32.0/19", "100.64.64.0/19"]);
        expect(mergeSiblings(["10.0.10.0/24", "10.0.20.0/24", "10.0.10.0/24"])).toEqual(["10.0.10.0/24", "10.0.20.0/24"]);
    });
});

export type { ZoneName };
