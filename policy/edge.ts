/**
 * R-SEC-ZONES: Internet -> DMZ (LB, WAF) -> App. In a prod stack every public entry point sits
 * behind a WAF (issue 10, the `devana:waf` switch): an internet-facing ALB has a WAFv2 web ACL, an
 * Application Gateway runs WAF_v2 with a policy in Prevention mode, and nothing else is public
 * (an internet-facing NLB, a public AKS load balancer). On-prem, the gateway declares the customer's
 * WAF in front of it (reported as advisory, since the pack cannot see it) or the in-cluster WAF:
 *
 * In-cluster contract (components/edge/onprem-waf.ts): the Traefik Service declares
 * `devana.ai/waf: in-cluster`; in the namespace of the Devana routes a Service `devana-waf` selects
 * the pods of a Deployment that runs the OWASP ModSecurity Core Rule Set image
 * (`owasp/modsecurity-crs`, any registry/tag; its `MODSEC_RULE_ENGINE`, if set, is `On`); every
 * rule of every HTTPRoute that forwards (and every IngressRoute route, on OpenShift) sends only to
 * that Service. Rules without backends (the port-80 redirect), routes to Traefik's internal
 * services (`noop@internal`) and cert-manager's ACME solvers (`cm-acme-http-solver-*`) are exempt.
 *
 * Links between resources (association -> ALB, Application Gateway -> WAF policy) are read from the
 * property dependencies the engine records for the referring input (the Output passed in), else
 * from equal known values (an ARN or id pasted as a literal).
 */
import type { PolicyResource } from "@pulumi/policy";
import type { LoadBalancerArgs } from "@pulumi/aws/lb/loadBalancer";
import type { WebAclArgs } from "@pulumi/aws/wafv2/webAcl";
import type { WebAclAssociationArgs } from "@pulumi/aws/wafv2/webAclAssociation";
import type { ApplicationGatewayArgs } from "@pulumi/azure-native/network/applicationGateway";
import type { WebApplicationFirewallPolicyArgs } from "@pulumi/azure-native/network/webApplicationFirewallPolicy";
import { at, entries, get, isTrue, list, ofTypes, type PolicyException, type Props, show, stackPolicy, type StackCheck, type Subject, subjectOf, UNKNOWN } from "./lib";

export const TYPES = {
    namespace: "kubernetes:core/v1:Namespace",
    service: "kubernetes:core/v1:Service",
    helmChartV4: "kubernetes:helm.sh/v4:Chart",
    helmChartV3: "kubernetes:helm.sh/v3:Chart",
    helmReleaseV3: "kubernetes:helm.sh/v3:Release",
    httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    httpRouteV1beta1: "kubernetes:gateway.networking.k8s.io/v1beta1:HTTPRoute",
    ingressRoute: "kubernetes:traefik.io/v1alpha1:IngressRoute",
    deployment: "kubernetes:apps/v1:Deployment",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    alb: "aws:alb/loadBalancer:LoadBalancer",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    appGateway: "azure-native:network:ApplicationGateway",
    wafPolicy: "azure-native:network:WebApplicationFirewallPolicy",
} as const;

/** The Namespace label that marks a prod stack (components/platform/namespaces.ts). */
export const ENVIRONMENT_LABEL = "devana.ai/environment";
/** The gateway Service annotation declaring which WAF protects an on-prem gateway. */
export const WAF_ANNOTATION = "devana.ai/waf";
/** The in-cluster WAF: the Service every Devana route sends to. */
export const WAF_SERVICE = "devana-waf";
/** Repository of the OWASP ModSecurity Core Rule Set image the WAF's pods run (any registry, tag or digest). */
export const WAF_IMAGE_REPOSITORY = "owasp/modsecurity-crs";
/** Names of cert-manager's ACME HTTP-01 solver Services (their routes are exempt, like the redirect). */
export const ACME_SOLVER_PREFIX = "cm-acme-http-solver-";

