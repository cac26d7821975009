/**
 * R-SEC-ZONES `waf-in-front-of-public-entry` over hand-built resources: a compliant baseline per
 * target (AWS ALB + web ACL + association, Azure Application Gateway WAF_v2 + Prevention policy,
 * on-prem customer declaration, on-prem in-cluster WAF Deployment and Service behind every route),
 * one failing case per condition, non-prod stacks left alone; then the runner's property
 * dependencies (what the engine gives stack policies). The committed prod plans, mutated, are run
 * through the policy:check command with the stack tests.
 *
 * Does not prove that the WAF rules block anything, nor that a customer's declared WAF exists.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import * as edge from "../../policy/edge";
import { POLICY_EXCEPTIONS } from "../../policy/exceptions";
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { resourcesFromPolicyInput, runPolicies } from "../../scripts/lib/policy-runner";
import type { PlanDocument } from "../../scripts/lib/plan";
import { runCli } from "../support/helpers";
import { failures, mutated, res, run, variant } from "./harness";
import { policySuite } from "./suite";

const T = edge.TYPES;
const POLICY = edge.wafInFrontOfPublicEntry;
const ACCOUNT = "123456789012";

/** `r` whose inputs were computed from other resources' Outputs, as the engine records it. */
function fed(r: PlannedResource, byInput: Record<string, readonly PlannedResource[]>): PlannedResource {
    const propertyDependencies = Object.fromEntries(Object.entries(byInput).map(([k, deps]) => [k, deps.map((d) => d.urn)]));
    return { ...r, options: { ...r.options, dependsOn: [...new Set(Object.values(propertyDependencies).flat())], propertyDependencies } };
}

const namespace = (name: string, environment: string) => res(T.namespace, name, { metadata: { name, labels: { "devana.ai/environment": environment, "app.kubernetes.io/part-of": "devana" } } });
const traefik = (service: Record<string, unknown>) =>
    res(T.helmChartV4, "devana-gateway-traefik", { chart: "traefik", version: "41.3.0", namespace: "traefik", repositoryOpts: { repo: "https://traefik.github.io/charts" }, values: { deployment: { replicas: 2 }, service } });

// ---------------------------------------------------------------------------------------------
// AWS: internet-facing ALB + REGIONAL web ACL + association; Traefik ClusterIP behind the ALB

const alb = res(T.lb, "devana-edge-alb", { name: "devana-prod", loadBalancerType: "application", internal: false, subnets: ["subnet-dmz-a", "subnet-dmz-b"], dropInvalidHeaderFields: true });
const acl = res(T.webAcl, "devana-edge-acl", {
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    rules: [
        {
            name: "aws-common",
            priority: 10,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
            visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "aws-common", sampledRequestsEnabled: true },
        },
        {
            name: "rate-limit",
            priority: 20,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
            visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "rate-limit", sampledRequestsEnabled: true },
        },
    ],
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "devana-prod", sampledRequestsEnabled: true },
});
const association = fed(res(T.webAclAssociation, "devana-edge-acl-association", { resourceArn: `arn:aws:mock:eu-north-1:${ACCOUNT}:devana-edge-alb`, webAclArn: `arn:aws:mock:eu-north-1:${ACCOUNT}:devana-edge-acl` }), {
    resourceArn: [alb],
    webAclArn: [acl],
});
const internalAlb = res(T.lb, "devana-admin-alb", { loadBalancerType: "application", internal: true, subnets: ["subnet-app-a"] });
const awsStack = [namespace("devana-prod", "prod"), alb, acl, association, traefik({ annotations: {}, spec: { type: "ClusterIP" } }), internalAlb];
const AWS = { ns: 0, alb: 1, acl: 2, association: 3, traefik: 4 } as const;

