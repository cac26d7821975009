/**
 * The committed `staging` stack's idle GPUs: the idle-GPU cost line is the capacity model's. Does
 * not prove the figures are current list prices.
 */
import { describe, expect, it } from "vitest";
import { costContext, estimateCost } from "../../../scripts/lib/cost";
import { PRICE_BOOK } from "../../../scripts/lib/cost-prices";
import { evaluateOk } from "../../support/helpers";
import { TODAY, plan } from "../../support/cost-plans";

describe("idle GPUs priced", () => {
    it("staging with one chat replica pays for 6 idle H100 of its p5.48xlarge", async () => {
        const { config } = await evaluateOk("staging");
        const fewer = { ...config, llm: { ...config.llm, chat: { ...config.llm.chat!, replicas: 1 } } };
        const e = estimateCost(plan("staging"), costContext(fewer, TODAY), PRICE_BOOK);
        // 8 paid, 2 used (tensor parallel 2): 6/8 of 730 x $58.8928 = 32,243.808
        expect(e.idleGpus).toEqual([{ pool: "gpuLlm", idleGpus: 6, priceKey: "aws:eu-north-1:ec2:p5.48xlarge", monthly: 32243.81 }]);
    });
});
