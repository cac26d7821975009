/**
 * The Devana routes through Traefik's own CRDs (IngressRoute, Middleware, TLSStore,
 * ServersTransport) where Traefik's Gateway API provider cannot run: OpenShift 4.19+. There the
 * Ingress Operator owns the Gateway API CRDs (standard channel v1.2.1, five kinds) and its
 * ValidatingAdmissionPolicy refuses any other writer, while Traefik v3.6+ does not start its
 * Gateway provider without the BackendTLSPolicy (and TLSRoute) CRDs (traefik/traefik#12321,
 * declined). Traefik stays the entry point so TLS 1.3 (its `default` TLSOption, R-SEC-TLS), the
 * port-80 redirect (R-NET-PORTS) and the in-cluster WAF hold as on the other distributions.
 *
 * Same hosts, backends and certificates as the Gateway API routes (gateway/routes.ts): the certificates
 * cert-manager issues into the gateway namespace are served from the `default` TLSStore by SNI.
 */
import * as k8s from "../k8s/sdk";
import type * as pulumi from "@pulumi/pulumi";
import { PORTS } from "../../config/ports";

/** Traefik's entry point names (the chart's `ports` keys). */
export const WEB_ENTRYPOINT = "web";
export const WEBSECURE_ENTRYPOINT = "websecure";
/** Middleware of the port-80 redirect, in the gateway namespace. */
export const REDIRECT_MIDDLEWARE = "https-redirect";
/** ServersTransport of the front and API backends (Devana's 600 s), in the application namespace. */
export const BACKEND_TRANSPORT = "devana-backend";
/** Traefik's no-op service: the redirect route needs a service it never calls. */
export const NOOP_SERVICE = "noop@internal";

export interface CrdRouteHost {
    /** Stable id: `front`, `api`, `ws`. */
    readonly id: string;
    readonly hostname: string;
    readonly backend: { readonly service: string; readonly port: number };
    /** Apply Devana's 600 s backend timeout (not on the WebSocket host, whose connections are long-lived). */
    readonly timeout: boolean;
}

/** A Traefik rule matching any of the hosts. */
export function hostRule(hostnames: readonly string[]): string {
    if (hostnames.length === 0) {
        throw new Error("hostRule needs at least one host");
    }
    return hostnames.map((h) => `Host(\`${h}\`)`).join(" || ");
}

/** The `default` TLSStore: the host certificates, picked by SNI (the TLSOption's sniStrict refuses others). */
export function tlsStoreSpec(secretNames: readonly string[]): Record<string, unknown> {
    return { certificates: secretNames.map((secretName) => ({ secretName })) };
}

/** R-NET-PORTS: a permanent redirect to https on 443 (what clients see, whatever Traefik listens on). */
export function redirectMiddlewareSpec(): Record<string, unknown> {
    return { redirectScheme: { scheme: "https", port: String(PORTS.https), permanent: true } };
}

/**
 * Port 80 only redirects, for the public hosts. ACME HTTP-01 solver Ingresses win over it: Traefik
 * ranks routers by rule length, and theirs add the challenge path.
 */
export function redirectIngressRouteSpec(hostnames: readonly string[]): Record<string, unknown> {
    return {
        entryPoints: [WEB_ENTRYPOINT],
        routes: [{ kind: "Rule", match: hostRule(hostnames), middlewares: [{ name: REDIRECT_MIDDLEWARE }], services: [{ kind: "TraefikService", name: NOOP_SERVICE }] }],
    };
}

/** Devana allows 600 s per request; the Gateway API routes say the same with `timeouts.backendRequest`. */
export function backendTransportSpec(timeout: string): Record<string, unknown> {
    return { forwardingTimeouts: { responseHeaderTimeout: timeout } };
}

/**
 * Middlewares named by Gateway API `ExtensionRef` filters (the in-cluster WAF's), so one edge
 * declaration serves both routings. Other filter types have no IngressRoute counterpart here.
 */
