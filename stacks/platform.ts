/**
 * The cluster platform every target installs once it has a Kubernetes provider (issue 7):
 * Gateway API CRDs, Traefik with TLS 1.3 and the Devana routes, cert-manager and the issuer of
 * the configured TLS mode, monitoring with the R-MON alerts, and GPU support where GPU pools
 * exist. Target stacks pass only what differs per target (load balancer, GPU stack).
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { DevanaConfig } from "../config/resolve";
import { placementFor } from "../components/cluster/placement";
import { CertManager } from "../components/platform/cert-manager";
import { Gateway, DEFAULT_BACKENDS, GATEWAY_NAMESPACE, defaultLoadBalancer, gatewayServiceAnnotations, type GatewayLoadBalancer } from "../components/platform/gateway";
import { GatewayApiCrds } from "../components/platform/gateway-api-crds";
import { GpuSupport, gpuPools, type GpuStack } from "../components/platform/gpu";
import { Monitoring } from "../components/platform/monitoring";
import type { CommonResources } from "./common";

export type { GatewayLoadBalancer } from "../components/platform/gateway";
export type { GpuStack } from "../components/platform/gpu";

/** What differs per target. */
export interface PlatformInputs {
    /** GPU stack of the target (used only when a GPU pool is enabled). */
    readonly gpuStack: GpuStack;
    /** The gateway's load balancer in the DMZ. @default defaultLoadBalancer(config.target) */
    readonly loadBalancer?: GatewayLoadBalancer;
    /** Type of the gateway Service. @default "LoadBalancer" */
    readonly serviceType?: "LoadBalancer" | "NodePort";
    /** Client CIDRs allowed to reach the gateway. @default [] (everyone) */
    readonly loadBalancerSourceRanges?: readonly string[];
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
    const compute = placementFor(config.nodePools.compute);

    const gatewayApiCrds = new GatewayApiCrds(`${prefix}-gateway-api`, {}, opts);

    const gateway = new Gateway(
        `${prefix}-gateway`,
        {
            hosts: config.hosts,
            appNamespace: ns.app,
            kubernetesVersion: config.kubernetesVersion,
            size: config.sizing.gateway,
            placement: compute,
            serviceAnnotations: gatewayServiceAnnotations(inputs.loadBalancer ?? defaultLoadBalancer(config.target)),
            loadBalancerSourceRanges: inputs.loadBalancerSourceRanges,
            serviceType: inputs.serviceType,
            backends: DEFAULT_BACKENDS,
            gatewayApiCrds,
            appNamespaceDependsOn: nsDeps,
            protect: config.protect,
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
            caBundleNamespaces: [ns.app, ns.services],
            gatewayApiCrds,
            namespacesDependOn: nsDeps,
        },
        opts,
    );

    const monitoring = new Monitoring(
        `${prefix}-monitoring`,
        {
            tier: config.tier,
            size: config.sizing.monitoring,
            namespace: ns.monitoring,
            auditRetentionDays: config.audit.retentionDays,
            placement: compute,
            alertContext: { appNamespace: ns.app, apiService: DEFAULT_BACKENDS.api.service, apiPort: DEFAULT_BACKENDS.api.port, odinQueue: "request" },
            scrapeNamespaces: { services: ns.services, ai: ns.ai, gateway: GATEWAY_NAMESPACE },
            storageClass: inputs.storageClass,
            protect: config.protect,
            namespacesDependOn: nsDeps,
        },
        opts,
    );

    const pools = gpuPools(config.nodePools);
    const gpu =
        pools.length > 0
            ? new GpuSupport(
                  `${prefix}-gpu`,
                  {
                      stack: inputs.gpuStack,
                      pools,
                      kubernetesVersion: config.kubernetesVersion,
                      monitoringNamespace: ns.monitoring,
                      monitoringChart: monitoring.chart,
                      distribution: config.distribution,
                      installDriver: inputs.installGpuDriver,
                      protect: config.protect,
                  },
                  opts,
              )
            : undefined;

    return { gatewayApiCrds, gateway, certManager, monitoring, gpu };
}
