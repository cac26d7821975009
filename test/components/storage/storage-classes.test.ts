/**
 * On-prem storage inputs (pure): the R-STO StorageClasses per CSI driver with encryption where the
 * driver supports it, the MetalLB pool, and the config rules of devana:onprem.storage / metallb /
 * externalS3. It does not prove the driver is installed or that its encryption works on the nodes.
 */
import { describe, expect, it } from "vitest";
import { parseConfig, type RawConfig } from "../../../config/resolve";
import { KEY_SCHEMAS } from "../../../config/schema";
import { metallbPoolSpec } from "../../../components/network/metallb-pool";
import { driverEncryption, ENCRYPTION_SECRET_NAME, storageClassPlan } from "../../../components/storage/storage-classes";

describe("driverEncryption: which CSI drivers encrypt", () => {
    it.each([
        ["driver.longhorn.io", "longhorn", { encrypted: "true" }],
        ["rook-ceph.rbd.csi.ceph.com", "csi", { encrypted: "true" }],
        ["rook-ceph.cephfs.csi.ceph.com", "csi", { encrypted: "true" }],
        ["ebs.csi.aws.com", "csi", { encrypted: "true" }],
        ["pxd.portworx.com", "csi", { secure: "true" }],
        ["disk.csi.azure.com", "platform", {}],
        ["csi.vsphere.vmware.com", "backend", {}],
        ["rancher.io/local-path", "node-disk", {}],
        ["topolvm.io", "node-disk", {}],
        ["example.com/unknown", "backend", {}],
    ])("%s -> %s", (provisioner, mode, parameters) => {
        expect(driverEncryption(provisioner)).toMatchObject({ mode, parameters });
    });
});

describe("storageClassPlan", () => {
    it("Longhorn: fast-ssd and standard, LUKS parameters wired to the generated passphrase Secret, WaitForFirstConsumer, Retain when protected", () => {
        const plan = storageClassPlan({ provisioner: "driver.longhorn.io", parameters: { numberOfReplicas: "3" }, protect: true });
        expect(plan.map((c) => [c.name, c.existing])).toEqual([
            ["fast-ssd", false],
            ["standard", false],
        ]);
        for (const c of plan) {
            expect(c.spec).toMatchObject({ provisioner: "driver.longhorn.io", reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true });
            expect(c.spec?.parameters).toEqual({
                encrypted: "true",
                numberOfReplicas: "3",
                "csi.storage.k8s.io/provisioner-secret-name": ENCRYPTION_SECRET_NAME,
                "csi.storage.k8s.io/provisioner-secret-namespace": "longhorn-system",
                "csi.storage.k8s.io/node-publish-secret-name": ENCRYPTION_SECRET_NAME,
                "csi.storage.k8s.io/node-publish-secret-namespace": "longhorn-system",
                "csi.storage.k8s.io/node-stage-secret-name": ENCRYPTION_SECRET_NAME,
                "csi.storage.k8s.io/node-stage-secret-namespace": "longhorn-system",
            });
            expect(c.spec?.annotations["devana.ai/encryption-at-rest"]).toMatch(/^longhorn: /);
        }
    });

    it("per-class overrides, an existing class, s3-csi only when configured, Delete when unprotected", () => {
        const plan = storageClassPlan({
            provisioner: "rook-ceph.rbd.csi.ceph.com",
            parameters: { pool: "replicapool" },
            fastSsd: { parameters: { pool: "nvme", encryptionKMSID: "vault" } },
            standard: { existing: true },
            s3Csi: { provisioner: "s3.csi.aws.com", parameters: { bucketName: "b" } },
        });
        expect(plan.map((c) => c.name)).toEqual(["fast-ssd", "standard", "s3-csi"]);
        expect(plan[0].spec?.parameters).toEqual({ encrypted: "true", pool: "nvme", encryptionKMSID: "vault" });
        expect(plan[0].spec?.reclaimPolicy).toBe("Delete");
        expect(plan[1].existing).toBe(true);
        expect(plan[1].spec).toBeUndefined();
        expect(plan[2].spec).toMatchObject({ provisioner: "s3.csi.aws.com", parameters: { bucketName: "b" }, volumeBindingMode: "Immediate" });
        expect(storageClassPlan({ provisioner: "rancher.io/local-path" }).map((c) => c.name)).toEqual(["fast-ssd", "standard"]);
    });

    it("MetalLB pool: the configured ranges, auto-assigned to the gateway Service", () => {
        expect(metallbPoolSpec({ addresses: ["10.0.1.240-10.0.1.250"] })).toEqual({ addresses: ["10.0.1.240-10.0.1.250"], autoAssign: true });
    });
});

