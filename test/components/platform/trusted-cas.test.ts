/**
 * Issue 18: the customer's CAs (`devana:tls.extraTrustedCAs`) are appended to the bundle Devana's
 * pods trust (NODE_EXTRA_CA_CERTS) and the replication job reads (SSL_CERT_DIR), and a value that
 * is not PEM certificates is refused at config time, naming the key; Barman Cloud gets a Secret copy
 * as `endpointCA` for the customer's HTTPS S3 endpoint, and vLLM a combined bundle (system roots +
 * the customer's CAs) through SSL_CERT_FILE / REQUESTS_CA_BUNDLE. What this does not prove: that
 * Node.js, Python, Barman or rclone accept the certificate (the mock CA is not a real certificate),
 * nor that the vLLM image keeps its system bundle at /etc/ssl/certs/ca-certificates.crt.
 */
import { describe, expect, it } from "vitest";
import { trustBundle } from "../../../components/platform/cert-manager";
import { barmanConfiguration, endpointCaApplies, ENDPOINT_CA_SECRET, type S3Location } from "../../../components/devana/data/backup-target";
import { isPemBundle } from "../../../config/schema";
import { type PlannedResource } from "../../../scripts/lib/evaluate";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byName, planVariant, stackConfig, writeStackFile } from "../../helpers";
import { issues, ok, ONPREM } from "../../support/parse-helpers";

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
            expect(issues({ ...ONPREM, "devana:tls": { mode: "internal-ca", extraTrustedCAs: bad } })).toEqual([{ key: "devana:tls.extraTrustedCAs", message: expect.stringContaining("expected one or more PEM certificates") }]);
        }
    });

    it("builds the bundle as the internal root, then the customer's CAs", () => {
        expect(trustBundle("ROOT-PEM\n", `${CUSTOMER_CA}\n\n`)).toBe(`ROOT-PEM\n${CUSTOMER_CA}\n`);
        expect(trustBundle(undefined, CUSTOMER_CA)).toBe(`${CUSTOMER_CA}\n`);
        expect(trustBundle(undefined, undefined)).toBeUndefined();
    });
});

describe("Barman Cloud's endpointCA for the customer's HTTPS S3 endpoint", () => {
    const customer: S3Location = { kind: "s3", endpoint: "https://s3.example.internal", region: "us-east-1", bucket: "b", forcePathStyle: true, provider: "Other", auth: { kind: "secret", secretName: "s" } };

    it("applies to an HTTPS endpoint with extraTrustedCAs only", () => {
        expect(endpointCaApplies(customer, CUSTOMER_CA)).toBe(true);
        expect(endpointCaApplies(customer, undefined)).toBe(false);
        expect(endpointCaApplies({ ...customer, endpoint: "http://object-store.devana-services.svc.cluster.local:9000" }, CUSTOMER_CA)).toBe(false);
        expect(endpointCaApplies({ ...customer, endpoint: undefined, provider: "AWS" }, CUSTOMER_CA)).toBe(false);
        expect(endpointCaApplies({ kind: "azureBlob", storageAccount: "a", container: "c", auth: { kind: "secret", secretName: "s" } }, CUSTOMER_CA)).toBe(false);
        expect(barmanConfiguration(customer, "postgresql", ENDPOINT_CA_SECRET).endpointCA).toEqual({ name: "devana-s3-endpoint-ca", key: "ca.crt" });
        expect(barmanConfiguration(customer, "postgresql")).not.toHaveProperty("endpointCA");
    });

    it("an on-prem stack on the customer's S3 copies the CAs into a Secret the ObjectStore names (plan CLI)", async () => {
        // A second configuration: in its own process (mock state is process-wide).
        const base = stackConfig("onprem");
        const path = writeStackFile(mkdtempSync(join(tmpdir(), "devana-endpoint-ca-")), "onprem", {
            ...base,
            "devana:tls": { ...(base["devana:tls"] as object), extraTrustedCAs: CUSTOMER_CA },
            "devana:onprem": { ...(base["devana:onprem"] as object), externalS3: { endpoint: "https://s3.site-a.example.internal", filesBucket: "files-a", backupsBucket: "backups-a" } },
            "devana:s3AccessKeyId": { secure: "v1:a" },
            "devana:s3SecretAccessKey": { secure: "v1:b" },
        });
        const result = await planVariant(path);
        expect(result.status, result.stderr).toBe(0);
        const planned = (JSON.parse(result.stdout) as { resources: PlannedResource[] }).resources;
        const secret = byName(planned, "kubernetes:core/v1:Secret", "devana-s3-endpoint-ca");
        expect(secret.inputs.metadata).toMatchObject({ name: "devana-s3-endpoint-ca", namespace: "devana-services" });
        // The plan redacts secret values: the content is proven by trustBundle above and its key here.
        expect(Object.keys(secret.inputs.stringData as object)).toEqual(["ca.crt"]);
        const store = byName(planned, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "devana-postgres-backups");
        expect((store.inputs.spec as { configuration: Record<string, unknown> }).configuration).toMatchObject({
            endpointURL: "https://s3.site-a.example.internal",
            endpointCA: { name: "devana-s3-endpoint-ca", key: "ca.crt" },
        });
    }, 120_000);
});
