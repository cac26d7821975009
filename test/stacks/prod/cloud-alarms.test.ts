/**
 * Issue 17, step 5 on AWS: the committed `prod` plan's CloudWatch alarms (replication and WAF),
 * published to KMS-encrypted SNS topics of the `devana:alerting` receivers.
 * Does not prove that the e-mail or webhook endpoints confirm their subscriptions (no AWS offline).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import { CLOUD_ALARM_TYPES as T } from "../../support/aws-types";

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
