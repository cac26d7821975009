/**
 * The committed cloud stacks: every resource the plan creates is priced, listed as missing, or known
 * to be free. Uses the global setup's plans. Does not prove the figures are current list prices (see
 * the stale list of `npm run cost`).
 */
import { describe, expect, it } from "vitest";
import { costContext, estimateCost, FREE_TYPES, PRICED_TYPES } from "../../scripts/lib/cost";
import { PRICE_BOOK } from "../../scripts/lib/cost-prices";
import { findings } from "../../config/capacity";
import { capacityBudgets } from "../../config/feasibility";
import { capacityInputOf } from "../../config/resolve";
import { evaluateOk } from "../support/helpers";
import { TODAY, plan } from "../support/cost-plans";

describe.each(["staging", "prod", "azure-prod"])("committed stack %s", (stack) => {
    it("prices every item it creates or lists its price as missing; no unclassified type", async () => {
        const { config } = await evaluateOk(stack);
        const doc = plan(stack);
        const e = estimateCost(doc, costContext(config, TODAY), PRICE_BOOK);
        expect(e.unclassified).toEqual([]);
        for (const r of doc.resources.filter((x) => x.custom)) {
            expect(PRICED_TYPES.includes(r.type) || FREE_TYPES.some((re) => re.test(r.type)), r.type).toBe(true);
        }
        for (const l of e.lines) {
            if (l.status === "missing") {
                expect(e.missing.map((m) => m.key)).toContain(l.priceKey);
            } else {
                expect(l.monthlyMax).toBeGreaterThanOrEqual(l.monthlyMin!);
            }
        }
        // Every node pool's machine type has a price: the committed regions' types are in the book.
        expect(e.lines.filter((l) => l.category === "nodes" && l.status !== "priced")).toEqual([]);
        expect(e.total.max).toBeGreaterThanOrEqual(e.total.min);
    });

    it("reports the capacity model's idle GPUs", async () => {
        const { config } = await evaluateOk(stack);
        const e = estimateCost(plan(stack), costContext(config, TODAY), PRICE_BOOK);
        const idle = capacityBudgets(capacityInputOf(config)).flatMap((b) => findings(b).flatMap((f) => (f.kind === "idle-gpus" ? [{ pool: f.pool, idleGpus: f.paid - f.used }] : [])));
        expect(e.idleGpus.map((g) => ({ pool: g.pool, idleGpus: g.idleGpus }))).toEqual(idle);
    });
});
