/**
 * ClusterAutoscaler: the Kubernetes cluster autoscaler for the EKS managed node groups (issue 15),
 * authored as plain Kubernetes objects: no chart is available offline, and the upstream AWS
 * example (cluster-autoscaler-autodiscover.yaml) is exactly these objects. It finds the node
 * groups by the tags EKS puts on their Auto Scaling groups and runs under the Pod Identity role
 * AwsCluster binds to `kube-system/cluster-autoscaler` (aws/iam.ts `clusterAutoscalerPolicy`).
 * The image's minor equals the cluster's (checked at config time, config/feasibility.ts).
 */
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES } from "../../config/versions";
import { ENI_CONFIG_LABEL } from "./aws-node-group";

export const CLUSTER_AUTOSCALER_NAME = "cluster-autoscaler";

/** The autoscaler's command line: AWS, auto-discovery by this cluster's ASG tags. */
export function clusterAutoscalerCommand(clusterName: string): string[] {
    return [
        "./cluster-autoscaler",
        "--cloud-provider=aws",
        `--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${clusterName}`,
        // Zonal groups of one pool stay even; least-waste picks the group that wastes least CPU/memory.
        "--balance-similar-node-groups=true",
        // Issue 20: a pool's zonal groups differ only by their ENIConfig label (<zone>-<az>).
        `--balancing-ignore-label=${ENI_CONFIG_LABEL}`,
        "--expander=least-waste",
        // kube-system pods (CoreDNS, controllers) may move: otherwise compute nodes never scale down.
        "--skip-nodes-with-system-pods=false",
        "--skip-nodes-with-local-storage=false",
        "--v=2",
    ];
}

type PolicyRule = k8s.types.input.rbac.v1.PolicyRule;

