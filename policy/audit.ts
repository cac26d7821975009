/**
 * R-SEC-AUDIT: audit logs (admin actions, access to sensitive data, configuration changes) kept
 * at least one year. The threshold is each policy's `minimumRetentionDays` config: it may be
 * raised, never lowered below 365 (the schema's minimum, and the policies reject it too).
 */
import type { PolicyResource } from "@pulumi/policy";
import type { LogGroupArgs } from "@pulumi/aws/cloudwatch/logGroup";
import type { ClusterArgs as EksClusterArgs } from "@pulumi/aws/eks/cluster";
import type { FlowLogArgs } from "@pulumi/aws/ec2/flowLog";
import type { TrailArgs } from "@pulumi/aws/cloudtrail/trail";
import type { WorkspaceArgs } from "@pulumi/azure-native/operationalinsights/workspace";
import type { DiagnosticSettingArgs } from "@pulumi/azure-native/monitor/diagnosticSetting";
import type { BucketLifecycleConfigurationArgs } from "@pulumi/aws/s3/bucketLifecycleConfiguration";
import type { BucketObjectLockConfigurationArgs } from "@pulumi/aws/s3/bucketObjectLockConfiguration";
import type { BlobContainerImmutabilityPolicyArgs } from "@pulumi/azure-native/storage/blobContainerImmutabilityPolicy";
import { at, type BaseConfig, entries, get, isSet, list, ofTypes, type Props, refersTo, resourcePolicy, RETENTION_CONFIG, type RetentionConfig, show, stackPolicy, subjectOf, UNKNOWN, validateRetentionConfig } from "./lib";

export const TYPES = {
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    eksCluster: "aws:eks/cluster:Cluster",
    vpc: "aws:ec2/vpc:Vpc",
    flowLog: "aws:ec2/flowLog:FlowLog",
    workspace: "azure-native:operationalinsights:Workspace",
    aksCluster: "azure-native:containerservice:ManagedCluster",
    diagnosticSetting: "azure-native:monitor:DiagnosticSetting",
    helmChartV4: "kubernetes:helm.sh/v4:Chart",
    helmChartV3: "kubernetes:helm.sh/v3:Chart",
    helmReleaseV3: "kubernetes:helm.sh/v3:Release",
    configMap: "kubernetes:core/v1:ConfigMap",
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3Lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    s3LifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    s3ObjectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    s3ObjectLockV2: "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
    blobContainer: "azure-native:storage:BlobContainer",
    blobImmutability: "azure-native:storage:BlobContainerImmutabilityPolicy",
    storageManagementPolicy: "azure-native:storage:ManagementPolicy",
    cloudTrail: "aws:cloudtrail/trail:Trail",
    keyVault: "azure-native:keyvault:Vault",
    storageAccount: "azure-native:storage:StorageAccount",
    subscriptionDiagnosticSetting: "azure-native:monitor:SubscriptionDiagnosticSetting",
} as const;

const retention = { config: RETENTION_CONFIG, validateConfig: validateRetentionConfig } as const;

/** A CloudWatch retention (days) is compliant: 0/unset means never expire. */
export function logGroupRetentionOk(days: unknown, min: number): boolean {
    return days === UNKNOWN || days === undefined || days === 0 || (typeof days === "number" && days >= min);
}

export const awsLogGroupRetention = resourcePolicy<RetentionConfig, Props<LogGroupArgs>>({
    name: "aws-log-group-retention",
    description: "CloudWatch log groups keep events at least minimumRetentionDays (365; 0/unset = never expire is compliant) and are encrypted with a customer-managed KMS key.",
    types: [TYPES.logGroup],
    ...retention,
    check: (props, c) => {
        const days = get(props, "retentionInDays");
        if (!logGroupRetentionOk(days, c.config.minimumRetentionDays)) {
            c.fail(`retentionInDays is ${show(days)}: audit logs are kept at least ${c.config.minimumRetentionDays} days (R-SEC-AUDIT)`);
        }
        if (!isSet(get(props, "kmsKeyId"))) {
            c.fail("kmsKeyId is unset: encrypt the log group with a customer-managed KMS key");
        }
    },
});

