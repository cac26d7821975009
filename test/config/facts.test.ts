/**
 * Issue 15: the cloud facts and the checks built on them: a type the region does not offer, an AZ
 * ID that does not offer the type, a version past its end of support, extended support; and the
 * whole path through parseConfig (exit-2 issues with their key). Pure.
 * Not proven: that the facts are still current (the live check at preview covers that on AWS).
 */
import { describe, expect, it } from "vitest";
import awsOfferings from "../../config/facts/aws-accelerated-offerings.json";
import awsTypes from "../../config/facts/aws-instance-types.json";
import kubernetesVersions from "../../config/facts/kubernetes-versions.json";
import { awsInstanceShape, awsOffering, azureSizeOffered, azureVmShape, kubernetesSupport } from "../../config/facts";
import { checkKubernetesVersion, checkOfferings, type Feasibility } from "../../config/feasibility";
import { IMAGES } from "../../config/versions";
import { offeringGaps } from "../../components/cluster/aws-offerings";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { parse } from "../support/parse-helpers";

const fresh = (): Feasibility => ({ issues: [], warnings: [] });

describe("fact files", () => {
    it("carry their source and date", () => {
        expect(awsTypes.source).toContain("getmoto/moto");
        expect(awsTypes.date).toBe("2026-08-22");
        expect(awsOfferings.source).toContain("getmoto/moto");
        expect(awsOfferings.date).toBe("2026-08-22");
        expect(kubernetesVersions.sources.length).toBeGreaterThanOrEqual(5);
    });

    it("know the shapes the committed stacks use", () => {
        expect(awsInstanceShape("p5.48xlarge")).toEqual({ vcpu: 192, memoryGiB: 2048, gpus: 8 });
        expect(awsInstanceShape("g6.2xlarge")).toEqual({ vcpu: 8, memoryGiB: 32, gpus: 1 });
        expect(azureVmShape("Standard_NC80adis_H100_v5")).toEqual({ vcpu: 80, memoryGiB: 640, gpus: 2 });
        expect(azureVmShape("Standard_L32s_v3")).toEqual({ vcpu: 32, memoryGiB: 256, gpus: 0 });
        expect(azureVmShape("Standard_ND96isr_H200_v5")).toBeUndefined(); // specs unknown in the sources
    });
});

describe("offerings", () => {
    it("refuses a type the region does not offer (p5 in Paris), naming EU regions that do", () => {
        expect(awsOffering("eu-west-3", "p5.48xlarge")).toEqual({ inRegion: false, missingZoneIds: [] });
        const out = fresh();
        checkOfferings("aws", "eu-west-3", [{ name: "gpuLlm", enabled: true, machineType: "p5.48xlarge", availabilityZones: ["eu-west-3a"] }], undefined, out);
        expect(out.issues).toEqual([
            {
                key: "devana:nodePools.gpuLlm.machineType",
                message: "p5.48xlarge is not offered in eu-west-3 (EC2 offerings of 2026-08-22, config/facts/aws-accelerated-offerings.json); EU regions that offer it: eu-north-1, eu-west-2",
            },
        ]);
    });

    it("refuses a GPU pool in an AZ ID that does not offer its type (g6 in eun1-az3)", () => {
        const zoneIdOf = { "eu-north-1a": "eun1-az1", "eu-north-1b": "eun1-az2", "eu-north-1c": "eun1-az3" };
        const out = fresh();
        checkOfferings("aws", "eu-north-1", [{ name: "gpuEmbed", enabled: true, machineType: "g6.2xlarge", availabilityZones: Object.keys(zoneIdOf) }], zoneIdOf, out);
        expect(out.issues).toHaveLength(1);
        expect(out.issues[0].key).toBe("devana:nodePools.gpuEmbed.availabilityZones");
        expect(out.issues[0].message).toMatch(/^g6\.2xlarge is not offered in AZ ID\(s\) eun1-az3 .*place the pool in eu-north-1a, eu-north-1b \(AZ IDs eun1-az1, eun1-az2\)$/);
        const ok = fresh();
        checkOfferings("aws", "eu-north-1", [{ name: "gpuEmbed", enabled: true, machineType: "g6.2xlarge", availabilityZones: ["eu-north-1a", "eu-north-1b"] }], zoneIdOf, ok);
        expect(ok).toEqual({ issues: [], warnings: [] });
    });

    it("refuses an Azure GPU size the region does not sell (NC H100 v5 in France Central)", () => {
        expect(azureSizeOffered("Standard_NC80adis_H100_v5", "francecentral")).toBe(false);
        expect(azureSizeOffered("Standard_NC80adis_H100_v5", "swedencentral")).toBe(true);
        const out = fresh();
        checkOfferings("azure", "francecentral", [{ name: "gpuLlm", enabled: true, machineType: "Standard_NC80adis_H100_v5" }], undefined, out);
        expect(out.issues.map((i) => i.key)).toEqual(["devana:nodePools.gpuLlm.machineType"]);
        expect(out.issues[0].message).toContain("swedencentral");
    });

    it("finds live gaps the facts missed, and a wrong AZ ID mapping (preview check)", () => {
        const zones = { names: ["eu-north-1a", "eu-north-1b", "eu-north-1c"], zoneIds: ["eun1-az2", "eun1-az1", "eun1-az3"] };
        const offered = { "g6.2xlarge": ["eun1-az1", "eun1-az2"] };
        expect(offeringGaps([{ pool: "gpuEmbed", instanceType: "g6.2xlarge", availabilityZones: ["eu-north-1a", "eu-north-1b"] }], zones, offered)).toEqual([]);
        expect(offeringGaps([{ pool: "gpuEmbed", instanceType: "g6.2xlarge", availabilityZones: ["eu-north-1c"] }], zones, offered)).toEqual([
            "devana:nodePools.gpuEmbed: EC2 does not offer g6.2xlarge in eu-north-1c (eun1-az3); it is offered in eun1-az1, eun1-az2",
        ]);
        expect(offeringGaps([], zones, offered, { "eu-north-1a": "eun1-az1" })).toEqual(["devana:aws.availabilityZoneIds: eu-north-1a is eun1-az2 in this account, not eun1-az1"]);
    });
});

