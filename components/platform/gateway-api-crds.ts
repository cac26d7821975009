import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_API_VERSION } from "../../config/versions";
import type { Distribution } from "../../config/defaults";

/** Release asset of the Gateway API standard channel (GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant...). */
export function gatewayApiCrdsUrl(version: string = GATEWAY_API_VERSION): string {
    if (!/^v\d+\.\d+\.\d+$/.test(version)) {
        throw new Error(`Gateway API version must be a pinned release such as v1.5.0, got "${version}"`);
    }
    return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${version}/standard-install.yaml`;
}

/**
 * Whether the program installs the Gateway API CRDs. From OpenShift 4.19 the Ingress Operator owns
 * them (standard channel v1.2.1) and a ValidatingAdmissionPolicy
 * (`openshift-ingress-operator-gatewayapi-crd-admission`) refuses any other writer, so there the
 * cluster's CRDs are used as they are.
 */
export function installsGatewayApiCrds(distribution: Distribution): boolean {
    return distribution !== "openshift";
}

export interface GatewayApiCrdsArgs {
    /** Gateway API release. @default GATEWAY_API_VERSION (config/versions.ts) */
    readonly version?: string;
    /** Install the CRDs; false where the cluster owns them (see `installsGatewayApiCrds`). @default true */
    readonly install?: boolean;
}

/**
 * The Gateway API CRDs, installed on their own: Traefik's chart no longer ships them and
 * cert-manager's Gateway solver needs them before it starts. Everything that creates Gateway API
 * objects depends on this component; where the cluster owns the CRDs it stays empty, so the
 * dependencies hold on every distribution.
 */
export class GatewayApiCrds extends pulumi.ComponentResource {
    /** The standard-channel manifest; undefined where the cluster owns the CRDs. */
    public readonly manifest?: k8s.yaml.v2.ConfigFile;

    constructor(name: string, args: GatewayApiCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:GatewayApiCrds", name, {}, opts);
        if (args.install ?? true) {
            this.manifest = new k8s.yaml.v2.ConfigFile(`${name}-standard`, { file: gatewayApiCrdsUrl(args.version) }, { parent: this });
        }
        this.registerOutputs({});
    }
}