export const awsEksAuditLogging = resourcePolicy<BaseConfig, Props<EksClusterArgs>>({
    name: "aws-eks-audit-logging",
    description: "EKS clusters send the `audit` and `authenticator` control-plane log types to CloudWatch.",
    types: [TYPES.eksCluster],
    check: (props, c) => {
        const types = list(props, "enabledClusterLogTypes");
        if (types === UNKNOWN || types.includes(UNKNOWN)) {
            return;
        }
        for (const required of ["audit", "authenticator"]) {
            if (!types.includes(required)) {
                c.fail(`enabledClusterLogTypes ${show(at(props, "enabledClusterLogTypes"))} lacks "${required}"`);
            }
        }
    },
});

/** The name EKS writes control-plane logs to. */
function eksLogGroupName(cluster: PolicyResource): string | typeof UNKNOWN {
    const name = at(cluster.props, "name");
    if (name === UNKNOWN) {
        return UNKNOWN;
    }
    return `/aws/eks/${typeof name === "string" && name !== "" ? name : cluster.name}/cluster`;
}

export const awsEksAuditLogGroup = stackPolicy<RetentionConfig>({
    name: "aws-eks-audit-log-group",
    description: "For every EKS cluster, the stack itself creates its /aws/eks/<name>/cluster log group with compliant retention and KMS (otherwise EKS creates it unencrypted, outside the stack).",
    ...retention,
    check: (resources, c) => {
        const groups = ofTypes(resources, TYPES.logGroup);
        for (const cluster of ofTypes(resources, TYPES.eksCluster)) {
            const expected = eksLogGroupName(cluster);
            const matching = groups.filter((g) => {
                const name = at(g.props, "name");
                if (name === UNKNOWN || expected === UNKNOWN) {
                    return typeof name !== "string" || /^\/aws\/eks\/.+\/cluster$/.test(name);
                }
                return name === expected;
            });
            if (matching.length === 0) {
                c.fail(subjectOf(cluster), `EKS cluster ${cluster.name} has no log group ${expected === UNKNOWN ? "/aws/eks/<name>/cluster" : expected} in the stack`);
                continue;
            }
            for (const g of matching) {
                const days = at(g.props, "retentionInDays");
                if (!logGroupRetentionOk(days, c.config.minimumRetentionDays)) {
                    c.fail(subjectOf(g), `EKS audit log group ${g.name} keeps events ${show(days)} days, less than ${c.config.minimumRetentionDays}`);
                }
                if (!isSet(at(g.props, "kmsKeyId"))) {
                    c.fail(subjectOf(g), `EKS audit log group ${g.name} has no kmsKeyId`);
                }
            }
        }
    },
});

export const awsVpcFlowLogs = stackPolicy({
    name: "aws-vpc-flow-logs",
    description: "Every VPC has a flow log capturing ALL traffic.",
    check: (resources, c) => {
        const flowLogs = ofTypes(resources, TYPES.flowLog);
        for (const vpc of ofTypes(resources, TYPES.vpc)) {
            const attached = flowLogs.filter((f) => refersTo(f, vpc, "vpcId"));
            if (attached.length === 0) {
                c.fail(subjectOf(vpc), `VPC ${vpc.name} has no flow log`);
                continue;
            }
            const traffic = attached.map((f) => get(f.props as Props<FlowLogArgs>, "trafficType"));
            if (!traffic.some((t) => t === "ALL" || t === UNKNOWN)) {
                c.fail(subjectOf(vpc), `VPC ${vpc.name} flow logs capture ${show(traffic)}, not ALL traffic`);
            }
        }
    },
});

/** Object Lock default retention in days (`days`, or `years` x 365), UNKNOWN, or undefined when none. */
function objectLockDays(lock: PolicyResource): number | typeof UNKNOWN | undefined {
    const days = at(lock.props, "rule", "defaultRetention", "days");
    const years = at(lock.props, "rule", "defaultRetention", "years");
    if (days === UNKNOWN || years === UNKNOWN) {
        return UNKNOWN;
    }
    return typeof days === "number" ? days : typeof years === "number" ? years * 365 : undefined;
}

