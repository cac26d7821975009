/**
 * AwsWafEdge: the public entry point of the AWS target when `devana:waf` is on (R-SEC-ZONES:
 * Internet -> DMZ (LB, WAF) -> App). An internet-facing Application Load Balancer in the DMZ
 * subnets, protected by an AWS WAFv2 web ACL (see aws-waf-rules.ts), forwards to Traefik's pods
 * (IP targets registered by the AWS Load Balancer Controller through TargetGroupBindings); the
 * Traefik Service is then ClusterIP, so no WAF-less path exists.
 *
 * TLS on both hops (R-SEC-TLS): clients reach the ALB over TLS 1.3 only
 * (`ELBSecurityPolicy-TLS13-1-3-2021-06`, ACM certificate); with a TLS 1.3 listener policy the ALB
 * opens its target connections with `ELBSecurityPolicy-TLS13-1-0-2021-06`, which offers TLS 1.3,
 * and Traefik's `default` TLSOption accepts nothing below it, so the ALB -> Traefik hop is TLS 1.3
 * too. Two ALB facts shape the rest: it sends no SNI to targets (Traefik's strict SNI must be off;
 * the ALB does not check the target certificate either), and an HTTPS health check fails against a
 * TLS 1.3-only target, so health checks use plain HTTP to Traefik's `/ping` on its internal port.
 */
import * as aws from "../aws/sdk";
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { PORTS } from "../../config/ports";
import type * as inputs from "@pulumi/aws/types/input";
import { cloudWatchRetentionDays } from "../network/aws-network";
import { AWS_TLS13_POLICY, DEVANA_REQUEST_TIMEOUT, ENTRYPOINTS, TRAEFIK_PING } from "../platform/gateway";
import { redactedFields, visibility, wafLogDeliveryPolicy, wafLogGroupName, webAclRules } from "./aws-waf-rules";

/** Path of ACME HTTP-01 challenges: the only requests port 80 forwards instead of redirecting. */
export const ACME_CHALLENGE_PATH = "/.well-known/acme-challenge/*";

/** Name of the stack's web ACL, also its ACL-level CloudWatch metric name (the `WebACL` dimension). */
export const webAclNameFor = (name: string): string => `${name}-edge`;

/** HSTS header the ALB adds to every HTTPS response (one year). */
export const HSTS_HEADER = "max-age=31536000";

/** Devana's longest request (uploads, 600 s): the ALB must not cut idle connections sooner. */
export const ALB_IDLE_TIMEOUT_SECONDS = Number.parseInt(DEVANA_REQUEST_TIMEOUT, 10);

/** A port the ALB opens to Traefik's pods. */
export interface EdgePort {
    readonly id: "websecure" | "web" | "ping";
    readonly port: number;
    readonly reason: string;
}

/**
 * The ports the ALB reaches on Traefik's pods: websecure (HTTPS, all traffic), `/ping` (plain HTTP
 * health checks), and web (port 80) only for ACME HTTP-01 challenges in `tls.mode: acme`.
 */
export function edgePorts(acmeHttp01: boolean): EdgePort[] {
    return [
        { id: "websecure", port: ENTRYPOINTS.websecure.port, reason: "HTTPS (TLS 1.3) from the ALB to Traefik" },
        { id: "ping", port: TRAEFIK_PING.port, reason: "ALB health checks of Traefik's /ping" },
        ...(acmeHttp01 ? [{ id: "web" as const, port: ENTRYPOINTS.web.port, reason: "ACME HTTP-01 challenges from the ALB to Traefik" }] : []),
    ];
}

/**
 * The ALB's security group: HTTPS and HTTP (redirected) from the Internet; out only to the pod
 * address space on `edgePorts` (Traefik runs in the pod subnets: VPC CNI custom networking).
 */
