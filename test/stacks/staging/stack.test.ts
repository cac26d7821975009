/**
 * The committed `staging` stack (AWS, production tier, hybrid LLM) evaluated under mocks: what
 * differs from prod (one NAT gateway, public API endpoint limited to the configured ranges, nothing
 * protected).
 * Does not prove: that the placeholder 203.0.113.0/24 is the deployer's range (it must be edited).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { byName, evaluateOk, ofType } from "../../support/helpers";

let resources: readonly PlannedResource[];

const input = (r: PlannedResource, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], r.inputs);

beforeAll(async () => {
    resources = (await evaluateOk("staging")).resources;
});

describe("staging", () => {
    it("has a single NAT gateway that every private route table uses", () => {
        const nats = ofType(resources, "aws:ec2/natGateway:NatGateway");
        expect(nats.map((n) => n.name)).toEqual(["devana-network-nat-eu-north-1a"]);
        const privateTables = ofType(resources, "aws:ec2/routeTable:RouteTable").filter((t) => t.name.includes("private"));
        expect(privateTables).toHaveLength(3);
        for (const table of privateTables) {
            expect(input(table, "routes")).toEqual([{ cidrBlock: "0.0.0.0/0", natGatewayId: "devana-network-nat-eu-north-1a-id" }]);
        }
    });

    it("opens the EKS API endpoint publicly only to the configured ranges", () => {
        const [cluster] = ofType(resources, "aws:eks/cluster:Cluster");
        expect(input(cluster, "vpcConfig")).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
        expect(input(cluster, "deletionProtection")).toBe(false);
    });

    it("protects nothing (devana:protect false) but still encrypts and retains audit logs >= 365 days", () => {
        for (const r of [...ofType(resources, "aws:kms/key:Key"), ...ofType(resources, "aws:s3/bucket:Bucket"), ...ofType(resources, "aws:cloudwatch/logGroup:LogGroup")]) {
            expect(r.options.protect).toBe(false);
        }
        for (const key of ofType(resources, "aws:kms/key:Key")) {
            expect(input(key, "enableKeyRotation")).toBe(true);
        }
        for (const group of ofType(resources, "aws:cloudwatch/logGroup:LogGroup")) {
            expect(input(group, "retentionInDays")).toBe(365);
        }
        const fast = ofType(resources, "kubernetes:storage.k8s.io/v1:StorageClass").find((s) => input(s, "metadata.name") === "fast-ssd")!;
        expect(input(fast, "reclaimPolicy")).toBe("Delete");
    });

    it("sizes one node group per pool and AZ from the staging pools, in the pool's zone (issue 20)", () => {
        // [min, max, desired] per AZ: the pool's bounds split, remainder to the first AZ.
        const want: Record<string, [string, Record<string, number[]>]> = {
            compute: ["app", { a: [1, 2, 1], b: [1, 2, 1], c: [1, 2, 1] }],
            services: ["services", { a: [1, 2, 1], b: [1, 1, 1], c: [1, 1, 1] }],
            gpuLlm: ["ai", { a: [1, 1, 1] }],
            gpuEmbed: ["ai", { a: [1, 1, 1], b: [1, 1, 1] }],
            data: ["data", { a: [1, 2, 1], b: [1, 1, 1], c: [1, 1, 1] }],
            management: ["management", { a: [1, 1, 1], b: [1, 1, 1], c: [0, 1, 0] }],
        };
        const groups = ofType(resources, "aws:eks/nodeGroup:NodeGroup");
        expect(groups.map((g) => g.name).sort()).toEqual(
            Object.entries(want)
                .flatMap(([pool, [, azs]]) => Object.keys(azs).map((az) => `devana-cluster-${pool}-eu-north-1${az}-ng`))
                .sort(),
        );
        expect(groups).toHaveLength(15);
        for (const [pool, [zone, azs]] of Object.entries(want)) {
            for (const [az, [minSize, maxSize, desiredSize]] of Object.entries(azs)) {
                const ng = byName(resources, "aws:eks/nodeGroup:NodeGroup", `devana-cluster-${pool}-eu-north-1${az}-ng`);
                expect(input(ng, "scalingConfig")).toEqual({ minSize, maxSize, desiredSize });
                expect(input(ng, "subnetIds")).toEqual([`devana-network-${zone}-eu-north-1${az}-id`]);
                expect(input(ng, "labels")).toMatchObject({ "devana.ai/eni-config": `${zone}-eu-north-1${az}` });
            }
        }
        expect(input(byName(resources, "aws:eks/nodeGroup:NodeGroup", "devana-cluster-data-eu-north-1a-ng"), "instanceTypes")).toEqual(["i4i.2xlarge"]);
    });

    it("has one NACL per zone, with the inbound rules generated from the zone flows (dmz 9, app 11, services 10, data 9, ai 8, management 13)", () => {
        const acls = ofType(resources, "aws:ec2/networkAcl:NetworkAcl");
        expect(Object.fromEntries(acls.map((a) => [a.name.replace("devana-network-", ""), (input(a, "ingress") as unknown[]).length]))).toEqual({ dmz: 9, app: 11, services: 10, data: 9, ai: 8, management: 13 });
    });
});
