/**
 * Issue 19: the mirror mapping, the image finder of the bundle, and the offline model loader.
 * What this does not prove: that the charts read the image values (the rendered-chart
 * suite renders them) or that the mirror holds the images.
 */
import { describe, expect, it } from "vitest";
import { canonicalImage, chartImageValues, mirrorCollisions, mirrorImage, parseImage, unpinnedReason } from "../../../components/platform/image-mirror";
import { chartSource } from "../../../components/k8s/helm";
import { CHARTS } from "../../../config/versions";
import { imageEntries, imageProblems, imagesOf } from "../../../scripts/lib/airgap";
import { vllmStatefulSetSpec, type VllmServerInput } from "../../../components/devana/ai/vllm";

const M = "registry.example.internal/devana";

describe("the mirror mapping", () => {
    it("drops the source host and keeps path, tag and digest", () => {
        expect(mirrorImage("quay.io/prometheus/prometheus:v3.14.0", M)).toBe(`${M}/prometheus/prometheus:v3.14.0`);
        expect(mirrorImage("redis:7.4.11", M)).toBe(`${M}/redis:7.4.11`);
        expect(mirrorImage("localhost:5000/a/b@sha256:" + "a".repeat(64), M)).toBe(`${M}/a/b@sha256:${"a".repeat(64)}`);
        expect(mirrorImage("quay.io/x/reloader:v0.91.0@sha256:" + "b".repeat(64), M)).toBe(`${M}/x/reloader:v0.91.0@sha256:${"b".repeat(64)}`);
        expect(parseImage("registry.k8s.io/nfd/node-feature-discovery:v0.19.0")).toEqual({ host: "registry.k8s.io", path: "nfd/node-feature-discovery", tag: "v0.19.0" });
        expect(canonicalImage("redis:7.4.11")).toBe("docker.io/library/redis:7.4.11");
    });

    it("reports two sources on one mirror path, and not one source named twice", () => {
        expect(mirrorCollisions(["docker.io/kiwigrid/k8s-sidecar:2.10.1", "quay.io/kiwigrid/k8s-sidecar:2.10.1"], M)).toEqual([
            { mirror: `${M}/kiwigrid/k8s-sidecar:2.10.1`, sources: ["docker.io/kiwigrid/k8s-sidecar:2.10.1", "quay.io/kiwigrid/k8s-sidecar:2.10.1"] },
        ]);
        expect(mirrorCollisions(["chrislusf/seaweedfs:4.44", "docker.io/chrislusf/seaweedfs:4.44"], M)).toEqual([]);
    });

    it("finds unpinned references", () => {
        expect(["busybox", "busybox:latest", "busybox:1.38.0", `busybox@sha256:${"c".repeat(64)}`].map(unpinnedReason)).toEqual(["no tag or digest", "the `latest` tag", undefined, undefined]);
    });

    it("pulls charts from the mirror's OCI path or a local folder", () => {
        expect(chartSource(CHARTS.traefik, "oci://registry.example.internal/devana/charts")).toEqual({ chart: "oci://registry.example.internal/devana/charts/traefik", version: "41.3.0" });
        expect(chartSource(CHARTS.certManager, "/opt/devana/charts/")).toEqual({ chart: "/opt/devana/charts/cert-manager-v1.21.1.tgz", version: "v1.21.1" });
        expect(chartImageValues("loki", undefined)).toEqual({ sidecar: { image: { registry: "quay.io" } } });
        expect(chartImageValues("loki", M)).toEqual({ sidecar: { image: { registry: "quay.io" } }, global: { imageRegistry: M } });
        expect(() => chartImageValues("awsLoadBalancerController", M)).toThrow("chart aws-load-balancer-controller has no mirror values");
    });
});

