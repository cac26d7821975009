/**
 * The AWS WAF web ACL of the edge as pure data (R-SEC-ZONES: the DMZ holds load balancers and a
 * WAF): AWS managed rule groups, a per-IP rate limit, and a request-body design that lets Devana's
 * large uploads through. Also the WAF log names and the log delivery policy.
 *
 * Body size: AWS WAF inspects only the first 8 KB of an ALB request body (fixed for ALBs, unlike
 * CloudFront), so the common rule set's `SizeRestrictions_BODY` would block every body above 8 KB,
 * i.e. every upload and long chat prompt: it only counts here. The real limit is the declared
 * size: `request-body-limit` blocks a `Content-Length` above `devana:waf.maxBodyMiB` with 413
 * (WAF has no numeric comparison, so a regex matches the decimal numbers above the limit).
 */
import type * as inputs from "@pulumi/aws/types/input";
import { policyDocument, type PolicyDocument } from "../aws/iam";

type WebAclRule = inputs.wafv2.WebAclRule;
type VisibilityConfig = inputs.wafv2.WebAclRuleVisibilityConfig;

/** Bytes of an ALB request body that AWS WAF inspects (a fixed service limit for ALBs). */
export const ALB_BODY_INSPECTION_BYTES = 8 * 1024;

/** Rate-based rules count requests over this window (seconds). */
export const RATE_WINDOW_SECONDS = 300;

/** Longest `regexString` a WAF regex match statement accepts. */
export const WAF_MAX_REGEX_LENGTH = 512;

/** The AWS managed rule groups of the ACL (issue 10), in evaluation order. */
export const MANAGED_RULE_GROUPS = ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesCommonRuleSet"] as const;

/**
 * Rules of the common rule set that only count: `SizeRestrictions_BODY` blocks any body over the
 * 8 KB WAF can inspect, which would block every upload; `request-body-limit` replaces it.
 */
export const COMMON_RULE_SET_COUNT_ONLY = ["SizeRestrictions_BODY"] as const;

/** Request headers never written to the WAF logs (credentials and session cookies). */
export const REDACTED_HEADERS = ["authorization", "cookie"] as const;

/** Rule names, which also name their CloudWatch metrics. */
export const WAF_RULE_NAMES = {
    ipReputation: "aws-ip-reputation",
    rateLimit: "rate-limit-per-ip",
    bodyLimit: "request-body-limit",
    knownBadInputs: "aws-known-bad-inputs",
    common: "aws-common-rule-set",
} as const;

/**
 * A regex matching exactly the decimal integers (leading zeros allowed) greater than `limit`:
 * any number with more digits, or the same number of digits and a larger digit at the first
 * position where it differs.
 */
export function greaterThanRegex(limit: number): string {
    if (!Number.isSafeInteger(limit) || limit < 0) {
        throw new Error(`expected a non-negative integer, got ${limit}`);
    }
    const digits = String(limit);
    const alternatives = [`[1-9][0-9]{${digits.length},}`];
    for (let i = 0; i < digits.length; i++) {
        const digit = Number(digits[i]);
        if (digit === 9) {
            continue;
        }
        const rest = digits.length - i - 1;
        const larger = digit + 1 === 9 ? "9" : `[${digit + 1}-9]`;
        alternatives.push(`${digits.slice(0, i)}${larger}${rest > 0 ? `[0-9]{${rest}}` : ""}`);
    }
    return `^0*(?:${alternatives.join("|")})$`;
}

/** `devana:waf.maxBodyMiB` in bytes. */
export function maxBodyBytes(maxBodyMiB: number): number {
    return maxBodyMiB * 1024 * 1024;
}

export interface WebAclRulesInput {
    /** Prefix of every CloudWatch metric name (the cluster name). */
    readonly metricPrefix: string;
    /** devana:waf.rateLimit: requests per client IP per 5 minutes. */
    readonly rateLimit: number;
    /** devana:waf.maxBodyMiB: the largest request body (declared Content-Length). */
    readonly maxBodyMiB: number;
}

