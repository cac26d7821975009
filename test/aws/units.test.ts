/**
 * Pure builders of the AWS target: node group shapes, AL2023 user data, IAM and key policies,
 * bucket lifecycles and the TLS-only policy, EBS StorageClasses.
 * Does not prove: that AWS evaluates the policies as intended (no IAM simulator offline), or that
 * nodeadm merges the NodeConfig as documented.
 */
import { describe, expect, it } from "vitest";
import type { ResolvedPool } from "../../config/resolve";
import { isArm, maxPodsFor, nodeGroupSpec, nodeUserData, reservedPodAddresses, vcpusOf } from "../../components/cluster/aws-node-group";
import { clusterAutoscalerPolicy, kmsUsePolicy, loadBalancerControllerPolicy, podIdentityTrust } from "../../components/cluster/aws-iam";
import { kubeconfigFor, vpcCniConfiguration } from "../../components/cluster/aws-cluster";
import { keyPolicy, KEY_USES } from "../../components/storage/aws-keys";
import { BUCKET_IDS, bucketArn, bucketName, lifecycleRules, tlsOnlyPolicy } from "../../components/storage/aws-buckets";
import { bucketPrefixFor, clusterNameFor, partitionOf } from "../../stacks/aws";
import { ebsStorageClasses, FAST_SSD } from "../../components/storage/aws-storage-classes";

const pool = (over: Partial<ResolvedPool>): ResolvedPool => ({
    name: "compute",
    enabled: true,
    machineType: "m7i.8xlarge",
    nodeLabels: { "devana.ai/pool": "compute" },
    taints: [],
    minSize: 10,
    maxSize: 20,
    desiredSize: 10,
    ...over,
});