describe("Kubernetes support on 2026-12-04", () => {
    const today = "2026-12-04";
    it("reads the calendars", () => {
        expect(kubernetesSupport("aws", "1.31", today)).toEqual({ status: "ended", endOfStandard: "2025-11-26", endOfExtended: "2026-11-26" });
        expect(kubernetesSupport("aws", "1.34", today)).toEqual({ status: "extended", endOfStandard: "2026-12-02", endOfExtended: "2027-12-02" });
        expect(kubernetesSupport("aws", "1.36", today)).toEqual({ status: "standard", endOfStandard: "2027-08-02" });
        expect(kubernetesSupport("azure", "1.33", today)).toEqual({ status: "extended", endOfStandard: "2026-07-31", endOfExtended: "2027-07-31" });
        expect(kubernetesSupport("azure", "1.31", today)).toEqual({ status: "ended", endOfStandard: "2025-11-01", endOfExtended: "2026-11-30" });
        expect(kubernetesSupport("azure", "1.37", today)).toEqual({ status: "unknown" });
    });

    it("refuses a version past its end of support and warns on EKS extended support", () => {
        const ended = fresh();
        checkKubernetesVersion("aws", "1.31", today, ended);
        expect(ended.issues.map((i) => i.key)).toEqual(["devana:kubernetesVersion", "devana:kubernetesVersion"]); // ended, and not the autoscaler's minor
        expect(ended.issues[0].message).toMatch(/^1\.31 left EKS extended support on 2026-11-26: EKS upgrades such clusters itself; choose 1\.35, 1\.36 /);
        const extended = fresh();
        checkKubernetesVersion("aws", "1.34", "2026-12-04", extended);
        expect(extended.warnings).toHaveLength(1);
        expect(extended.warnings[0]).toMatch(/^devana:kubernetesVersion 1\.34 left EKS standard support on 2026-12-02: extended support until 2027-12-02 costs 6x/);
        const aks = fresh();
        checkKubernetesVersion("azure", "1.33", today, aks);
        expect(aks.issues).toHaveLength(1);
        expect(aks.issues[0].message).toContain("only LTS remains");
        const ok = fresh();
        checkKubernetesVersion("aws", "1.36", today, ok);
        expect(ok).toEqual({ issues: [], warnings: [] });
        expect(IMAGES.clusterAutoscaler).toBe("registry.k8s.io/autoscaling/cluster-autoscaler:v1.36.1");
    });
});

describe("through parseConfig", () => {
    const prod = (parseYaml(readFileSync("Pulumi.prod.yaml", "utf8")) as { config: Record<string, unknown> }).config;

    it("the committed prod stack moved back to Paris (with 1.33) is refused, every problem with its key", () => {
        const aws = prod["devana:aws"] as Record<string, unknown>;
        const { gpuEmbed: _embed, services: _services, ...pools } = prod["devana:nodePools"] as Record<string, unknown>;
        const result = parse({
            ...prod,
            "devana:kubernetesVersion": "1.33",
            "devana:aws": { ...aws, region: "eu-west-3", availabilityZones: ["eu-west-3a", "eu-west-3b", "eu-west-3c"], availabilityZoneIds: ["euw3-az1", "euw3-az2", "euw3-az3"] },
            "devana:nodePools": { ...pools, gpuEmbed: { machineType: "g6.2xlarge", minSize: 2, desiredSize: 2, maxSize: 3 }, services: { machineType: "g6.8xlarge", minSize: 3, desiredSize: 3, maxSize: 3 } },
        });
        expect(result.ok).toBe(false);
        expect(result.ok ? [] : result.issues.map((i) => i.key)).toEqual([
            "devana:kubernetesVersion",
            // Issue 20: the Services pool's g6.8xlarge (Odin's L4) is offered in fewer Paris AZs as well.
            "devana:nodePools.services.availabilityZones",
            "devana:nodePools.gpuLlm.machineType",
            "devana:nodePools.gpuEmbed.availabilityZones",
        ]);
    });

    it("the committed prod stack parses, its chat replicas derived from 16 paid H100s", () => {
        const result = parse(prod);
        expect(result.ok).toBe(true);
        expect(result.ok ? result.config.llm.chat?.replicas : undefined).toBe(8);
        expect(result.ok ? result.config.nodePools.gpuEmbed.availabilityZones : undefined).toEqual(["eu-north-1a", "eu-north-1b"]);
    });
});
