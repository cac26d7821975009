/**
 * Every configuration rule: a violating configuration fails naming its key, and every committed
 * stack is valid. Pure: parseConfig needs no Pulumi runtime. Does not prove the program uses the
 * values (the stack tests do).
 */
import { describe, expect, it } from "vitest";
import { parseConfig, type ParseResult } from "../../config/resolve";
import { committedStacks, configFromYaml, readStackFile, stackFilePath } from "../../scripts/lib/stack-file";
import { issues, ok, ONPREM, parse, type YamlMap } from "../support/parse-helpers";

const AWS: YamlMap = {
    ...ONPREM,
    "devana:target": "aws",
    "devana:tier": "enterprise",
    "devana:aws": { region: "eu-north-1", availabilityZones: ["eu-north-1a", "eu-north-1b", "eu-north-1c"] },
    "devana:llm": { scenario: "selfhosted", model: "llama-3.3-70b" },
};

describe("committed stacks", () => {
    it.each(committedStacks())("Pulumi.%s.yaml is valid", (stack) => {
        const file = readStackFile(stackFilePath(stack));
        const result = parseConfig({ values: file.config, secretKeys: new Set(file.secretKeys) }, "devana", stack);
        expect(result.ok ? [] : result.issues).toEqual([]);
    });

    it("are the five stacks the product ships, and the air-gapped on-prem variant (issue 19)", () => {
        expect(committedStacks()).toEqual(["azure-prod", "dev", "onprem", "onprem-airgap", "prod", "staging"]);
    });
});

describe("defaults", () => {
    const config = ok(ONPREM);
    it("network defaults to R-NET-ZONES", () => {
        expect(config.network).toEqual({
            cidr: "10.0.0.0/16",
            zones: { dmz: "10.0.1.0/24", app: "10.0.10.0/24", services: "10.0.20.0/24", data: "10.0.30.0/24", ai: "10.0.40.0/24", management: "10.0.99.0/24" },
        });
    });
    it("audit, backup, Kubernetes, protection and namespaces", () => {
        expect(config.audit.retentionDays).toBe(365);
        expect(config.backup).toEqual({ rpoMinutes: 5, retentionDays: 30, weeklyRetentionDays: 90 });
        expect(config.kubernetesVersion).toBe("1.36");
        expect(config.protect).toBe(false);
        expect(config.namespaces).toEqual({ app: "devana-dev", services: "devana-services", ai: "devana-ai", monitoring: "monitoring", certManager: "cert-manager" });
        expect(config.hosts).toEqual({ front: "devana.example.com", api: "api.devana.example.com", ws: "ws.devana.example.com" });
        expect(config.images).toEqual({ registry: "registry.devana.ai", pullSecret: "devana-registry", tags: { api: "2.8.0", frontend: "2.8.0", odin: "1.9.0" } });
    });
    it("prod protects stateful resources unless told otherwise", () => {
        const sso = {
            "devana:sso": { oidc: { issuer: "https://idp.example.com", clientId: "devana" } },
            // Issue 18: on-prem prod backs up off the cluster.
            "devana:onprem": { replication: { endpoint: "https://s3.site-b.example.com", filesBucket: "files-b", backupsBucket: "backups-b", credentialsSecret: "site-b-keys" } },
        };
        expect(ok({ ...ONPREM, ...sso, "devana:environment": "prod" }).protect).toBe(true);
        expect(ok({ ...ONPREM, ...sso, "devana:environment": "prod", "devana:protect": false }).protect).toBe(false);
    });
    it("cloud scenario: GPU pools off, cloud embeddings", () => {
        expect(config.nodePools.gpuLlm.enabled).toBe(false);
        expect(config.nodePools.gpuEmbed.enabled).toBe(false);
        expect(config.llm.embedding).toEqual({ selfHosted: false, id: "text-embedding-3-large", dimensions: 3072 });
    });
    it("AWS pools: R-SIZE-NODES sizes, GPUs from the instance type, GPU taint", () => {
        const aws = ok(AWS);
        expect(aws.nodePools.compute).toMatchObject({ machineType: "m7i.8xlarge", minSize: 10, maxSize: 20, desiredSize: 10, taints: [] });
        expect(aws.nodePools.gpuLlm).toEqual({
            name: "gpuLlm",
            enabled: true,
            zone: "ai",
            machineType: "p5.48xlarge",
            nodeLabels: { "devana.ai/pool": "gpuLlm", "devana.ai/zone": "ai" },
            taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
            gpu: { kind: "H100", count: 8 },
            minSize: 4,
            maxSize: 8,
            desiredSize: 4,
            availabilityZones: aws.aws!.availabilityZones,
        });
        expect(aws.nodePools.gpuEmbed.gpu).toEqual({ kind: "L4", count: 1 });
        expect(aws.nodePools.data).toMatchObject({ machineType: "i4i.8xlarge", minSize: 3, maxSize: 5 });
        // Issue 20: Services holds Odin's GPU pods (R-SIZE enterprise, self-hosted models); Management its own pool.
        expect(aws.nodePools.services).toMatchObject({ zone: "services", machineType: "g6.8xlarge", gpu: { kind: "L4", count: 1 }, taints: [], minSize: 3, maxSize: 4 });
        expect(aws.nodePools.management).toMatchObject({ zone: "management", machineType: "m7i.4xlarge", nodeLabels: { "devana.ai/pool": "management", "devana.ai/zone": "management" }, minSize: 2, maxSize: 4 });
        expect(aws.llm.chat?.id).toBe("llama-3.3-70b");
        expect(aws.llm.embedding).toMatchObject({ selfHosted: true, id: "e5-mistral-7b-instruct", dimensions: 4096 });
    });
});

