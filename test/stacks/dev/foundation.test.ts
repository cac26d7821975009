/**
 * The foundation resources of the dev stack (on-prem target), evaluated under mocks in this
 * process: provider, namespaces with Pod Security, generated secrets, internal CA.
 * Does not prove a real cluster accepts them (no cluster here).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import type { PlannedResource } from "../../../scripts/lib/evaluate";

let resources: readonly PlannedResource[];
let outputs: Record<string, unknown>;

beforeAll(async () => {
    ({ resources, outputs } = await evaluateOk("dev"));
});

describe("dev stack foundation", () => {
    it("creates one Kubernetes provider for the kind context", () => {
        const providers = ofType(resources, "pulumi:providers:kubernetes");
        expect(providers.map((p) => p.name)).toEqual(["devana-cluster-provider"]);
        expect(providers[0].inputs).toMatchObject({ context: "kind-devana", enableServerSideApply: "true" });
        expect(providers[0].inputs.kubeconfig).toBeUndefined();
        expect(providers[0].parent).toBe(byName(resources, "devana:cluster:OnPremCluster", "devana-cluster").urn);
    });

    it("creates the R-K8S namespaces with Pod Security labels pinned to the cluster version", () => {
        const parent = byName(resources, "devana:platform:Namespaces", "devana-namespaces").urn;
        const namespaces = ofType(resources, "kubernetes:core/v1:Namespace").filter((n) => n.parent === parent);
        const levels = Object.fromEntries(
            namespaces.map((n) => {
                const metadata = n.inputs.metadata as { name: string; labels: Record<string, string> };
                return [metadata.name, metadata.labels["pod-security.kubernetes.io/enforce"]];
            }),
        );
        expect(levels).toEqual({
            "devana-dev": "restricted",
            "devana-services": "restricted",
            "devana-ai": "baseline",
            monitoring: "privileged",
            "cert-manager": "restricted",
        });
        for (const ns of namespaces) {
            const labels = (ns.inputs.metadata as { labels: Record<string, string> }).labels;
            expect(labels["pod-security.kubernetes.io/enforce-version"]).toBe("v1.33");
            expect(labels["pod-security.kubernetes.io/warn"]).toBe("restricted");
            expect(ns.options.provider).toMatch(/^urn:pulumi:dev::devana::devana:cluster:OnPremCluster\$pulumi:providers:kubernetes::devana-cluster-provider::/);
            expect(ns.options.protect).toBe(false);
        }
    });

    it("generates the credentials an on-prem cloud-LLM stack needs, URL-safe", () => {
        const parent = byName(resources, "devana:security:GeneratedSecrets", "devana-secrets").urn;
        const passwords = ofType(resources, "random:index/randomPassword:RandomPassword").filter((p) => p.parent === parent);
        expect(passwords.map((p) => p.name)).toEqual([
            "devana-secrets-postgres-devana",
            "devana-secrets-postgres-odin",
            "devana-secrets-redis",
            "devana-secrets-meili-master-key",
            "devana-secrets-chroma-token",
            "devana-secrets-jwt",
            "devana-secrets-next-auth",
            "devana-secrets-object-store-access-key",
            "devana-secrets-object-store-secret-key",
        ]);
        for (const p of passwords) {
            expect(p.inputs.special).toBe(false);
            expect(p.inputs.length).toBeGreaterThanOrEqual(20);
        }
        expect(byName(resources, "random:index/randomPassword:RandomPassword", "devana-secrets-meili-master-key").inputs.length).toBe(48);
    });

    it("creates the internal CA in internal-ca mode", () => {
        expect(byName(resources, "tls:index/privateKey:PrivateKey", "devana-ca-key").inputs).toEqual({ algorithm: "ECDSA", ecdsaCurve: "P384" });
        const root = byName(resources, "tls:index/selfSignedCert:SelfSignedCert", "devana-ca-root").inputs;
        expect(root).toMatchObject({
            isCaCertificate: true,
            subject: { commonName: "Devana Internal Root CA", organization: "Devana" },
            validityPeriodHours: 3650 * 24,
            allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
        });
    });

    it("exports URLs, namespaces and the public CA certificate", () => {
        expect(outputs).toMatchObject({
            target: "onprem",
            environment: "dev",
            tier: "minimal",
            urls: { front: "https://devana.localtest.me", api: "https://api.devana.localtest.me", websocket: "wss://ws.devana.localtest.me" },
        });
        expect(outputs.internalCaCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    });
});