/** Cluster-wide rights of the upstream AWS example (autodiscover manifest), plus DRA reads (1.34+). */
export const CLUSTER_AUTOSCALER_CLUSTER_RULES: readonly PolicyRule[] = [
    { apiGroups: [""], resources: ["events", "endpoints"], verbs: ["create", "patch"] },
    { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
    { apiGroups: [""], resources: ["pods/status"], verbs: ["update"] },
    { apiGroups: [""], resources: ["endpoints"], resourceNames: [CLUSTER_AUTOSCALER_NAME], verbs: ["get", "update"] },
    { apiGroups: [""], resources: ["nodes"], verbs: ["watch", "list", "get", "update"] },
    { apiGroups: [""], resources: ["namespaces", "pods", "services", "replicationcontrollers", "persistentvolumeclaims", "persistentvolumes"], verbs: ["watch", "list", "get"] },
    { apiGroups: ["extensions"], resources: ["replicasets", "daemonsets"], verbs: ["watch", "list", "get"] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: ["watch", "list"] },
    { apiGroups: ["apps"], resources: ["statefulsets", "replicasets", "daemonsets"], verbs: ["watch", "list", "get"] },
    { apiGroups: ["storage.k8s.io"], resources: ["storageclasses", "csinodes", "csidrivers", "csistoragecapacities", "volumeattachments"], verbs: ["watch", "list", "get"] },
    { apiGroups: ["batch", "extensions"], resources: ["jobs"], verbs: ["get", "list", "watch", "patch"] },
    { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
    { apiGroups: ["coordination.k8s.io"], resourceNames: [CLUSTER_AUTOSCALER_NAME], resources: ["leases"], verbs: ["get", "update"] },
    { apiGroups: ["resource.k8s.io"], resources: ["resourceclaims", "resourceslices", "deviceclasses"], verbs: ["get", "list", "watch"] },
];

/** Its status ConfigMap in kube-system. */
export const CLUSTER_AUTOSCALER_NAMESPACE_RULES: readonly PolicyRule[] = [
    { apiGroups: [""], resources: ["configmaps"], verbs: ["create", "list", "watch"] },
    { apiGroups: [""], resources: ["configmaps"], resourceNames: ["cluster-autoscaler-status", "cluster-autoscaler-priority-expander"], verbs: ["delete", "get", "update", "watch"] },
];

export interface ClusterAutoscalerArgs {
    /** EKS cluster name (the ASG tag key). */
    readonly clusterName: pulumi.Input<string>;
    readonly region: string;
    /** Node selector of the pool it runs on (the compute pool). */
    readonly nodeSelector: Readonly<Record<string, string>>;
    /** The ServiceAccount's namespace and name, bound to the IAM role through Pod Identity. */
    readonly serviceAccount: { readonly namespace: string; readonly name: string };
    /** @default IMAGES.clusterAutoscaler */
    readonly image?: string;
    /** @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** Pass the cluster's Kubernetes provider in `opts.providers`. */
export class ClusterAutoscaler extends pulumi.ComponentResource {
    public readonly deploymentName: string;

    constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:cluster:ClusterAutoscaler", name, {}, opts);
        const { namespace, name: saName } = args.serviceAccount;
        const labels = { "app.kubernetes.io/name": CLUSTER_AUTOSCALER_NAME, "app.kubernetes.io/part-of": "devana" };
        const child = { parent: this, dependsOn: [...(args.dependsOn ?? [])] };
        const sa = new k8s.core.v1.ServiceAccount(`${name}-sa`, { metadata: { name: saName, namespace, labels } }, child);
        const clusterRole = new k8s.rbac.v1.ClusterRole(`${name}-clusterrole`, { metadata: { name: CLUSTER_AUTOSCALER_NAME, labels }, rules: [...CLUSTER_AUTOSCALER_CLUSTER_RULES] }, child);
        const clusterBinding = new k8s.rbac.v1.ClusterRoleBinding(
            `${name}-clusterrolebinding`,
            {
                metadata: { name: CLUSTER_AUTOSCALER_NAME, labels },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CLUSTER_AUTOSCALER_NAME },
                subjects: [{ kind: "ServiceAccount", name: saName, namespace }],
            },
            { ...child, dependsOn: [clusterRole, sa] },
        );
        const role = new k8s.rbac.v1.Role(`${name}-role`, { metadata: { name: CLUSTER_AUTOSCALER_NAME, namespace, labels }, rules: [...CLUSTER_AUTOSCALER_NAMESPACE_RULES] }, child);
        const binding = new k8s.rbac.v1.RoleBinding(
            `${name}-rolebinding`,
            {
                metadata: { name: CLUSTER_AUTOSCALER_NAME, namespace, labels },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: CLUSTER_AUTOSCALER_NAME },
                subjects: [{ kind: "ServiceAccount", name: saName, namespace }],
            },
            { ...child, dependsOn: [role, sa] },
        );
        const deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: { name: CLUSTER_AUTOSCALER_NAME, namespace, labels },
                spec: {
                    // One active instance (leader election); a restart only pauses scaling briefly.
                    replicas: 1,
                    selector: { matchLabels: { "app.kubernetes.io/name": CLUSTER_AUTOSCALER_NAME } },
                    template: {
                        metadata: { labels, annotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" } },
                        spec: {
                            serviceAccountName: saName,
                            priorityClassName: "system-cluster-critical",
                            nodeSelector: { ...args.nodeSelector },
                            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
                            containers: [
                                {
                                    name: CLUSTER_AUTOSCALER_NAME,
                                    image: args.image ?? IMAGES.clusterAutoscaler,
                                    imagePullPolicy: "IfNotPresent",
                                    command: pulumi.output(args.clusterName).apply(clusterAutoscalerCommand),
                                    env: [{ name: "AWS_REGION", value: args.region }],
                                    resources: { requests: { cpu: "100m", memory: "600Mi" }, limits: { memory: "600Mi" } },
                                    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                                },
                            ],
                        },
                    },
                },
            },
            { ...child, dependsOn: [clusterBinding, binding] },
        );
        this.deploymentName = CLUSTER_AUTOSCALER_NAME;
        this.registerOutputs({ deploymentName: this.deploymentName, deployment: deployment.metadata.name });
    }
}
