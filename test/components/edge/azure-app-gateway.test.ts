/**
 * R-SEC-ZONES on Azure (issue 10), pure builders of the Application Gateway WAF_v2: capacity,
 * durations, Key Vault secret references, PEM conversion, the WAF policy arguments.
 * Does not prove that the rule sets pass Devana's traffic without false positives.
 */
import { describe, expect, it } from "vitest";
import { APP_GATEWAY_CAPACITY, appGatewayConfig, durationSeconds, keyVaultSecretRef, pemToCertificateData, wafPolicyArgs } from "../../../components/edge/azure-app-gateway";

const HOSTS = { front: "devana.example.eu", api: "api.devana.example.eu", ws: "ws.devana.example.eu" };

const CERT_SECRET = "https://kv-devana-certs.vault.azure.net/secrets/devana-example-com";

describe("WAF builders", () => {
    it("caps the upload size at the WAF_v2 file upload limit and maps every body size to bytes", () => {
        expect(() => wafPolicyArgs({ rateLimit: 2000, maxBodyMiB: 4001 })).toThrow(/4000 MB file upload limit/);
        const args = wafPolicyArgs({ rateLimit: 500, maxBodyMiB: 1000 });
        expect(args.policySettings.fileUploadLimitInMb).toBe(1000);
        expect(args.customRules[0]!.matchConditions[0]!.matchValues).toEqual(["1048576000"]);
        expect(args.customRules[1]).toMatchObject({ rateLimitDuration: "FiveMins", rateLimitThreshold: 500 });
    });

    it("sizes autoscaling per environment within the /26 the smallest WAF subnet holds", () => {
        expect(APP_GATEWAY_CAPACITY).toEqual({ dev: { minCapacity: 0, maxCapacity: 2 }, staging: { minCapacity: 1, maxCapacity: 3 }, prod: { minCapacity: 2, maxCapacity: 10 } });
        for (const c of Object.values(APP_GATEWAY_CAPACITY)) {
            expect(c.maxCapacity + 5).toBeLessThanOrEqual(64);
        }
    });

    it("with the internal CA: trusts the root on every HTTPS backend setting and redirects all of port 80 (no ACME)", () => {
        const config = appGatewayConfig({ hosts: HOSTS, backendIp: "10.0.1.126", certificateSecretId: CERT_SECRET, tlsMode: "internal-ca", internalCaData: "MIIBroot" }, (kind, name) => `gw/${kind}/${name}`);
        expect(config.trustedRootCertificates).toEqual([{ name: "devana-internal-ca", data: "MIIBroot" }]);
        expect(config.backendHttpSettingsCollection.map((s) => [s.name, "trustedRootCertificates" in s ? s.trustedRootCertificates : undefined])).toEqual([
            ["https-front", [{ id: "gw/trustedRootCertificates/devana-internal-ca" }]],
            ["https-api", [{ id: "gw/trustedRootCertificates/devana-internal-ca" }]],
            ["https-ws", [{ id: "gw/trustedRootCertificates/devana-internal-ca" }]],
        ]);
        expect(config.urlPathMaps).toBeUndefined();
        expect(config.probes.map((p) => p.name)).toEqual(["probe-front", "probe-api"]);
        expect(config.requestRoutingRules.filter((r) => r.name.startsWith("http-"))).toEqual([
            { name: "http-front", ruleType: "Basic", priority: 200, httpListener: { id: "gw/httpListeners/http-front" }, redirectConfiguration: { id: "gw/redirectConfigurations/to-https-front" } },
            { name: "http-api", ruleType: "Basic", priority: 201, httpListener: { id: "gw/httpListeners/http-api" }, redirectConfiguration: { id: "gw/redirectConfigurations/to-https-api" } },
            { name: "http-ws", ruleType: "Basic", priority: 202, httpListener: { id: "gw/httpListeners/http-ws" }, redirectConfiguration: { id: "gw/redirectConfigurations/to-https-ws" } },
        ]);
        expect(() => appGatewayConfig({ hosts: HOSTS, backendIp: "10.0.1.126", certificateSecretId: CERT_SECRET, tlsMode: "internal-ca" }, () => "x")).toThrow(/internal CA/);
    });

    it("parses secret ids, PEM certificates and durations", () => {
        expect(keyVaultSecretRef(CERT_SECRET)).toEqual({ vaultName: "kv-devana-certs", secretName: "devana-example-com" });
        expect(keyVaultSecretRef("https://kv-x.vault.azure.net/secrets/tls/")).toEqual({ vaultName: "kv-x", secretName: "tls" });
        expect(() => keyVaultSecretRef("https://kv-x.vault.azure.net/secrets/tls/0123abcd")).toThrow(/versionless/);
        expect(pemToCertificateData("-----BEGIN CERTIFICATE-----\nMIIB\nAbc=\n-----END CERTIFICATE-----\n")).toBe("MIIBAbc=");
        expect(() => pemToCertificateData("nope")).toThrow(/PEM/);
        expect(durationSeconds("600s")).toBe(600);
        expect(() => durationSeconds("10m")).toThrow(/seconds/);
    });
});
