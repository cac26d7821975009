/**
 * Longhorn's taint-toleration syntax as `onprem.storage.modelCache.taintToleration` takes it
 * (config/resolve/storage.ts): parsing and which taints a toleration covers.
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
