/**
 * R-SEC-REST: encryption at rest, with customer-managed keys wherever the platform offers them
 * (GDPR, ISO 27001: the customer controls, rotates and can revoke the key). Disks (EBS, launch
 * templates, AKS disk encryption sets, StorageClasses per CSI driver, the claims that use them),
 * object stores (S3 SSE-KMS, Storage accounts with Key Vault keys and infrastructure encryption),
 * Kubernetes secrets (EKS envelope encryption, AKS KMS), databases and file systems if present,
 * and the keys themselves (rotation).
 */
import type { PolicyResource } from "@pulumi/policy";
import type { LaunchTemplateArgs } from "@pulumi/aws/ec2/launchTemplate";
import type { KeyArgs } from "@pulumi/aws/kms/key";
import type { VolumeArgs } from "@pulumi/aws/ebs/volume";
import type { EncryptionByDefaultArgs } from "@pulumi/aws/ebs/encryptionByDefault";
import type { InstanceArgs as RdsInstanceArgs } from "@pulumi/aws/rds/instance";
import type { ClusterArgs as RdsClusterArgs } from "@pulumi/aws/rds/cluster";
import type { FileSystemArgs } from "@pulumi/aws/efs/fileSystem";
import type { ClusterArgs as EksClusterArgs } from "@pulumi/aws/eks/cluster";
import type { BucketServerSideEncryptionConfigurationArgs } from "@pulumi/aws/s3/bucketServerSideEncryptionConfiguration";
import type { BucketArgs } from "@pulumi/aws/s3/bucket";
import type { ManagedClusterArgs } from "@pulumi/azure-native/containerservice/managedCluster";
import type { StorageAccountArgs } from "@pulumi/azure-native/storage/storageAccount";
import type { DiskEncryptionSetArgs } from "@pulumi/azure-native/compute/diskEncryptionSet";
import type { AgentPoolArgs } from "@pulumi/azure-native/containerservice/agentPool";
import type { KeyArgs as VaultKeyArgs } from "@pulumi/azure-native/keyvault/key";
import type * as k8s from "@pulumi/kubernetes/types/input";
import { defaultExceptionsFor, FINDING } from "./exceptions";
import { at, type BaseConfig, get, isSet, isTrue, list, ofTypes, type PolicyException, type Props, refersTo, resourcePolicy, show, stackPolicy, subjectOf, UNKNOWN } from "./lib";

export const TYPES = {
    ebsEncryptionByDefault: "aws:ebs/encryptionByDefault:EncryptionByDefault",
    ebsDefaultKmsKey: "aws:ebs/defaultKmsKey:DefaultKmsKey",
    ebsVolume: "aws:ebs/volume:Volume",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    kmsKey: "aws:kms/key:Key",
    eksCluster: "aws:eks/cluster:Cluster",
    rdsInstance: "aws:rds/instance:Instance",
    rdsCluster: "aws:rds/cluster:Cluster",
    efsFileSystem: "aws:efs/fileSystem:FileSystem",
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3Sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    s3SseV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    aksCluster: "azure-native:containerservice:ManagedCluster",
    aksAgentPool: "azure-native:containerservice:AgentPool",
    vaultKey: "azure-native:keyvault:Key",
    storageAccount: "azure-native:storage:StorageAccount",
    diskEncryptionSet: "azure-native:compute:DiskEncryptionSet",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
    pvc: "kubernetes:core/v1:PersistentVolumeClaim",
    configMap: "kubernetes:core/v1:ConfigMap",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    cnpgCluster: "kubernetes:postgresql.cnpg.io/v1:Cluster",
} as const;

function requireKms(c: { fail(message: string): void }, what: string, encrypted: unknown, key: unknown, encryptedField: string, keyField: string): void {
    if (encrypted !== UNKNOWN && !isTrue(encrypted)) {
        c.fail(`${what}: ${encryptedField} is ${show(encrypted)}; it must be true (R-SEC-REST)`);
    }
    if (!isSet(key)) {
        c.fail(`${what}: ${keyField} is unset; encrypt with a customer-managed KMS key, not the AWS-managed default key`);
    }
}

// ---------------------------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------------------------

