/**
 * GPU support (pure): the GPU pools, the per-target GPU stack, the GPU daemons' placement, the
 * GPU Operator's values. Does not
 * prove the device plugin or the GPU Operator starts (no cluster here).
 */
import { describe, expect, it } from "vitest";
import { gpuDaemonPlacement, gpuPlan, gpuPools } from "../../../components/platform/gpu";
import { gpuStackFor } from "../../../stacks/platform";
import { pool } from "../../support/platform-pools";

const gpuTaint = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" } as const;

describe("GPU support", () => {
    const llm = pool("gpuLlm", { nodeLabels: { "node.example/pool": "gpu-llm" }, taints: [gpuTaint], gpu: { kind: "H100", count: 2 } });
    const embed = pool("gpuEmbed", { taints: [gpuTaint], gpu: { kind: "L4", count: 1 } });

    it("selects only enabled pools with GPUs", () => {
        expect(gpuPools({ compute: pool("compute"), gpuLlm: llm, gpuEmbed: { ...embed, enabled: false }, data: pool("data") }).map((p) => p.name)).toEqual(["gpuLlm"]);
    });

    it("runs on any GPU pool (ORed node terms) and tolerates each distinct taint once", () => {
        const placement = gpuDaemonPlacement([llm, embed]);
        expect(placement.affinity.nodeAffinity).toEqual({
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: "node.example/pool", operator: "In", values: ["gpu-llm"] }] }, { matchExpressions: [{ key: "devana.ai/pool", operator: "In", values: ["gpuEmbed"] }] }],
            },
        });
        expect(placement.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    });

    it.each([
        ["eks-device-plugin", ["device-plugin", "dcgm-exporter"]],
        ["aks-managed", ["device-plugin", "dcgm-exporter"]],
        ["gpu-operator", ["gpu-operator"]],
    ] as const)("%s installs %j, every daemon tolerating the GPU taint", (stack, ids) => {
        const placement = gpuDaemonPlacement([llm]);
        const plan = gpuPlan({ stack, placement });
        expect(plan.charts.map((c) => c.id)).toEqual(ids);
        for (const chart of plan.charts) {
            const tolerations = (chart.values.tolerations ?? (chart.values.daemonsets as { tolerations: unknown }).tolerations) as unknown[];
            expect(tolerations).toEqual(placement.tolerations);
        }
    });

    it("GPU Operator: driver switch, RKE2 containerd paths, DCGM scraped by our ServiceMonitor only", () => {
        const plan = gpuPlan({ stack: "gpu-operator", placement: gpuDaemonPlacement([llm]), distribution: "rke2", installDriver: false });
        const values = plan.charts[0]!.values as Record<string, any>;
        expect(values.driver).toEqual({ enabled: false });
        expect(values.toolkit.env.map((e: { name: string }) => e.name)).toEqual(["CONTAINERD_CONFIG", "CONTAINERD_SOCKET"]);
        expect(values.dcgmExporter.serviceMonitor).toEqual({ enabled: false });
        expect(plan.dcgm).toEqual({ selector: { app: "nvidia-dcgm-exporter" }, port: "gpu-metrics" });
    });
});

describe("per-target inputs", () => {
    it("picks each target's GPU stack (design.md: EKS device plugin, AKS managed driver, on-prem GPU Operator)", () => {
        expect([gpuStackFor("aws"), gpuStackFor("azure"), gpuStackFor("onprem")]).toEqual(["eks-device-plugin", "aks-managed", "gpu-operator"]);
    });
});
