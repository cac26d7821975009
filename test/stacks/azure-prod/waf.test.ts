/**
 * R-SEC-ZONES on Azure (issue 10): the Application Gateway WAF_v2 in the DMZ of the azure-prod plan
 * (its WAF policy and their association, the TLS 1.3-only listeners and the port-80 redirect, the
 * backend pool on Traefik's fixed internal load balancer address, the diagnostic logs, the dedicated
 * subnet), then two variants: the WAF off (evaluated in this process) and a certificate in the
 * stack's own Key Vault with the internal CA (the plan CLI in a child process).
 *
 * Does not prove Azure accepts the gateway (SKU quotas, Key Vault reachability, the certificate's
 * hosts), that the rule sets pass Devana's traffic without false positives, nor that Let's Encrypt
 * reaches the ACME path through the gateway: only `pulumi up` against a subscription shows that.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate, type PlannedResource } from "../../../scripts/lib/evaluate";
import { readStackFile, stackFilePath } from "../../../scripts/lib/stack-file";
import { azureNames, nameSuffix } from "../../../stacks/azure";
import { byName, evaluateOk, ofType, planVariant, stackConfig, writeStackFile } from "../../support/helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
let resources: readonly PlannedResource[];

let outputs: Record<string, any>;

const T = {
    appGateway: "azure-native:network:ApplicationGateway",
    wafPolicy: "azure-native:network:WebApplicationFirewallPolicy",
    publicIp: "azure-native:network:PublicIPAddress",
    subnet: "azure-native:network:Subnet",
    nsg: "azure-native:network:NetworkSecurityGroup",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    diag: "azure-native:monitor:DiagnosticSetting",
    workspace: "azure-native:operationalinsights:Workspace",
    chart: "kubernetes:helm.sh/v4:Chart",
} as const;

const KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

const HOSTS = { front: "devana.example.eu", api: "api.devana.example.eu", ws: "ws.devana.example.eu" };

const CERT_SECRET = "https://kv-devana-certs.vault.azure.net/secrets/devana-example-com";

const inputsOf = (list: readonly PlannedResource[], type: string, name: string) => byName(list, type, name).inputs as Record<string, any>;

const get = (type: string, name: string) => inputsOf(resources, type, name);

const idOf = (type: string, name: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock/providers/${type}/${name}`;

const GW = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-devana-azure-prod/providers/Microsoft.Network/applicationGateways/agw-devana-azure-prod";

const part = (kind: string, name: string) => ({ id: `${GW}/${kind}/${name}` });

const byItemName = (list: { name: string }[]): Record<string, any> => Object.fromEntries(list.map((i) => [i.name, i]));

const traefikService = (list: readonly PlannedResource[]) => {
    const charts = ofType(list, T.chart).filter((c) => c.inputs.chart === "traefik" || String(c.inputs.chart).endsWith("/traefik"));
    expect(charts).toHaveLength(1);
    return (charts[0]!.inputs.values as any).service as { spec: { type: string }; annotations: Record<string, string> };
};

beforeAll(async () => {
    ({ resources, outputs } = await evaluateOk("azure-prod"));
});

describe("azure-prod: Application Gateway WAF_v2 in the DMZ (R-SEC-ZONES)", () => {
    it("creates one WAF_v2 gateway, zone-redundant with prod autoscaling, associated with the one WAF policy", () => {
        expect(ofType(resources, T.appGateway)).toHaveLength(1);
        expect(ofType(resources, T.wafPolicy)).toHaveLength(1);
        const gw = get(T.appGateway, "devana-waf-agw");
        expect(gw).toMatchObject({
            applicationGatewayName: "agw-devana-azure-prod",
            location: "swedencentral",
            sku: { name: "WAF_v2", tier: "WAF_v2" },
            autoscaleConfiguration: { minCapacity: 2, maxCapacity: 10 },
            zones: ["1", "2", "3"],
            enableHttp2: true,
        });
        expect(gw.sku.capacity).toBeUndefined();
        expect(gw.firewallPolicy).toEqual({ id: idOf(T.wafPolicy, "devana-waf-waf-policy") });
        // The association is recorded as a property dependency (what the edge policy reads).
        const options = byName(resources, T.appGateway, "devana-waf-agw").options;
        expect(options.propertyDependencies?.firewallPolicy).toEqual([byName(resources, T.wafPolicy, "devana-waf-waf-policy").urn]);
    });

    it("runs the WAF policy in Prevention with DRS 2.1 and Bot Manager, Devana's upload size and the per-client rate limit", () => {
        const policy = get(T.wafPolicy, "devana-waf-waf-policy");
        expect(policy.policyName).toBe("waf-devana-azure-prod");
        expect(policy.policySettings).toEqual({
            state: "Enabled",
            mode: "Prevention",
            requestBodyCheck: true,
            requestBodyInspectLimitInKB: 2000,
            requestBodyEnforcement: false,
            maxRequestBodySizeInKb: 2000,
            fileUploadEnforcement: true,
            fileUploadLimitInMb: 200,
        });
        expect(policy.managedRules).toEqual({
            managedRuleSets: [
                { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1" },
                { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
            ],
        });
        const rules = byItemName(policy.customRules);
        expect(Object.keys(rules)).toEqual(["BodyLimitContentLength", "RateLimitPerClientAddr"]);
        expect(rules.BodyLimitContentLength).toMatchObject({
            priority: 10,
            ruleType: "MatchRule",
            action: "Block",
            matchConditions: [{ matchVariables: [{ variableName: "RequestHeaders", selector: "Content-Length" }], operator: "GreaterThan", matchValues: [String(200 * 1024 * 1024)] }],
        });
        // devana:waf.rateLimit counts per client IP over 5 minutes: Azure's FiveMins window, same threshold.
        expect(rules.RateLimitPerClientAddr).toMatchObject({
            priority: 20,
            ruleType: "RateLimitRule",
            action: "Block",
            rateLimitDuration: "FiveMins",
            rateLimitThreshold: 2000,
            groupByUserSession: [{ groupByVariables: [{ variableName: "ClientAddr" }] }],
            matchConditions: [{ matchVariables: [{ variableName: "RemoteAddr" }], operator: "IPMatch", matchValues: ["255.255.255.255/32"], negationConditon: true }],
        });
    });

    it("terminates TLS 1.3 only (CustomV2, TLSv1_3) with the Key Vault certificate on one SNI listener per host", () => {
        const gw = get(T.appGateway, "devana-waf-agw");
        expect(gw.sslPolicy).toEqual({ policyType: "CustomV2", minProtocolVersion: "TLSv1_3" });
        expect(gw.sslCertificates).toEqual([{ name: "devana-tls", keyVaultSecretId: CERT_SECRET }]);
        expect(gw.frontendIPConfigurations).toEqual([{ name: "public", publicIPAddress: { id: idOf(T.publicIp, "devana-waf-ip") } }]);
        expect(gw.frontendPorts).toEqual([
            { name: "port-80", port: 80 },
            { name: "port-443", port: 443 },
        ]);
        const listeners = byItemName(gw.httpListeners);
        expect(Object.keys(listeners)).toEqual(["https-front", "http-front", "https-api", "http-api", "https-ws", "http-ws"]);
        for (const [id, host] of Object.entries(HOSTS)) {
            expect(listeners[`https-${id}`]).toEqual({
                name: `https-${id}`,
                protocol: "Https",
                frontendIPConfiguration: part("frontendIPConfigurations", "public"),
                frontendPort: part("frontendPorts", "port-443"),
                hostName: host,
                requireServerNameIndication: true,
                sslCertificate: part("sslCertificates", "devana-tls"),
            });
            expect(listeners[`http-${id}`]).toEqual({
                name: `http-${id}`,
                protocol: "Http",
                frontendIPConfiguration: part("frontendIPConfigurations", "public"),
                frontendPort: part("frontendPorts", "port-80"),
                hostName: host,
            });
        }
    });

    it("redirects port 80 to HTTPS permanently, except ACME HTTP-01 challenges (tls.mode acme), which reach Traefik's port 80", () => {
        const gw = get(T.appGateway, "devana-waf-agw");
        for (const id of Object.keys(HOSTS)) {
            expect(byItemName(gw.redirectConfigurations)[`to-https-${id}`]).toEqual({
                name: `to-https-${id}`,
                redirectType: "Permanent",
                targetListener: part("httpListeners", `https-${id}`),
                includePath: true,
                includeQueryString: true,
            });
            expect(byItemName(gw.urlPathMaps)[`acme-${id}`]).toEqual({
                name: `acme-${id}`,
                defaultRedirectConfiguration: part("redirectConfigurations", `to-https-${id}`),
                pathRules: [
                    {
                        name: "acme-challenge",
                        paths: ["/.well-known/acme-challenge/*"],
                        backendAddressPool: part("backendAddressPools", "traefik"),
                        backendHttpSettings: part("backendHttpSettingsCollection", "http-acme"),
                    },
                ],
            });
        }
        expect(gw.requestRoutingRules.map((r: any) => [r.name, r.ruleType, r.priority])).toEqual([
            ["https-front", "Basic", 100],
            ["http-front", "PathBasedRouting", 200],
            ["https-api", "Basic", 101],
            ["http-api", "PathBasedRouting", 201],
            ["https-ws", "Basic", 102],
            ["http-ws", "PathBasedRouting", 202],
        ]);
        const rules = byItemName(gw.requestRoutingRules);
        expect(rules["https-api"]).toEqual({
            name: "https-api",
            ruleType: "Basic",
            priority: 101,
            httpListener: part("httpListeners", "https-api"),
            backendAddressPool: part("backendAddressPools", "traefik"),
            backendHttpSettings: part("backendHttpSettingsCollection", "https-api"),
        });
        expect(rules["http-ws"]).toMatchObject({ httpListener: part("httpListeners", "http-ws"), urlPathMap: part("urlPathMaps", "acme-ws") });
        // Nothing on port 80 reaches Devana: only the ACME path, and only on Traefik's port 80.
        const acme = byItemName(gw.backendHttpSettingsCollection)["http-acme"];
        expect(acme).toMatchObject({ protocol: "Http", port: 80 });
        expect(acme.hostName).toBeUndefined();
    });

    it("sends everything to Traefik's internal load balancer, at the address its Service annotation fixes in snet-dmz", () => {
        const gw = get(T.appGateway, "devana-waf-agw");
        const service = traefikService(resources);
        expect(service.spec.type).toBe("LoadBalancer");
        expect(service.annotations).toEqual({
            "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
            "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": "snet-dmz",
            "service.beta.kubernetes.io/azure-load-balancer-ipv4": "10.0.1.126",
        });
        expect(gw.backendAddressPools).toEqual([{ name: "traefik", backendAddresses: [{ ipAddress: service.annotations["service.beta.kubernetes.io/azure-load-balancer-ipv4"] }] }]);
        expect(get(T.subnet, "devana-network-subnet-dmz").addressPrefix).toBe("10.0.1.0/25");
    });

    it("re-encrypts per host with the public host as host name and SNI, Devana's 600 s timeout, probes that answer 200", () => {
        const gw = get(T.appGateway, "devana-waf-agw");
        const settings = byItemName(gw.backendHttpSettingsCollection);
        expect(Object.keys(settings)).toEqual(["https-front", "https-api", "https-ws", "http-acme"]);
        const expected: Record<string, [string, number, string]> = { front: [HOSTS.front, 600, "probe-front"], api: [HOSTS.api, 600, "probe-api"], ws: [HOSTS.ws, 3600, "probe-api"] };
        for (const [id, [host, timeout, probe]] of Object.entries(expected)) {
            expect(settings[`https-${id}`]).toEqual({
                name: `https-${id}`,
                protocol: "Https",
                port: 443,
                hostName: host,
                pickHostNameFromBackendAddress: false,
                cookieBasedAffinity: "Disabled",
                requestTimeout: timeout,
                probe: part("probes", probe),
            });
        }
        // Let's Encrypt certificates on Traefik chain to a public root: no trusted root to upload.
        expect(gw.trustedRootCertificates).toBeUndefined();
        const probes = byItemName(gw.probes);
        expect(Object.keys(probes)).toEqual(["probe-front", "probe-api", "probe-http"]);
        expect(probes["probe-api"]).toMatchObject({ protocol: "Https", host: HOSTS.api, path: "/health", match: { statusCodes: ["200"] }, pickHostNameFromBackendHttpSettings: false });
        expect(probes["probe-front"]).toMatchObject({ protocol: "Https", host: HOSTS.front, path: "/", match: { statusCodes: ["200-399"] } });
        expect(probes["probe-http"]).toMatchObject({ protocol: "Http", host: HOSTS.front, path: "/" });
    });

    it("puts the gateway in its dedicated DMZ subnet, whose NSG allows only what Application Gateway v2 requires", () => {
        const gw = get(T.appGateway, "devana-waf-agw");
        expect(gw.gatewayIPConfigurations).toEqual([{ name: "gateway-ip", subnet: { id: idOf(T.subnet, "devana-network-subnet-appgw") } }]);
        const subnet = get(T.subnet, "devana-network-subnet-appgw");
        expect(subnet).toMatchObject({ subnetName: "snet-dmz-appgw", addressPrefix: "10.0.1.128/25", networkSecurityGroup: { id: idOf(T.nsg, "devana-network-nsg-appgw") } });
        expect(subnet.natGateway).toBeUndefined();
        expect(subnet.delegations).toBeUndefined();
        const nsg = get(T.nsg, "devana-network-nsg-appgw");
        expect(nsg.tags["devana.ai/zone"]).toBe("dmz");
        expect(nsg.securityRules.map((r: any) => [r.name, r.priority, r.access, r.sourceAddressPrefix, r.destinationPortRange ?? r.destinationPortRanges])).toEqual([
            ["allow-gateway-manager", 100, "Allow", "GatewayManager", "65200-65535"],
            ["allow-azure-load-balancer", 110, "Allow", "AzureLoadBalancer", "*"],
            ["allow-internet-https", 120, "Allow", "Internet", ["80", "443"]],
            ["deny-all-inbound", 4000, "Deny", "*", "*"],
        ]);
        // The gateway frontend admits the WAF's subnet only, in the DMZ and in App, the gateway's only zone (issue 20).
        const rules = (zone: string) => get(T.nsg, `devana-network-nsg-${zone}`).securityRules as any[];
        expect(rules("dmz").find((r) => r.name === "allow-appgw-https")).toMatchObject({ sourceAddressPrefix: "10.0.1.128/25", destinationAddressPrefix: "10.0.1.0/25", destinationPortRanges: ["80", "443"] });
        expect(rules("app").find((r) => r.name === "allow-gateway-frontend")).toMatchObject({ sourceAddressPrefix: "10.0.1.128/25", destinationAddressPrefixes: ["10.0.1.0/25", "10.0.10.0/24", "10.244.0.0/19"] });
        for (const zone of ["services", "data", "ai", "management"]) {
            expect(rules(zone).find((r) => r.name === "allow-gateway-frontend")).toBeUndefined();
        }
    });

    it("gives it a protected, zone-redundant Standard static public IP, exported for the customer's DNS", () => {
        expect(
            ofType(resources, T.publicIp)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["devana-network-nat-ip", "devana-waf-ip"]);
        const ip = byName(resources, T.publicIp, "devana-waf-ip");
        expect(ip.inputs).toMatchObject({
            publicIpAddressName: "pip-agw-devana-azure-prod",
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
            zones: ["1", "2", "3"],
        });
        expect(ip.options.protect).toBe(true);
        expect(outputs.azure.waf.publicIp).toMatch(/^20\.19\.\d+\.\d+$/);
    });

    it("reads the certificate with a user-assigned identity, granted on the customer's vault from devana:azure.wafCertificateVaultId (issue 16)", () => {
        const gw = get(T.appGateway, "devana-waf-agw");
        expect(gw.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [idOf(T.identity, "devana-waf-identity")] });
        expect(get(T.identity, "devana-waf-identity").resourceName).toBe("id-agw-devana-azure-prod");
        expect(
            ofType(resources, T.roleAssignment)
                .filter((r) => String(r.inputs.roleDefinitionId).endsWith(KEY_VAULT_SECRETS_USER))
                .map((r) => r.inputs.scope),
        ).toEqual(["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-devana-certs/providers/Microsoft.KeyVault/vaults/kv-devana-certs/secrets/devana-example-com"]);
        expect(outputs.azure.waf.identityPrincipalId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("sends the access and firewall logs to the stack's Log Analytics workspace", () => {
        const diag = get(T.diag, "devana-waf-diagnostics");
        expect(diag).toEqual({
            name: "devana-waf",
            resourceUri: idOf(T.appGateway, "devana-waf-agw"),
            workspaceId: idOf(T.workspace, "devana-logs-workspace"),
            logAnalyticsDestinationType: "Dedicated",
            logs: [
                { category: "ApplicationGatewayAccessLog", enabled: true },
                { category: "ApplicationGatewayFirewallLog", enabled: true },
            ],
        });
        // 365 days fit the workspace's interactive retention: no table override.
        expect(ofType(resources, "azure-native:operationalinsights:Table").filter((t) => String(t.inputs.tableName).startsWith("AGW"))).toEqual([]);
    });
});

describe("azure-prod with devana:waf off", () => {
    let off: readonly PlannedResource[];
    let offOutputs: Record<string, any>;

    beforeAll(async () => {
        const file = readStackFile(stackFilePath("azure-prod"));
        const result = await evaluate({ stack: "azure-nowaf", config: { ...file.config, "devana:waf": "false" }, secretKeys: file.secretKeys });
        if (result.status !== "ok") {
            throw new Error(`evaluation failed: ${JSON.stringify(result.status === "config-error" ? result.issues : result.error)}`);
        }
        off = result.resources;
        offOutputs = result.outputs as Record<string, any>;
    }, 120_000);

    it("creates none of the edge: no gateway, WAF policy, public IP, identity, diagnostics or WAF subnet", () => {
        for (const type of [T.appGateway, T.wafPolicy]) {
            expect(ofType(off, type)).toEqual([]);
        }
        expect(off.filter((r) => r.name.startsWith("devana-waf"))).toEqual([]);
        expect(ofType(off, T.publicIp).map((r) => r.name)).toEqual(["devana-network-nat-ip"]);
        expect(ofType(off, T.subnet).map((r) => r.name)).not.toContain("devana-network-subnet-appgw");
        expect(ofType(off, T.nsg).map((r) => r.name)).not.toContain("devana-network-nsg-appgw");
        expect(offOutputs.azure.waf).toBeUndefined();
        // The load balancer half of the DMZ stays where it is: turning the WAF on later moves nothing.
        expect(inputsOf(off, T.subnet, "devana-network-subnet-dmz").addressPrefix).toBe("10.0.1.0/25");
        expect(traefikService(off).annotations["service.beta.kubernetes.io/azure-load-balancer-ipv4"]).toBe("10.0.1.126");
    });
});

describe("azure-prod with the certificate in the stack's Key Vault and the internal CA", () => {
    let dir: string;
    afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

    it("grants the gateway's identity Key Vault Secrets User on that one secret, before the gateway, and trusts the internal root", async () => {
        dir = mkdtempSync(join(tmpdir(), "devana-waf-"));
        const vault = azureNames("azure-prod", nameSuffix("devana", "azure-prod", "devana.example.eu")).keyVault;
        const config = stackConfig("azure-prod") as Record<string, any>;
        const path = writeStackFile(dir, "azure-prod", {
            ...config,
            // The stack's own vault: no customer vault id (issue 16).
            "devana:azure": { ...config["devana:azure"], wafCertificateSecretId: `https://${vault}.vault.azure.net/secrets/devana-tls`, wafCertificateVaultId: undefined },
            "devana:tls": { mode: "internal-ca" },
        });
        const run = await planVariant(path);
        expect(run.status, run.stderr).toBe(0);
        const plan = JSON.parse(run.stdout) as { resources: PlannedResource[] };
        const grants = ofType(plan.resources, T.roleAssignment).filter((r) => String(r.inputs.roleDefinitionId).endsWith(KEY_VAULT_SECRETS_USER));
        expect(grants).toHaveLength(1);
        expect(grants[0]!.inputs).toMatchObject({
            scope: `${idOf("azure-native:keyvault:Vault", "devana-keys-vault")}/secrets/devana-tls`,
            principalType: "ServicePrincipal",
        });
        const gateway = byName(plan.resources, T.appGateway, "devana-waf-agw");
        expect(gateway.options.dependsOn).toContain(grants[0]!.urn);
        const gw = gateway.inputs as Record<string, any>;
        expect(gw.trustedRootCertificates).toEqual([{ name: "devana-internal-ca", data: expect.stringMatching(/^MOCK[0-9a-f]{56}$/) }]);
        expect(gw.urlPathMaps).toBeUndefined();
    });
});