/** An AWS stack: it creates AWS resources (other than providers). */
function isAwsStack(resources: readonly PolicyResource[]): boolean {
    return resources.some((r) => r.type.startsWith("aws:"));
}

export const awsEbsEncryptionByDefault = stackPolicy({
    name: "aws-ebs-encryption-by-default",
    description: "An AWS stack turns on EBS encryption by default for the region (EncryptionByDefault enabled) with a customer-managed default key (DefaultKmsKey).",
    check: (resources, c) => {
        if (!isAwsStack(resources)) {
            return;
        }
        const settings = ofTypes(resources, TYPES.ebsEncryptionByDefault);
        if (settings.length === 0) {
            c.fail(undefined, "no aws.ebs.EncryptionByDefault resource: volumes created outside launch templates (and by the EBS CSI driver without parameters) could be unencrypted");
        }
        for (const s of settings) {
            const enabled = get(s.props as Props<EncryptionByDefaultArgs>, "enabled");
            if (enabled === false) {
                c.fail(subjectOf(s), `${s.name}: enabled is false`);
            }
        }
        if (ofTypes(resources, TYPES.ebsDefaultKmsKey).length === 0) {
            c.fail(undefined, "no aws.ebs.DefaultKmsKey resource: default-encrypted volumes would use the AWS-managed aws/ebs key instead of a customer-managed key");
        }
    },
});

export const awsLaunchTemplateEncrypted = resourcePolicy<BaseConfig, Props<LaunchTemplateArgs>>({
    name: "aws-launch-template-ebs-encrypted",
    description: 'Launch templates encrypt every EBS block device (ebs.encrypted is the string "true") with a customer-managed KMS key.',
    types: [TYPES.launchTemplate],
    check: (props, c) => {
        const mappings = list(props, "blockDeviceMappings");
        if (mappings === UNKNOWN) {
            return;
        }
        for (const m of mappings) {
            const ebs = at(m, "ebs");
            if (ebs === undefined || ebs === null) {
                continue;
            }
            const device = show(at(m, "deviceName"));
            requireKms(c, `block device ${device}`, at(ebs, "encrypted"), at(ebs, "kmsKeyId"), "ebs.encrypted", "ebs.kmsKeyId");
        }
    },
});

export const awsKmsKeyRotation = resourcePolicy<BaseConfig, Props<KeyArgs>>({
    name: "aws-kms-key-rotation",
    description: "Symmetric KMS keys have automatic rotation enabled, with a rotation period of at most 365 days.",
    types: [TYPES.kmsKey],
    check: (props, c) => {
        const spec = get(props, "customerMasterKeySpec");
        const usage = get(props, "keyUsage");
        // Only symmetric encryption keys can rotate automatically.
        if ((spec !== undefined && spec !== "SYMMETRIC_DEFAULT") || (usage !== undefined && usage !== "ENCRYPT_DECRYPT")) {
            return;
        }
        const rotation = get(props, "enableKeyRotation");
        if (rotation !== UNKNOWN && rotation !== true) {
            c.fail(`enableKeyRotation is ${show(rotation)}; it must be true`);
        }
        const period = get(props, "rotationPeriodInDays");
        if (typeof period === "number" && period > 365) {
            c.fail(`rotationPeriodInDays is ${period}; rotate at least yearly (<= 365)`);
        }
    },
});

export const awsEksSecretsEncryption = resourcePolicy<BaseConfig, Props<EksClusterArgs>>({
    name: "aws-eks-secrets-encryption",
    description: "EKS clusters envelope-encrypt Kubernetes secrets with a customer-managed KMS key (encryptionConfig resources [secrets], provider.keyArn).",
    types: [TYPES.eksCluster],
    check: (props, c) => {
        const resources = list(props, "encryptionConfig", "resources");
        if (resources !== UNKNOWN && !resources.includes("secrets") && !resources.includes(UNKNOWN)) {
            c.fail(`encryptionConfig.resources is ${show(at(props, "encryptionConfig", "resources"))}; it must include "secrets"`);
        }
        if (!isSet(get(props, "encryptionConfig", "provider", "keyArn"))) {
            c.fail("encryptionConfig.provider.keyArn is unset; encrypt secrets with a customer-managed KMS key");
        }
    },
});

