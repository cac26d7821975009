/**
 * The committed `dev` stack has the WAF off: it declares no WAF on the Traefik Service.
 */
import { describe, expect, it } from "vitest";
import { evaluateOk } from "../../support/helpers";
import { traefik, wafObjects } from "../../support/onprem-waf";

describe("committed dev stack (WAF off)", () => {
    it("declares no WAF and creates none", async () => {
        const { resources } = await evaluateOk("dev");
        expect(traefik(resources).service.annotations).toEqual({});
        expect(wafObjects(resources)).toEqual([]);
    });
});
