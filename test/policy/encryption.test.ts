/**
 * R-SEC-REST policies over hand-built resources (pure and fast): a compliant baseline and one
 * failing case per checked field. Does not prove the keys exist or are usable by the services.
 */
import { describe, expect, it } from "vitest";
import * as enc from "../../policy/encryption";
import { failures, res, run, variant } from "./harness";
import { policySuite } from "./suite";

const T = enc.TYPES;
const KEY = "arn:aws:kms:eu-west-3:123456789012:key/0000";

const ebsDefaults = [res(T.ebsEncryptionByDefault, "ebs-default", { enabled: true }), res(T.ebsDefaultKmsKey, "ebs-key", { keyArn: KEY }), res("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" })];
policySuite(enc.awsEbsEncryptionByDefault, ebsDefaults, [
    { field: "EncryptionByDefault (missing on an AWS stack)", resources: ebsDefaults.slice(1), expected: /no aws.ebs.EncryptionByDefault/ },
    { field: "EncryptionByDefault.enabled", resources: variant(ebsDefaults, 0, (i) => (i.enabled = false)), expected: /enabled is false/ },
    { field: "DefaultKmsKey (missing)", resources: [ebsDefaults[0]!, ebsDefaults[2]!], expected: /no aws.ebs.DefaultKmsKey/ },
]);

describe("aws-ebs-encryption-by-default scope", () => {
    it("does not apply to a stack without AWS resources", async () => {
        expect(await run([enc.awsEbsEncryptionByDefault], [res("kubernetes:core/v1:Namespace", "ns", {})])).toEqual([]);
    });
});

const lt = [
    res(T.launchTemplate, "lt", {
        blockDeviceMappings: [
            { deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY, volumeSize: 100, volumeType: "gp3" } },
            { deviceName: "/dev/sdb", virtualName: "ephemeral0" },
        ],
    }),
];
policySuite(enc.awsLaunchTemplateEncrypted, lt, [
    { field: 'blockDeviceMappings[].ebs.encrypted ("false")', resources: variant(lt, 0, (i) => (i.blockDeviceMappings[0].ebs.encrypted = "false")), expected: /ebs.encrypted is "false"/ },
    { field: "blockDeviceMappings[].ebs.encrypted (unset)", resources: variant(lt, 0, (i) => delete i.blockDeviceMappings[0].ebs.encrypted), expected: /ebs.encrypted is unset/ },
    { field: "blockDeviceMappings[].ebs.kmsKeyId", resources: variant(lt, 0, (i) => delete i.blockDeviceMappings[0].ebs.kmsKeyId), expected: /ebs.kmsKeyId is unset/ },
]);

const keys = [res(T.kmsKey, "key", { enableKeyRotation: true, deletionWindowInDays: 30 }), res(T.kmsKey, "signing", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" })];
policySuite(enc.awsKmsKeyRotation, keys, [
    { field: "enableKeyRotation (false)", resources: variant(keys, 0, (i) => (i.enableKeyRotation = false)), expected: /enableKeyRotation is false/ },
    { field: "enableKeyRotation (unset)", resources: variant(keys, 0, (i) => delete i.enableKeyRotation), expected: /enableKeyRotation is unset/ },
    { field: "rotationPeriodInDays", resources: variant(keys, 0, (i) => (i.rotationPeriodInDays = 730)), expected: /rotationPeriodInDays is 730/ },
]);

const eks = [res(T.eksCluster, "eks", { name: "devana-prod", encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY } } })];
policySuite(enc.awsEksSecretsEncryption, eks, [
    { field: "encryptionConfig.resources", resources: variant(eks, 0, (i) => (i.encryptionConfig.resources = [])), expected: /must include "secrets"/ },
    { field: "encryptionConfig.provider.keyArn", resources: variant(eks, 0, (i) => delete i.encryptionConfig), expected: /keyArn is unset/ },
]);