export const awsStorageEncryption = resourcePolicy<BaseConfig, Props<VolumeArgs> & Props<RdsInstanceArgs> & Props<RdsClusterArgs> & Props<FileSystemArgs>>({
    name: "aws-storage-encryption",
    description: "EBS volumes, RDS instances and clusters, and EFS file systems are encrypted with a customer-managed KMS key.",
    types: [TYPES.ebsVolume, TYPES.rdsInstance, TYPES.rdsCluster, TYPES.efsFileSystem],
    check: (props, c) => {
        switch (c.type) {
            case TYPES.ebsVolume:
            case TYPES.efsFileSystem:
                requireKms(c, "storage", get(props, "encrypted"), get(props, "kmsKeyId"), "encrypted", "kmsKeyId");
                break;
            default:
                requireKms(c, "database storage", get(props, "storageEncrypted"), get(props, "kmsKeyId"), "storageEncrypted", "kmsKeyId");
        }
    },
});

/** SSE rules of a standalone SSE configuration (V1/V2) or of a bucket's inline configuration. */
function sseDefaults(resource: { type: string; props: unknown }): unknown[] | typeof UNKNOWN {
    if (resource.type === TYPES.s3Bucket || resource.type === TYPES.s3BucketV2) {
        const inline = get(resource.props as Props<BucketArgs>, "serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault");
        return inline === undefined ? [] : [inline];
    }
    const rules = list(resource.props as Props<BucketServerSideEncryptionConfigurationArgs>, "rules");
    return rules === UNKNOWN ? UNKNOWN : rules.map((r) => at(r, "applyServerSideEncryptionByDefault"));
}

function checkSseDefault(d: unknown, fail: (message: string) => void): void {
    const algorithm = at(d, "sseAlgorithm");
    if (algorithm !== UNKNOWN && algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
        fail(`applyServerSideEncryptionByDefault.sseAlgorithm is ${show(algorithm)}; use aws:kms with a customer-managed key`);
    }
    if (!isSet(at(d, "kmsMasterKeyId"))) {
        fail("applyServerSideEncryptionByDefault.kmsMasterKeyId is unset; without it S3 uses the AWS-managed aws/s3 key");
    }
}

export const awsS3SseKms = resourcePolicy({
    name: "aws-s3-sse-kms",
    description: "S3 server-side encryption configurations (V1 and V2 resources, and inline bucket configurations) use aws:kms with a customer-managed key.",
    types: [TYPES.s3Sse, TYPES.s3SseV2, TYPES.s3Bucket, TYPES.s3BucketV2],
    check: (props, c) => {
        const defaults = sseDefaults({ type: c.type, props });
        if (defaults === UNKNOWN) {
            return;
        }
        if (defaults.length === 0 && c.type !== TYPES.s3Bucket && c.type !== TYPES.s3BucketV2) {
            c.fail("no rule with applyServerSideEncryptionByDefault");
        }
        defaults.forEach((d) => checkSseDefault(d, (m) => c.fail(m)));
    },
});

export const awsS3BucketHasSseKms = stackPolicy({
    name: "aws-s3-bucket-sse-kms-attached",
    description: "Every S3 bucket has a server-side encryption configuration (V1 or V2 resource, or inline) with aws:kms.",
    check: (resources, c) => {
        const configs = ofTypes(resources, TYPES.s3Sse, TYPES.s3SseV2);
        for (const bucket of ofTypes(resources, TYPES.s3Bucket, TYPES.s3BucketV2)) {
            const attached = configs.filter((cfg) => refersTo(cfg, bucket, "bucket"));
            const all = [...attached, bucket].map((r) => sseDefaults(r));
            if (all.includes(UNKNOWN)) {
                continue;
            }
            const hasKms = (all as unknown[][]).flat().some((d) => {
                const algorithm = at(d, "sseAlgorithm");
                return algorithm === "aws:kms" || algorithm === "aws:kms:dsse" || algorithm === UNKNOWN;
            });
            if (!hasKms) {
                c.fail(subjectOf(bucket), `bucket ${bucket.name} has no server-side encryption configuration with aws:kms (SSE-S3 default keys are not customer-managed)`);
            }
        }
    },
});

