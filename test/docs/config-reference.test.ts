/** docs/config-reference.md is the schema's reference, and every documented setting exists. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SETTING_DOCS } from "../../config/docs";
import { configReference, REFERENCE_END, REFERENCE_START, settingRows, withReference } from "../../scripts/lib/config-docs";
import { REPO_ROOT } from "../support/helpers";

describe("configuration reference", () => {
    it("in docs/config-reference.md is up to date (npm run config:docs -- --write)", () => {
        const readme = readFileSync(join(REPO_ROOT, "docs", "config-reference.md"), "utf8");
        expect(readme).toContain(REFERENCE_START);
        expect(readme).toContain(REFERENCE_END);
        expect(withReference(readme, configReference())).toBe(readme);
    });

    it("documents no setting the schema lacks", () => {
        const paths = new Set(settingRows().map((r) => r.path));
        expect(Object.keys(SETTING_DOCS).filter((p) => !paths.has(p))).toEqual([]);
    });

    it("lists the R-NET-ZONES defaults and the secret keys", () => {
        const reference = configReference();
        expect(reference).toContain("| `network.zones.ai` | string | `10.0.40.0/24` |");
        expect(reference).toContain("| `audit.retentionDays` | integer | `365` |");
        expect(reference).toContain("| `kubeconfig` |");
    });
});
