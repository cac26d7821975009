/**
 * First `pulumi up` ordering: the application starts only after the data services exist, and
 * Pulumi waits for CloudNativePG to report the database Ready (the API migrates at start).
 * Does not prove the operator sets the condition in time on a real cluster.
 */
import { describe, expect, it } from "vitest";
import { byName, evaluateOk } from "../support/helpers";

describe.each(["onprem", "prod"])("stack %s", (stack) => {
    it("creates the API, Frontend and Odin after the database Cluster and the Redis, Chroma and Meilisearch workloads", async () => {
        const { resources } = await evaluateOk(stack);
        const cluster = resources.find((r) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster")!;
        const stateful = ["devana-redis-data", "devana-chroma-statefulset", "devana-meilisearch-statefulset"].map((n) => byName(resources, "kubernetes:apps/v1:StatefulSet", n).urn);
        for (const app of ["devana-api-deployment", "devana-frontend-deployment", "devana-odin-deployment"]) {
            const deps = byName(resources, "kubernetes:apps/v1:Deployment", app).options.dependsOn;
            expect(deps).toContain(cluster.urn);
            for (const urn of stateful) {
                expect(deps).toContain(urn);
            }
        }
    });

    it("waits for the PostgreSQL Cluster to be Ready", async () => {
        const { resources } = await evaluateOk(stack);
        const cluster = resources.find((r) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster")!;
        expect((cluster.inputs.metadata as { annotations: Record<string, string> }).annotations).toEqual({
            "pulumi.com/waitFor": "condition=Ready",
            "pulumi.com/timeoutSeconds": "3600",
        });
    });
});
