/**
 * R-SEC-AUDIT policies over hand-built resources (pure and fast): a compliant baseline, one failing
 * case per checked field, and the retention threshold that may only be raised. Does not prove that
 * the logs actually contain the audit events.
 */
import { describe, expect, it } from "vitest";
import * as audit from "../../policy/audit";
import { MIN_AUDIT_RETENTION_DAYS } from "../../policy/lib";
import { failures, res, variant } from "./harness";
import { policySuite } from "./suite";

const T = audit.TYPES;
const KEY = "arn:aws:kms:eu-west-3:123456789012:key/0000";

const logGroups = [
    res(T.logGroup, "exact", { name: "/aws/app", retentionInDays: 365, kmsKeyId: KEY }),
    res(T.logGroup, "longer", { name: "/aws/other", retentionInDays: 3653, kmsKeyId: KEY }),
    res(T.logGroup, "forever", { name: "/aws/forever", retentionInDays: 0, kmsKeyId: KEY }),
    res(T.logGroup, "default", { name: "/aws/default", kmsKeyId: KEY }),
];
policySuite(audit.awsLogGroupRetention, logGroups, [
    { field: "retentionInDays (90)", resources: variant(logGroups, 0, (i) => (i.retentionInDays = 90)), expected: /retentionInDays is 90: audit logs are kept at least 365 days/ },
    { field: "retentionInDays (364)", resources: variant(logGroups, 1, (i) => (i.retentionInDays = 364)), expected: /retentionInDays is 364/ },
    { field: "kmsKeyId", resources: variant(logGroups, 0, (i) => delete i.kmsKeyId), expected: /kmsKeyId is unset/ },
]);

describe("minimumRetentionDays (configurable upward only)", () => {
    it("can be raised: 400 days makes a 365-day log group fail", async () => {
        const messages = await failures(audit.awsLogGroupRetention, [logGroups[0]!], { config: { "aws-log-group-retention": { minimumRetentionDays: 400 } } });
        expect(messages).toEqual(["retentionInDays is 365: audit logs are kept at least 400 days (R-SEC-AUDIT)"]);
    });

    it.each([audit.awsLogGroupRetention, audit.awsEksAuditLogGroup, audit.awsCloudTrail, audit.azureLogAnalyticsRetention, audit.azureAksAuditDiagnostics, audit.azureAuditDiagnostics, audit.lokiRetention, audit.auditStoreRetention])(
        "$name: the schema says minimum 365, default 365, and a lower value is rejected",
        async (policy) => {
            expect(policy.configSchema?.properties?.minimumRetentionDays).toMatchObject({ type: "integer", minimum: MIN_AUDIT_RETENTION_DAYS, default: MIN_AUDIT_RETENTION_DAYS });
            await expect(failures(policy, [], { config: { [policy.name]: { minimumRetentionDays: 90 } } })).rejects.toThrow(/minimumRetentionDays must be >= 365, got 90/);
        },
    );
});

const eks = [res(T.eksCluster, "cluster", { name: "devana-prod", enabledClusterLogTypes: ["api", "audit", "authenticator"] })];
policySuite(audit.awsEksAuditLogging, eks, [
    { field: "enabledClusterLogTypes without audit", resources: variant(eks, 0, (i) => (i.enabledClusterLogTypes = ["api", "authenticator"])), expected: /lacks "audit"/ },
    { field: "enabledClusterLogTypes without authenticator", resources: variant(eks, 0, (i) => (i.enabledClusterLogTypes = ["audit"])), expected: /lacks "authenticator"/ },
    { field: "enabledClusterLogTypes unset", resources: variant(eks, 0, (i) => delete i.enabledClusterLogTypes), expected: /lacks "audit"/ },
]);

const eksStack = [...eks, res(T.logGroup, "cp", { name: "/aws/eks/devana-prod/cluster", retentionInDays: 400, kmsKeyId: KEY })];
policySuite(audit.awsEksAuditLogGroup, eksStack, [
    {
        field: "the /aws/eks/<name>/cluster log group (missing)",
        resources: [eksStack[0]!, res(T.logGroup, "other", { name: "/aws/eks/other/cluster", retentionInDays: 400, kmsKeyId: KEY })],
        expected: /has no log group \/aws\/eks\/devana-prod\/cluster/,
    },
    { field: "its retentionInDays", resources: variant(eksStack, 1, (i) => (i.retentionInDays = 90)), expected: /keeps events 90 days, less than 365/ },
    { field: "its kmsKeyId", resources: variant(eksStack, 1, (i) => delete i.kmsKeyId), expected: /has no kmsKeyId/ },
]);

