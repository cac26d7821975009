/**
 * The public entry point (R-NET-PORTS, R-SEC-TLS): Traefik v3 as the Gateway API controller, a
 * GatewayClass and Gateway we author, the TLS 1.3 `TLSOption`, the port-80 redirect and the
 * Devana routes (front, `api.`, `ws.`). Chart values only carry what Traefik needs to run; every
 * security-relevant object is a resource of its own so tests and policies see it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../../config/defaults";
import type { ComponentSize } from "../../config/tiers";
import { CHARTS } from "../../config/versions";
import type { Placement } from "../cluster/placement";
import type { Distribution } from "../../config/defaults";
import { chartSource } from "./helm";
import { podSecurityLabels, type ClusterScope } from "./namespaces";
import { createTraefikCrdRoutes } from "./traefik-crd-routes";
import { chartImageValues, type Mirror } from "./image-mirror";

/** Namespace of Traefik, its Gateway, the TLS Secrets and the redirect route. */
export const GATEWAY_NAMESPACE = "traefik";
export const GATEWAY_CLASS_NAME = "traefik";
export const GATEWAY_NAME = "devana";
/** Traefik's Gateway API controller name. */
export const TRAEFIK_CONTROLLER_NAME = "traefik.io/gateway-controller";
export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

/**
 * Traefik entry points. A Gateway listener names the entry point's container port (Traefik
 * refuses listeners whose port matches no entry point), so Traefik listens on 80 and 443 itself
 * and the Gateway says what clients see (R-NET-PORTS). Traefik stays non-root: the pod lowers
 * `net.ipv4.ip_unprivileged_port_start`, a namespaced sysctl Kubernetes counts as safe.
 */
export const ENTRYPOINTS = {
    web: { port: 80, exposedPort: 80 },
    websecure: { port: 443, exposedPort: 443 },
    metrics: { port: 9100 },
} as const;

/**
 * Entry points on OpenShift. Its restricted-v2 SCC drops every capability and the pod gets an
 * assigned non-root UID; rather than depend on the SCC's sysctl policy, Traefik listens on its
 * usual unprivileged 8000/8443 and the Service maps them to 80/443 (what clients see, R-NET-PORTS).
 */
export const UNPRIVILEGED_ENTRYPOINTS = {
    web: { port: 8000, exposedPort: 80 },
    websecure: { port: 8443, exposedPort: 443 },
    metrics: { port: 9100 },
} as const;

export function entrypointsFor(distribution: Distribution): typeof ENTRYPOINTS | typeof UNPRIVILEGED_ENTRYPOINTS {
    return distribution === "openshift" ? UNPRIVILEGED_ENTRYPOINTS : ENTRYPOINTS;
}

/**
 * How routes reach Traefik: Gateway API objects, or Traefik's own CRDs on OpenShift, whose
 * Ingress Operator-owned Gateway API CRDs cannot serve Traefik's Gateway provider
 * (traefik-crd-routes.ts says why).
 */
export type GatewayRouting = "gateway-api" | "traefik-crd";

export function gatewayRoutingFor(distribution: Distribution, clusterScope: ClusterScope = "install"): GatewayRouting {
    // Preinstalled (issue 10): a GatewayClass and Traefik's Gateway provider need cluster scope.
    return distribution === "openshift" || clusterScope === "preinstalled" ? "traefik-crd" : "gateway-api";
}

/**
 * With Traefik-CRD routing, cert-manager's ACME HTTP-01 solver creates Ingresses with this
 * `kubernetes.io/ingress.class` annotation in the gateway namespace; Traefik's Ingress provider
 * serves only those (no IngressClass object, no cluster-wide watch).
 */
export const ACME_SOLVER_INGRESS_CLASS = "traefik";

/**
 * Traefik's own health endpoint: `/ping` on its internal `traefik` entry point (the chart always
 * passes `--ping` and points the pod probes here). Plain HTTP, never published by the Service; a
 * load balancer that cannot health-check the TLS 1.3-only websecure port (the AWS ALB) probes it
 * on the pod address.
 */
export const TRAEFIK_PING = { entryPoint: "traefik", port: 8080, path: "/ping" } as const;

/** Name of the plain-HTTP listener: redirect and ACME HTTP-01 challenges only. */
export const HTTP_LISTENER = "http";