const stores = [
    res(T.ebsVolume, "vol", { availabilityZone: "eu-north-1a", size: 10, encrypted: true, kmsKeyId: KEY }),
    res(T.rdsInstance, "db", { storageEncrypted: true, kmsKeyId: KEY }),
    res(T.rdsCluster, "aurora", { storageEncrypted: true, kmsKeyId: KEY }),
    res(T.efsFileSystem, "fs", { encrypted: true, kmsKeyId: KEY }),
];
policySuite(enc.awsStorageEncryption, stores, [
    { field: "EBS volume encrypted", resources: variant(stores, 0, (i) => (i.encrypted = false)), expected: /encrypted is false/ },
    { field: "EBS volume kmsKeyId", resources: variant(stores, 0, (i) => delete i.kmsKeyId), expected: /kmsKeyId is unset/ },
    { field: "RDS instance storageEncrypted", resources: variant(stores, 1, (i) => delete i.storageEncrypted), expected: /storageEncrypted is unset/ },
    { field: "RDS cluster kmsKeyId", resources: variant(stores, 2, (i) => delete i.kmsKeyId), expected: /kmsKeyId is unset/ },
    { field: "EFS encrypted", resources: variant(stores, 3, (i) => (i.encrypted = false)), expected: /encrypted is false/ },
]);

const sseRule = { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true };
const sse = [res(T.s3Sse, "sse", { bucket: "files-id", rules: [sseRule] }), res(T.s3SseV2, "sse2", { bucket: "logs-id", rules: [sseRule] })];
policySuite(enc.awsS3SseKms, sse, [
    { field: "rules[].applyServerSideEncryptionByDefault.sseAlgorithm (V1)", resources: variant(sse, 0, (i) => (i.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = "AES256")), expected: /sseAlgorithm is "AES256"/ },
    { field: "rules[].applyServerSideEncryptionByDefault.kmsMasterKeyId (V2)", resources: variant(sse, 1, (i) => delete i.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId), expected: /kmsMasterKeyId is unset/ },
    { field: "rules (no default encryption rule)", resources: variant(sse, 0, (i) => (i.rules = [{ bucketKeyEnabled: true }])), expected: /sseAlgorithm is unset/ },
    {
        field: "inline serverSideEncryptionConfiguration of a Bucket",
        resources: [res(T.s3Bucket, "b", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } })],
        expected: /AES256/,
    },
]);

const buckets = [res(T.s3Bucket, "files", { bucket: "files" }), res(T.s3BucketV2, "logs", {}), ...sse];
policySuite(enc.awsS3BucketHasSseKms, buckets, [
    { field: "a bucket without SSE configuration", resources: [buckets[0]!, buckets[1]!, buckets[3]!], expected: /bucket files has no server-side encryption configuration with aws:kms/ },
    { field: "the attached configuration's sseAlgorithm", resources: variant(buckets, 3, (i) => (i.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = "AES256")), expected: /bucket logs has no/ },
]);

const aks = [res(T.aksCluster, "aks", { diskEncryptionSetID: "/subscriptions/x/des", securityProfile: { azureKeyVaultKms: { enabled: true, keyId: "https://kv.vault.azure.net/keys/k/1" } } })];
policySuite(enc.azureAksEncryption, aks, [
    { field: "diskEncryptionSetID", resources: variant(aks, 0, (i) => delete i.diskEncryptionSetID), expected: /diskEncryptionSetID is unset/ },
    { field: "securityProfile.azureKeyVaultKms.enabled", resources: variant(aks, 0, (i) => (i.securityProfile.azureKeyVaultKms.enabled = false)), expected: /azureKeyVaultKms.enabled is false/ },
    { field: "securityProfile.azureKeyVaultKms.keyId", resources: variant(aks, 0, (i) => delete i.securityProfile.azureKeyVaultKms.keyId), expected: /keyId is unset/ },
]);

const pools = [res(T.aksAgentPool, "pool", { enableEncryptionAtHost: true, osDiskType: "Managed" }), res(T.aksCluster, "aks-inline", { agentPoolProfiles: [{ name: "system", mode: "System", enableEncryptionAtHost: true }] })];
policySuite(enc.azureAksEncryptionAtHost, pools, [
    { field: "AgentPool enableEncryptionAtHost", resources: variant(pools, 0, (i) => delete i.enableEncryptionAtHost), expected: /enableEncryptionAtHost is unset/ },
    { field: "agentPoolProfiles[].enableEncryptionAtHost", resources: variant(pools, 1, (i) => (i.agentPoolProfiles[0].enableEncryptionAtHost = false)), expected: /agentPoolProfiles "system": enableEncryptionAtHost is false/ },
]);