// ---------------------------------------------------------------------------------------------
// Azure
// ---------------------------------------------------------------------------------------------

export const azureAksEncryption = resourcePolicy<BaseConfig, Props<ManagedClusterArgs>>({
    name: "azure-aks-encryption",
    description: "AKS clusters encrypt node disks with a disk encryption set (customer-managed key) and Kubernetes secrets with Key Vault KMS.",
    types: [TYPES.aksCluster],
    check: (props, c) => {
        if (!isSet(get(props, "diskEncryptionSetID"))) {
            c.fail("diskEncryptionSetID is unset: OS and data disks would use platform-managed keys");
        }
        const kmsEnabled = get(props, "securityProfile", "azureKeyVaultKms", "enabled");
        if (kmsEnabled !== UNKNOWN && kmsEnabled !== true) {
            c.fail(`securityProfile.azureKeyVaultKms.enabled is ${show(kmsEnabled)}: secrets in etcd must be encrypted with a Key Vault key`);
        }
        if (!isSet(get(props, "securityProfile", "azureKeyVaultKms", "keyId"))) {
            c.fail("securityProfile.azureKeyVaultKms.keyId is unset");
        }
    },
});

export const azureAksEncryptionAtHost = resourcePolicy<BaseConfig, Props<AgentPoolArgs> & Props<ManagedClusterArgs>>({
    name: "azure-aks-encryption-at-host",
    description: "AKS node pools (AgentPool resources and the cluster's agentPoolProfiles) enable encryption at host, so temp disks and the OS/data disk caches are encrypted too.",
    types: [TYPES.aksAgentPool, TYPES.aksCluster],
    check: (props, c) => {
        if (c.type === TYPES.aksAgentPool) {
            const enabled = get(props, "enableEncryptionAtHost");
            if (enabled !== UNKNOWN && enabled !== true) {
                c.fail(`enableEncryptionAtHost is ${show(enabled)}: temp disks and caches would be unencrypted`);
            }
            return;
        }
        const profiles = list(props, "agentPoolProfiles");
        if (profiles === UNKNOWN) {
            return;
        }
        for (const profile of profiles) {
            const enabled = at(profile, "enableEncryptionAtHost");
            if (enabled !== UNKNOWN && enabled !== true) {
                c.fail(`agentPoolProfiles ${show(at(profile, "name"))}: enableEncryptionAtHost is ${show(enabled)}`);
            }
        }
    },
});

/** An ISO 8601 duration (P1Y, P365D, P12M, P52W) in days; undefined when unparsable. */
export function isoDurationDays(value: unknown): number | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(value);
    if (!m || value === "P") {
        return undefined;
    }
    return Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0) * 30 + Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0);
}

export const azureKeyVaultKeyRotation = resourcePolicy<BaseConfig, Props<VaultKeyArgs>>({
    name: "azure-key-vault-key-rotation",
    description: "Key Vault keys have a rotation policy with a rotate action at most 365 days after creation (the Azure analogue of KMS rotation).",
    types: [TYPES.vaultKey],
    check: (props, c) => {
        const actions = list(props, "properties", "rotationPolicy", "lifetimeActions");
        if (actions === UNKNOWN) {
            return;
        }
        const rotations = actions.filter((a) => String(at(a, "action", "type")).toLowerCase() === "rotate");
        if (rotations.length === 0) {
            c.fail("properties.rotationPolicy.lifetimeActions has no rotate action: the key never rotates");
            return;
        }
        const days = rotations.map((a) => isoDurationDays(at(a, "trigger", "timeAfterCreate")));
        if (!days.some((d) => d !== undefined && d <= 365)) {
            c.fail(`rotate action trigger.timeAfterCreate ${show(rotations.map((a) => at(a, "trigger", "timeAfterCreate")))}: rotate at least yearly (<= P365D)`);
        }
    },
});

