/**
 * The on-prem WAF (R-SEC-ZONES: Internet -> DMZ (LB, WAF) -> App), chosen by `devana:waf.onprem`:
 *
 * - `customer` (default): the customer's WAF in their DMZ fronts the gateway's address. The program
 *   cannot see it; the Traefik Service declares it with `devana.ai/waf: customer` so the policy
 *   pack reports the assumption (docs/onprem.md, "Edge (WAF)", says what that WAF must do).
 * - `in-cluster`: Traefik itself filters. The Middleware `devana-waf` in the application namespace
 *   chains a per-client-IP rate limit (`waf.rateLimit` requests per 5 minutes) and Coraza with the
 *   OWASP Core Rule Set in blocking mode and a request-body limit of `waf.maxBodyMiB` (the Coraza
 *   http-wasm plugin, loaded through the chart's `experimental.plugins`); every Devana HTTPRoute
 *   rule names it in an ExtensionRef filter. The Service keeps client addresses
 *   (`externalTrafficPolicy: Local`), else every client would share a node's address and its
 *   rate limit.
 *
 * Pure builders give the gateway its Service annotation, chart values and route filters before
 * the Gateway exists; `OnPremWaf` creates the Middlewares once the chart (their CRD) does.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { DevanaConfig } from "../../config/resolve";
import { TRAEFIK_PLUGINS } from "../../config/versions";
import type { GatewayEdge } from "../platform/gateway";

/** The gateway Service annotation declaring which WAF protects an on-prem gateway (policy/edge.ts). */
export const WAF_ANNOTATION = "devana.ai/waf";
/** The Middleware every Devana route names (policy/edge.ts). */
export const WAF_MIDDLEWARE = "devana-waf";
export const WAF_RATE_LIMIT_MIDDLEWARE = "devana-waf-rate-limit";
export const WAF_CRS_MIDDLEWARE = "devana-waf-crs";
/** Key of the Coraza plugin under `experimental.plugins`, and in the Middleware's `spec.plugin`. */
export const CORAZA_PLUGIN = "coraza";
/** The rate limit's window (AWS WAF's rate-based rules count over the same 5 minutes). */
export const RATE_LIMIT_PERIOD = "5m";
/** Coraza refuses bodies above 1 GiB whatever SecRequestBodyLimit says. */
export const CORAZA_MAX_BODY_MIB = 1024;
/**
 * Methods Devana's API uses; the Core Rule Set allows only GET HEAD POST OPTIONS by default
 * (rule 911100), which would block the REST updates and deletions.
 */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"] as const;

export type OnPremWafMode = "customer" | "in-cluster";

/** Which on-prem WAF a configuration asks for; undefined off-prem or with the WAF off. */
export function onPremWafMode(config: Pick<DevanaConfig, "target" | "waf">): OnPremWafMode | undefined {
    return config.target === "onprem" && config.waf.enabled ? config.waf.onprem : undefined;
}

/** The ExtensionRef filter of every Devana route rule in in-cluster mode. */
export function wafRouteFilter(): Record<string, unknown> {
    return { type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: WAF_MIDDLEWARE } };
}

/** What the mode adds to the gateway: the declaration, and in-cluster the plugin, client addresses and route filters. */
export function onPremGatewayEdge(mode: OnPremWafMode): GatewayEdge {
    const serviceAnnotations = { [WAF_ANNOTATION]: mode };
    if (mode === "customer") {
        return { serviceAnnotations };
    }
    return {
        serviceAnnotations,
        values: {
            // Downloaded from the plugin catalog at start-up (egress, or localPlugins air-gapped: docs/onprem.md).
            experimental: { plugins: { [CORAZA_PLUGIN]: { ...TRAEFIK_PLUGINS.coraza } } },
            // Client source addresses reach Traefik (per-IP rate limit, WAF logs), not a node's.
            service: { spec: { externalTrafficPolicy: "Local" } },
        },
        routeFilters: [wafRouteFilter()],
    };
}

/**
 * Coraza directives: the recommended base, blocking mode, the body limit (rejected above it, 413),
 * no response-body inspection (downloads pass unbuffered by Coraza), then the Core Rule Set with
 * Devana's methods. Include names are the plugin's embedded rule files.
 */