policySuite(POLICY, awsStack, [
    { field: "AWS: an internet-facing ALB without association", resources: awsStack.filter((_, i) => i !== AWS.association), expected: /internet-facing ALB devana-edge-alb has no aws:wafv2 WebAclAssociation/ },
    {
        field: "AWS: the association's resourceArn pointing at another ALB",
        resources: awsStack.map((r, i) =>
            i === AWS.association
                ? fed(
                      mutated(r, (x) => (x.resourceArn = `arn:aws:mock:eu-north-1:${ACCOUNT}:devana-admin-alb`)),
                      { resourceArn: [internalAlb], webAclArn: [acl] },
                  )
                : r,
        ),
        expected: /internet-facing ALB devana-edge-alb has no aws:wafv2 WebAclAssociation whose resourceArn is its arn/,
    },
    {
        field: "AWS: the association's webAclArn naming no web ACL of the stack",
        resources: awsStack.map((r, i) =>
            i === AWS.association
                ? fed(
                      mutated(r, (x) => (x.webAclArn = `arn:aws:wafv2:eu-north-1:${ACCOUNT}:regional/webacl/other/1`)),
                      { resourceArn: [alb] },
                  )
                : r,
        ),
        expected: /webAclArn "arn:aws:wafv2:eu-north-1:123456789012:regional\/webacl\/other\/1" is no web ACL of this stack/,
    },
    { field: "AWS: a CLOUDFRONT-scoped web ACL", resources: variant(awsStack, AWS.acl, (i) => (i.scope = "CLOUDFRONT")), expected: /web ACL devana-edge-acl has scope "CLOUDFRONT", not REGIONAL/ },
    { field: "AWS: a web ACL without rules", resources: variant(awsStack, AWS.acl, (i) => (i.rules = [])), expected: /web ACL devana-edge-acl has no rules/ },
    {
        field: "AWS: the internet-facing NLB annotation on the Traefik chart",
        resources: variant(
            awsStack,
            AWS.traefik,
            (i) => (i.values.service = { annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external", "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }, spec: { type: "LoadBalancer" } }),
        ),
        expected: /Traefik Service of chart devana-gateway-traefik is an internet-facing NLB \(service.beta.kubernetes.io\/aws-load-balancer-scheme: "internet-facing"\): it bypasses the WAF/,
    },
    {
        field: "AWS: a Traefik LoadBalancer Service without scheme (the in-tree controller's default is internet-facing)",
        resources: variant(awsStack, AWS.traefik, (i) => delete i.values.service),
        expected: /Traefik Service of chart devana-gateway-traefik is an internet-facing NLB \(service.beta.kubernetes.io\/aws-load-balancer-scheme: unset\)/,
    },
    {
        // Issue 14: Traefik 41 ignores a top-level service.type, so the Service stays LoadBalancer.
        field: "AWS: ClusterIP asked through service.type, which the Traefik chart does not read",
        resources: variant(awsStack, AWS.traefik, (i) => (i.values.service = { type: "ClusterIP", annotations: {} })),
        expected: /Traefik Service of chart devana-gateway-traefik is an internet-facing NLB \(service.beta.kubernetes.io\/aws-load-balancer-scheme: unset\)/,
    },
    {
        field: "AWS: an internet-facing aws:lb network load balancer",
        resources: [...awsStack, res(T.lb, "devana-nlb", { loadBalancerType: "network", internal: false })],
        expected: /internet-facing NLB devana-nlb bypasses the WAF/,
    },
]);

