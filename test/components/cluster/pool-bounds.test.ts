/**
 * Pure tests of a pool's bounds split over its zones (AKS agent pools, EKS node groups per AZ).
 * Does not prove the autoscalers honour the bounds: only a running cluster does.
 */
import { describe, expect, it } from "vitest";
import { splitBounds } from "../../../components/cluster/pool-bounds";

describe("splitBounds", () => {
    it("splits remainders to the first zone and keeps every zone at one node or more", () => {
        expect(splitBounds({ minSize: 3, maxSize: 6, desiredSize: 3 }, 2)).toEqual([
            { minCount: 2, maxCount: 3, count: 2 },
            { minCount: 1, maxCount: 3, count: 1 },
        ]);
        expect(splitBounds({ minSize: 1, maxSize: 1, desiredSize: 1 }, 2)).toEqual([
            { minCount: 1, maxCount: 1, count: 1 },
            { minCount: 1, maxCount: 1, count: 1 },
        ]);
    });
});
