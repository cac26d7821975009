/**
 * Cilium gives the Kubernetes API server's addresses the `kube-apiserver` identity, which no
 * NetworkPolicy ipBlock matches (cilium/cilium#20550): the flow matrix's `postgresql-kube-api`
 * rule alone would leave the CloudNativePG instance manager unable to watch its Cluster. On Cilium
 * dataplanes (AKS with Azure CNI powered by Cilium) this CiliumNetworkPolicy adds the same flow by
 * entity, and likewise `chroma-snapshot-kube-api` (the ChromaDB snapshot job scales ChromaDB down
 * and up). Policies are additive, so they widen nothing else.
 */
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { CHROMA_SNAPSHOT_NAME } from "./data/chroma-snapshot";

const API_SERVER_PORTS = {
    ports: [
        { port: "443", protocol: "TCP" },
        { port: "6443", protocol: "TCP" },
    ],
};

/** The `postgresql-kube-api` flow by Cilium entity: pods carrying `cnpg.io/cluster` to the API server on 443/6443. */
export function kubeApiServerEgressSpec(): Record<string, unknown> {
    return {
        description: "postgresql-kube-api: the CloudNativePG instance manager watches its Cluster (docs/app-tier.md)",
        endpointSelector: { matchExpressions: [{ key: "cnpg.io/cluster", operator: "Exists" }] },
        egress: [{ toEntities: ["kube-apiserver"], toPorts: [API_SERVER_PORTS] }],
    };
}

/** The `chroma-snapshot-kube-api` flow by Cilium entity: the ChromaDB snapshot job's pods to the API server. */
export function chromaSnapshotKubeApiEgressSpec(): Record<string, unknown> {
    return {
        description: "chroma-snapshot-kube-api: the ChromaDB snapshot job scales ChromaDB down and up (docs/data-tier.md)",
        endpointSelector: { matchLabels: { "app.kubernetes.io/name": CHROMA_SNAPSHOT_NAME } },
        egress: [{ toEntities: ["kube-apiserver"], toPorts: [API_SERVER_PORTS] }],
    };
}

export interface CiliumKubeApiEgressArgs {
    /** Namespace of the PostgreSQL cluster (the data namespace). */
    readonly namespace: string;
    /** Resources the policy waits for (the namespace, the CRDs of the dataplane). @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** The PostgreSQL pods' and the ChromaDB snapshot job's API-server egress on Cilium; pass the Kubernetes provider in `opts.providers`. */
export class CiliumKubeApiEgress extends pulumi.ComponentResource {
    constructor(name: string, args: CiliumKubeApiEgressArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token names the concern (network), not the folder; it is part of every deployed child's URN.
        super("devana:network:CiliumKubeApiEgress", name, {}, opts);
        new k8s.apiextensions.CustomResource(
            `${name}-postgresql`,
            {
                apiVersion: "cilium.io/v2",
                kind: "CiliumNetworkPolicy",
                metadata: { name: "postgresql-kube-api", namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "devana" } },
                spec: kubeApiServerEgressSpec(),
            },
            { parent: this, dependsOn: [...(args.dependsOn ?? [])] },
        );
        new k8s.apiextensions.CustomResource(
            `${name}-chroma-snapshot`,
            {
                apiVersion: "cilium.io/v2",
                kind: "CiliumNetworkPolicy",
                metadata: { name: "chroma-snapshot-kube-api", namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "devana" } },
                spec: chromaSnapshotKubeApiEgressSpec(),
            },
            { parent: this, dependsOn: [...(args.dependsOn ?? [])] },
        );
        this.registerOutputs({});
    }
}