export const HOST_IDS = ["front", "api", "ws"] as const;
export type HostId = (typeof HOST_IDS)[number];
export type Hosts = Readonly<Record<HostId, string>>;

/** HTTPS listener of one public host. */
export const httpsListenerName = (id: HostId): string => `https-${id}`;
/** Secret holding one host's certificate (issued by cert-manager into the gateway namespace). */
export const tlsSecretName = (id: HostId): string => `devana-${id}-tls`;

/**
 * devana-services.md (vendor ingress): uploads up to 1000 MB and 600 s timeouts. Traefik sets no
 * request-body limit (unlike nginx's 1 MB default), so the 1000 MB uploads pass as is; what would
 * cut them is Traefik v3's 60 s default read timeout, raised here.
 */
export const DEVANA_UPLOAD_LIMIT_MB = 1000;
export const DEVANA_REQUEST_TIMEOUT = "600s";

/** Buckets of Traefik's latency histograms: 0.5 s must be a bound for the R-MON p95 alert. */
export const TRAEFIK_LATENCY_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10] as const;

export interface Backend {
    /** Service name in the application namespace. */
    readonly service: string;
    readonly port: number;
}

/**
 * Where each host goes (R-CMP ports). The Service names are the contract with the application
 * component, which must create Services of these names.
 */
export const DEFAULT_BACKENDS: Readonly<Record<HostId, Backend>> = {
    front: { service: "devana-frontend", port: 3000 },
    api: { service: "devana-api", port: 4666 },
    ws: { service: "devana-api", port: 5001 },
};

// ---------------------------------------------------------------------------------------------
// Load balancer annotations per target (the AWS and Azure stacks pass the result as args)

/** How each target's load balancer reaches the gateway Service, in the DMZ zone (R-NET-ZONES). */
export type GatewayLoadBalancer =
    | {
          readonly target: "aws";
          /** DMZ subnets (ids or Name tags), comma separated. @default the controller's subnet discovery */
          readonly dmzSubnets?: pulumi.Input<string>;
          /** ACM certificate to terminate TLS at the NLB as well; Traefik terminates otherwise. @default undefined */
          readonly certificateArn?: pulumi.Input<string>;
          /** Internal NLB (behind a WAF or a private network). @default false */
          readonly internal?: boolean;
      }
    | {
          readonly target: "azure";
          /** Name of the DMZ subnet of the cluster's VNet. */
          readonly dmzSubnetName: string;
          /** Internal load balancer in the DMZ subnet (a WAF or Application Gateway in front). @default true */
          readonly internal?: boolean;
          /**
           * Fixed frontend address in the DMZ subnet (internal only), so the Application Gateway's
           * backend pool can name it at plan time. @default an address Azure allocates
           */
          readonly privateIp?: string;
      }
    | {
          readonly target: "onprem";
          /** MetalLB address pool (R-K8S: MetalLB on-prem without hardware LB). @default MetalLB's default pool */
          readonly addressPool?: string;
      };

/** AWS NLB TLS policy allowing TLS 1.3 only (R-SEC-TLS). */
export const AWS_TLS13_POLICY = "ELBSecurityPolicy-TLS13-1-3-2021-06";

/**
 * Annotations of the gateway Service for each target's load balancer. On AWS they target the AWS
 * Load Balancer Controller (NLB, IP targets) and always name the TLS 1.3-only policy; it applies
 * to the NLB's TLS listener when an ACM certificate is given, else TLS passes through to Traefik,
 * where the `default` TLSOption enforces TLS 1.3.
 */