describe("waf-in-front-of-public-entry on AWS", () => {
    it("accepts an internal NLB for Traefik behind the ALB", async () => {
        const internalNlb = variant(awsStack, AWS.traefik, (i) => (i.values.service = { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }, spec: { type: "LoadBalancer" } }));
        expect(await failures(POLICY, internalNlb)).toEqual([]);
    });

    it("links association and ALB by equal known ARNs when no property dependency says so (a literal ARN)", async () => {
        const arn = `arn:aws:elasticloadbalancing:eu-north-1:${ACCOUNT}:loadbalancer/app/devana-prod/0123456789abcdef`;
        const literal = (resourceArn: string) => [
            awsStack[AWS.ns]!,
            mutated(alb, (i) => (i.arn = arn)),
            acl,
            fed(
                mutated(association, (i) => (i.resourceArn = resourceArn)),
                { resourceArn: [], webAclArn: [acl] },
            ),
        ];
        expect(await failures(POLICY, literal(arn))).toEqual([]);
        expect(await failures(POLICY, literal(arn.replace("0123456789abcdef", "fedcba9876543210")))).toEqual([
            "internet-facing ALB devana-edge-alb has no aws:wafv2 WebAclAssociation whose resourceArn is its arn: the public entry point has no WAF (R-SEC-ZONES)",
        ]);
    });

    it("judges the rendered Traefik Service the engine shows under pulumi preview (the chart then carries no values)", async () => {
        const chart = res(T.helmChartV4, "devana-gateway-traefik", { chart: "traefik" });
        const rendered = res(
            T.service,
            "traefik/traefik",
            { metadata: { name: "traefik", namespace: "traefik", labels: { "app.kubernetes.io/name": "traefik" }, annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" } }, spec: { type: "LoadBalancer" } },
            { parent: chart.urn },
        );
        const stack = [awsStack[AWS.ns]!, alb, acl, association, chart, rendered];
        expect(await failures(POLICY, stack)).toEqual([
            'Traefik Service traefik/traefik is an internet-facing NLB (service.beta.kubernetes.io/aws-load-balancer-scheme: "internet-facing"): it bypasses the WAF; use ClusterIP behind the WAF\'s ALB or an internal NLB (R-SEC-ZONES)',
        ]);
        expect(await failures(POLICY, [...stack.slice(0, -1), mutated(rendered, (i) => (i.spec.type = "ClusterIP"))])).toEqual([]);
    });

    it("allows a named exception for one kind of finding, reported as advisory", async () => {
        const config = { [POLICY.name]: { exceptions: [{ id: "cloudfront-waf", resourceType: T.lb, finding: edge.EDGE_FINDING.albWithoutWaf, reason: "CloudFront with its own WAF fronts this ALB (SEC-77)" }] } };
        const violations = await run(
            [POLICY],
            awsStack.filter((_, i) => i !== AWS.association),
            { config },
        );
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([[POLICY_EXCEPTIONS, "advisory"]]);
        expect(violations[0]!.message).toMatch(/excepted by cloudfront-waf: CloudFront/);
    });
});

// ---------------------------------------------------------------------------------------------
// Azure: Application Gateway WAF_v2 + WAF policy in Prevention; Traefik on an internal load balancer

const WAF_POLICY_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-devana-prod/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/waf-devana-prod";
const wafPolicy = res(T.wafPolicy, "devana-edge-waf-policy", {
    resourceGroupName: "rg-devana-prod",
    policyName: "waf-devana-prod",
    policySettings: { mode: "Prevention", state: "Enabled", requestBodyCheck: true, maxRequestBodySizeInKb: 2000, fileUploadLimitInMb: 200 },
    managedRules: { managedRuleSets: [{ ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1" }] },
});
const appGateway = fed(
    res(T.appGateway, "devana-edge-appgw", {
        resourceGroupName: "rg-devana-prod",
        applicationGatewayName: "agw-devana-prod",
        sku: { name: "WAF_v2", tier: "WAF_v2" },
        autoscaleConfiguration: { minCapacity: 2, maxCapacity: 10 },
        firewallPolicy: { id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock/providers/azure-native:network:WebApplicationFirewallPolicy/devana-edge-waf-policy" },
    }),
    { firewallPolicy: [wafPolicy] },
);
const AZURE_INTERNAL = "service.beta.kubernetes.io/azure-load-balancer-internal";
const azureStack = [namespace("devana-prod", "prod"), wafPolicy, appGateway, traefik({ type: "LoadBalancer", annotations: { [AZURE_INTERNAL]: "true", [`${AZURE_INTERNAL}-subnet`]: "snet-dmz" } })];
const AZ = { policy: 1, gateway: 2, traefik: 3 } as const;

policySuite(POLICY, azureStack, [
    {
        field: "Azure: Application Gateway sku.tier Standard_v2",
        resources: variant(azureStack, AZ.gateway, (i) => (i.sku = { name: "Standard_v2", tier: "Standard_v2" })),
        expected: /Application Gateway devana-edge-appgw has sku.tier "Standard_v2": use WAF_v2/,
    },
    {
        field: "Azure: WAF policy in Detection mode",
        resources: variant(azureStack, AZ.policy, (i) => (i.policySettings.mode = "Detection")),
        expected: /WAF policy devana-edge-waf-policy has policySettings.mode "Detection": only Prevention blocks attacks/,
    },
    { field: "Azure: WAF policy mode unset (Detection by default)", resources: variant(azureStack, AZ.policy, (i) => delete i.policySettings.mode), expected: /policySettings.mode unset/ },
    { field: "Azure: WAF policy disabled", resources: variant(azureStack, AZ.policy, (i) => (i.policySettings.state = "Disabled")), expected: /WAF policy devana-edge-waf-policy has policySettings.state "Disabled", not Enabled/ },
    { field: "Azure: WAF policy without managed rule sets", resources: variant(azureStack, AZ.policy, (i) => (i.managedRules.managedRuleSets = [])), expected: /has no managedRules.managedRuleSets/ },
    {
        field: "Azure: Application Gateway without firewallPolicy",
        resources: azureStack.map((r, i) =>
            i === AZ.gateway
                ? fed(
                      mutated(r, (x) => delete x.firewallPolicy),
                      {},
                  )
                : r,
        ),
        expected: /Application Gateway devana-edge-appgw: firewallPolicy.id unset is no WebApplicationFirewallPolicy of this stack/,
    },
    { field: "Azure: a public Traefik Service on AKS", resources: variant(azureStack, AZ.traefik, (i) => (i.values.service.annotations = {})), expected: /Traefik Service of chart devana-gateway-traefik is a public Azure load balancer/ },
    {
        field: "Azure: the internal annotation set to false",
        resources: variant(azureStack, AZ.traefik, (i) => (i.values.service.annotations[AZURE_INTERNAL] = "false")),
        expected: /is a public Azure load balancer \(service.beta.kubernetes.io\/azure-load-balancer-internal: "false"\)/,
    },
]);

describe("waf-in-front-of-public-entry on Azure", () => {
    it("links the gateway to its policy by ARM id when no property dependency says so (a literal id)", async () => {
        const literal = (id: string) => [
            azureStack[0]!,
            wafPolicy,
            fed(
                mutated(appGateway, (i) => (i.firewallPolicy = { id })),
                { firewallPolicy: [] },
            ),
            azureStack[AZ.traefik]!,
        ];
        expect(await failures(POLICY, literal(WAF_POLICY_ID))).toEqual([]);
        expect(await failures(POLICY, literal(WAF_POLICY_ID.toLowerCase()))).toEqual([]);
        expect((await failures(POLICY, literal(WAF_POLICY_ID.replace("waf-devana-prod", "waf-other")))).join("\n")).toMatch(/is no WebApplicationFirewallPolicy of this stack/);
    });
});

// ---------------------------------------------------------------------------------------------
// On-prem: the customer's WAF declared on the gateway Service, or the in-cluster WAF Middleware

const customerStack = [namespace("devana-prod", "prod"), traefik({ annotations: { "metallb.universe.tf/address-pool": "dmz", "devana.ai/waf": "customer" }, spec: { type: "LoadBalancer" } })];

const route = (id: string, backend: { name: string; port: number } = { name: "devana-waf", port: 3000 }, filters: readonly unknown[] = [RATE_LIMIT]) =>
    res(T.httpRoute, `devana-gateway-route-${id}`, {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: `devana-${id}`, namespace: "devana-prod" },
        spec: {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "devana", namespace: "traefik", sectionName: `https-${id}` }],
            hostnames: [`${id}.devana.example.com`],
            rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], filters, backendRefs: [{ group: "", kind: "Service", ...backend }] }],
        },
    });
