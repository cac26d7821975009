/**
 * Pure builders of the AWS target: node group shapes, AL2023 user data, IAM and key policies,
 * bucket lifecycles and the TLS-only policy, EBS StorageClasses.
 * Does not prove: that AWS evaluates the policies as intended (no IAM simulator offline), or that
 * nodeadm merges the NodeConfig as documented.
 */
import { describe, expect, it } from "vitest";
import type { ResolvedPool } from "../../config/model";
import { ENI_CONFIG_LABEL, isArm, maxPodsFor, nodeGroupSpec, nodeUserData, reservedPodAddresses, vcpusOf, zonalNodeGroups } from "../../components/cluster/aws-node-group";
import { podCapacityProblems, awsNodeGroupSpecs } from "../../stacks/aws";
import { stackConfigOf } from "../support/stack-config";
import { clusterAutoscalerPolicy, kmsUsePolicy, loadBalancerControllerPolicy, podIdentityTrust, policyDocument, serviceTrust } from "../../components/aws/iam";
import { coreDnsConfiguration, kubeconfigFor, vpcCniConfiguration } from "../../components/cluster/aws-cluster";
import { clusterAutoscalerCommand } from "../../components/cluster/aws-cluster-autoscaler";
import { keyPolicy, KEY_USES } from "../../components/security/aws-keys";
import { BUCKET_IDS, bucketArn, bucketName, lifecycleRules, tlsOnlyPolicy } from "../../components/storage/aws-buckets";
import { bucketPrefixFor, clusterNameFor, partitionOf } from "../../stacks/aws";
import { ebsStorageClasses, FAST_SSD } from "../../components/storage/aws-storage-classes";

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

describe("IAM documents", () => {
    it("a policy document is the 2012-10-17 version, then the statements in the order given, each serialised as written", () => {
        const a = { Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
        const b = { Sid: "B", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" };
        expect(JSON.stringify(policyDocument(a, b))).toBe(`{"Version":"2012-10-17","Statement":[${JSON.stringify(a)},${JSON.stringify(b)}]}`);
    });

    it("a service trust policy lets the service assume the role, without session tags unless asked", () => {
        expect(JSON.stringify(serviceTrust("vpc-flow-logs.amazonaws.com"))).toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}');
    });

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
    it("the VPC CNI uses custom networking per (zone, AZ) through our node label, prefix delegation and NetworkPolicy enforcement", () => {
        // Issue 20: ENI_CONFIG_LABEL_DEF names the node label whose value is the ENIConfig's name.
        expect(vpcCniConfiguration()).toEqual({
            env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "devana.ai/eni-config", ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" },
            enableNetworkPolicy: "true",
        });
        expect(ENI_CONFIG_LABEL).toBe("devana.ai/eni-config");
    });

    it("CoreDNS goes to the Management pool through the add-on's affinity and tolerations keys (issue 20)", () => {
        const affinity = (matchExpressions: unknown[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } });
        expect(coreDnsConfiguration({ nodeSelector: { "devana.ai/pool": "management" }, tolerations: [] })).toEqual({
            affinity: affinity([{ key: "devana.ai/pool", operator: "In", values: ["management"] }]),
        });
        expect(coreDnsConfiguration({ nodeSelector: { a: "b" }, tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }] })).toEqual({
            affinity: affinity([{ key: "a", operator: "In", values: ["b"] }]),
            tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }],
        });
    });

    it("the cluster autoscaler balances a pool's zonal groups, ignoring their ENIConfig label (issue 20)", () => {
        const cmd = clusterAutoscalerCommand("devana-prod");
        expect(cmd).toContain("--balance-similar-node-groups=true");
        expect(cmd).toContain("--balancing-ignore-label=devana.ai/eni-config");
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