const vpcStack = [res(T.vpc, "vpc", { cidrBlock: "10.0.0.0/16" }), res(T.flowLog, "flow", { vpcId: "vpc-id", trafficType: "ALL", logDestination: "arn:aws:logs:x" })];
policySuite(audit.awsVpcFlowLogs, vpcStack, [
    { field: "the flow log (missing)", resources: [vpcStack[0]!], expected: /VPC vpc has no flow log/ },
    { field: "trafficType", resources: variant(vpcStack, 1, (i) => (i.trafficType = "REJECT")), expected: /not ALL traffic/ },
]);

const workspace = [res(T.workspace, "law", { workspaceName: "law", retentionInDays: 365 })];
policySuite(audit.azureLogAnalyticsRetention, workspace, [
    { field: "retentionInDays (90)", resources: variant(workspace, 0, (i) => (i.retentionInDays = 90)), expected: /retentionInDays is 90/ },
    { field: "retentionInDays (unset: 30-day default)", resources: variant(workspace, 0, (i) => delete i.retentionInDays), expected: /retentionInDays is unset/ },
]);

const AKS_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock/providers/azure-native:containerservice:ManagedCluster/aks";
const aksStack = [res(T.aksCluster, "aks", { resourceName: "aks" }), workspace[0]!, res(T.diagnosticSetting, "aks-audit", { resourceUri: AKS_ID, workspaceId: "law-id", logs: [{ category: "kube-audit", enabled: true }] })];
policySuite(audit.azureAksAuditDiagnostics, aksStack, [
    { field: "the diagnostic setting (missing)", resources: aksStack.slice(0, 2), expected: /has no diagnostic setting enabling kube-audit/ },
    { field: "logs[].category (kube-audit-admin only)", resources: variant(aksStack, 2, (i) => (i.logs = [{ category: "kube-audit-admin", enabled: true }])), expected: /no diagnostic setting enabling kube-audit/ },
    { field: "logs[].enabled", resources: variant(aksStack, 2, (i) => (i.logs[0].enabled = false)), expected: /no diagnostic setting enabling kube-audit/ },
    { field: "workspaceId (not a workspace of the stack)", resources: variant(aksStack, 2, (i) => (i.workspaceId = "/subscriptions/x/other")), expected: /goes to no Log Analytics workspace of this stack keeping 365 days/ },
    { field: "the workspace's retentionInDays", resources: variant(aksStack, 1, (i) => (i.retentionInDays = 90)), expected: /keeping 365 days/ },
]);

const loki = [
    res(T.helmChartV4, "loki", {
        chart: "loki",
        version: "18.11.0",
        values: { loki: { limits_config: { retention_period: "8760h", retention_stream: [{ selector: '{namespace="dev"}', period: "24h", priority: 1 }] }, compactor: { retention_enabled: true } } },
    }),
    res(T.helmChartV4, "traefik", { chart: "traefik", values: {} }),
];
policySuite(audit.lokiRetention, loki, [
    { field: "values.loki.limits_config.retention_period (90d)", resources: variant(loki, 0, (i) => (i.values.loki.limits_config.retention_period = "2160h")), expected: /retention_period is "2160h" \(90 days\)/ },
    { field: "values.loki.limits_config.retention_period (unset)", resources: variant(loki, 0, (i) => delete i.values.loki.limits_config.retention_period), expected: /retention_period is unset/ },
    { field: "values.loki.limits_config.retention_period (not a duration)", resources: variant(loki, 0, (i) => (i.values.loki.limits_config.retention_period = "one year")), expected: /is not a Loki duration/ },
    {
        field: "values.loki.limits_config.retention_stream for audit streams",
        resources: variant(loki, 0, (i) => i.values.loki.limits_config.retention_stream.push({ selector: '{app="audit"}', period: "720h" })),
        expected: /retention_stream \{app="audit"\} keeps audit logs "720h"/,
    },
]);

const lokiConfig = (period: string) =>
    res("kubernetes:core/v1:ConfigMap", "loki", {
        metadata: { name: "loki", namespace: "monitoring" },
        data: { "config.yaml": `auth_enabled: false\nlimits_config:\n  retention_period: ${period}\ncompactor:\n  retention_enabled: true\n` },
    });
