/**
 * R-SEC-TLS: TLS 1.3 minimum in transit. Every place a TLS endpoint's protocol floor is set in
 * this program is checked: AWS load balancers (direct, and through Kubernetes annotations),
 * CloudFront and API Gateway domains, Azure Application Gateway, Azure PostgreSQL, the Traefik
 * TLSOption the gateway uses, Gateway API listeners, and S3 bucket policies. Services that cannot
 * enforce 1.3 (Azure Storage, Azure Cache for Redis) must enforce 1.2, and the 1.2 floor is a
 * finding that only a named exception allows.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { ListenerArgs } from "@pulumi/aws/lb/listener";
import type { DistributionArgs } from "@pulumi/aws/cloudfront/distribution";
import type { DomainNameArgs as ApiGatewayDomainArgs } from "@pulumi/aws/apigateway/domainName";
import type { DomainNameArgs as ApiGatewayV2DomainArgs } from "@pulumi/aws/apigatewayv2/domainName";
import type { BucketPolicyArgs } from "@pulumi/aws/s3/bucketPolicy";
import type { ApplicationGatewayArgs } from "@pulumi/azure-native/network/applicationGateway";
import type { ConfigurationArgs as PgConfigurationArgs } from "@pulumi/azure-native/dbforpostgresql/configuration";
import type { StorageAccountArgs } from "@pulumi/azure-native/storage/storageAccount";
import type { RedisArgs } from "@pulumi/azure-native/redis/redis";
import type { RedisEnterpriseArgs } from "@pulumi/azure-native/redisenterprise/redisEnterprise";
import { defaultExceptionsFor, FINDING } from "./exceptions";
import { at, type BaseConfig, get, isSet, list, ofTypes, type Props, refersTo, resourcePolicy, show, stackPolicy, subjectOf, UNKNOWN } from "./lib";

export const TYPES = {
    lbListener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    cloudfront: "aws:cloudfront/distribution:Distribution",
    apiGatewayDomain: "aws:apigateway/domainName:DomainName",
    apiGatewayV2Domain: "aws:apigatewayv2/domainName:DomainName",
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3BucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    appGateway: "azure-native:network:ApplicationGateway",
    pgServer: "azure-native:dbforpostgresql:Server",
    pgConfiguration: "azure-native:dbforpostgresql:Configuration",
    storageAccount: "azure-native:storage:StorageAccount",
    redis: "azure-native:redis:Redis",
    redisEnterprise: "azure-native:redisenterprise:RedisEnterprise",
    tlsOption: "kubernetes:traefik.io/v1alpha1:TLSOption",
    tlsOptionLegacy: "kubernetes:traefik.containo.us/v1alpha1:TLSOption",
    gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    gatewayClass: "kubernetes:gateway.networking.k8s.io/v1:GatewayClass",
    httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    helmChartV4: "kubernetes:helm.sh/v4:Chart",
    helmChartV3: "kubernetes:helm.sh/v3:Chart",
    helmReleaseV3: "kubernetes:helm.sh/v3:Release",
} as const;

/** ELB security policies that accept TLS 1.3 only (the `TLS13-1-2-*` family still accepts 1.2). */
export function isTls13OnlyElbPolicy(policy: unknown): boolean {
    return typeof policy === "string" && /^ELBSecurityPolicy-TLS13-1-3-/.test(policy);
}

// ---------------------------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------------------------