const RATE_LIMIT = { type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "devana-waf-rate-limit" } };
const redirect = res(T.httpRoute, "devana-gateway-redirect", {
    metadata: { name: "https-redirect", namespace: "traefik" },
    spec: { rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }] },
});
const acmeSolver = res(T.httpRoute, "cm-acme-http-solver-x7k2p", {
    metadata: { name: "cm-acme-http-solver-x7k2p", namespace: "traefik" },
    spec: { rules: [{ matches: [{ path: { type: "Exact", value: "/.well-known/acme-challenge/token" } }], backendRefs: [{ name: "cm-acme-http-solver-9q8zl", port: 8089 }] }] },
});
const WAF_LABELS = { "app.kubernetes.io/name": "devana-waf", "app.kubernetes.io/component": "waf" };
const wafDeployment = res(T.deployment, "devana-waf-deployment", {
    metadata: { name: "devana-waf", namespace: "devana-prod" },
    spec: {
        selector: { matchLabels: { "app.kubernetes.io/name": "devana-waf" } },
        template: {
            metadata: { labels: WAF_LABELS },
            spec: {
                initContainers: [{ name: "seed-config", image: "owasp/modsecurity-crs:4.29.0-nginx-202609301109" }],
                containers: [{ name: "waf", image: "owasp/modsecurity-crs:4.29.0-nginx-202609301109", env: [{ name: "MODSEC_RULE_ENGINE", value: "On" }] }],
            },
        },
    },
});
const wafService = res(T.service, "devana-waf-service", {
    metadata: { name: "devana-waf", namespace: "devana-prod" },
    spec: { type: "ClusterIP", selector: { "app.kubernetes.io/name": "devana-waf" }, ports: [{ name: "front", port: 3000, targetPort: "http" }] },
});
const inClusterStack = [
    namespace("devana-prod", "prod"),
    traefik({ annotations: { "devana.ai/waf": "in-cluster" }, spec: { type: "LoadBalancer" } }),
    wafDeployment,
    wafService,
    route("front"),
    route("api", { name: "devana-waf", port: 4666 }, [{ type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "X-Devana", value: "1" }] } }, RATE_LIMIT]),
    route("ws", { name: "devana-waf", port: 5001 }),
    redirect,
    acmeSolver,
];
const IN = { traefik: 1, deployment: 2, service: 3, front: 4, api: 5 } as const;
const without = (index: number) => inClusterStack.filter((_, i) => i !== index);