export const azureStorageCmk = resourcePolicy<BaseConfig, Props<StorageAccountArgs>>({
    name: "azure-storage-cmk",
    description: "Storage accounts encrypt with a Key Vault key (keySource Microsoft.Keyvault) and infrastructure (double) encryption.",
    types: [TYPES.storageAccount],
    check: (props, c) => {
        const source = get(props, "encryption", "keySource");
        if (source !== UNKNOWN && source !== "Microsoft.Keyvault") {
            c.fail(`encryption.keySource is ${show(source)}: use Microsoft.Keyvault (customer-managed key)`);
        }
        if (source === "Microsoft.Keyvault" && (!isSet(get(props, "encryption", "keyVaultProperties", "keyName")) || !isSet(get(props, "encryption", "keyVaultProperties", "keyVaultUri")))) {
            c.fail("encryption.keyVaultProperties needs keyName and keyVaultUri");
        }
        const infra = get(props, "encryption", "requireInfrastructureEncryption");
        if (infra !== UNKNOWN && infra !== true) {
            c.fail(`encryption.requireInfrastructureEncryption is ${show(infra)}: it must be true (it can only be set at creation)`);
        }
    },
});

export const azureDiskEncryptionSetCmk = resourcePolicy<BaseConfig, Props<DiskEncryptionSetArgs>>({
    name: "azure-disk-encryption-set-cmk",
    description: "Disk encryption sets use a customer key (EncryptionAtRestWithCustomerKey or with platform and customer keys) and follow the key's rotation.",
    types: [TYPES.diskEncryptionSet],
    check: (props, c) => {
        const type = get(props, "encryptionType");
        if (type !== UNKNOWN && type !== "EncryptionAtRestWithCustomerKey" && type !== "EncryptionAtRestWithPlatformAndCustomerKeys") {
            c.fail(`encryptionType is ${show(type)}: use EncryptionAtRestWithCustomerKey or EncryptionAtRestWithPlatformAndCustomerKeys`);
        }
        if (!isSet(get(props, "activeKey", "keyUrl"))) {
            c.fail("activeKey.keyUrl is unset: the set needs a Key Vault key");
        }
        const rotation = get(props, "rotationToLatestKeyVersionEnabled");
        if (rotation !== UNKNOWN && rotation !== true) {
            c.fail(`rotationToLatestKeyVersionEnabled is ${show(rotation)}: disks must follow the rotated key version`);
        }
    },
});

// ---------------------------------------------------------------------------------------------
// Kubernetes storage
// ---------------------------------------------------------------------------------------------

/** Provisioners whose volumes inherit encryption from a resource the pack checks elsewhere. */
const DELEGATED_PROVISIONERS: Readonly<Record<string, string>> = {
    "s3.csi.aws.com": "the bucket's SSE-KMS configuration (aws-s3-sse-kms)",
    "efs.csi.aws.com": "the EFS file system's encryption (aws-storage-encryption)",
    "file.csi.azure.com": "the storage account's encryption (azure-storage-cmk)",
    "blob.csi.azure.com": "the storage account's encryption (azure-storage-cmk)",
};

/**
 * Why a StorageClass's volumes are not encrypted at rest with a managed key, or undefined when
 * they are. The parameters are the documented ones of each CSI driver.
 */
export interface StorageClassProblem {
    readonly message: string;
    /** FINDING.provisionerUnverifiable when the driver has no encryption setting the pack knows. */
    readonly code?: string;
}