export const awsLbListenerTls13 = resourcePolicy<BaseConfig, Props<ListenerArgs>>({
    name: "aws-lb-listener-tls13",
    description: "ALB/NLB listeners: HTTPS and TLS listeners use a TLS 1.3-only security policy (ELBSecurityPolicy-TLS13-1-3-*); HTTP listeners only redirect to HTTPS.",
    types: [TYPES.lbListener, TYPES.albListener],
    check: (props, c) => {
        const protocol = get(props, "protocol");
        if (protocol === UNKNOWN) {
            return;
        }
        const proto = typeof protocol === "string" ? protocol.toUpperCase() : protocol;
        if (proto === "HTTPS" || proto === "TLS") {
            const sslPolicy = get(props, "sslPolicy");
            if (sslPolicy !== UNKNOWN && !isTls13OnlyElbPolicy(sslPolicy)) {
                c.fail(`${proto} listener sslPolicy is ${show(sslPolicy)}: use a TLS 1.3-only policy (ELBSecurityPolicy-TLS13-1-3-2021-06 or a newer TLS13-1-3 one); TLS13-1-2 policies still accept TLS 1.2 (R-SEC-TLS)`);
            }
        } else if (proto === "HTTP" || proto === undefined) {
            // An ALB listener without protocol defaults to HTTP.
            const actions = list(props, "defaultActions");
            if (actions === UNKNOWN) {
                return;
            }
            const redirectsOnly =
                actions.length > 0 &&
                actions.every((a) => {
                    const type = at(a, "type");
                    const target = at(a, "redirect", "protocol");
                    return type === UNKNOWN || (type === "redirect" && (target === UNKNOWN || target === "HTTPS"));
                });
            if (!redirectsOnly) {
                c.fail("plain HTTP listener must only redirect to HTTPS (defaultActions: one redirect with protocol HTTPS; R-NET-PORTS, R-SEC-TLS)");
            }
        }
    },
});

export const awsCloudFrontTls13 = resourcePolicy<BaseConfig, Props<DistributionArgs>>({
    name: "aws-cloudfront-tls13",
    description: "CloudFront distributions serve viewers with the TLS 1.3-only security policy (TLSv1.3_2025) on a custom certificate.",
    types: [TYPES.cloudfront],
    check: (props, c) => {
        if (get(props, "viewerCertificate", "cloudfrontDefaultCertificate") === true) {
            c.fail("uses the default *.cloudfront.net certificate, whose security policy is fixed at TLSv1: use a custom certificate with minimumProtocolVersion TLSv1.3_2025");
            return;
        }
        const version = get(props, "viewerCertificate", "minimumProtocolVersion");
        if (version !== UNKNOWN && version !== "TLSv1.3_2025") {
            c.fail(`viewerCertificate.minimumProtocolVersion is ${show(version)}: use TLSv1.3_2025 (R-SEC-TLS)`);
        }
    },
});

export const awsApiGatewayTls13 = resourcePolicy<BaseConfig, Props<ApiGatewayDomainArgs> & Props<ApiGatewayV2DomainArgs>>({
    name: "aws-api-gateway-domain-tls13",
    description: "API Gateway custom domains use a TLS 1.3-only enhanced security policy (SecurityPolicy_TLS13_1_3_*).",
    types: [TYPES.apiGatewayDomain, TYPES.apiGatewayV2Domain],
    check: (props, c) => {
        const policy = c.type === TYPES.apiGatewayDomain ? get(props, "securityPolicy") : get(props, "domainNameConfiguration", "securityPolicy");
        if (policy !== UNKNOWN && !(typeof policy === "string" && /^SecurityPolicy_TLS13_1_3_/.test(policy))) {
            c.fail(`security policy is ${show(policy)}: use a SecurityPolicy_TLS13_1_3_* policy (TLS_1_2 accepts TLS 1.2; HTTP/WebSocket APIs cannot enforce 1.3 and need a named exception)`);
        }
    },
});

/** Annotation keys through which Kubernetes controllers create AWS load balancers. */
const AWS_SSL_POLICY_ANNOTATIONS = ["service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy", "alb.ingress.kubernetes.io/ssl-policy"] as const;
const AWS_CERT_ANNOTATIONS: Readonly<Record<string, string>> = {
    "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy",
    "alb.ingress.kubernetes.io/certificate-arn": "alb.ingress.kubernetes.io/ssl-policy",
};

