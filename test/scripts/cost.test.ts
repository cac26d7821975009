/**
 * The cost estimate of a small hand-written plan, every line and total computed by hand (730 h a
 * month), and the PR diff for a changed pool size. Does not prove the prices are current: the
 * price book has dates, and `npm run cost` lists the stale prices.
 */
import { describe, expect, it } from "vitest";
import { diffCosts, estimateCost } from "../../scripts/lib/cost";
import { coresOf, gibOf } from "../../scripts/lib/quantity";
import { FIXTURE_CONTEXT, FIXTURE_PRICES, fixturePlan } from "./cost-fixture";

const estimate = estimateCost(fixturePlan(), FIXTURE_CONTEXT, FIXTURE_PRICES);
const line = (name: RegExp) => {
    const found = estimate.lines.filter((l) => name.test(l.name));
    expect(found).toHaveLength(1);
    return found[0];
};

describe("itemised estimate of the fixture stack", () => {
    it("prices node pools at min and max, GPUs visible", () => {
        // 2 x 730 x 0.4284 = 625.464; 4 x 730 x 0.4284 = 1,250.928
        expect(line(/^compute 2\.\.4 x m7i\.2xlarge$/)).toMatchObject({ unitsMin: 1460, unitsMax: 2920, monthlyMin: 625.46, monthlyMax: 1250.93, status: "priced" });
        // 730 x 1.03688 = 756.9224, 1 L4
        expect(line(/^gpuEmbed 1\.\.1 x g6\.2xlarge$/)).toMatchObject({ monthlyMin: 756.92, monthlyMax: 756.92, gpusMin: 1, gpusMax: 1, stale: true });
        expect(estimate.gpu).toEqual({ min: 756.92, max: 756.92, gpusMin: 1, gpusMax: 1 });
    });

    it("prices node disks and volumes by class, size, IOPS and throughput", () => {
        expect(line(/^compute OS disks/)).toMatchObject({ unitsMin: 200, unitsMax: 400, monthlyMin: 20, monthlyMax: 40 });
        expect(line(/^gpuEmbed OS disks/)).toMatchObject({ unitsMin: 200, monthlyMin: 20 });
        expect(line(/^fast-ssd \(gp3\) 1 volumes, 100 GiB$/)).toMatchObject({ monthlyMin: 10 });
        // (6,000 - 3,000) IOPS x 0.005; (250 - 125) MB/s x 0.04
        expect(line(/^fast-ssd IOPS above/)).toMatchObject({ unitsMin: 3000, monthlyMin: 15 });
        expect(line(/^fast-ssd throughput above/)).toMatchObject({ unitsMin: 125, monthlyMin: 5 });
        // The claim template has no class: the default StorageClass, 3 x 10 GiB.
        expect(line(/^standard \(gp3\) 3 volumes, 30 GiB$/)).toMatchObject({ monthlyMin: 3 });
    });

    it("prices the cluster fee, public IPs, ALB, WAF and the bucket at the stated assumption; NAT is missing", () => {
        expect(line(/^EKS control plane 1\.36$/)).toMatchObject({ priceKey: "aws:eu-north-1:eks:standard", monthlyMin: 73 });
        // 1 Elastic IP + 2 internet-facing ALB nodes: 3 x 730 x 0.005 = 10.95
        expect(line(/^public IPv4 addresses x3$/)).toMatchObject({ monthlyMin: 10.95 });
        expect(line(/^application load balancers x1$/)).toMatchObject({ monthlyMin: 18.4 });
        expect(line(/^WAF web ACL/)).toMatchObject({ monthlyMin: 5 });
        expect(line(/^WAF rules x3$/)).toMatchObject({ monthlyMin: 3 });
        expect(line(/^S3 buckets-files/)).toMatchObject({ unitsMin: 500, monthlyMin: 11.5 });
        expect(line(/^NAT gateways x1$/)).toMatchObject({ status: "missing", reason: "not sourced in the fixture" });
        expect(estimate.missing).toEqual([{ key: "aws:eu-north-1:nat:hour", reason: "not sourced in the fixture" }]);
        expect(estimate.stale).toEqual(["aws:eu-north-1:ec2:g6.2xlarge"]);
    });

    it("totals the priced lines and costs the idle GPU", () => {
        expect(estimate.lines).toHaveLength(15);
        expect(estimate.total).toEqual({ min: 1577.23, max: 2222.7 });
        expect(estimate.idleGpus).toEqual([{ pool: "gpuEmbed", idleGpus: 1, priceKey: "aws:eu-north-1:ec2:g6.2xlarge", monthly: 756.92 }]);
        expect(estimate.unclassified).toEqual([]);
    });

    it("charges the extended-support fee past the end of standard support", () => {
        const doc = fixturePlan();
        const old = { ...doc, resources: doc.resources.map((r) => (r.type === "aws:eks/cluster:Cluster" ? { ...r, inputs: { version: "1.30" } } : r)) };
        const e = estimateCost(old, FIXTURE_CONTEXT, FIXTURE_PRICES);
        expect(e.lines.find((l) => l.category === "cluster")).toMatchObject({ priceKey: "aws:eu-north-1:eks:extended", monthlyMin: 438 });
    });

    it("lists a resource type it cannot classify", () => {
        const doc = fixturePlan();
        const e = estimateCost({ ...doc, resources: [...doc.resources, { ...doc.resources[1], type: "aws:rds/instance:Instance", name: "db" }] }, FIXTURE_CONTEXT, FIXTURE_PRICES);
        expect(e.unclassified).toEqual(["aws:rds/instance:Instance"]);
    });

    it("reads Kubernetes storage, memory and CPU quantities", () => {
        expect([gibOf("500Gi"), gibOf("1Ti"), gibOf("512Mi"), gibOf(String(2 ** 30)), gibOf("1G")]).toEqual([500, 1024, 0.5, 1, 1e9 / 2 ** 30]);
        expect(() => gibOf("lots")).toThrow(/not a storage quantity/);
        expect(() => gibOf("1Xi")).toThrow(/not a storage quantity/);
        expect([coresOf("2"), coresOf("500m"), coresOf(0.25)]).toEqual([2, 0.5, 0.25]);
        expect(() => coresOf("2 cores")).toThrow(/not a CPU quantity/);
    });
});

describe("the PR diff", () => {
    it("shows the cost change of a larger compute pool, per stack and per line", () => {
        const head = estimateCost(fixturePlan(6), FIXTURE_CONTEXT, FIXTURE_PRICES);
        const text = diffCosts([estimate], [head]);
        // 6 x 730 x 0.4284 = 1,876.392 -> 1,876.39; +625.46 at max; +200 GiB of OS disk = +20.00
        expect(text).toContain("| fixture | $1,577.23..$2,222.70 | $1,577.23..$2,868.16 | +$0.00 | +$645.46 |");
        expect(text).toContain("- fixture: compute 2..4 x m7i.2xlarge -> compute 2..6 x m7i.2xlarge: +$0.00 at min, +$625.46 at max");
        expect(text).toContain("- fixture: compute OS disks 100 GiB x 2..4 -> compute OS disks 100 GiB x 2..6: +$0.00 at min, +$20.00 at max");
        expect(diffCosts([estimate], [estimate])).toContain("No line changed.");
    });
});
