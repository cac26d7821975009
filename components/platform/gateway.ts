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
import { chartSource } from "./helm";
import { podSecurityLabels } from "./namespaces";

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
    readonly serviceType: "LoadBalancer" | "NodePort";
    readonly loadBalancerSourceRanges: readonly string[];
}

/** Values of the Traefik chart: the controller only; Gateway, GatewayClass and TLS are authored. */
export function traefikValues(input: TraefikValuesInput): Record<string, unknown> {
    const { size, placement } = input;
    const transport = { respondingTimeouts: { readTimeout: DEVANA_REQUEST_TIMEOUT } };
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
        podSecurityContext: {
            seccompProfile: { type: "RuntimeDefault" },
            sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }],
        },
        global: { checkNewVersion: false, sendAnonymousUsage: false },
        // Gateway API only: no Ingress provider, no IngressClass, no chart-made Gateway or class.
        ingressClass: { enabled: false },
        gateway: { enabled: false },
        gatewayClass: { enabled: false },
        providers: {
            kubernetesGateway: { enabled: true, experimentalChannel: false },
            kubernetesIngress: { enabled: false },
            // Reads the `default` TLSOption (TLS 1.3).
            kubernetesCRD: { enabled: true, allowCrossNamespace: false },
        },
        api: { dashboard: false },
        ports: {
            // No entry-point redirect here: ACME HTTP-01 challenges must reach port 80; the
            // redirect is the HTTPRoute on the `http` listener.
            web: { port: ENTRYPOINTS.web.port, exposedPort: ENTRYPOINTS.web.exposedPort, transport },
            websecure: {
                port: ENTRYPOINTS.websecure.port,
                exposedPort: ENTRYPOINTS.websecure.exposedPort,
                tls: { enabled: true },
                http3: { enabled: false },
                transport,
            },
            metrics: { port: ENTRYPOINTS.metrics.port, expose: { default: false } },
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
        logs: { general: { format: "json" }, access: { enabled: true, format: "json" } },
        service: {
            type: input.serviceType,
            annotations: input.serviceAnnotations,
            loadBalancerSourceRanges: [...input.loadBalancerSourceRanges],
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

/** R-SEC-TLS: TLS 1.3 minimum on every router that names no other option (Traefik's `default`). */
export function tlsOptionSpec(): Record<string, unknown> {
    return {
        minVersion: "VersionTLS13",
        // Refuse handshakes without a known server name instead of serving a default certificate.
        sniStrict: true,
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
 * the `ws.` route sets no request timeout; the others allow Devana's 600 s.
 */
export function appRouteSpec(id: HostId, hosts: Hosts, backend: Backend): Record<string, unknown> {
    return {
        parentRefs: [{ group: GATEWAY_API_GROUP, kind: "Gateway", name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, sectionName: httpsListenerName(id) }],
        hostnames: [hosts[id]],
        rules: [
            {
                matches: [{ path: { type: "PathPrefix", value: "/" } }],
                backendRefs: [{ group: "", kind: "Service", name: backend.service, port: backend.port }],
                ...(id === "ws" ? {} : { timeouts: { request: DEVANA_REQUEST_TIMEOUT, backendRequest: DEVANA_REQUEST_TIMEOUT } }),
            },
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// Component

export interface GatewayArgs {
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
    readonly serviceType?: "LoadBalancer" | "NodePort";
    /** Client CIDRs allowed through the load balancer. @default [] (everyone) */
    readonly loadBalancerSourceRanges?: readonly string[];
    /** Service behind each host. @default DEFAULT_BACKENDS */
    readonly backends?: Readonly<Record<HostId, Backend>>;
    /** The Gateway API CRDs (GatewayApiCrds), which Gateway objects and Traefik need first. */
    readonly gatewayApiCrds: pulumi.Resource;
    /** Resources the application namespace comes from (routes are created in it). @default [] */
    readonly appNamespaceDependsOn?: readonly pulumi.Resource[];
    /** Protect the gateway namespace: deleting it deletes the Gateway and the certificates. @default false */
    readonly protect?: boolean;
}

/** Traefik, the GatewayClass, the Gateway, TLS 1.3 and the Devana routes. */
export class Gateway extends pulumi.ComponentResource {
    /** Namespace of the Gateway and of its TLS Secrets. */
    public readonly namespace: pulumi.Output<string>;
    public readonly gatewayName: pulumi.Output<string>;
    /** The namespace resource, for objects other components put in it (Certificates). */
    public readonly namespaceResource: k8s.core.v1.Namespace;
    /** The Traefik chart: its CRDs (TLSOption, Middleware) exist once it is ready. */
    public readonly chart: k8s.helm.v4.Chart;

    constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:Gateway", name, {}, opts);
        const backends = args.backends ?? DEFAULT_BACKENDS;

        const ns = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: GATEWAY_NAMESPACE,
                    labels: { "app.kubernetes.io/part-of": "devana", ...podSecurityLabels("restricted", args.kubernetesVersion) },
                },
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.namespaceResource = ns;

        this.chart = new k8s.helm.v4.Chart(
            `${name}-traefik`,
            {
                ...chartSource(CHARTS.traefik),
                namespace: ns.metadata.name,
                values: traefikValues({
                    size: args.size,
                    placement: args.placement,
                    serviceAnnotations: args.serviceAnnotations ?? {},
                    serviceType: args.serviceType ?? "LoadBalancer",
                    loadBalancerSourceRanges: args.loadBalancerSourceRanges ?? [],
                }),
            },
            { parent: this, dependsOn: [args.gatewayApiCrds] },
        );

        const tlsOption = new k8s.apiextensions.CustomResource(
            `${name}-tls-default`,
            {
                apiVersion: "traefik.io/v1alpha1",
                kind: "TLSOption",
                // Only one TLSOption may be named `default` cluster-wide; it applies to every router.
                metadata: { name: "default", namespace: ns.metadata.name },
                spec: tlsOptionSpec(),
            },
            { parent: this, dependsOn: [this.chart] },
        );

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
                metadata: { name: GATEWAY_NAME, namespace: ns.metadata.name },
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
                metadata: { name: "https-redirect", namespace: ns.metadata.name },
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
                    spec: appRouteSpec(id, args.hosts, backends[id]),
                },
                { parent: this, dependsOn: [gateway, ...(args.appNamespaceDependsOn ?? [])] },
            );
        }

        this.namespace = ns.metadata.name;
        this.gatewayName = pulumi.output(GATEWAY_NAME);
        this.registerOutputs({ namespace: this.namespace, gatewayName: this.gatewayName });
    }
}