export function gatewayServiceAnnotations(lb: GatewayLoadBalancer): Record<string, pulumi.Input<string>> {
    switch (lb.target) {
        case "aws": {
            const prefix = "service.beta.kubernetes.io/aws-load-balancer";
            const annotations: Record<string, pulumi.Input<string>> = {
                [`${prefix}-type`]: "external",
                [`${prefix}-nlb-target-type`]: "ip",
                [`${prefix}-scheme`]: lb.internal ? "internal" : "internet-facing",
                [`${prefix}-ssl-negotiation-policy`]: AWS_TLS13_POLICY,
                [`${prefix}-attributes`]: "load_balancing.cross_zone.enabled=true",
            };
            if (lb.dmzSubnets !== undefined) {
                annotations[`${prefix}-subnets`] = lb.dmzSubnets;
            }
            if (lb.certificateArn !== undefined) {
                annotations[`${prefix}-ssl-cert`] = lb.certificateArn;
                annotations[`${prefix}-ssl-ports`] = String(ENTRYPOINTS.websecure.exposedPort);
                annotations[`${prefix}-backend-protocol`] = "ssl";
            }
            return annotations;
        }
        case "azure": {
            const internal = lb.internal ?? true;
            return internal
                ? {
                      "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
                      "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": lb.dmzSubnetName,
                      ...(lb.privateIp !== undefined ? { "service.beta.kubernetes.io/azure-load-balancer-ipv4": lb.privateIp } : {}),
                  }
                : {};
        }
        case "onprem":
            // The metallb.universe.tf prefix is the one every MetalLB release still reads.
            return lb.addressPool ? { "metallb.universe.tf/address-pool": lb.addressPool } : {};
    }
}

/** The load balancer a target uses when its stack passes nothing more specific. */
export function defaultLoadBalancer(target: Target): GatewayLoadBalancer {
    switch (target) {
        case "aws":
            return { target: "aws" };
        case "azure":
            return { target: "azure", dmzSubnetName: "dmz" };
        case "onprem":
            return { target: "onprem" };
    }
}

// ---------------------------------------------------------------------------------------------
// Pure builders

export interface TraefikValuesInput {
    readonly size: ComponentSize;
    readonly placement: Placement;
    readonly serviceAnnotations: Record<string, pulumi.Input<string>>;
    readonly serviceType: GatewayServiceType;
    readonly loadBalancerSourceRanges: readonly string[];
    /** R-K8S distribution (OpenShift: unprivileged ports, no fixed UID, Traefik-CRD routing). @default "vanilla" */
    readonly distribution?: Distribution;
    /** Application namespace, watched by the CRD provider with Traefik-CRD routing. @default none */
    readonly appNamespace?: string;
    /** Proxies (the WAF) whose X-Forwarded-For Traefik keeps, so Devana and the logs see client addresses. @default [] */
    readonly trustedProxies?: readonly string[];
    /** `preinstalled`: Traefik-CRD routing with namespaced RBAC on every distribution. @default "install" */
    readonly clusterScope?: ClusterScope;
}

/**
 * Type of the gateway Service: `ClusterIP` when a load balancer outside Kubernetes (the AWS ALB
 * with its WAF) reaches the pods directly, so no second, WAF-less entry point exists.
 */
export type GatewayServiceType = "LoadBalancer" | "NodePort" | "ClusterIP";

