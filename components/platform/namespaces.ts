import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import type { Distribution } from "../../config/defaults";

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/**
 * Who creates the cluster-scoped objects (`devana:onprem.clusterScope`): the program, or the
 * customer's cluster admin beforehand, so the deployer needs only `admin` in the Devana namespaces
 * (issue 10, docs/onprem.md "OpenShift: what the deploying identity needs").
 */
export type { ClusterScope } from "../../config/defaults";

export interface NamespaceSpec {
    readonly name: string;
    /** Pod Security Standard enforced; `restricted` is always audited and warned on. */
    readonly podSecurity: PodSecurityLevel;
    /** Why a namespace is below `restricted`. */
    readonly reason?: string;
}

export interface NamespacePlanInput {
    readonly app: string;
    readonly services: string;
    readonly ai: string;
    readonly monitoring: string;
    readonly certManager: string;
}

/** Label of the Devana namespaces naming the environment (policy/edge reads it to find prod stacks). */
export const ENVIRONMENT_LABEL = "devana.ai/environment";

/**
 * The R-K8S namespaces and the Pod Security level each can hold. On OpenShift every one is
 * `restricted`: the restricted-v2 SCC runs vLLM as an assigned non-root UID, and neither
 * node-exporter nor DCGM runs in `monitoring` (the cluster's own monitoring and the OLM-installed
 * GPU Operator provide them, docs/onprem.md).
 */
export function namespacePlan(ns: NamespacePlanInput, distribution: Distribution = "vanilla"): NamespaceSpec[] {
    if (distribution === "openshift") {
        return [ns.app, ns.services, ns.ai, ns.monitoring, ns.certManager].map((name) => ({ name, podSecurity: "restricted" }));
    }
    return [
        { name: ns.app, podSecurity: "restricted" },
        { name: ns.services, podSecurity: "restricted" },
        { name: ns.ai, podSecurity: "baseline", reason: "the vllm/vllm-openai image runs as root" },
        { name: ns.monitoring, podSecurity: "privileged", reason: "node-exporter and DCGM read host namespaces and paths" },
        { name: ns.certManager, podSecurity: "restricted" },
    ];
}

/**
 * OpenShift's label syncer rewrites a namespace's PSA audit/warn labels from the SCCs its service
 * accounts may use; the program states the levels itself, so the syncer is switched off (else it
 * and Pulumi would keep overwriting each other: drift).
 */
export const OPENSHIFT_PSA_SYNC_LABEL = "security.openshift.io/scc.podSecurityLabelSync";

/** Pod Security admission labels, pinned to the cluster's minor version rather than `latest`. */
export function podSecurityLabels(level: PodSecurityLevel, kubernetesVersion: string, distribution: Distribution = "vanilla"): Record<string, string> {
    const version = `v${kubernetesVersion}`;
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": version,
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": version,
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": version,
        ...(distribution === "openshift" ? { [OPENSHIFT_PSA_SYNC_LABEL]: "false" } : {}),
    };
}

export interface NamespacesArgs {
    readonly namespaces: readonly NamespaceSpec[];
    /** Cluster minor version, e.g. "1.33", for the Pod Security version labels. */
    readonly kubernetesVersion: string;
    /** Environment (config `environment`), labelled `devana.ai/environment` so the policy pack knows a prod stack. */
    readonly environment: string;
    /** Protect namespaces from deletion: deleting one deletes its volumes. @default false */
    readonly protect?: boolean;
    /** R-K8S distribution (OpenShift: the PSA label syncer is switched off). @default "vanilla" */
    readonly distribution?: Distribution;
    /** Create the namespaces; false when the cluster admin created them (`preinstalled`): only their names are used. @default true */
    readonly create?: boolean;
    /**
     * The image mirror (`devana:airgap.registry`), annotated `devana.ai/image-mirror` so the policy
     * pack holds every workload image to it. @default none
     */
    readonly imageMirror?: string;
}

/** The annotation that declares a stack's image mirror to the policy pack (policy/images.ts). */
export const IMAGE_MIRROR_ANNOTATION = "devana.ai/image-mirror";

/** The labels of one Devana namespace (what the program sets, or the admin must set when preinstalled). */
export function namespaceLabels(spec: NamespaceSpec, kubernetesVersion: string, environment: string, distribution: Distribution = "vanilla"): Record<string, string> {
    return { "app.kubernetes.io/part-of": "devana", [ENVIRONMENT_LABEL]: environment, ...podSecurityLabels(spec.podSecurity, kubernetesVersion, distribution) };
}

/** The annotations of one Devana namespace: why its Pod Security level, and the image mirror. */
export function namespaceAnnotations(spec: NamespaceSpec, imageMirror?: string): Record<string, string> | undefined {
    const annotations = { ...(spec.reason ? { "devana.ai/pod-security-reason": spec.reason } : {}), ...(imageMirror ? { [IMAGE_MIRROR_ANNOTATION]: imageMirror } : {}) };
    return Object.keys(annotations).length > 0 ? annotations : undefined;
}

/**
 * Namespaces with Pod Security labels; pass the Kubernetes provider in `opts.providers`. With
 * `create: false` the component creates nothing and only exposes the names, so every
 * `dependsOn: [namespaces]` holds unchanged.
 */
export class Namespaces extends pulumi.ComponentResource {
    /** Namespace names by their spec name, resolved once the namespace exists. */
    public readonly names: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: NamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:Namespaces", name, {}, opts);
        const names: Record<string, pulumi.Output<string>> = {};
        for (const spec of args.namespaces) {
            if (args.create === false) {
                names[spec.name] = pulumi.output(spec.name);
                continue;
            }
            const ns = new k8s.core.v1.Namespace(
                `${name}-${spec.name}`,
                {
                    metadata: {
                        name: spec.name,
                        labels: namespaceLabels(spec, args.kubernetesVersion, args.environment, args.distribution),
                        annotations: namespaceAnnotations(spec, args.imageMirror),
                    },
                },
                { parent: this, protect: args.protect ?? false },
            );
            names[spec.name] = ns.metadata.name;
        }
        this.names = names;
        this.registerOutputs({ names });
    }
}