policySuite(POLICY, customerStack, [
    {
        field: "on-prem: the gateway Service without a WAF declaration",
        resources: variant(customerStack, 1, (i) => delete i.values.service.annotations["devana.ai/waf"]),
        expected: /Traefik Service of chart devana-gateway-traefik \("LoadBalancer"\) declares no WAF \(devana.ai\/waf: unset\)/,
    },
    { field: "on-prem: an unknown WAF declaration", resources: variant(customerStack, 1, (i) => (i.values.service.annotations["devana.ai/waf"] = "none")), expected: /declares no WAF \(devana.ai\/waf: "none"\)/ },
    { field: "on-prem: a NodePort gateway without declaration", resources: variant(customerStack, 1, (i) => (i.values.service = { spec: { type: "NodePort" } })), expected: /\("NodePort"\) declares no WAF/ },
]);

policySuite(POLICY, inClusterStack, [
    {
        field: "in-cluster: a route sending straight to devana-api",
        resources: variant(inClusterStack, IN.api, (i) => (i.spec.rules[0].backendRefs[0].name = "devana-api")),
        expected: /^HTTPRoute devana-gateway-route-api spec.rules\[0\].backendRefs sends to "devana-api", not only to Service devana-waf: that route bypasses the in-cluster WAF \(R-SEC-ZONES\)$/,
    },
    {
        field: "in-cluster: a second backend next to the WAF",
        resources: variant(inClusterStack, IN.front, (i) => i.spec.rules[0].backendRefs.push({ group: "", kind: "Service", name: "devana-frontend", port: 3000 })),
        expected: /HTTPRoute devana-gateway-route-front spec.rules\[0\].backendRefs sends to "devana-frontend"/,
    },
    {
        field: "in-cluster: a devana-waf Service of another namespace",
        resources: variant(inClusterStack, IN.front, (i) => (i.spec.rules[0].backendRefs[0].namespace = "traefik")),
        expected: /HTTPRoute devana-gateway-route-front spec.rules\[0\].backendRefs sends to "devana-waf", not only to Service devana-waf/,
    },
    {
        field: "in-cluster: a second rule without the WAF",
        resources: variant(inClusterStack, IN.front, (i) => i.spec.rules.push({ matches: [{ path: { type: "PathPrefix", value: "/admin" } }], backendRefs: [{ name: "devana-frontend", port: 3000 }] })),
        expected: /HTTPRoute devana-gateway-route-front spec.rules\[1\].backendRefs sends to "devana-frontend"/,
    },
    {
        field: "in-cluster: the WAF Deployment missing",
        resources: without(IN.deployment),
        expected: /^HTTPRoute devana-gateway-route-front: Service devana-waf \(selector \{app.kubernetes.io\/name: "devana-waf"\}\) selects the pods of no Deployment of the stack: the in-cluster WAF is missing \(R-SEC-ZONES\)$/m,
    },
    {
        field: "in-cluster: the WAF Deployment running another image",
        resources: variant(inClusterStack, IN.deployment, (i) => (i.spec.template.spec.containers[0].image = "nginx:1.29.1")),
        expected: /Deployment devana-waf-deployment behind Service devana-waf runs no owasp\/modsecurity-crs container \(images: "nginx:1.29.1"\)/,
    },
    {
        field: "in-cluster: ModSecurity in DetectionOnly",
        resources: variant(inClusterStack, IN.deployment, (i) => (i.spec.template.spec.containers[0].env[0].value = "DetectionOnly")),
        expected: /Deployment devana-waf-deployment runs ModSecurity with MODSEC_RULE_ENGINE "DetectionOnly": only On blocks attacks/,
    },
    {
        field: "in-cluster: the Service selecting other pods",
        resources: variant(inClusterStack, IN.service, (i) => (i.spec.selector = { "app.kubernetes.io/name": "devana-api" })),
        expected: /Service devana-waf \(selector \{app.kubernetes.io\/name: "devana-api"\}\) selects the pods of no Deployment/,
    },
    { field: "in-cluster: the WAF Service missing", resources: without(IN.service), expected: /^HTTPRoute devana-gateway-route-front: no Service devana-waf in its namespace "devana-prod": the in-cluster WAF is missing \(R-SEC-ZONES\)$/m },
    { field: "in-cluster: the WAF Service in another namespace", resources: variant(inClusterStack, IN.service, (i) => (i.metadata.namespace = "traefik")), expected: /no Service devana-waf in its namespace "devana-prod"/ },
]);

