/**
 * The public entry point (R-NET-PORTS, R-SEC-TLS): Traefik v3 as the Gateway API controller, a
 * GatewayClass and Gateway we author, the TLS 1.3 `TLSOption`, the port-80 redirect and the
 * Devana routes (front, `api.`, `ws.`). Chart values only carry what Traefik needs to run; every
 * security-relevant object is a resource of its own so tests and policies see it.
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import type { Distribution } from "../../../config/defaults";
import type { ComponentSize } from "../../../config/tiers";
import { CHARTS } from "../../../config/versions";
import type { Placement } from "../../k8s/placement";
import { chartSource } from "../../k8s/helm";
import { chartImageValues, type Mirror } from "../image-mirror";
import { podSecurityLabels, type ClusterScope } from "../namespaces";
import { createTraefikCrdRoutes } from "../traefik-crd-routes";
import {
    DEFAULT_BACKENDS,
    DEVANA_REQUEST_TIMEOUT,
    GATEWAY_API_GROUP,
    GATEWAY_CLASS_NAME,
    GATEWAY_NAME,
    GATEWAY_NAMESPACE,
    gatewayRoutingFor,
    HOST_IDS,
    TRAEFIK_CONTROLLER_NAME,
    tlsSecretName,
    type Backend,
    type HostId,
    type Hosts,
} from "./constants";
import { appRouteSpec, gatewaySpec, redirectRouteSpec, tlsOptionSpec } from "./routes";
import { mergeValues, traefikValues, type GatewayServiceType } from "./traefik-values";

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