export function corazaDirectives(maxBodyMiB: number): string[] {
    if (!Number.isInteger(maxBodyMiB) || maxBodyMiB < 1 || maxBodyMiB > CORAZA_MAX_BODY_MIB) {
        throw new Error(`devana:waf.maxBodyMiB ${maxBodyMiB}: the in-cluster WAF (Coraza) enforces 1 to ${CORAZA_MAX_BODY_MIB} MiB`);
    }
    const bytes = maxBodyMiB * 1024 * 1024;
    return [
        "Include @coraza.conf-recommended",
        "SecRuleEngine On",
        "SecRequestBodyAccess On",
        `SecRequestBodyLimit ${bytes}`,
        `SecRequestBodyInMemoryLimit ${bytes}`,
        "SecRequestBodyLimitAction Reject",
        "SecResponseBodyAccess Off",
        "Include @crs-setup.conf.example",
        `SecAction "id:900200,phase:1,pass,t:none,nolog,setvar:'tx.allowed_methods=${ALLOWED_METHODS.join(" ")}'"`,
        "Include @owasp_crs/*.conf",
    ];
}

/**
 * Traefik's token bucket: `rateLimit` requests per 5 minutes per client address, with a burst of
 * one minute's worth (a page load fires dozens of requests at once). `depth: 0` keys on the
 * connection's address, never on a client-supplied X-Forwarded-For.
 */
export function rateLimitSpec(rateLimit: number): Record<string, unknown> {
    return {
        rateLimit: {
            average: rateLimit,
            period: RATE_LIMIT_PERIOD,
            burst: Math.max(1, Math.ceil(rateLimit / 5)),
            sourceCriterion: { ipStrategy: { depth: 0 } },
        },
    };
}

/** The three Middleware specs: the chain the routes name, the rate limit, the Core Rule Set. */
export function wafMiddlewareSpecs(waf: Pick<DevanaConfig["waf"], "rateLimit" | "maxBodyMiB">): Record<string, Record<string, unknown>> {
    return {
        // Rate limit first: floods are dropped before the rules inspect them.
        [WAF_MIDDLEWARE]: { chain: { middlewares: [{ name: WAF_RATE_LIMIT_MIDDLEWARE }, { name: WAF_CRS_MIDDLEWARE }] } },
        [WAF_RATE_LIMIT_MIDDLEWARE]: rateLimitSpec(waf.rateLimit),
        [WAF_CRS_MIDDLEWARE]: { plugin: { [CORAZA_PLUGIN]: { directives: corazaDirectives(waf.maxBodyMiB) } } },
    };
}

export interface OnPremWafArgs {
    /** Namespace of the Devana HTTPRoutes (the application namespace). */
    readonly namespace: string;
    /** `config.waf`. */
    readonly waf: Pick<DevanaConfig["waf"], "rateLimit" | "maxBodyMiB">;
    /** The Traefik chart (the Middleware CRD) and the namespace's resources. */
    readonly dependsOn: readonly pulumi.Resource[];
}

/** The in-cluster WAF Middlewares; pass the Kubernetes provider in opts. */
export class OnPremWaf extends pulumi.ComponentResource {
    public readonly middlewareName: string;

    constructor(name: string, args: OnPremWafArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:edge:OnPremWaf", name, {}, opts);
        const specs = wafMiddlewareSpecs(args.waf);
        const ids: Record<string, string> = { [WAF_MIDDLEWARE]: "chain", [WAF_RATE_LIMIT_MIDDLEWARE]: "rate-limit", [WAF_CRS_MIDDLEWARE]: "crs" };
        for (const [middleware, spec] of Object.entries(specs)) {
            new k8s.apiextensions.CustomResource(
                `${name}-${ids[middleware]}`,
                {
                    apiVersion: "traefik.io/v1alpha1",
                    kind: "Middleware",
                    metadata: { name: middleware, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "devana", "app.kubernetes.io/component": "waf" } },
                    spec,
                },
                { parent: this, dependsOn: [...args.dependsOn] },
            );
        }
        this.middlewareName = WAF_MIDDLEWARE;
        this.registerOutputs({ middlewareName: this.middlewareName });
    }
}
