/**
 * The data tier on AKS: the shared StorageClasses, backups to the Blob `devana-backups` container
 * through Entra workload identity (annotated ServiceAccounts, labelled pods), no in-cluster S3.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import type { PlannedResource } from "../../../scripts/lib/evaluate";

let resources: readonly PlannedResource[];

beforeAll(async () => {
    ({ resources } = await evaluateOk("azure-prod"));
});

describe("azure-prod data tier", () => {
    it("runs every data service, without an in-cluster object store", () => {
        expect(["devana:data:Postgres", "devana:data:Redis", "devana:data:Chroma", "devana:data:Meilisearch"].map((t) => ofType(resources, t).length)).toEqual([1, 1, 1, 1]);
        expect(ofType(resources, "devana:data:ObjectStore")).toEqual([]);
    });

    it("puts PostgreSQL on the encrypted fast-ssd class and archives WAL to Blob Storage with workload identity", () => {
        const cluster = ofType(resources, "kubernetes:postgresql.cnpg.io/v1:Cluster")[0].inputs.spec as Record<string, { storageClass?: string; metadata?: unknown; labels?: unknown }>;
        expect(cluster.storage.storageClass).toBe("fast-ssd");
        expect(cluster.serviceAccountTemplate.metadata).toEqual({ annotations: { "azure.workload.identity/client-id": expect.stringMatching(/^[0-9a-f-]{36}$/) } });
        expect(cluster.inheritedMetadata.labels).toEqual({ "azure.workload.identity/use": "true" });
    });

    it("runs the snapshot jobs under the annotated ServiceAccount with the workload-identity label", () => {
        const account = byName(resources, "kubernetes:core/v1:ServiceAccount", "devana-data-backup").inputs.metadata as { name: string; annotations: Record<string, string> };
        expect(account.name).toBe("data-backup");
        expect(Object.keys(account.annotations)).toEqual(["azure.workload.identity/client-id"]);
        const jobs = ofType(resources, "kubernetes:batch/v1:CronJob");
        expect(jobs.map((j) => j.name).sort()).toEqual(["devana-chroma-snapshot", "devana-meilisearch-snapshot"]);
        for (const job of jobs) {
            const pod = (job.inputs.spec as { jobTemplate: { spec: { template: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string } } } } }).jobTemplate.spec.template;
            expect(pod.spec.serviceAccountName).toBe("data-backup");
            expect(pod.metadata.labels["azure.workload.identity/use"]).toBe("true");
        }
    });
});
