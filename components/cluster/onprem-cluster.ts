import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";

export interface OnPremClusterArgs {
    /**
     * kubeconfig contents (a Pulumi secret). When unset the provider uses the ambient kubeconfig
     * ($KUBECONFIG or ~/.kube/config), as kubectl would.
     * @default undefined
     */
    readonly kubeconfig?: pulumi.Input<string>;
    /** kubeconfig context. @default the kubeconfig's current context */
    readonly context?: string;
}

/**
 * An existing cluster (vanilla, OpenShift, RKE2, or kind/k3d for development) reached through a
 * kubeconfig. Nothing is created in the cluster here: the component only owns the provider every
 * Kubernetes resource of the stack is created with.
 */
export class OnPremCluster extends pulumi.ComponentResource {
    public readonly provider: k8s.Provider;

    constructor(name: string, args: OnPremClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:cluster:OnPremCluster", name, {}, opts);
        this.provider = new k8s.Provider(
            `${name}-provider`,
            {
                kubeconfig: args.kubeconfig,
                context: args.context,
                // Field ownership lets controllers (HPA, operators) own the fields they change.
                enableServerSideApply: true,
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
