/**
 * AzureAppGateway: the WAF of the DMZ on Azure (R-SEC-ZONES: Internet -> DMZ (LB, WAF) -> App).
 * An Application Gateway WAF_v2 in its dedicated DMZ subnet (`snet-dmz-appgw`) behind a
 * zone-redundant static public IP, with a WebApplicationFirewallPolicy in Prevention mode (Microsoft
 * Default Rule Set 2.1 and the Bot Manager rule set, a per-client rate limit, Devana's upload size)
 * and a TLS 1.3-only listener policy (R-SEC-TLS). It re-encrypts to the gateway's internal load
 * balancer (Traefik) at a fixed DMZ address, one backend setting per public host so SNI and
 * Traefik's certificates match. Access and firewall logs go to the Log Analytics workspace.
 *
 * TLS to the backend: Application Gateway v2 offers TLS 1.3 first on backend connections and falls
 * back to 1.2; the backend version and ciphers cannot be configured (Microsoft Learn, "Application
 * Gateway TLS policy overview", Limitations). Traefik accepts only TLS 1.3 (its `default`
 * TLSOption), so this hop negotiates 1.3 or fails: it can never fall back.
 *
 * Everything the gateway is made of is pure data (`wafPolicyArgs`, `appGatewayConfig`), tested
 * without Pulumi.
 */
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as monitor from "@pulumi/azure-native/monitor";
import * as network from "@pulumi/azure-native/network";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../config/defaults";
import { PORTS } from "../../config/ports";
import type { AzureGrantScopeArgs } from "../azure/scope";
import { DEVANA_REQUEST_TIMEOUT, HOST_IDS, type HostId, type Hosts } from "../platform/gateway";
import { retentionPlan } from "../security/azure-log-analytics";
import { grantRole } from "../security/azure-roles";