const AWS_LB_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer";
const AZURE_INTERNAL_ANNOTATION = "service.beta.kubernetes.io/azure-load-balancer-internal";

/** Finding codes, so an exception can allow exactly one kind (e.g. a WAF managed outside the stack). */
export const EDGE_FINDING = {
    albWithoutWaf: "alb-without-waf",
    publicNlb: "public-nlb",
    publicService: "public-service",
    appGatewayWithoutWaf: "app-gateway-without-waf",
    onpremUndeclared: "onprem-waf-undeclared",
    inClusterWafMissing: "in-cluster-waf-missing",
    wafBypassed: "waf-bypassed",
} as const;

/**
 * The on-prem `devana.ai/waf: customer` declaration, accepted by the rule and reported by the
 * advisory `policy-exceptions` policy under this id, so the unverified WAF stays visible.
 */
export const CUSTOMER_WAF_DECLARATION: PolicyException = {
    id: "onprem-customer-waf",
    policy: "waf-in-front-of-public-entry",
    reason: "the gateway Service declares devana.ai/waf: customer (config devana:waf.onprem): the customer's WAF sits in front of the gateway, outside this stack, and is not verified by the pack (R-SEC-ZONES)",
};

// ---------------------------------------------------------------------------------------------
// Links between resources

/**
 * True when the input at `path` of `from` refers to `target`: target is among the property
 * dependencies of that top-level input (the Output was passed), or the input's known value
 * satisfies `sameValue`. A document without any per-input dependency (hand-written) falls back to
 * the resource's dependencies.
 */
export function linked(from: PolicyResource, path: readonly [string, ...string[]], target: PolicyResource, sameValue: (value: string) => boolean): boolean {
    const byProperty = from.propertyDependencies ?? {};
    if ((byProperty[path[0]] ?? []).some((d) => d?.urn === target.urn)) {
        return true;
    }
    const value = at(from.props, ...path);
    if (typeof value === "string" && sameValue(value)) {
        return true;
    }
    const perInput = Object.values(byProperty).some((deps) => (deps ?? []).length > 0);
    return !perInput && (from.dependencies ?? []).some((d) => d?.urn === target.urn);
}

/** A known string output/input of `target` (an ARN or id) equal to `value`. */
const equalsProp =
    (target: PolicyResource, prop: string) =>
    (value: string): boolean => {
        const own = at(target.props, prop);
        return typeof own === "string" && own === value;
    };

/** The ARM id of a WAF policy, from its own `id` or its resource group and name. */
function isWafPolicyId(policy: PolicyResource) {
    return (value: string): boolean => {
        const id = at(policy.props, "id");
        if (typeof id === "string" && id.toLowerCase() === value.toLowerCase()) {
            return true;
        }
        const group = get(policy.props as Props<WebApplicationFirewallPolicyArgs>, "resourceGroupName");
        const name = get(policy.props as Props<WebApplicationFirewallPolicyArgs>, "policyName");
        return typeof group === "string" && typeof name === "string" && value.toLowerCase().endsWith(`/resourcegroups/${group}/providers/microsoft.network/applicationgatewaywebapplicationfirewallpolicies/${name}`.toLowerCase());
    };
}

// ---------------------------------------------------------------------------------------------
// Stack facts

/** A prod stack: a Namespace labelled `devana.ai/environment: prod`. */
export function isProdStack(resources: readonly PolicyResource[]): boolean {
    return ofTypes(resources, TYPES.namespace).some((ns) => at(ns.props, "metadata", "labels", ENVIRONMENT_LABEL) === "prod");
}

export type EdgeTarget = "aws" | "azure" | "onprem";

/** Where the stack runs, from its cloud resources (providers included). */
export function edgeTarget(resources: readonly PolicyResource[]): EdgeTarget {
    if (resources.some((r) => r.type.startsWith("aws:") || r.type === "pulumi:providers:aws")) {
        return "aws";
    }
    if (resources.some((r) => r.type.startsWith("azure-native:") || r.type === "pulumi:providers:azure-native")) {
        return "azure";
    }
    return "onprem";
}