describe("waf-in-front-of-public-entry on-prem", () => {
    it("reports the customer declaration as advisory (policy-exceptions), naming it, and stays mandatory-clean", async () => {
        const violations = await run([POLICY], customerStack);
        expect(violations).toEqual([
            {
                policy: POLICY_EXCEPTIONS,
                enforcementLevel: "advisory",
                urn: customerStack[1]!.urn,
                message: expect.stringMatching(
                    /^waf-in-front-of-public-entry: Traefik Service of chart devana-gateway-traefik declares devana.ai\/waf: customer: the customer's WAF in front of the gateway is assumed, not verified \[excepted by onprem-customer-waf: .{40,}\]$/,
                ),
            },
        ]);
    });

    it("the in-cluster WAF is reported as nothing (the pack verifies it)", async () => {
        expect(await run([POLICY], inClusterStack)).toEqual([]);
    });

    it("accepts a mirrored or digest-pinned CRS image, and nothing that merely contains the name", () => {
        expect(edge.isCrsImage("registry.example.internal/owasp/modsecurity-crs:4.29.0-nginx-202609301109")).toBe(true);
        expect(edge.isCrsImage(`owasp/modsecurity-crs@sha256:${"a".repeat(64)}`)).toBe(true);
        expect(edge.isCrsImage("owasp/modsecurity-crs-fork:4.29.0")).toBe(false);
        expect(edge.isCrsImage("example/owasp/modsecurity-crs/nginx:1")).toBe(false);
    });

    it("checks every Devana route, and names the bypassing one only", async () => {
        const bypass = variant(inClusterStack, IN.front, (i) => (i.spec.rules[0].backendRefs = [{ name: "devana-frontend", port: 3000 }]));
        expect(await failures(POLICY, bypass)).toEqual(['HTTPRoute devana-gateway-route-front spec.rules[0].backendRefs sends to "devana-frontend", not only to Service devana-waf: that route bypasses the in-cluster WAF (R-SEC-ZONES)']);
        // Without the Service, each Devana route is reported (the redirect and the ACME solver are not).
        expect((await failures(POLICY, without(IN.service))).map((m) => m.split(":")[0])).toEqual(["HTTPRoute devana-gateway-route-front", "HTTPRoute devana-gateway-route-api", "HTTPRoute devana-gateway-route-ws"]);
    });

    it("reads Traefik IngressRoutes (OpenShift routing) the same way, exempting the redirect's noop@internal", async () => {
        const ingressRoute = (id: string, service: string, port: number) =>
            res(T.ingressRoute, `devana-gateway-route-${id}`, {
                metadata: { name: `devana-${id}`, namespace: "devana-prod" },
                spec: { entryPoints: ["websecure"], routes: [{ kind: "Rule", match: `Host(\`${id}.devana.example.com\`)`, middlewares: [{ name: "devana-waf-rate-limit" }], services: [{ name: service, port }] }], tls: {} },
            });
        const redirectRoute = res(T.ingressRoute, "devana-gateway-redirect", {
            metadata: { name: "https-redirect", namespace: "traefik" },
            spec: { entryPoints: ["web"], routes: [{ kind: "Rule", match: "Host(`devana.example.com`)", middlewares: [{ name: "https-redirect" }], services: [{ kind: "TraefikService", name: "noop@internal" }] }] },
        });
        const openshift = [...inClusterStack.slice(0, 4), ingressRoute("front", "devana-waf", 3000), ingressRoute("api", "devana-waf", 4666), ingressRoute("ws", "devana-waf", 5001), redirectRoute];
        expect(await failures(POLICY, openshift)).toEqual([]);
        const bypass = openshift.map((r) => (r.name === "devana-gateway-route-ws" ? ingressRoute("ws", "devana-api", 5001) : r));
        expect(await failures(POLICY, bypass)).toEqual(['IngressRoute devana-gateway-route-ws spec.routes[0].services sends to "devana-api", not only to Service devana-waf: that route bypasses the in-cluster WAF (R-SEC-ZONES)']);
        expect(
            (
                await failures(
                    POLICY,
                    openshift.filter((_, i) => i !== IN.deployment),
                )
            ).length,
        ).toBe(3);
    });

    it("a bypass is its own finding code, so an exception can never hide a missing WAF with it", async () => {
        const bypass = variant(inClusterStack, IN.api, (i) => (i.spec.rules[0].backendRefs[0].name = "devana-api"));
        const exceptions = [{ id: "test-bypass", finding: edge.EDGE_FINDING.wafBypassed, name: "devana-gateway-route-api", reason: "a reviewed direct route, for the test" }];
        expect(await failures(POLICY, bypass, { config: { [POLICY.name]: { exceptions } } })).toEqual([]);
        expect(await failures(POLICY, without(IN.service), { config: { [POLICY.name]: { exceptions: [{ ...exceptions[0], name: "*" }] } } })).not.toEqual([]);
    });
});