export function middlewaresFromFilters(filters: readonly Record<string, unknown>[]): { name: string }[] {
    return filters.map((f) => {
        const ref = f.extensionRef as { group?: string; kind?: string; name?: string } | undefined;
        if (f.type !== "ExtensionRef" || ref?.group !== "traefik.io" || ref.kind !== "Middleware" || typeof ref.name !== "string") {
            throw new Error(`route filter ${JSON.stringify(f)} has no Traefik IngressRoute counterpart`);
        }
        return { name: ref.name };
    });
}

/** The HTTPS route of one public host to its Devana Service; TLS from the `default` store and option. */
export function appIngressRouteSpec(host: CrdRouteHost, middlewares: readonly { name: string }[] = []): Record<string, unknown> {
    return {
        entryPoints: [WEBSECURE_ENTRYPOINT],
        routes: [
            {
                kind: "Rule",
                match: hostRule([host.hostname]),
                ...(middlewares.length > 0 ? { middlewares: middlewares.map((m) => ({ ...m })) } : {}),
                services: [{ name: host.backend.service, port: host.backend.port, ...(host.timeout ? { serversTransport: BACKEND_TRANSPORT } : {}) }],
            },
        ],
        tls: {},
    };
}

export interface TraefikCrdRoutesInput {
    /** Gateway namespace: the redirect and the TLSStore live there, next to the certificates. */
    readonly gatewayNamespace: pulumi.Input<string>;
    readonly appNamespace: string;
    readonly hosts: readonly CrdRouteHost[];
    /** Certificate Secrets in the gateway namespace. */
    readonly tlsSecretNames: readonly string[];
    /** Devana's request timeout (`600s`). */
    readonly timeout: string;
    /** Gateway API filters on every Devana route (the WAF's ExtensionRef). @default [] */
    readonly routeFilters?: readonly Record<string, unknown>[];
    /** The Traefik chart (its CRDs) and the TLSOption: no route ever serves below TLS 1.3. */
    readonly dependsOn: readonly pulumi.Resource[];
    /** Resources the application namespace comes from. @default [] */
    readonly appNamespaceDependsOn?: readonly pulumi.Resource[];
}

/** Creates the routing objects under `parent` (the Gateway component); children `${prefix}-...`. */
export function createTraefikCrdRoutes(parent: pulumi.Resource, prefix: string, input: TraefikCrdRoutesInput): void {
    const traefik = (id: string, kind: string, name: string, namespace: pulumi.Input<string>, spec: Record<string, unknown>, deps: readonly pulumi.Resource[]) =>
        new k8s.apiextensions.CustomResource(`${prefix}-${id}`, { apiVersion: "traefik.io/v1alpha1", kind, metadata: { name, namespace, labels: { "app.kubernetes.io/part-of": "devana" } }, spec }, { parent, dependsOn: [...deps] });
    const appDeps = [...input.dependsOn, ...(input.appNamespaceDependsOn ?? [])];
    // Traefik reads only the TLSStore named `default`.
    traefik("tls-store", "TLSStore", "default", input.gatewayNamespace, tlsStoreSpec(input.tlsSecretNames), input.dependsOn);
    const redirect = traefik("redirect-middleware", "Middleware", REDIRECT_MIDDLEWARE, input.gatewayNamespace, redirectMiddlewareSpec(), input.dependsOn);
    traefik("redirect", "IngressRoute", "https-redirect", input.gatewayNamespace, redirectIngressRouteSpec(input.hosts.map((h) => h.hostname)), [redirect]);
    const transport = traefik("backend-transport", "ServersTransport", BACKEND_TRANSPORT, input.appNamespace, backendTransportSpec(input.timeout), appDeps);
    const middlewares = middlewaresFromFilters(input.routeFilters ?? []);
    for (const host of input.hosts) {
        traefik(`route-${host.id}`, "IngressRoute", `devana-${host.id}`, input.appNamespace, appIngressRouteSpec(host, middlewares), [...appDeps, transport]);
    }
}
