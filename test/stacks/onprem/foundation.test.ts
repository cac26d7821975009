/** The onprem stack (a customer's production cluster): protection on, self-hosted secrets. */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateOk, ofType } from "../../support/helpers";
import type { PlannedResource } from "../../../scripts/lib/evaluate";

let resources: readonly PlannedResource[];

beforeAll(async () => {
    ({ resources } = await evaluateOk("onprem"));
});

describe("onprem stack foundation", () => {
    it("protects namespaces, generated secrets and the CA (devana:protect defaults to true in prod)", () => {
        for (const type of ["kubernetes:core/v1:Namespace", "random:index/randomPassword:RandomPassword", "tls:index/privateKey:PrivateKey", "tls:index/selfSignedCert:SelfSignedCert"]) {
            const found = ofType(resources, type);
            expect(found.length).toBeGreaterThan(0);
            expect(found.filter((r) => !r.options.protect).map((r) => r.name)).toEqual([]);
        }
    });

    it("generates a vLLM API key for the self-hosted models", () => {
        expect(ofType(resources, "random:index/randomPassword:RandomPassword").map((r) => r.name)).toContain("devana-secrets-vllm-api-key");
    });

    it("names the production application namespace devana-prod", () => {
        const names = ofType(resources, "kubernetes:core/v1:Namespace").map((n) => (n.inputs.metadata as { name: string }).name);
        expect(names).toContain("devana-prod");
        expect(names).not.toContain("devana-dev");
    });
});
