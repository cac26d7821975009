/**
 * A vLLM server (pinned `vllm/vllm-openai`) in `devana-ai`: the OpenAI-compatible API on 8000,
 * readiness on `/health`, Prometheus metrics on the same port. Used twice: the chat model
 * (tensor parallel across the catalogue's GPUs per replica, on `gpuLlm`) and the embedding model
 * (`--runner pooling`, one GPU, on `gpuEmbed`).
 *
 * A StatefulSet rather than a Deployment: each replica keeps its own model cache volume
 * (ReadWriteOnce volumes cannot follow replicas spread over nodes, and re-downloading 140 GB on
 * every restart is not an option); claims are retained when the set is deleted or scaled down.
 */
import { GPU_MEMORY_UTILIZATION } from "../../../config/models";
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES } from "../../../config/versions";
import { imageFrom, type Mirror } from "../../platform/image-mirror";
import { placementSpec, type Placement } from "../../k8s/placement";
import { METRICS_LABEL } from "../../platform/monitoring";
import { containerSecurityContext, gi, podSecurityContext, resourcesFor, serviceHost, volumeClaimSpec } from "../../k8s/pod-spec";
import { NAME_LABEL, workloadLabels } from "../../k8s/labels";
import type { Distribution } from "../../../config/defaults";
import type { ServingPlan } from "../../../config/sizing/ai";
import { PORTS } from "../../../config/ports";
import { proxyEnv, type ProxySettings } from "../proxy";

/**
 * [eng] vLLM runs as an unprivileged user (the image defaults to root); HOME and caches point at
 * writable volumes, so any UID works: OpenShift's SCC-assigned one as well (fsGroup on the cache).
 */
export const VLLM_UID = 1000;
export const MODEL_CACHE_PATH = "/models";
/** Optional Secret (key `token`) with a Hugging Face token for gated models such as Llama. */
export const HF_TOKEN_SECRET = "huggingface-token";

export type VllmRole = "chat" | "embeddings";

/**
 * Issue 19: the air-gapped mirror of the weights, one folder per Hugging Face repository
 * (`<org>/<name>/`, as `hf download <repo> --local-dir <org>/<name>` writes it).
 */
