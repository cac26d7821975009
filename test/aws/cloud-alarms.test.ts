/**
 * Issue 17, step 5 on AWS: CloudWatch alarms on S3 replication (RTC lag, failed operations) and on
 * WAF blocks, published to KMS-encrypted SNS topics of the `devana:alerting` receivers. Pure
 * builders first, then the committed `prod` (replication and WAF) and `staging` (no alerting
 * routes: no alarms) plans.
 * Does not prove: that CloudWatch publishes the metrics with exactly these dimension values (no
 * AWS offline), that the e-mail or webhook endpoints confirm their subscriptions, nor that the
 * thresholds suit real traffic.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { alarmTopicKeyPolicy, cloudAlarmReceivers, metricAlarmInputs, replicationAlarms, snsSubscriptions, wafBlockedAlarm } from "../../components/platform/aws-cloud-alarms";
import type { Alerting } from "../../config/alerting";
import { byName, evaluateOk, ofType, REPO_ROOT } from "../helpers";

const T = {
    component: "devana:platform:AwsCloudAlarms",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
} as const;

const alerting = (routes: Alerting["routes"]): Alerting => ({ receivers: {}, routes, repeatInterval: "4h" }) as unknown as Alerting;

describe("cloud alarm builders (pure)", () => {
    it("maps e-mail to `email` and the webhook to `https` (its secret); Slack, Teams, PagerDuty, Opsgenie do not map", () => {
        const mapped = snsSubscriptions({ email: ["On.Call@example.com"], webhook: true, slack: { channel: "#ops" }, pagerduty: true });
        expect(mapped.subscriptions).toEqual([
            { id: "email-on-call-example-com", protocol: "email", endpoint: { address: "On.Call@example.com" } },
            { id: "webhook", protocol: "https", endpoint: { secret: "alertWebhookUrl" } },
        ]);
        expect(mapped.unmapped).toEqual(["slack", "pagerduty"]);
    });

    it("routes each severity like Alertmanager: to its route, else to the other one, else nowhere", () => {
        expect(cloudAlarmReceivers(alerting({ critical: "oncall", warning: "platform" }))).toEqual({ critical: "oncall", warning: "platform" });
        expect(cloudAlarmReceivers(alerting({ critical: "oncall" }))).toEqual({ critical: "oncall", warning: "oncall" });
        expect(cloudAlarmReceivers(alerting({ warning: "platform" }))).toEqual({ critical: "platform", warning: "platform" });
        expect(cloudAlarmReceivers(alerting({ watchdog: "deadman" }))).toEqual({});
    });

    it("alarms on RTC lag above 15 minutes and on any failed operation, per bucket, with S3's documented dimensions", () => {
        const specs = replicationAlarms([{ id: "files", sourceBucket: "src-files", replicaBucket: "dst-files" }]);
        const dimensions = { SourceBucket: "src-files", DestinationBucket: "dst-files", RuleId: "geo-replication" };
        expect(specs.map((s) => [s.id, s.severity, s.namespace, s.metricName, s.statistic, s.threshold, s.dimensions])).toEqual([
            ["replication-latency-files", "critical", "AWS/S3", "ReplicationLatency", "Maximum", 900, dimensions],
            ["replication-failed-files", "critical", "AWS/S3", "OperationsFailedReplication", "Sum", 0, dimensions],
        ]);
    });

    it("alarms on the ACL's blocked requests (Rule ALL) above the threshold in 5 minutes, missing data not breaching", () => {
        const spec = wafBlockedAlarm("devana-prod-edge", "eu-north-1", 2000);
        expect(metricAlarmInputs("devana-prod", spec)).toEqual({
            name: "devana-prod-waf-blocked",
            alarmDescription: "WAF devana-prod-edge blocked more than 2000 requests in 5 minutes: docs/platform.md#cloud-side-alarms",
            namespace: "AWS/WAFV2",
            metricName: "BlockedRequests",
            dimensions: { WebACL: "devana-prod-edge", Rule: "ALL", Region: "eu-north-1" },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 2000,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            tags: { "devana.ai/severity": "warning" },
        });
    });

    it("the topics' key admits CloudWatch of this account to encrypt, and the account only through SNS", () => {
        const doc = alarmTopicKeyPolicy({ partition: "aws", accountId: "123456789012", region: "eu-north-1" });
        expect(doc.Statement.map((s) => s.Sid)).toEqual(["KeyAdministration", "UseThroughSns", "CloudWatchAlarmsPublish"]);
        expect(doc.Statement[1].Condition).toEqual({ StringEquals: { "kms:ViaService": "sns.eu-north-1.amazonaws.com", "kms:CallerAccount": "123456789012" } });
        expect(doc.Statement[2]).toEqual({
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
    });
});

describe("prod: cloud alarms to the alerting receivers", () => {
    let resources: readonly PlannedResource[];
    beforeAll(async () => {
        resources = (await evaluateOk("prod")).resources;
    });
    const inCloudAlarms = (type: string): PlannedResource[] => ofType(resources, type).filter((r) => r.name.startsWith("devana-cloud-alarms"));

    it("creates one component with one key, one alias, two topics, two subscriptions and five alarms", () => {
        expect(ofType(resources, T.component).map((r) => r.name)).toEqual(["devana-cloud-alarms"]);
        expect(inCloudAlarms(T.key)).toHaveLength(1);
        expect(inCloudAlarms(T.alias).map((r) => r.inputs.name)).toEqual(["alias/devana-prod-alarms"]);
        expect(inCloudAlarms(T.topic)).toHaveLength(2);
        expect(inCloudAlarms(T.subscription)).toHaveLength(2);
        expect(ofType(resources, T.alarm)).toHaveLength(5);
    });

    it("encrypts each receiver's topic with the alarms key, and subscribes its e-mail addresses", () => {
        const key = byName(resources, T.key, "devana-cloud-alarms-key");
        expect(key.options.protect).toBe(true);
        expect(JSON.parse(key.inputs.policy as string).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["KeyAdministration", "UseThroughSns", "CloudWatchAlarmsPublish"]);
        const topics = inCloudAlarms(T.topic);
        expect(topics.map((t) => t.inputs.name).sort()).toEqual(["devana-prod-alarms-oncall", "devana-prod-alarms-platform"]);
        for (const topic of topics) {
            expect(topic.inputs.kmsMasterKeyId).toMatch(/^arn:aws:kms:/);
        }
        expect(
            inCloudAlarms(T.subscription)
                .map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint])
                .sort(),
        ).toEqual([
            ["devana-cloud-alarms-oncall-email-oncall-example-com", "email", "oncall@example.com"],
            ["devana-cloud-alarms-platform-email-platform-team-example-com", "email", "platform-team@example.com"],
        ]);
    });

    it("alarms on both replicated buckets to the critical receiver and on WAF blocks to the warning one", () => {
        const oncall = byName(resources, T.topic, "devana-cloud-alarms-oncall").urn;
        const alarms = ofType(resources, T.alarm).map((a) => ({
            name: a.inputs.name,
            metric: `${a.inputs.namespace}/${a.inputs.metricName}`,
            threshold: a.inputs.threshold,
            dimensions: Object.keys(a.inputs.dimensions as object).sort(),
            to: (a.inputs.alarmActions as string[]).map((arn) => arn.split(":").pop()),
            ok: (a.inputs.okActions as string[]).length,
        }));
        expect(oncall).toBeDefined();
        const s3 = ["DestinationBucket", "RuleId", "SourceBucket"];
        expect(alarms.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
            { name: "devana-prod-replication-failed-backups", metric: "AWS/S3/OperationsFailedReplication", threshold: 0, dimensions: s3, to: ["devana-cloud-alarms-oncall"], ok: 1 },
            { name: "devana-prod-replication-failed-files", metric: "AWS/S3/OperationsFailedReplication", threshold: 0, dimensions: s3, to: ["devana-cloud-alarms-oncall"], ok: 1 },
            { name: "devana-prod-replication-latency-backups", metric: "AWS/S3/ReplicationLatency", threshold: 900, dimensions: s3, to: ["devana-cloud-alarms-oncall"], ok: 1 },
            { name: "devana-prod-replication-latency-files", metric: "AWS/S3/ReplicationLatency", threshold: 900, dimensions: s3, to: ["devana-cloud-alarms-oncall"], ok: 1 },
            { name: "devana-prod-waf-blocked", metric: "AWS/WAFV2/BlockedRequests", threshold: 2000, dimensions: ["Region", "Rule", "WebACL"], to: ["devana-cloud-alarms-platform"], ok: 1 },
        ]);
    });

    it("the alarms' dimensions name the real source, replica and ACL of the plan", () => {
        const replication = ofType(resources, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").find((r) => r.name === "devana-replication-files")!;
        const latency = ofType(resources, T.alarm).find((a) => a.inputs.name === "devana-prod-replication-latency-files")!;
        const rule = (replication.inputs.rules as { id: string; destination: { bucket: string; metrics: { status: string }; replicationTime: { status: string } } }[])[0];
        expect(latency.inputs.dimensions).toEqual({ SourceBucket: replication.inputs.bucket, DestinationBucket: rule.destination.bucket.replace(/^arn:aws:s3:::/, ""), RuleId: rule.id });
        // The metrics exist only with RTC and replication metrics on.
        expect([rule.destination.metrics.status, rule.destination.replicationTime.status]).toEqual(["Enabled", "Enabled"]);
        const acl = ofType(resources, "aws:wafv2/webAcl:WebAcl")[0];
        const waf = ofType(resources, T.alarm).find((a) => a.inputs.name === "devana-prod-waf-blocked")!;
        expect((waf.inputs.dimensions as Record<string, string>).WebACL).toBe(acl.inputs.name);
    });
});

describe("the alarms' runbook", () => {
    it("docs/platform.md has the section every alarm description links to", () => {
        const docs = readFileSync(join(REPO_ROOT, "docs", "platform.md"), "utf8");
        expect(docs).toMatch(/^## Cloud-side alarms$/m);
        for (const spec of [...replicationAlarms([{ id: "files", sourceBucket: "s", replicaBucket: "r" }]), wafBlockedAlarm("acl", "eu-north-1", 1)]) {
            expect(spec.description).toContain("docs/platform.md#cloud-side-alarms");
            expect(docs, spec.id).toContain(spec.metricName);
        }
    });
});

describe("staging: no alerting routes, no cloud alarms", () => {
    it("creates no alarm, topic or component", async () => {
        const { resources } = await evaluateOk("staging");
        expect(ofType(resources, T.component)).toEqual([]);
        expect(ofType(resources, T.alarm)).toEqual([]);
        expect(ofType(resources, T.topic)).toEqual([]);
    });
});
