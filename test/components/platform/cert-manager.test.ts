/**
 * Pure builders of the platform (no Pulumi runtime): gateway objects, load balancer annotations,
 * issuers per TLS mode, certificates, chart values (Traefik, cert-manager, kube-prometheus-stack,
 * Loki), scrape targets and GPU plans. Does not prove the charts accept these values (no Helm
 * here) nor that controllers reconcile the objects.
 */
import { POOL_ZONE } from "../../../config/defaults";
import { describe, expect, it } from "vitest";
import type { ResolvedPool } from "../../../config/model";
import { placementFor } from "../../../components/k8s/placement";
import { ACME_SERVERS, CA_KEYPAIR_SECRET, certificateSpec, certManagerValues, clusterIssuerSpec } from "../../../components/platform/cert-manager";

const hosts = { front: "devana.example.com", api: "api.devana.example.com", ws: "ws.devana.example.com" };

const pool = (name: ResolvedPool["name"], extra: Partial<ResolvedPool> = {}): ResolvedPool => ({
    name,
    enabled: true,
    zone: POOL_ZONE[name],
    nodeLabels: { "devana.ai/pool": name },
    taints: [],
    minSize: 1,
    maxSize: 1,
    desiredSize: 1,
    ...extra,
});

const compute = placementFor(pool("compute"));

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
