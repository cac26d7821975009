/**
 * Issue 18 item 3: the vLLM model caches stay `standard` (Longhorn) claims on the GPU nodes, and
 * the prerequisite that makes that work (Longhorn's node plugin tolerating the GPU taints) is
 * declared in `onprem.storage.modelCache.taintToleration` and checked against every gpuLlm/gpuEmbed
 * taint. What this does not prove: that the cluster's Longhorn setting holds the declared value
 * (the program cannot read it; docs/onprem.md checklist).
 */
import { describe, expect, it } from "vitest";
import { parseTaintToleration, taintTolerated } from "../../../config/resolve/storage";

describe("Longhorn's taint-toleration syntax", () => {
    it("parses keys, values and effects, and matches taints the way Kubernetes tolerations do", () => {
        expect(parseTaintToleration("nvidia.com/gpu=true:NoSchedule; dedicated:NoExecute;other=x:")).toEqual([
            { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" },
            { key: "dedicated", effect: "NoExecute" },
            { key: "other", value: "x" },
        ]);
        const gpu = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" } as const;
        expect(taintTolerated(gpu, parseTaintToleration("nvidia.com/gpu:NoSchedule"))).toBe(true);
        expect(taintTolerated(gpu, parseTaintToleration("nvidia.com/gpu=present:NoSchedule"))).toBe(false);
        expect(taintTolerated(gpu, parseTaintToleration("nvidia.com/gpu=true:NoExecute"))).toBe(false);
        expect(taintTolerated({ ...gpu, effect: "PreferNoSchedule" }, [])).toBe(true);
    });
});
