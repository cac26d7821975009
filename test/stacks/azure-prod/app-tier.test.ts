/**
 * The application and AI tiers on AKS (issue 6, wiring): Devana's API on Blob Storage natively
 * (devana-services.md: no S3 emulation on Azure) through Entra workload identity, Odin without
 * object-store variables (it documents S3 only), vLLM on the GPU pools, and NetworkPolicies that
 * reach the storage account's private endpoint in the data zone (R-NET-ZONES). The account-key
 * fallback is planned from a variant of azure-prod in a child process.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { byName, evaluateOk, ofType, planVariant, stackConfig, writeStackFile } from "../../support/helpers";
import type { PlannedResource } from "../../../scripts/lib/evaluate";

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } };
type Pod = { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string; containers: { name: string; env: Env[] }[] } };
type Rule = { to: { ipBlock?: { cidr: string; except?: string[] } }[]; ports: { port: number; protocol: string }[] };

const WORKLOAD_IDENTITY_LABEL = "azure.workload.identity/use";
const DATA_ZONE = "10.0.30.0/24";

const podOf = (r: PlannedResource): Pod => (r.inputs.spec as { template: Pod }).template;
const envOf = (r: PlannedResource): Env[] => podOf(r).spec.containers[0].env;
const envNames = (r: PlannedResource): string[] => envOf(r).map((e) => e.name);
const egressOf = (r: PlannedResource): Rule[] => (r.inputs.spec as { egress: Rule[] }).egress;

let resources: readonly PlannedResource[];
let outputs: Record<string, unknown>;

beforeAll(async () => {
    ({ resources, outputs } = await evaluateOk("azure-prod"));
});

describe("azure-prod application tier", () => {
    it("deploys the API, its cron pod, the Frontend, Odin and both vLLM servers", () => {
        expect(["devana:app:Api", "devana:app:Frontend", "devana:app:Odin"].map((t) => ofType(resources, t).length)).toEqual([1, 1, 1]);
        expect(
            ofType(resources, "kubernetes:apps/v1:Deployment")
                .map((d) => d.name)
                .filter((n) => /^devana-(api|frontend|odin)/.test(n))
                .sort(),
        ).toEqual(["devana-api-cron-deployment", "devana-api-deployment", "devana-frontend-deployment", "devana-odin-deployment"]);
        expect(
            ofType(resources, "kubernetes:apps/v1:StatefulSet")
                .map((s) => s.name)
                .filter((n) => n.startsWith("devana-llm-"))
                .sort(),
        ).toEqual(["devana-llm-chat-statefulset", "devana-llm-embeddings-statefulset"]);
    });

    it("configures the API for Blob Storage with no key and no S3 variable", () => {
        const account = (outputs.azure as { storageAccount: string }).storageAccount;
        for (const name of ["devana-api-deployment", "devana-api-cron-deployment"]) {
            const api = byName(resources, "kubernetes:apps/v1:Deployment", name);
            const env = envOf(api);
            expect(env.find((e) => e.name === "CLOUD_BUCKET_NAME")).toEqual({ name: "CLOUD_BUCKET_NAME", value: "devana-files" });
            expect(env.find((e) => e.name === "AZURE_STORAGE_ACCOUNT_NAME")).toEqual({ name: "AZURE_STORAGE_ACCOUNT_NAME", value: account });
            expect(envNames(api).filter((n) => n.startsWith("AWS_S3_") || n === "S3_PUBLIC_URL" || n === "AZURE_STORAGE_ACCOUNT_KEY")).toEqual([]);
            // The webhook injects these from the ServiceAccount; wiring them too would shadow it.
            expect(envNames(api).filter((n) => n === "AZURE_CLIENT_ID" || n === "AZURE_TENANT_ID")).toEqual([]);
            expect(podOf(api).metadata.labels[WORKLOAD_IDENTITY_LABEL]).toBe("true");
            expect(podOf(api).spec.serviceAccountName).toBe("devana-api");
        }
    });

    it("binds the API's ServiceAccount to the identity that holds the files container only", () => {
        const clientId = (outputs.azure as { blobAccess: { clientIds: Record<string, string> } }).blobAccess.clientIds.devana;
        expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
        expect(ofType(resources, "azure-native:managedidentity:UserAssignedIdentity").map((i) => i.name)).toContain("devana-blob-access-devana");
        const account = byName(resources, "kubernetes:core/v1:ServiceAccount", "devana-api-sa").inputs.metadata as { name: string; namespace: string; annotations: Record<string, string> };
        expect(account).toMatchObject({ name: "devana-api", namespace: "devana-prod" });
        expect(account.annotations).toEqual({ "azure.workload.identity/client-id": clientId });
        const credential = byName(resources, "azure-native:managedidentity:FederatedIdentityCredential", "devana-blob-access-devana-devana-api");
        expect(credential.inputs).toMatchObject({ subject: "system:serviceaccount:devana-prod:devana-api", audiences: ["api://AzureADTokenExchange"] });
    });

    it("gives Odin no object-store variables and no identity (it reads S3 variables only)", () => {
        const odin = byName(resources, "kubernetes:apps/v1:Deployment", "devana-odin-deployment");
        expect(envNames(odin).filter((n) => n.startsWith("S3_") || n.startsWith("AZURE_STORAGE"))).toEqual([]);
        expect(podOf(odin).metadata.labels[WORKLOAD_IDENTITY_LABEL]).toBeUndefined();
        expect((byName(resources, "kubernetes:core/v1:ServiceAccount", "devana-odin-sa").inputs.metadata as { annotations?: unknown }).annotations).toBeUndefined();
    });

    it("lets the Blob clients reach the private endpoint in the data zone on 443, and Odin not", () => {
        const egress = (name: string): Rule[] => egressOf(byName(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", `devana-network-policies-${name}-egress`));
        const reachesDataZone = (rules: Rule[]): boolean => rules.some((r) => r.to.some((t) => t.ipBlock?.cidr === DATA_ZONE) && r.ports.some((p) => p.port === 443 && p.protocol === "TCP"));
        expect(reachesDataZone(egress("devana-prod-api"))).toBe(true);
        expect(reachesDataZone(egress("devana-services-postgresql"))).toBe(true);
        expect(reachesDataZone(egress("devana-prod-odin"))).toBe(false);
    });

    it("lets PostgreSQL and the ChromaDB snapshot job reach the API server by Cilium entity, which no ipBlock matches on Cilium", () => {
        const policies = ofType(resources, "kubernetes:cilium.io/v2:CiliumNetworkPolicy");
        expect(policies.map((p) => p.name).sort()).toEqual(["devana-cilium-kube-api-chroma-snapshot", "devana-cilium-kube-api-postgresql"]);
        const postgres = byName(resources, "kubernetes:cilium.io/v2:CiliumNetworkPolicy", "devana-cilium-kube-api-postgresql");
        expect(postgres.inputs.metadata).toMatchObject({ name: "postgresql-kube-api", namespace: "devana-services" });
        expect(postgres.inputs.spec).toMatchObject({
            endpointSelector: { matchExpressions: [{ key: "cnpg.io/cluster", operator: "Exists" }] },
            egress: [
                {
                    toEntities: ["kube-apiserver"],
                    toPorts: [
                        {
                            ports: [
                                { port: "443", protocol: "TCP" },
                                { port: "6443", protocol: "TCP" },
                            ],
                        },
                    ],
                },
            ],
        });
        const chroma = byName(resources, "kubernetes:cilium.io/v2:CiliumNetworkPolicy", "devana-cilium-kube-api-chroma-snapshot");
        expect(chroma.inputs.metadata).toMatchObject({ name: "chroma-snapshot-kube-api", namespace: "devana-services" });
        expect(chroma.inputs.spec).toMatchObject({
            endpointSelector: { matchLabels: { "app.kubernetes.io/name": "chromadb-snapshot" } },
            egress: [
                {
                    toEntities: ["kube-apiserver"],
                    toPorts: [
                        {
                            ports: [
                                { port: "443", protocol: "TCP" },
                                { port: "6443", protocol: "TCP" },
                            ],
                        },
                    ],
                },
            ],
        });
    });

    it("keeps the vLLM model caches on the encrypted standard class", () => {
        for (const name of ["devana-llm-chat-statefulset", "devana-llm-embeddings-statefulset"]) {
            const claims = (byName(resources, "kubernetes:apps/v1:StatefulSet", name).inputs.spec as { volumeClaimTemplates: { spec: { storageClassName: string } }[] }).volumeClaimTemplates;
            expect(claims.map((c) => c.spec.storageClassName)).toEqual(["standard"]);
        }
    });
});

describe("azure blobAuth accountKey (fallback)", () => {
    it("turns shared keys on and gives the API the key through its environment Secret only", async () => {
        const dir = mkdtempSync(join(tmpdir(), "devana-azure-key-"));
        const base = stackConfig("azure-prod");
        const path = writeStackFile(dir, "azure-prod", { ...base, "devana:azure": { ...(base["devana:azure"] as object), blobAuth: "accountKey" } });
        const result = await planVariant(path);
        expect(result.status, result.stderr).toBe(0);
        const plan = JSON.parse(result.stdout) as { resources: PlannedResource[] };
        const api = byName(plan.resources, "kubernetes:apps/v1:Deployment", "devana-api-deployment");
        expect(envOf(api).find((e) => e.name === "AZURE_STORAGE_ACCOUNT_KEY")).toEqual({
            name: "AZURE_STORAGE_ACCOUNT_KEY",
            valueFrom: { secretKeyRef: { name: "devana-api-env", key: "AZURE_STORAGE_ACCOUNT_KEY" } },
        });
        expect(podOf(api).metadata.labels[WORKLOAD_IDENTITY_LABEL]).toBeUndefined();
        expect(ofType(plan.resources, "azure-native:managedidentity:FederatedIdentityCredential")).toEqual([]);
        expect(byName(plan.resources, "azure-native:storage:StorageAccount", "devana-blob-account").inputs.allowSharedKeyAccess).toBe(true);
        const envSecret = byName(plan.resources, "kubernetes:core/v1:Secret", "devana-app-secrets-api-env");
        expect((envSecret.inputs.stringData as Record<string, string>).AZURE_STORAGE_ACCOUNT_KEY).toBe("[secret]");
        const keySecrets = ofType(plan.resources, "kubernetes:core/v1:Secret").filter((s) => (s.inputs.metadata as { name: string }).name === "devana-azure-storage");
        expect(keySecrets.map((s) => (s.inputs.metadata as { namespace: string }).namespace)).toEqual(["devana-services"]);
    });
});