describe("nodeGroupSpec", () => {
    it("compute: standard AL2023 AMI in the App and Services zones, no taint", () => {
        const spec = nodeGroupSpec(pool({}));
        expect(spec).toMatchObject({
            zones: ["app", "services"],
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
                machineType: "p5.48xlarge",
                nodeLabels: { "devana.ai/pool": "gpuLlm" },
                taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
                gpu: { kind: "H100", count: 8 } as ResolvedPool["gpu"],
            }),
        );
        expect(spec.amiType).toBe("AL2023_x86_64_NVIDIA");
        expect(spec.zones).toEqual(["ai"]);
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

    it("a full node holds 8 /28s (110 pods) or 17 /28s (250 pods) of its AZ's pod subnet (docs/aws.md)", () => {
        expect(reservedPodAddresses(110)).toBe(128);
        expect(reservedPodAddresses(250)).toBe(272);
        // prod at maximum size: 20 compute + 2 LLM + 5 data nodes of 250 pods, 3 embedding nodes of 110.
        const prodWorstCase = (20 + 2 + 5) * reservedPodAddresses(250) + 3 * reservedPodAddresses(110);
        expect(prodWorstCase).toBe(7728);
        expect(prodWorstCase).toBeLessThan(1022 * 16);
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

describe("IAM documents", () => {
    it("Pod Identity roles trust pods.eks.amazonaws.com with session tags", () => {
        expect(podIdentityTrust().Statement[0]).toEqual({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
    });

    it("the autoscaler only scales this cluster's groups", () => {
        const write = clusterAutoscalerPolicy("devana-prod").Statement[1];
        expect(write.Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/devana-prod": "owned" } });
    });

    it("the load balancer controller's writes are scoped by its cluster tag", () => {
        const doc = loadBalancerControllerPolicy("aws");
        const deletes = doc.Statement.filter((s) => JSON.stringify(s.Action).includes("DeleteLoadBalancer"));
        expect(deletes).toHaveLength(1);
        expect(deletes[0].Condition).toEqual({ Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } });
    });

    it("grants on KMS keys are limited to AWS resources", () => {
        expect(kmsUsePolicy(["arn:k"], true).Statement[1].Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": "true" } });
    });
});

describe("keyPolicy", () => {
    const ctx = { partition: "aws", accountId: "123456789012", region: "eu-north-1" };

    it("lets the account administer every key without a data-plane wildcard", () => {
        for (const use of KEY_USES) {
            const admin = keyPolicy(use, ctx).Statement[0];
            expect(admin.Principal).toEqual({ AWS: "arn:aws:iam::123456789012:root" });
            expect(admin.Action).not.toContain("kms:*");
            expect(admin.Action).not.toContain("kms:Decrypt");
        }
    });

    it("scopes use to the key's service", () => {
        const via = (use: (typeof KEY_USES)[number]): unknown => keyPolicy(use, ctx).Statement[1].Condition;
        expect(via("s3")).toMatchObject({ StringEquals: { "kms:ViaService": "s3.eu-north-1.amazonaws.com" } });
        expect(via("ebs")).toMatchObject({ StringEquals: { "kms:ViaService": "ec2.eu-north-1.amazonaws.com" } });
        expect(keyPolicy("logs", ctx).Statement[1]).toMatchObject({
            Principal: { Service: "logs.eu-north-1.amazonaws.com" },
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-north-1:123456789012:log-group:*" } },
        });
        const asg = keyPolicy("ebs", ctx).Statement.filter((s) => String(s.Sid).startsWith("AutoScaling"));
        expect(asg).toHaveLength(2);
        expect(asg.every((s) => JSON.stringify(s.Condition).includes("AWSServiceRoleForAutoScaling"))).toBe(true);
    });
});

describe("buckets", () => {
    const input = { backupRetentionDays: 30, auditRetentionDays: 400, userFileVersionDays: 90 };

    it("every bucket has a lifecycle; backups move to colder storage; audit logs are kept >= 365 days", () => {
        for (const id of BUCKET_IDS) {
            expect(lifecycleRules(id, input).length).toBeGreaterThan(0);
        }
        const backups = lifecycleRules("backups", input);
        expect(backups[0].transitions).toEqual([
            { days: 30, storageClass: "STANDARD_IA" },
            { days: 90, storageClass: "GLACIER_IR" },
        ]);
        const audit = lifecycleRules("audit", input)[0];
        expect(audit.expiration).toEqual({ days: 400 });
        expect(audit.noncurrentVersionExpiration).toEqual({ noncurrentDays: 400 });
    });

    it("bucket names are deterministic, valid, and carry the account when it is configured", () => {
        expect(bucketName(bucketPrefixFor("devana", "prod", "eu-north-1", "210987654321"), "backups")).toBe("devana-prod-210987654321-backups");
        const unpinned = bucketPrefixFor("devana", "prod", "eu-north-1");
        expect(unpinned).toMatch(/^devana-prod-eu-north-1-[0-9a-f]{8}$/);
        expect(bucketPrefixFor("devana", "prod", "eu-north-1")).toBe(unpinned);
        expect(bucketPrefixFor("devana", "prod", "eu-west-1")).not.toBe(unpinned);
        expect(bucketName(bucketPrefixFor("devana", "Some_Very.Long Stack-Name-For/Testing_Limits", "ap-southeast-2"), "backups").length).toBeLessThanOrEqual(63);
        expect(() => bucketName("Bad_Prefix", "files")).toThrow(/not a valid S3 bucket name/);
        expect(clusterNameFor("prod")).toBe("devana-prod");
    });

    it("the bucket policy denies requests without TLS and below TLS 1.2", () => {
        const policy = tlsOnlyPolicy("arn:aws:s3:::b");
        expect(policy.Statement[0]).toEqual({
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        expect(policy.Statement[1].Condition).toEqual({ NumericLessThan: { "s3:TlsVersion": "1.2" } });
    });
});

describe("EBS StorageClasses", () => {
    it("fast-ssd and standard are gp3, encrypted with the customer key, WaitForFirstConsumer-ready", () => {
        const [fast, standard] = ebsStorageClasses("arn:key", true);
        expect(fast).toMatchObject({ name: "fast-ssd", reclaimPolicy: "Retain", parameters: { type: "gp3", encrypted: "true", kmsKeyId: "arn:key", iops: "12000", throughput: "500" } });
        expect(standard).toMatchObject({ name: "standard", isDefault: true, parameters: { type: "gp3", encrypted: "true", kmsKeyId: "arn:key" } });
        // R-STO: PostgreSQL 10,000+ IOPS and 500 MB/s; gp3 allows at most 16,000 IOPS and 1,000 MiB/s.
        expect(FAST_SSD.iops).toBeGreaterThanOrEqual(10000);
        expect(FAST_SSD.iops).toBeLessThanOrEqual(16000);
        expect(FAST_SSD.throughputMiBs).toBeGreaterThanOrEqual(500);
    });
});

describe("cluster wiring", () => {
    it("the VPC CNI uses custom networking per AZ, prefix delegation and NetworkPolicy enforcement", () => {
        expect(vpcCniConfiguration()).toEqual({
            env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone", ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" },
            enableNetworkPolicy: "true",
        });
    });

    it("the kubeconfig authenticates through aws eks get-token", () => {
        const config = JSON.parse(kubeconfigFor("devana-prod", "https://x", "Q0E=", "eu-north-1"));
        expect(config.users[0].user.exec.args).toEqual(["eks", "get-token", "--cluster-name", "devana-prod", "--region", "eu-north-1", "--output", "json"]);
        expect(config.clusters[0].cluster).toEqual({ server: "https://x", "certificate-authority-data": "Q0E=" });
    });
});

describe("bucket policy ARNs", () => {
    it("are built from the known bucket name and the region's partition, so preview sees them", () => {
        expect(["eu-north-1", "cn-north-1", "us-gov-west-1"].map(partitionOf)).toEqual(["aws", "aws-cn", "aws-us-gov"]);
        expect(bucketArn(partitionOf("eu-north-1"), "devana-prod-files")).toBe("arn:aws:s3:::devana-prod-files");
    });
});
