/**
 * Pure network planning of the AWS target: subnet carving (exact CIDRs and a property test), the
 * pod address space, the zone ACLs against R-SEC-ZONES, CloudWatch retention rounding.
 * Does not prove: that AWS accepts the plan (AZ capacity, quotas) or how traffic really flows
 * through security groups, NetworkPolicies and the VPC CNI.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockSize, contains, formatCidr, mustParseCidr, overlaps } from "../../config/cidr";
import { DEFAULT_NETWORK, ZONE_NAMES, type ZoneName } from "../../config/defaults";
import {
    aclAllows,
    carvePodSubnets,
    carveZoneSubnets,
    cloudWatchRetentionDays,
    podPrefixesIn,
    zoneAclRules,
    type AclTier,
} from "../../components/network/aws-network";

const AZS = ["eu-north-1a", "eu-north-1b", "eu-north-1c"];

describe("carveZoneSubnets", () => {
    it("splits each R-NET-ZONES /24 into three /26s, one per AZ, DMZ public only", () => {
        const plan = carveZoneSubnets(DEFAULT_NETWORK.zones, AZS);
        const expected: Record<ZoneName, string[]> = {
            dmz: ["10.0.1.0/26", "10.0.1.64/26", "10.0.1.128/26"],
            app: ["10.0.10.0/26", "10.0.10.64/26", "10.0.10.128/26"],
            services: ["10.0.20.0/26", "10.0.20.64/26", "10.0.20.128/26"],
            data: ["10.0.30.0/26", "10.0.30.64/26", "10.0.30.128/26"],
            ai: ["10.0.40.0/26", "10.0.40.64/26", "10.0.40.128/26"],
            management: ["10.0.99.0/26", "10.0.99.64/26", "10.0.99.128/26"],
        };
        expect(plan).toHaveLength(18);
        for (const zone of ZONE_NAMES) {
            const subnets = plan.filter((s) => s.zone === zone);
            expect(subnets.map((s) => s.az)).toEqual(AZS);
            expect(subnets.map((s) => s.cidr)).toEqual(expected[zone]);
            expect(subnets.every((s) => s.public === (zone === "dmz"))).toBe(true);
        }
    });

    it("rejects a zone too small for a /28 per AZ, and duplicate AZs", () => {
        expect(() => carveZoneSubnets({ ...DEFAULT_NETWORK.zones, ai: "10.0.40.0/27" }, AZS)).toThrow(/ai .* too small/);
        expect(() => carveZoneSubnets(DEFAULT_NETWORK.zones, ["eu-north-1a", "eu-north-1a", "eu-north-1b"])).toThrow(/distinct/);
    });

    // Any layout of six disjoint zones: blocks of /16../25, largest first, each aligned after the previous one
    // with a random gap, assigned to the zone names in a random order; 1 to 6 AZs.
    const layout = fc
        .record({
            prefixes: fc.array(fc.integer({ min: 16, max: 25 }), { minLength: 6, maxLength: 6 }),
            gaps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }),
            order: fc.shuffledSubarray([...ZONE_NAMES], { minLength: 6, maxLength: 6 }),
            azCount: fc.integer({ min: 1, max: 6 }),
        })
        .map(({ prefixes, gaps, order, azCount }) => {
            const sorted = [...prefixes].sort((a, b) => a - b);
            let next = mustParseCidr("10.0.0.0/8").base;
            const zones = {} as Record<ZoneName, string>;
            sorted.forEach((prefix, i) => {
                const size = blockSize(prefix);
                const base = Math.ceil(next / size) * size + gaps[i] * size;
                zones[order[i]] = formatCidr({ base, prefix });
                next = base + size;
            });
            return { zones, azs: Array.from({ length: azCount }, (_, i) => `eu-north-1${"abcdef"[i]}`) };
        });

    it("property: any valid zone layout yields non-overlapping subnets inside their zone, one per AZ", () => {
        fc.assert(
            fc.property(layout, ({ zones, azs }) => {
                const plan = carveZoneSubnets(zones, azs);
                expect(plan).toHaveLength(ZONE_NAMES.length * azs.length);
                for (const zone of ZONE_NAMES) {
                    const subnets = plan.filter((s) => s.zone === zone);
                    expect(subnets.map((s) => s.az)).toEqual(azs);
                    for (const s of subnets) {
                        const block = mustParseCidr(s.cidr);
                        expect(contains(mustParseCidr(zones[zone]), block)).toBe(true);
                        expect(block.prefix).toBeLessThanOrEqual(28);
                    }
                }
                const blocks = plan.map((s) => mustParseCidr(s.cidr));
                blocks.forEach((a, i) => blocks.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
            }),
            { numRuns: 300 },
        );
    });
});

describe("pod address space", () => {
    it("gives each AZ a /18 of 100.64.0.0/16 with 1,022 /28 prefixes (16,352 pod addresses)", () => {
        expect(carvePodSubnets("100.64.0.0/16", "10.0.0.0/16", AZS)).toEqual([
            { az: "eu-north-1a", cidr: "100.64.0.0/18" },
            { az: "eu-north-1b", cidr: "100.64.64.0/18" },
            { az: "eu-north-1c", cidr: "100.64.128.0/18" },
        ]);
        expect(podPrefixesIn("100.64.0.0/18")).toBe(1022);
        expect(podPrefixesIn("100.64.0.0/18") * 16).toBe(16352);
        // Without the secondary CIDR a zone's /26 per AZ offers 2 usable /28 prefixes: 32 pods.
        expect(podPrefixesIn("10.0.10.0/26") * 16).toBe(32);
    });

    it("refuses a pod CIDR that overlaps the VPC", () => {
        expect(() => carvePodSubnets("10.0.0.0/17", "10.0.0.0/16", AZS)).toThrow(/overlaps/);
    });
});

describe("zoneAclRules (R-SEC-ZONES)", () => {
    const plans = zoneAclRules(DEFAULT_NETWORK.zones, "100.64.0.0/16", DEFAULT_NETWORK.cidr);
    const ip = {
        internet: "203.0.113.7",
        dmz: "10.0.1.10",
        app: "10.0.10.10",
        services: "10.0.20.10",
        data: "10.0.30.10",
        ai: "10.0.40.10",
        management: "10.0.99.10",
        pods: "100.64.3.4",
    };
    const can = (from: keyof typeof ip, to: AclTier, port: number, protocol: "6" | "17" = "6"): boolean => aclAllows(plans, to, ip[from], port, protocol);

    it("lets the Internet reach only the DMZ, on 80 and 443", () => {
        expect(can("internet", "dmz", 443)).toBe(true);
        expect(can("internet", "dmz", 80)).toBe(true);
        expect(can("internet", "dmz", 22)).toBe(false);
        for (const zone of ["app", "services", "data", "ai", "management", "pods"] as const) {
            expect(can("internet", zone, 443)).toBe(false);
        }
    });

    it("lets the DMZ reach the App zone (and pod targets) but not Services, Data, AI or Management", () => {
        expect(can("dmz", "app", 3000)).toBe(true);
        expect(can("dmz", "pods", 8443)).toBe(true);
        expect(can("dmz", "services", 6379)).toBe(false);
        expect(can("dmz", "data", 5432)).toBe(false);
        expect(can("dmz", "ai", 8000)).toBe(false);
        expect(can("dmz", "management", 443)).toBe(false);
    });

    it("App -> Data, App -> AI, App -> Services, Services -> AI (Odin -> embeddings) are open", () => {
        expect(can("app", "data", 5432)).toBe(true);
        expect(can("app", "ai", 8000)).toBe(true);
        expect(can("app", "services", 6379)).toBe(true);
        expect(can("services", "ai", 8000)).toBe(true);
        expect(can("services", "data", 5432)).toBe(true);
    });

    it("Data and AI do not open connections to each other or back to the App zone", () => {
        expect(can("data", "ai", 8000)).toBe(false);
        expect(can("ai", "data", 5432)).toBe(false);
        expect(can("data", "app", 4666)).toBe(false);
        expect(can("ai", "app", 4666)).toBe(false);
    });

    it("accepts return traffic: from outside the VPC on 1024-65535 (SNAT and NAT pick any such port), from other zones only on 32768-65535", () => {
        // Private subnets have no Internet route: outside sources arrive only as NAT/SNAT returns.
        expect(can("internet", "data", 2000)).toBe(true);
        expect(can("internet", "data", 40000)).toBe(true);
        expect(can("internet", "data", 1023)).toBe(false);
        expect(can("internet", "data", 2000, "17")).toBe(true);
        // A zone without a rule for the tier gets no service port, only returns above 32767.
        expect(can("dmz", "data", 5432)).toBe(false);
        expect(can("dmz", "data", 2000)).toBe(false);
        expect(can("dmz", "data", 32767)).toBe(false);
        expect(can("dmz", "data", 40000)).toBe(true);
        expect(can("dmz", "services", 6379, "17")).toBe(false);
    });

    it("every private tier reaches the NAT gateways in the DMZ and the endpoints in Management", () => {
        for (const from of ["app", "services", "data", "ai", "management", "pods"] as const) {
            expect(can(from, "dmz", 443)).toBe(true);
        }
        for (const from of ["app", "services", "data", "ai", "pods"] as const) {
            expect(can(from, "management", 443)).toBe(true);
        }
    });

    it("stays within the 20 rules per direction of a network ACL, with unique rule numbers", () => {
        for (const plan of Object.values(plans)) {
            expect(plan.ingress.length).toBeLessThanOrEqual(20);
            expect(new Set(plan.ingress.map((r) => r.ruleNo)).size).toBe(plan.ingress.length);
            expect(plan.egress).toHaveLength(1);
        }
    });
});

describe("cloudWatchRetentionDays", () => {
    it("rounds up to a value CloudWatch accepts, never below the request", () => {
        expect(cloudWatchRetentionDays(365)).toBe(365);
        expect(cloudWatchRetentionDays(366)).toBe(400);
        expect(cloudWatchRetentionDays(400)).toBe(400);
        expect(cloudWatchRetentionDays(1000)).toBe(1096);
        expect(() => cloudWatchRetentionDays(4000)).toThrow();
    });
});