/** Values of the Traefik chart: the controller only; Gateway, GatewayClass and TLS are authored. */
export function traefikValues(input: TraefikValuesInput): Record<string, unknown> {
    const { size, placement } = input;
    const transport = { respondingTimeouts: { readTimeout: DEVANA_REQUEST_TIMEOUT } };
    // Traefik drops X-Forwarded-* from untrusted peers: trust only the WAF in front.
    const forwarded = input.trustedProxies?.length ? { forwardedHeaders: { trustedIPs: [...input.trustedProxies] } } : {};
    const distribution = input.distribution ?? "vanilla";
    const entrypoints = entrypointsFor(distribution);
    const crdRouting = gatewayRoutingFor(distribution, input.clusterScope) === "traefik-crd";
    const openshift = distribution === "openshift";
    return {
        deployment: { replicas: size.replicas },
        podDisruptionBudget: size.replicas > 1 ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
        resources: {
            requests: { cpu: String(size.cpu), memory: `${size.memoryGi}Gi` },
            limits: { memory: `${size.memoryGi}Gi` },
        },
        nodeSelector: placement.nodeSelector,
        tolerations: placement.tolerations,
        // Restricted Pod Security needs the seccomp profile; the sysctl lets the non-root Traefik bind 80/443.
        // On OpenShift no sysctl and no UID: the chart's 65532 is deleted (`null`), the SCC assigns one.
        podSecurityContext: openshift
            ? { runAsUser: null, runAsGroup: null, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }
            : {
                  seccompProfile: { type: "RuntimeDefault" },
                  sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }],
              },
        global: { checkNewVersion: false, sendAnonymousUsage: false },
        // Gateway API only: no Ingress provider, no IngressClass, no chart-made Gateway or class.
        ingressClass: { enabled: false },
        gateway: { enabled: false },
        gatewayClass: { enabled: false },
        providers: crdRouting
            ? {
                  kubernetesGateway: { enabled: false },
                  // Only cert-manager's ACME solver Ingresses, in the gateway namespace.
                  kubernetesIngress: {
                      enabled: true,
                      ingressClass: ACME_SOLVER_INGRESS_CLASS,
                      namespaces: [GATEWAY_NAMESPACE],
                      publishedService: { enabled: false },
                  },
                  // The routes, the redirect, the TLSStore and TLSOption, the WAF Middlewares.
                  kubernetesCRD: { enabled: true, allowCrossNamespace: false, namespaces: [GATEWAY_NAMESPACE, ...(input.appNamespace ? [input.appNamespace] : [])] },
              }
            : {
                  kubernetesGateway: { enabled: true, experimentalChannel: false },
                  kubernetesIngress: { enabled: false },
                  // Reads the `default` TLSOption (TLS 1.3).
                  kubernetesCRD: { enabled: true, allowCrossNamespace: false },
              },
        // Roles in the watched namespaces instead of a ClusterRole (Traefik-CRD routing needs no cluster scope).
        ...(crdRouting ? { rbac: { enabled: true, namespaced: true } } : {}),
        api: { dashboard: false },
        ports: {
            // No entry-point redirect here: ACME HTTP-01 challenges must reach port 80; the
            // redirect is the HTTPRoute on the `http` listener.
            web: { port: entrypoints.web.port, exposedPort: entrypoints.web.exposedPort, transport, ...forwarded },
            websecure: {
                port: entrypoints.websecure.port,
                exposedPort: entrypoints.websecure.exposedPort,
                http: { tls: { enabled: true } },
                http3: { enabled: false },
                transport,
                ...forwarded,
            },
            metrics: { port: ENTRYPOINTS.metrics.port, expose: { default: false } },
            // The chart's default, pinned: external health checks target it (TRAEFIK_PING).
            [TRAEFIK_PING.entryPoint]: { port: TRAEFIK_PING.port, expose: { default: false } },
        },
        metrics: {
            prometheus: {
                entryPoint: "metrics",
                addEntryPointsLabels: true,
                addRoutersLabels: true,
                addServicesLabels: true,
                buckets: TRAEFIK_LATENCY_BUCKETS.join(","),
            },
        },
        log: { format: "json" },
        accessLog: { enabled: true, format: "json" },
        service: {
            annotations: input.serviceAnnotations,
            // The chart copies `service.spec` into the Service and reads no `service.type`.
            spec: {
                type: input.serviceType,
                // The API server accepts source ranges on LoadBalancer Services only.
                ...(input.serviceType === "LoadBalancer" && input.loadBalancerSourceRanges.length > 0 ? { loadBalancerSourceRanges: [...input.loadBalancerSourceRanges] } : {}),
            },
        },
    };
}

/** The Gateway: HTTP on port 80 for the redirect only, HTTPS on 443 with one listener per host. */
export function gatewaySpec(hosts: Hosts, appNamespace: string): Record<string, unknown> {
    return {
        gatewayClassName: GATEWAY_CLASS_NAME,
        listeners: [
            {
                name: HTTP_LISTENER,
                protocol: "HTTP",
                port: ENTRYPOINTS.web.port,
                // Only routes of the gateway namespace (the redirect, ACME solvers) attach to port 80.
                allowedRoutes: { namespaces: { from: "Same" }, kinds: [{ group: GATEWAY_API_GROUP, kind: "HTTPRoute" }] },
            },
            ...HOST_IDS.map((id) => ({
                name: httpsListenerName(id),
                protocol: "HTTPS",
                port: ENTRYPOINTS.websecure.port,
                hostname: hosts[id],
                tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: tlsSecretName(id) }] },
                allowedRoutes: {
                    namespaces: { from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": appNamespace } } },
                    kinds: [{ group: GATEWAY_API_GROUP, kind: "HTTPRoute" }],
                },
            })),
        ],
    };
}