export const APP_GATEWAY_SKU = { name: "WAF_v2", tier: "WAF_v2" } as const;
/** R-SEC-TLS: every predefined policy still accepts TLS 1.2; CustomV2 with a 1.3 minimum does not. */
export const APP_GATEWAY_SSL_POLICY = { policyType: "CustomV2", minProtocolVersion: "TLSv1_3" } as const;
/** Managed rule sets: Microsoft's Default Rule Set (OWASP CRS based) and the bot protection set. */
export const WAF_MANAGED_RULE_SETS = [
    { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1" },
    { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
] as const;
/** Diagnostic categories sent to Log Analytics, and the resource-specific tables they land in. */
export const APP_GATEWAY_LOG_CATEGORIES = ["ApplicationGatewayAccessLog", "ApplicationGatewayFirewallLog"] as const;
export const APP_GATEWAY_LOG_TABLES = ["AGWAccessLogs", "AGWFirewallLogs"] as const;

/**
 * WAF_v2 size limits with DRS / CRS 3.2+ (Microsoft Learn, "Application Gateway limits"): non-file
 * request bodies up to 2 MB, multipart file uploads up to 4,000 MB, body inspection up to 2 MB.
 */
export const WAF_LIMITS = { maxRequestBodyKb: 2000, maxFileUploadMb: 4000, maxInspectKb: 2000 } as const;

/** Azure's rate-limit windows are one or five minutes; `devana:waf.rateLimit` counts over five. */
export const RATE_LIMIT_DURATION = "FiveMins";

/** Autoscaling bounds per environment; v2 supports up to 125 instances (the subnet holds 59 at /26). */
export const APP_GATEWAY_CAPACITY: Readonly<Record<Environment, { readonly minCapacity: number; readonly maxCapacity: number }>> = {
    dev: { minCapacity: 0, maxCapacity: 2 },
    staging: { minCapacity: 1, maxCapacity: 3 },
    // Two warm instances spread over the zones; scale-out takes minutes, so keep headroom.
    prod: { minCapacity: 2, maxCapacity: 10 },
};

/** Built-in role the gateway's identity needs on the certificate secret. */
export const KEY_VAULT_SECRETS_USER = "keyVaultSecretsUser" as const;

/** Names of the sub-resources of the gateway (unique within it). */
export const APP_GATEWAY_PARTS = {
    ipConfiguration: "gateway-ip",
    frontend: "public",
    portHttp: "port-80",
    portHttps: "port-443",
    pool: "traefik",
    certificate: "devana-tls",
    trustedRoot: "devana-internal-ca",
    acmeSettings: "http-acme",
    httpsListener: (id: HostId) => `https-${id}`,
    httpListener: (id: HostId) => `http-${id}`,
    httpsSettings: (id: HostId) => `https-${id}`,
    redirect: (id: HostId) => `to-https-${id}`,
    acmePathMap: (id: HostId) => `acme-${id}`,
    probe: (id: "front" | "api" | "http") => `probe-${id}`,
} as const;

/** ACME HTTP-01 challenges (cert-manager's solver routes on Traefik's port 80). */
export const ACME_CHALLENGE_PATHS = ["/.well-known/acme-challenge/*"] as const;

/** Request timeout of the `ws.` host: WebSocket connections are long-lived (Traefik sets none). */
export const WEBSOCKET_TIMEOUT_SECONDS = 3600;

/** `600s` -> 600. */
export function durationSeconds(duration: string): number {
    const match = /^(\d+)s$/.exec(duration);
    if (!match) {
        throw new Error(`expected a duration in seconds such as 600s, got ${duration}`);
    }
    return Number(match[1]);
}

/** A versionless Key Vault secret id, split: `https://<vault>.vault.azure.net/secrets/<name>`. */
export function keyVaultSecretRef(secretId: string): { readonly vaultName: string; readonly secretName: string } {
    const match = /^https:\/\/([^./]+)\.vault\.azure\.net\/secrets\/([A-Za-z0-9-]+)\/?$/.exec(secretId);
    if (!match) {
        throw new Error(`expected a versionless Key Vault secret id (https://<vault>.vault.azure.net/secrets/<name>), got ${secretId}`);
    }
    return { vaultName: match[1]!, secretName: match[2]! };
}

/** A PEM certificate as the base64 DER body Application Gateway takes for a trusted root. */
export function pemToCertificateData(pem: string): string {
    const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
    if (!body) {
        throw new Error("expected a PEM certificate");
    }
    return body[1]!.replace(/\s+/g, "");
}

/** Azure names of the edge resources of a stack. */
export function appGatewayNames(stack: string) {
    const slug = stack.toLowerCase().replace(/[^a-z0-9-]/g, "-");
    return {
        gateway: `agw-devana-${slug}`.slice(0, 80),
        wafPolicy: `waf-devana-${slug}`.slice(0, 80),
        publicIp: `pip-agw-devana-${slug}`.slice(0, 80),
        identity: `id-agw-devana-${slug}`.slice(0, 128),
    };
}

export interface WafPolicyInput {
    /** `devana:waf.rateLimit`: requests per client address over five minutes. */
    readonly rateLimit: number;
    /** `devana:waf.maxBodyMiB`: largest request body (document uploads). */
    readonly maxBodyMiB: number;
}

/**
 * The WAF policy: Prevention, DRS 2.1 + Bot Manager, and Devana's body size. DRS caps non-file bodies
 * at 2 MB, below Devana's uploads, so that cap is not enforced (bodies are still inspected up to
 * 2 MB); a custom rule blocks any declared `Content-Length` above `maxBodyMiB` whatever the content
 * type, and multipart file uploads are also capped at `maxBodyMiB`. Custom rules on headers run
 * before the size checks, so the limit holds for every request.
 */
export function wafPolicyArgs(input: WafPolicyInput) {
    if (input.maxBodyMiB > WAF_LIMITS.maxFileUploadMb) {
        throw new Error(`devana:waf.maxBodyMiB ${input.maxBodyMiB} is above the Application Gateway WAF's ${WAF_LIMITS.maxFileUploadMb} MB file upload limit`);
    }
    const maxBodyBytes = input.maxBodyMiB * 1024 * 1024;
    return {
        policySettings: {
            state: "Enabled",
            mode: "Prevention",
            requestBodyCheck: true,
            requestBodyInspectLimitInKB: WAF_LIMITS.maxInspectKb,
            requestBodyEnforcement: false,
            maxRequestBodySizeInKb: WAF_LIMITS.maxRequestBodyKb,
            fileUploadEnforcement: true,
            fileUploadLimitInMb: input.maxBodyMiB,
        },
        managedRules: { managedRuleSets: WAF_MANAGED_RULE_SETS.map((s) => ({ ...s })) },
        customRules: [
            {
                name: "BodyLimitContentLength",
                priority: 10,
                ruleType: "MatchRule",
                action: "Block",
                state: "Enabled",
                matchConditions: [
                    {
                        matchVariables: [{ variableName: "RequestHeaders", selector: "Content-Length" }],
                        operator: "GreaterThan",
                        matchValues: [String(maxBodyBytes)],
                        negationConditon: false,
                    },
                ],
            },
            {
                // Every request counts: "not from 255.255.255.255/32" matches all (Microsoft's pattern).
                name: "RateLimitPerClientAddr",
                priority: 20,
                ruleType: "RateLimitRule",
                action: "Block",
                state: "Enabled",
                rateLimitDuration: RATE_LIMIT_DURATION,
                rateLimitThreshold: input.rateLimit,
                groupByUserSession: [{ groupByVariables: [{ variableName: "ClientAddr" }] }],
                matchConditions: [
                    {
                        matchVariables: [{ variableName: "RemoteAddr" }],
                        operator: "IPMatch",
                        matchValues: ["255.255.255.255/32"],
                        negationConditon: true,
                    },
                ],
            },
        ],
    } satisfies Omit<network.WebApplicationFirewallPolicyArgs, "resourceGroupName">;
}

export interface AppGatewayConfigInput {
    readonly hosts: Hosts;
    /** The gateway's internal load balancer address (Traefik) in `snet-dmz`. */
    readonly backendIp: string;
    /** Versionless Key Vault secret id of the listeners' certificate. */
    readonly certificateSecretId: string;
    /** `devana:tls.mode`: with `acme`, port 80 forwards HTTP-01 challenges to Traefik. */
    readonly tlsMode: "acme" | "internal-ca";
    /** With `internal-ca`: the root Traefik's certificates chain to (the backend settings trust it). */
    readonly internalCaData?: pulumi.Input<string>;
}

type SubResource = { id: pulumi.Input<string> };
/** ARM id of a sub-resource of the gateway: `<gateway id>/<kind>/<name>`. */
export type SubResourceId = (kind: string, name: string) => pulumi.Input<string>;

/**
 * Listeners, backend settings, probes, redirects and rules of the gateway. Per public host: an HTTPS
 * listener (SNI, TLS 1.3, the Key Vault certificate) forwarding to Traefik with the host as host
 * name and SNI, and an HTTP listener that redirects to it permanently, except ACME challenges
 * (tls.mode acme), which go to Traefik's port 80 where cert-manager answers them.
 */
export function appGatewayConfig(input: AppGatewayConfigInput, idOf: SubResourceId) {
    const P = APP_GATEWAY_PARTS;
    const ref = (kind: string, name: string): SubResource => ({ id: idOf(kind, name) });
    const internalCa = input.tlsMode === "internal-ca";
    if (internalCa && input.internalCaData === undefined) {
        throw new Error("tls.mode internal-ca: the Application Gateway must trust the internal CA (internalCaData)");
    }
    const acme = input.tlsMode === "acme";
    const requestTimeout = durationSeconds(DEVANA_REQUEST_TIMEOUT);
    // The ws host's WebSocket server answers no health path: the API's /health (same pods) stands in.
    const probeOf = (id: HostId): "front" | "api" => (id === "front" ? "front" : "api");
    const httpsProbe = (id: "front" | "api") => ({
        name: P.probe(id),
        protocol: "Https",
        host: input.hosts[id],
        path: id === "api" ? "/health" : "/",
        interval: 30,
        timeout: 30,
        unhealthyThreshold: 3,
        pickHostNameFromBackendHttpSettings: false,
        // The API's /health answers 200; the front may redirect to its login page.
        match: { statusCodes: id === "api" ? ["200"] : ["200-399"] },
    });
    return {
        frontendPorts: [
            { name: P.portHttp, port: PORTS.http },
            { name: P.portHttps, port: PORTS.https },
        ],
        backendAddressPools: [{ name: P.pool, backendAddresses: [{ ipAddress: input.backendIp }] }],
        sslCertificates: [{ name: P.certificate, keyVaultSecretId: input.certificateSecretId }],
        trustedRootCertificates: internalCa ? [{ name: P.trustedRoot, data: input.internalCaData }] : undefined,
        probes: [
            httpsProbe("front"),
            httpsProbe("api"),
            ...(acme
                ? [
                      {
                          // Traefik's port 80 answers every public host with the 301 redirect.
                          name: P.probe("http"),
                          protocol: "Http",
                          host: input.hosts.front,
                          path: "/",
                          interval: 30,
                          timeout: 30,
                          unhealthyThreshold: 3,
                          pickHostNameFromBackendHttpSettings: false,
                          match: { statusCodes: ["200-399"] },
                      },
                  ]
                : []),
        ],
        backendHttpSettingsCollection: [
            ...HOST_IDS.map((id) => ({
                name: P.httpsSettings(id),
                protocol: "Https",
                port: PORTS.https,
                // Host header and SNI: Traefik routes on them and refuses unknown names (sniStrict).
                hostName: input.hosts[id],
                pickHostNameFromBackendAddress: false,
                cookieBasedAffinity: "Disabled",
                requestTimeout: id === "ws" ? WEBSOCKET_TIMEOUT_SECONDS : requestTimeout,
                probe: ref("probes", P.probe(probeOf(id))),
                trustedRootCertificates: internalCa ? [ref("trustedRootCertificates", P.trustedRoot)] : undefined,
            })),
            ...(acme
                ? [
                      {
                          // No host name: the client's Host header reaches cert-manager's solver route.
                          name: P.acmeSettings,
                          protocol: "Http",
                          port: PORTS.http,
                          pickHostNameFromBackendAddress: false,
                          cookieBasedAffinity: "Disabled",
                          requestTimeout: 30,
                          probe: ref("probes", P.probe("http")),
                      },
                  ]
                : []),
        ],
        httpListeners: HOST_IDS.flatMap((id) => [
            {
                name: P.httpsListener(id),
                protocol: "Https",
                frontendIPConfiguration: ref("frontendIPConfigurations", P.frontend),
                frontendPort: ref("frontendPorts", P.portHttps),
                hostName: input.hosts[id],
                requireServerNameIndication: true,
                sslCertificate: ref("sslCertificates", P.certificate),
            },
            {
                name: P.httpListener(id),
                protocol: "Http",
                frontendIPConfiguration: ref("frontendIPConfigurations", P.frontend),
                frontendPort: ref("frontendPorts", P.portHttp),
                hostName: input.hosts[id],
            },
        ]),
        // R-NET-PORTS: port 80 only redirects to HTTPS.
        redirectConfigurations: HOST_IDS.map((id) => ({
            name: P.redirect(id),
            redirectType: "Permanent",
            targetListener: ref("httpListeners", P.httpsListener(id)),
            includePath: true,
            includeQueryString: true,
        })),
        urlPathMaps: acme
            ? HOST_IDS.map((id) => ({
                  name: P.acmePathMap(id),
                  defaultRedirectConfiguration: ref("redirectConfigurations", P.redirect(id)),
                  pathRules: [
                      {
                          name: "acme-challenge",
                          paths: [...ACME_CHALLENGE_PATHS],
                          backendAddressPool: ref("backendAddressPools", P.pool),
                          backendHttpSettings: ref("backendHttpSettingsCollection", P.acmeSettings),
                      },
                  ],
              }))
            : undefined,
        requestRoutingRules: HOST_IDS.flatMap((id, i) => [
            {
                name: P.httpsListener(id),
                ruleType: "Basic",
                priority: 100 + i,
                httpListener: ref("httpListeners", P.httpsListener(id)),
                backendAddressPool: ref("backendAddressPools", P.pool),
                backendHttpSettings: ref("backendHttpSettingsCollection", P.httpsSettings(id)),
            },
            acme
                ? {
                      name: P.httpListener(id),
                      ruleType: "PathBasedRouting",
                      priority: 200 + i,
                      httpListener: ref("httpListeners", P.httpListener(id)),
                      urlPathMap: ref("urlPathMaps", P.acmePathMap(id)),
                  }
                : {
                      name: P.httpListener(id),
                      ruleType: "Basic",
                      priority: 200 + i,
                      httpListener: ref("httpListeners", P.httpListener(id)),
                      redirectConfiguration: ref("redirectConfigurations", P.redirect(id)),
                  },
        ]),
    };
}

export interface AzureAppGatewayArgs extends AzureGrantScopeArgs {
    /**
     * The resource group's name as a plain string: sub-resource ids are built from it so the
     * gateway's structure is known at plan time.
     */
    readonly resourceGroupNameText: string;
    /** Stack name (resource names). */
    readonly stack: string;
    /** Autoscaling bounds (`APP_GATEWAY_CAPACITY`). */
    readonly environment: Environment;
    /** Availability zones of the gateway and its public IP (`devana:azure.availabilityZones`). */
    readonly availabilityZones: readonly string[];
    /** The dedicated Application Gateway subnet (`snet-dmz-appgw`). */
    readonly subnetId: pulumi.Input<string>;
    /** Public hosts (config `hosts`): one listener, backend setting and redirect each. */
    readonly hosts: Hosts;
    /** The gateway's internal load balancer address in `snet-dmz` (the Traefik Service annotation). */
    readonly backendIp: string;
    /** `devana:azure.wafCertificateSecretId`. */
    readonly certificateSecretId: string;
    /**
     * ARM id of the Key Vault holding the certificate, when the stack owns it: the gateway's
     * identity is then granted Key Vault Secrets User on the secret. Otherwise the customer grants
     * it on their vault (output `identityPrincipalId`). @default undefined
     */
    readonly certificateVaultId?: pulumi.Input<string>;
    /** `devana:tls.mode` of Traefik's certificates (ACME path on port 80, or the internal root to trust). */
    readonly tlsMode: "acme" | "internal-ca";
    /** The internal CA certificate (PEM), required with `tlsMode: internal-ca`. @default undefined */
    readonly internalCaCertificatePem?: pulumi.Input<string>;
    /** `devana:waf` rate limit and body size. */
    readonly waf: WafPolicyInput;
    /** Log Analytics workspace of the stack (access and firewall logs). */
    readonly logAnalyticsWorkspaceId: pulumi.Input<string>;
    /** Its name (long-retention table settings). */
    readonly logAnalyticsWorkspaceName: pulumi.Input<string>;
    /** `devana:audit.retentionDays`: firewall logs are kept as long as the audit trail. */
    readonly auditRetentionDays: number;
    /** Protect the public IP: customers point their DNS at it. @default false */
    readonly protect?: boolean;
}

/** Application Gateway WAF_v2 with its WAF policy, public IP, identity and diagnostics. */
export class AzureAppGateway extends pulumi.ComponentResource {
    /** The address customers point the three public host names at. */
    public readonly publicIpAddress: pulumi.Output<string | undefined>;
    public readonly gatewayId: pulumi.Output<string>;
    public readonly wafPolicyId: pulumi.Output<string>;
    /** Principal of the identity that reads the certificate (grant it Key Vault Secrets User on a customer vault). */
    public readonly identityPrincipalId: pulumi.Output<string>;

    constructor(name: string, args: AzureAppGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:edge:AzureAppGateway", name, {}, opts);
        const child = { parent: this };
        const tags = { ...args.tags };
        const names = appGatewayNames(args.stack);
        const zones = [...args.availabilityZones];

        const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, { resourceGroupName: args.resourceGroupName, location: args.location, resourceName: names.identity, tags }, child);
        const secret = keyVaultSecretRef(args.certificateSecretId);
        // Least privilege: the one secret, not the whole vault.
        const certificateAccess =
            args.certificateVaultId !== undefined
                ? grantRole(
                      `${name}-certificate-access`,
                      args.subscriptionId,
                      {
                          role: KEY_VAULT_SECRETS_USER,
                          scope: pulumi.interpolate`${args.certificateVaultId}/secrets/${secret.secretName}`,
                          principalId: identity.principalId,
                          principalType: "ServicePrincipal",
                          description: "Application Gateway reads its TLS listener certificate",
                      },
                      child,
                  )
                : undefined;

        const publicIp = new network.PublicIPAddress(
            `${name}-ip`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                publicIpAddressName: names.publicIp,
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
                // Zone-redundant: a superset of the gateway's zones, as Azure requires.
                zones,
                tags,
            },
            // Protected: customers point their DNS records at this address.
            { ...child, protect: args.protect ?? false },
        );

        const policy = new network.WebApplicationFirewallPolicy(`${name}-waf-policy`, { resourceGroupName: args.resourceGroupName, location: args.location, policyName: names.wafPolicy, ...wafPolicyArgs(args.waf), tags }, child);

        const gatewayId = pulumi.interpolate`/subscriptions/${args.subscriptionId}/resourceGroups/${args.resourceGroupNameText}/providers/Microsoft.Network/applicationGateways/${names.gateway}`;
        const idOf: SubResourceId = (kind, part) => pulumi.interpolate`${gatewayId}/${kind}/${part}`;
        const config = appGatewayConfig(
            {
                hosts: args.hosts,
                backendIp: args.backendIp,
                certificateSecretId: args.certificateSecretId,
                tlsMode: args.tlsMode,
                internalCaData: args.internalCaCertificatePem !== undefined ? pulumi.output(args.internalCaCertificatePem).apply(pemToCertificateData) : undefined,
            },
            idOf,
        );
        const gateway = new network.ApplicationGateway(
            `${name}-agw`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                applicationGatewayName: names.gateway,
                sku: { ...APP_GATEWAY_SKU },
                autoscaleConfiguration: { ...APP_GATEWAY_CAPACITY[args.environment] },
                zones,
                identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
                firewallPolicy: { id: policy.id },
                sslPolicy: { ...APP_GATEWAY_SSL_POLICY },
                enableHttp2: true,
                gatewayIPConfigurations: [{ name: APP_GATEWAY_PARTS.ipConfiguration, subnet: { id: args.subnetId } }],
                frontendIPConfigurations: [{ name: APP_GATEWAY_PARTS.frontend, publicIPAddress: { id: publicIp.id } }],
                ...config,
                tags,
            },
            // The identity must read the certificate before the listeners are created.
            { ...child, dependsOn: certificateAccess ? [certificateAccess] : [] },
        );

        // Firewall logs are security records: keep them as long as the audit trail (R-SEC-AUDIT).
        const retention = retentionPlan(args.auditRetentionDays);
        const tables =
            retention.auditTableTotalDays !== undefined
                ? APP_GATEWAY_LOG_TABLES.map(
                      (table) =>
                          new operationalinsights.Table(
                              `${name}-table-${table}`,
                              {
                                  resourceGroupName: args.resourceGroupName,
                                  workspaceName: args.logAnalyticsWorkspaceName,
                                  tableName: table,
                                  retentionInDays: retention.workspaceDays,
                                  totalRetentionInDays: retention.auditTableTotalDays,
                              },
                              child,
                          ),
                  )
                : [];
        new monitor.DiagnosticSetting(
            `${name}-diagnostics`,
            {
                name: "devana-waf",
                resourceUri: gateway.id,
                workspaceId: args.logAnalyticsWorkspaceId,
                logAnalyticsDestinationType: "Dedicated",
                logs: APP_GATEWAY_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
            },
            { ...child, dependsOn: tables },
        );

        this.publicIpAddress = publicIp.ipAddress;
        this.gatewayId = gateway.id;
        this.wafPolicyId = policy.id;
        this.identityPrincipalId = identity.principalId;
        this.registerOutputs({
            publicIpAddress: this.publicIpAddress,
            gatewayId: this.gatewayId,
            wafPolicyId: this.wafPolicyId,
            identityPrincipalId: this.identityPrincipalId,
        });
    }
}
