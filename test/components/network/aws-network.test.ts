/**
 * Pure network planning of the AWS target: subnet carving (exact CIDRs and a property test), the
 * pod address space per zone and AZ (issue 20), CloudWatch retention rounding. The zone ACLs are
 * generated from the zone flows.
 * Does not prove: that AWS accepts the plan (AZ capacity, quotas) or how traffic really flows
 * through security groups, NetworkPolicies and the VPC CNI.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockSize, contains, formatCidr, mustParseCidr, overlaps } from "../../../config/cidr";
import { DEFAULT_NETWORK, ZONE_NAMES, type ZoneName } from "../../../config/defaults";
import { carvePodSubnets, carveZoneSubnets, cloudWatchRetentionDays, podPrefixesIn } from "../../../components/network/aws-network";
import { ZONE_SUBNETS } from "../../support/aws-subnets";

const AZS = ["eu-north-1a", "eu-north-1b", "eu-north-1c"];

describe("carveZoneSubnets", () => {
    it("splits each R-NET-ZONES /24 into three /26s, one per AZ, DMZ public only", () => {
        const plan = carveZoneSubnets(DEFAULT_NETWORK.zones, AZS);
        const expected: Record<ZoneName, string[]> = ZONE_SUBNETS;
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

describe("pod address space (issue 20: per zone, then per AZ)", () => {
    it("gives each (node zone, AZ) a /21 of 100.64.0.0/16 with 126 /28 prefixes (2,016 pod addresses), named <zone>-<az>", () => {
        const plan = carvePodSubnets("100.64.0.0/16", "10.0.0.0/16", AZS);
        expect(plan).toHaveLength(15);
        const third = (zoneBase: number): string[] => [0, 8, 16].map((o) => `100.64.${zoneBase + o}.0/21`);
        const expected: Record<string, string[]> = { app: third(0), services: third(32), data: third(64), ai: third(96), management: third(128) };
        for (const [zone, cidrs] of Object.entries(expected)) {
            expect(plan.filter((p) => p.zone === zone)).toEqual(AZS.map((az, i) => ({ zone, az, cidr: cidrs[i], eniConfig: `${zone}-${az}` })));
        }
        expect(podPrefixesIn("100.64.0.0/21")).toBe(126);
        expect(podPrefixesIn("100.64.0.0/21") * 16).toBe(2016);
        // Without the secondary CIDR a zone's /26 per AZ offers 2 usable /28 prefixes: 32 pods.
        expect(podPrefixesIn("10.0.10.0/26") * 16).toBe(32);
    });

    it("refuses a pod CIDR that overlaps the VPC", () => {
        expect(() => carvePodSubnets("10.0.0.0/17", "10.0.0.0/16", AZS)).toThrow(/overlaps/);
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
