/**
 * GPU support where a GPU pool exists (R-LLM, R-K8S, design.md "GPUs"): on EKS the NVIDIA device
 * plugin and DCGM exporter (the AL2023 NVIDIA AMI carries the driver), on AKS the same two over
 * the managed driver of AKS GPU node pools, on-prem the NVIDIA GPU Operator (driver, toolkit,
 * device plugin, DCGM). Every GPU daemon tolerates the GPU taints and runs only on GPU pools; the
 * DCGM ServiceMonitor feeds the R-MON GPU memory alert.
 */
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import type { Distribution } from "../../config/defaults";
import type { ResolvedPool } from "../../config/model";
import { CHARTS } from "../../config/versions";
import { chartSource } from "../k8s/helm";
import { requiredNodeAffinity, tolerationFor, type Toleration } from "../k8s/placement";
import { podSecurityLabels } from "./namespaces";
import { withChartImages, type Mirror } from "./image-mirror";

export const GPU_STACKS = ["eks-device-plugin", "aks-managed", "gpu-operator"] as const;
export type GpuStack = (typeof GPU_STACKS)[number];

/** Namespace of the NVIDIA daemons (privileged: they reach the host's devices and driver). */
export const GPU_NAMESPACE = "nvidia-gpu";

/**
 * Who installs the GPU stack. On OpenShift the NVIDIA GPU Operator is a certified OLM operator:
 * the cluster admin installs it (and the Node Feature Discovery operator) from OperatorHub and
 * creates its ClusterPolicy; its driver containers are built for RHCOS, and DCGM reports to the
 * cluster's monitoring. The program installs nothing there (docs/onprem.md lists the steps).
 */
export type GpuInstall = "helm" | "openshift-olm";

export function gpuInstallFor(distribution: Distribution): GpuInstall {
    return distribution === "openshift" ? "openshift-olm" : "helm";
}

/** The enabled pools that carry GPUs. */
export function gpuPools(pools: Readonly<Record<string, ResolvedPool>>): ResolvedPool[] {
    return Object.values(pools).filter((p) => p.enabled && p.gpu !== undefined);
}

/** Placement of the GPU daemons: every GPU pool at once (not one pool, as `Placement` in components/k8s). */
export interface GpuDaemonPlacement {
    /** Node affinity ORing the pools' labels: a node of any GPU pool, nothing else. */
    readonly affinity: k8s.types.input.core.v1.Affinity;
    /** Every taint of every GPU pool, tolerated. */
    readonly tolerations: Toleration[];
}

/** Scheduling of the GPU daemons across all GPU pools (a nodeSelector could not OR pools). */
export function gpuDaemonPlacement(pools: readonly ResolvedPool[]): GpuDaemonPlacement {
    if (pools.length === 0) {
        throw new Error("gpuDaemonPlacement needs at least one GPU pool");
    }
    const tolerations = new Map<string, Toleration>();
    for (const pool of pools) {
        for (const t of pool.taints) {
            tolerations.set(`${t.key}=${t.value}:${t.effect}`, tolerationFor(t));
        }
    }
    return { affinity: requiredNodeAffinity(pools.map((pool) => pool.nodeLabels)), tolerations: [...tolerations.values()] };
}

export interface GpuChart {
    /** Child name suffix. */
    readonly id: "device-plugin" | "dcgm-exporter" | "gpu-operator";
    readonly ref: (typeof CHARTS)[keyof typeof CHARTS];
    readonly values: Record<string, unknown>;
}

export interface DcgmTarget {
    /** Labels of the DCGM exporter's Service. */
    readonly selector: Record<string, string>;
    /** Name of its metrics port. */
    readonly port: string;
}

export interface GpuPlan {
    readonly charts: readonly GpuChart[];
    readonly dcgm: DcgmTarget;
}

export interface GpuPlanInput {
    readonly stack: GpuStack;
    readonly placement: GpuDaemonPlacement;
    /** On-prem distribution: RKE2 keeps containerd's files elsewhere. @default "vanilla" */
    readonly distribution?: Distribution;
    /** GPU Operator installs the driver; false when the nodes already have one. @default true */
    readonly installDriver?: boolean;
    /** Issue 19: the air-gapped mirror of the charts and every image they run. @default undefined (the sources) */
    readonly mirror?: Mirror;
}

