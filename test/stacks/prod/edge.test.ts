/**
 * The WAF edge of the committed `prod` plan (issue 10, R-SEC-ZONES, R-SEC-TLS): the internet-facing
 * ALB and its WAF web ACL in the DMZ, in front of the gateway.
 * Does not prove: that AWS accepts the inputs (the WAF capacity of the managed groups, the
 * certificate), nor that the ALB really negotiates TLS 1.3 with Traefik (see docs/aws.md).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type PlannedResource } from "../../../scripts/lib/evaluate";
import { ACME_CHALLENGE_PATH, albSecurityGroupRules, HSTS_HEADER, targetHealthCheck } from "../../../components/edge/aws-waf-edge";
import { webAclRules } from "../../../components/edge/aws-waf-rules";
import { AWS_TLS13_POLICY } from "../../../components/platform/gateway";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import { input, typeCounts, inEdge } from "../../support/plan-inputs";
import { EDGE_TYPES as T } from "../../support/aws-types";

const MOCK_ARN = (name: string): string => `arn:aws:mock:eu-west-3:123456789012:${name}`;

describe("prod: ALB and WAF in the DMZ", () => {
    let resources: readonly PlannedResource[];
    let outputs: Record<string, any>;
    beforeAll(async () => {
        const result = await evaluateOk("prod");
        resources = result.resources;
        outputs = result.outputs;
    });

    it("creates exactly the edge resources", () => {
        expect(typeCounts(inEdge(resources))).toEqual({
            [T.sg]: 1,
            [T.sgIngress]: 3,
            [T.alb]: 1,
            [T.targetGroup]: 2,
            [T.listener]: 2,
            [T.listenerRule]: 1,
            [T.binding]: 2,
            [T.webAcl]: 1,
            [T.association]: 1,
            [T.logGroup]: 1,
            [T.logPolicy]: 1,
            [T.logging]: 1,
        });
        // The only load balancers of the stack.
        expect(ofType(resources, T.alb)).toHaveLength(1);
    });

    it("the ALB is internet-facing in the three DMZ subnets, drops invalid headers, is deletion-protected and fails closed", () => {
        const alb = byName(resources, T.alb, "devana-edge-alb");
        expect(alb.inputs).toEqual({
            loadBalancerType: "application",
            internal: false,
            ipAddressType: "ipv4",
            subnets: ["a", "b", "c"].map((az) => `devana-network-dmz-eu-north-1${az}-id`),
            securityGroups: ["devana-edge-alb-id"],
            dropInvalidHeaderFields: true,
            enableHttp2: true,
            idleTimeout: 600,
            enableWafFailOpen: false,
            enableDeletionProtection: true,
            tags: { Name: "devana-prod-edge" },
        });
        const sg = byName(resources, T.sg, "devana-edge-alb");
        expect(input(sg, "ingress")).toEqual(albSecurityGroupRules("100.64.0.0/16", true).ingress);
        expect(input(sg, "egress")).toEqual(albSecurityGroupRules("100.64.0.0/16", true).egress);
    });

    it("lets only the ALB's group into the pods' security group, on Traefik's ports", () => {
        const [cluster] = ofType(resources, "aws:eks/cluster:Cluster");
        expect(cluster).toBeDefined();
        const rules = ofType(inEdge(resources), T.sgIngress);
        expect(rules.map((r) => [r.name, input(r, "fromPort"), input(r, "toPort"), input(r, "ipProtocol"), input(r, "referencedSecurityGroupId")])).toEqual([
            ["devana-edge-pods-websecure", 443, 443, "tcp", "devana-edge-alb-id"],
            ["devana-edge-pods-ping", 8080, 8080, "tcp", "devana-edge-alb-id"],
            ["devana-edge-pods-web", 80, 80, "tcp", "devana-edge-alb-id"],
        ]);
        // The EKS cluster security group, which the ENIConfigs give every pod ENI.
        const eni = ofType(resources, "kubernetes:crd.k8s.amazonaws.com/v1alpha1:ENIConfig")[0]!;
        for (const r of rules) {
            expect(input<string[]>(eni, "spec.securityGroups")).toEqual([input(r, "securityGroupId")]);
            expect(input(r, "cidrIpv4")).toBeUndefined();
        }
    });

    it("the HTTPS listener is TLS 1.3-only with the ACM certificate and adds HSTS; port 80 only redirects (ACME challenges aside)", () => {
        const https = byName(resources, T.listener, "devana-edge-https");
        expect(https.inputs).toEqual({
            loadBalancerArn: MOCK_ARN("devana-edge-alb"),
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
            certificateArn: "arn:aws:acm:eu-north-1:210987654321:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
            defaultActions: [{ type: "forward", targetGroupArn: MOCK_ARN("devana-edge-https") }],
            routingHttpResponseStrictTransportSecurityHeaderValue: HSTS_HEADER,
            tags: { Name: "devana-prod-edge" },
        });
        expect(AWS_TLS13_POLICY).toBe("ELBSecurityPolicy-TLS13-1-3-2021-06");
        const http = byName(resources, T.listener, "devana-edge-http");
        expect(input(http, "protocol")).toBe("HTTP");
        expect(input(http, "defaultActions")).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        const acme = byName(resources, T.listenerRule, "devana-edge-acme");
        expect(acme.inputs).toMatchObject({
            listenerArn: MOCK_ARN("devana-edge-http"),
            priority: 10,
            conditions: [{ pathPattern: { values: [ACME_CHALLENGE_PATH] } }],
            actions: [{ type: "forward", targetGroupArn: MOCK_ARN("devana-edge-acme") }],
        });
        expect(ACME_CHALLENGE_PATH).toBe("/.well-known/acme-challenge/*");
    });

    it("forwards to Traefik's pods (IP targets) over HTTPS, and to port 80 for ACME only, health-checking /ping", () => {
        const groups = ofType(resources, T.targetGroup);
        expect(groups.map((g) => [g.name, input(g, "targetType"), input(g, "port"), input(g, "protocol"), input(g, "protocolVersion"), input(g, "vpcId")])).toEqual([
            ["devana-edge-https", "ip", 443, "HTTPS", "HTTP1", "devana-network-vpc-id"],
            ["devana-edge-acme", "ip", 80, "HTTP", "HTTP1", "devana-network-vpc-id"],
        ]);
        for (const g of groups) {
            expect(input(g, "healthCheck")).toEqual(targetHealthCheck());
        }
    });

    it("binds Traefik's Service to the target groups through the load balancer controller", () => {
        const bindings = ofType(resources, T.binding);
        expect(bindings.map((b) => [input(b, "metadata.namespace"), input(b, "metadata.name"), input(b, "spec")])).toEqual([
            ["traefik", "devana-edge-https", { serviceRef: { name: "devana-gateway-traefik", port: 443 }, targetGroupARN: MOCK_ARN("devana-edge-https"), targetType: "ip" }],
            ["traefik", "devana-edge-acme", { serviceRef: { name: "devana-gateway-traefik", port: 80 }, targetGroupARN: MOCK_ARN("devana-edge-acme"), targetType: "ip" }],
        ]);
        const traefik = byName(resources, T.chart, "devana-gateway-traefik");
        const lbc = byName(resources, T.chart, "devana-cluster-aws-load-balancer-controller");
        for (const b of bindings) {
            expect(b.options.dependsOn).toEqual(expect.arrayContaining([traefik.urn, lbc.urn]));
        }
        // The Service the bindings name is ClusterIP: the ALB is the only way in.
        expect(input(traefik, "values.service.spec.type")).toBe("ClusterIP");
        expect(input(traefik, "values.service.annotations")).toEqual({});
        expect(input(traefik, "values.ports.traefik")).toEqual({ port: 8080, expose: { default: false } });
        expect(JSON.stringify(resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.inputs))).not.toContain("internet-facing");
    });

    it("Traefik keeps TLS 1.3 as its minimum and drops strict SNI (the ALB sends none)", () => {
        const [option] = ofType(resources, T.tlsOption);
        expect(input(option!, "spec")).toEqual({ minVersion: "VersionTLS13", sniStrict: false, alpnProtocols: ["h2", "http/1.1"] });
    });

    it("the regional web ACL (default allow) carries the rules of devana:waf and is associated with the ALB", () => {
        const acl = byName(resources, T.webAcl, "devana-edge-waf");
        expect(acl.inputs).toMatchObject({
            name: "devana-prod-edge",
            scope: "REGIONAL",
            defaultAction: { allow: {} },
            visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "devana-prod-edge", sampledRequestsEnabled: true },
        });
        expect(input(acl, "rules")).toEqual(webAclRules({ metricPrefix: "devana-prod", rateLimit: 2000, maxBodyMiB: 200 }));
        const [association] = ofType(resources, T.association);
        expect(association!.inputs).toEqual({ resourceArn: MOCK_ARN("devana-edge-alb"), webAclArn: MOCK_ARN("devana-edge-waf") });
        const alb = byName(resources, T.alb, "devana-edge-alb");
        expect(association!.options.dependsOn).toEqual(expect.arrayContaining([alb.urn, acl.urn]));
    });

    it("logs the WAF to aws-waf-logs-devana-prod, KMS-encrypted, kept devana:audit.retentionDays, credentials redacted", () => {
        const group = byName(resources, T.logGroup, "devana-edge-waf-logs");
        expect(input(group, "name")).toBe("aws-waf-logs-devana-prod");
        expect(input(group, "retentionInDays")).toBe(400);
        expect(group.options.protect).toBe(true);
        // The `logs` key, whose policy lets CloudWatch Logs use it for this account's log groups.
        const flow = byName(resources, T.logGroup, "devana-network-flow-logs");
        expect(input(group, "kmsKeyId")).toBe(input(flow, "kmsKeyId"));
        expect(String(input(group, "kmsKeyId"))).toMatch(/^arn:aws:kms:eu-west-3:123456789012:key\//);
        const [logging] = ofType(resources, T.logging);
        expect(logging!.inputs).toEqual({
            resourceArn: MOCK_ARN("devana-edge-waf"),
            logDestinationConfigs: ["arn:aws:logs:eu-west-3:123456789012:log-group:aws-waf-logs-devana-prod"],
            redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        });
        const policy = byName(resources, T.logPolicy, "devana-edge-waf-logs");
        expect(JSON.parse(input(policy, "policyDocument")).Statement[0].Resource).toBe("arn:aws:logs:eu-west-3:123456789012:log-group:aws-waf-logs-devana-prod:log-stream:*");
        expect(logging!.options.dependsOn).toContain(policy.urn);
    });

    it("outputs the web ACL and the WAF log group (the ALB DNS name is known only after deployment)", () => {
        expect(outputs.aws.edge).toEqual({ webAclArn: MOCK_ARN("devana-edge-waf"), wafLogGroup: "aws-waf-logs-devana-prod" });
    });
});
