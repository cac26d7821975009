/**
 * Issue 10 configuration: the WAF switch (R-SEC-ZONES), the on-prem distribution (R-K8S), the
 * geo-replication settings (R-STO-BACKUP). Each rule fails naming its key.
 */
import { describe, expect, it } from "vitest";
import { issues, ok, ONPREM as BASE, parse } from "../support/parse-helpers";

const PROD_SSO_ONLY = { "devana:environment": "prod", "devana:sso": { oidc: { issuer: "https://login.example.com", clientId: "devana" } } };
/** Issue 18: an on-prem prod stack needs its backups off the cluster (replica keys from a Secret here). */
const OFF_SITE = { "devana:onprem": { replication: { endpoint: "https://s3.site-b.example.internal", filesBucket: "devana-files", backupsBucket: "devana-backups", credentialsSecret: "site-b-keys" } } };
const PROD_SSO = { ...PROD_SSO_ONLY, ...OFF_SITE };
const AWS_BLOCK = { region: "eu-north-1", availabilityZones: ["eu-north-1a", "eu-north-1b", "eu-north-1c"] };
const CERT = "arn:aws:acm:eu-north-1:210987654321:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const AZURE_BLOCK = { location: "swedencentral" };
const KV_SECRET = "https://kv-certs.vault.azure.net/secrets/devana-tls";
/** Issue 16: what a private prod cluster needs besides (a deploy path, the deploy role, humans, break-glass). */
const AWS_PROD_ACCESS = {
    deployer: { cidrs: ["10.100.8.0/24"], transitGatewayId: "tgw-0a1b2c3d4e5f60718" },
    access: { deployRoleArn: "arn:aws:iam::210987654321:role/deploy", breakGlassRoleArn: "arn:aws:iam::210987654321:role/break-glass" },
    adminPrincipalArns: ["arn:aws:iam::210987654321:role/admins"],
};
const AZURE_PROD_ACCESS = {
    hub: { vnetId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub" },
    adminGroupObjectIds: ["3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"],
    access: { breakGlassGroupObjectId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" },
};

describe("devana:waf", () => {
    it("is on by default in prod and off elsewhere, with the documented defaults", () => {
        expect(ok(BASE).waf).toEqual({ enabled: false, onprem: "customer", rateLimit: 2000, maxBodyMiB: 200, trustedProxies: [] });
        expect(ok({ ...BASE, ...PROD_SSO }).waf.enabled).toBe(true);
    });

    it("takes true/false as short for { enabled }", () => {
        expect(ok({ ...BASE, "devana:waf": true }).waf).toEqual({ enabled: true, onprem: "customer", rateLimit: 2000, maxBodyMiB: 200, trustedProxies: [] });
        expect(ok({ ...BASE, ...PROD_SSO, "devana:waf": false }).waf.enabled).toBe(false);
    });

    it("warns when a prod stack turns it off", () => {
        expect(ok({ ...BASE, ...PROD_SSO, "devana:waf": false }).warnings.some((w) => w.startsWith("devana:waf is off in prod"))).toBe(true);
    });

    it("rejects unknown modes and limits out of range, naming the key", () => {
        expect(issues({ ...BASE, "devana:waf": { onprem: "modsec" } }).map((i) => i.key)).toEqual(["devana:waf.onprem"]);
        expect(issues({ ...BASE, "devana:waf": { rateLimit: 10 } }).map((i) => i.key)).toEqual(["devana:waf.rateLimit"]);
        expect(issues({ ...BASE, "devana:waf": { maxBodyMiB: 0 } }).map((i) => i.key)).toEqual(["devana:waf.maxBodyMiB"]);
    });

    it("caps the body at 1024 MiB only with the on-prem in-cluster WAF (ModSecurity holds bodies in memory)", () => {
        expect(issues({ ...BASE, "devana:waf": { enabled: true, onprem: "in-cluster", maxBodyMiB: 2000 } })).toEqual([{ key: "devana:waf.maxBodyMiB", message: expect.stringContaining("at most 1024 with the in-cluster WAF") }]);
        expect(ok({ ...BASE, "devana:waf": { enabled: true, onprem: "in-cluster", maxBodyMiB: 1024 } }).waf.maxBodyMiB).toBe(1024);
        expect(ok({ ...BASE, "devana:waf": { enabled: true, onprem: "customer", maxBodyMiB: 2000 } }).waf.maxBodyMiB).toBe(2000);
    });

    it("needs the ALB's ACM certificate on AWS and the listener's Key Vault secret on Azure", () => {
        const aws = { ...BASE, "devana:target": "aws", "devana:aws": AWS_BLOCK, "devana:waf": true };
        expect(issues(aws)).toEqual([{ key: "devana:aws.certificateArn", message: expect.stringContaining("required with devana:waf") }]);
        expect(ok({ ...aws, "devana:aws": { ...AWS_BLOCK, certificateArn: CERT } }).waf.enabled).toBe(true);
        const azure = { ...BASE, "devana:target": "azure", "devana:azure": AZURE_BLOCK, "devana:waf": true };
        expect(issues(azure)).toEqual([{ key: "devana:azure.wafCertificateSecretId", message: expect.stringContaining("required with devana:waf") }]);
        expect(ok({ ...azure, "devana:azure": { ...AZURE_BLOCK, wafCertificateSecretId: KV_SECRET } }).azure?.wafCertificateSecretId).toBe(KV_SECRET);
    });

    it("rejects a versioned or foreign Key Vault secret id", () => {
        const azure = (id: string) => ({ ...BASE, "devana:target": "azure", "devana:azure": { ...AZURE_BLOCK, wafCertificateSecretId: id } });
        expect(issues(azure(`${KV_SECRET}/0123456789abcdef0123456789abcdef`)).map((i) => i.key)).toEqual(["devana:azure.wafCertificateSecretId"]);
        expect(issues(azure("https://example.com/secrets/x")).map((i) => i.key)).toEqual(["devana:azure.wafCertificateSecretId"]);
    });
});

describe("devana:distribution", () => {
    it("defaults to vanilla and accepts openshift and rke2 on-prem", () => {
        expect(ok(BASE).distribution).toBe("vanilla");
        expect(ok({ ...BASE, "devana:distribution": "openshift" }).distribution).toBe("openshift");
        expect(ok({ ...BASE, "devana:distribution": "rke2" }).distribution).toBe("rke2");
    });

    it("is an on-prem choice: EKS is the distribution on AWS", () => {
        const aws = { ...BASE, "devana:target": "aws", "devana:aws": AWS_BLOCK, "devana:distribution": "openshift" };
        expect(issues(aws)).toEqual([{ key: "devana:distribution", message: "applies to devana:target onprem only: EKS is the distribution on aws" }]);
    });

    it("says where the old onprem.distribution went", () => {
        expect(issues({ ...BASE, "devana:onprem": { distribution: "rke2" } })).toContainEqual({ key: "devana:onprem.distribution", message: "moved: set devana:distribution instead" });
    });
});

describe("geo-replication (R-STO-BACKUP)", () => {
    const awsProd = { ...BASE, ...PROD_SSO_ONLY, "devana:target": "aws", "devana:tier": "enterprise", "devana:llm": { scenario: "selfhosted", model: "llama-3.3-70b" } };

    it("requires aws.replicaRegion in prod, in another region", () => {
        expect(issues({ ...awsProd, "devana:aws": { ...AWS_BLOCK, ...AWS_PROD_ACCESS, certificateArn: CERT } })).toEqual([{ key: "devana:aws.replicaRegion", message: expect.stringContaining("required in prod") }]);
        expect(issues({ ...awsProd, "devana:aws": { ...AWS_BLOCK, ...AWS_PROD_ACCESS, certificateArn: CERT, replicaRegion: "eu-north-1" } })).toEqual([
            { key: "devana:aws.replicaRegion", message: expect.stringContaining("must differ from aws.region") },
        ]);
        expect(ok({ ...awsProd, "devana:aws": { ...AWS_BLOCK, ...AWS_PROD_ACCESS, certificateArn: CERT, replicaRegion: "eu-central-1" } }).aws?.replicaRegion).toBe("eu-central-1");
    });

    it("refuses single-region Blob Storage in prod", () => {
        const azure = { ...awsProd, "devana:target": "azure", "devana:waf": false, "devana:azure": { ...AZURE_BLOCK, ...AZURE_PROD_ACCESS, storageSku: "Standard_ZRS" } };
        expect(issues(azure)).toEqual([{ key: "devana:azure.storageSku", message: expect.stringContaining("Standard_ZRS stays in one region") }]);
    });

    it("takes an on-prem replication endpoint with its own credentials", () => {
        const replication = { endpoint: "https://s3.site-b.example.internal", filesBucket: "devana-files", backupsBucket: "devana-backups" };
        const withReplication = { ...BASE, "devana:onprem": { replication } };
        expect(issues(withReplication).map((i) => i.key)).toEqual(["devana:replicaS3AccessKeyId", "devana:replicaS3SecretAccessKey"]);
        const config = ok(withReplication, ["replicaS3AccessKeyId", "replicaS3SecretAccessKey"]);
        expect(config.onprem?.replication).toEqual({ ...replication, region: "us-east-1", forcePathStyle: true, schedule: "*/15 * * * *" });
    });

    it("refuses replicating to the primary endpoint or over plain HTTP", () => {
        const external = { endpoint: "https://s3.example.internal", filesBucket: "files", backupsBucket: "backups" };
        const same = { ...BASE, "devana:onprem": { externalS3: external, replication: { endpoint: "https://s3.example.internal/", filesBucket: "files-b", backupsBucket: "backups-b" } } };
        expect(issues(same, ["s3AccessKeyId", "s3SecretAccessKey", "replicaS3AccessKeyId", "replicaS3SecretAccessKey"])).toEqual([
            { key: "devana:onprem.replication.endpoint", message: "is the primary S3 endpoint: geo-replication needs a second site" },
        ]);
        const http = { ...BASE, "devana:onprem": { replication: { endpoint: "http://s3.site-b", filesBucket: "files", backupsBucket: "backups" } } };
        expect(issues(http, ["replicaS3AccessKeyId", "replicaS3SecretAccessKey"]).map((i) => i.key)).toEqual(["devana:onprem.replication.endpoint"]);
    });

    it("refuses an on-prem prod stack whose backups stay on the cluster (issue 18)", () => {
        expect(issues({ ...BASE, ...PROD_SSO_ONLY })).toEqual([{ key: "devana:onprem.replication", message: expect.stringContaining("required in prod without onprem.externalS3") }]);
        // dev keeps the in-cluster store alone.
        expect(ok(BASE).onprem?.replication).toBeUndefined();
    });

    it("takes the customer's S3 as the off-cluster backup target in prod, with a warning to replicate it (issue 18)", () => {
        const external = { endpoint: "https://s3.example.internal", filesBucket: "files", backupsBucket: "backups" };
        const config = { ...BASE, ...PROD_SSO_ONLY, "devana:onprem": { externalS3: external } };
        const result = parse(config, ["s3AccessKeyId", "s3SecretAccessKey"]);
        expect(result.ok).toBe(true);
        expect(result.warnings.filter((w) => w.startsWith("devana:onprem.replication is not set"))).toEqual([
            "devana:onprem.replication is not set: backups go to onprem.externalS3 only; R-STO-BACKUP asks geo-replication, so that endpoint must replicate to another site itself",
        ]);
    });

    it("takes the replica keys from an existing Secret instead of Pulumi secrets, never both (issue 18)", () => {
        const replication = { endpoint: "https://s3.site-b.example.internal", filesBucket: "devana-files", backupsBucket: "devana-backups", credentialsSecret: "site-b-keys" };
        const config = { ...BASE, ...PROD_SSO_ONLY, "devana:onprem": { replication } };
        expect(ok(config).onprem?.replication?.credentialsSecret).toBe("site-b-keys");
        expect(issues(config, ["replicaS3AccessKeyId"])).toEqual([{ key: "devana:replicaS3AccessKeyId", message: "set together with devana:onprem.replication.credentialsSecret: keep one source of the replica keys" }]);
    });

    it("keeps weekly snapshots 90 days by default, at least one week", () => {
        expect(ok(BASE).backup.weeklyRetentionDays).toBe(90);
        expect(issues({ ...BASE, "devana:backup": { weeklyRetentionDays: 3 } }).map((i) => i.key)).toEqual(["devana:backup.weeklyRetentionDays"]);
    });
});

describe("devana:onprem.clusterScope (issue 10)", () => {
    it("defaults to install and accepts preinstalled", () => {
        expect(ok(BASE).onprem?.clusterScope).toBe("install");
        expect(ok({ ...BASE, "devana:distribution": "openshift", "devana:onprem": { clusterScope: "preinstalled" } }).onprem?.clusterScope).toBe("preinstalled");
        expect(ok({ ...BASE, "devana:onprem": { clusterScope: "preinstalled" } }).onprem?.clusterScope).toBe("preinstalled");
    });

    it("refuses other values, naming the key", () => {
        expect(issues({ ...BASE, "devana:onprem": { clusterScope: "namespaced" } }).map((i) => i.key)).toEqual(["devana:onprem.clusterScope"]);
    });

    it("is an on-prem setting: the onprem block is refused on a cloud target", () => {
        const aws = { ...BASE, "devana:target": "aws", "devana:aws": AWS_BLOCK, "devana:onprem": { clusterScope: "preinstalled" } };
        expect(issues(aws)).toEqual([{ key: "devana:onprem", message: "only applies to devana:target onprem, but the target is aws" }]);
    });
});

describe("devana:onprem.storage.<class>.encryptionAtRest (R-SEC-REST)", () => {
    const statement = "Ceph RBD with LUKS, keys in the customer's Vault";

    it("is taken for an existing class, or any class when preinstalled", () => {
        expect(ok({ ...BASE, "devana:onprem": { storage: { standard: { existing: true, encryptionAtRest: statement } } } }).onprem?.storage.standard.encryptionAtRest).toBe(statement);
        expect(ok({ ...BASE, "devana:onprem": { clusterScope: "preinstalled", storage: { fastSsd: { encryptionAtRest: statement } } } }).onprem?.storage.fastSsd.encryptionAtRest).toBe(statement);
    });

    it("is refused on a class the program creates, and when it says nothing", () => {
        expect(issues({ ...BASE, "devana:onprem": { storage: { fastSsd: { encryptionAtRest: statement } } } })).toEqual([
            { key: "devana:onprem.storage.fastSsd.encryptionAtRest", message: expect.stringContaining("the program creates this one") },
        ]);
        expect(issues({ ...BASE, "devana:onprem": { storage: { standard: { existing: true, encryptionAtRest: "yes" } } } }).map((i) => i.key)).toEqual(["devana:onprem.storage.standard.encryptionAtRest"]);
    });
});
