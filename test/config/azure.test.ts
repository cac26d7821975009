/**
 * The `devana:azure` configuration keys: defaults and the rules that fail naming their key.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/resolve";

describe("devana:azure configuration keys", () => {
    const base = {
        "devana:target": "azure",
        "devana:environment": "staging",
        "devana:tier": "production",
        "devana:llm": JSON.stringify({ scenario: "cloud", cloudProvider: "openai", cloudModel: "gpt-4o" }),
        "devana:domain": "devana.example.eu",
        "devana:tls": JSON.stringify({ mode: "acme", email: "ops@example.eu" }),
        "devana:images": JSON.stringify({ tags: { api: "2.8.0", frontend: "2.8.0", odin: "1.9.0" } }),
    };
    const parseAzure = (azure: unknown) => parseConfig({ values: { ...base, "devana:azure": JSON.stringify(azure) }, secretKeys: new Set() });

    it("defaults to a private API server, workload identity, an internal gateway and non-overlapping ranges", () => {
        const result = parseAzure({ location: "swedencentral" });
        expect(result.ok && result.config.azure).toMatchObject({
            apiServer: { public: false, authorizedIpRanges: [] },
            apiServerSubnet: "10.0.98.0/28",
            podCidr: "10.244.0.0/16",
            serviceCidr: "172.16.0.0/16",
            kubeLogin: "azurecli",
            gatewayExposure: "internal",
            blobAuth: "workloadIdentity",
            encryptionAtHost: true,
            storageSku: "Standard_GZRS",
        });
    });

    it("refuses a public API server open to the whole Internet, and bad ranges, each with its key", () => {
        const result = parseAzure({ location: "swedencentral", apiServer: { public: true }, podCidr: "10.244.0.1/16", adminGroupObjectIds: ["not-a-uuid"] });
        expect(result.ok).toBe(false);
        const keys = result.ok ? [] : result.issues.map((i) => i.key);
        expect(keys).toEqual(expect.arrayContaining(["devana:azure.apiServer", "devana:azure.podCidr", "devana:azure.adminGroupObjectIds[0]"]));
    });
});