export const awsCloudTrail = stackPolicy<RetentionConfig>({
    name: "aws-cloudtrail",
    description:
        "An AWS stack (one with an EKS cluster) has a multi-region CloudTrail trail with log-file validation and a customer-managed KMS key, delivering into an S3 bucket of this stack whose Object Lock keeps minimumRetentionDays (the event history keeps 90 days).",
    ...retention,
    check: (resources, c) => {
        const clusters = ofTypes(resources, TYPES.eksCluster);
        if (clusters.length === 0) {
            return;
        }
        const trails = ofTypes(resources, TYPES.cloudTrail);
        if (trails.length === 0) {
            c.fail(subjectOf(clusters[0]!), "the AWS stack has no CloudTrail trail: IAM, KMS, S3 and EKS control actions are kept only 90 days by the event history (R-SEC-AUDIT)");
            return;
        }
        const min = c.config.minimumRetentionDays;
        const buckets = ofTypes(resources, TYPES.s3Bucket, TYPES.s3BucketV2);
        const locks = ofTypes(resources, TYPES.s3ObjectLock, TYPES.s3ObjectLockV2);
        for (const trail of trails) {
            const props = trail.props as Props<TrailArgs>;
            const multiRegion = get(props, "isMultiRegionTrail");
            if (multiRegion !== true && multiRegion !== UNKNOWN) {
                c.fail(subjectOf(trail), `trail ${trail.name}: isMultiRegionTrail is ${show(multiRegion)}: actions in other regions would go unrecorded`);
            }
            const validation = get(props, "enableLogFileValidation");
            if (validation !== true && validation !== UNKNOWN) {
                c.fail(subjectOf(trail), `trail ${trail.name}: enableLogFileValidation is ${show(validation)}: log files could be altered undetected`);
            }
            if (!isSet(get(props, "kmsKeyId"))) {
                c.fail(subjectOf(trail), `trail ${trail.name}: kmsKeyId is unset: encrypt the log files with a customer-managed KMS key`);
            }
            const bucket = buckets.find((b) => refersTo(trail, b, "s3BucketName"));
            if (!bucket) {
                if (get(props, "s3BucketName") !== UNKNOWN) {
                    c.fail(subjectOf(trail), `trail ${trail.name}: s3BucketName ${show(get(props, "s3BucketName"))} is no bucket of this stack: its retention cannot be checked`);
                }
                continue;
            }
            const days = locks.filter((l) => refersTo(l, bucket, "bucket")).map(objectLockDays);
            if (!days.some((d) => d === UNKNOWN || (typeof d === "number" && d >= min))) {
                c.fail(subjectOf(trail), `trail ${trail.name}: its bucket ${bucket.name} has no Object Lock keeping ${min} days (found ${show(days)})`);
            }
        }
    },
});

export const azureLogAnalyticsRetention = resourcePolicy<RetentionConfig, Props<WorkspaceArgs>>({
    name: "azure-log-analytics-retention",
    description: "Log Analytics workspaces keep data at least minimumRetentionDays (the service default is 30).",
    types: [TYPES.workspace],
    ...retention,
    check: (props, c) => {
        const days = get(props, "retentionInDays");
        if (days !== UNKNOWN && !(typeof days === "number" && days >= c.config.minimumRetentionDays)) {
            c.fail(`retentionInDays is ${show(days)}: keep at least ${c.config.minimumRetentionDays} days (R-SEC-AUDIT; the default is 30)`);
        }
    },
});

const AUDIT_CATEGORIES = new Set(["kube-audit"]);
const AUDIT_GROUPS = new Set(["allLogs"]);

