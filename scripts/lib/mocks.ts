/**
 * Pulumi mocks for offline evaluation: every resource echoes its inputs, plus the outputs a real
 * provider would compute that other resources read (passwords, PEMs, ARNs, Azure ids).
 * Generated secret values are deterministic so two plans of the same stack diff cleanly.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const MOCK_TENANT_ID = "11111111-1111-1111-1111-111111111111";

const digest = (text: string, length: number): string => createHash("sha256").update(text).digest("hex").slice(0, length);

function fakePem(label: string, seed: string): string {
    return `-----BEGIN ${label}-----\nMOCK${digest(seed, 56)}\n-----END ${label}-----\n`;
}

/** Mocks that record the fake secret values they hand out, so printers can redact them. */
export class OfflineMocks implements pulumi.runtime.Mocks {
    readonly secretValues = new Set<string>();

    private secret(value: string): string {
        this.secretValues.add(value);
        return value;
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        const seed = `${args.type}::${args.name}`;
        const state: Record<string, unknown> = { ...args.inputs };
        switch (args.type) {
            case "random:index/randomPassword:RandomPassword":
            case "random:index/randomString:RandomString": {
                const length = Number(args.inputs.length ?? 32);
                const value = `mocksecret${digest(seed, 64)}`.slice(0, Math.max(length, 16));
                state.result = this.secret(value);
                if (args.type.endsWith("RandomPassword")) {
                    state.bcryptHash = this.secret(`$2a$10$${digest(`${seed}:bcrypt`, 53)}`);
                }
                break;
            }
            case "random:index/randomId:RandomId":
                state.hex = digest(seed, Number(args.inputs.byteLength ?? 8) * 2);
                state.b64Url = state.hex;
                break;
            case "tls:index/privateKey:PrivateKey":
                state.privateKeyPem = this.secret(fakePem("PRIVATE KEY", seed));
                state.privateKeyOpenssh = this.secret(fakePem("OPENSSH PRIVATE KEY", seed));
                state.privateKeyPemPkcs8 = this.secret(fakePem("PRIVATE KEY", `${seed}:pkcs8`));
                state.publicKeyPem = fakePem("PUBLIC KEY", seed);
                state.publicKeyOpenssh = `ssh-ed25519 MOCK${digest(seed, 40)}`;
                break;
            case "tls:index/selfSignedCert:SelfSignedCert":
            case "tls:index/locallySignedCert:LocallySignedCert":
                state.certPem = fakePem("CERTIFICATE", seed);
                break;
        }
        if (args.type.startsWith("aws:")) {
            state.arn ??= `arn:aws:mock:eu-west-3:${MOCK_ACCOUNT_ID}:${args.name}`;
        }
        if (args.type.startsWith("azure-native:")) {
            const id = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/mock/providers/${args.type}/${args.name}`;
            state.name ??= args.name;
            return { id, state: { ...state, id } };
        }
        if (args.type.startsWith("kubernetes:") && isRecord(state.metadata) && state.metadata.name === undefined) {
            state.metadata = { ...state.metadata, name: args.name };
        }
        return { id: `${args.name}-id`, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/mock`, userId: "MOCK" };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com" };
            case "azure-native:authorization:getClientConfig":
                return { clientId: MOCK_TENANT_ID, objectId: MOCK_TENANT_ID, subscriptionId: MOCK_SUBSCRIPTION_ID, tenantId: MOCK_TENANT_ID };
            default:
                return args.inputs;
        }
    }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
