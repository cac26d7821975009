/**
 * R-SEC-TLS policies over hand-built resources (pure and fast). Each policy: a compliant baseline
 * and one failing case per checked field. Does not prove that the providers accept these inputs,
 * only what the pack decides about them.
 */
import { describe, expect, it } from "vitest";
import * as tls from "../../policy/tls";
import { res, run, variant } from "./harness";
import { policySuite } from "./suite";

const T = tls.TYPES;

policySuite(
    tls.awsLbListenerTls13,
    [
        res(T.lbListener, "https", { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", certificateArn: "arn:aws:acm:x", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }),
        res(T.albListener, "tls", { protocol: "TLS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }),
        res(T.lbListener, "http", { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }),
        res(T.lbListener, "tcp", { protocol: "TCP", port: 443, defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }),
    ],
    [
        { field: "sslPolicy (TLS13-1-2 still accepts 1.2)", resources: [res(T.lbListener, "l", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })], expected: /TLS13-1-2 policies still accept TLS 1.2/ },
        { field: "sslPolicy (unset: 2016-08 default)", resources: [res(T.albListener, "l", { protocol: "TLS" })], expected: /sslPolicy is unset/ },
        { field: "defaultActions of an HTTP listener (forward)", resources: [res(T.lbListener, "l", { protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] })], expected: /only redirect to HTTPS/ },
        { field: "defaultActions redirect.protocol", resources: [res(T.lbListener, "l", { protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", statusCode: "HTTP_301" } }] })], expected: /only redirect/ },
    ],
);

const svcAnnotations = {
    "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:eu-north-1:1:certificate/x",
    "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-3-2021-06",
};
const k8sLbBaseline = [
    res("kubernetes:core/v1:Service", "svc", { metadata: { name: "gw", annotations: svcAnnotations }, spec: { type: "LoadBalancer" } }),
    res(T.helmChartV4, "traefik", { chart: "traefik", values: { service: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-3-2021-06" } } } }),
    res("kubernetes:networking.k8s.io/v1:Ingress", "ing", { metadata: { annotations: { "alb.ingress.kubernetes.io/certificate-arn": "arn:x", "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-3-2021-06" } } }),
];
policySuite(tls.awsK8sLoadBalancerTls13, k8sLbBaseline, [
    {
        field: "Service annotation ssl-negotiation-policy",
        resources: variant(k8sLbBaseline, 0, (i) => (i.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06")),
        expected: /aws-load-balancer-ssl-negotiation-policy is "ELBSecurityPolicy-TLS13-1-2-2021-06"/,
    },
    {
        field: "Service ssl-cert without a negotiation policy",
        resources: variant(k8sLbBaseline, 0, (i) => delete i.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy"]),
        expected: /without service.beta.kubernetes.io\/aws-load-balancer-ssl-negotiation-policy/,
    },
    {
        field: "Helm values service.annotations",
        resources: variant(k8sLbBaseline, 1, (i) => (i.values.service.annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy"] = "ELBSecurityPolicy-2016-08")),
        expected: /ELBSecurityPolicy-2016-08/,
    },
    {
        field: "Ingress alb.ingress.kubernetes.io/ssl-policy",
        resources: variant(k8sLbBaseline, 2, (i) => (i.metadata.annotations["alb.ingress.kubernetes.io/ssl-policy"] = "ELBSecurityPolicy-TLS-1-2-2017-01")),
        expected: /alb.ingress.kubernetes.io\/ssl-policy/,
    },
]);

const cf = [res(T.cloudfront, "cdn", { viewerCertificate: { acmCertificateArn: "arn:x", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.3_2025" } })];
policySuite(tls.awsCloudFrontTls13, cf, [
    { field: "viewerCertificate.minimumProtocolVersion", resources: variant(cf, 0, (i) => (i.viewerCertificate.minimumProtocolVersion = "TLSv1.2_2021")), expected: /TLSv1.2_2021/ },
    { field: "viewerCertificate.cloudfrontDefaultCertificate", resources: variant(cf, 0, (i) => (i.viewerCertificate = { cloudfrontDefaultCertificate: true })), expected: /default \*.cloudfront.net certificate/ },
]);

const apigw = [
    res(T.apiGatewayDomain, "api", { domainName: "api.example.com", securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09" }),
    res(T.apiGatewayV2Domain, "api2", { domainName: "ws.example.com", domainNameConfiguration: { certificateArn: "arn:x", endpointType: "REGIONAL", securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09" } }),
];
policySuite(tls.awsApiGatewayTls13, apigw, [
    { field: "securityPolicy (REST domain)", resources: variant(apigw, 0, (i) => (i.securityPolicy = "TLS_1_2")), expected: /TLS_1_2/ },
    { field: "domainNameConfiguration.securityPolicy (v2 domain)", resources: variant(apigw, 1, (i) => (i.domainNameConfiguration.securityPolicy = "TLS_1_2")), expected: /TLS_1_2/ },
]);

const denyInsecure = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
});
const s3Tls = [res(T.s3Bucket, "files", { bucket: "files" }), res(T.s3BucketPolicy, "files-policy", { bucket: "files-id", policy: denyInsecure })];
policySuite(tls.awsS3DenyInsecureTransport, s3Tls, [
    { field: "bucket policy missing", resources: [s3Tls[0]!], expected: /bucket files has no bucket policy denying requests without TLS/ },
    { field: "policy Condition aws:SecureTransport", resources: variant(s3Tls, 1, (i) => (i.policy = denyInsecure.replace('"false"', '"true"'))), expected: /SecureTransport/ },
    { field: "policy Effect", resources: variant(s3Tls, 1, (i) => (i.policy = denyInsecure.replace('"Deny"', '"Allow"'))), expected: /SecureTransport/ },
]);

const appgw = [res(T.appGateway, "agw", { sslPolicy: { policyType: "CustomV2", minProtocolVersion: "TLSv1_3" } })];
policySuite(tls.azureAppGatewayTls13, appgw, [
    { field: "sslPolicy.policyType", resources: variant(appgw, 0, (i) => (i.sslPolicy = { policyType: "Predefined", policyName: "AppGwSslPolicy20220101S", minProtocolVersion: "TLSv1_3" })), expected: /policyType is "Predefined"/ },
    { field: "sslPolicy.minProtocolVersion", resources: variant(appgw, 0, (i) => (i.sslPolicy.minProtocolVersion = "TLSv1_2")), expected: /minProtocolVersion is "TLSv1_2"/ },
]);

const pgCfg = [res(T.pgConfiguration, "pg-tls", { configurationName: "ssl_min_protocol_version", value: "TLSv1.3", serverName: "pg", resourceGroupName: "rg", source: "user-override" })];
policySuite(tls.azurePostgresTls13, pgCfg, [{ field: "value of ssl_min_protocol_version", resources: variant(pgCfg, 0, (i) => (i.value = "TLSv1.2")), expected: /ssl_min_protocol_version is "TLSv1.2"/ }]);

const pgStack = [res(T.pgServer, "pg", { serverName: "pg", resourceGroupName: "rg" }), pgCfg[0]!];
policySuite(tls.azurePostgresTls13Configured, pgStack, [{ field: "the ssl_min_protocol_version configuration (missing)", resources: [pgStack[0]!], expected: /has no ssl_min_protocol_version configuration/ }]);

const storage = [res(T.storageAccount, "sa", { minimumTlsVersion: "TLS1_3", enableHttpsTrafficOnly: true })];
policySuite(tls.azureStorageTls, storage, [
    { field: "minimumTlsVersion (TLS1_0)", resources: variant(storage, 0, (i) => (i.minimumTlsVersion = "TLS1_0")), expected: /at least TLS1_2/ },
    { field: "minimumTlsVersion (unset)", resources: variant(storage, 0, (i) => delete i.minimumTlsVersion), expected: /minimumTlsVersion is unset/ },
    { field: "enableHttpsTrafficOnly", resources: variant(storage, 0, (i) => (i.enableHttpsTrafficOnly = false)), expected: /plain HTTP/ },
]);

const redis = [res(T.redis, "cache", { minimumTlsVersion: "1.3", enableNonSslPort: false }), res(T.redisEnterprise, "amr", { minimumTlsVersion: "1.3" })];
policySuite(tls.azureRedisTls, redis, [
    { field: "minimumTlsVersion (1.0)", resources: variant(redis, 0, (i) => (i.minimumTlsVersion = "1.0")), expected: /set 1.2/ },
    { field: "enableNonSslPort", resources: variant(redis, 0, (i) => (i.enableNonSslPort = true)), expected: /plain-text port/ },
    { field: "minimumTlsVersion of Redis Enterprise", resources: variant(redis, 1, (i) => (i.minimumTlsVersion = "1.1")), expected: /"1.1"/ },
]);

const tlsOption = [res(T.tlsOption, "default", { metadata: { name: "default", namespace: "traefik" }, spec: { minVersion: "VersionTLS13" } })];
policySuite(tls.traefikTlsOptionTls13, tlsOption, [
    { field: "spec.minVersion", resources: variant(tlsOption, 0, (i) => (i.spec.minVersion = "VersionTLS12")), expected: /minVersion is "VersionTLS12"/ },
    { field: "spec.maxVersion", resources: variant(tlsOption, 0, (i) => (i.spec.maxVersion = "VersionTLS12")), expected: /maxVersion/ },
]);

const traefikStack = [res(T.helmChartV4, "traefik", { chart: "traefik", version: "41.3.0", values: {} }), tlsOption[0]!];
policySuite(tls.traefikDefaultTlsOption, traefikStack, [
    { field: "the default TLSOption (removed)", resources: [traefikStack[0]!], expected: /no TLSOption named `default`/ },
    { field: "the default TLSOption's minVersion", resources: variant(traefikStack, 1, (i) => (i.spec.minVersion = "VersionTLS12")), expected: /does not set minVersion VersionTLS13/ },
    {
        field: "metadata.name (a non-default TLSOption only)",
        resources: variant(traefikStack, 1, (i) => (i.metadata.name = "strict")),
        expected: /no TLSOption named `default`/,
    },
]);

const gatewaySpec = {
    gatewayClassName: "traefik",
    listeners: [
        { name: "http", port: 80, protocol: "HTTP" },
        { name: "https", port: 443, protocol: "HTTPS", hostname: "devana.example.com", tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "front-tls" }] } },
    ],
};
const gateway = [res(T.gateway, "gw", { metadata: { name: "devana", namespace: "traefik" }, spec: gatewaySpec })];
policySuite(tls.gatewayListenersTls, gateway, [
    { field: "listeners[].tls.certificateRefs", resources: variant(gateway, 0, (i) => (i.spec.listeners[1].tls.certificateRefs = [])), expected: /without tls.certificateRefs/ },
    { field: "listeners[].tls.mode", resources: variant(gateway, 0, (i) => (i.spec.listeners[1].tls.mode = "Passthrough")), expected: /tls.mode "Passthrough"/ },
    { field: "listeners[].port of a plain HTTP listener", resources: variant(gateway, 0, (i) => (i.spec.listeners[0].port = 8080)), expected: /plain HTTP on port 8080/ },
    { field: "listeners[].protocol (TCP)", resources: variant(gateway, 0, (i) => (i.spec.listeners[0].protocol = "TCP")), expected: /protocol "TCP"/ },
]);

const redirectRoute = res(T.httpRoute, "redirect", {
    metadata: { name: "redirect", namespace: "traefik" },
    spec: { parentRefs: [{ name: "devana", sectionName: "http" }], rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }] },
});
const appRoute = res(T.httpRoute, "front", {
    metadata: { name: "front", namespace: "devana-prod" },
    spec: { parentRefs: [{ name: "devana", namespace: "traefik", sectionName: "https" }], rules: [{ backendRefs: [{ name: "devana-frontend", port: 3000 }] }] },
});
const redirectStack = [gateway[0]!, redirectRoute, appRoute];
policySuite(tls.gatewayHttpRedirectOnly, redirectStack, [
    { field: "the redirect HTTPRoute (missing)", resources: [gateway[0]!, appRoute], expected: /plain HTTP with no redirect HTTPRoute/ },
    { field: "rules[].filters requestRedirect.scheme", resources: variant(redirectStack, 1, (i) => (i.spec.rules[0].filters[0].requestRedirect.scheme = "http")), expected: /does not only redirect to https/ },
    {
        field: "parentRefs[].sectionName (an app route without it also serves port 80)",
        resources: variant(redirectStack, 2, (i) => delete i.spec.parentRefs[0].sectionName),
        expected: /HTTPRoute front attaches to plain HTTP listener http/,
    },
]);

describe("TLS exceptions", () => {
    it("reports an Azure Storage TLS1_2 floor as advisory with the default exception's reason, never as mandatory", async () => {
        const violations = await run([tls.azureStorageTls], [res(T.storageAccount, "sa", { minimumTlsVersion: "TLS1_2" })]);
        expect(violations).toEqual([
            expect.objectContaining({
                policy: "policy-exceptions",
                enforcementLevel: "advisory",
                urn: expect.stringContaining("::sa"),
                message: expect.stringMatching(/azure-storage-tls: minimumTlsVersion is TLS1_2.*excepted by azure-storage-tls12-floor: Azure Storage negotiates TLS 1.3 but cannot enforce it/),
            }),
        ]);
    });

    it("reports the Azure Cache for Redis 1.2 floor as advisory", async () => {
        const violations = await run([tls.azureRedisTls], [res(T.redis, "cache", { minimumTlsVersion: "1.2", enableNonSslPort: false })]);
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([["policy-exceptions", "advisory"]]);
        expect(violations[0]!.message).toMatch(/azure-redis-tls12-floor/);
    });

    it("never excepts a floor below 1.2: the exception is scoped to the tls12-not-13 finding", async () => {
        const violations = await run([tls.azureStorageTls], [res(T.storageAccount, "sa", { minimumTlsVersion: "TLS1_1" })]);
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
    });

    it("makes the 1.2 floor mandatory again when the exception list is emptied", async () => {
        const violations = await run([tls.azureStorageTls], [res(T.storageAccount, "sa", { minimumTlsVersion: "TLS1_2" })], { config: { "azure-storage-tls": { exceptions: [] } } });
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([["azure-storage-tls", "mandatory"]]);
    });
});