const vaultKeys = [
    res(T.vaultKey, "kms", {
        keyName: "kms",
        properties: {
            kty: "RSA-HSM",
            keySize: 3072,
            rotationPolicy: {
                lifetimeActions: [
                    { action: { type: "rotate" }, trigger: { timeAfterCreate: "P365D" } },
                    { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } },
                ],
            },
        },
    }),
];
policySuite(enc.azureKeyVaultKeyRotation, vaultKeys, [
    { field: "properties.rotationPolicy (missing)", resources: variant(vaultKeys, 0, (i) => delete i.properties.rotationPolicy), expected: /no rotate action/ },
    { field: "lifetimeActions[].action.type (notify only)", resources: variant(vaultKeys, 0, (i) => i.properties.rotationPolicy.lifetimeActions.shift()), expected: /no rotate action/ },
    { field: "lifetimeActions[].trigger.timeAfterCreate", resources: variant(vaultKeys, 0, (i) => (i.properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate = "P2Y")), expected: /rotate at least yearly/ },
]);

const sa = [
    res(T.storageAccount, "sa", {
        encryption: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyName: "blob", keyVaultUri: "https://kv.vault.azure.net/" }, requireInfrastructureEncryption: true },
    }),
];
policySuite(enc.azureStorageCmk, sa, [
    { field: "encryption.keySource", resources: variant(sa, 0, (i) => (i.encryption.keySource = "Microsoft.Storage")), expected: /keySource is "Microsoft.Storage"/ },
    { field: "encryption.keyVaultProperties", resources: variant(sa, 0, (i) => delete i.encryption.keyVaultProperties.keyName), expected: /keyName and keyVaultUri/ },
    { field: "encryption.requireInfrastructureEncryption", resources: variant(sa, 0, (i) => delete i.encryption.requireInfrastructureEncryption), expected: /requireInfrastructureEncryption is unset/ },
]);

const des = [res(T.diskEncryptionSet, "des", { encryptionType: "EncryptionAtRestWithCustomerKey", activeKey: { keyUrl: "https://kv.vault.azure.net/keys/disk/1" }, rotationToLatestKeyVersionEnabled: true })];
policySuite(enc.azureDiskEncryptionSetCmk, des, [
    { field: "encryptionType", resources: variant(des, 0, (i) => (i.encryptionType = "ConfidentialVmEncryptedWithCustomerKey")), expected: /encryptionType is "ConfidentialVmEncryptedWithCustomerKey"/ },
    { field: "activeKey.keyUrl", resources: variant(des, 0, (i) => delete i.activeKey), expected: /activeKey.keyUrl is unset/ },
    { field: "rotationToLatestKeyVersionEnabled", resources: variant(des, 0, (i) => (i.rotationToLatestKeyVersionEnabled = false)), expected: /rotationToLatestKeyVersionEnabled is false/ },
]);

const sc = (name: string, provisioner: string, parameters?: Record<string, string>, annotations?: Record<string, string>) =>
    res(T.storageClass, name, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name, annotations }, provisioner, parameters });
const classes = [
    sc("fast-ssd", "ebs.csi.aws.com", { type: "io2", encrypted: "true", kmsKeyId: KEY }),
    sc("standard", "disk.csi.azure.com", { skuName: "Premium_LRS", diskEncryptionSetID: "/subscriptions/x/des" }, { "storageclass.kubernetes.io/is-default-class": "true" }),
    sc("longhorn-crypto", "driver.longhorn.io", { encrypted: "true", "csi.storage.k8s.io/node-publish-secret-name": "longhorn-crypto", "csi.storage.k8s.io/provisioner-secret-name": "longhorn-crypto" }),
    sc("ceph-rbd", "rook-ceph.rbd.csi.ceph.com", { encrypted: "true", encryptionKMSID: "vault" }),
    sc("s3-csi", "s3.csi.aws.com"),
];
policySuite(enc.k8sStorageClassEncrypted, classes, [
    { field: "EBS CSI parameters.encrypted", resources: variant(classes, 0, (i) => (i.parameters.encrypted = "false")), expected: /parameters.encrypted is "false"/ },
    { field: "EBS CSI parameters.kmsKeyId", resources: variant(classes, 0, (i) => delete i.parameters.kmsKeyId), expected: /parameters.kmsKeyId is unset/ },
    { field: "Azure Disk CSI parameters.diskEncryptionSetID", resources: variant(classes, 1, (i) => delete i.parameters.diskEncryptionSetID), expected: /diskEncryptionSetID is unset/ },
    { field: "Longhorn parameters.encrypted", resources: variant(classes, 2, (i) => delete i.parameters.encrypted), expected: /parameters.encrypted is unset/ },
    { field: "Longhorn passphrase secret parameters", resources: variant(classes, 2, (i) => (i.parameters = { encrypted: "true" })), expected: /LUKS passphrase secret/ },
    { field: "Ceph RBD parameters.encrypted", resources: variant(classes, 3, (i) => (i.parameters.encrypted = "false")), expected: /"false"/ },
    { field: "provisioner (unverifiable local-path)", resources: [sc("local", "rancher.io/local-path")], expected: /no encryption setting this pack can verify/ },
]);

