/**
 * The pack as a whole (never constructed here: its constructor starts a gRPC server): list and
 * config shape, the exception mechanism, values unknown at preview, and the offline input formats
 * of `policy:check`. Does not run `pulumi preview --policy-pack` (no Pulumi CLI offline).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { parse } from "yaml";
import { PACK_ENFORCEMENT, PACK_NAME, policies } from "../../policy/policies";
import { DEFAULT_EXCEPTIONS, POLICY_EXCEPTIONS } from "../../policy/exceptions";
import { awsLogGroupRetention, TYPES as AUDIT } from "../../policy/audit";
import { azureStorageTls, TYPES as TLS } from "../../policy/tls";
import { awsS3BucketHasSseKms, k8sStorageClassEncrypted, TYPES as ENC } from "../../policy/encryption";
import { REPO_ROOT } from "../../scripts/lib/stack-file";
import { PolicyConfigError, PolicyInputError, resourcesFromPolicyInput, runPolicies } from "../../scripts/lib/policy-runner";
import { failures, res, run } from "./harness";

const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const POLICY_DIR = join(REPO_ROOT, "policy");

describe("the pack", () => {
    it("is a Pulumi policy pack with a version, whose index.ts alone constructs the PolicyPack", () => {
        expect(parse(readFileSync(join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8"))).toMatchObject({ runtime: "nodejs" });
        const pkg = JSON.parse(readFileSync(join(POLICY_DIR, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
        expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
        expect(Object.keys(pkg.dependencies)).toContain("@pulumi/policy");
        const constructing = readdirSync(POLICY_DIR).filter((f) => f.endsWith(".ts") && /new PolicyPack\(/.test(readFileSync(join(POLICY_DIR, f), "utf8")));
        expect(constructing).toEqual(["index.ts"]);
        expect(PACK_NAME).toBe("devana-security");
        expect(PACK_ENFORCEMENT).toBe("mandatory");
    });

    it("has unique policy names, all mandatory, each with an exceptions list in its configSchema; policy-exceptions is last and advisory", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        expect(names.at(-1)).toBe(POLICY_EXCEPTIONS);
        expect(policies.at(-1)!.enforcementLevel).toBe("advisory");
        for (const policy of policies.slice(0, -1)) {
            expect(policy.enforcementLevel, policy.name).toBe("mandatory");
            expect(policy.description.length, policy.name).toBeGreaterThan(20);
            expect(policy.configSchema?.properties?.exceptions, policy.name).toMatchObject({ type: "array" });
        }
        expect(policies.length).toBeGreaterThanOrEqual(30);
    });

    it("documents every policy in policy/README.md", () => {
        const readme = readFileSync(join(POLICY_DIR, "README.md"), "utf8");
        for (const policy of policies) {
            expect(readme, policy.name).toContain(`\`${policy.name}\``);
        }
    });
});

describe("exceptions", () => {
    it("every default exception belongs to a policy of the pack and is in that policy's default config", () => {
        for (const exception of DEFAULT_EXCEPTIONS) {
            const policy = policies.find((p) => p.name === exception.policy);
            expect(policy, exception.id).toBeDefined();
            expect(policy!.configSchema!.properties!.exceptions!.default as unknown[]).toContainEqual(exception);
            expect(exception.reason.length).toBeGreaterThan(40);
        }
        expect(DEFAULT_EXCEPTIONS.map((e) => e.id).sort()).toEqual(["azure-managed-redis-tls12-floor", "azure-redis-tls12-floor", "azure-storage-tls12-floor", "dev-kind-local-path", "dev-kind-local-path-claims"]);
    });

    it("dev-kind-local-path allows only the dev stack's unverifiable local-path classes", async () => {
        const localPath = (stack: string) => ({
            ...res(ENC.storageClass, "fast-ssd", { metadata: { name: "fast-ssd" }, provisioner: "rancher.io/local-path" }),
            urn: `urn:pulumi:${stack}::devana::kubernetes:storage.k8s.io/v1:StorageClass::fast-ssd`,
        });
        const plainEbs = {
            ...res(ENC.storageClass, "plain", { metadata: { name: "plain" }, provisioner: "ebs.csi.aws.com", parameters: { encrypted: "false" } }),
            urn: "urn:pulumi:dev::devana::kubernetes:storage.k8s.io/v1:StorageClass::plain",
        };
        const levels = async (r: ReturnType<typeof res>) => (await run([k8sStorageClassEncrypted], [r])).map((v) => `${v.policy}/${v.enforcementLevel}`);
        expect(await levels(localPath("dev"))).toEqual([`${POLICY_EXCEPTIONS}/advisory`]);
        expect(await levels(localPath("onprem"))).toEqual(["k8s-storageclass-encrypted/mandatory"]);
        expect(await levels(plainEbs)).toEqual(["k8s-storageclass-encrypted/mandatory", "k8s-storageclass-encrypted/mandatory"]);
    });

    it("an exception entry matched by name pattern turns the violation advisory, with its id and reason", async () => {
        const config = { "aws-log-group-retention": { exceptions: [{ id: "legacy-import", name: "legacy-*", reason: "imported group, shortened retention tracked in SEC-42" }] } };
        const violations = await run([awsLogGroupRetention], [res(AUDIT.logGroup, "legacy-app", { retentionInDays: 30, kmsKeyId: "k" }), res(AUDIT.logGroup, "app", { retentionInDays: 30, kmsKeyId: "k" })], { config });
        expect(violations.map((v) => [v.policy, v.enforcementLevel, v.urn?.split("::").at(-1)])).toEqual([
            ["aws-log-group-retention", "mandatory", "app"],
            [POLICY_EXCEPTIONS, "advisory", "legacy-app"],
        ]);
        expect(violations[1]!.message).toMatch(/excepted by legacy-import: imported group, shortened retention tracked in SEC-42/);
    });

    it("an exception of a stack policy is reported the same way, by URN pattern", async () => {
        const config = { "aws-s3-bucket-sse-kms-attached": { exceptions: [{ id: "dev-scratch", urn: "urn:pulumi:test::*::scratch", reason: "scratch bucket of the test stack only" }] } };
        const violations = await run([awsS3BucketHasSseKms], [res(ENC.s3Bucket, "scratch", {})], { config });
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([[POLICY_EXCEPTIONS, "advisory"]]);
    });

    it.each([
        [{ id: "x", name: "*" }, /reason/],
        [{ id: "x", reason: "no selector at all here" }, /must select resources/],
        [{ id: "x", name: "*", reason: "ok reason text", extra: true }, /extra is not allowed/],
        [{ id: "x", name: "*", reason: "short" }, /at least 10 characters/],
    ])("rejects the malformed entry %j", async (entry, message) => {
        await expect(run([azureStorageTls], [res(TLS.storageAccount, "sa", { minimumTlsVersion: "TLS1_2" })], { config: { "azure-storage-tls": { exceptions: [entry] } } })).rejects.toThrow(message);
    });

    it("reports a rejected entry as a config error (policy:check exits 2 on it)", async () => {
        const entry = { id: "x", reason: "no selector at all here" };
        await expect(run([azureStorageTls], [res(TLS.storageAccount, "sa", {})], { config: { "azure-storage-tls": { exceptions: [entry] } } })).rejects.toBeInstanceOf(PolicyConfigError);
    });

    it("rejects an entry declared for another policy", async () => {
        const entry = { id: "x", policy: "azure-redis-tls", resourceType: TLS.storageAccount, reason: "misplaced entry here" };
        await expect(run([azureStorageTls], [res(TLS.storageAccount, "sa", { minimumTlsVersion: "TLS1_3" })], { config: { "azure-storage-tls": { exceptions: [entry] } } })).rejects.toThrow(/declared for policy azure-redis-tls/);
    });
});

describe("values unknown at preview", () => {
    it("still checks the known fields of a resource whose other inputs are unknown", async () => {
        const group = res(AUDIT.logGroup, "g", { name: UNKNOWN_STRING, retentionInDays: 90, kmsKeyId: UNKNOWN_STRING });
        expect(await failures(awsLogGroupRetention, [group])).toEqual(["retentionInDays is 90: audit logs are kept at least 365 days (R-SEC-AUDIT)"]);
    });

    it("treats an unknown checked value as not decidable, not as a violation", async () => {
        expect(await failures(awsLogGroupRetention, [res(AUDIT.logGroup, "g", { retentionInDays: "3eeb2bf0-c639-47a8-9e75-3b44932eb421", kmsKeyId: UNKNOWN_STRING })])).toEqual([]);
    });

    it("reports a policy that reads an unknown value directly as advisory, like the engine", async () => {
        const naive: ResourceValidationPolicy = {
            name: "naive",
            description: "reads props without the unknown-safe accessors",
            enforcementLevel: "mandatory",
            validateResource: (args, report) => {
                if (String(args.props.kmsKeyId).length === 0) {
                    report("never");
                }
            },
        };
        const violations = await runPolicies([res(AUDIT.logGroup, "g", { kmsKeyId: UNKNOWN_STRING })], [naive]);
        expect(violations).toEqual([expect.objectContaining({ policy: "naive", enforcementLevel: "advisory", message: expect.stringMatching(/can't run policy naive during preview: string value at .kmsKeyId/) })]);
    });
});

describe("policy:check input formats", () => {
    it("reads `pulumi preview --json` steps: newState per URN, deletions dropped, secrets unwrapped, dependencies kept", () => {
        const stackUrn = "urn:pulumi:prod::devana::pulumi:pulumi:Stack::devana-prod";
        const keyUrn = "urn:pulumi:prod::devana::aws:kms/key:Key::logs";
        const groupUrn = "urn:pulumi:prod::devana::aws:cloudwatch/logGroup:LogGroup::audit";
        const preview = {
            steps: [
                { op: "same", urn: stackUrn, newState: { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", inputs: {} } },
                { op: "create", urn: keyUrn, newState: { urn: keyUrn, custom: true, type: "aws:kms/key:Key", parent: stackUrn, inputs: { enableKeyRotation: true } } },
                {
                    op: "update",
                    urn: groupUrn,
                    newState: {
                        urn: groupUrn,
                        custom: true,
                        type: "aws:cloudwatch/logGroup:LogGroup",
                        parent: stackUrn,
                        protect: true,
                        inputs: { retentionInDays: 400, kmsKeyId: UNKNOWN_STRING, tags: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '{"owner":"sec"}' } },
                        dependencies: [keyUrn],
                        propertyDependencies: { kmsKeyId: [keyUrn] },
                    },
                },
                { op: "delete", urn: "urn:pulumi:prod::devana::aws:s3/bucket:Bucket::old", oldState: { type: "aws:s3/bucket:Bucket" } },
            ],
            changeSummary: { create: 1, update: 1, delete: 1, same: 1 },
        };
        const resources = resourcesFromPolicyInput(preview);
        expect(resources.map((r) => [r.name, r.type, r.custom])).toEqual([
            ["devana-prod", "pulumi:pulumi:Stack", false],
            ["logs", "aws:kms/key:Key", true],
            ["audit", "aws:cloudwatch/logGroup:LogGroup", true],
        ]);
        expect(resources[2]).toMatchObject({ parent: stackUrn, inputs: { tags: { owner: "sec" }, kmsKeyId: UNKNOWN_STRING }, options: { protect: true, dependsOn: [keyUrn] } });
    });

    it("reads the plan's document, with or without the custom/options additions", () => {
        const resources = resourcesFromPolicyInput({ stack: "x", resources: [{ urn: "urn:pulumi:x::devana::aws:kms/key:Key::k", type: "aws:kms/key:Key", name: "k", parent: null, inputs: {} }] });
        expect(resources).toEqual([expect.objectContaining({ name: "k", custom: true, parent: undefined, options: expect.objectContaining({ dependsOn: [] }) })]);
    });

    it.each([[{}], [[]], [{ resources: [{ type: "x" }] }], [{ steps: [{ urn: "u" }] }], ["text"]])("rejects %j", (doc) => {
        expect(() => resourcesFromPolicyInput(doc)).toThrow(PolicyInputError);
    });
});