/** CloudWatch metrics and sampled requests for a rule or the ACL. */
export function visibility(metricName: string): VisibilityConfig {
    if (!/^[\w#:.\-/]{1,255}$/.test(metricName)) {
        throw new Error(`"${metricName}" is not a valid WAF metric name`);
    }
    return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/**
 * The ACL's rules, cheapest first: IP reputation, the per-IP rate limit (429), the declared body
 * size limit (413), known bad inputs, then the common rule set with `SizeRestrictions_BODY`
 * counting only. The ACL's default action is allow.
 */
export function webAclRules(input: WebAclRulesInput): WebAclRule[] {
    if (input.rateLimit < 10 || input.rateLimit > 2_000_000_000) {
        throw new Error(`rate limit ${input.rateLimit} is outside what AWS WAF accepts (10 to 2,000,000,000)`);
    }
    const regex = greaterThanRegex(maxBodyBytes(input.maxBodyMiB));
    if (regex.length > WAF_MAX_REGEX_LENGTH) {
        throw new Error(`the Content-Length regex is ${regex.length} characters, above WAF's ${WAF_MAX_REGEX_LENGTH}`);
    }
    const metric = (rule: string): VisibilityConfig => visibility(`${input.metricPrefix}-${rule}`);
    const managed = (name: string, priority: number, group: (typeof MANAGED_RULE_GROUPS)[number], countOnly: readonly string[] = []): WebAclRule => ({
        name,
        priority,
        overrideAction: { none: {} },
        statement: {
            managedRuleGroupStatement: {
                vendorName: "AWS",
                name: group,
                ...(countOnly.length > 0 ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
            },
        },
        visibilityConfig: metric(name),
    });
    const N = WAF_RULE_NAMES;
    return [
        managed(N.ipReputation, 0, "AWSManagedRulesAmazonIpReputationList"),
        {
            name: N.rateLimit,
            priority: 1,
            action: { block: { customResponse: { responseCode: 429 } } },
            statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: input.rateLimit, evaluationWindowSec: RATE_WINDOW_SECONDS } },
            visibilityConfig: metric(N.rateLimit),
        },
        {
            name: N.bodyLimit,
            priority: 2,
            action: { block: { customResponse: { responseCode: 413 } } },
            statement: {
                regexMatchStatement: {
                    regexString: regex,
                    fieldToMatch: { singleHeader: { name: "content-length" } },
                    textTransformations: [{ priority: 0, type: "NONE" }],
                },
            },
            visibilityConfig: metric(N.bodyLimit),
        },
        managed(N.knownBadInputs, 3, "AWSManagedRulesKnownBadInputsRuleSet"),
        managed(N.common, 4, "AWSManagedRulesCommonRuleSet", COMMON_RULE_SET_COUNT_ONLY),
    ];
}

/** WAF logs to CloudWatch only into groups named `aws-waf-logs-*`. */
export function wafLogGroupName(name: string): string {
    const group = `aws-waf-logs-${name}`;
    if (!/^[\w\-/.#]{1,512}$/.test(group)) {
        throw new Error(`"${group}" is not a valid log group name`);
    }
    return group;
}

/** The WAF log fields to redact: the credential and session headers. */
export function redactedFields(): inputs.wafv2.WebAclLoggingConfigurationRedactedField[] {
    return REDACTED_HEADERS.map((name) => ({ singleHeader: { name } }));
}

/**
 * CloudWatch Logs resource policy letting the log delivery service (which writes WAF logs) create
 * streams and put events in this group only, on behalf of this account only.
 */
export function wafLogDeliveryPolicy(logGroupArn: string, ctx: { readonly partition: string; readonly accountId: string; readonly region: string }): PolicyDocument {
    return policyDocument({
        Sid: "WafLogDelivery",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:log-stream:*`,
        Condition: {
            StringEquals: { "aws:SourceAccount": ctx.accountId },
            ArnLike: { "aws:SourceArn": `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:*` },
        },
    });
}