export const azureAksAuditDiagnostics = stackPolicy<RetentionConfig>({
    name: "azure-aks-audit-diagnostics",
    description: "Every AKS cluster has a diagnostic setting sending kube-audit (or allLogs) to a Log Analytics workspace of this stack whose retention is compliant.",
    ...retention,
    check: (resources, c) => {
        const settings = ofTypes(resources, TYPES.diagnosticSetting);
        const workspaces = ofTypes(resources, TYPES.workspace);
        for (const cluster of ofTypes(resources, TYPES.aksCluster)) {
            const forCluster = settings.filter((s) => refersTo(s, cluster, "resourceUri"));
            const auditing = forCluster.filter((s) => {
                const logs = list(s.props as Props<DiagnosticSettingArgs>, "logs");
                return logs === UNKNOWN || logs.some((l) => at(l, "enabled") !== false && (AUDIT_CATEGORIES.has(String(at(l, "category"))) || AUDIT_GROUPS.has(String(at(l, "categoryGroup")))));
            });
            if (auditing.length === 0) {
                c.fail(subjectOf(cluster), `AKS cluster ${cluster.name} has no diagnostic setting enabling kube-audit`);
                continue;
            }
            const compliant = auditing.some((s) => {
                const target = workspaces.find((w) => refersTo(s, w, "workspaceId"));
                if (!target) {
                    return false;
                }
                const days = at(target.props, "retentionInDays");
                return days === UNKNOWN || (typeof days === "number" && days >= c.config.minimumRetentionDays);
            });
            if (!compliant) {
                c.fail(subjectOf(cluster), `AKS cluster ${cluster.name}: kube-audit goes to no Log Analytics workspace of this stack keeping ${c.config.minimumRetentionDays} days`);
            }
        }
    },
});

/** Whether a diagnostic setting enables one of `categories` (or the `allLogs`/`audit` groups); unknown logs count. */
function enablesAny(setting: PolicyResource, categories: readonly string[]): boolean {
    const logs = list(setting.props as Props<DiagnosticSettingArgs>, "logs");
    return logs === UNKNOWN || logs.some((l) => at(l, "enabled") !== false && (categories.includes(String(at(l, "category"))) || ["allLogs", "audit"].includes(String(at(l, "categoryGroup")))));
}

/** Whether a setting's `resourceUri` is the blob service (`<account id>/blobServices/default`) of `account`. */
function isBlobServiceOf(setting: PolicyResource, account: PolicyResource): boolean {
    const uri = at(setting.props, "resourceUri");
    if (uri === UNKNOWN) {
        return true;
    }
    const suffix = "/blobservices/default";
    if (typeof uri !== "string" || !uri.toLowerCase().endsWith(suffix)) {
        return false;
    }
    // The account's id flows into the setting (a dependency), or its id/name prefixes the URI.
    const accountUri = uri.slice(0, uri.length - suffix.length);
    return refersTo({ ...setting, props: { resourceUri: accountUri } } as PolicyResource, account, "resourceUri");
}

export const azureAuditDiagnostics = stackPolicy<RetentionConfig>({
    name: "azure-audit-diagnostics",
    description:
        "On Azure, every Key Vault (AuditEvent), every storage account's blob service (StorageRead/Write/Delete) and, in a stack with an AKS cluster, the subscription's Activity Log (Administrative, Security) have a diagnostic setting into a Log Analytics workspace of this stack keeping minimumRetentionDays (issue 17).",
    ...retention,
    check: (resources, c) => {
        const min = c.config.minimumRetentionDays;
        const workspaces = ofTypes(resources, TYPES.workspace);
        const keeps = (setting: PolicyResource): boolean => {
            const target = workspaces.find((w) => refersTo(setting, w, "workspaceId"));
            const days = target ? at(target.props, "retentionInDays") : undefined;
            return days === UNKNOWN || (typeof days === "number" && days >= min);
        };
        const settings = ofTypes(resources, TYPES.diagnosticSetting);
        const require = (subject: PolicyResource, what: string, candidates: PolicyResource[], categories: readonly string[]): void => {
            const auditing = candidates.filter((s) => enablesAny(s, categories));
            if (auditing.length === 0) {
                c.fail(subjectOf(subject), `${what} has no diagnostic setting enabling ${categories.join(", ")} (R-SEC-AUDIT)`);
            } else if (!auditing.some(keeps)) {
                c.fail(subjectOf(subject), `${what}: its audit logs go to no Log Analytics workspace of this stack keeping ${min} days`);
            }
        };
        for (const vault of ofTypes(resources, TYPES.keyVault)) {
            require(vault, `Key Vault ${vault.name}`, settings.filter((s) => refersTo(s, vault, "resourceUri")), ["AuditEvent"]);
        }
        for (const account of ofTypes(resources, TYPES.storageAccount)) {
            require(account, `storage account ${account.name}'s blob service`, settings.filter((s) => isBlobServiceOf(s, account)), ["StorageRead", "StorageWrite", "StorageDelete"]);
        }
        const clusters = ofTypes(resources, TYPES.aksCluster);
        if (clusters.length > 0) {
            require(clusters[0]!, "the subscription's Activity Log", ofTypes(resources, TYPES.subscriptionDiagnosticSetting), ["Administrative", "Security"]);
        }
    },
});

