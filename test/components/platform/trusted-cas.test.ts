/**
 * Issue 18, pure: a `devana:tls.extraTrustedCAs` value that is not PEM certificates is refused at
 * config time, naming the key; the trust bundle; Barman Cloud's `endpointCA` applies to the customer's
 * HTTPS S3 endpoint only. What this does not prove: that Barman accepts the certificate.
 */
import { describe, expect, it } from "vitest";
import { trustBundle } from "../../../components/platform/cert-manager";
import { barmanConfiguration, endpointCaApplies, ENDPOINT_CA_SECRET, type S3Location } from "../../../components/devana/data/backup-target";
import { isPemBundle } from "../../../config/schema";
import { issues, ok, ONPREM } from "../../support/parse-helpers";
import { CUSTOMER_CA, SECOND_CA } from "../../support/certificates";

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
});