describe("waf-in-front-of-public-entry outside prod", () => {
    const relabel = (stack: readonly PlannedResource[], environment: string) => stack.map((r, i) => (i === 0 ? namespace("devana-staging", environment) : r));
    it.each([
        ["AWS, internet-facing ALB without association and a public NLB", [...awsStack.filter((_, i) => i !== AWS.association), res(T.lb, "nlb", { loadBalancerType: "network" })]],
        ["Azure, Standard_v2 gateway and a public Traefik", [...variant(azureStack, AZ.gateway, (i) => (i.sku.tier = "Standard_v2")).slice(0, 3), traefik({ type: "LoadBalancer" })]],
        ["on-prem, no declaration", variant(customerStack, 1, (i) => (i.values.service.annotations = {}))],
    ])("a staging stack passes: %s", async (_label, stack) => {
        expect(await failures(POLICY, stack)).not.toEqual([]);
        expect(await run([POLICY], relabel(stack, "staging"))).toEqual([]);
    });

    it("a stack without any labelled Namespace is not prod", async () => {
        expect(
            await run(
                [POLICY],
                customerStack.slice(1).map((r) => mutated(r, (i) => (i.values.service.annotations = {}))),
            ),
        ).toEqual([]);
    });
});

// ---------------------------------------------------------------------------------------------
// Property dependencies: what the runner gives stack policies, as the engine does

