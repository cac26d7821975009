import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_API_VERSION } from "../../config/versions";

/** Release asset of the Gateway API standard channel (GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant...). */
export function gatewayApiCrdsUrl(version: string = GATEWAY_API_VERSION): string {
    if (!/^v\d+\.\d+\.\d+$/.test(version)) {
        throw new Error(`Gateway API version must be a pinned release such as v1.5.0, got "${version}"`);
    }
    return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${version}/standard-install.yaml`;
}

export interface GatewayApiCrdsArgs {
    /** Gateway API release. @default GATEWAY_API_VERSION (config/versions.ts) */
    readonly version?: string;
}

/**
 * The Gateway API CRDs, installed on their own: Traefik's chart no longer ships them and
 * cert-manager's Gateway solver needs them before it starts. Everything that creates Gateway API
 * objects depends on this component.
 */
export class GatewayApiCrds extends pulumi.ComponentResource {
    public readonly manifest: k8s.yaml.v2.ConfigFile;

    constructor(name: string, args: GatewayApiCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:platform:GatewayApiCrds", name, {}, opts);
        this.manifest = new k8s.yaml.v2.ConfigFile(`${name}-standard`, { file: gatewayApiCrdsUrl(args.version) }, { parent: this });
        this.registerOutputs({});
    }
}
