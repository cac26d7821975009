/**
 * The public entry point (R-NET-PORTS, R-SEC-TLS), one file per job:
 * - constants.ts: names, entry points, routing mode, host ids, Devana limits, default backends;
 * - load-balancer.ts: the gateway Service's annotations per target's load balancer;
 * - traefik-values.ts: the Traefik chart values and their merge;
 * - routes.ts: the Gateway, TLSOption, redirect and host route specs;
 * - gateway.ts: the `devana:platform:Gateway` component.
 * Importers name the folder (`../platform/gateway`).
 */
export {
    ACME_SOLVER_INGRESS_CLASS,
    DEFAULT_BACKENDS,
    DEVANA_REQUEST_TIMEOUT,
    DEVANA_UPLOAD_LIMIT_MB,
    ENTRYPOINTS,
    entrypointsFor,
    GATEWAY_API_GROUP,
    GATEWAY_CLASS_NAME,
    GATEWAY_NAME,
    GATEWAY_NAMESPACE,
    gatewayRoutingFor,
    HOST_IDS,
    HTTP_LISTENER,
    httpsListenerName,
    TRAEFIK_CONTROLLER_NAME,
    TRAEFIK_LATENCY_BUCKETS,
    TRAEFIK_PING,
    tlsSecretName,
    UNPRIVILEGED_ENTRYPOINTS,
    type Backend,
    type GatewayRouting,
    type HostId,
    type Hosts,
} from "./constants";
export { AWS_TLS13_POLICY, azureGatewayEdge, defaultLoadBalancer, gatewayServiceAnnotations, type GatewayLoadBalancer } from "./load-balancer";
export { mergeValues, traefikValues, type GatewayServiceType, type TraefikValuesInput } from "./traefik-values";
export { appRouteSpec, gatewaySpec, redirectRouteSpec, tlsOptionSpec } from "./routes";
export { Gateway, type GatewayArgs, type GatewayEdge } from "./gateway";