/**
 * R-SEC-TLS: TLS 1.3 minimum on every router that names no other option (Traefik's `default`).
 * `sniStrict` refuses handshakes without a known server name instead of serving a default
 * certificate; turn it off only behind a proxy that re-encrypts without SNI (the AWS ALB sends no
 * SNI to its targets and does not check their certificate).
 */
export function tlsOptionSpec(sniStrict = true): Record<string, unknown> {
    return {
        minVersion: "VersionTLS13",
        sniStrict,
        alpnProtocols: ["h2", "http/1.1"],
    };
}

/** R-NET-PORTS: port 80 only redirects to HTTPS (permanent), for the public hosts. */
export function redirectRouteSpec(hosts: Hosts): Record<string, unknown> {
    return {
        parentRefs: [{ group: GATEWAY_API_GROUP, kind: "Gateway", name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, sectionName: HTTP_LISTENER }],
        hostnames: HOST_IDS.map((id) => hosts[id]),
        rules: [
            {
                matches: [{ path: { type: "PathPrefix", value: "/" } }],
                filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", port: ENTRYPOINTS.websecure.exposedPort, statusCode: 301 } }],
            },
        ],
    };
}

/**
 * The route of one public host to its Devana Service. WebSocket connections are long-lived, so
 * the `ws.` route sets no request timeout; the others allow Devana's 600 s. `filters` go on every
 * rule (the on-prem in-cluster WAF's ExtensionRef to Traefik's rate limit Middleware).
 */
export function appRouteSpec(id: HostId, hosts: Hosts, backend: Backend, filters: readonly Record<string, unknown>[] = []): Record<string, unknown> {
    return {
        parentRefs: [{ group: GATEWAY_API_GROUP, kind: "Gateway", name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, sectionName: httpsListenerName(id) }],
        hostnames: [hosts[id]],
        rules: [
            {
                matches: [{ path: { type: "PathPrefix", value: "/" } }],
                ...(filters.length > 0 ? { filters: filters.map((f) => ({ ...f })) } : {}),
                backendRefs: [{ group: "", kind: "Service", name: backend.service, port: backend.port }],
                ...(id === "ws" ? {} : { timeouts: { request: DEVANA_REQUEST_TIMEOUT, backendRequest: DEVANA_REQUEST_TIMEOUT } }),
            },
        ],
    };
}

/**
 * What an edge protection adds to the gateway (the on-prem WAF: components/edge/onprem-waf.ts):
 * Service annotations, chart values merged over `traefikValues`, filters on every Devana route
 * rule, and the Service each host's route targets instead of its Devana backend (the WAF's).
 */
export interface GatewayEdge {
    /** @default {} */
    readonly serviceAnnotations?: Record<string, pulumi.Input<string>>;
    /** Deep-merged into the chart values (objects merge, anything else replaces). @default {} */
    readonly values?: Record<string, unknown>;
    /** @default [] */
    readonly routeFilters?: readonly Record<string, unknown>[];
    /** Where the routes send each host instead of `GatewayArgs.backends` (the in-cluster WAF). @default none */
    readonly backends?: Readonly<Record<HostId, Backend>>;
}

/**
 * Issue 20: the gateway Service on Azure keeps `externalTrafficPolicy: Local`. The load balancer's
 * health probe then marks only the nodes running a Traefik pod healthy, so App Gateway traffic never
 * lands on nodes of other zones (whose NSGs drop it: intermittent 502s) and the client address
 * reaches Traefik without SNAT. The chart copies `service.spec` into the Service.
 */
export function azureGatewayEdge(): GatewayEdge {
    return { values: { service: { spec: { externalTrafficPolicy: "Local" } } } };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v);

