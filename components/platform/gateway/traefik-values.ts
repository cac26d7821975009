/**
 * The Traefik chart values: the controller only (the Gateway, GatewayClass and TLSOption are
 * authored as resources of their own, routes.ts), and the merge of an edge protection's values.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Distribution } from "../../../config/defaults";
import type { ComponentSize } from "../../../config/tiers";
import { placementSpec, type Placement } from "../../k8s/placement";
import { resourcesFor, sccPodSecurityValues } from "../../k8s/pod-spec";
import type { ClusterScope } from "../namespaces";
import { ACME_SOLVER_INGRESS_CLASS, DEVANA_REQUEST_TIMEOUT, ENTRYPOINTS, entrypointsFor, GATEWAY_NAMESPACE, gatewayRoutingFor, TRAEFIK_LATENCY_BUCKETS, TRAEFIK_PING } from "./constants";

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
        resources: resourcesFor({ cpu: size.cpu, memoryGi: size.memoryGi }),
        ...placementSpec(placement),
        // Restricted Pod Security needs the seccomp profile; the sysctl lets the non-root Traefik bind 80/443.
        // On OpenShift no sysctl and no UID: the chart's 65532 is deleted (`null`), the SCC assigns one.
        podSecurityContext: openshift
            ? sccPodSecurityValues(["runAsUser", "runAsGroup"])
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
