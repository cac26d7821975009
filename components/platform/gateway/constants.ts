/**
 * Names and constants of the gateway: namespace, class and Gateway names, Traefik's entry points
 * per distribution, how routes reach Traefik, the public host ids with their listener and Secret
 * names, Devana's request limits and the default backends.
 */
import type { Distribution } from "../../../config/defaults";
import { PORTS } from "../../../config/ports";
import type { ClusterScope } from "../namespaces";

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
    web: { port: PORTS.http, exposedPort: PORTS.http },
    websecure: { port: PORTS.https, exposedPort: PORTS.https },
    metrics: { port: 9100 },
} as const;

/**
 * Entry points on OpenShift. Its restricted-v2 SCC drops every capability and the pod gets an
 * assigned non-root UID; rather than depend on the SCC's sysctl policy, Traefik listens on its
 * usual unprivileged 8000/8443 and the Service maps them to 80/443 (what clients see, R-NET-PORTS).
 */
export const UNPRIVILEGED_ENTRYPOINTS = {
    web: { port: 8000, exposedPort: PORTS.http },
    websecure: { port: 8443, exposedPort: PORTS.https },
    metrics: { port: 9100 },
} as const;

export function entrypointsFor(distribution: Distribution): typeof ENTRYPOINTS | typeof UNPRIVILEGED_ENTRYPOINTS {
    return distribution === "openshift" ? UNPRIVILEGED_ENTRYPOINTS : ENTRYPOINTS;
}

/**
 * How routes reach Traefik: Gateway API objects, or Traefik's own CRDs on OpenShift, whose
 * Ingress Operator-owned Gateway API CRDs cannot serve Traefik's Gateway provider
 * (../traefik-crd-routes.ts says why).
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
    front: { service: "devana-frontend", port: PORTS.frontend },
    api: { service: "devana-api", port: PORTS.apiHttp },
    ws: { service: "devana-api", port: PORTS.apiWs },
};
