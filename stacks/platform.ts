/**
 * The cluster platform every target installs once it has a Kubernetes provider (issue 7):
 * Gateway API CRDs, Traefik with TLS 1.3 and the Devana routes, cert-manager and the issuer of
 * the configured TLS mode, monitoring with the R-MON alerts, and GPU support where GPU pools
 * exist. Target stacks pass only what differs per target (load balancer, GPU stack).
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { DevanaConfig } from "../config/model";
import { workloadPlacement } from "../components/k8s/placement";
import { CertManager } from "../components/platform/cert-manager";
import { Gateway, DEFAULT_BACKENDS, GATEWAY_NAMESPACE, defaultLoadBalancer, gatewayServiceAnnotations, type GatewayEdge, type GatewayLoadBalancer, type GatewayServiceType } from "../components/platform/gateway";
import { GatewayApiCrds, installsGatewayApiCrds } from "../components/platform/gateway-api-crds";
import { GpuSupport, gpuInstallFor, gpuPools, type GpuStack } from "../components/platform/gpu";
import { Monitoring } from "../components/platform/monitoring";
import { Tracing, tempoDataSource, tracingEnabledFor } from "../components/platform/tracing";
import { odinQueueKeys } from "../components/devana/data/redis";
import { clusterScopeOf, type CommonResources } from "./common";
import { mirrorOf } from "../components/platform/image-mirror";

export type { GatewayLoadBalancer } from "../components/platform/gateway";
export type { GpuStack } from "../components/platform/gpu";

/** What differs per target. */
export interface PlatformInputs {
    /** GPU stack of the target (used only when a GPU pool is enabled). */
    readonly gpuStack: GpuStack;
    /** The gateway's load balancer in the DMZ. @default defaultLoadBalancer(config.target) */
    readonly loadBalancer?: GatewayLoadBalancer;
    /**
     * Type of the gateway Service. `ClusterIP`: a load balancer outside Kubernetes (the AWS ALB
     * and its WAF) reaches the pods, so the Service gets no load balancer annotations at all.
     * @default "LoadBalancer"
     */
    readonly serviceType?: GatewayServiceType;
    /** Strict SNI on Traefik's `default` TLSOption; false behind the AWS ALB, which sends no SNI. @default true */
    readonly sniStrict?: boolean;
    /** Client CIDRs allowed to reach the gateway. @default [] (everyone) */
    readonly loadBalancerSourceRanges?: readonly string[];
    /** The WAF's addresses, whose X-Forwarded-For the gateway keeps (R-SEC-AUDIT: client addresses in the logs). @default [] */
    readonly trustedProxies?: readonly string[];
    /** Edge protection's additions to the gateway (the on-prem WAF: onPremGatewayEdge). @default none */
    readonly edge?: GatewayEdge;
    /** StorageClass of the monitoring volumes. @default the cluster default */
    readonly storageClass?: string;
    /** GPU Operator: install the NVIDIA driver (false when the nodes have one). @default true */
    readonly installGpuDriver?: boolean;
    /** Resources the platform waits for (e.g. the AWS Load Balancer Controller). @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
}

export interface PlatformResources {
    readonly gatewayApiCrds: GatewayApiCrds;
    readonly gateway: Gateway;
    readonly certManager: CertManager;
    readonly monitoring: Monitoring;
    readonly gpu?: GpuSupport;
    /** Issue 17: the OpenTelemetry Collector and Tempo, where our kube-prometheus-stack runs. */
    readonly tracing?: Tracing;
}

/** The GPU stack each target uses (design.md "GPUs"). */
export function gpuStackFor(target: DevanaConfig["target"]): GpuStack {
    switch (target) {
        case "aws":
            return "eks-device-plugin";
        case "azure":
            return "aks-managed";
        case "onprem":
            return "gpu-operator";
    }
}

