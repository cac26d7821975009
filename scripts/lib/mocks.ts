/**
 * Pulumi mocks for offline evaluation: every resource echoes its inputs, plus the outputs a real
 * provider would compute that other resources read (passwords, PEMs, ARNs, Azure ids).
 * Generated secret values are deterministic so two plans of the same stack diff cleanly.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { isRecord } from "./records";
import { awsOfferingRegions, awsRegionsOffering, awsZoneIdsOffering, awsZoneIdsWithOfferings, isAcceleratedAwsType } from "../../config/facts";

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
            // AWS target: the outputs a kubeconfig, key policies and bucket policies are built from.
            case "aws:eks/cluster:Cluster": {
                const clusterName = String(args.inputs.name ?? args.name);
                state.name = clusterName;
                state.endpoint = `https://${digest(seed, 32).toUpperCase()}.gr7.eu-west-3.eks.amazonaws.com`;
                state.certificateAuthority = { data: Buffer.from(fakePem("CERTIFICATE", seed)).toString("base64") };
                state.vpcConfig = { ...(isRecord(args.inputs.vpcConfig) ? args.inputs.vpcConfig : {}), clusterSecurityGroupId: `sg-${digest(`${seed}:sg`, 17)}` };
                state.identities = [{ oidcs: [{ issuer: `https://oidc.eks.eu-west-3.amazonaws.com/id/${digest(seed, 32).toUpperCase()}` }] }];
                state.arn = `arn:aws:eks:eu-west-3:${MOCK_ACCOUNT_ID}:cluster/${clusterName}`;
                break;
            }
            case "aws:kms/key:Key": {
                const keyId = `${digest(seed, 8)}-${digest(`${seed}:1`, 4)}-${digest(`${seed}:2`, 4)}-${digest(`${seed}:3`, 4)}-${digest(`${seed}:4`, 12)}`;
                state.keyId = keyId;
                state.arn = `arn:aws:kms:eu-west-3:${MOCK_ACCOUNT_ID}:key/${keyId}`;
                break;
            }
            case "aws:s3/bucket:Bucket": {
                const bucket = String(args.inputs.bucket ?? `${args.name}-${digest(seed, 7)}`);
                state.bucket = bucket;
                state.arn = `arn:aws:s3:::${bucket}`;
                break;
            }
            case "aws:iam/role:Role": {
                const roleName = String(args.inputs.name ?? `${args.name}-${digest(seed, 7)}`);
                state.name = roleName;
                state.arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${roleName}`;
                break;
            }
            case "aws:cloudwatch/logGroup:LogGroup":
                state.name ??= args.name;
                state.arn = `arn:aws:logs:eu-west-3:${MOCK_ACCOUNT_ID}:log-group:${String(state.name)}`;
                break;
            case "aws:ec2/launchTemplate:LaunchTemplate":
                state.latestVersion = 1;
                break;
            case "aws:eks/nodeGroup:NodeGroup":
                state.nodeGroupName ??= `${args.name}-${digest(seed, 7)}`;
                break;
            // Azure target: the outputs key references, identities, the OIDC issuer and the kubeconfig are built from.
            case "azure-native:keyvault:Vault": {
                const vaultName = String(args.inputs.vaultName ?? args.name);
                state.name = vaultName;
                state.properties = { ...(isRecord(args.inputs.properties) ? args.inputs.properties : {}), vaultUri: `https://${vaultName}.vault.azure.net/` };
                break;
            }
            case "azure-native:keyvault:Key": {
                const keyName = String(args.inputs.keyName ?? args.name);
                state.name = keyName;
                state.keyUri = `https://${String(args.inputs.vaultName ?? "vault")}.vault.azure.net/keys/${keyName}`;
                state.keyUriWithVersion = `${String(state.keyUri)}/${digest(seed, 32)}`;
                break;
            }
            case "azure-native:managedidentity:UserAssignedIdentity": {
                const uuid = (salt: string): string => {
                    const h = digest(`${seed}:${salt}`, 32);
                    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
                };
                state.principalId = uuid("principal");
                state.clientId = uuid("client");
                state.tenantId = MOCK_TENANT_ID;
                break;
            }
            case "azure-native:containerservice:ManagedCluster": {
                const host = `${String(args.inputs.dnsPrefix ?? args.name)}-${digest(seed, 8)}`;
                state.name = String(args.inputs.resourceName ?? args.name);
                state.fqdn = `${host}.hcp.francecentral.azmk8s.io`;
                state.privateFQDN = `${host}.privatelink.francecentral.azmk8s.io`;
                state.oidcIssuerProfile = { enabled: true, issuerURL: `https://francecentral.oic.prod-aks.azure.com/${MOCK_TENANT_ID}/${digest(seed, 36)}/` };
                break;
            }
            // Azure names given through the resource's own name input (ARM's `name` output).
            case "azure-native:resources:ResourceGroup":
                state.name = String(args.inputs.resourceGroupName ?? args.name);
                break;
            case "azure-native:storage:StorageAccount":
                state.name = String(args.inputs.accountName ?? args.name);
                break;
            case "azure-native:storage:BlobContainer":
                state.name = String(args.inputs.containerName ?? args.name);
                break;
            case "azure-native:operationalinsights:Workspace":
                state.name = String(args.inputs.workspaceName ?? args.name);
                break;
            case "azure-native:network:PublicIPAddress":
                state.ipAddress = `20.19.${parseInt(digest(seed, 2), 16) % 256}.${parseInt(digest(`${seed}:b`, 2), 16) % 256}`;
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
            // Offline, the live offering check (aws-offerings.ts) reads the facts: AZ names a, b, c map
            // to the region's AZ IDs in order, and accelerated types are offered where the facts say.
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const filters = (args.inputs.filters ?? []) as { name: string; values: string[] }[];
                const region = filters.find((f) => f.name === "region-name")?.values[0] ?? "eu-west-3";
                const ids = mockZoneIds(region);
                return { names: ids.map((_, i) => `${region}${"abcdef"[i]}`), zoneIds: ids, id: region };
            }
            case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": {
                const filters = (args.inputs.filters ?? []) as { name: string; values: string[] }[];
                const type = filters.find((f) => f.name === "instance-type")?.values[0] ?? "";
                const locations = mockOfferedZoneIds(type);
                return { instanceTypes: locations.map(() => type), locations, locationTypes: locations.map(() => "availability-zone-id"), id: type };
            }
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com" };
            case "azure-native:authorization:getClientConfig":
                return { clientId: MOCK_TENANT_ID, objectId: MOCK_TENANT_ID, subscriptionId: MOCK_SUBSCRIPTION_ID, tenantId: MOCK_TENANT_ID };
            case "azure-native:containerservice:listManagedClusterUserCredentials": {
                const server = `https://${String(args.inputs.resourceName ?? "aks")}.privatelink.francecentral.azmk8s.io:443`;
                const kubeconfig = [
                    "apiVersion: v1",
                    "kind: Config",
                    `clusters:\n- name: aks\n  cluster:\n    server: ${server}\n    certificate-authority-data: ${Buffer.from(fakePem("CERTIFICATE", server)).toString("base64")}`,
                    "contexts:\n- name: aks\n  context:\n    cluster: aks\n    user: clusterUser",
                    "current-context: aks",
                    "users:\n- name: clusterUser\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: kubelogin\n      args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]",
                ].join("\n");
                return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfig).toString("base64") }] };
            }
            case "azure-native:storage:listStorageAccountKeys":
                return { keys: [{ keyName: "key1", permissions: "FULL", value: this.secret(`mockaccountkey${digest(String(args.inputs.accountName), 40)}`) }] };
            default:
                return args.inputs;
        }
    }
}

/** AZ IDs of a region for the mock: the offerings facts' IDs, or three made-up ones. */
function mockZoneIds(region: string): string[] {
    const ids = awsZoneIdsWithOfferings(region);
    return ids.length >= 3 ? [...ids].sort() : [1, 2, 3].map((n) => `${region.replace(/-/g, "")}-az${n}`);
}

/** Every AZ ID of the facts that offers an accelerated type; non-accelerated types everywhere (unknown offline). */
function mockOfferedZoneIds(type: string): string[] {
    const regions = awsRegionsOffering(type);
    return isAcceleratedAwsType(type) ? regions.flatMap((r) => awsZoneIdsOffering(r, type)) : awsOfferingRegions().flatMap((r) => mockZoneIds(r));
}
