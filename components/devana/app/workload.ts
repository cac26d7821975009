/**
 * The Kubernetes shape every Devana application workload shares, as pure builders (Deployment,
 * Service, PodDisruptionBudget, HorizontalPodAutoscaler specs) plus one helper that creates the
 * objects under a component. The API, Frontend and Odin components only say what differs.
 */
import * as k8s from "../../k8s/sdk";
import type * as pulumi from "@pulumi/pulumi";
import { type Placement, placementSpec, topologySpread } from "../../k8s/placement";
import { envVars, type WorkloadWiring } from "./env";
import { arbitraryUidEnv, containerSecurityContext, gi, podSecurityContext, resourcesFor } from "../../k8s/pod-spec";
import { NAME_LABEL, ROLE_LABEL, workloadLabels } from "../../k8s/labels";
import type { Distribution } from "../../../config/defaults";
import { PDB_MAX_UNAVAILABLE, type HpaBounds, type WorkloadPlan } from "../../../config/sizing/app";

/** The internal CA bundle mounted for NODE_EXTRA_CA_CERTS (internal-ca mode). */
export interface CaBundleMount {
    readonly configMap: string;
    readonly key: string;
    /** Full path of the file; its directory is the mount point. */
    readonly path: string;
}

/**
 * What every Devana application workload (API, Frontend, Odin) is given: `ApiArgs`, `FrontendArgs`
 * and `OdinArgs` extend it with their own fields only.
 */
export interface WorkloadArgs {
    /** Application namespace (`devana-<environment>`). */
    readonly namespace: string;
    /** Full image reference (`<registry>/devana/<back|front|odin>:<tag>`). */
    readonly image: string;
    /** Name of the registry pull Secret in the namespace. */
    readonly imagePullSecret: string;
    /** Pods, CPU, memory and GPUs of the serving pods (the workload's R-SIZE row). */
    readonly plan: WorkloadPlan;
    /** The compute pool, or a GPU pool when the tier gives the workload a GPU. */
    readonly placement: Placement;
    /** Environment of the serving pods (env.ts). */
    readonly wiring: WorkloadWiring;
    /** Internal CA bundle (internal-ca mode). @default undefined */
    readonly caBundle?: CaBundleMount;
    /** The image runs with a read-only root filesystem (writes go to /tmp). @default true */
    readonly readOnlyRootFilesystem?: boolean;
    /** Resources the pods need first (environment and pull Secrets). @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /** R-K8S distribution (OpenShift assigns the pods' UID). @default "vanilla" */
    readonly distribution?: Distribution;
}

export interface PodTemplateInput {
    /** Workload name: `app.kubernetes.io/name`, Deployment, Service and ServiceAccount name. */
    readonly name: string;
    /** Pods of one workload with different roles (the API server and the API cron instance). */
    readonly role: string;
    readonly component: string;
    readonly image: string;
    readonly imagePullSecret: string;
    readonly serviceAccountName: string;
    /** Non-root user of the image (not pinned on OpenShift, whose SCC assigns one). */
    readonly uid: number;
    /** R-K8S distribution: OpenShift assigns the UID and gets HOME on the writable /tmp. @default "vanilla" */
    readonly distribution?: Distribution;
    /** The image runs with a read-only root filesystem (writes go to /tmp). */
    readonly readOnlyRootFilesystem: boolean;
    readonly ports: readonly { readonly name: string; readonly containerPort: number }[];
    readonly env: readonly k8s.types.input.core.v1.EnvVar[];
    readonly plan: WorkloadPlan;
    readonly placement: Placement;
    readonly probes: Pick<k8s.types.input.core.v1.Container, "startupProbe" | "livenessProbe" | "readinessProbe">;
    readonly caBundle?: CaBundleMount;
    /** Sidecars (Odin's Gotenberg). @default [] */
    readonly sidecars?: readonly k8s.types.input.core.v1.Container[];
    /** Extra volumes the sidecars mount. @default [] */
    readonly extraVolumes?: readonly k8s.types.input.core.v1.Volume[];
    /** Seconds for in-flight requests and jobs to finish. @default 30 */
    readonly terminationGracePeriodSeconds?: number;
    /** Extra pod labels (Entra workload identity's `azure.workload.identity/use`). @default {} */
    readonly podLabels?: Readonly<Record<string, string>>;
}

/** The pod template fields a workload takes from its args as they are: image, pull Secret, placement, CA bundle, distribution, and the serving pods' environment and plan. */
export function podInputFrom(args: WorkloadArgs): Pick<PodTemplateInput, "image" | "imagePullSecret" | "env" | "plan" | "placement" | "caBundle" | "distribution"> {
    return {
        image: args.image,
        imagePullSecret: args.imagePullSecret,
        env: envVars(args.wiring),
        plan: args.plan,
        placement: args.placement,
        caBundle: args.caBundle,
        distribution: args.distribution,
    };
}

/** Selector of one role of a workload (Services and PDBs select the serving role only). */
export function selectorOf(input: Pick<PodTemplateInput, "name" | "role">): Record<string, string> {
    return { [NAME_LABEL]: input.name, [ROLE_LABEL]: input.role };
}

