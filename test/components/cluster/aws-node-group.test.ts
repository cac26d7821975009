/**
 * EKS node groups (pure): one group per pool and AZ in its zone's subnet, AL2023 user data, max pods
 * from the ENI limits, and the pod address capacity of the committed AWS stacks' configurations.
 * Does not prove that nodeadm merges the NodeConfig as documented, nor instance availability.
 */
import { describe, expect, it } from "vitest";
import type { ResolvedPool } from "../../../config/model";
import { isArm, maxPodsFor, nodeGroupSpec, nodeUserData, reservedPodAddresses, vcpusOf, zonalNodeGroups } from "../../../components/cluster/aws-node-group";
import { podCapacityProblems, awsNodeGroupSpecs } from "../../../stacks/aws";
import { stackConfigOf } from "../../support/stack-config";

const pool = (over: Partial<ResolvedPool>): ResolvedPool => ({
    name: "compute",
    enabled: true,
    zone: "app",
    machineType: "m7i.8xlarge",
    nodeLabels: { "devana.ai/pool": "compute" },
    taints: [],
    minSize: 10,
    maxSize: 20,
    desiredSize: 10,
    ...over,
});

describe("nodeGroupSpec", () => {
    it("compute: standard AL2023 AMI in the App zone (issue 20), no taint", () => {
        const spec = nodeGroupSpec(pool({}));
        expect(spec).toMatchObject({
            zone: "app",
            amiType: "AL2023_x86_64_STANDARD",
            instanceTypes: ["m7i.8xlarge"],
            labels: { "devana.ai/pool": "compute" },
            taints: [],
            scaling: { minSize: 10, maxSize: 20, desiredSize: 10 },
            maxPods: 250,
            localNvme: false,
        });
    });

    it("GPU pools: NVIDIA AMI, AI zone, NO_SCHEDULE taint, GPU labels", () => {
        const spec = nodeGroupSpec(
            pool({
                name: "gpuLlm",
                zone: "ai",
                machineType: "p5.48xlarge",
                nodeLabels: { "devana.ai/pool": "gpuLlm" },
                taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
                gpu: { kind: "H100", count: 8 } as ResolvedPool["gpu"],
            }),
        );
        expect(spec.amiType).toBe("AL2023_x86_64_NVIDIA");
        expect(spec.zone).toBe("ai");
        expect(spec.taints).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
        expect(spec.labels).toEqual({ "devana.ai/pool": "gpuLlm", "nvidia.com/gpu.present": "true", "devana.ai/gpu": "H100" });
        expect(spec.rootVolumeGiB).toBe(500);
    });

    it("knows vCPUs, architecture and the prefix-delegation pod caps", () => {
        expect(vcpusOf("m7i.2xlarge")).toBe(8);
        expect(vcpusOf("p5.48xlarge")).toBe(192);
        expect(vcpusOf("i4i.xlarge")).toBe(4);
        expect(maxPodsFor("m7i.2xlarge")).toBe(110);
        expect(maxPodsFor("g6.2xlarge")).toBe(110);
        expect(maxPodsFor("i4i.8xlarge")).toBe(250);
        expect(["m7g.xlarge", "c7gn.large", "i4g.large", "g5g.xlarge", "t4g.small", "a1.large"].every(isArm)).toBe(true);
        expect(["g6.2xlarge", "p5.48xlarge", "m7i.8xlarge", "i4i.8xlarge", "g4dn.xlarge", "x2idn.16xlarge"].some(isArm)).toBe(false);
        expect(nodeGroupSpec(pool({ machineType: "m7g.8xlarge" })).amiType).toBe("AL2023_ARM_64_STANDARD");
    });

    it("a full node holds 8 /28s (110 pods) or 17 /28s (250 pods) of its (zone, AZ) pod subnet (docs/aws.md)", () => {
        expect(reservedPodAddresses(110)).toBe(128);
        expect(reservedPodAddresses(250)).toBe(272);
        // Issue 20: prod's largest need, the App zone in eu-north-1a at maximum size: 7 compute nodes of 250 pods.
        expect(7 * reservedPodAddresses(250)).toBe(1904);
        expect(7 * reservedPodAddresses(250)).toBeLessThanOrEqual(126 * 16);
    });

    it("the committed AWS stacks fit every (zone, AZ) pod subnet; a /18 pod CIDR does not fit prod (issue 20)", () => {
        for (const stack of ["staging", "prod"]) {
            const config = stackConfigOf(stack);
            expect(podCapacityProblems(awsNodeGroupSpecs(config), config.aws!.podCidr, config.network.cidr, config.aws!.availabilityZones)).toEqual([]);
        }
        const prod = stackConfigOf("prod");
        expect(podCapacityProblems(awsNodeGroupSpecs(prod), "100.64.0.0/18", prod.network.cidr, prod.aws!.availabilityZones)).toEqual([
            "pod subnet app-eu-north-1a (100.64.0.0/23) offers 480 pod addresses; the app node groups in eu-north-1a need 1904 at maximum size",
            "pod subnet app-eu-north-1b (100.64.2.0/23) offers 480 pod addresses; the app node groups in eu-north-1b need 1904 at maximum size",
            "pod subnet app-eu-north-1c (100.64.4.0/23) offers 480 pod addresses; the app node groups in eu-north-1c need 1632 at maximum size",
            "pod subnet services-eu-north-1a (100.64.8.0/23) offers 480 pod addresses; the services node groups in eu-north-1a need 544 at maximum size",
            "pod subnet data-eu-north-1a (100.64.16.0/23) offers 480 pod addresses; the data node groups in eu-north-1a need 544 at maximum size",
            "pod subnet data-eu-north-1b (100.64.18.0/23) offers 480 pod addresses; the data node groups in eu-north-1b need 544 at maximum size",
            "pod subnet ai-eu-north-1a (100.64.24.0/23) offers 480 pod addresses; the ai node groups in eu-north-1a need 528 at maximum size",
        ]);
    });

    it("zonalNodeGroups: one group per AZ, bounds split exactly, only the first maxSize AZs, stable ids (issue 20)", () => {
        const azs = ["eu-north-1a", "eu-north-1b", "eu-north-1c"];
        const spec = (minSize: number, maxSize: number, desiredSize: number, availabilityZones?: string[]) => ({
            pool: "management" as const,
            zone: "management" as const,
            labels: { "devana.ai/pool": "management" },
            scaling: { minSize, maxSize, desiredSize },
            availabilityZones,
        });
        expect(zonalNodeGroups(spec(2, 4, 2), azs)).toEqual([
            {
                id: "management-eu-north-1a",
                az: "eu-north-1a",
                eniConfig: "management-eu-north-1a",
                labels: { "devana.ai/pool": "management", "devana.ai/eni-config": "management-eu-north-1a" },
                scaling: { minSize: 1, maxSize: 2, desiredSize: 1 },
            },
            {
                id: "management-eu-north-1b",
                az: "eu-north-1b",
                eniConfig: "management-eu-north-1b",
                labels: { "devana.ai/pool": "management", "devana.ai/eni-config": "management-eu-north-1b" },
                scaling: { minSize: 1, maxSize: 1, desiredSize: 1 },
            },
            {
                id: "management-eu-north-1c",
                az: "eu-north-1c",
                eniConfig: "management-eu-north-1c",
                labels: { "devana.ai/pool": "management", "devana.ai/eni-config": "management-eu-north-1c" },
                scaling: { minSize: 0, maxSize: 1, desiredSize: 0 },
            },
        ]);
        // A 1-node pool: one group, in the first AZ (no AZ gets a node the bounds do not pay for).
        expect(zonalNodeGroups(spec(1, 1, 1), azs).map((g) => [g.id, g.scaling])).toEqual([["management-eu-north-1a", { minSize: 1, maxSize: 1, desiredSize: 1 }]]);
        // A pool restricted to two AZs stays there.
        expect(zonalNodeGroups(spec(3, 3, 3, ["eu-north-1a", "eu-north-1b"]), azs).map((g) => [g.az, g.scaling.minSize])).toEqual([
            ["eu-north-1a", 2],
            ["eu-north-1b", 1],
        ]);
    });

    it("user data is a nodeadm NodeConfig MIME part with max pods and, for NVMe pools, RAID0", () => {
        const text = nodeUserData({ maxPods: 110, localNvme: true });
        expect(text).toContain("Content-Type: application/node.eks.aws");
        expect(text).toContain("kind: NodeConfig");
        expect(text).toContain("maxPods: 110");
        expect(text).toContain("strategy: RAID0");
        expect(nodeUserData({ maxPods: 250, localNvme: false })).not.toContain("RAID0");
    });
});