/** Every map (at any depth, e.g. inside Helm values) that holds an AWS load balancer annotation. */
function annotationMaps(value: unknown, depth = 0, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
    if (depth > 12 || value === null || typeof value !== "object") {
        return found;
    }
    if (Array.isArray(value)) {
        const items = list(value);
        if (items !== UNKNOWN) {
            items.forEach((v) => annotationMaps(v, depth + 1, found));
        }
        return found;
    }
    const keys = Object.keys(value);
    if (keys.some((k) => AWS_SSL_POLICY_ANNOTATIONS.includes(k as never) || k in AWS_CERT_ANNOTATIONS)) {
        found.push(value as Record<string, unknown>);
    }
    for (const key of keys) {
        annotationMaps(at(value, key), depth + 1, found);
    }
    return found;
}

export const awsK8sLoadBalancerTls13 = resourcePolicy({
    name: "aws-k8s-load-balancer-tls13",
    description: "AWS load balancers created from Kubernetes (Service annotations of the cloud controller / AWS Load Balancer Controller, Ingress annotations, the same annotations in Helm values) terminate TLS with a TLS 1.3-only policy.",
    types: (type) => type.startsWith("kubernetes:") && !type.startsWith("kubernetes:core/v1:Secret"),
    check: (props, c) => {
        for (const annotations of annotationMaps(props)) {
            for (const key of AWS_SSL_POLICY_ANNOTATIONS) {
                const value = at(annotations, key);
                if (value !== undefined && value !== UNKNOWN && !isTls13OnlyElbPolicy(value)) {
                    c.fail(`annotation ${key} is ${show(value)}: use a TLS 1.3-only policy (ELBSecurityPolicy-TLS13-1-3-2021-06 or newer)`);
                }
            }
            for (const [cert, policyKey] of Object.entries(AWS_CERT_ANNOTATIONS)) {
                if (isSet(at(annotations, cert)) && at(annotations, policyKey) === undefined) {
                    c.fail(`annotation ${cert} terminates TLS on the load balancer without ${policyKey}: the controller's default policy accepts TLS 1.0-1.2; set a TLS 1.3-only policy`);
                }
            }
        }
    },
});

/** True when a bucket policy document denies every request made without TLS. */
export function deniesInsecureTransport(document: unknown): boolean {
    let doc = document;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc);
        } catch {
            return false;
        }
    }
    const statements = list(doc, "Statement");
    if (statements === UNKNOWN) {
        return false;
    }
    return statements.some((s) => {
        const actions = [at(s, "Action")].flat();
        const principal = at(s, "Principal");
        const allPrincipals = principal === "*" || at(principal, "AWS") === "*" || [at(principal, "AWS")].flat().includes("*");
        const condition = at(s, "Condition", "Bool", "aws:SecureTransport");
        return at(s, "Effect") === "Deny" && allPrincipals && (actions.includes("s3:*") || actions.includes("*")) && (condition === "false" || condition === false || (Array.isArray(condition) && condition.map(String).includes("false")));
    });
}

export const awsS3DenyInsecureTransport = stackPolicy({
    name: "aws-s3-deny-insecure-transport",
    description: "Every S3 bucket has a bucket policy denying s3:* to every principal when aws:SecureTransport is false.",
    check: (resources, c) => {
        const policies = ofTypes(resources, TYPES.s3BucketPolicy);
        for (const bucket of ofTypes(resources, TYPES.s3Bucket, TYPES.s3BucketV2)) {
            const attached = policies.filter((p) => refersTo(p, bucket, "bucket"));
            const policyOf = (p: PolicyResource): unknown => get(p.props as Props<BucketPolicyArgs>, "policy");
            if (attached.some((p) => policyOf(p) === UNKNOWN)) {
                continue;
            }
            if (!attached.some((p) => deniesInsecureTransport(policyOf(p)))) {
                c.fail(subjectOf(bucket), `bucket ${bucket.name} has no bucket policy denying requests without TLS (Deny s3:* to * when aws:SecureTransport is "false")`);
            }
        }
    },
});

// ---------------------------------------------------------------------------------------------
// Azure
// ---------------------------------------------------------------------------------------------