export type ModelSource =
    /** A claim in the AI namespace, pre-seeded and mounted read-only at MODEL_MIRROR_PATH. */
    | { readonly pvc: string }
    /** An S3 bucket copied into the model cache by an init container before vLLM starts. */
    | {
          readonly s3: {
              readonly endpoint: string;
              readonly bucket: string;
              readonly prefix?: string;
              readonly region: string;
              /** Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
              readonly credentialsSecret: string;
          };
      };
/** Where a pre-seeded model volume is mounted. */
export const MODEL_MIRROR_PATH = "/mirror";
/** Where the S3 mirror's copy lands, on the model cache volume. */
export const MODEL_COPY_PATH = `${MODEL_CACHE_PATH}/weights`;
/** Hugging Face libraries' switches that forbid any call to the Hub (vLLM honours both). */
export const OFFLINE_ENV = [
    { name: "HF_HUB_OFFLINE", value: "1" },
    { name: "TRANSFORMERS_OFFLINE", value: "1" },
] as const;

/** The local folder vLLM loads the model from, with a mirror of the weights. */
export function localModelPath(source: ModelSource, model: string): string {
    return "pvc" in source ? `${MODEL_MIRROR_PATH}/${model}` : `${MODEL_COPY_PATH}/${model}`;
}

/** A first start downloads and loads the checkpoint (~140 GB for a 70B model): the startup probe allows an hour. */
export const STARTUP_PROBE = { periodSeconds: 10, failureThreshold: 360 } as const;
export const STARTUP_ALLOWANCE_SECONDS = STARTUP_PROBE.periodSeconds * STARTUP_PROBE.failureThreshold;

/**
 * Pulumi's wait for the StatefulSet (issue 15): longer than the startup probe allows, plus time for
 * a GPU node to join, so `pulumi up` does not give up on a start that Kubernetes still allows.
 */
export function vllmCustomTimeouts(): { create: string; update: string } {
    const minutes = Math.ceil(STARTUP_ALLOWANCE_SECONDS / 60) + 30;
    return { create: `${minutes}m`, update: `${minutes}m` };
}

export interface VllmServerInput {
    /** Service and StatefulSet name (`vllm-chat`, `vllm-embeddings`). */
    readonly name: string;
    readonly role: VllmRole;
    /** Hugging Face repository vLLM loads; also the served model name clients send. */
    readonly model: string;
    /** Extra vLLM flags of the model (precision, remote code). */
    readonly modelArgs: readonly string[];
    readonly plan: ServingPlan;
    readonly placement: Placement;
    /** Secret (in the AI namespace) holding the API key under `apiKey`. */
    readonly apiKeySecret: string;
    /** StorageClass of the model cache (one claim per replica); an emptyDir when undefined. @default undefined */
    readonly cacheStorageClass?: string;
    /** R-K8S distribution: on OpenShift the SCC assigns the UID and fsGroup. @default "vanilla" */
    readonly distribution?: Distribution;
    /** Issue 19: the air-gapped registry mirror (`devana:airgap`) of the images. @default undefined (the source registries) */
    readonly mirror?: Mirror;
    /** Issue 19: the weights' mirror; vLLM then never calls Hugging Face. @default undefined (downloads from Hugging Face) */
    readonly modelSource?: ModelSource;
    /** Issue 18: the customer's proxy for the Hugging Face download (unused with a modelSource). @default undefined (direct) */
    readonly proxy?: ProxySettings;
    /**
     * Issue 18: the trust-bundle ConfigMap (`devana:tls.extraTrustedCAs`) of the AI namespace. Python
     * (requests, httpx) and Go (rclone) replace the system roots with the file they are given, so an
     * init step concatenates the image's system roots and these CAs into one file.
     * @default undefined (the image's system roots only)
     */
    readonly caBundle?: { readonly configMap: string; readonly key: string };
}

/** Where the combined bundle (system roots + the customer's CAs) is written and read. */
export const COMBINED_CA_DIR = "/etc/devana/trust";
export const COMBINED_CA_FILE = `${COMBINED_CA_DIR}/ca-bundle.crt`;
/** The Debian/Ubuntu system bundle of the vLLM image. */
export const SYSTEM_CA_FILE = "/etc/ssl/certs/ca-certificates.crt";
const CUSTOMER_CA_DIR = "/etc/devana/ca";

/** Environment pointing Python's and Go's TLS clients at the combined bundle. */
export const COMBINED_CA_ENV = [
    { name: "SSL_CERT_FILE", value: COMBINED_CA_FILE },
    { name: "REQUESTS_CA_BUNDLE", value: COMBINED_CA_FILE },
] as const;

/**
 * The init container writing the combined bundle. It runs the vLLM image itself: already on the
 * node, and its system roots are the ones vLLM would otherwise use.
 */
export function caBundleContainer(caBundle: NonNullable<VllmServerInput["caBundle"]>, image: string): k8s.types.input.core.v1.Container {
    return {
        name: "ca-bundle",
        image,
        imagePullPolicy: "IfNotPresent",
        command: ["/bin/sh", "-c", `set -eu; cat ${SYSTEM_CA_FILE} ${CUSTOMER_CA_DIR}/${caBundle.key} > ${COMBINED_CA_FILE}`],
        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
        securityContext: containerSecurityContext(true),
        volumeMounts: [
            { name: "customer-ca", mountPath: CUSTOMER_CA_DIR, readOnly: true },
            { name: "trust", mountPath: COMBINED_CA_DIR },
        ],
    };
}

/** vLLM's command line: the model, the port, tensor parallelism, the role's flags. */
export function vllmArgs(input: Pick<VllmServerInput, "role" | "model" | "modelArgs" | "plan" | "modelSource">): string[] {
    // From a mirror vLLM loads a local folder and keeps serving the repository's name to clients.
    const model = input.modelSource ? [localModelPath(input.modelSource, input.model), "--served-model-name", input.model] : [input.model];
    const args = [...model, "--host", "0.0.0.0", "--port", String(PORTS.vllm), "--tensor-parallel-size", String(input.plan.gpusPerReplica)];
    if (input.role === "embeddings") {
        // versions.md: `--task embed` is gone; pooling models run with `--runner pooling`.
        args.push("--runner", "pooling");
    }
    // The capacity check of config/models.ts counts on this share; it stays below the R-MON alert.
    args.push("--gpu-memory-utilization", String(GPU_MEMORY_UTILIZATION));
    return [...args, ...input.modelArgs];
}

export function vllmSelector(name: string): Record<string, string> {
    return { [NAME_LABEL]: name };
}

/** The init container that copies the model's folder from the S3 mirror into the cache (idempotent: rclone skips files already there). */
export function modelCopyContainer(source: Extract<ModelSource, { s3: unknown }>["s3"], model: string, image: string): k8s.types.input.core.v1.Container {
    const from = [source.bucket, ...(source.prefix ? [source.prefix] : []), model].join("/");
    return {
        name: "model-copy",
        image,
        imagePullPolicy: "IfNotPresent",
        command: ["rclone", "copy", `mirror:${from}`, `${MODEL_COPY_PATH}/${model}`, "--transfers", "8", "--checksum"],
        env: [
            // rclone wants a config file path; an absent file under the writable /tmp is fine.
            { name: "RCLONE_CONFIG", value: "/tmp/rclone.conf" },
            { name: "RCLONE_CONFIG_MIRROR_TYPE", value: "s3" },
            { name: "RCLONE_CONFIG_MIRROR_PROVIDER", value: "Other" },
            { name: "RCLONE_CONFIG_MIRROR_ENDPOINT", value: source.endpoint },
            { name: "RCLONE_CONFIG_MIRROR_REGION", value: source.region },
            { name: "RCLONE_CONFIG_MIRROR_FORCE_PATH_STYLE", value: "true" },
            { name: "RCLONE_CONFIG_MIRROR_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: source.credentialsSecret, key: "AWS_ACCESS_KEY_ID" } } },
            { name: "RCLONE_CONFIG_MIRROR_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: source.credentialsSecret, key: "AWS_SECRET_ACCESS_KEY" } } },
        ],
        resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "2Gi" } },
        securityContext: containerSecurityContext(true),
        volumeMounts: [
            { name: "model-cache", mountPath: MODEL_CACHE_PATH },
            { name: "tmp", mountPath: "/tmp" },
        ],
    };
}

export function vllmStatefulSetSpec(input: VllmServerInput): k8s.types.input.apps.v1.StatefulSetSpec {
    const selector = vllmSelector(input.name);
    const labels = workloadLabels(input.name, input.role === "chat" ? "llm" : "embeddings", { [METRICS_LABEL]: "vllm" });
    const health = { httpGet: { path: "/health", port: "http" } };
    const cacheVolume: k8s.types.input.core.v1.Volume[] = input.cacheStorageClass ? [] : [{ name: "model-cache", emptyDir: { sizeLimit: gi(input.plan.cacheGi) } }];
    const vllmImage = imageFrom(IMAGES.vllm, input.mirror?.registry);
    const trust = input.caBundle;
    const trustMount = trust ? [{ name: "trust", mountPath: COMBINED_CA_DIR, readOnly: true }] : [];
    const modelCopy = input.modelSource && "s3" in input.modelSource ? modelCopyContainer(input.modelSource.s3, input.model, imageFrom(IMAGES.rclone, input.mirror?.registry)) : undefined;
    // The bundle first: the model copy from an HTTPS mirror signed by the customer needs it too.
    const initContainers = [
        ...(trust ? [caBundleContainer(trust, vllmImage)] : []),
        ...(modelCopy
            ? [trust ? { ...modelCopy, env: [...(modelCopy.env as k8s.types.input.core.v1.EnvVar[]), ...COMBINED_CA_ENV], volumeMounts: [...(modelCopy.volumeMounts as k8s.types.input.core.v1.VolumeMount[]), ...trustMount] } : modelCopy]
            : []),
    ];
    return {
        serviceName: input.name,
        replicas: input.plan.replicas,
        podManagementPolicy: "Parallel",
        selector: { matchLabels: selector },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
        updateStrategy: { type: "RollingUpdate" },
        template: {
            metadata: { labels },
            spec: {
                automountServiceAccountToken: false,
                securityContext: podSecurityContext(VLLM_UID, input.distribution),
                ...placementSpec(input.placement),
                // GPU nodes are few and large: spread when possible, never block on it.
                topologySpreadConstraints: [
                    { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } },
                    { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } },
                ],
                terminationGracePeriodSeconds: 60,
                ...(initContainers.length > 0 ? { initContainers } : {}),
                containers: [
                    {
                        name: "vllm",
                        image: vllmImage,
                        imagePullPolicy: "IfNotPresent",
                        command: ["vllm", "serve"],
                        args: vllmArgs(input),
                        ports: [{ name: "http", containerPort: PORTS.vllm, protocol: "TCP" }],
                        env: [
                            { name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { name: input.apiKeySecret, key: "apiKey" } } },
                            // Air-gapped: no token, and the Hub libraries refuse any network call.
                            ...(input.modelSource ? OFFLINE_ENV : [{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: HF_TOKEN_SECRET, key: "token", optional: true } } }]),
                            { name: "HF_HOME", value: `${MODEL_CACHE_PATH}/huggingface` },
                            { name: "HOME", value: "/tmp/home" },
                            { name: "XDG_CACHE_HOME", value: "/tmp/cache" },
                            { name: "VLLM_NO_USAGE_STATS", value: "1" },
                            { name: "DO_NOT_TRACK", value: "1" },
                            // Hugging Face downloads through the customer's proxy; offline installs call nothing.
                            ...(input.proxy && !input.modelSource ? proxyEnv(input.proxy) : []),
                            ...(trust ? COMBINED_CA_ENV : []),
                        ],
                        resources: resourcesFor({ cpu: input.plan.cpu, memoryGi: input.plan.memoryGi, gpu: input.plan.gpusPerReplica }),
                        // Python writes bytecode and compile caches next to the packages.
                        securityContext: containerSecurityContext(false),
                        volumeMounts: [
                            { name: "model-cache", mountPath: MODEL_CACHE_PATH },
                            { name: "dshm", mountPath: "/dev/shm" },
                            { name: "tmp", mountPath: "/tmp" },
                            ...(input.modelSource && "pvc" in input.modelSource ? [{ name: "model-mirror", mountPath: MODEL_MIRROR_PATH, readOnly: true }] : []),
                            ...trustMount,
                        ],
                        // A first start downloads the checkpoint: allow an hour before liveness applies.
                        startupProbe: { ...health, periodSeconds: STARTUP_PROBE.periodSeconds, timeoutSeconds: 5, failureThreshold: STARTUP_PROBE.failureThreshold },
                        livenessProbe: { ...health, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
                        readinessProbe: { ...health, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                    },
                ],
                volumes: [
                    ...cacheVolume,
                    // Tensor-parallel workers exchange tensors through shared memory (NCCL).
                    { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: gi(input.plan.shmGi) } },
                    { name: "tmp", emptyDir: {} },
                    ...(input.modelSource && "pvc" in input.modelSource ? [{ name: "model-mirror", persistentVolumeClaim: { claimName: input.modelSource.pvc, readOnly: true } }] : []),
                    ...(trust
                        ? [
                              { name: "customer-ca", configMap: { name: trust.configMap, items: [{ key: trust.key, path: trust.key }] } },
                              { name: "trust", emptyDir: { sizeLimit: "16Mi" } },
                          ]
                        : []),
                ],
            },
        },
        volumeClaimTemplates: input.cacheStorageClass
            ? [
                  {
                      metadata: { name: "model-cache", labels: { [NAME_LABEL]: input.name } },
                      spec: volumeClaimSpec(input.cacheStorageClass, input.plan.cacheGi),
                  },
              ]
            : [],
    };
}

