/** A small hand-written AWS plan document and price book whose costs the tests compute by hand. */
import type { PlanDocument } from "../../scripts/lib/plan";
import type { PriceBook } from "../../scripts/lib/cost-prices";
import type { CostContext } from "../../scripts/lib/cost";

const opts = { protect: false, ignoreChanges: [], retainOnDelete: false, provider: "", dependsOn: [], propertyDependencies: {} };
const r = (type: string, name: string, inputs: Record<string, unknown>, custom = true): PlanDocument["resources"][number] => ({
    urn: `urn:pulumi:fixture::devana::${type}::${name}`,
    type,
    name,
    parent: null,
    custom,
    inputs,
    options: { ...opts },
});
const gp3 = (size: number) => [{ deviceName: "/dev/xvda", ebs: { volumeSize: size, volumeType: "gp3", iops: 3000, throughput: 125 } }];

/** Compute 2..4 x m7i.2xlarge, one g6.2xlarge (1 L4), EKS 1.36, NAT, EIP, ALB on 2 subnets, WAF with 3 rules, 2 volume classes, one bucket. */
export function fixturePlan(computeMax = 4): PlanDocument {
    return {
        stack: "fixture",
        target: "aws",
        resources: [
            r("pulumi:providers:aws", "devana-aws", { region: "eu-north-1" }),
            r("aws:eks/cluster:Cluster", "devana-cluster", { version: "1.36" }),
            r("aws:eks/nodeGroup:NodeGroup", "c-compute-ng", { instanceTypes: ["m7i.2xlarge"], scalingConfig: { minSize: 2, maxSize: computeMax, desiredSize: 2 }, labels: { "devana.ai/pool": "compute" } }),
            r("aws:ec2/launchTemplate:LaunchTemplate", "c-compute-lt", { blockDeviceMappings: gp3(100) }),
            r("aws:eks/nodeGroup:NodeGroup", "c-gpuEmbed-ng", { instanceTypes: ["g6.2xlarge"], scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 }, labels: { "devana.ai/pool": "gpuEmbed" } }),
            r("aws:ec2/launchTemplate:LaunchTemplate", "c-gpuEmbed-lt", { blockDeviceMappings: gp3(200) }),
            r("aws:ec2/natGateway:NatGateway", "nat-a", {}),
            r("aws:ec2/eip:Eip", "nat-a-ip", {}),
            r("aws:lb/loadBalancer:LoadBalancer", "edge-alb", { loadBalancerType: "application", internal: false, subnets: ["dmz-a", "dmz-b"] }),
            r("aws:wafv2/webAcl:WebAcl", "edge-waf", { rules: [{ name: "a" }, { name: "b" }, { name: "c" }] }),
            r("aws:s3/bucket:Bucket", "buckets-files", {}),
            r("aws:iam/role:Role", "node-role", {}),
            r("kubernetes:storage.k8s.io/v1:StorageClass", "fast", { metadata: { name: "fast-ssd" }, provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", iops: "6000", throughput: "250" } }),
            r("kubernetes:storage.k8s.io/v1:StorageClass", "std", { metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }, provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" } }),
            r("kubernetes:core/v1:PersistentVolumeClaim", "data", { metadata: { name: "data" }, spec: { storageClassName: "fast-ssd", resources: { requests: { storage: "100Gi" } } } }),
            r("kubernetes:apps/v1:StatefulSet", "cache", { metadata: { name: "cache" }, spec: { replicas: 3, volumeClaimTemplates: [{ metadata: { name: "c" }, spec: { resources: { requests: { storage: "10Gi" } } } }] } }),
        ],
        outputs: {},
        policy: { violations: [] },
        warnings: [],
    };
}

export const FIXTURE_PRICES: PriceBook = {
    hoursPerMonth: 730,
    sources: { test: { name: "hand-written test prices", url: "test", date: "2026-11-01" }, old: { name: "undated", url: "old", date: null } },
    prices: {
        "aws:eu-north-1:ec2:m7i.2xlarge": { usd: 0.4284, per: "hour", source: "test" },
        "aws:eu-north-1:ec2:g6.2xlarge": { usd: 1.03688, per: "hour", source: "old" },
        "aws:eu-north-1:ebs:gp3:gb": { usd: 0.1, per: "GB-month", source: "test" },
        "aws:eu-north-1:ebs:gp3:iops": { usd: 0.005, per: "IOPS-month", source: "test" },
        "aws:eu-north-1:ebs:gp3:mbps": { usd: 0.04, per: "MBps-month", source: "test" },
        "aws:eu-north-1:eks:standard": { usd: 0.1, per: "hour", source: "test" },
        "aws:eu-north-1:eks:extended": { usd: 0.6, per: "hour", source: "test" },
        "aws:eu-north-1:nat:hour": { missing: "not sourced in the fixture" },
        "aws:eu-north-1:ipv4:hour": { usd: 0.005, per: "hour", source: "test" },
        "aws:eu-north-1:alb:hour": { usd: 0.0252, per: "hour", source: "test" },
        "aws:eu-north-1:waf:acl": { usd: 5, per: "month", source: "test" },
        "aws:eu-north-1:waf:rule": { usd: 1, per: "month", source: "test" },
        "aws:eu-north-1:s3:standard:gb": { usd: 0.023, per: "GB-month", source: "test" },
    },
};

export const FIXTURE_CONTEXT: CostContext = {
    today: "2026-12-04",
    tier: "minimal",
    assumptions: { filesGi: 500, backupsGi: 50, auditGi: 1, logsIngestGiPerMonth: 5 },
    gpuUse: [{ pool: "gpuEmbed", machineType: "g6.2xlarge", gpusPerNode: 1, paidAtRest: 1, used: 0 }],
};