export const azureAppGatewayTls13 = resourcePolicy<BaseConfig, Props<ApplicationGatewayArgs>>({
    name: "azure-app-gateway-tls13",
    description: "Application Gateways use a CustomV2 SSL policy with minProtocolVersion TLSv1_3 (every predefined policy still accepts TLS 1.2).",
    types: [TYPES.appGateway],
    check: (props, c) => {
        const type = get(props, "sslPolicy", "policyType");
        const min = get(props, "sslPolicy", "minProtocolVersion");
        if (type === UNKNOWN || min === UNKNOWN) {
            return;
        }
        if (type !== "CustomV2") {
            c.fail(`sslPolicy.policyType is ${show(type)}: use CustomV2 with minProtocolVersion TLSv1_3`);
        }
        if (min !== "TLSv1_3") {
            c.fail(`sslPolicy.minProtocolVersion is ${show(min)}: use TLSv1_3 (R-SEC-TLS)`);
        }
    },
});

const SSL_MIN_PROTOCOL = "ssl_min_protocol_version";

export const azurePostgresTls13 = resourcePolicy<BaseConfig, Props<PgConfigurationArgs>>({
    name: "azure-postgres-tls13",
    description: "Azure Database for PostgreSQL flexible servers: the ssl_min_protocol_version server parameter is TLSv1.3.",
    types: [TYPES.pgConfiguration],
    check: (props, c) => {
        const name = get(props, "configurationName");
        if (name !== SSL_MIN_PROTOCOL) {
            return;
        }
        const value = get(props, "value");
        if (value !== UNKNOWN && value !== "TLSv1.3") {
            c.fail(`${SSL_MIN_PROTOCOL} is ${show(value)}: set TLSv1.3 (R-SEC-TLS)`);
        }
    },
});

export const azurePostgresTls13Configured = stackPolicy({
    name: "azure-postgres-tls13-configured",
    description: "Every Azure PostgreSQL flexible server has an ssl_min_protocol_version configuration (the service default is TLSv1.2).",
    check: (resources, c) => {
        const configs = ofTypes(resources, TYPES.pgConfiguration).filter((r) => at(r.props, "configurationName") === SSL_MIN_PROTOCOL);
        for (const server of ofTypes(resources, TYPES.pgServer)) {
            if (!configs.some((cfg) => refersTo(cfg, server, "serverName"))) {
                c.fail(subjectOf(server), `PostgreSQL server ${server.name} has no ${SSL_MIN_PROTOCOL} configuration: its default floor is TLSv1.2; add one set to TLSv1.3`);
            }
        }
    },
});

export const azureStorageTls = resourcePolicy<BaseConfig, Props<StorageAccountArgs>>({
    name: "azure-storage-tls",
    description: "Storage accounts accept HTTPS only with minimumTlsVersion TLS1_3; TLS1_2 (Azure cannot yet enforce a 1.3 minimum) is a finding only a named exception allows; below 1.2 is never allowed.",
    types: [TYPES.storageAccount],
    defaultExceptions: defaultExceptionsFor("azure-storage-tls"),
    check: (props, c) => {
        const version = get(props, "minimumTlsVersion");
        if (get(props, "enableHttpsTrafficOnly") === false) {
            c.fail("enableHttpsTrafficOnly is false: plain HTTP is accepted");
        }
        if (version === UNKNOWN || version === "TLS1_3") {
            return;
        }
        if (version === "TLS1_2") {
            c.fail("minimumTlsVersion is TLS1_2, not TLS1_3 (R-SEC-TLS)", FINDING.tls12NotTls13);
        } else {
            c.fail(`minimumTlsVersion is ${show(version)}: at least TLS1_2 is required (the API default accepts TLS 1.0)`);
        }
    },
});