/** `base` with `extra` merged in (pure): nested objects merge, other values from `extra` win. */
export function mergeValues(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(extra)) {
        const current = out[key];
        out[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : value;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Component

export interface GatewayArgs {
    /** Issue 19: the air-gapped mirror of the chart(s) and every image they run. @default undefined (the sources) */
    readonly mirror?: Mirror;
    /** Public hosts (config `hosts`). */
    readonly hosts: Hosts;
    /** Application namespace whose HTTPRoutes may attach to the HTTPS listeners. */
    readonly appNamespace: string;
    /** Cluster minor version, for the namespace's Pod Security labels. */
    readonly kubernetesVersion: string;
    /** Gateway pods (R-SIZE "Load balancer" row). */
    readonly size: ComponentSize;
    /** Where Traefik runs (the compute pool). */
    readonly placement: Placement;
    /** Annotations of the gateway Service (see `gatewayServiceAnnotations`). @default {} */
    readonly serviceAnnotations?: Record<string, pulumi.Input<string>>;
    /** Type of the gateway Service. @default "LoadBalancer" */
    readonly serviceType?: GatewayServiceType;
    /** Client CIDRs allowed through the load balancer. @default [] (everyone) */
    readonly loadBalancerSourceRanges?: readonly string[];
    /** Strict SNI on the `default` TLSOption (see `tlsOptionSpec`). @default true */
    readonly sniStrict?: boolean;
    /** Proxies whose X-Forwarded-For is kept (the WAF's addresses). @default [] */
    readonly trustedProxies?: readonly string[];
    /** Service behind each host. @default DEFAULT_BACKENDS */
    readonly backends?: Readonly<Record<HostId, Backend>>;
    /** Edge protection's additions (Service annotations, chart values, route filters). @default none */
    readonly edge?: GatewayEdge;
    /** The Gateway API CRDs (GatewayApiCrds), which Gateway objects and Traefik need first. */
    readonly gatewayApiCrds: pulumi.Resource;
    /** Resources the application namespace comes from (routes are created in it). @default [] */
    readonly appNamespaceDependsOn?: readonly pulumi.Resource[];
    /** Protect the gateway namespace: deleting it deletes the Gateway and the certificates. @default false */
    readonly protect?: boolean;
    /** R-K8S distribution: on OpenShift unprivileged ports, no fixed UID and Traefik-CRD routing. @default "vanilla" */
    readonly distribution?: Distribution;
    /**
     * `preinstalled`: the cluster admin created the gateway namespace and Traefik's CRDs (the chart
     * skips its `crds/`); routing through Traefik's CRDs with namespaced RBAC. @default "install"
     */
    readonly clusterScope?: ClusterScope;
}

/** Traefik, the GatewayClass, the Gateway, TLS 1.3 and the Devana routes. */
export class Gateway extends pulumi.ComponentResource {
    /** Namespace of the Gateway and of its TLS Secrets. */
    public readonly namespace: pulumi.Output<string>;
    /** The Gateway API Gateway; empty with Traefik-CRD routing (OpenShift), which has none. */
    public readonly gatewayName: pulumi.Output<string>;
    /** The namespace resource, for objects other components put in it; undefined when preinstalled. */
    public readonly namespaceResource?: k8s.core.v1.Namespace;
    /** The Traefik chart: its CRDs (TLSOption, Middleware) exist once it is ready. */
    public readonly chart: k8s.helm.v4.Chart;
    /**
     * Name of Traefik's Service (in `namespace`): the chart names it after the release, which is
     * the chart resource's name (it contains "traefik", so the chart adds no suffix).
     */
    public readonly serviceName: string;

    constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:Gateway", name, {}, opts);
        const backends = args.edge?.backends ?? args.backends ?? DEFAULT_BACKENDS;

        const clusterScope = args.clusterScope ?? "install";
        const ns =
            clusterScope === "install"
                ? new k8s.core.v1.Namespace(
                      `${name}-namespace`,
                      {
                          metadata: {
                              name: GATEWAY_NAMESPACE,
                              labels: { "app.kubernetes.io/part-of": "devana", ...podSecurityLabels("restricted", args.kubernetesVersion, args.distribution) },
                          },
                      },
                      { parent: this, protect: args.protect ?? false },
                  )
                : undefined;
        this.namespaceResource = ns;
        const namespace = ns ? ns.metadata.name : pulumi.output(GATEWAY_NAMESPACE);

        this.serviceName = `${name}-traefik`;
        this.chart = new k8s.helm.v4.Chart(
            this.serviceName,
            {
                ...chartSource(CHARTS.traefik, args.mirror?.chartRepository),
                namespace,
                // Preinstalled: the admin applied the pinned chart's CRDs (`helm show crds`).
                ...(clusterScope === "preinstalled" ? { skipCrds: true } : {}),
                values: mergeValues(
                    traefikValues({
                        size: args.size,
                        placement: args.placement,
                        serviceAnnotations: { ...(args.serviceAnnotations ?? {}), ...(args.edge?.serviceAnnotations ?? {}) },
                        serviceType: args.serviceType ?? "LoadBalancer",
                        loadBalancerSourceRanges: args.loadBalancerSourceRanges ?? [],
                        distribution: args.distribution,
                        appNamespace: args.appNamespace,
                        trustedProxies: args.trustedProxies,
                        clusterScope,
                    }),
                    // Issue 19: Traefik's image from the mirror.
                    mergeValues(args.edge?.values ?? {}, chartImageValues("traefik", args.mirror?.registry)),
                ),
            },
            { parent: this, dependsOn: [args.gatewayApiCrds] },
        );

        const tlsOption = new k8s.apiextensions.CustomResource(
            `${name}-tls-default`,
            {
                apiVersion: "traefik.io/v1alpha1",
                kind: "TLSOption",
                // Only one TLSOption may be named `default` cluster-wide; it applies to every router.
                metadata: { name: "default", namespace },
                spec: tlsOptionSpec(args.sniStrict ?? true),
            },
            { parent: this, dependsOn: [this.chart] },
        );

        if (gatewayRoutingFor(args.distribution ?? "vanilla", clusterScope) === "traefik-crd") {
            createTraefikCrdRoutes(this, name, {
                gatewayNamespace: namespace,
                appNamespace: args.appNamespace,
                hosts: HOST_IDS.map((id) => ({ id, hostname: args.hosts[id], backend: backends[id], timeout: id !== "ws" })),
                tlsSecretNames: HOST_IDS.map(tlsSecretName),
                timeout: DEVANA_REQUEST_TIMEOUT,
                routeFilters: args.edge?.routeFilters,
                dependsOn: [this.chart, tlsOption],
                appNamespaceDependsOn: args.appNamespaceDependsOn,
            });
            this.namespace = namespace;
            this.gatewayName = pulumi.output("");
            this.registerOutputs({ namespace: this.namespace, gatewayName: this.gatewayName });
            return;
        }

        const gatewayClass = new k8s.apiextensions.CustomResource(
            `${name}-class`,
            {
                apiVersion: `${GATEWAY_API_GROUP}/v1`,
                kind: "GatewayClass",
                metadata: { name: GATEWAY_CLASS_NAME },
                spec: { controllerName: TRAEFIK_CONTROLLER_NAME },
            },
            { parent: this, dependsOn: [args.gatewayApiCrds] },
        );

        const gateway = new k8s.apiextensions.CustomResource(
            `${name}-gateway`,
            {
                apiVersion: `${GATEWAY_API_GROUP}/v1`,
                kind: "Gateway",
                metadata: { name: GATEWAY_NAME, namespace },
                spec: gatewaySpec(args.hosts, args.appNamespace),
            },
            // The TLSOption first: no listener ever serves below TLS 1.3.
            { parent: this, dependsOn: [gatewayClass, tlsOption, args.gatewayApiCrds] },
        );

        new k8s.apiextensions.CustomResource(
            `${name}-redirect`,
            {
                apiVersion: `${GATEWAY_API_GROUP}/v1`,
                kind: "HTTPRoute",
                metadata: { name: "https-redirect", namespace },
                spec: redirectRouteSpec(args.hosts),
            },
            { parent: this, dependsOn: [gateway] },
        );

        for (const id of HOST_IDS) {
            new k8s.apiextensions.CustomResource(
                `${name}-route-${id}`,
                {
                    apiVersion: `${GATEWAY_API_GROUP}/v1`,
                    kind: "HTTPRoute",
                    metadata: { name: `devana-${id}`, namespace: args.appNamespace, labels: { "app.kubernetes.io/part-of": "devana" } },
                    spec: appRouteSpec(id, args.hosts, backends[id], args.edge?.routeFilters),
                },
                { parent: this, dependsOn: [gateway, ...(args.appNamespaceDependsOn ?? [])] },
            );
        }

        this.namespace = namespace;
        this.gatewayName = pulumi.output(GATEWAY_NAME);
        this.registerOutputs({ namespace: this.namespace, gatewayName: this.gatewayName });
    }
}
