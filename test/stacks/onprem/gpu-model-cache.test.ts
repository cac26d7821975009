/**
 * Issue 18 item 3: the vLLM model caches stay `standard` (Longhorn) claims on the GPU nodes, and
 * the prerequisite that makes that work (Longhorn's node plugin tolerating the GPU taints) is
 * declared in `onprem.storage.modelCache.taintToleration` and checked against every gpuLlm/gpuEmbed
 * taint of the committed `onprem` stack and its variants. What this does not prove: that the
 * cluster's Longhorn setting holds the declared value (the program cannot read it; docs/onprem.md
 * checklist).
 */
import { describe, expect, it } from "vitest";
import { byName, evaluateOk, stackConfig } from "../../support/helpers";
import { issues, ok } from "../../support/parse-helpers";

const ONPREM = stackConfig("onprem");

const KEY = "devana:onprem.storage.modelCache.taintToleration";

const withStorage = (storage: Record<string, unknown>) => ({ ...ONPREM, "devana:onprem": { ...(ONPREM["devana:onprem"] as object), storage } });

const LONGHORN = { provisioner: "driver.longhorn.io", parameters: { numberOfReplicas: "3" } };

describe("onprem.storage.modelCache at config time", () => {
    it("accepts the committed onprem stack (nvidia.com/gpu=true:NoSchedule covers both GPU pools)", () => {
        expect(ok(ONPREM).onprem?.storage.modelCache).toEqual({ taintToleration: "nvidia.com/gpu=true:NoSchedule" });
    });

    it("requires it with Longhorn and tainted GPU pools, naming both pools' taints", () => {
        expect(issues(withStorage(LONGHORN))).toEqual([{ key: KEY, message: expect.stringContaining("required with Longhorn and tainted GPU pools") }]);
        expect(issues(withStorage(LONGHORN))[0]!.message).toContain("nvidia.com/gpu=true:NoSchedule (nodePools.gpuLlm), nvidia.com/gpu=true:NoSchedule (nodePools.gpuEmbed)");
    });

    it("refuses a declaration that misses a pool's taint", () => {
        const pools = ONPREM["devana:nodePools"] as Record<string, Record<string, unknown>>;
        const extra = {
            ...ONPREM,
            "devana:nodePools": {
                ...pools,
                gpuEmbed: {
                    ...pools.gpuEmbed,
                    taints: [
                        { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" },
                        { key: "dedicated", value: "embed", effect: "NoExecute" },
                    ],
                },
            },
        };
        expect(issues(extra)).toEqual([{ key: KEY, message: "does not tolerate dedicated=embed:NoExecute (nodePools.gpuEmbed): the model cache's CSI node plugin would not run on those GPU nodes and the vLLM pods would stay Pending" }]);
    });

    it("is checked when declared for another driver, and not required for one", () => {
        const ceph = { provisioner: "rook-ceph.rbd.csi.ceph.com" };
        expect(ok(withStorage(ceph)).onprem?.storage.modelCache).toBeUndefined();
        expect(issues(withStorage({ ...ceph, modelCache: { taintToleration: "other:NoSchedule" } }))).toEqual([{ key: KEY, message: expect.stringContaining("does not tolerate nvidia.com/gpu=true:NoSchedule (nodePools.gpuLlm)") }]);
        // A schema error drops the whole onprem block, so rules on its other keys report too.
        expect(issues(withStorage({ ...LONGHORN, modelCache: { taintToleration: "nvidia.com/gpu=true" } }))).toContainEqual({ key: KEY, message: expect.stringContaining("expected Longhorn's taint-toleration syntax") });
    });
});

describe("the committed onprem stack's model caches", () => {
    it("are standard (Longhorn) claims of the vLLM StatefulSets, never emptyDirs", async () => {
        const { resources } = await evaluateOk("onprem");
        for (const name of ["devana-llm-chat-statefulset", "devana-llm-embeddings-statefulset"]) {
            const spec = byName(resources, "kubernetes:apps/v1:StatefulSet", name).inputs.spec as {
                volumeClaimTemplates: { metadata: { name: string }; spec: { storageClassName: string } }[];
                template: { spec: { volumes: { name: string }[] } };
            };
            expect(spec.volumeClaimTemplates.map((t) => [t.metadata.name, t.spec.storageClassName])).toEqual([["model-cache", "standard"]]);
            expect(spec.template.spec.volumes.map((v) => v.name)).not.toContain("model-cache");
        }
    });
});