describe("the images of rendered objects", () => {
    const deployment = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "op", namespace: "monitoring" },
        spec: {
            template: {
                spec: {
                    initContainers: [{ name: "init", image: "docker.io/library/busybox:1.38.0" }],
                    containers: [
                        {
                            name: "op",
                            image: "quay.io/prometheus-operator/prometheus-operator:v0.93.1",
                            args: ["--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1", "--log-level=info"],
                            env: [{ name: "SIDECAR_IMAGE", value: "ghcr.io/cloudnative-pg/plugin-barman-cloud-sidecar:v0.13.0" }],
                        },
                    ],
                },
            },
        },
    };
    const policy = {
        apiVersion: "nvidia.com/v1",
        kind: "ClusterPolicy",
        metadata: { name: "cluster-policy" },
        spec: {
            sandboxWorkloads: { enabled: false },
            driver: { enabled: true, repository: "nvcr.io/nvidia", image: "driver", version: "595.91.07" },
            dcgm: { enabled: false, repository: "nvcr.io/nvidia/cloud-native", image: "dcgm", version: "4.6.0" },
            vfioManager: { enabled: true, repository: "nvcr.io/nvidia/cloud-native", image: "k8s-driver-manager", version: "v0.12.0" },
        },
    };
    const cluster = { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "pg", namespace: "s" }, spec: { imageName: "ghcr.io/cloudnative-pg/postgresql:17.11" } };

    it("reads containers, init containers, image flags, image variables, CNPG imageName and the enabled ClusterPolicy operands", () => {
        const uses = [...imagesOf(deployment, "kps"), ...imagesOf(policy, "gpu"), ...imagesOf(cluster, "plan")];
        expect(uses.map((u) => [u.image, u.where])).toEqual([
            ["docker.io/library/busybox:1.38.0", "kps:Deployment/monitoring/op .spec.template.spec.initContainers[init].image"],
            ["quay.io/prometheus-operator/prometheus-operator:v0.93.1", "kps:Deployment/monitoring/op .spec.template.spec.containers[op].image"],
            ["quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1", "kps:Deployment/monitoring/op .spec.template.spec.containers[op].args[0] --prometheus-config-reloader"],
            ["ghcr.io/cloudnative-pg/plugin-barman-cloud-sidecar:v0.13.0", "kps:Deployment/monitoring/op .spec.template.spec.containers[op].env[SIDECAR_IMAGE]"],
            ["nvcr.io/nvidia/driver:595.91.07", "gpu:ClusterPolicy/cluster-policy .spec.driver"],
            ["ghcr.io/cloudnative-pg/postgresql:17.11", "plan:Cluster/s/pg .spec.imageName"],
        ]);
        expect(uses[4].note).toMatch(/appends the nodes' OS/);
    });

    it("lists each source once with its mirror reference, and flags what is off the mirror", () => {
        const uses = [...imagesOf(deployment, "a"), ...imagesOf(deployment, "b")];
        const entries = imageEntries(uses, M);
        expect(entries.map((e) => [e.source, e.mirror, e.usedBy.length])).toEqual([
            ["docker.io/library/busybox:1.38.0", `${M}/library/busybox:1.38.0`, 2],
            ["ghcr.io/cloudnative-pg/plugin-barman-cloud-sidecar:v0.13.0", `${M}/cloudnative-pg/plugin-barman-cloud-sidecar:v0.13.0`, 2],
            ["quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1", `${M}/prometheus-operator/prometheus-config-reloader:v0.93.1`, 2],
            ["quay.io/prometheus-operator/prometheus-operator:v0.93.1", `${M}/prometheus-operator/prometheus-operator:v0.93.1`, 2],
        ]);
        const mirrored = [
            { image: `${M}/library/busybox:1.38.0`, where: "x" },
            { image: "docker.io/library/busybox:1.38.0", where: "y" },
            { image: `${M}/other:1`, where: "z" },
        ];
        const problems = imageProblems([...uses, { image: "busybox:latest", where: "w" }], M, mirrored);
        expect(problems.outsideMirror).toEqual([{ image: "docker.io/library/busybox:1.38.0", where: "y" }]);
        expect(problems.unexplained).toEqual([{ image: `${M}/other:1`, where: "z" }]);
        expect(problems.unpinned).toEqual([{ image: "busybox:latest", reason: "the `latest` tag" }]);
    });
});

describe("the model loader with a mirror of the weights", () => {
    const base: VllmServerInput = {
        name: "vllm-chat",
        role: "chat",
        model: "meta-llama/Llama-3.3-70B-Instruct",
        modelArgs: [],
        plan: { replicas: 1, maxReplicas: 1, gpusPerReplica: 2, cpu: 16, memoryGi: 104, cacheGi: 180, shmGi: 16 },
        placement: { nodeSelector: {}, tolerations: [] },
        apiKeySecret: "k",
        cacheStorageClass: "standard",
    };
    const podOf = (input: VllmServerInput) =>
        (vllmStatefulSetSpec(input).template as unknown as { spec: Record<string, unknown> }).spec as unknown as {
            containers: { image: string; args: string[]; env: { name: string; value?: string }[] }[];
            initContainers?: { image: string; command: string[]; env: { name: string; value?: string }[] }[];
            volumes: { name: string; persistentVolumeClaim?: { claimName: string; readOnly: boolean } }[];
        };

    it("loads a pre-seeded volume offline: local path, served under the repository's name, no token", () => {
        const pod = podOf({ ...base, mirror: { registry: M }, modelSource: { pvc: "model-mirror" } });
        const vllm = pod.containers[0];
        expect(vllm.image).toBe(`${M}/vllm/vllm-openai:v0.28.0`);
        expect(vllm.args.slice(0, 3)).toEqual(["/mirror/meta-llama/Llama-3.3-70B-Instruct", "--served-model-name", "meta-llama/Llama-3.3-70B-Instruct"]);
        expect(vllm.env.filter((e) => /^(HF_|TRANSFORMERS_)/.test(e.name)).map((e) => [e.name, e.value])).toEqual([
            ["HF_HUB_OFFLINE", "1"],
            ["TRANSFORMERS_OFFLINE", "1"],
            ["HF_HOME", "/models/huggingface"],
        ]);
        expect(pod.initContainers).toBeUndefined();
        expect(pod.volumes.find((v) => v.name === "model-mirror")?.persistentVolumeClaim).toEqual({ claimName: "model-mirror", readOnly: true });
    });

    it("copies from the S3 mirror only (never Hugging Face) before starting offline", () => {
        const pod = podOf({ ...base, mirror: { registry: M }, modelSource: { s3: { endpoint: "https://s3.example.internal", bucket: "models", prefix: "hf", region: "us-east-1", credentialsSecret: "s3" } } });
        const copy = pod.initContainers![0];
        expect(copy.image).toBe(`${M}/rclone/rclone:1.75.1`);
        expect(copy.command).toEqual(["rclone", "copy", "mirror:models/hf/meta-llama/Llama-3.3-70B-Instruct", "/models/weights/meta-llama/Llama-3.3-70B-Instruct", "--transfers", "8", "--checksum"]);
        expect(copy.env.find((e) => e.name === "RCLONE_CONFIG_MIRROR_ENDPOINT")?.value).toBe("https://s3.example.internal");
        expect(pod.containers[0].args[0]).toBe("/models/weights/meta-llama/Llama-3.3-70B-Instruct");
        expect(JSON.stringify(pod)).not.toMatch(/huggingface\.co|HF_TOKEN/);
        // Without a mirror the loader still downloads from Hugging Face with the optional token.
        expect(podOf(base).containers[0].env.map((e) => e.name)).toContain("HF_TOKEN");
    });
});