/** Loki durations (`8760h`, `365d`, `52w`, `1y`, `0s`) in days; undefined when unparsable. */
export function lokiDurationDays(value: unknown): number | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    const unit: Record<string, number> = { ms: 1 / 86_400_000, s: 1 / 86_400, m: 1 / 1_440, h: 1 / 24, d: 1, w: 7, y: 365 };
    const parts = [...value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value.trim()) {
        return undefined;
    }
    return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]!]!, 0);
}

function isLokiChart(type: string, props: unknown): boolean {
    if (![TYPES.helmChartV4, TYPES.helmChartV3, TYPES.helmReleaseV3].includes(type as never)) {
        return false;
    }
    const chart = at(props, "chart");
    return typeof chart === "string" && /(^|\/)loki$/.test(chart);
}

/** Loki's rendered config (the chart's ConfigMap, what the engine sees at preview): its retention_period. */
function renderedLokiRetention(props: unknown): { found: boolean; period?: string } {
    for (const [, text] of entries(props, "data")) {
        if (typeof text === "string" && /^\s*limits_config:/m.test(text)) {
            const match = /^\s*retention_period:\s*["']?([0-9a-z.]+)["']?\s*$/m.exec(text);
            return { found: true, period: match?.[1] };
        }
    }
    return { found: false };
}

export const lokiRetention = resourcePolicy<RetentionConfig>({
    name: "loki-retention",
    description:
        "Loki keeps logs at least minimumRetentionDays: the chart's loki.limits_config.retention_period (or the rendered config's retention_period) is >= the minimum or 0 (keep forever), and no retention_stream for audit streams is shorter.",
    types: [TYPES.helmChartV4, TYPES.helmChartV3, TYPES.helmReleaseV3, TYPES.configMap],
    ...retention,
    check: (props, c) => {
        const min = c.config.minimumRetentionDays;
        if (c.type === TYPES.configMap) {
            const rendered = renderedLokiRetention(props);
            const days = lokiDurationDays(rendered.period);
            if (rendered.found && /loki/i.test(c.name + String(at(props, "metadata", "name"))) && (days === undefined || (days !== 0 && days < min))) {
                c.fail(`rendered Loki config retention_period is ${show(rendered.period)}: keep logs at least ${min} days (R-SEC-AUDIT)`);
            }
            return;
        }
        if (!isLokiChart(c.type, props)) {
            return;
        }
        const period = at(props, "values", "loki", "limits_config", "retention_period");
        if (period === UNKNOWN) {
            return;
        }
        const days = lokiDurationDays(period);
        if (period === undefined) {
            c.fail(`values.loki.limits_config.retention_period is unset: declare the retention (at least ${min * 24}h)`);
        } else if (days === undefined) {
            c.fail(`values.loki.limits_config.retention_period ${show(period)} is not a Loki duration`);
        } else if (days !== 0 && days < min) {
            c.fail(`values.loki.limits_config.retention_period is ${show(period)} (${Math.floor(days)} days): keep logs at least ${min} days (R-SEC-AUDIT)`);
        }
        const streams = list(props, "values", "loki", "limits_config", "retention_stream");
        if (streams !== UNKNOWN) {
            for (const s of streams) {
                const selector = at(s, "selector");
                const streamDays = lokiDurationDays(at(s, "period"));
                if (typeof selector === "string" && /audit/i.test(selector) && streamDays !== undefined && streamDays !== 0 && streamDays < min) {
                    c.fail(`retention_stream ${selector} keeps audit logs ${show(at(s, "period"))}, less than ${min} days`);
                }
            }
        }
    },
});

/** Names that mark a bucket or container as holding audit logs. */
function isAuditStore(r: PolicyResource): boolean {
    const names = [r.name, at(r.props, "bucket"), at(r.props, "bucketPrefix"), at(r.props, "containerName"), at(r.props, "tags", "purpose"), at(r.props, "tags", "devana.ai/purpose")];
    return names.some((n) => typeof n === "string" && /audit/i.test(n));
}

export const auditStoreRetention = stackPolicy<RetentionConfig>({
    name: "audit-store-retention",
    description: "Audit buckets (S3) and containers (Blob) — named or tagged `audit` — are not emptied early: lifecycle expirations and object-lock/immutability periods are at least minimumRetentionDays.",
    ...retention,
    check: (resources, c) => {
        const min = c.config.minimumRetentionDays;
        for (const bucket of ofTypes(resources, TYPES.s3Bucket, TYPES.s3BucketV2).filter(isAuditStore)) {
            for (const lc of ofTypes(resources, TYPES.s3Lifecycle, TYPES.s3LifecycleV2).filter((r) => refersTo(r, bucket, "bucket"))) {
                const rules = list(lc.props as Props<BucketLifecycleConfigurationArgs>, "rules");
                if (rules === UNKNOWN) {
                    continue;
                }
                for (const rule of rules.filter((r) => at(r, "status") !== "Disabled")) {
                    const expire = at(rule, "expiration", "days");
                    const noncurrent = at(rule, "noncurrentVersionExpiration", "noncurrentDays");
                    if (typeof expire === "number" && expire < min) {
                        c.fail(subjectOf(lc), `audit bucket ${bucket.name}: lifecycle rule ${show(at(rule, "id"))} expires objects after ${expire} days (< ${min})`);
                    }
                    if (typeof noncurrent === "number" && noncurrent < min) {
                        c.fail(subjectOf(lc), `audit bucket ${bucket.name}: lifecycle rule ${show(at(rule, "id"))} deletes noncurrent versions after ${noncurrent} days (< ${min})`);
                    }
                }
            }
            for (const lock of ofTypes(resources, TYPES.s3ObjectLock, TYPES.s3ObjectLockV2).filter((r) => refersTo(r, bucket, "bucket"))) {
                const days = get(lock.props as Props<BucketObjectLockConfigurationArgs>, "rule", "defaultRetention", "days");
                const years = get(lock.props as Props<BucketObjectLockConfigurationArgs>, "rule", "defaultRetention", "years");
                const total = typeof days === "number" ? days : typeof years === "number" ? years * 365 : undefined;
                if (total !== undefined && total < min) {
                    c.fail(subjectOf(lock), `audit bucket ${bucket.name}: object lock default retention is ${total} days (< ${min})`);
                }
            }
        }
        for (const container of ofTypes(resources, TYPES.blobContainer).filter(isAuditStore)) {
            for (const policy of ofTypes(resources, TYPES.blobImmutability).filter((r) => refersTo(r, container, "containerName"))) {
                const days = get(policy.props as Props<BlobContainerImmutabilityPolicyArgs>, "immutabilityPeriodSinceCreationInDays");
                if (typeof days === "number" && days < min) {
                    c.fail(subjectOf(policy), `audit container ${container.name}: immutability period is ${days} days (< ${min})`);
                }
            }
            const containerName = at(container.props, "containerName");
            const name = typeof containerName === "string" ? containerName : container.name;
            for (const mp of ofTypes(resources, TYPES.storageManagementPolicy)) {
                const rules = list(mp.props, "policy", "rules");
                if (rules === UNKNOWN) {
                    continue;
                }
                for (const rule of rules.filter((r) => at(r, "enabled") !== false)) {
                    const prefixes = list(rule, "definition", "filters", "prefixMatch");
                    const applies = prefixes === UNKNOWN || prefixes.length === 0 || prefixes.some((p) => typeof p === "string" && p.split("/")[0] === name);
                    const days = at(rule, "definition", "actions", "baseBlob", "delete", "daysAfterModificationGreaterThan");
                    if (applies && typeof days === "number" && days < min) {
                        c.fail(subjectOf(mp), `audit container ${name}: management rule ${show(at(rule, "name"))} deletes blobs after ${days} days (< ${min})`);
                    }
                }
            }
        }
    },
});

export const auditPolicies = [
    awsLogGroupRetention,
    awsEksAuditLogging,
    awsEksAuditLogGroup,
    awsVpcFlowLogs,
    awsCloudTrail,
    azureLogAnalyticsRetention,
    azureAksAuditDiagnostics,
    azureAuditDiagnostics,
    lokiRetention,
    auditStoreRetention,
] as const;
