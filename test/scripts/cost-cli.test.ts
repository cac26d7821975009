/**
 * `npm run cost` arguments and `--diff` over saved estimates, and the PR workflow step that posts
 * the difference. Does not run the workflow (that needs GitHub).
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCostCli } from "../../scripts/lib/cost-cli";
import { estimateCost } from "../../scripts/lib/cost";
import { REPO_ROOT } from "../support/helpers";
import { FIXTURE_CONTEXT, FIXTURE_PRICES, fixturePlan } from "./cost-fixture";

describe("npm run cost", () => {
    it("refuses bad arguments with exit 64", async () => {
        expect(await runCostCli([])).toMatchObject({ code: 64, stderr: expect.stringMatching(/give exactly one of --stack/) });
        expect(await runCostCli(["--bogus"])).toMatchObject({ code: 64, stderr: expect.stringMatching(/unknown argument --bogus/) });
        expect(await runCostCli(["--diff", "/nonexistent", "/nonexistent"])).toMatchObject({ code: 64 });
    });

    it("diffs two folders of saved estimates", async () => {
        const dir = mkdtempSync(join(tmpdir(), "devana-cost-"));
        mkdirSync(join(dir, "base"));
        mkdirSync(join(dir, "head"));
        writeFileSync(join(dir, "base", "fixture.json"), JSON.stringify(estimateCost(fixturePlan(4), FIXTURE_CONTEXT, FIXTURE_PRICES)));
        writeFileSync(join(dir, "head", "fixture.json"), JSON.stringify([estimateCost(fixturePlan(6), FIXTURE_CONTEXT, FIXTURE_PRICES)]));
        const run = await runCostCli(["--diff", join(dir, "base"), join(dir, "head")]);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("| fixture | $1,577.23..$2,222.70 | $1,577.23..$2,868.16 | +$0.00 | +$645.46 |");
    });

    it("the PR workflow posts the base-to-head difference of every committed stack", () => {
        const w = parse(readFileSync(join(REPO_ROOT, ".github", "workflows", "pull-request.yml"), "utf8")) as { jobs: Record<string, { permissions?: Record<string, string>; steps: { run?: string }[] }> };
        const run = w.jobs.cost.steps.map((s) => s.run ?? "").join("\n");
        expect(run).toContain('npm run --silent cost -- --stack "$stack" --json > ".cost/head/$stack.json"');
        expect(run).toContain("npm run --silent cost -- --diff .cost/base .cost/head");
        expect(run).toMatch(/for stack in dev onprem staging prod azure-prod/);
        expect(run).toContain("gh pr comment");
        expect(w.jobs.cost.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    });
});
