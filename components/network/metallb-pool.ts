/**
 * On-prem load-balancer addresses (R-K8S: MetalLB without a hardware load balancer): an
 * IPAddressPool the gateway's Service asks for by name, announced in layer 2. MetalLB itself is a
 * cluster add-on the customer installs; this only hands it the addresses.
 */
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";

export const METALLB_API_VERSION = "metallb.io/v1beta1";
/** Services select the pool with this annotation key. */
export const METALLB_POOL_ANNOTATION = "metallb.io/address-pool";

export interface MetalLbPoolArgs {
    /** CIDRs or `first-last` ranges. */
    readonly addresses: readonly string[];
    /** MetalLB's namespace. @default "metallb-system" */
    readonly namespace?: string;
    /** Pool name. @default "devana-gateway" */
    readonly poolName?: string;
}

export function metallbPoolSpec(args: MetalLbPoolArgs): { addresses: string[]; autoAssign: boolean } {
    // The gateway is Devana's only LoadBalancer Service: auto-assignment serves it without wiring;
    // `serviceAnnotations` pin it to this pool where the customer has other pools.
    return { addresses: [...args.addresses], autoAssign: true };
}

export class MetalLbPool extends pulumi.ComponentResource {
    public readonly poolName: string;
    /** Annotations for the gateway Service. */
    public readonly serviceAnnotations: Readonly<Record<string, string>>;

    constructor(name: string, args: MetalLbPoolArgs, opts?: pulumi.ComponentResourceOptions) {
        // The token predates the move out of storage/: a new token would replace the deployed resource.
        super("devana:storage:MetalLbPool", name, {}, opts);
        const namespace = args.namespace ?? "metallb-system";
        this.poolName = args.poolName ?? "devana-gateway";
        const pool = new k8s.apiextensions.CustomResource(`${name}-pool`, { apiVersion: METALLB_API_VERSION, kind: "IPAddressPool", metadata: { name: this.poolName, namespace }, spec: metallbPoolSpec(args) }, { parent: this });
        new k8s.apiextensions.CustomResource(
            `${name}-l2`,
            { apiVersion: METALLB_API_VERSION, kind: "L2Advertisement", metadata: { name: this.poolName, namespace }, spec: { ipAddressPools: [this.poolName] } },
            { parent: this, dependsOn: [pool] },
        );
        this.serviceAnnotations = { [METALLB_POOL_ANNOTATION]: this.poolName };
        this.registerOutputs({ poolName: this.poolName, serviceAnnotations: this.serviceAnnotations });
    }
}