policySuite(
    audit.lokiRetention,
    [lokiConfig("8760h"), res("kubernetes:core/v1:ConfigMap", "other", { data: { "a.yaml": "retention_period: 1h" } })],
    [{ field: "rendered config retention_period (what the engine sees in the chart's ConfigMap)", resources: [lokiConfig("744h")], expected: /rendered Loki config retention_period is "744h"/ }],
);

describe("lokiDurationDays", () => {
    it.each([
        ["8760h", 365],
        ["365d", 365],
        ["52w", 364],
        ["1y", 365],
        ["0s", 0],
        ["8760h30m", 365 + 30 / 1440],
    ])("%s is %d days", (text, days) => expect(audit.lokiDurationDays(text)).toBeCloseTo(days));
    it("rejects non-durations", () => expect(audit.lokiDurationDays("1 year")).toBeUndefined());
});

const auditStores = [
    res(T.s3Bucket, "devana-buckets-audit", { bucket: "devana-prod-audit" }),
    res(T.s3Lifecycle, "audit-lifecycle", { bucket: "devana-buckets-audit-id", rules: [{ id: "archive", status: "Enabled", transitions: [{ days: 90, storageClass: "GLACIER" }], expiration: { days: 400 } }] }),
    res(T.s3ObjectLock, "audit-lock", { bucket: "devana-buckets-audit-id", rule: { defaultRetention: { mode: "COMPLIANCE", days: 400 } } }),
    res(T.blobContainer, "audit-container", { containerName: "audit", accountName: "sa" }),
    res(T.blobImmutability, "audit-immutability", { containerName: "audit", accountName: "sa", immutabilityPeriodSinceCreationInDays: 400 }),
    res(T.storageManagementPolicy, "lifecycle", {
        accountName: "sa",
        policy: {
            rules: [{ name: "expire-audit", enabled: true, type: "Lifecycle", definition: { filters: { blobTypes: ["blockBlob"], prefixMatch: ["audit/"] }, actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 400 } } } } }],
        },
    }),
    // Not an audit store: short expiry is fine.
    res(T.s3Bucket, "devana-buckets-files", { bucket: "devana-prod-files" }),
    res(T.s3Lifecycle, "files-lifecycle", { bucket: "devana-buckets-files-id", rules: [{ id: "tmp", status: "Enabled", expiration: { days: 7 } }] }),
];
policySuite(audit.auditStoreRetention, auditStores, [
    { field: "S3 lifecycle rules[].expiration.days", resources: variant(auditStores, 1, (i) => (i.rules[0].expiration.days = 90)), expected: /expires objects after 90 days/ },
    { field: "S3 lifecycle rules[].noncurrentVersionExpiration.noncurrentDays", resources: variant(auditStores, 1, (i) => (i.rules[0].noncurrentVersionExpiration = { noncurrentDays: 30 })), expected: /noncurrent versions after 30 days/ },
    { field: "S3 object lock rule.defaultRetention.days", resources: variant(auditStores, 2, (i) => (i.rule.defaultRetention.days = 30)), expected: /object lock default retention is 30 days/ },
    { field: "Blob immutabilityPeriodSinceCreationInDays", resources: variant(auditStores, 4, (i) => (i.immutabilityPeriodSinceCreationInDays = 180)), expected: /immutability period is 180 days/ },
    {
        field: "Blob management policy delete.daysAfterModificationGreaterThan",
        resources: variant(auditStores, 5, (i) => (i.policy.rules[0].definition.actions.baseBlob.delete.daysAfterModificationGreaterThan = 30)),
        expected: /deletes blobs after 30 days/,
    },
]);