/** The charts and values of a GPU stack, and where its DCGM exporter is scraped. */
export function gpuPlan(input: GpuPlanInput): GpuPlan {
    const { affinity, tolerations } = input.placement;
    if (input.stack === "gpu-operator") {
        const rke2 = input.distribution === "rke2";
        return {
            charts: [
                {
                    id: "gpu-operator",
                    ref: CHARTS.gpuOperator,
                    values: withChartImages(
                        "gpuOperator",
                        {
                            // Operand daemonsets land on GPU nodes only (NFD's nvidia PCI label) and tolerate our taints.
                            daemonsets: { tolerations },
                            driver: { enabled: input.installDriver ?? true },
                            toolkit: {
                                enabled: true,
                                ...(rke2
                                    ? {
                                          env: [
                                              { name: "CONTAINERD_CONFIG", value: "/var/lib/rancher/rke2/agent/etc/containerd/config.toml.tmpl" },
                                              { name: "CONTAINERD_SOCKET", value: "/run/k3s/containerd/containerd.sock" },
                                          ],
                                      }
                                    : {}),
                            },
                            devicePlugin: { enabled: true },
                            // Our ServiceMonitor (below) scrapes it; the operator's own would duplicate it.
                            dcgmExporter: { enabled: true, serviceMonitor: { enabled: false } },
                            nfd: { enabled: true },
                            "node-feature-discovery": { worker: { tolerations } },
                        },
                        input.mirror?.registry,
                    ),
                },
            ],
            dcgm: { selector: { app: "nvidia-dcgm-exporter" }, port: "gpu-metrics" },
        };
    }
    // EKS (AL2023 NVIDIA AMI) and AKS (managed driver): the driver is on the node already.
    return {
        charts: [
            { id: "device-plugin", ref: CHARTS.nvidiaDevicePlugin, values: { affinity, tolerations, gfd: { enabled: false } } },
            // The chart always maps GPUs to pods (DCGM_EXPORTER_KUBERNETES, kubelet pod-resources): the
            // pod, namespace and container labels that tell vLLM replicas apart need no value.
            { id: "dcgm-exporter", ref: CHARTS.dcgmExporter, values: { affinity, tolerations, serviceMonitor: { enabled: false } } },
        ],
        dcgm: { selector: { "app.kubernetes.io/name": "dcgm-exporter" }, port: "metrics" },
    };
}

export interface GpuSupportArgs {
    readonly stack: GpuStack;
    /** The enabled GPU pools (see `gpuPools`); must not be empty. */
    readonly pools: readonly ResolvedPool[];
    readonly kubernetesVersion: string;
    /** Namespace of the PodMonitors/ServiceMonitors (monitoring). */
    readonly monitoringNamespace: string;
    /** kube-prometheus-stack: the ServiceMonitor CRD comes with it. */
    readonly monitoringChart: pulumi.Resource;
    /** @default "vanilla" */
    readonly distribution?: Distribution;
    /** GPU Operator only. @default true */
    readonly installDriver?: boolean;
    /** Protect the namespace from deletion (it holds the GPU daemons). @default false */
    readonly protect?: boolean;
    /** Issue 19: the air-gapped mirror of the charts and every image they run. @default undefined (the sources) */
    readonly mirror?: Mirror;
}

export class GpuSupport extends pulumi.ComponentResource {
    public readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: GpuSupportArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:GpuSupport", name, {}, opts);
        if (gpuInstallFor(args.distribution ?? "vanilla") !== "helm") {
            throw new Error("GpuSupport: on OpenShift the cluster admin installs the NVIDIA GPU Operator through OLM; create no GpuSupport there");
        }
        const plan = gpuPlan({ stack: args.stack, placement: gpuDaemonPlacement(args.pools), distribution: args.distribution, installDriver: args.installDriver, mirror: args.mirror });

        const ns = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: GPU_NAMESPACE,
                    labels: { "app.kubernetes.io/part-of": "devana", ...podSecurityLabels("privileged", args.kubernetesVersion) },
                    annotations: { "devana.ai/pod-security-reason": "NVIDIA driver, toolkit, device plugin and DCGM use host devices and paths" },
                },
            },
            { parent: this, protect: args.protect ?? false },
        );

        for (const chart of plan.charts) {
            new k8s.helm.v4.Chart(`${name}-${chart.id}`, { ...chartSource(chart.ref, args.mirror?.chartRepository), namespace: ns.metadata.name, values: chart.values }, { parent: this });
        }

        new k8s.apiextensions.CustomResource(
            `${name}-dcgm-monitor`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: { name: "dcgm-exporter", namespace: args.monitoringNamespace, labels: { "app.kubernetes.io/part-of": "devana" } },
                spec: {
                    selector: { matchLabels: plan.dcgm.selector },
                    namespaceSelector: { matchNames: [GPU_NAMESPACE] },
                    // DCGM labels each GPU with the pod using it: keep those over the target's.
                    endpoints: [{ port: plan.dcgm.port, path: "/metrics", interval: "30s", honorLabels: true }],
                },
            },
            { parent: this, dependsOn: [args.monitoringChart] },
        );

        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}
