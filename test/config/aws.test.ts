/**
 * The `devana:aws` configuration keys: defaults and the rules that fail naming their key.
 */
import { describe, expect, it } from "vitest";
import { KEY_SCHEMAS } from "../../config/schema";

describe("devana:aws validation", () => {
    const base = { region: "eu-north-1", availabilityZones: ["eu-north-1a", "eu-north-1b", "eu-north-1c"] };
    const problems = (extra: Record<string, unknown>): string[] => {
        const result = KEY_SCHEMAS.aws.safeParse({ ...base, ...extra });
        return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };

    it("defaults to a private endpoint, the 100.64.0.0/16 pod space and no extra admins", () => {
        expect(KEY_SCHEMAS.aws.parse(base)).toMatchObject({ podCidr: "100.64.0.0/16", apiEndpoint: { public: false, publicAccessCidrs: [] }, adminPrincipalArns: [] });
    });

    it("rejects a public endpoint without ranges, or open to the Internet", () => {
        expect(problems({ apiEndpoint: { public: true } })).toEqual([expect.stringMatching(/^apiEndpoint: a public API endpoint needs publicAccessCidrs/)]);
        expect(problems({ apiEndpoint: { public: true, publicAccessCidrs: ["0.0.0.0/0"] } })).toEqual([expect.stringMatching(/opens the API endpoint to the Internet/)]);
    });

    it("rejects a pod CIDR outside the VPC secondary ranges, and malformed ARNs", () => {
        expect(problems({ podCidr: "10.1.0.0/16" })).toEqual([expect.stringMatching(/^podCidr: expected a block inside 100.64.0.0\/10/)]);
        expect(problems({ podCidr: "198.19.0.0/16" })).toEqual([]);
        expect(problems({ adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admins"] })).toEqual([]);
        expect(problems({ adminPrincipalArns: ["platform-admins"] })).toEqual([expect.stringMatching(/^adminPrincipalArns.0: expected an IAM role or user ARN/)]);
        expect(problems({ certificateArn: "arn:aws:acm:eu-north-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-000011112222" })).toEqual([]);
    });
});