export const azureRedisTls = resourcePolicy<BaseConfig, Props<RedisArgs> & Props<RedisEnterpriseArgs>>({
    name: "azure-redis-tls",
    description: "Azure Cache for Redis / Azure Managed Redis: non-TLS port closed and minimumTlsVersion 1.2 at least; the 1.2 floor (no 1.3 setting exists) is a finding only a named exception allows.",
    types: [TYPES.redis, TYPES.redisEnterprise],
    defaultExceptions: defaultExceptionsFor("azure-redis-tls"),
    check: (props, c) => {
        if (c.type === TYPES.redis && get(props, "enableNonSslPort") === true) {
            c.fail("enableNonSslPort is true: the plain-text port 6379 is open");
        }
        const version = get(props, "minimumTlsVersion");
        if (version === UNKNOWN || version === "1.3") {
            return;
        }
        if (version === "1.2") {
            c.fail("minimumTlsVersion is 1.2, not 1.3 (R-SEC-TLS)", FINDING.tls12NotTls13);
        } else {
            c.fail(`minimumTlsVersion is ${show(version)}: set 1.2 (the highest floor the service offers)`);
        }
    },
});

// ---------------------------------------------------------------------------------------------
// Kubernetes: Traefik and Gateway API
// ---------------------------------------------------------------------------------------------

export const traefikTlsOptionTls13 = resourcePolicy({
    name: "traefik-tlsoption-tls13",
    description: "Traefik TLSOptions set minVersion VersionTLS13 (and no maxVersion below it).",
    types: [TYPES.tlsOption, TYPES.tlsOptionLegacy],
    check: (props, c) => {
        const min = at(props, "spec", "minVersion");
        const max = at(props, "spec", "maxVersion");
        if (min !== UNKNOWN && min !== "VersionTLS13") {
            c.fail(`spec.minVersion is ${show(min)}: set VersionTLS13 (Traefik's default minimum is TLS 1.2)`);
        }
        if (max !== undefined && max !== UNKNOWN && max !== "VersionTLS13") {
            c.fail(`spec.maxVersion is ${show(max)}: it must be VersionTLS13 or unset`);
        }
    },
});

function chartName(r: PolicyResource): string {
    const chart = at(r.props, "chart");
    return typeof chart === "string" ? chart : "";
}

/** True when the stack deploys Traefik (its chart, a Traefik GatewayClass, or Traefik CRD objects). */
export function hasTraefik(resources: readonly PolicyResource[]): boolean {
    return resources.some(
        (r) =>
            (([TYPES.helmChartV4, TYPES.helmChartV3, TYPES.helmReleaseV3] as string[]).includes(r.type) && /(^|\/)traefik$/.test(chartName(r))) ||
            (r.type === TYPES.gatewayClass && String(at(r.props, "spec", "controllerName")).startsWith("traefik.io/")) ||
            r.type.startsWith("kubernetes:traefik.io/") ||
            r.type.startsWith("kubernetes:traefik.containo.us/"),
    );
}

export const traefikDefaultTlsOption = stackPolicy({
    name: "traefik-default-tlsoption",
    description: "A stack that deploys Traefik has a TLSOption named `default` with minVersion VersionTLS13, so every router without explicit options gets TLS 1.3.",
    check: (resources, c) => {
        if (!hasTraefik(resources)) {
            return;
        }
        const defaults = ofTypes(resources, TYPES.tlsOption, TYPES.tlsOptionLegacy).filter((r) => at(r.props, "metadata", "name") === "default");
        if (defaults.length === 0) {
            c.fail(undefined, "the stack deploys Traefik but no TLSOption named `default` exists: Traefik's built-in default accepts TLS 1.2; create one with minVersion VersionTLS13");
            return;
        }
        if (!defaults.some((r) => at(r.props, "spec", "minVersion") === "VersionTLS13")) {
            c.fail(subjectOf(defaults[0]!), "the `default` TLSOption does not set minVersion VersionTLS13");
        }
    },
});