export function podTemplate(input: PodTemplateInput): k8s.types.input.core.v1.PodTemplateSpec {
    const dir = input.caBundle ? input.caBundle.path.slice(0, input.caBundle.path.lastIndexOf("/")) : undefined;
    const fileName = input.caBundle ? input.caBundle.path.slice(input.caBundle.path.lastIndexOf("/") + 1) : undefined;
    const mounts: k8s.types.input.core.v1.VolumeMount[] = [{ name: "tmp", mountPath: "/tmp" }];
    const volumes: k8s.types.input.core.v1.Volume[] = [{ name: "tmp", emptyDir: { sizeLimit: gi(input.plan.diskGi) } }];
    if (input.caBundle && dir && fileName) {
        mounts.push({ name: "internal-ca", mountPath: dir, readOnly: true });
        volumes.push({ name: "internal-ca", configMap: { name: input.caBundle.configMap, items: [{ key: input.caBundle.key, path: fileName }] } });
    }
    return {
        metadata: { labels: { ...input.podLabels, ...workloadLabels(input.name, input.component, { [ROLE_LABEL]: input.role }) } },
        spec: {
            serviceAccountName: input.serviceAccountName,
            // Devana's pods never call the Kubernetes API.
            automountServiceAccountToken: false,
            imagePullSecrets: [{ name: input.imagePullSecret }],
            securityContext: podSecurityContext(input.uid, input.distribution),
            ...placementSpec(input.placement),
            topologySpreadConstraints: topologySpread(selectorOf(input), input.plan.hpa?.maxReplicas ?? input.plan.replicas),
            terminationGracePeriodSeconds: input.terminationGracePeriodSeconds ?? 30,
            containers: [
                {
                    name: input.name.replace(/^devana-/, ""),
                    image: input.image,
                    imagePullPolicy: "IfNotPresent",
                    ports: input.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: "TCP" })),
                    env: [...input.env, ...arbitraryUidEnv(input.distribution ?? "vanilla")],
                    resources: resourcesFor(input.plan),
                    securityContext: containerSecurityContext(input.readOnlyRootFilesystem),
                    volumeMounts: mounts,
                    ...input.probes,
                },
                ...(input.sidecars ?? []),
            ],
            volumes: [...volumes, ...(input.extraVolumes ?? [])],
        },
    };
}

export function deploymentSpec(input: PodTemplateInput, replicas: number): k8s.types.input.apps.v1.DeploymentSpec {
    return {
        replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorOf(input) },
        // devana-services.md: the vendor rolls one pod at a time with one extra.
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } },
        template: podTemplate(input),
    };
}

export function serviceSpec(input: Pick<PodTemplateInput, "name" | "role" | "ports">): k8s.types.input.core.v1.ServiceSpec {
    return {
        type: "ClusterIP",
        selector: selectorOf(input),
        ports: input.ports.map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: "TCP" })),
    };
}

export function pdbSpec(input: Pick<PodTemplateInput, "name" | "role">): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
    return { maxUnavailable: PDB_MAX_UNAVAILABLE, selector: { matchLabels: selectorOf(input) } };
}

export function hpaSpec(deployment: string, bounds: HpaBounds): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
    return {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment },
        minReplicas: bounds.minReplicas,
        maxReplicas: bounds.maxReplicas,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: bounds.targetCpuUtilization } } }],
        behavior: {
            // Scale in slowly: Node.js pods take minutes to warm up; flapping costs more than idle pods.
            scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
        },
    };
}

/** The objects of one workload, created under `parent`. */
export interface WorkloadObjects {
    readonly deployment: k8s.apps.v1.Deployment;
    readonly service?: k8s.core.v1.Service;
}

/**
 * The workload's own ServiceAccount, named after it (stacks/aws.ts S3_SERVICE_ACCOUNTS and the
 * Azure identities expect those names); its token is never mounted. `annotations` bind a cloud identity.
 */
export function workloadServiceAccount(parent: pulumi.Resource, prefix: string, namespace: string, account: string, component: string, annotations?: Readonly<Record<string, pulumi.Input<string>>>): k8s.core.v1.ServiceAccount {
    return new k8s.core.v1.ServiceAccount(`${prefix}-sa`, { metadata: { name: account, namespace, labels: workloadLabels(account, component), annotations }, automountServiceAccountToken: false }, { parent });
}

/**
 * Creates the Deployment (replicas ignored by Pulumi when an HPA owns them), and, for serving
 * roles, the Service, PodDisruptionBudget and HPA. Child names: `${prefix}-deployment`, ...
 */
export function createWorkload(parent: pulumi.Resource, prefix: string, namespace: string, input: PodTemplateInput, options: { readonly service: boolean; readonly dependsOn: readonly pulumi.Resource[] }): WorkloadObjects {
    const labels = workloadLabels(input.name, input.component, { [ROLE_LABEL]: input.role });
    const name = input.role === "server" ? input.name : `${input.name}-${input.role}`;
    const hpa = input.plan.hpa;
    const deployment = new k8s.apps.v1.Deployment(
        `${prefix}-deployment`,
        { metadata: { name, namespace, labels }, spec: deploymentSpec(input, input.plan.replicas) },
        // The HPA owns the replica count: a scale-out is not drift.
        { parent, dependsOn: [...options.dependsOn], ignoreChanges: hpa ? ["spec.replicas"] : [] },
    );
    let service: k8s.core.v1.Service | undefined;
    if (options.service) {
        service = new k8s.core.v1.Service(`${prefix}-service`, { metadata: { name, namespace, labels }, spec: serviceSpec(input) }, { parent });
    }
    new k8s.policy.v1.PodDisruptionBudget(`${prefix}-pdb`, { metadata: { name, namespace, labels }, spec: pdbSpec(input) }, { parent });
    if (hpa) {
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${prefix}-hpa`, { metadata: { name, namespace, labels }, spec: hpaSpec(name, hpa) }, { parent, dependsOn: [deployment] });
    }
    return { deployment, service };
}