/** A Kubernetes Service in front of the cluster: the Traefik chart's (from its values) or a plain one. */
interface ServiceEntry {
    readonly resource: PolicyResource;
    /** How messages name it. */
    readonly label: string;
    readonly type: unknown;
    readonly annotations: unknown;
    /** The Devana gateway (Traefik), the only Service the on-prem declaration applies to. */
    readonly gateway: boolean;
}

function isTraefikChart(r: PolicyResource): boolean {
    if (![TYPES.helmChartV4, TYPES.helmChartV3, TYPES.helmReleaseV3].includes(r.type as never)) {
        return false;
    }
    const chart = at(r.props, "chart");
    return typeof chart === "string" && /(^|\/)traefik$/.test(chart);
}

function hasTraefikAncestor(r: PolicyResource): boolean {
    for (let p = r.parent; p; p = p.parent) {
        if (isTraefikChart(p)) {
            return true;
        }
    }
    return false;
}

/**
 * The Services that may face the Internet. Offline the Traefik chart's `values.service` is the
 * only view of its Service: Traefik 41 takes the type from `service.spec.type` alone (default
 * LoadBalancer) and ignores a top-level `service.type`; under `pulumi preview` the
 * engine shows the rendered Service instead, and the chart's own props carry no `values`.
 */
export function serviceEntries(resources: readonly PolicyResource[]): ServiceEntry[] {
    const found: ServiceEntry[] = [];
    for (const chart of resources.filter(isTraefikChart)) {
        const values = at(chart.props, "values");
        const service = at(values, "service");
        if (values === undefined || values === UNKNOWN || service === UNKNOWN || at(service, "enabled") === false) {
            continue;
        }
        found.push({
            resource: chart,
            label: `Traefik Service of chart ${chart.name}`,
            type: at(service, "spec", "type") ?? "LoadBalancer",
            annotations: at(service, "annotations"),
            gateway: true,
        });
    }
    for (const svc of ofTypes(resources, TYPES.service)) {
        const gateway = at(svc.props, "metadata", "labels", "app.kubernetes.io/name") === "traefik" || hasTraefikAncestor(svc);
        found.push({
            resource: svc,
            label: `${gateway ? "Traefik " : ""}Service ${svc.name}`,
            type: at(svc.props, "spec", "type") ?? "ClusterIP",
            annotations: at(svc.props, "metadata", "annotations"),
            gateway,
        });
    }
    return found;
}

// ---------------------------------------------------------------------------------------------
// Per-target checks

type Check = StackCheck<{ readonly exceptions?: readonly PolicyException[] }>;