/** [description, config change, expected key, message pattern] */
const RULES: [string, YamlMap, YamlMap, string, RegExp][] = [
    ["missing target", ONPREM, { "devana:target": undefined }, "devana:target", /required/],
    ["unknown target", ONPREM, { "devana:target": "gcp" }, "devana:target", /expected one of "aws"\|"azure"\|"onprem"/],
    ["unknown environment", ONPREM, { "devana:environment": "qa" }, "devana:environment", /expected one of/],
    ["unknown tier", ONPREM, { "devana:tier": "huge" }, "devana:tier", /expected one of/],
    ["Kubernetes below 1.31 (R-K8S)", ONPREM, { "devana:kubernetesVersion": "1.29" }, "devana:kubernetesVersion", /1.29 is below the supported minimum 1.31/],
    ["unquoted YAML 1.30 read as 1.3", ONPREM, { "devana:kubernetesVersion": 1.3 }, "devana:kubernetesVersion", /quote it/],
    ["malformed Kubernetes version", ONPREM, { "devana:kubernetesVersion": "v1.33.2" }, "devana:kubernetesVersion", /MAJOR.MINOR/],
    ["zone outside the network", ONPREM, { "devana:network": { zones: { ai: "10.1.40.0/24" } } }, "devana:network.zones.ai", /10.1.40.0\/24 is outside devana:network.cidr 10.0.0.0\/16/],
    ["overlapping zones", ONPREM, { "devana:network": { zones: { services: "10.0.10.128/25" } } }, "devana:network.zones.services", /overlaps zone app \(10.0.10.0\/24\)/],
    ["zone not a CIDR", ONPREM, { "devana:network": { zones: { dmz: "10.0.1.0" } } }, "devana:network.zones.dmz", /not an IPv4 CIDR/],
    ["unknown zone", ONPREM, { "devana:network": { zones: { dmzz: "10.0.2.0/24" } } }, "devana:network.zones.dmzz", /unknown key/],
    ["audit retention under a year (R-SEC-AUDIT)", ONPREM, { "devana:audit": { retentionDays: 90 } }, "devana:audit.retentionDays", /at least 365 days/],
    ["RPO above 15 minutes (R-STO-BACKUP)", ONPREM, { "devana:backup": { rpoMinutes: 30 } }, "devana:backup.rpoMinutes", /at most 15 minutes/],
    ["backup retention under a week", ONPREM, { "devana:backup": { retentionDays: 3 } }, "devana:backup.retentionDays", /expected number to be >=7/],
    ["latest image tag", ONPREM, { "devana:images": { tags: { api: "latest", frontend: "2.8.0", odin: "1.9.0" } } }, "devana:images.tags.api", /`latest` is not reproducible/],
    ["missing image tag", ONPREM, { "devana:images": { tags: { api: "2.8.0", frontend: "2.8.0" } } }, "devana:images.tags.odin", /required/],
    ["bad domain", ONPREM, { "devana:domain": "Devana_Example" }, "devana:domain", /lower-case DNS name/],
    ["ACME without e-mail", ONPREM, { "devana:tls": { mode: "acme" } }, "devana:tls.email", /required/],
    ["unknown TLS mode", ONPREM, { "devana:tls": { mode: "self-signed" } }, "devana:tls.mode", /Expected 'acme' \| 'internal-ca'/],
    ["plain LDAP", ONPREM, { "devana:sso": { ldap: { url: "ldap://ad:389", bindDn: "cn=x", searchBase: "dc=x" } } }, "devana:sso.ldap.url", /ldaps:\/\//],
    ["OIDC issuer over http", ONPREM, { "devana:sso": { oidc: { issuer: "http://idp", clientId: "x" } } }, "devana:sso.oidc.issuer", /https:\/\//],
    ["SAML configured directly", ONPREM, { "devana:sso": { saml: { metadataUrl: "https://idp/metadata" } } }, "devana:sso.saml", /OIDC broker/],
    ["production without SSO (R-SEC-SSO)", ONPREM, { "devana:environment": "prod" }, "devana:sso", /requires single sign-on/],
    ["unknown key with a near match", ONPREM, { "devana:Domain": "x.example.com" }, "devana:Domain", /did you mean devana:domain/],
    ["credential in plain text", ONPREM, { "devana:kubeconfig": "apiVersion: v1" }, "devana:kubeconfig", /pulumi config set --secret/],
    ["structured key given as a string", ONPREM, { "devana:network": "10.0.0.0/16" }, "devana:network", /expected a YAML object/],
    ["protect not a boolean", ONPREM, { "devana:protect": "yes" }, "devana:protect", /expected true or false/],
    ["aws block on an onprem stack", ONPREM, { "devana:aws": { region: "eu-north-1", availabilityZones: ["eu-north-1a", "eu-north-1b", "eu-north-1c"] } }, "devana:aws", /only applies to devana:target aws/],
    ["aws target without its block", AWS, { "devana:aws": undefined }, "devana:aws", /required when devana:target is aws/],
    ["two availability zones", AWS, { "devana:aws": { region: "eu-north-1", availabilityZones: ["eu-north-1a", "eu-north-1b"] } }, "devana:aws.availabilityZones", /exactly 3/],
    ["AZ of another region", AWS, { "devana:aws": { region: "eu-north-1", availabilityZones: ["eu-north-1a", "eu-north-1b", "eu-west-1c"] } }, "devana:aws.availabilityZones[2]", /not an availability zone of eu-north-1/],
    [
        "VPC overlapping the EKS Service range",
        AWS,
        { "devana:network": { cidr: "172.16.0.0/12", zones: { dmz: "172.16.1.0/24", app: "172.16.10.0/24", services: "172.16.20.0/24", data: "172.16.30.0/24", ai: "172.16.40.0/24", management: "172.16.99.0/24" } } },
        "devana:network.cidr",
        /overlaps the EKS Service range 172.20.0.0\/16/,
    ],
    ["unknown EC2 instance type", AWS, { "devana:nodePools": { compute: { machineType: "m7i.9xlarge" } } }, "devana:nodePools.compute.machineType", /"m7i.9xlarge" is not an EC2 instance type/],
    ["pool min above max", AWS, { "devana:nodePools": { data: { minSize: 6, maxSize: 5 } } }, "devana:nodePools.data.minSize", /6 is above maxSize 5/],
    ["desired outside bounds", AWS, { "devana:nodePools": { data: { desiredSize: 9 } } }, "devana:nodePools.data.desiredSize", /outside minSize..maxSize \(3..5\)/],
    ["GPU count contradicting the instance", AWS, { "devana:nodePools": { gpuLlm: { gpu: { kind: "H100", count: 2 } } } }, "devana:nodePools.gpuLlm.gpu", /p5.48xlarge carries 8x H100/],
    ["GPU pool on an instance without known GPUs", AWS, { "devana:nodePools": { gpuEmbed: { machineType: "m7i.2xlarge" } } }, "devana:nodePools.gpuEmbed.gpu", /cannot tell the GPUs of m7i.2xlarge/],
    [
        "a pool's zone label naming another zone (issue 20)",
        ONPREM,
        { "devana:nodePools": { data: { nodeLabels: { "devana.ai/zone": "app" } } } },
        "devana:nodePools.data.nodeLabels",
        /devana.ai\/zone=app: the data pool lives in the data zone \(R-NET-ZONES\)/,
    ],
    [
        "model too large for the GPU pool",
        AWS,
        { "devana:nodePools": { gpuLlm: { machineType: "p5.4xlarge" } } },
        "devana:llm.model",
        /llama-3.3-70b needs 120 GB of GPU memory \(72 GB fp8 weights \+ 48 GB KV cache\) across 2 GPU\(s\) of one node; devana:nodePools.gpuLlm \(p5.4xlarge\) offers 1x H100 80 GB = 80 GB per node/,
    ],
    ["model over the per-GPU memory", AWS, { "devana:llm": { scenario: "selfhosted", model: "deepseek-v3" } }, "devana:llm.model", /deepseek-v3 needs 940 GB .* offers 8x H100 80 GB = 640 GB per node/],
    ["model not in the catalogue", AWS, { "devana:llm": { scenario: "selfhosted", model: "llama-3.2-8b" } }, "devana:llm.model", /not in the model catalogue/],
    ["self-hosted without a model", AWS, { "devana:llm": { scenario: "selfhosted" } }, "devana:llm.model", /required for the selfhosted scenario/],
    ["cloud embeddings on a self-hosted stack", AWS, { "devana:llm": { scenario: "selfhosted", model: "llama-3.3-70b", embeddingModel: "text-embedding-3-large" } }, "devana:llm.embeddingModel", /not a self-hosted embedding model/],
    ["hybrid without a cloud provider", AWS, { "devana:llm": { scenario: "hybrid", model: "llama-3.3-70b", cloudModel: "gpt-4.1" } }, "devana:llm.cloudProvider", /required for the hybrid scenario/],
    ["cloud scenario naming a self-hosted model", ONPREM, { "devana:llm": { scenario: "cloud", model: "llama-3.3-70b", cloudProvider: "openai", cloudModel: "gpt-4.1" } }, "devana:llm.model", /use llm.cloudModel/],
    ["on-prem GPU pool without GPUs", ONPREM, { "devana:llm": { scenario: "selfhosted", model: "llama-3.3-70b" } }, "devana:nodePools.gpuLlm.gpu", /required on-prem/],
    ["machine type on-prem", ONPREM, { "devana:nodePools": { compute: { machineType: "m7i.2xlarge" } } }, "devana:nodePools.compute.machineType", /use nodeLabels/],
    ["sizing max below replicas", ONPREM, { "devana:sizing": { api: { replicas: 3, maxReplicas: 2 } } }, "devana:sizing.api.maxReplicas", /2 is below replicas 3/],
    ["sizing of an unknown component", ONPREM, { "devana:sizing": { apii: { cpu: 2 } } }, "devana:sizing.apii", /unknown key/],
];

describe("each rule names its key", () => {
    it.each(RULES)("%s", (_description, base, change, key, message) => {
        const map: YamlMap = { ...base, ...change };
        for (const [k, v] of Object.entries(change)) {
            if (v === undefined) {
                delete map[k];
            }
        }
        const found = issues(map);
        expect(found.map((i) => i.key)).toContain(key);
        expect(found.find((i) => i.key === key)?.message).toMatch(message);
    });
});

describe("credential shapes", () => {
    it("registry credentials must be USERNAME:PASSWORD, and the message does not echo the value", () => {
        const { config } = configFromYaml(ONPREM);
        const check = (value: string): ParseResult => parseConfig({ values: { ...config, "devana:registryPassword": value }, secretKeys: new Set(["devana:registryPassword"]) }, "devana", "test");
        const bad = check("s3cr3t-token");
        expect(bad.ok ? [] : bad.issues).toEqual([{ key: "devana:registryPassword", message: "expected USERNAME:PASSWORD (the registry credentials the vendor issued)" }]);
        expect(check("robot$devana:s3cr3t-token").ok).toBe(true);
    });
});

describe("problems are reported together", () => {
    it("lists every bad key of one configuration", () => {
        const found = issues({
            ...AWS,
            "devana:kubernetesVersion": "1.29",
            "devana:audit": { retentionDays: 90 },
            "devana:network": { zones: { services: "10.0.10.0/25", ai: "10.9.40.0/24" } },
            "devana:nodePools": { gpuLlm: { machineType: "p5.4xlarge" } },
        });
        expect(found.map((i) => i.key).sort()).toEqual(["devana:audit.retentionDays", "devana:kubernetesVersion", "devana:llm.model", "devana:network.zones.ai", "devana:network.zones.services"]);
    });
});

describe("warnings", () => {
    it("says which credentials are missing without failing", () => {
        const result = parse({ ...ONPREM, "devana:sso": { oidc: { issuer: "https://idp.example.com", clientId: "devana" } } });
        expect(result.ok).toBe(true);
        expect(result.warnings).toEqual([
            "devana:sso.oidc is configured but devana:oidcClientSecret is not set: sign-in through it fails until it is",
            "devana:llmApiKey is not set: the cloud LLM (openai) must then be configured in Devana's admin UI",
            "devana:licenceKey is not set: Devana refuses to start without its licence",
        ]);
    });
    it("accepts credentials set as secrets", () => {
        const result = parse({ ...ONPREM, "devana:licenceKey": { secure: "v1:abc" }, "devana:llmApiKey": { secure: "v1:def" } });
        expect(result.ok && result.warnings).toEqual([]);
        expect(result.ok && [...result.config.secretsSet].sort()).toEqual(["licenceKey", "llmApiKey"]);
    });
});

describe("zone labels (issue 20, R-NET-ZONES)", () => {
    it("every on-prem pool selects devana.ai/zone beside the customer's labels", () => {
        const config = ok({ ...ONPREM, "devana:nodePools": { compute: { nodeLabels: { "node.example.internal/pool": "compute" } } } });
        expect(Object.fromEntries(Object.values(config.nodePools).map((p) => [p.name, p.nodeLabels]))).toEqual({
            compute: { "node.example.internal/pool": "compute", "devana.ai/zone": "app" },
            services: { "devana.ai/pool": "services", "devana.ai/zone": "services" },
            gpuLlm: { "devana.ai/pool": "gpuLlm", "devana.ai/zone": "ai" },
            gpuEmbed: { "devana.ai/pool": "gpuEmbed", "devana.ai/zone": "ai" },
            data: { "devana.ai/pool": "data", "devana.ai/zone": "data" },
            management: { "devana.ai/pool": "management", "devana.ai/zone": "management" },
        });
    });

    it("onprem.zoneLabels: false leaves the customer's labels alone (one-node development clusters)", () => {
        const onprem = ONPREM["devana:onprem"] as Record<string, unknown>;
        const config = ok({ ...ONPREM, "devana:onprem": { ...onprem, zoneLabels: false }, "devana:nodePools": { data: { nodeLabels: { "kubernetes.io/os": "linux" } } } });
        expect(config.nodePools.data.nodeLabels).toEqual({ "kubernetes.io/os": "linux" });
        expect(config.nodePools.management.nodeLabels).toEqual({ "devana.ai/pool": "management" });
    });
});