const pvc = (name: string, storageClassName?: string) =>
    res(T.pvc, name, { metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, ...(storageClassName === undefined ? {} : { storageClassName }) } });
const claims = [
    ...classes,
    pvc("data-pg", "fast-ssd"),
    pvc("uses-default"),
    res(T.statefulSet, "chroma", { spec: { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { storageClassName: "fast-ssd" } }] } }),
    res(T.cnpgCluster, "pg", { spec: { storage: { storageClass: "fast-ssd", size: "500Gi" }, walStorage: { storageClass: "fast-ssd", size: "50Gi" } } }),
];
const unencrypted = sc("plain", "ebs.csi.aws.com", { type: "gp3" });
policySuite(enc.k8sClaimsOnEncryptedStorage, claims, [
    { field: "PVC spec.storageClassName (unencrypted class)", resources: [...claims, unencrypted, pvc("bad", "plain")], expected: /PersistentVolumeClaim bad uses unencrypted StorageClass "plain"/ },
    { field: "PVC spec.storageClassName (class not in the stack)", resources: [...claims, pvc("bad", "customer-class")], expected: /StorageClass "customer-class", which this stack does not declare/ },
    { field: 'PVC spec.storageClassName ("" = static volumes)', resources: [...claims, pvc("bad", "")], expected: /storageClassName "" binds pre-provisioned volumes/ },
    { field: "PVC without storageClassName when no default class is declared", resources: [classes[0]!, pvc("bad")], expected: /the cluster's default StorageClass/ },
    {
        field: "StatefulSet volumeClaimTemplates[].spec.storageClassName",
        resources: [...claims, unencrypted, res(T.statefulSet, "meili", { spec: { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { storageClassName: "plain" } }] } })],
        expected: /StatefulSet meili volumeClaimTemplate "data" uses unencrypted StorageClass/,
    },
    {
        field: "CloudNativePG spec.walStorage.storageClass",
        resources: [...claims, unencrypted, res(T.cnpgCluster, "pg2", { spec: { storage: { storageClass: "fast-ssd" }, walStorage: { storageClass: "plain" } } })],
        expected: /CloudNativePG Cluster pg2 spec.walStorage uses unencrypted StorageClass/,
    },
]);

describe("k8s-pvc-encrypted-storageclass: classes the customer declares encrypted", () => {
    const declaration = (data: Record<string, string>, label = "storage-encryption") =>
        res("kubernetes:core/v1:ConfigMap", "devana-storage-encryption", { metadata: { name: "devana-storage-encryption", namespace: "devana-services", labels: { "devana.ai/declaration": label } }, data });
    const statement = "OpenShift Data Foundation cluster-wide encryption, keys in the customer's Vault";

    it("accepts a class the stack does not create when its encryption is declared, and reports the declaration as advisory", async () => {
        const violations = await run([enc.k8sClaimsOnEncryptedStorage], [declaration({ "odf-ssd": statement }), pvc("data", "odf-ssd")]);
        expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([["policy-exceptions", "advisory"]]);
        expect(violations[0]!.message).toContain(`PersistentVolumeClaim data uses StorageClass "odf-ssd", declared encrypted: ${statement}`);
        expect(violations[0]!.message).toContain("declared-storage-encryption");
    });

    it("still fails a class nobody declared, a ConfigMap without the declaration label, and an empty statement", async () => {
        expect(await failures(enc.k8sClaimsOnEncryptedStorage, [declaration({ "odf-ssd": statement }), pvc("data", "other")])).toEqual([expect.stringMatching(/StorageClass "other", which this stack does not declare/)]);
        expect(await failures(enc.k8sClaimsOnEncryptedStorage, [declaration({ "odf-ssd": statement }, "something-else"), pvc("data", "odf-ssd")])).toHaveLength(1);
        expect(await failures(enc.k8sClaimsOnEncryptedStorage, [declaration({ "odf-ssd": " " }), pvc("data", "odf-ssd")])).toHaveLength(1);
    });

    it("never lets a declaration cover a class the stack creates unencrypted", async () => {
        expect(await failures(enc.k8sClaimsOnEncryptedStorage, [unencrypted, declaration({ plain: statement }), pvc("data", "plain")])).toEqual([expect.stringMatching(/PersistentVolumeClaim data uses unencrypted StorageClass "plain"/)]);
    });
});
