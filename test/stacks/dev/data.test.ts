/**
 * The data tier of the committed `dev` stack (minimal tier on kind), evaluated by the plan CLI in a
 * child process (mock state is process-wide; the `onprem` data tier is evaluated in-process).
 * Policy violations do not fail these checks: the policy tests own them. It does not prove the
 * pods start on kind.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../support/helpers";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { imagesIn, isPinned, modelPath, schemaErrors } from "../../support/k8s-schema";

let resources: PlannedResource[];

beforeAll(() => {
    const run = runCli("plan", ["--stack", "dev", "--json"]);
    const plan = JSON.parse(run.stdout) as { resources?: PlannedResource[]; error?: string };
    if (!plan.resources) {
        throw new Error(`dev did not evaluate: ${run.stdout.slice(0, 500)} ${run.stderr.slice(0, 500)}`);
    }
    resources = plan.resources;
}, 120_000);

const find = (type: string, name: string): PlannedResource => {
    const r = resources.find((x) => x.type === type && x.name === name);
    if (!r) {
        throw new Error(`no ${type} ${name}`);
    }
    return r;
};
const spec = (r: PlannedResource): Record<string, unknown> => r.inputs.spec as Record<string, unknown>;

describe("dev stack data tier (minimal, kind)", () => {
    it("one instance of everything: PostgreSQL 1, Redis 1 without Sentinel or proxy, one SeaweedFS volume server", () => {
        expect(spec(find("kubernetes:postgresql.cnpg.io/v1:Cluster", "devana-postgres-cluster")).instances).toBe(1);
        expect(spec(find("kubernetes:apps/v1:StatefulSet", "devana-redis-data")).replicas).toBe(1);
        const redis = resources.filter((r) => r.parent?.endsWith("devana:data:Redis::devana-redis"));
        expect(redis.map((r) => r.name).filter((n) => /sentinel|proxy|pdb/.test(n))).toEqual([]);
        expect(spec(find("kubernetes:core/v1:Service", "devana-redis-service")).selector).toEqual({ "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "redis-data" });
        expect(find("kubernetes:helm.sh/v4:Chart", "devana-object-store-seaweedfs").inputs.values).toMatchObject({ volume: { replicas: 1 }, master: { replicas: 1 }, filer: { replicas: 1 } });
    });

    it("creates fast-ssd with local-path and reuses kind's own `standard` class; nothing is protected in dev", () => {
        const classes = resources.filter((r) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass");
        expect(classes.map((c) => [(c.inputs.metadata as { name: string }).name, c.inputs.provisioner, c.inputs.reclaimPolicy])).toEqual([["fast-ssd", "rancher.io/local-path", "Delete"]]);
        expect(resources.filter((r) => r.parent?.includes("devana:data:") && r.options.protect).map((r) => r.name)).toEqual([]);
        expect(spec(find("kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "devana-postgres-backups"))).toMatchObject({ retentionPolicy: "7d" });
    });

    it("every core-kind object validates against the kubernetes-models OpenAPI schema", async () => {
        const core = resources.filter((r) => r.custom && modelPath(r.type));
        expect(core.length).toBeGreaterThan(20);
        expect((await Promise.all(core.map(schemaErrors))).flat()).toEqual([]);
    });

    it("no image uses the latest tag or no tag", () => {
        const images = resources.flatMap((r) => imagesIn(r.inputs));
        expect(images.length).toBeGreaterThan(5);
        expect(images.filter((i) => !isPinned(i))).toEqual([]);
    });
});