describe("devana:onprem data keys", () => {
    const onprem = KEY_SCHEMAS.onprem;

    it("defaults: local-path, no MetalLB, no external S3", () => {
        const parsed = onprem.parse({});
        expect(parsed.storage).toMatchObject({ provisioner: "rancher.io/local-path", parameters: {}, encryptionSecretNamespace: "longhorn-system" });
        expect(parsed.metallb).toBeUndefined();
        expect(parsed.externalS3).toBeUndefined();
    });

    it.each([
        [{ storage: { provisioner: "Not A Driver" } }, "storage.provisioner", "expected a CSI driver name"],
        [{ storage: { standard: { existing: true, provisioner: "driver.longhorn.io" } } }, "storage.standard", "an existing class is used as it is"],
        [{ metallb: { addresses: [] } }, "metallb.addresses", "at least one address range"],
        [{ metallb: { addresses: ["10.0.1.300"] } }, "metallb.addresses.0", "expected a CIDR"],
        [{ externalS3: { endpoint: "http://s3.example.internal", filesBucket: "files", backupsBucket: "backups" } }, "externalS3.endpoint", "https://"],
        [{ externalS3: { endpoint: "https://s3.example.internal", filesBucket: "same", backupsBucket: "same" } }, "externalS3", "must differ"],
        [{ externalS3: { endpoint: "https://s3.example.internal", filesBucket: "Bad_Bucket", backupsBucket: "backups" } }, "externalS3.filesBucket", "not a valid S3 bucket name"],
    ])("rejects %j at %s", (value, path, message) => {
        const result = onprem.safeParse(value);
        expect(result.success).toBe(false);
        const issue = result.error?.issues.find((i) => i.path.join(".") === path);
        expect(issue?.message).toContain(message);
    });

    const raw = (extra: Record<string, string>, secretKeys: string[] = []): RawConfig => ({
        values: {
            "devana:target": "onprem",
            "devana:environment": "dev",
            "devana:tier": "minimal",
            "devana:llm": JSON.stringify({ scenario: "cloud", cloudProvider: "openai", cloudModel: "gpt-4.1" }),
            "devana:domain": "devana.example.com",
            "devana:tls": JSON.stringify({ mode: "internal-ca" }),
            "devana:images": JSON.stringify({ tags: { api: "2.8.0", frontend: "2.8.0", odin: "1.9.0" } }),
            ...extra,
        },
        secretKeys: new Set(secretKeys),
    });
    const externalS3 = { "devana:onprem": JSON.stringify({ externalS3: { endpoint: "https://s3.example.internal", filesBucket: "devana-files", backupsBucket: "devana-backups" } }) };

    it("externalS3 without its credentials: one issue per missing secret key", () => {
        const result = parseConfig(raw(externalS3));
        expect(result.ok).toBe(false);
        expect(!result.ok && result.issues.filter((i) => i.key.startsWith("devana:s3")).map((i) => i.key)).toEqual(["devana:s3AccessKeyId", "devana:s3SecretAccessKey"]);
    });

    it("externalS3 with its credentials as secrets is accepted", () => {
        const result = parseConfig(raw({ ...externalS3, "devana:s3AccessKeyId": "AKIAEXAMPLE0000", "devana:s3SecretAccessKey": "secretsecretsecret" }, ["devana:s3AccessKeyId", "devana:s3SecretAccessKey"]));
        expect(result.ok && result.config.onprem?.externalS3).toMatchObject({ region: "us-east-1", forcePathStyle: true });
    });
});