describe("property dependencies for stack policies", () => {
    const seen = async (resources: readonly PlannedResource[]): Promise<PolicyResource[]> => {
        let captured: PolicyResource[] = [];
        const recorder: StackValidationPolicy = { name: "recorder", description: "records resources", validateStack: (args) => void (captured = [...args.resources]) };
        await runPolicies(resources, [recorder]);
        return captured;
    };

    it("maps each input to the resources it was computed from, and every other input to []", async () => {
        const [, , , assoc] = await seen([awsStack[0]!, alb, acl, association]);
        expect(Object.keys(assoc!.propertyDependencies).sort()).toEqual(["resourceArn", "webAclArn"]);
        expect(assoc!.propertyDependencies.resourceArn!.map((r) => r.urn)).toEqual([alb.urn]);
        expect(assoc!.propertyDependencies.webAclArn!.map((r) => r.name)).toEqual(["devana-edge-acl"]);
        expect(assoc!.dependencies.map((r) => r.name)).toEqual(["devana-edge-alb", "devana-edge-acl"]);
        const [, albSeen] = await seen([awsStack[0]!, alb]);
        expect(albSeen!.propertyDependencies).toEqual({ name: [], loadBalancerType: [], internal: [], subnets: [], dropInvalidHeaderFields: [] });
    });

    it("reads them from `pulumi preview --json` steps and from the plan's document", () => {
        const step = {
            op: "create",
            urn: association.urn,
            newState: { urn: association.urn, type: T.webAclAssociation, custom: true, inputs: association.inputs, dependencies: [], propertyDependencies: { resourceArn: [alb.urn], webAclArn: [acl.urn] } },
        };
        const [fromPreview] = resourcesFromPolicyInput({ steps: [step] });
        expect(fromPreview!.options).toMatchObject({ dependsOn: [alb.urn, acl.urn], propertyDependencies: { resourceArn: [alb.urn], webAclArn: [acl.urn] } });
        const [fromPlan] = resourcesFromPolicyInput({ stack: "test", resources: [{ ...association, parent: null }] });
        expect(fromPlan!.options.propertyDependencies).toEqual({ resourceArn: [alb.urn], webAclArn: [acl.urn] });
    });

    it("are recorded by the offline plan of a committed stack (azure-prod: the AKS audit diagnostic setting)", () => {
        const run = runCli("plan", ["--stack", "azure-prod", "--json"]);
        expect(run.status, run.stderr).toBe(0);
        const doc = JSON.parse(run.stdout) as PlanDocument;
        const setting = doc.resources.find((r) => r.type === "azure-native:monitor:DiagnosticSetting" && r.name === "devana-logs-aks-audit")!;
        const cluster = doc.resources.find((r) => r.type === "azure-native:containerservice:ManagedCluster")!;
        const workspace = doc.resources.find((r) => r.type === "azure-native:operationalinsights:Workspace")!;
        expect(setting.options.propertyDependencies).toMatchObject({ resourceUri: [cluster.urn], workspaceId: [workspace.urn] });
        expect(setting.options.propertyDependencies!.logs).toBeUndefined();
    });
});