export interface VllmServerArgs extends VllmServerInput {
    /** The AI namespace (`devana-ai`). */
    readonly namespace: string;
    /** The vLLM API key (generated); a Pulumi secret. */
    readonly apiKey: pulumi.Input<string>;
    /** Protect the StatefulSet (and so its retained cache claims) from deletion. @default false */
    readonly protect?: boolean;
    /** @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
}

export class VllmServer extends pulumi.ComponentResource {
    /** OpenAI-compatible base URL (ending in `/v1`). */
    public readonly url: string;
    public readonly serviceName: string;

    constructor(name: string, args: VllmServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:ai:VllmServer", name, {}, opts);
        const labels = workloadLabels(args.name, args.role === "chat" ? "llm" : "embeddings");
        const secret = new k8s.core.v1.Secret(`${name}-api-key`, { metadata: { name: args.apiKeySecret, namespace: args.namespace, labels }, type: "Opaque", stringData: { apiKey: pulumi.secret(args.apiKey) } }, { parent: this });
        const service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: { name: args.name, namespace: args.namespace, labels },
                spec: { type: "ClusterIP", selector: vllmSelector(args.name), ports: [{ name: "http", port: PORTS.vllm, targetPort: "http", protocol: "TCP" }] },
            },
            { parent: this },
        );
        new k8s.apps.v1.StatefulSet(
            `${name}-statefulset`,
            { metadata: { name: args.name, namespace: args.namespace, labels }, spec: vllmStatefulSetSpec(args) },
            { parent: this, dependsOn: [secret, service, ...(args.dependsOn ?? [])], protect: args.protect ?? false, customTimeouts: vllmCustomTimeouts() },
        );
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, { metadata: { name: args.name, namespace: args.namespace, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: vllmSelector(args.name) } } }, { parent: this });
        this.serviceName = args.name;
        this.url = `http://${serviceHost(args.name, args.namespace)}:${PORTS.vllm}/v1`;
        this.registerOutputs({ url: this.url, serviceName: this.serviceName });
    }
}
