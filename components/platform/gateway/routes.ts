/**
 * Specs of the objects the Gateway authors (pure): the Gateway and its listeners, the TLS 1.3
 * `default` TLSOption, the port-80 redirect and the route of each public host.
 */
import { DEVANA_REQUEST_TIMEOUT, ENTRYPOINTS, GATEWAY_API_GROUP, GATEWAY_CLASS_NAME, GATEWAY_NAME, GATEWAY_NAMESPACE, HOST_IDS, HTTP_LISTENER, httpsListenerName, tlsSecretName, type Backend, type HostId, type Hosts } from "./constants";

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