function checkAwsLoadBalancers(resources: readonly PolicyResource[], c: Check): void {
    const associations = ofTypes(resources, TYPES.webAclAssociation);
    const acls = ofTypes(resources, TYPES.webAcl);
    for (const lb of ofTypes(resources, TYPES.lb, TYPES.alb)) {
        const props = lb.props as Props<LoadBalancerArgs>;
        const internal = get(props, "internal");
        const kind = get(props, "loadBalancerType") ?? "application";
        if (internal === true || internal === UNKNOWN || kind === UNKNOWN) {
            continue;
        }
        if (kind === "network") {
            c.fail(subjectOf(lb), `internet-facing NLB ${lb.name} bypasses the WAF: a network load balancer cannot carry a web ACL; put an internet-facing ALB with a WAFv2 web ACL in front (R-SEC-ZONES)`, EDGE_FINDING.publicNlb);
            continue;
        }
        if (kind !== "application") {
            continue;
        }
        const mine = associations.filter((a) => linked(a, ["resourceArn"], lb, equalsProp(lb, "arn")));
        if (mine.length === 0) {
            c.fail(subjectOf(lb), `internet-facing ALB ${lb.name} has no aws:wafv2 WebAclAssociation whose resourceArn is its arn: the public entry point has no WAF (R-SEC-ZONES)`, EDGE_FINDING.albWithoutWaf);
            continue;
        }
        const problems: string[] = [];
        const protectedBy = mine.some((a) => {
            const acl = acls.find((w) => linked(a, ["webAclArn"], w, equalsProp(w, "arn")));
            if (!acl) {
                problems.push(`association ${a.name}'s webAclArn ${show(get(a.props as Props<WebAclAssociationArgs>, "webAclArn"))} is no web ACL of this stack`);
                return false;
            }
            const scope = get(acl.props as Props<WebAclArgs>, "scope");
            const rules = list(acl.props as Props<WebAclArgs>, "rules");
            const ruleJson = get(acl.props as Props<WebAclArgs>, "ruleJson");
            if (scope !== UNKNOWN && scope !== "REGIONAL") {
                problems.push(`web ACL ${acl.name} has scope ${show(scope)}, not REGIONAL`);
                return false;
            }
            if (rules !== UNKNOWN && rules.length === 0 && !(ruleJson === UNKNOWN || (typeof ruleJson === "string" && ruleJson.trim() !== "" && ruleJson.trim() !== "[]"))) {
                problems.push(`web ACL ${acl.name} has no rules`);
                return false;
            }
            return true;
        });
        if (!protectedBy) {
            c.fail(subjectOf(lb), `internet-facing ALB ${lb.name} is not behind a working WAF: ${problems.join("; ")} (R-SEC-ZONES)`, EDGE_FINDING.albWithoutWaf);
        }
    }
}

function checkApplicationGateways(resources: readonly PolicyResource[], c: Check): void {
    const policies = ofTypes(resources, TYPES.wafPolicy);
    for (const gw of ofTypes(resources, TYPES.appGateway)) {
        const props = gw.props as Props<ApplicationGatewayArgs>;
        const tier = get(props, "sku", "tier");
        if (tier !== UNKNOWN && tier !== "WAF_v2") {
            c.fail(subjectOf(gw), `Application Gateway ${gw.name} has sku.tier ${show(tier)}: use WAF_v2 with a WAF policy in Prevention mode (R-SEC-ZONES)`, EDGE_FINDING.appGatewayWithoutWaf);
        }
        const policy = policies.find((p) => linked(gw, ["firewallPolicy", "id"], p, isWafPolicyId(p)));
        if (!policy) {
            c.fail(subjectOf(gw), `Application Gateway ${gw.name}: firewallPolicy.id ${show(get(props, "firewallPolicy", "id"))} is no WebApplicationFirewallPolicy of this stack (R-SEC-ZONES)`, EDGE_FINDING.appGatewayWithoutWaf);
            continue;
        }
        const settings = policy.props as Props<WebApplicationFirewallPolicyArgs>;
        const mode = get(settings, "policySettings", "mode");
        const state = get(settings, "policySettings", "state");
        if (mode !== UNKNOWN && mode !== "Prevention") {
            c.fail(subjectOf(gw), `Application Gateway ${gw.name}: WAF policy ${policy.name} has policySettings.mode ${show(mode)}: only Prevention blocks attacks (R-SEC-ZONES)`, EDGE_FINDING.appGatewayWithoutWaf);
        }
        if (state !== UNKNOWN && state !== "Enabled") {
            c.fail(subjectOf(gw), `Application Gateway ${gw.name}: WAF policy ${policy.name} has policySettings.state ${show(state)}, not Enabled (R-SEC-ZONES)`, EDGE_FINDING.appGatewayWithoutWaf);
        }
        const ruleSets = list(settings, "managedRules", "managedRuleSets");
        if (ruleSets !== UNKNOWN && ruleSets.length === 0) {
            c.fail(subjectOf(gw), `Application Gateway ${gw.name}: WAF policy ${policy.name} has no managedRules.managedRuleSets (R-SEC-ZONES)`, EDGE_FINDING.appGatewayWithoutWaf);
        }
    }
}

