/**
 * The committed `prod` stack (AWS, enterprise, self-hosted LLM) evaluated under mocks: exact
 * subnets, node groups, and encryption of everything that stores data.
 * Does not prove: that AWS accepts these inputs (quotas, instance availability in eu-north-1 AZs,
 * IAM evaluation), nor what the Helm charts render (invisible offline).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { ZONE_SUBNETS } from "../../support/aws-subnets";
import { byName, evaluateOk, ofType } from "../../support/helpers";

let resources: readonly PlannedResource[];
const T = {
    subnet: "aws:ec2/subnet:Subnet",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    cluster: "aws:eks/cluster:Cluster",
    bucket: "aws:s3/bucket:Bucket",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    publicBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
    nat: "aws:ec2/natGateway:NatGateway",
    acl: "aws:ec2/networkAcl:NetworkAcl",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    addon: "aws:eks/addon:Addon",
} as const;

const input = <T = unknown>(r: PlannedResource, path: string): T => path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], r.inputs) as T;

beforeAll(async () => {
    resources = (await evaluateOk("prod")).resources;
});

describe("prod: network", () => {
    const AZS = ["eu-north-1a", "eu-north-1b", "eu-north-1c"];
    const expected: Record<string, string[]> = {
        ...ZONE_SUBNETS,
        // Issue 20: pod subnets per (zone, AZ): the zone's /19 of 100.64.0.0/16 split into /21s.
        "pods-app": ["100.64.0.0/21", "100.64.8.0/21", "100.64.16.0/21"],
        "pods-services": ["100.64.32.0/21", "100.64.40.0/21", "100.64.48.0/21"],
        "pods-data": ["100.64.64.0/21", "100.64.72.0/21", "100.64.80.0/21"],
        "pods-ai": ["100.64.96.0/21", "100.64.104.0/21", "100.64.112.0/21"],
        "pods-management": ["100.64.128.0/21", "100.64.136.0/21", "100.64.144.0/21"],
    };

    it("creates exactly the subnets of each zone and AZ, plus the pod subnets of each node zone and AZ", () => {
        expect(ofType(resources, T.subnet)).toHaveLength(33);
        for (const [zone, cidrs] of Object.entries(expected)) {
            AZS.forEach((az, i) => {
                const subnet = byName(resources, T.subnet, `devana-network-${zone}-${az}`);
                expect(input(subnet, "cidrBlock")).toBe(cidrs[i]);
                expect(input(subnet, "availabilityZone")).toBe(az);
                expect(input(subnet, "mapPublicIpOnLaunch")).toBe(false);
            });
        }
    });

    it("tags only the DMZ for load balancers, internet-facing and internal (R-NET-ZONES, issue 20)", () => {
        for (const role of ["kubernetes.io/role/elb", "kubernetes.io/role/internal-elb"]) {
            const tagged = ofType(resources, T.subnet).filter((s) => input<Record<string, string>>(s, "tags")[role] === "1");
            expect(tagged.map((s) => s.name).sort()).toEqual(AZS.map((az) => `devana-network-dmz-${az}`));
        }
        // The WAF's ALB, the only load balancer of prod, is in the DMZ subnets.
        const [alb] = ofType(resources, "aws:lb/loadBalancer:LoadBalancer");
        expect(input(alb, "subnets")).toEqual(AZS.map((az) => `devana-network-dmz-${az}-id`));
    });

    it("has one NAT gateway per AZ, in the DMZ", () => {
        const nats = ofType(resources, T.nat);
        expect(nats.map((n) => n.name).sort()).toEqual(AZS.map((az) => `devana-network-nat-${az}`));
    });

    it("has one network ACL per zone, on its node subnets and its pod subnets (issue 20)", () => {
        const acls = ofType(resources, T.acl);
        expect(acls.map((a) => a.name).sort()).toEqual(["ai", "app", "data", "dmz", "management", "services"].map((z) => `devana-network-${z}`));
        for (const acl of acls) {
            const zone = acl.name.replace("devana-network-", "");
            const pods = zone === "dmz" ? [] : AZS.map((az) => `devana-network-pods-${zone}-${az}-id`);
            expect(input<string[]>(acl, "subnetIds")).toEqual([...AZS.map((az) => `devana-network-${zone}-${az}-id`), ...pods]);
        }
        // The inbound rules generated from the zone flows, as sent to AWS (deployer ranges in Management).
        expect(Object.fromEntries(acls.map((a) => [a.name.replace("devana-network-", ""), input<unknown[]>(a, "ingress").length]))).toEqual({ dmz: 9, app: 11, services: 10, data: 9, ai: 8, management: 15 });
        const data = byName(resources, T.acl, "devana-network-data");
        const sources = input<{ cidrBlock: string; action: string }[]>(data, "ingress")
            .filter((r) => r.action === "allow")
            .map((r) => r.cidrBlock);
        expect(sources).not.toContain("10.0.1.0/24");
        expect(sources).not.toContain("10.0.40.0/24");
        expect(sources).not.toContain("100.64.96.0/19");
    });

    it("has the S3 gateway endpoint and the ECR, STS, Logs and KMS interface endpoints", () => {
        const services = ofType(resources, T.endpoint).map((e) => `${input(e, "serviceName")} ${input(e, "vpcEndpointType")}`);
        expect(services.sort()).toEqual(["ecr.api Interface", "ecr.dkr Interface", "kms Interface", "logs Interface", "s3 Gateway", "sts Interface"].map((s) => `com.amazonaws.eu-north-1.${s}`));
    });

    it("logs every VPC flow to the KMS-encrypted flow-log group", () => {
        const flow = ofType(resources, "aws:ec2/flowLog:FlowLog");
        expect(flow).toHaveLength(1);
        expect(input(flow[0], "trafficType")).toBe("ALL");
        expect(input(flow[0], "logDestination")).toBe("arn:aws:logs:eu-west-3:123456789012:log-group:/aws/vpc/devana-prod/flow-logs");
    });
});

const AZS = ["eu-north-1a", "eu-north-1b", "eu-north-1c"];

describe("prod: EKS", () => {
    it("runs the configured version with API auth, KMS secrets, all five log types and a private endpoint", () => {
        const [cluster] = ofType(resources, T.cluster);
        expect(cluster.inputs).toMatchObject({
            name: "devana-prod",
            version: "1.36",
            accessConfig: { authenticationMode: "API" },
            encryptionConfig: { resources: ["secrets"] },
            enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false },
            bootstrapSelfManagedAddons: false,
            deletionProtection: true,
        });
        expect(input<string>(cluster, "encryptionConfig.provider.keyArn")).toMatch(/^arn:aws:kms:/);
        expect(input<string[]>(cluster, "vpcConfig.subnetIds")).toEqual(["a", "b", "c"].map((az) => `devana-network-management-eu-north-1${az}-id`));
        expect(cluster.options.protect).toBe(true);
    });

    it("owns the control-plane log group, KMS-encrypted, kept per devana:audit.retentionDays", () => {
        const group = byName(resources, T.logGroup, "devana-cluster-control-plane");
        expect(input(group, "name")).toBe("/aws/eks/devana-prod/cluster");
        expect(input(group, "retentionInDays")).toBe(400);
        const cluster = ofType(resources, T.cluster)[0];
        expect(cluster.options.dependsOn).toContain(group.urn);
    });

    // Issue 20: one group per pool and AZ; bounds split over the pool's AZs (remainder to the
    // first), only the first maxSize AZs, min and desired summing to the pool's.
    const NVIDIA = [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }];
    const pools = {
        compute: { type: "m7i.8xlarge", ami: "AL2023_x86_64_STANDARD", zone: "app", update: "DEFAULT", taints: [], azs: { a: [4, 7, 4], b: [3, 7, 3], c: [3, 6, 3] } },
        // Odin's single-L4 nodes also hold Redis and Meilisearch: no taint.
        services: { type: "g6.8xlarge", ami: "AL2023_x86_64_NVIDIA", zone: "services", update: "MINIMAL", taints: [], azs: { a: [2, 2, 2], b: [1, 1, 1] } },
        gpuLlm: { type: "p5.48xlarge", ami: "AL2023_x86_64_NVIDIA", zone: "ai", update: "MINIMAL", taints: NVIDIA, azs: { a: [1, 1, 1], b: [1, 1, 1] } },
        // g6 is offered only in eun1-az1 and eun1-az2 (issue 15).
        gpuEmbed: { type: "g6.2xlarge", ami: "AL2023_x86_64_NVIDIA", zone: "ai", update: "MINIMAL", taints: NVIDIA, azs: { a: [1, 2, 1], b: [1, 1, 1] } },
        data: { type: "i4i.8xlarge", ami: "AL2023_x86_64_STANDARD", zone: "data", update: "DEFAULT", taints: [], azs: { a: [1, 2, 1], b: [1, 2, 1], c: [1, 1, 1] } },
        management: { type: "m7i.4xlarge", ami: "AL2023_x86_64_STANDARD", zone: "management", update: "DEFAULT", taints: [], azs: { a: [1, 2, 1], b: [1, 1, 1], c: [0, 1, 0] } },
    };

    it("has one node group per pool and AZ, in the pool's zone's subnet of that AZ, with exact bounds, types, AMIs, taints and labels", () => {
        const groups = Object.values(pools).flatMap((p) => Object.keys(p.azs));
        expect(ofType(resources, T.nodeGroup)).toHaveLength(groups.length);
        expect(groups).toHaveLength(15);
        for (const [name, want] of Object.entries(pools)) {
            for (const [az, [minSize, maxSize, desiredSize]] of Object.entries(want.azs)) {
                const ng = byName(resources, T.nodeGroup, `devana-cluster-${name}-eu-north-1${az}-ng`);
                expect(input(ng, "instanceTypes")).toEqual([want.type]);
                expect(input(ng, "amiType")).toBe(want.ami);
                expect(input(ng, "scalingConfig")).toEqual({ minSize, maxSize, desiredSize });
                expect(input(ng, "taints") ?? []).toEqual(want.taints);
                expect(input<Record<string, string>>(ng, "labels")).toMatchObject({ "devana.ai/pool": name, "devana.ai/zone": want.zone, "devana.ai/eni-config": `${want.zone}-eu-north-1${az}` });
                expect(input(ng, "subnetIds")).toEqual([`devana-network-${want.zone}-eu-north-1${az}-id`]);
                // The cluster autoscaler owns the desired size only where it can change it (min < max).
                expect(ng.options.ignoreChanges).toEqual(minSize < maxSize ? ["scalingConfig.desiredSize"] : []);
                expect(input(ng, "updateConfig")).toEqual({ maxUnavailable: 1, updateStrategy: want.update });
                expect(input(ng, "diskSize")).toBeUndefined();
            }
            // The pool's bounds are kept: min and desired exactly, max exactly.
            const sum = (i: number): number => Object.values(want.azs).reduce((a, v) => a + v[i], 0);
            const pool = { compute: [10, 20, 10], services: [3, 3, 3], gpuLlm: [2, 2, 2], gpuEmbed: [2, 3, 2], data: [3, 5, 3], management: [2, 4, 2] }[name]!;
            expect([sum(0), sum(1), sum(2)]).toEqual(pool);
        }
        expect(input(byName(resources, T.nodeGroup, "devana-cluster-gpuLlm-eu-north-1a-ng"), "labels")).toMatchObject({ "nvidia.com/gpu.present": "true", "devana.ai/gpu": "H100" });
    });

    it("each group's eni-config label names an ENIConfig whose subnet is its zone's pod subnet in its AZ", () => {
        const eni = new Map(ofType(resources, "kubernetes:crd.k8s.amazonaws.com/v1alpha1:ENIConfig").map((e) => [input<string>(e, "metadata.name"), e]));
        for (const ng of ofType(resources, T.nodeGroup)) {
            const label = input<Record<string, string>>(ng, "labels")["devana.ai/eni-config"];
            const [nodeSubnet] = input<string[]>(ng, "subnetIds");
            const zoneAz = nodeSubnet.replace("devana-network-", "").replace(/-id$/, "");
            expect(label).toBe(zoneAz);
            const config = eni.get(label)!;
            expect(input(config, "spec.subnet")).toBe(`devana-network-pods-${zoneAz}-id`);
            const pod = byName(resources, T.subnet, `devana-network-pods-${zoneAz}`);
            expect(input(pod, "availabilityZone")).toBe(input(byName(resources, T.subnet, `devana-network-${zoneAz}`), "availabilityZone"));
        }
    });

    it("launches every node from a template with IMDSv2 and a KMS-encrypted gp3 root volume", () => {
        const templates = ofType(resources, T.launchTemplate);
        expect(templates).toHaveLength(15);
        for (const lt of templates) {
            expect(input(lt, "metadataOptions")).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
            const devices = input<{ ebs: Record<string, unknown> }[]>(lt, "blockDeviceMappings");
            expect(devices).toHaveLength(1);
            expect(devices[0].ebs).toMatchObject({ volumeType: "gp3", encrypted: "true" });
            expect(String(devices[0].ebs.kmsKeyId)).toMatch(/^arn:aws:kms:eu-west-3:123456789012:key\//);
        }
    });

    it("installs the add-ons: VPC CNI (custom networking) before nodes, CoreDNS and EBS CSI after", () => {
        const addons = new Map(ofType(resources, T.addon).map((a) => [input<string>(a, "addonName"), a]));
        expect([...addons.keys()].sort()).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
        expect(JSON.parse(input<string>(addons.get("vpc-cni")!, "configurationValues")).env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG).toBe("true");
        expect(input(addons.get("aws-ebs-csi-driver")!, "podIdentityAssociations")).toEqual([{ roleArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\//), serviceAccount: "ebs-csi-controller-sa" }]);
        const eni = ofType(resources, "kubernetes:crd.k8s.amazonaws.com/v1alpha1:ENIConfig");
        expect(eni.map((e) => input(e, "metadata.name")).sort()).toEqual(["ai", "app", "data", "management", "services"].flatMap((z) => AZS.map((az) => `${z}-${az}`)));
        expect(JSON.parse(input<string>(addons.get("vpc-cni")!, "configurationValues")).env.ENI_CONFIG_LABEL_DEF).toBe("devana.ai/eni-config");
        // Issue 20: cluster DNS in Management, where the zone flows open port 53.
        expect(JSON.parse(input<string>(addons.get("coredns")!, "configurationValues"))).toEqual({
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [
                            {
                                matchExpressions: [
                                    { key: "devana.ai/pool", operator: "In", values: ["management"] },
                                    { key: "devana.ai/zone", operator: "In", values: ["management"] },
                                ],
                            },
                        ],
                    },
                },
            },
        });
    });

    it("binds the add-ons and the Devana S3 users through Pod Identity (no aws-auth ConfigMap)", () => {
        const bindings = ofType(resources, "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((p) => `${input(p, "namespace")}/${input(p, "serviceAccount")}`);
        expect(bindings.sort()).toEqual(
            [
                "devana-prod/devana-api",
                "devana-prod/devana-odin",
                "devana-services/data-backup",
                "devana-services/devana-pg",
                "kube-system/aws-load-balancer-controller",
                "kube-system/cluster-autoscaler",
                "kube-system/s3-csi-driver-sa",
            ].sort(),
        );
        expect(resources.some((r) => r.type === "kubernetes:core/v1:ConfigMap" && input(r, "metadata.name") === "aws-auth")).toBe(false);
    });
});

describe("prod: encryption at rest (R-SEC-REST)", () => {
    it("every KMS key rotates, has a 30-day deletion window and a key policy, and is protected", () => {
        const keys = ofType(resources, T.key);
        expect(keys.map((k) => k.name).sort()).toEqual(["devana-cloud-alarms-key", "devana-keys-ebs", "devana-keys-eks", "devana-keys-logs", "devana-keys-s3", "devana-replication-key"]);
        for (const key of keys) {
            expect(input(key, "enableKeyRotation")).toBe(true);
            expect(input(key, "deletionWindowInDays")).toBe(30);
            expect(JSON.parse(input<string>(key, "policy")).Statement.length).toBeGreaterThanOrEqual(2);
            expect(key.options.protect).toBe(true);
        }
    });

    it("every log group is KMS-encrypted with the logs key and kept at least 365 days", () => {
        const groups = ofType(resources, T.logGroup);
        expect(groups.length).toBeGreaterThanOrEqual(2);
        for (const group of groups) {
            expect(String(input(group, "kmsKeyId"))).toMatch(/^arn:aws:kms:/);
            expect(input<number>(group, "retentionInDays")).toBeGreaterThanOrEqual(365);
            expect(group.options.protect).toBe(true);
        }
    });

    it("every bucket has SSE-KMS with the S3 key, public access blocked, the TLS-only policy, versioning and a lifecycle", () => {
        const buckets = ofType(resources, T.bucket);
        // The two replicas (R-STO-BACKUP) are held to the same rules as their sources.
        expect(buckets.map((b) => b.name).sort()).toEqual(["devana-buckets-audit", "devana-buckets-backups", "devana-buckets-files", "devana-replication-backups", "devana-replication-files"]);
        for (const bucket of buckets) {
            expect(bucket.options.protect).toBe(true);
            const sse = byName(resources, T.sse, bucket.name);
            expect(input(sse, "rules")).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: expect.stringMatching(/^arn:aws:kms:/) }, bucketKeyEnabled: true }]);
            expect(byName(resources, T.publicBlock, bucket.name).inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
            const policy = JSON.parse(input<string>(byName(resources, T.bucketPolicy, bucket.name), "policy"));
            expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
            expect(input(byName(resources, T.versioning, bucket.name), "versioningConfiguration")).toEqual({ status: "Enabled" });
            expect(input<unknown[]>(byName(resources, T.lifecycle, bucket.name), "rules").length).toBeGreaterThan(0);
        }
        expect(input(byName(resources, T.bucket, "devana-buckets-audit"), "objectLockEnabled")).toBe(true);
    });

    it("turns on EBS encryption by default with the EBS key; encryption survives a destroy, the default key resets", () => {
        const [byDefault] = ofType(resources, "aws:ebs/encryptionByDefault:EncryptionByDefault");
        const [defaultKey] = ofType(resources, "aws:ebs/defaultKmsKey:DefaultKmsKey");
        expect(input(byDefault, "enabled")).toBe(true);
        expect(String(input(defaultKey, "keyArn"))).toMatch(/^arn:aws:kms:/);
        expect(byDefault.options.retainOnDelete).toBe(true);
        // Destroying DefaultKmsKey points the account back at the AWS-managed key, never at a deleted one.
        expect(defaultKey.options.retainOnDelete).toBe(false);
    });

    it("every EBS StorageClass is encrypted with the customer EBS key; s3-csi writes SSE-KMS", () => {
        const ebsKey = String(input(byName(resources, "aws:ebs/defaultKmsKey:DefaultKmsKey", "devana-keys-ebs-default"), "keyArn"));
        const ebsClasses = ofType(resources, T.storageClass).filter((s) => input(s, "provisioner") === "ebs.csi.aws.com");
        expect(ebsClasses.map((s) => input(s, "metadata.name")).sort()).toEqual(["fast-ssd", "standard"]);
        for (const sc of ebsClasses) {
            expect(input(sc, "parameters")).toMatchObject({ type: "gp3", encrypted: "true", kmsKeyId: ebsKey });
            expect(input(sc, "volumeBindingMode")).toBe("WaitForFirstConsumer");
        }
        const s3 = ofType(resources, T.storageClass).filter((s) => input(s, "metadata.name") === "s3-csi");
        expect(s3).toHaveLength(1);
        const pv = byName(resources, "kubernetes:core/v1:PersistentVolume", "devana-storage-files");
        expect(input<string[]>(pv, "spec.mountOptions")).toContain("sse aws:kms");
        // Every launch-template volume uses the same customer key.
        for (const lt of ofType(resources, T.launchTemplate)) {
            expect(input<{ ebs: { kmsKeyId: string } }[]>(lt, "blockDeviceMappings")[0].ebs.kmsKeyId).toBe(ebsKey);
        }
    });
});

describe("prod: Devana on S3 (no in-cluster object store)", () => {
    const env = (deployment: string): Record<string, unknown> =>
        Object.fromEntries(
            input<{ env?: { name: string; value?: unknown }[] }[]>(byName(resources, "kubernetes:apps/v1:Deployment", deployment), "spec.template.spec.containers")
                .flatMap((c) => c.env ?? [])
                .map((e) => [e.name, e.value]),
        );
    const bucketOf = (id: string): string => String(input(byName(resources, T.bucket, `devana-buckets-${id}`), "bucket"));

    it("points the API at the files bucket through Pod Identity, without static keys", () => {
        expect(bucketOf("files")).toMatch(/^devana-prod-eu-north-1-[0-9a-f]{8}-files$/);
        const api = env("devana-api-deployment");
        expect(api).toMatchObject({ CLOUD_BUCKET_NAME: bucketOf("files"), AWS_S3_ENDPOINT: "https://s3.eu-north-1.amazonaws.com", AWS_S3_REGION: "eu-north-1" });
        expect(api).not.toHaveProperty("AWS_S3_ACCESS_KEY_ID");
        expect(resources.some((r) => r.type === "kubernetes:helm.sh/v4:Chart" && input(r, "chart") === "seaweedfs")).toBe(false);
    });

    it("archives PostgreSQL to the backups bucket with the pod's IAM role, and runs snapshots as data-backup", () => {
        const [store] = ofType(resources, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore");
        expect(input(store, "spec.configuration.destinationPath")).toBe(`s3://${bucketOf("backups")}/postgresql`);
        expect(input(store, "spec.configuration.s3Credentials")).toEqual({ inheritFromIAMRole: true });
        const snapshots = ofType(resources, "kubernetes:batch/v1:CronJob");
        expect(snapshots.length).toBeGreaterThan(0);
        for (const job of snapshots) {
            expect(input(job, "spec.jobTemplate.spec.template.spec.serviceAccountName")).toBe("data-backup");
        }
    });
});

describe("prod: gateway and cluster add-ons", () => {
    it("keeps the gateway Service ClusterIP behind the WAF's ALB (no NLB of its own), and installs the load balancer controller", () => {
        // devana:waf is on in prod: the internet-facing ALB behind the WAF is the only entry point.
        const traefik = byName(resources, "kubernetes:helm.sh/v4:Chart", "devana-gateway-traefik");
        expect(input(traefik, "values.service")).toEqual({ annotations: {}, spec: { type: "ClusterIP" } });
        const lbc = byName(resources, "kubernetes:helm.sh/v4:Chart", "devana-cluster-aws-load-balancer-controller");
        expect(lbc.inputs).toMatchObject({ chart: "aws-load-balancer-controller", version: "3.5.0", values: { clusterName: "devana-prod", region: "eu-north-1", vpcId: "devana-network-vpc-id" } });
        // The platform waits for the controller (and the StorageClasses) before its gateway.
        expect(ofType(resources, "devana:platform:Gateway")[0].options.dependsOn).toContain(lbc.urn);
    });

    it("installs the Mountpoint for S3 CSI driver from its pinned chart", () => {
        expect(byName(resources, "kubernetes:helm.sh/v4:Chart", "devana-storage-mountpoint-s3-csi").inputs).toMatchObject({ chart: "aws-mountpoint-s3-csi-driver", version: "2.7.0" });
    });
});

describe("prod: providers", () => {
    it("creates every AWS resource through the provider of devana:aws.region, except the replicas in devana:aws.replicaRegion", () => {
        const providers = resources.filter((r) => r.type === "pulumi:providers:aws");
        expect(providers.map((p) => [p.name, input(p, "region")])).toEqual([
            ["devana-aws", "eu-north-1"],
            ["devana-aws-replica", "eu-central-1"],
        ]);
        const [primary, replica] = providers;
        const awsResources = resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        const inReplica = awsResources.filter((r) => r.options.provider.startsWith(replica.urn));
        expect(awsResources.every((r) => r.options.provider.startsWith(primary.urn) || r.options.provider.startsWith(replica.urn))).toBe(true);
        // The replica key, its alias and the two replica buckets with their 6 settings each.
        expect(inReplica).toHaveLength(2 + 2 * 7);
        expect(inReplica.every((r) => r.parent?.endsWith("devana:storage:AwsReplication::devana-replication"))).toBe(true);
        expect(input(replica, "allowedAccountIds")).toEqual(input(primary, "allowedAccountIds"));
        expect(input(replica, "defaultTags")).toEqual(input(primary, "defaultTags"));
    });
});

describe("NetworkPolicies on EKS", () => {
    it("let every S3 client reach the EKS Pod Identity agent for its credentials, and nothing else does", () => {
        const reaching = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .filter((p) => JSON.stringify(p.inputs.spec).includes('"cidr":"169.254.170.23/32"'))
            .map((p) => p.inputs.metadata as { namespace: string; name: string })
            .map((m) => `${m.namespace}/${m.name}`)
            .sort();
        expect(reaching).toEqual([
            "devana-prod/api-egress",
            "devana-prod/odin-egress",
            "devana-services/chroma-snapshot-egress",
            "devana-services/meili-snapshot-egress",
            "devana-services/object-store-jobs-egress",
            "devana-services/postgresql-egress",
        ]);
    });
});
