/**
 * The AWS WAF web ACL rules (pure, issue 10, R-SEC-ZONES): managed rule groups, rate limit, body
 * size, redacted log fields, the log group and its delivery policy.
 * Does not prove that AWS accepts the inputs (the WAF capacity of the managed groups) nor that the
 * managed rules let real uploads through.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMON_RULE_SET_COUNT_ONLY, greaterThanRegex, maxBodyBytes, RATE_WINDOW_SECONDS, redactedFields, WAF_MAX_REGEX_LENGTH, wafLogDeliveryPolicy, wafLogGroupName, webAclRules } from "../../../components/edge/aws-waf-rules";

describe("WAF rules (pure)", () => {
    it("the Content-Length regex matches exactly the decimal numbers above the limit", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 42 }), fc.nat({ max: 3 }), (limit, n, zeros) => {
                const regex = new RegExp(greaterThanRegex(limit));
                expect(regex.test("0".repeat(zeros) + String(n))).toBe(n > limit);
            }),
            { numRuns: 2000 },
        );
        const limit = maxBodyBytes(200);
        const regex = new RegExp(greaterThanRegex(limit));
        expect([limit - 1, limit, limit + 1, 10 * limit].map((n) => regex.test(String(n)))).toEqual([false, false, true, true]);
        expect(["", "abc", "-5", "2e9", " 209715201"].some((v) => regex.test(v))).toBe(false);
        expect(() => greaterThanRegex(-1)).toThrow(/non-negative integer/);
    });

    it("fits in a WAF regex for every maxBodyMiB the schema accepts (1-4000)", () => {
        for (const mib of [1, 200, 1000, 4000]) {
            expect(greaterThanRegex(maxBodyBytes(mib)).length).toBeLessThanOrEqual(WAF_MAX_REGEX_LENGTH);
        }
        expect(maxBodyBytes(200)).toBe(209_715_200);
    });

    const rules = webAclRules({ metricPrefix: "devana-prod", rateLimit: 2000, maxBodyMiB: 200 });

    it("evaluates IP reputation, the rate limit, the body limit, known bad inputs, then the common rule set", () => {
        expect(rules.map((r) => [r.priority, r.name])).toEqual([
            [0, "aws-ip-reputation"],
            [1, "rate-limit-per-ip"],
            [2, "request-body-limit"],
            [3, "aws-known-bad-inputs"],
            [4, "aws-common-rule-set"],
        ]);
        const groups = rules.filter((r) => (r.statement as any).managedRuleGroupStatement).map((r) => [(r.statement as any).managedRuleGroupStatement.vendorName, (r.statement as any).managedRuleGroupStatement.name, r.overrideAction]);
        expect(groups).toEqual([
            ["AWS", "AWSManagedRulesAmazonIpReputationList", { none: {} }],
            ["AWS", "AWSManagedRulesKnownBadInputsRuleSet", { none: {} }],
            ["AWS", "AWSManagedRulesCommonRuleSet", { none: {} }],
        ]);
        for (const r of rules) {
            expect(r.visibilityConfig).toEqual({ cloudwatchMetricsEnabled: true, metricName: `devana-prod-${r.name}`, sampledRequestsEnabled: true });
        }
    });

    it("counts only the common rule set's 8 KB body rule, which would block every upload", () => {
        const common = rules.find((r) => r.name === "aws-common-rule-set")!;
        expect((common.statement as any).managedRuleGroupStatement.ruleActionOverrides).toEqual([{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]);
        expect(COMMON_RULE_SET_COUNT_ONLY).toEqual(["SizeRestrictions_BODY"]);
        // No other managed group is weakened.
        expect(rules.filter((r) => (r.statement as any).managedRuleGroupStatement?.ruleActionOverrides)).toHaveLength(1);
    });

    it("blocks more than rateLimit requests per IP over 5 minutes (429) and declared bodies above maxBodyMiB (413)", () => {
        const rate = rules.find((r) => r.name === "rate-limit-per-ip")!;
        expect(rate.statement).toEqual({ rateBasedStatement: { aggregateKeyType: "IP", limit: 2000, evaluationWindowSec: RATE_WINDOW_SECONDS } });
        expect(rate.action).toEqual({ block: { customResponse: { responseCode: 429 } } });
        expect(RATE_WINDOW_SECONDS).toBe(300);
        const body = rules.find((r) => r.name === "request-body-limit")!;
        expect(body.action).toEqual({ block: { customResponse: { responseCode: 413 } } });
        expect((body.statement as any).regexMatchStatement).toEqual({
            regexString: greaterThanRegex(209_715_200),
            fieldToMatch: { singleHeader: { name: "content-length" } },
            textTransformations: [{ priority: 0, type: "NONE" }],
        });
        expect(() => webAclRules({ metricPrefix: "x", rateLimit: 5, maxBodyMiB: 200 })).toThrow(/rate limit 5/);
    });

    it("logs to aws-waf-logs-<name>, redacts credentials and cookies, and lets only the log delivery of this account write", () => {
        expect(wafLogGroupName("devana-prod")).toBe("aws-waf-logs-devana-prod");
        expect(redactedFields()).toEqual([{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }]);
        const policy = wafLogDeliveryPolicy("arn:aws:logs:eu-north-1:1:log-group:aws-waf-logs-x", { partition: "aws", accountId: "1", region: "eu-north-1" }) as any;
        expect(policy.Statement).toEqual([
            {
                Sid: "WafLogDelivery",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: "arn:aws:logs:eu-north-1:1:log-group:aws-waf-logs-x:log-stream:*",
                Condition: { StringEquals: { "aws:SourceAccount": "1" }, ArnLike: { "aws:SourceArn": "arn:aws:logs:eu-north-1:1:*" } },
            },
        ]);
    });
});
