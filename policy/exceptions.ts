/**
 * The pack's default exception list and the advisory policy that reports excepted findings.
 *
 * Every entry is part of the pack's default config (each policy's `exceptions` default), so the
 * stacks that need it pass while the deviation stays visible: `policy-exceptions` reports each
 * excepted finding, with the entry's id and reason, on every preview and plan.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { drainExcepted, type PolicyException } from "./lib";

/** Findings codes that exceptions may allow. */
export const FINDING = {
    /** A service enforces TLS 1.2 as its floor because it cannot enforce 1.3. */
    tls12NotTls13: "tls12-not-13",
    /** A StorageClass driver without an encryption parameter the pack can verify (local volumes). */
    provisionerUnverifiable: "provisioner-unverifiable",
} as const;

const DEV_KIND_REASON =
    "The dev stack runs on a developer's local kind cluster (Pulumi.dev.yaml), whose only provisioner, rancher.io/local-path, writes to the workstation disk: encryption at rest is the workstation's full-disk encryption, which this pack cannot see. dev holds no customer data. Scoped to the dev stack's URNs and to this finding only: an EBS/Azure/Longhorn/Ceph class without encryption still fails in dev.";

export const DEFAULT_EXCEPTIONS: readonly (PolicyException & { readonly policy: string })[] = [
    {
        id: "azure-storage-tls12-floor",
        policy: "azure-storage-tls",
        resourceType: "azure-native:storage:StorageAccount",
        finding: FINDING.tls12NotTls13,
        reason: "Azure Storage negotiates TLS 1.3 but cannot enforce it as the minimum (Microsoft Learn, 'Enforce a minimum required version of TLS for requests to a storage account', 2025-09): TLS 1.2 is enforced instead, which R-SEC-TLS accepts with strong ciphers. Revisit when Azure supports a TLS1_3 minimum.",
    },
    {
        id: "azure-redis-tls12-floor",
        policy: "azure-redis-tls",
        resourceType: "azure-native:redis:Redis",
        finding: FINDING.tls12NotTls13,
        reason: "Azure Cache for Redis offers minimum TLS versions 1.0, 1.1 and 1.2 only (no 1.3 setting): TLS 1.2 is enforced and the non-TLS port is closed; R-SEC-TLS accepts 1.2 with strong ciphers.",
    },
    {
        id: "azure-managed-redis-tls12-floor",
        policy: "azure-redis-tls",
        resourceType: "azure-native:redisenterprise:RedisEnterprise",
        finding: FINDING.tls12NotTls13,
        reason: "Azure Managed Redis (Redis Enterprise) offers minimum TLS versions up to 1.2 only: TLS 1.2 is enforced; R-SEC-TLS accepts 1.2 with strong ciphers.",
    },
    {
        id: "dev-kind-local-path",
        policy: "k8s-storageclass-encrypted",
        urn: "urn:pulumi:dev::devana::*",
        finding: FINDING.provisionerUnverifiable,
        reason: DEV_KIND_REASON,
    },
    {
        id: "dev-kind-local-path-claims",
        policy: "k8s-pvc-encrypted-storageclass",
        urn: "urn:pulumi:dev::devana::*",
        finding: FINDING.provisionerUnverifiable,
        reason: DEV_KIND_REASON,
    },
];

/** The default exceptions of one policy (its `exceptions` config default). */
export function defaultExceptionsFor(policy: string): PolicyException[] {
    return DEFAULT_EXCEPTIONS.filter((e) => e.policy === policy);
}

export const POLICY_EXCEPTIONS = "policy-exceptions";

/**
 * Advisory: reports every finding a policy's exception list allowed, with the exception's id and
 * reason. Listed last in the pack so it runs after every other policy.
 */
export const policyExceptions: StackValidationPolicy = {
    name: POLICY_EXCEPTIONS,
    description: "Reports, as advisory, every finding allowed by a named exception, with its reason (exceptions are never silent).",
    enforcementLevel: "advisory",
    validateStack: (_args, report) => {
        for (const excepted of drainExcepted()) {
            report(`${excepted.policy}: ${excepted.message} [excepted by ${excepted.exception.id}: ${excepted.exception.reason}]`, excepted.urn);
        }
    },
};