// Issue 17: the CloudTrail trail of an AWS stack (any stack with an EKS cluster).
const trailStack = [
    eks[0]!,
    res(T.s3Bucket, "audit", { bucket: "devana-prod-audit", objectLockEnabled: true }),
    res(T.s3ObjectLock, "audit-lock", { bucket: "devana-prod-audit", rule: { defaultRetention: { mode: "GOVERNANCE", days: 400 } } }),
    res(T.cloudTrail, "trail", { name: "devana-prod-audit", s3BucketName: "devana-prod-audit", isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: KEY }),
];
policySuite(audit.awsCloudTrail, trailStack, [
    { field: "the trail (missing)", resources: trailStack.slice(0, 3), expected: /the AWS stack has no CloudTrail trail/ },
    { field: "isMultiRegionTrail", resources: variant(trailStack, 3, (i) => (i.isMultiRegionTrail = false)), expected: /isMultiRegionTrail is false/ },
    { field: "enableLogFileValidation (unset)", resources: variant(trailStack, 3, (i) => delete i.enableLogFileValidation), expected: /enableLogFileValidation is unset/ },
    { field: "kmsKeyId", resources: variant(trailStack, 3, (i) => delete i.kmsKeyId), expected: /kmsKeyId is unset/ },
    { field: "s3BucketName (outside the stack)", resources: variant(trailStack, 3, (i) => (i.s3BucketName = "someone-elses-bucket")), expected: /is no bucket of this stack/ },
    { field: "the bucket's Object Lock days", resources: variant(trailStack, 2, (i) => (i.rule.defaultRetention.days = 90)), expected: /has no Object Lock keeping 365 days/ },
    { field: "the bucket's Object Lock (missing)", resources: [trailStack[0]!, trailStack[1]!, trailStack[3]!], expected: /has no Object Lock keeping 365 days/ },
]);

describe("aws-cloudtrail outside AWS", () => {
    it("asks nothing of a stack without an EKS cluster", async () => {
        expect(await failures(audit.awsCloudTrail, workspace)).toEqual([]);
    });
});

// Issue 17: the Azure audit sources besides AKS (Key Vault, blob service, Activity Log).
const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers";
const azureAuditStack = [
    res(T.aksCluster, "aks", { resourceName: "aks" }),
    workspace[0]!,
    res(T.keyVault, "vault", { vaultName: "kv-devana" }),
    res(T.storageAccount, "account", { accountName: "stdevana" }),
    res(T.diagnosticSetting, "vault-audit", { resourceUri: `${SUB}/Microsoft.KeyVault/vaults/kv-devana`, workspaceId: "law-id", logs: [{ category: "AuditEvent", enabled: true }] }),
    res(T.diagnosticSetting, "blob-audit", {
        resourceUri: `${SUB}/Microsoft.Storage/storageAccounts/stdevana/blobServices/default`,
        workspaceId: "law-id",
        logs: [
            { category: "StorageRead", enabled: true },
            { category: "StorageWrite", enabled: true },
            { category: "StorageDelete", enabled: true },
        ],
    }),
    res(T.subscriptionDiagnosticSetting, "activity-log", { name: "devana-audit-prod", workspaceId: "law-id", logs: [{ category: "Administrative", enabled: true }] }),
];
policySuite(audit.azureAuditDiagnostics, azureAuditStack, [
    { field: "the Key Vault's setting (missing)", resources: azureAuditStack.filter((r) => r.name !== "vault-audit"), expected: /Key Vault vault has no diagnostic setting enabling AuditEvent/ },
    { field: "the Key Vault's logs[].category", resources: variant(azureAuditStack, 4, (i) => (i.logs = [{ category: "AzurePolicyEvaluationDetails", enabled: true }])), expected: /Key Vault vault has no diagnostic setting/ },
    {
        field: "the blob setting on the account, not its blob service",
        resources: variant(azureAuditStack, 5, (i) => (i.resourceUri = `${SUB}/Microsoft.Storage/storageAccounts/stdevana`)),
        expected: /storage account account's blob service has no diagnostic setting/,
    },
    { field: "the blob setting's logs[].enabled", resources: variant(azureAuditStack, 5, (i) => i.logs.forEach((l: { enabled: boolean }) => (l.enabled = false))), expected: /blob service has no diagnostic setting enabling StorageRead/ },
    { field: "the Activity Log setting (missing)", resources: azureAuditStack.slice(0, 6), expected: /the subscription's Activity Log has no diagnostic setting enabling Administrative, Security/ },
    {
        field: "the Activity Log's workspaceId (outside the stack)",
        resources: variant(azureAuditStack, 6, (i) => (i.workspaceId = "/subscriptions/x/other")),
        expected: /Activity Log: its audit logs go to no Log Analytics workspace of this stack keeping 365 days/,
    },
    { field: "the workspace's retentionInDays", resources: variant(azureAuditStack, 1, (i) => (i.retentionInDays = 90)), expected: /Key Vault vault: its audit logs go to no Log Analytics workspace of this stack keeping 365 days/ },
]);
