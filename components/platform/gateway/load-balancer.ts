/**
 * Per-cloud load balancer of the gateway Service (R-NET-ZONES: in the DMZ): the annotations for
 * the AWS Load Balancer Controller, Azure's cloud provider and MetalLB; the AWS and Azure stacks
 * pass the result as args.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Target } from "../../../config/defaults";
import { ENTRYPOINTS } from "./constants";
import type { GatewayEdge } from "./gateway";

/** How each target's load balancer reaches the gateway Service, in the DMZ zone (R-NET-ZONES). */
export type GatewayLoadBalancer =
    | {
          readonly target: "aws";
          /** DMZ subnets (ids or Name tags), comma separated. @default the controller's subnet discovery */
          readonly dmzSubnets?: pulumi.Input<string>;
          /** ACM certificate to terminate TLS at the NLB as well; Traefik terminates otherwise. @default undefined */
          readonly certificateArn?: pulumi.Input<string>;
          /** Internal NLB (behind a WAF or a private network). @default false */
          readonly internal?: boolean;
      }
    | {
          readonly target: "azure";
          /** Name of the DMZ subnet of the cluster's VNet. */
          readonly dmzSubnetName: string;
          /** Internal load balancer in the DMZ subnet (a WAF or Application Gateway in front). @default true */
          readonly internal?: boolean;
          /**
           * Fixed frontend address in the DMZ subnet (internal only), so the Application Gateway's
           * backend pool can name it at plan time. @default an address Azure allocates
           */
          readonly privateIp?: string;
      }
    | {
          readonly target: "onprem";
          /** MetalLB address pool (R-K8S: MetalLB on-prem without hardware LB). @default MetalLB's default pool */
          readonly addressPool?: string;
      };

/** AWS NLB TLS policy allowing TLS 1.3 only (R-SEC-TLS). */
export const AWS_TLS13_POLICY = "ELBSecurityPolicy-TLS13-1-3-2021-06";

/**
 * Annotations of the gateway Service for each target's load balancer. On AWS they target the AWS
 * Load Balancer Controller (NLB, IP targets) and always name the TLS 1.3-only policy; it applies
 * to the NLB's TLS listener when an ACM certificate is given, else TLS passes through to Traefik,
 * where the `default` TLSOption enforces TLS 1.3.
 */
export function gatewayServiceAnnotations(lb: GatewayLoadBalancer): Record<string, pulumi.Input<string>> {
    switch (lb.target) {
        case "aws": {
            const prefix = "service.beta.kubernetes.io/aws-load-balancer";
            const annotations: Record<string, pulumi.Input<string>> = {
                [`${prefix}-type`]: "external",
                [`${prefix}-nlb-target-type`]: "ip",
                [`${prefix}-scheme`]: lb.internal ? "internal" : "internet-facing",
                [`${prefix}-ssl-negotiation-policy`]: AWS_TLS13_POLICY,
                [`${prefix}-attributes`]: "load_balancing.cross_zone.enabled=true",
            };
            if (lb.dmzSubnets !== undefined) {
                annotations[`${prefix}-subnets`] = lb.dmzSubnets;
            }
            if (lb.certificateArn !== undefined) {
                annotations[`${prefix}-ssl-cert`] = lb.certificateArn;
                annotations[`${prefix}-ssl-ports`] = String(ENTRYPOINTS.websecure.exposedPort);
                annotations[`${prefix}-backend-protocol`] = "ssl";
            }
            return annotations;
        }
        case "azure": {
            const internal = lb.internal ?? true;
            return internal
                ? {
                      "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
                      "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": lb.dmzSubnetName,
                      ...(lb.privateIp !== undefined ? { "service.beta.kubernetes.io/azure-load-balancer-ipv4": lb.privateIp } : {}),
                  }
                : {};
        }
        case "onprem":
            // The metallb.universe.tf prefix is the one every MetalLB release still reads.
            return lb.addressPool ? { "metallb.universe.tf/address-pool": lb.addressPool } : {};
    }
}

/** The load balancer a target uses when its stack passes nothing more specific. */
export function defaultLoadBalancer(target: Target): GatewayLoadBalancer {
    switch (target) {
        case "aws":
            return { target: "aws" };
        case "azure":
            return { target: "azure", dmzSubnetName: "dmz" };
        case "onprem":
            return { target: "onprem" };
    }
}

/**
 * Issue 20: the gateway Service on Azure keeps `externalTrafficPolicy: Local`. The load balancer's
 * health probe then marks only the nodes running a Traefik pod healthy, so App Gateway traffic never
 * lands on nodes of other zones (whose NSGs drop it: intermittent 502s) and the client address
 * reaches Traefik without SNAT. The chart copies `service.spec` into the Service.
 */
export function azureGatewayEdge(): GatewayEdge {
    return { values: { service: { spec: { externalTrafficPolicy: "Local" } } } };
}