export function storageClassProblems(sc: unknown): StorageClassProblem[] {
    const provisioner = at(sc, "provisioner");
    const param = (key: string): unknown => at(sc, "parameters", key);
    if (provisioner === UNKNOWN) {
        return [];
    }
    const p = typeof provisioner === "string" ? provisioner : "";
    const problems: StorageClassProblem[] = [];
    const requireTrue = (key: string): void => {
        const v = param(key);
        if (v !== UNKNOWN && !isTrue(v)) {
            problems.push({ message: `parameters.${key} is ${show(v)}; it must be "true"` });
        }
    };
    if (p === "ebs.csi.aws.com" || p === "kubernetes.io/aws-ebs") {
        requireTrue("encrypted");
        if (!isSet(param("kmsKeyId"))) {
            problems.push({ message: "parameters.kmsKeyId is unset; use a customer-managed KMS key" });
        }
    } else if (p === "disk.csi.azure.com" || p === "kubernetes.io/azure-disk") {
        if (!isSet(param("diskEncryptionSetID"))) {
            problems.push({ message: "parameters.diskEncryptionSetID is unset; disks would use platform-managed keys" });
        }
    } else if (p === "driver.longhorn.io") {
        requireTrue("encrypted");
        if (!isSet(param("csi.storage.k8s.io/node-publish-secret-name")) && !isSet(param("csi.storage.k8s.io/provisioner-secret-name"))) {
            problems.push({ message: "no csi.storage.k8s.io/*-secret-name parameter: Longhorn needs the LUKS passphrase secret" });
        }
    } else if (p.endsWith(".rbd.csi.ceph.com")) {
        requireTrue("encrypted");
    } else if (p.endsWith(".cephfs.csi.ceph.com")) {
        requireTrue("encrypted");
    } else if (p in DELEGATED_PROVISIONERS) {
        // Encryption is a property of the backing store, checked by its own policy.
    } else {
        problems.push({
            message: `provisioner ${show(provisioner)} has no encryption setting this pack can verify (supported: ebs.csi.aws.com, disk.csi.azure.com, driver.longhorn.io, *.rbd.csi.ceph.com, *.cephfs.csi.ceph.com); use an encrypting driver or add a named exception`,
            code: FINDING.provisionerUnverifiable,
        });
    }
    return problems;
}

export const k8sStorageClassEncrypted = resourcePolicy<BaseConfig, k8s.storage.v1.StorageClass>({
    name: "k8s-storageclass-encrypted",
    description: 'StorageClasses provision encrypted volumes, per driver: EBS CSI encrypted "true" + kmsKeyId; Azure Disk CSI diskEncryptionSetID; Longhorn encrypted "true" + passphrase secret; Ceph RBD/CephFS encrypted "true".',
    types: [TYPES.storageClass],
    defaultExceptions: defaultExceptionsFor("k8s-storageclass-encrypted"),
    check: (props, c) => {
        for (const problem of storageClassProblems(props)) {
            c.fail(problem.message, problem.code);
        }
    },
});

interface ClaimUse {
    readonly resource: PolicyResource;
    readonly what: string;
    /** undefined: the cluster's default class. */
    readonly storageClassName: unknown;
}

function claimUses(resources: readonly PolicyResource[]): ClaimUse[] {
    const uses: ClaimUse[] = [];
    for (const r of resources) {
        if (r.type === TYPES.pvc) {
            uses.push({ resource: r, what: `PersistentVolumeClaim ${r.name}`, storageClassName: at(r.props, "spec", "storageClassName") });
        } else if (r.type === TYPES.statefulSet) {
            const templates = list(r.props, "spec", "volumeClaimTemplates");
            if (templates !== UNKNOWN) {
                for (const t of templates) {
                    uses.push({ resource: r, what: `StatefulSet ${r.name} volumeClaimTemplate ${show(at(t, "metadata", "name"))}`, storageClassName: at(t, "spec", "storageClassName") });
                }
            }
        } else if (r.type === TYPES.cnpgCluster) {
            for (const key of ["storage", "walStorage"]) {
                const storage = at(r.props, "spec", key);
                if (storage !== undefined && storage !== null) {
                    uses.push({ resource: r, what: `CloudNativePG Cluster ${r.name} spec.${key}`, storageClassName: at(storage, "storageClass") });
                }
            }
        }
    }
    return uses;
}

/** The ConfigMap label marking the program's record of existing classes' encryption (components/storage/storage-classes.ts). */
export const STORAGE_DECLARATION_LABEL = { key: "devana.ai/declaration", value: "storage-encryption" } as const;

/**
 * A class the stack does not create (the admin's, or kind's) whose encryption the customer states
 * in `devana:onprem.storage.<class>.encryptionAtRest`: accepted, and reported as advisory so the
 * unverified statement stays visible.
 */