function annotation(entry: ServiceEntry, key: string): unknown {
    return at(entry.annotations, key);
}

/** Cloud: a LoadBalancer Service is an internet-facing load balancer unless annotated internal. */
function checkCloudServices(target: "aws" | "azure", entries_: readonly ServiceEntry[], c: Check): void {
    for (const entry of entries_.filter((e) => e.type === "LoadBalancer")) {
        if (target === "aws") {
            const scheme = annotation(entry, `${AWS_LB_ANNOTATION}-scheme`);
            const legacyInternal = annotation(entry, `${AWS_LB_ANNOTATION}-internal`);
            if (scheme === UNKNOWN || legacyInternal === UNKNOWN || scheme === "internal" || isTrue(legacyInternal)) {
                continue;
            }
            c.fail(
                subjectOf(entry.resource),
                `${entry.label} is an internet-facing NLB (${AWS_LB_ANNOTATION}-scheme: ${show(scheme)}): it bypasses the WAF; use ClusterIP behind the WAF's ALB or an internal NLB (R-SEC-ZONES)`,
                EDGE_FINDING.publicService,
            );
        } else {
            const internal = annotation(entry, AZURE_INTERNAL_ANNOTATION);
            if (internal === UNKNOWN || isTrue(internal)) {
                continue;
            }
            c.fail(
                subjectOf(entry.resource),
                `${entry.label} is a public Azure load balancer (${AZURE_INTERNAL_ANNOTATION}: ${show(internal)}): it bypasses the Application Gateway's WAF; annotate it "true" (R-SEC-ZONES)`,
                EDGE_FINDING.publicService,
            );
        }
    }
}

/** `image` names the CRS image: `[registry/]owasp/modsecurity-crs[:tag][@digest]`. */
export function isCrsImage(image: unknown): boolean {
    return image === UNKNOWN || (typeof image === "string" && /(^|\/)owasp\/modsecurity-crs(:[\w.-]+)?(@sha256:[a-f0-9]{64})?$/.test(image));
}

/** A route's forwarding rule: where it is (for messages) and its backends. */
interface ForwardingRule {
    readonly where: string;
    readonly backends: readonly unknown[];
}

interface DevanaRoute {
    readonly resource: PolicyResource;
    readonly label: string;
    readonly namespace: unknown;
    readonly rules: readonly ForwardingRule[];
}

const nameOf = (ref: unknown): unknown => at(ref, "name");
const isAcmeSolver = (ref: unknown): boolean => typeof nameOf(ref) === "string" && (nameOf(ref) as string).startsWith(ACME_SOLVER_PREFIX);
const isTraefikInternal = (ref: unknown): boolean => at(ref, "kind") === "TraefikService" && typeof nameOf(ref) === "string" && (nameOf(ref) as string).endsWith("@internal");

/**
 * The routes that serve Devana: HTTPRoute rules with backends (not the redirect, not an ACME
 * solver's), IngressRoute routes to real services (not the redirect's `noop@internal`).
 */
function devanaRoutes(resources: readonly PolicyResource[]): DevanaRoute[] {
    const found: DevanaRoute[] = [];
    for (const route of ofTypes(resources, TYPES.httpRoute, TYPES.httpRouteV1beta1)) {
        const rules = list(route.props, "spec", "rules");
        if (rules === UNKNOWN) {
            continue;
        }
        const forwarding = rules.flatMap((rule, i): ForwardingRule[] => {
            const backends = list(rule, "backendRefs");
            if (backends === UNKNOWN || backends.length === 0 || backends.every(isAcmeSolver)) {
                return [];
            }
            return [{ where: `spec.rules[${i}].backendRefs`, backends }];
        });
        if (forwarding.length > 0) {
            found.push({ resource: route, label: `HTTPRoute ${route.name}`, namespace: at(route.props, "metadata", "namespace"), rules: forwarding });
        }
    }
    for (const route of ofTypes(resources, TYPES.ingressRoute)) {
        const routes = list(route.props, "spec", "routes");
        if (routes === UNKNOWN) {
            continue;
        }
        const forwarding = routes.flatMap((r, i): ForwardingRule[] => {
            const services = list(r, "services");
            if (services === UNKNOWN || services.length === 0 || services.every(isTraefikInternal)) {
                return [];
            }
            return [{ where: `spec.routes[${i}].services`, backends: services }];
        });
        if (forwarding.length > 0) {
            found.push({ resource: route, label: `IngressRoute ${route.name}`, namespace: at(route.props, "metadata", "namespace"), rules: forwarding });
        }
    }
    return found;
}

