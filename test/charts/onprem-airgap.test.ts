/**
 * Issue 19: the air-gapped on-prem stack rendered. Besides the checks of every stack, every image
 * reference of every rendered object (the plan's and each chart's: containers, init containers,
 * Prometheus/Alertmanager images, CNPG imageName, ClusterPolicy operands, image flags and variables)
 * is on the mirror, and the bundle lists each source once. What this does not prove: that the mirror
 * holds the images or that the GPU Operator's driver tag matches the nodes' OS.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runAirgapCli, type AirgapCliRun } from "../../scripts/lib/airgap-cli";
import { ONPREM_EXPECTATIONS } from "./onprem-expectations";
import { chartChecks } from "./stack-checks";

const MIRROR = "registry.example.internal/devana";

chartChecks("onprem-airgap", ONPREM_EXPECTATIONS);

describe("onprem-airgap: the air-gap bundle", () => {
    let run: AirgapCliRun;
    beforeAll(async () => {
        run = await runAirgapCli(["--stack", "onprem-airgap", "--json"]);
    });

    it("renders every image reference on the mirror, each explained by one source, none unpinned or colliding", () => {
        expect(run.stderr).toBe("");
        expect(run.manifest!.problems).toEqual({ unpinned: [], outsideMirror: [], collisions: [], unexplained: [] });
        expect(run.code).toBe(0);
        for (const image of run.manifest!.images) {
            expect(image.mirror!.startsWith(`${MIRROR}/`)).toBe(true);
        }
    });

    it("lists each source image once, with its mirror reference", () => {
        const images = run.manifest!.images;
        expect(new Set(images.map((i) => i.source)).size).toBe(images.length);
        expect(new Set(images.map((i) => i.mirror)).size).toBe(images.length);
        const pairs = Object.fromEntries(images.map((i) => [i.source, i.mirror]));
        expect(pairs).toMatchObject({
            "quay.io/prometheus/prometheus:v3.14.0-distroless": `${MIRROR}/prometheus/prometheus:v3.14.0-distroless`,
            "quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1": `${MIRROR}/prometheus-operator/prometheus-config-reloader:v0.93.1`,
            "quay.io/jetstack/cert-manager-acmesolver:v1.21.1": `${MIRROR}/jetstack/cert-manager-acmesolver:v1.21.1`,
            "ghcr.io/cloudnative-pg/plugin-barman-cloud-sidecar:v0.13.0": `${MIRROR}/cloudnative-pg/plugin-barman-cloud-sidecar:v0.13.0`,
            "ghcr.io/cloudnative-pg/postgresql:17.11": `${MIRROR}/cloudnative-pg/postgresql:17.11`,
            "nvcr.io/nvidia/k8s/container-toolkit:v1.20.0": `${MIRROR}/nvidia/k8s/container-toolkit:v1.20.0`,
            "registry.k8s.io/nfd/node-feature-discovery:v0.19.0": `${MIRROR}/nfd/node-feature-discovery:v0.19.0`,
            "quay.io/kiwigrid/k8s-sidecar:2.10.1": `${MIRROR}/kiwigrid/k8s-sidecar:2.10.1`,
            "redis:7.4.11": `${MIRROR}/redis:7.4.11`,
            "registry.devana.ai/devana/back:2.8.0": `${MIRROR}/devana/back:2.8.0`,
            "vllm/vllm-openai:v0.28.0": `${MIRROR}/vllm/vllm-openai:v0.28.0`,
            "rclone/rclone:1.75.1": `${MIRROR}/rclone/rclone:1.75.1`,
        });
        expect(images.some((i) => i.source.startsWith("docker.io/kiwigrid/"))).toBe(false);
        expect(run.manifest!.totals.images).toBe(images.length);
    });

    it("lists the chart archives with their digests, from the mirror's OCI path, and the models", () => {
        const charts = run.manifest!.charts;
        expect(charts.map((c) => `${c.name}@${c.version}`).sort()).toEqual([
            "alloy@1.11.1",
            "cert-manager@v1.21.1",
            "cloudnative-pg@0.29.0",
            "gpu-operator@v26.7.0",
            "kube-prometheus-stack@88.5.0",
            "loki@18.11.0",
            "opentelemetry-collector@0.170.0",
            "plugin-barman-cloud@0.7.0",
            "seaweedfs@4.44.0",
            "tempo@2.2.4",
            "traefik@41.3.0",
        ]);
        for (const chart of charts) {
            expect(chart.repository).toBe("oci://registry.example.internal/devana/charts");
            expect(chart.sha256).toMatch(/^[a-f0-9]{64}$/);
        }
        expect(run.manifest!.models).toEqual([
            { role: "chat", repository: "meta-llama/Llama-3.3-70B-Instruct", revision: "main", sizeGb: 140 },
            { role: "embeddings", repository: "intfloat/e5-mistral-7b-instruct", revision: "main", sizeGb: 15 },
        ]);
        expect(run.manifest!.totals.modelGb).toBe(155);
    });
});
