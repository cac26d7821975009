/**
 * The CloudNativePG operator and its Barman Cloud plugin (WAL archiving and base backups to object
 * storage; the in-tree `barmanObjectStore` is deprecated), both from their pinned Helm charts, in
 * their own namespace. The plugin's chart issues its TLS certificates through cert-manager: give the
 * component the cert-manager release in `opts.dependsOn` when it is part of the same stack.
 *
 * With `install: false` (`devana:onprem.clusterScope: preinstalled`, issue 10) the component creates
 * nothing: the cluster admin installed the operator (OperatorHub on OpenShift) and the plugin in
 * `CNPG_NAMESPACE`, whose name the NetworkPolicies keep allowing (docs/onprem.md).
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../../config/versions";
import { placementSpec, type Placement } from "../../k8s/placement";
import { podSecurityLabels } from "../../platform/namespaces";
import { chartSource } from "../../k8s/helm";
import type { Distribution } from "../../../config/defaults";
import { withChartImages, type Mirror } from "../../platform/image-mirror";

export const CNPG_NAMESPACE = "cnpg-system";

export interface CnpgOperatorArgs {
    /** Cluster minor version for the namespace's Pod Security labels. */
    readonly kubernetesVersion: string;
    /** Where the operator pods run (the compute pool). */
    readonly placement: Placement;
    /** @default CNPG_NAMESPACE */
    readonly namespace?: string;
    /** Protect the namespace (deleting it removes the operator every Cluster depends on). @default false */
    readonly protect?: boolean;
    /** R-K8S distribution: on OpenShift the charts' fixed UIDs are dropped. @default "vanilla" */
    readonly distribution?: Distribution;
    /** Install the namespace and both charts; false when the cluster admin did (CRDs, webhooks, ClusterRoles). @default true */
    readonly install?: boolean;
    /** Issue 19: the air-gapped mirror of both charts and their images (operator, plugin, sidecar). @default undefined (the sources) */
    readonly mirror?: Mirror;
}

/**
 * Both charts pin `runAsUser`/`runAsGroup` 10001 on their container; OpenShift's restricted-v2
 * SCC refuses UIDs outside the namespace's range, so there they are removed (`null` deletes a
 * chart default) and the SCC assigns one. The operator itself detects SCCs and leaves the UID of
 * the PostgreSQL pods to OpenShift.
 */
export function openshiftChartSecurity(distribution: Distribution): Record<string, unknown> {
    return distribution === "openshift" ? { containerSecurityContext: { runAsUser: null, runAsGroup: null } } : {};
}

export function operatorValues(placement: Placement, distribution: Distribution = "vanilla"): Record<string, unknown> {
    return {
        ...openshiftChartSecurity(distribution),
        // One operator watches every namespace; the Cluster lives in devana-services.
        config: { clusterWide: true },
        crds: { create: true },
        ...placementSpec(placement),
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    };
}

export function pluginValues(placement: Placement, distribution: Distribution = "vanilla"): Record<string, unknown> {
    return {
        ...openshiftChartSecurity(distribution),
        ...placementSpec(placement),
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
    };
}

export class CnpgOperator extends pulumi.ComponentResource {
    public readonly namespace: string;
    /** The releases Cluster, ObjectStore and ScheduledBackup resources must wait for (CRDs, webhooks). */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: CnpgOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:data:CnpgOperator", name, {}, opts);
        this.namespace = args.namespace ?? CNPG_NAMESPACE;
        if (args.install === false) {
            this.ready = [];
            this.registerOutputs({ namespace: this.namespace });
            return;
        }
        const ns = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: this.namespace, labels: { "app.kubernetes.io/part-of": "devana", ...podSecurityLabels("restricted", args.kubernetesVersion, args.distribution) } } },
            { parent: this, protect: args.protect ?? false },
        );
        const operator = new k8s.helm.v4.Chart(
            `${name}-operator`,
            { ...chartSource(CHARTS.cloudnativePg, args.mirror?.chartRepository), name: "cnpg", namespace: this.namespace, values: withChartImages("cloudnativePg", operatorValues(args.placement, args.distribution), args.mirror?.registry) },
            { parent: this, dependsOn: [ns] },
        );
        const plugin = new k8s.helm.v4.Chart(
            `${name}-barman-cloud`,
            {
                ...chartSource(CHARTS.barmanCloudPlugin, args.mirror?.chartRepository),
                name: "barman-cloud",
                namespace: this.namespace,
                values: withChartImages("barmanCloudPlugin", pluginValues(args.placement, args.distribution), args.mirror?.registry),
            },
            { parent: this, dependsOn: [ns, operator] },
        );
        this.ready = [operator, plugin];
        this.registerOutputs({ namespace: this.namespace });
    }
}
