/**
 * Issue 18: the customer's CAs (`devana:tls.extraTrustedCAs`) are appended to the bundle Devana's
 * pods trust (NODE_EXTRA_CA_CERTS) and the replication job reads (SSL_CERT_DIR), and a value that
 * is not PEM certificates is refused at config time, naming the key. What this does not prove: that
 * Node.js or rclone accept the certificate (the mock CA is not a real certificate).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { trustBundle } from "../../components/platform/cert-manager";
import { isPemBundle } from "../../config/schema";
import { evaluate, type PlannedResource } from "../../scripts/lib/evaluate";
import { readStackFile, stackFilePath } from "../../scripts/lib/stack-file";
import { byName } from "../helpers";
import { issues, ok, ONPREM } from "../config/parse-helpers";

const CUSTOMER_CA = ["-----BEGIN CERTIFICATE-----", "MIIBszCCAVmgAwIBAgIUExampleCustomerRootCA0=", "-----END CERTIFICATE-----"].join("\n");
const SECOND_CA = ["-----BEGIN CERTIFICATE-----", "MIIBtDCCAVqgAwIBAgIUExampleIssuingCA00000=", "-----END CERTIFICATE-----"].join("\n");

describe("devana:tls.extraTrustedCAs at config time", () => {
    it("accepts one or more PEM certificates", () => {
        expect(isPemBundle(`${CUSTOMER_CA}\n${SECOND_CA}\n`)).toBe(true);
        expect(ok({ ...ONPREM, "devana:tls": { mode: "internal-ca", extraTrustedCAs: CUSTOMER_CA } }).tls.extraTrustedCAs).toBe(CUSTOMER_CA);
        expect(ok({ ...ONPREM, "devana:tls": { mode: "acme", email: "ops@example.com", extraTrustedCAs: CUSTOMER_CA } }).tls.extraTrustedCAs).toBe(CUSTOMER_CA);
    });

    it("refuses anything else (a private key, a path, garbage around the block), naming the key", () => {
        for (const bad of ["/etc/pki/ca.pem", `${CUSTOMER_CA}\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----`, `junk ${CUSTOMER_CA}`, ""]) {
            expect(isPemBundle(bad)).toBe(false);
            expect(issues({ ...ONPREM, "devana:tls": { mode: "internal-ca", extraTrustedCAs: bad } })).toEqual([
                { key: "devana:tls.extraTrustedCAs", message: expect.stringContaining("expected one or more PEM certificates") },
            ]);
        }
    });

    it("builds the bundle as the internal root, then the customer's CAs", () => {
        expect(trustBundle("ROOT-PEM\n", `${CUSTOMER_CA}\n\n`)).toBe(`ROOT-PEM\n${CUSTOMER_CA}\n`);
        expect(trustBundle(undefined, CUSTOMER_CA)).toBe(`${CUSTOMER_CA}\n`);
        expect(trustBundle(undefined, undefined)).toBeUndefined();
    });
});

describe("onprem with extraTrustedCAs: the bundle and its consumers", () => {
    let resources: readonly PlannedResource[];
    beforeAll(async () => {
        const file = readStackFile(stackFilePath("onprem"));
        const tls = { ...(JSON.parse(file.config["devana:tls"]!) as object), extraTrustedCAs: CUSTOMER_CA };
        const result = await evaluate({ stack: "onprem-extra-ca", config: { ...file.config, "devana:tls": JSON.stringify(tls) }, secretKeys: file.secretKeys });
        if (result.status !== "ok") {
            throw new Error(JSON.stringify(result.status === "config-error" ? result.issues : result.error));
        }
        ({ resources } = result);
    });

    it("puts the internal root and the customer's CA in the bundle of the app and data namespaces", () => {
        const root = (byName(resources, "kubernetes:core/v1:Secret", "devana-cert-manager-ca-keypair").inputs.stringData as Record<string, string>)["tls.crt"]!;
        for (const ns of ["devana-prod", "devana-services"]) {
            const cm = byName(resources, "kubernetes:core/v1:ConfigMap", `devana-cert-manager-ca-bundle-${ns}`);
            expect(cm.inputs.metadata).toMatchObject({ name: "devana-internal-ca", namespace: ns });
            expect(cm.inputs.data).toEqual({ "ca.crt": `${root.trim()}\n${CUSTOMER_CA}\n` });
        }
    });

    it("points NODE_EXTRA_CA_CERTS of the API, Odin and the Frontend at it", () => {
        for (const name of ["devana-api-deployment", "devana-odin-deployment", "devana-frontend-deployment"]) {
            const spec = byName(resources, "kubernetes:apps/v1:Deployment", name).inputs.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[]; volumes: { name: string; configMap?: { name: string } }[] } } };
            const env = spec.template.spec.containers[0]!.env.find((e) => e.name === "NODE_EXTRA_CA_CERTS");
            expect(env?.value).toBe("/etc/devana/ca/ca.crt");
            expect(spec.template.spec.volumes.find((v) => v.name === "internal-ca")?.configMap?.name).toBe("devana-internal-ca");
        }
    });

    it("lets the replication job trust it (SSL_CERT_DIR over the mounted bundle)", () => {
        const spec = byName(resources, "kubernetes:batch/v1:CronJob", "devana-object-replication-cronjob").inputs.spec as { jobTemplate: { spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[]; volumes: { name: string; configMap?: { name: string } }[] } } } } };
        const pod = spec.jobTemplate.spec.template.spec;
        expect(pod.containers[0]!.env.find((e) => e.name === "SSL_CERT_DIR")?.value).toBe("/etc/ssl/certs:/etc/devana/ca");
        expect(pod.volumes.find((v) => v.name === "ca")?.configMap?.name).toBe("devana-internal-ca");
    });
});