/** A backend reference to the WAF Service of the route's namespace (Gateway API backendRef or IngressRoute service). */
function isWafBackend(ref: unknown, routeNamespace: unknown): boolean {
    const name = nameOf(ref);
    const kind = at(ref, "kind");
    const group = at(ref, "group");
    const namespace = at(ref, "namespace");
    if (name === UNKNOWN) {
        return true;
    }
    return (
        name === WAF_SERVICE &&
        (kind === undefined || kind === "Service" || kind === UNKNOWN) &&
        (group === undefined || group === "" || group === UNKNOWN) &&
        (namespace === undefined || namespace === UNKNOWN || routeNamespace === UNKNOWN || namespace === routeNamespace)
    );
}

const sameNamespace = (a: unknown, b: unknown): boolean => a === UNKNOWN || b === UNKNOWN || a === b;

/** Why the namespace's WAF is missing or not blocking; undefined when the Service, its Deployment and the CRS image are there. */
function wafProblem(resources: readonly PolicyResource[], namespace: unknown): string | undefined {
    const service = ofTypes(resources, TYPES.service).find((s) => {
        const name = at(s.props, "metadata", "name");
        return (name === WAF_SERVICE || name === UNKNOWN) && sameNamespace(at(s.props, "metadata", "namespace"), namespace);
    });
    if (!service) {
        return `no Service ${WAF_SERVICE} in its namespace ${show(namespace)}: the in-cluster WAF is missing`;
    }
    const selector = at(service.props, "spec", "selector");
    const wanted = entries(service.props, "spec", "selector");
    const selected = ofTypes(resources, TYPES.deployment).filter((d) => {
        if (!sameNamespace(at(d.props, "metadata", "namespace"), namespace)) {
            return false;
        }
        const labels = at(d.props, "spec", "template", "metadata", "labels");
        if (selector === UNKNOWN || labels === UNKNOWN) {
            return true;
        }
        return wanted.length > 0 && wanted.every(([k, v]) => v === UNKNOWN || at(labels, k) === v || at(labels, k) === UNKNOWN);
    });
    if (selected.length === 0) {
        const shown = selector === UNKNOWN ? show(selector) : `{${wanted.map(([k, v]) => `${k}: ${show(v)}`).join(", ")}}`;
        return `Service ${WAF_SERVICE} (selector ${shown}) selects the pods of no Deployment of the stack: the in-cluster WAF is missing`;
    }
    const containers = (d: PolicyResource): unknown[] => {
        const c = list(d.props, "spec", "template", "spec", "containers");
        return c === UNKNOWN ? [UNKNOWN] : c;
    };
    const waf = selected.find((d) => containers(d).some((c) => c === UNKNOWN || isCrsImage(at(c, "image"))));
    if (!waf) {
        const images = selected.flatMap((d) => containers(d).map((c) => show(at(c, "image"))));
        return `Deployment ${selected.map((d) => d.name).join(", ")} behind Service ${WAF_SERVICE} runs no ${WAF_IMAGE_REPOSITORY} container (images: ${images.join(", ")})`;
    }
    for (const c of containers(waf).filter((x) => x !== UNKNOWN && isCrsImage(at(x, "image")))) {
        const env = list(c, "env");
        const engine =
            env === UNKNOWN
                ? UNKNOWN
                : at(
                      env.find((e) => at(e, "name") === "MODSEC_RULE_ENGINE"),
                      "value",
                  );
        if (engine !== undefined && engine !== UNKNOWN && (typeof engine !== "string" || engine.toLowerCase() !== "on")) {
            return `Deployment ${waf.name} runs ModSecurity with MODSEC_RULE_ENGINE ${show(engine)}: only On blocks attacks`;
        }
    }
    return undefined;
}

