/**
 * The `dev` stack switched to `devana:tls.mode: acme`, evaluated once in-process: the issuer is
 * Let's Encrypt with the configured e-mail and server, answering HTTP-01 through the Gateway's
 * port-80 listener, and no internal CA object is created. Does not prove Let's Encrypt can reach
 * the cluster (public DNS and port 80 are the operator's).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, type PlannedResource } from "../../../scripts/lib/evaluate";
import { readStackFile, stackFilePath } from "../../../scripts/lib/stack-file";
import { ofType } from "../../support/helpers";
import { platformOnly } from "../../support/platform-scope";

let resources: readonly PlannedResource[];
const inputs = (r: PlannedResource): any => r.inputs;

beforeAll(async () => {
    const file = readStackFile(stackFilePath("dev"));
    const config = { ...file.config, "devana:tls": JSON.stringify({ mode: "acme", email: "ops@example.com", server: "staging" }) };
    const result = await evaluate({ stack: "dev-acme", config, secretKeys: file.secretKeys });
    if (result.status !== "ok") {
        throw new Error(`evaluation failed: ${JSON.stringify(result.status === "config-error" ? result.issues : result.error)}`);
    }
    resources = result.resources;
});

describe("platform with tls.mode acme", () => {
    it("has one Let's Encrypt ClusterIssuer solving HTTP-01 on the gateway's http listener", () => {
        const issuers = platformOnly(ofType(resources, "kubernetes:cert-manager.io/v1:ClusterIssuer"));
        expect(issuers).toHaveLength(1);
        const spec = inputs(issuers[0]!).spec;
        expect(inputs(issuers[0]!).metadata.name).toBe("letsencrypt");
        expect(spec.acme.email).toBe("ops@example.com");
        expect(spec.acme.server).toBe("https://acme-staging-v02.api.letsencrypt.org/directory");
        expect(spec.acme.solvers).toEqual([{ http01: { gatewayHTTPRoute: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "devana", namespace: "traefik", sectionName: "http" }] } } }]);
    });

    it("issues all three host certificates from it", () => {
        const certs = platformOnly(ofType(resources, "kubernetes:cert-manager.io/v1:Certificate"));
        expect(certs.map((r) => [inputs(r).spec.dnsNames[0], inputs(r).spec.issuerRef.name]).sort()).toEqual([
            ["api.devana.localtest.me", "letsencrypt"],
            ["devana.localtest.me", "letsencrypt"],
            ["ws.devana.localtest.me", "letsencrypt"],
        ]);
    });

    it("creates no internal CA, CA key pair Secret or CA bundle", () => {
        expect(resources.filter((r) => r.type === "devana:security:InternalCa")).toHaveLength(0);
        expect(resources.some((r) => r.name === "devana-cert-manager-ca-keypair")).toBe(false);
        expect(platformOnly(ofType(resources, "kubernetes:core/v1:ConfigMap")).filter((r) => inputs(r).metadata.name === "devana-internal-ca")).toHaveLength(0);
    });
});