export const STORAGE_ENCRYPTION_DECLARATION: PolicyException = {
    id: "declared-storage-encryption",
    policy: "k8s-pvc-encrypted-storageclass",
    reason: "the StorageClass is not created by this stack; the customer declares its encryption at rest (devana:onprem.storage.<class>.encryptionAtRest), which this pack cannot verify (R-SEC-REST)",
};

/** Class name -> the customer's statement, from the declaration ConfigMaps of the stack. */
function declaredClasses(resources: readonly PolicyResource[]): Map<string, string> {
    const declared = new Map<string, string>();
    for (const cm of ofTypes(resources, TYPES.configMap)) {
        if (at(cm.props, "metadata", "labels", STORAGE_DECLARATION_LABEL.key) !== STORAGE_DECLARATION_LABEL.value) {
            continue;
        }
        const data = at(cm.props, "data");
        if (data && typeof data === "object") {
            for (const [name, statement] of Object.entries(data as Record<string, unknown>)) {
                if (typeof statement === "string" && statement.trim() !== "") {
                    declared.set(name, statement);
                }
            }
        }
    }
    return declared;
}

export const k8sClaimsOnEncryptedStorage = stackPolicy({
    name: "k8s-pvc-encrypted-storageclass",
    description:
        "Every PersistentVolumeClaim (and StatefulSet volumeClaimTemplate, CloudNativePG Cluster storage) names a StorageClass of this stack that passes k8s-storageclass-encrypted; the cluster's unmanaged default class is not accepted.",
    defaultExceptions: defaultExceptionsFor("k8s-pvc-encrypted-storageclass"),
    check: (resources, c) => {
        const classes = new Map<string, PolicyResource>();
        for (const sc of ofTypes(resources, TYPES.storageClass)) {
            const name = at(sc.props, "metadata", "name");
            if (typeof name === "string") {
                classes.set(name, sc);
            }
        }
        const defaultClass = [...classes.values()].find((sc) => at(sc.props, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class") === "true");
        const declared = declaredClasses(resources);
        for (const use of claimUses(resources)) {
            if (use.storageClassName === UNKNOWN) {
                continue;
            }
            if (use.storageClassName === "") {
                c.fail(subjectOf(use.resource), `${use.what}: storageClassName "" binds pre-provisioned volumes whose encryption cannot be verified`);
                continue;
            }
            const sc = typeof use.storageClassName === "string" ? classes.get(use.storageClassName) : defaultClass;
            const statement = typeof use.storageClassName === "string" && !sc ? declared.get(use.storageClassName) : undefined;
            if (statement !== undefined) {
                c.declared(subjectOf(use.resource), `${use.what} uses StorageClass ${show(use.storageClassName)}, declared encrypted: ${statement}`, STORAGE_ENCRYPTION_DECLARATION);
                continue;
            }
            if (!sc) {
                const which = use.storageClassName === undefined ? "the cluster's default StorageClass (none is declared by this stack)" : `StorageClass ${show(use.storageClassName)}, which this stack does not declare`;
                c.fail(subjectOf(use.resource), `${use.what} uses ${which}: its encryption at rest cannot be verified`);
                continue;
            }
            const problems = storageClassProblems(sc.props);
            if (problems.length > 0) {
                const onlyUnverifiable = problems.every((p) => p.code === FINDING.provisionerUnverifiable);
                c.fail(
                    subjectOf(use.resource),
                    `${use.what} uses ${onlyUnverifiable ? "unverifiable" : "unencrypted"} StorageClass ${show(at(sc.props, "metadata", "name"))}: ${problems.map((p) => p.message).join("; ")}`,
                    onlyUnverifiable ? FINDING.provisionerUnverifiable : undefined,
                );
            }
        }
    },
});

export const encryptionPolicies = [
    awsEbsEncryptionByDefault,
    awsLaunchTemplateEncrypted,
    awsKmsKeyRotation,
    awsEksSecretsEncryption,
    awsStorageEncryption,
    awsS3SseKms,
    awsS3BucketHasSseKms,
    azureAksEncryption,
    azureAksEncryptionAtHost,
    azureKeyVaultKeyRotation,
    azureStorageCmk,
    azureDiskEncryptionSetCmk,
    k8sStorageClassEncrypted,
    k8sClaimsOnEncryptedStorage,
] as const;
