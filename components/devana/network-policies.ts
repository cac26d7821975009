/**
 * NetworkPolicies generated from the allowed-flow matrix (network-flows.ts): a default deny of
 * ingress and egress in every Devana namespace, then, per pod group, one policy with the ingress
 * it may receive and one with the egress it may send. A flow between two Devana pod groups opens
 * both ends; a flow with the outside opens the Devana end.
 *
 * NetworkPolicy cannot match DNS names: the licence server, cloud LLM APIs and Hugging Face are
 * reached as "0.0.0.0/0 except private ranges" on 443, for exactly the pods that need them, or
 * (issue 18) as the customer's proxy's addresses and ports.
 */
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { flowMatrix, networkPeers, PEER_IDS, type Flow, type FlowMatrixInput, type LabelSelector, type Peer, type PeerId, type PodPeer } from "./network-flows";

export interface PolicyRulePeer {
    readonly namespaceSelector?: { readonly matchLabels: Record<string, string> };
    readonly podSelector?: LabelSelector;
    readonly ipBlock?: { readonly cidr: string; readonly except?: string[] };
}

export interface PolicyPort {
    readonly port: number | string;
    readonly protocol: "TCP" | "UDP";
}

export interface NetworkPolicyManifest {
    readonly name: string;
    readonly namespace: string;
    readonly spec: {
        readonly podSelector: LabelSelector;
        readonly policyTypes: ("Ingress" | "Egress")[];
        readonly ingress?: { from: PolicyRulePeer[]; ports: PolicyPort[] }[];
        readonly egress?: { to: PolicyRulePeer[]; ports: PolicyPort[] }[];
    };
    /** Flow ids the policy implements (an annotation, for reviewers). */
    readonly flows: readonly string[];
}

export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

function rulePeers(peer: Peer): PolicyRulePeer[] {
    if (peer.kind === "cidr") {
        return [{ ipBlock: peer.except.length > 0 ? { cidr: peer.cidr, except: [...peer.except] } : { cidr: peer.cidr } }];
    }
    if (peer.kind === "cidrs") {
        return peer.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    }
    return [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } }, podSelector: peer.pods }];
}

const kebab = (id: string): string => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The NetworkPolicies of a flow matrix (pure). */
export function networkPolicies(input: FlowMatrixInput, flows: readonly Flow[] = flowMatrix(input)): NetworkPolicyManifest[] {
    const peers = networkPeers(input);
    const namespaces = [...new Set(Object.values(peers).flatMap((p) => (p.kind === "pods" && p.managed ? [p.namespace] : [])))];
    const policies: NetworkPolicyManifest[] = namespaces.map((namespace) => ({
        name: "default-deny",
        namespace,
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        flows: [],
    }));
    const managed = (id: PeerId): PodPeer | undefined => {
        const p = peers[id];
        return p.kind === "pods" && p.managed ? p : undefined;
    };
    for (const id of PEER_IDS) {
        const self = managed(id);
        if (!self) {
            continue;
        }
        const incoming = flows.filter((f) => f.to === id);
        if (incoming.length > 0) {
            policies.push({
                name: `${kebab(id)}-ingress`,
                namespace: self.namespace,
                spec: {
                    podSelector: self.pods,
                    policyTypes: ["Ingress"],
                    ingress: incoming.map((f) => ({ from: rulePeers(peers[f.from]), ports: f.ports.map((p) => ({ port: p.port, protocol: p.protocol })) })),
                },
                flows: incoming.map((f) => f.id),
            });
        }
        const outgoing = flows.filter((f) => f.from === id);
        if (outgoing.length > 0) {
            policies.push({
                name: `${kebab(id)}-egress`,
                namespace: self.namespace,
                spec: {
                    podSelector: self.pods,
                    policyTypes: ["Egress"],
                    egress: outgoing.map((f) => ({ to: rulePeers(peers[f.to]), ports: f.ports.map((p) => ({ port: p.port, protocol: p.protocol })) })),
                },
                flows: outgoing.map((f) => f.id),
            });
        }
    }
    return policies;
}

export interface NetworkPoliciesArgs {
    /** What the matrix depends on (namespaces, scenario, object store, SSO). */
    readonly matrix: FlowMatrixInput;
    /** Resources the namespaces come from. @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** The generated NetworkPolicies; pass the Kubernetes provider in opts. */
export class NetworkPolicies extends pulumi.ComponentResource {
    /** Names of the created policies, `<namespace>/<name>`. */
    public readonly names: readonly string[];

    constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token names the concern (network), not the folder; it is part of every deployed child's URN.
        super("devana:network:NetworkPolicies", name, {}, opts);
        const manifests = networkPolicies(args.matrix);
        for (const m of manifests) {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${m.namespace}-${m.name}`,
                {
                    metadata: {
                        name: m.name,
                        namespace: m.namespace,
                        labels: { "app.kubernetes.io/part-of": "devana", "app.kubernetes.io/managed-by": "pulumi" },
                        annotations: m.flows.length > 0 ? { "devana.ai/flows": m.flows.join(",") } : undefined,
                    },
                    spec: m.spec as k8s.types.input.networking.v1.NetworkPolicySpec,
                },
                { parent: this, dependsOn: [...(args.dependsOn ?? [])] },
            );
        }
        this.names = manifests.map((m) => `${m.namespace}/${m.name}`);
        this.registerOutputs({ names: this.names });
    }
}