export const gatewayListenersTls = resourcePolicy({
    name: "gateway-listeners-tls",
    description: "Gateway API Gateways: HTTPS/TLS listeners terminate TLS with a certificate; plain HTTP listeners exist only on port 80 (for the redirect).",
    types: [TYPES.gateway],
    check: (props, c) => {
        const listeners = list(props, "spec", "listeners");
        if (listeners === UNKNOWN) {
            return;
        }
        for (const l of listeners) {
            const name = show(at(l, "name"));
            const protocol = at(l, "protocol");
            if (protocol === "HTTPS" || protocol === "TLS") {
                const mode = at(l, "tls", "mode");
                const refs = list(l, "tls", "certificateRefs");
                if (protocol === "HTTPS" && mode !== undefined && mode !== "Terminate" && mode !== UNKNOWN) {
                    c.fail(`listener ${name}: HTTPS with tls.mode ${show(mode)}; HTTPS listeners terminate TLS`);
                }
                if ((mode === undefined || mode === "Terminate") && refs !== UNKNOWN && refs.length === 0) {
                    c.fail(`listener ${name}: ${String(protocol)} without tls.certificateRefs`);
                }
            } else if (protocol === "HTTP") {
                const port = at(l, "port");
                if (port !== 80 && port !== UNKNOWN) {
                    c.fail(`listener ${name}: plain HTTP on port ${show(port)}; only port 80 may be plain HTTP, and only to redirect (R-NET-PORTS)`);
                }
            } else if (protocol !== UNKNOWN) {
                c.fail(`listener ${name}: protocol ${show(protocol)} carries traffic without TLS termination at the gateway`);
            }
        }
    },
});

/** The HTTPRoute rule redirects to https and sends nothing to a backend. */
function isHttpsRedirectRule(rule: unknown): boolean {
    const filters = list(rule, "filters");
    const backends = list(rule, "backendRefs");
    if (filters === UNKNOWN || backends === UNKNOWN) {
        return true;
    }
    return backends.length === 0 && filters.some((f) => at(f, "type") === "RequestRedirect" && at(f, "requestRedirect", "scheme") === "https");
}

export const gatewayHttpRedirectOnly = stackPolicy({
    name: "gateway-http-redirect-only",
    description: "Every plain HTTP Gateway listener has an HTTPRoute that redirects to https, and no route serves content over it (R-NET-PORTS: 80 redirects only).",
    check: (resources, c) => {
        const routes = ofTypes(resources, TYPES.httpRoute);
        for (const gateway of ofTypes(resources, TYPES.gateway)) {
            const gatewayName = at(gateway.props, "metadata", "name");
            const gatewayNs = at(gateway.props, "metadata", "namespace");
            const listeners = list(gateway.props, "spec", "listeners");
            if (listeners === UNKNOWN) {
                continue;
            }
            for (const listener of listeners.filter((l) => at(l, "protocol") === "HTTP")) {
                const listenerName = at(listener, "name");
                const attached = routes.filter((route) => {
                    const routeNs = at(route.props, "metadata", "namespace");
                    const parents = list(route.props, "spec", "parentRefs");
                    return (
                        parents !== UNKNOWN &&
                        parents.some(
                            (p) =>
                                at(p, "name") === gatewayName &&
                                (at(p, "namespace") ?? routeNs) === gatewayNs &&
                                (at(p, "sectionName") === undefined || at(p, "sectionName") === listenerName) &&
                                (at(p, "port") === undefined || at(p, "port") === at(listener, "port")),
                        )
                    );
                });
                if (attached.length === 0) {
                    c.fail(subjectOf(gateway), `gateway ${String(gatewayName)} listener ${String(listenerName)}: plain HTTP with no redirect HTTPRoute`);
                }
                for (const route of attached) {
                    const rules = list(route.props, "spec", "rules");
                    if (rules !== UNKNOWN && (rules.length === 0 || !rules.every(isHttpsRedirectRule))) {
                        c.fail(subjectOf(route), `HTTPRoute ${route.name} attaches to plain HTTP listener ${String(listenerName)} of gateway ${String(gatewayName)} but does not only redirect to https`);
                    }
                }
            }
        }
    },
});

export const tlsPolicies = [
    awsLbListenerTls13,
    awsK8sLoadBalancerTls13,
    awsCloudFrontTls13,
    awsApiGatewayTls13,
    awsS3DenyInsecureTransport,
    azureAppGatewayTls13,
    azurePostgresTls13,
    azurePostgresTls13Configured,
    azureStorageTls,
    azureRedisTls,
    traefikTlsOptionTls13,
    traefikDefaultTlsOption,
    gatewayListenersTls,
    gatewayHttpRedirectOnly,
] as const;
