/**
 * cert-manager's pure builders: issuers per TLS mode, certificates, chart values. Does not prove
 * that cert-manager reconciles them (no cluster here).
 */
import { describe, expect, it } from "vitest";
import { ACME_SERVERS, CA_KEYPAIR_SECRET, certificateSpec, certManagerValues, clusterIssuerSpec } from "../../../components/platform/cert-manager";
import { hosts, compute } from "../../support/platform-pools";

describe("certificates", () => {
    it("ACME: Let's Encrypt with the configured e-mail, HTTP-01 through the gateway's port-80 listener", () => {
        expect(clusterIssuerSpec({ mode: "acme", email: "ops@example.com", server: "production" })).toEqual({
            acme: {
                email: "ops@example.com",
                server: ACME_SERVERS.production,
                privateKeySecretRef: { name: "letsencrypt-account-key" },
                solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "devana", namespace: "traefik", sectionName: "http" }] } } }],
            },
        });
        expect((clusterIssuerSpec({ mode: "acme", email: "a@b.co", server: "staging" }) as any).acme.server).toBe("https://acme-staging-v02.api.letsencrypt.org/directory");
    });

    it("internal CA: a CA issuer signing with the generated root", () => {
        expect(clusterIssuerSpec({ mode: "internal-ca", commonName: "Root", validityDays: 3650 })).toEqual({ ca: { secretName: CA_KEYPAIR_SECRET } });
    });

    it("one certificate per host, into the Secret its listener reads", () => {
        expect(certificateSpec("api", hosts, "letsencrypt")).toEqual({
            secretName: "devana-api-tls",
            dnsNames: [hosts.api],
            issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt" },
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        });
    });

    it("cert-manager: CRDs through crds.enabled and the Gateway API solver on", () => {
        const values = certManagerValues(compute) as Record<string, any>;
        expect(values.crds).toEqual({ enabled: true, keep: true });
        expect(values).not.toHaveProperty("installCRDs");
        expect(values.config).toEqual({ apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", enableGatewayAPI: true });
    });
});