export function albSecurityGroupRules(podCidr: string, acmeHttp01: boolean): { ingress: inputs.ec2.SecurityGroupIngress[]; egress: inputs.ec2.SecurityGroupEgress[] } {
    return {
        ingress: [
            { protocol: "tcp", fromPort: PORTS.https, toPort: PORTS.https, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS from the Internet (R-NET-PORTS)" },
            { protocol: "tcp", fromPort: PORTS.http, toPort: PORTS.http, cidrBlocks: ["0.0.0.0/0"], description: "HTTP from the Internet, redirected to HTTPS (R-NET-PORTS)" },
        ],
        egress: edgePorts(acmeHttp01).map((p) => ({ protocol: "tcp", fromPort: p.port, toPort: p.port, cidrBlocks: [podCidr], description: p.reason })),
    };
}

/** Health check of both target groups: plain HTTP to `/ping` (an HTTPS check fails on a TLS 1.3-only target). */
export function targetHealthCheck(): inputs.lb.TargetGroupHealthCheck {
    return {
        enabled: true,
        protocol: "HTTP",
        port: String(TRAEFIK_PING.port),
        path: TRAEFIK_PING.path,
        matcher: "200",
        interval: 10,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
    };
}

/** The two target groups: `https` (all traffic) and, with ACME, `acme` (port 80 challenges). */
export function targetGroupSpecs(acmeHttp01: boolean): { id: "https" | "acme"; port: number; protocol: "HTTPS" | "HTTP" }[] {
    return [{ id: "https", port: ENTRYPOINTS.websecure.port, protocol: "HTTPS" }, ...(acmeHttp01 ? [{ id: "acme" as const, port: ENTRYPOINTS.web.port, protocol: "HTTP" as const }] : [])];
}

export interface AwsWafEdgeArgs {
    /** Prefix of AWS-visible names (WAF ACL, metrics, log group): the cluster name. */
    readonly name: string;
    readonly vpcId: pulumi.Input<string>;
    /** The DMZ subnets (R-NET-ZONES), one per AZ. */
    readonly dmzSubnetIds: readonly pulumi.Input<string>[];
    /** Pod address space (devana:aws.podCidr): where Traefik's pods are. */
    readonly podCidr: string;
    /** Security group of the pod ENIs (the EKS cluster security group, set in the ENIConfigs). */
    readonly podSecurityGroupId: pulumi.Input<string>;
    /** ACM certificate of the public hosts (devana:aws.certificateArn). */
    readonly certificateArn: pulumi.Input<string>;
    /** devana:waf.rateLimit and maxBodyMiB. */
    readonly waf: { readonly rateLimit: number; readonly maxBodyMiB: number };
    /** The `logs` KMS key and devana:audit.retentionDays, for the WAF log group. */
    readonly logs: { readonly kmsKeyArn: pulumi.Input<string>; readonly retentionDays: number };
    /** Account, partition and region of the log delivery policy. */
    readonly account: { readonly accountId: pulumi.Input<string>; readonly partition: pulumi.Input<string>; readonly region: string };
    /** Traefik: namespace and Service name; the bindings wait for `dependsOn` (Traefik, the load balancer controller and its CRDs). */
    readonly gateway: { readonly namespace: pulumi.Input<string>; readonly serviceName: string; readonly dependsOn: readonly pulumi.Resource[] };
    /** Forward ACME HTTP-01 challenges on port 80 to Traefik (devana:tls.mode acme). @default false */
    readonly acmeHttp01?: boolean;
    /** Deletion protection on the ALB; protect the WAF log group. @default false */
    readonly protect?: boolean;
}

/** ALB + WAF in the DMZ; pass the AWS and Kubernetes providers in `opts.providers`. */
export class AwsWafEdge extends pulumi.ComponentResource {
    /** DNS name of the ALB: point the public hosts at it (CNAME, or a Route 53 alias with `albZoneId`). */
    public readonly albDnsName: pulumi.Output<string>;
    public readonly albZoneId: pulumi.Output<string>;
    public readonly albArn: pulumi.Output<string>;
    public readonly webAclArn: pulumi.Output<string>;
    public readonly wafLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: AwsWafEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:edge:AwsWafEdge", name, {}, opts);
        const acme = args.acmeHttp01 ?? false;
        const protect = args.protect ?? false;
        const tags = { Name: `${args.name}-edge` };

        // --- Load balancer
        const sgRules = albSecurityGroupRules(args.podCidr, acme);
        const sg = new aws.ec2.SecurityGroup(
            `${name}-alb`,
            { vpcId: args.vpcId, description: "Devana ALB: 443/80 from the Internet, out to Traefik's pods only", ingress: sgRules.ingress, egress: sgRules.egress, revokeRulesOnDelete: true, tags },
            { parent: this },
        );
        // The pods' security group accepts the ALB on the same ports (and only from its group).
        for (const p of edgePorts(acme)) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-pods-${p.id}`,
                { securityGroupId: args.podSecurityGroupId, referencedSecurityGroupId: sg.id, ipProtocol: "tcp", fromPort: p.port, toPort: p.port, description: p.reason },
                { parent: this },
            );
        }

        const alb = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                loadBalancerType: "application",
                internal: false,
                ipAddressType: "ipv4",
                subnets: [...args.dmzSubnetIds],
                securityGroups: [sg.id],
                dropInvalidHeaderFields: true,
                enableHttp2: true,
                idleTimeout: ALB_IDLE_TIMEOUT_SECONDS,
                // Fail closed: if the WAF cannot answer, the ALB refuses the request.
                enableWafFailOpen: false,
                enableDeletionProtection: protect,
                tags,
            },
            { parent: this },
        );

        const groups = new Map<string, aws.lb.TargetGroup>();
        for (const spec of targetGroupSpecs(acme)) {
            groups.set(
                spec.id,
                new aws.lb.TargetGroup(
                    `${name}-${spec.id}`,
                    {
                        vpcId: args.vpcId,
                        targetType: "ip",
                        port: spec.port,
                        protocol: spec.protocol,
                        // HTTP/1.1 to Traefik: WebSockets (the ws. host) need it.
                        protocolVersion: "HTTP1",
                        deregistrationDelay: 30,
                        healthCheck: targetHealthCheck(),
                        tags: { ...tags, "devana.ai/target": spec.id },
                    },
                    { parent: this },
                ),
            );
        }
        const https = groups.get("https")!;

        new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: alb.arn,
                port: PORTS.https,
                protocol: "HTTPS",
                sslPolicy: AWS_TLS13_POLICY,
                certificateArn: args.certificateArn,
                defaultActions: [{ type: "forward", targetGroupArn: https.arn }],
                routingHttpResponseStrictTransportSecurityHeaderValue: HSTS_HEADER,
                tags,
            },
            { parent: this },
        );
        const http = new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: alb.arn,
                port: PORTS.http,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: String(PORTS.https), statusCode: "HTTP_301" } }],
                tags,
            },
            { parent: this },
        );
        const acmeGroup = groups.get("acme");
        if (acmeGroup) {
            // cert-manager answers HTTP-01 on Traefik's port-80 listener, which holds only the
            // redirect and the solvers (R-NET-PORTS): the challenge path alone goes there.
            new aws.lb.ListenerRule(
                `${name}-acme`,
                {
                    listenerArn: http.arn,
                    priority: 10,
                    conditions: [{ pathPattern: { values: [ACME_CHALLENGE_PATH] } }],
                    actions: [{ type: "forward", targetGroupArn: acmeGroup.arn }],
                    tags,
                },
                { parent: this },
            );
        }

        // Traefik's pods join the target groups through the AWS Load Balancer Controller.
        const servicePort: Record<string, number> = { https: ENTRYPOINTS.websecure.exposedPort, acme: ENTRYPOINTS.web.exposedPort };
        for (const [id, group] of groups) {
            new k8s.apiextensions.CustomResource(
                `${name}-binding-${id}`,
                {
                    apiVersion: "elbv2.k8s.aws/v1beta1",
                    kind: "TargetGroupBinding",
                    metadata: { name: `devana-edge-${id}`, namespace: args.gateway.namespace, labels: { "app.kubernetes.io/part-of": "devana" } },
                    // No `networking`: the pods' security group rules are the ones above.
                    spec: { serviceRef: { name: args.gateway.serviceName, port: servicePort[id] }, targetGroupARN: group.arn, targetType: "ip" },
                },
                { parent: this, dependsOn: [...args.gateway.dependsOn] },
            );
        }

        // --- WAF
        const acl = new aws.wafv2.WebAcl(
            `${name}-waf`,
            {
                name: webAclNameFor(args.name),
                description: `Devana ${args.name}: AWS managed rules, per-IP rate limit, upload-size limit`,
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: webAclRules({ metricPrefix: args.name, rateLimit: args.waf.rateLimit, maxBodyMiB: args.waf.maxBodyMiB }),
                visibilityConfig: visibility(webAclNameFor(args.name)),
                tags,
            },
            { parent: this },
        );
        new aws.wafv2.WebAclAssociation(`${name}-waf`, { resourceArn: alb.arn, webAclArn: acl.arn }, { parent: this });

        // WAF logs (every request, Authorization and Cookie redacted): KMS-encrypted, kept per R-SEC-AUDIT.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-waf-logs`,
            { name: wafLogGroupName(args.name), kmsKeyId: args.logs.kmsKeyArn, retentionInDays: cloudWatchRetentionDays(args.logs.retentionDays), tags },
            { parent: this, protect },
        );
        const delivery = new aws.cloudwatch.LogResourcePolicy(
            `${name}-waf-logs`,
            {
                policyName: `${args.name}-waf-log-delivery`,
                policyDocument: pulumi
                    .all([logGroup.arn, args.account.partition, args.account.accountId])
                    .apply(([arn, partition, accountId]) => JSON.stringify(wafLogDeliveryPolicy(arn, { partition, accountId, region: args.account.region }))),
            },
            { parent: this },
        );
        new aws.wafv2.WebAclLoggingConfiguration(`${name}-waf-logs`, { resourceArn: acl.arn, logDestinationConfigs: [logGroup.arn], redactedFields: redactedFields() }, { parent: this, dependsOn: [delivery] });

        this.albDnsName = alb.dnsName;
        this.albZoneId = alb.zoneId;
        this.albArn = alb.arn;
        this.webAclArn = acl.arn;
        this.wafLogGroupName = logGroup.name;
        this.registerOutputs({ albDnsName: this.albDnsName, albZoneId: this.albZoneId, albArn: this.albArn, webAclArn: this.webAclArn, wafLogGroupName: this.wafLogGroupName });
    }
}
