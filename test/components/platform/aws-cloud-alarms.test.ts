/**
 * Issue 17, step 5 on AWS, pure builders: CloudWatch alarms on S3 replication (RTC lag, failed
 * operations) and on WAF blocks, SNS subscriptions of the `devana:alerting` receivers, the topic key
 * policy, and the runbook every alarm links to.
 * Does not prove that CloudWatch publishes the metrics with exactly these dimension values (no AWS
 * offline), nor that the thresholds suit real traffic.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alarmTopicKeyPolicy, cloudAlarmReceivers, metricAlarmInputs, replicationAlarms, snsSubscriptions, wafBlockedAlarm } from "../../../components/platform/aws-cloud-alarms";
import type { Alerting } from "../../../config/alerting";
import { REPO_ROOT } from "../../support/helpers";

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