/** In-cluster WAF: every Devana route sends only to the WAF Service, which fronts a CRS Deployment in its namespace. */
function checkInClusterWaf(resources: readonly PolicyResource[], c: Check): void {
    const problems = new Map<unknown, string | undefined>();
    for (const route of devanaRoutes(resources)) {
        if (!problems.has(route.namespace)) {
            problems.set(route.namespace, wafProblem(resources, route.namespace));
        }
        const problem = problems.get(route.namespace);
        if (problem) {
            c.fail(subjectOf(route.resource), `${route.label}: ${problem} (R-SEC-ZONES)`, EDGE_FINDING.inClusterWafMissing);
        }
        for (const rule of route.rules) {
            const others = rule.backends.filter((b) => !isWafBackend(b, route.namespace));
            if (others.length > 0) {
                c.fail(
                    subjectOf(route.resource),
                    `${route.label} ${rule.where} sends to ${others.map((b) => show(nameOf(b))).join(", ")}, not only to Service ${WAF_SERVICE}: that route bypasses the in-cluster WAF (R-SEC-ZONES)`,
                    EDGE_FINDING.wafBypassed,
                );
            }
        }
    }
}

/** On-prem: the gateway Service declares which WAF is in front of it. */
function checkOnpremGateway(resources: readonly PolicyResource[], entries_: readonly ServiceEntry[], c: Check): void {
    let inCluster = false;
    for (const entry of entries_.filter((e) => e.gateway && (e.type === "LoadBalancer" || e.type === "NodePort"))) {
        const declared = annotation(entry, WAF_ANNOTATION);
        const subject: Subject = subjectOf(entry.resource);
        if (declared === UNKNOWN) {
            continue;
        }
        if (declared === "customer") {
            c.declared(subject, `${entry.label} declares ${WAF_ANNOTATION}: customer: the customer's WAF in front of the gateway is assumed, not verified`, CUSTOMER_WAF_DECLARATION);
        } else if (declared === "in-cluster") {
            inCluster = true;
        } else {
            c.fail(
                subject,
                `${entry.label} (${show(entry.type)}) declares no WAF (${WAF_ANNOTATION}: ${show(declared)}): annotate it "customer" (the customer's WAF in front) or "in-cluster" (config devana:waf.onprem) (R-SEC-ZONES)`,
                EDGE_FINDING.onpremUndeclared,
            );
        }
    }
    if (inCluster) {
        checkInClusterWaf(resources, c);
    }
}

export const wafInFrontOfPublicEntry = stackPolicy({
    name: "waf-in-front-of-public-entry",
    description:
        "In a prod stack (a Namespace labelled devana.ai/environment: prod), every public entry point sits behind a WAF: internet-facing ALBs have a REGIONAL WAFv2 web ACL association, Application Gateways are WAF_v2 with a policy in Prevention mode, no internet-facing NLB or public AKS load balancer, and on-prem the gateway declares the customer's WAF (advisory) or every Devana route sends only to the in-cluster WAF Service devana-waf, a Deployment of the OWASP ModSecurity CRS image.",
    check: (resources, c) => {
        if (!isProdStack(resources)) {
            return;
        }
        const target = edgeTarget(resources);
        const services = serviceEntries(resources);
        checkAwsLoadBalancers(resources, c);
        checkApplicationGateways(resources, c);
        if (target === "onprem") {
            checkOnpremGateway(resources, services, c);
        } else {
            checkCloudServices(target, services, c);
        }
    },
});

export const edgePolicies = [wafInFrontOfPublicEntry] as const;
