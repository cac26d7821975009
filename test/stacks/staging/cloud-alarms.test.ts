/**
 * Issue 17, step 5 on AWS: CloudWatch alarms on S3 replication (RTC lag, failed operations) and on
 * WAF blocks, published to KMS-encrypted SNS topics of the `devana:alerting` receivers. Pure
 * builders first, then the committed `prod` (replication and WAF) and `staging` (no alerting
 * routes: no alarms) plans.
 * Does not prove: that CloudWatch publishes the metrics with exactly these dimension values (no
 * AWS offline), that the e-mail or webhook endpoints confirm their subscriptions, nor that the
 * thresholds suit real traffic.
 */
import { describe, expect, it } from "vitest";
import { evaluateOk, ofType } from "../../helpers";

const T = {
    component: "devana:platform:AwsCloudAlarms",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
} as const;

describe("staging: no alerting routes, no cloud alarms", () => {
    it("creates no alarm, topic or component", async () => {
        const { resources } = await evaluateOk("staging");
        expect(ofType(resources, T.component)).toEqual([]);
        expect(ofType(resources, T.alarm)).toEqual([]);
        expect(ofType(resources, T.topic)).toEqual([]);
    });
});