export function deployPlatform(config: DevanaConfig, common: CommonResources, provider: k8s.Provider, inputs: PlatformInputs): PlatformResources {
    const prefix = "devana";
    const opts = { providers: { kubernetes: provider }, dependsOn: [...(inputs.dependsOn ?? [])] };
    const ns = config.namespaces;
    const nsDeps = [common.namespaces];
    // Issue 20: the gateway and controllers in the App zone, monitoring in Management.
    const compute = workloadPlacement(config.nodePools, "gateway");
    const management = workloadPlacement(config.nodePools, "monitoring");
    // Issue 10: `preinstalled` leaves every cluster-scoped object to the cluster admin (docs/onprem.md).
    const clusterScope = clusterScopeOf(config);
    const preinstalled = clusterScope === "preinstalled";
    const scoped = preinstalled ? { clusterScope } : {};
    // Issue 19: every chart and image from the air-gapped mirror when devana:airgap is set.
    const mirror = mirrorOf(config);

    // R-K8S: OpenShift 4.19+ owns the Gateway API CRDs (the component stays, empty); preinstalled routing needs none.
    const gatewayApiCrds = new GatewayApiCrds(`${prefix}-gateway-api`, { install: installsGatewayApiCrds(config.distribution) && !preinstalled }, opts);

    const gateway = new Gateway(
        `${prefix}-gateway`,
        {
            hosts: config.hosts,
            appNamespace: ns.app,
            kubernetesVersion: config.kubernetesVersion,
            size: config.sizing.gateway,
            placement: compute,
            serviceAnnotations: inputs.serviceType === "ClusterIP" ? {} : gatewayServiceAnnotations(inputs.loadBalancer ?? defaultLoadBalancer(config.target)),
            loadBalancerSourceRanges: inputs.loadBalancerSourceRanges,
            serviceType: inputs.serviceType,
            sniStrict: inputs.sniStrict,
            trustedProxies: inputs.trustedProxies,
            backends: DEFAULT_BACKENDS,
            edge: inputs.edge,
            gatewayApiCrds,
            appNamespaceDependsOn: nsDeps,
            protect: config.protect,
            distribution: config.distribution,
            mirror,
            ...scoped,
        },
        opts,
    );

    const certManager = new CertManager(
        `${prefix}-cert-manager`,
        {
            tls: config.tls,
            hosts: config.hosts,
            namespace: ns.certManager,
            gatewayNamespace: gateway.namespace,
            placement: compute,
            internalCa: common.internalCa ? { certificatePem: common.internalCa.certificatePem, privateKeyPem: common.internalCa.privateKeyPem } : undefined,
            // Issue 18: vLLM (devana-ai) trusts the customer's CAs (intercepting proxy, HTTPS model mirror), not the internal root.
            caBundleNamespaces: config.tls.extraTrustedCAs ? [ns.app, ns.services, ns.ai] : [ns.app, ns.services],
            gatewayApiCrds,
            namespacesDependOn: nsDeps,
            distribution: config.distribution,
            mirror,
            ...scoped,
        },
        opts,
    );

    const apiBackend = inputs.edge?.backends?.api ?? DEFAULT_BACKENDS.api;
    // Issue 17: tracing where we run kube-prometheus-stack (its Prometheus and Grafana read it).
    const tracingOn = tracingEnabledFor(config.distribution, clusterScope);
    const monitoring = new Monitoring(
        `${prefix}-monitoring`,
        {
            tier: config.tier,
            size: config.sizing.monitoring,
            namespace: ns.monitoring,
            auditRetentionDays: config.audit.retentionDays,
            placement: management,
            // Traefik measures the API where its route sends it (the in-cluster WAF's `api` port when on).
            alertContext: { appNamespace: ns.app, apiService: apiBackend.service, apiPort: apiBackend.port, odinQueueKeys: odinQueueKeys() },
            scrapeNamespaces: { services: ns.services, ai: ns.ai, gateway: GATEWAY_NAMESPACE },
            storageClass: inputs.storageClass,
            protect: config.protect,
            namespacesDependOn: nsDeps,
            distribution: config.distribution,
            targetNamespacesDependOn: gateway.namespaceResource ? [gateway.namespaceResource] : [],
            alerting: config.alerting,
            alertCredentials: common.configSecrets,
            extraDataSources: tracingOn ? [tempoDataSource(ns.monitoring)] : [],
            mirror,
            ...(preinstalled ? { clusterScope, logNamespaces: [ns.app, ns.services, ns.ai, ns.monitoring, GATEWAY_NAMESPACE] } : {}),
        },
        opts,
    );

    const tracing = tracingOn
        ? new Tracing(
              `${prefix}-tracing`,
              {
                  tier: config.tier,
                  monitoringNamespace: ns.monitoring,
                  placement: management,
                  storageClass: inputs.storageClass,
                  // The ChromaDB pods (networkPeers "chroma"); Prometheus and Grafana of kube-prometheus-stack.
                  senders: [{ namespace: ns.services, podLabels: { "app.kubernetes.io/name": "chromadb" } }],
                  prometheusPodLabels: { "app.kubernetes.io/name": "prometheus" },
                  grafanaPodLabels: { "app.kubernetes.io/name": "grafana" },
                  crdsDependOn: monitoring.chart ? [monitoring.chart] : [],
                  namespacesDependOn: nsDeps,
                  mirror,
              },
              opts,
          )
        : undefined;

    const pools = gpuPools(config.nodePools);
    // On OpenShift (or when preinstalled) the cluster admin installs the GPU Operator (docs/onprem.md).
    const gpu =
        pools.length > 0 && gpuInstallFor(config.distribution) === "helm" && !preinstalled
            ? new GpuSupport(
                  `${prefix}-gpu`,
                  {
                      stack: inputs.gpuStack,
                      pools,
                      kubernetesVersion: config.kubernetesVersion,
                      monitoringNamespace: ns.monitoring,
                      monitoringChart: monitoring.chart ?? monitoring,
                      distribution: config.distribution,
                      installDriver: inputs.installGpuDriver,
                      mirror,
                      protect: config.protect,
                  },
                  opts,
              )
            : undefined;

    return { gatewayApiCrds, gateway, certManager, monitoring, gpu, tracing };
}
