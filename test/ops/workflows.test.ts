/**
 * The GitHub workflows validate against the workflow schema (action-validator), and say what the
 * README promises. Does not prove they run: that needs GitHub, credentials and a Pulumi backend.
 */
import { validateWorkflow } from "@action-validator/core";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT, stackConfig } from "../support/helpers";

const dir = join(REPO_ROOT, ".github", "workflows");
const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));
const read = (file: string): string => readFileSync(join(dir, file), "utf8");

describe("workflow lint", () => {
    it("finds the three workflows", () => {
        expect(files.sort()).toEqual(["deploy.yml", "drift.yml", "pull-request.yml"]);
    });

    it.each(files)("%s is a valid workflow", (file) => {
        expect(validateWorkflow(read(file)).errors).toEqual([]);
    });

    it("fails a broken workflow", () => {
        const broken = read("pull-request.yml").replace("runs-on: ubuntu-24.04", "runs-onn: ubuntu-24.04");
        expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
        expect(validateWorkflow("jobs: {}\n").errors.length).toBeGreaterThan(0);
    });

    it.each(files)("%s pins every action to a version tag", (file) => {
        const uses = [...read(file).matchAll(/uses:\s*(\S+)/g)].map((m) => m[1]);
        expect(uses.length).toBeGreaterThan(0);
        for (const action of uses) {
            expect(action).toMatch(/^[\w.-]+\/[\w.-]+@v\d+(\.\d+)*$/);
        }
    });
});

type Workflow = {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, { needs?: string | string[]; environment?: string; "runs-on"?: unknown; steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }>;
};
const workflow = (file: string): Workflow => parse(read(file)) as Workflow;
const runs = (w: Workflow, job: string): string => w.jobs[job].steps.map((s) => s.run ?? "").join("\n");

describe("what the workflows do", () => {
    it("pull requests: npm test, offline plan and policy check, previews with the pack and OIDC", () => {
        const w = workflow("pull-request.yml");
        expect(runs(w, "test")).toContain("npm test");
        // Issue 14: the pinned charts are pulled and rendered; CI's .ci/run uses the shared cache instead.
        expect(runs(w, "charts").trim()).toBe("npm ci\nnpm run charts:pull\nnpm run test:charts");
        expect(read("../../.ci/run")).toMatch(/\nnpm test\nDEVANA_CHART_CACHE=\.\.\/shared\/charts npm run test:charts\n$/);
        expect(runs(w, "offline-plan")).toMatch(/npm run --silent plan -- --stack "\$\{\{ matrix.stack \}\}" --json/);
        expect(runs(w, "offline-plan")).toContain("npm run --silent policy:check -- plan.json");
        const preview = w.jobs.preview.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        expect(preview?.with).toMatchObject({ command: "preview", policyPacks: "policy", diff: true, "comment-on-pr": true });
        expect(w.jobs.preview).toMatchObject({ permissions: { "id-token": "write" } });
        expect(read("pull-request.yml")).not.toMatch(/AWS_SECRET_ACCESS_KEY|ARM_CLIENT_SECRET/);
    });

    it("deploys staging, then prod and azure-prod behind protected environments", () => {
        const w = workflow("deploy.yml");
        expect(w.on).toHaveProperty("push");
        expect(w.jobs.staging.environment).toBe("staging");
        expect(w.jobs.prod).toMatchObject({ needs: ["targets", "staging"], environment: "production" });
        expect(w.jobs["azure-prod"]).toMatchObject({ needs: ["targets", "staging"], environment: "production-azure" });
    });

    // Issue 16: private clusters are reached from self-hosted runners in the customer's hub, chosen
    // per stack in the committed .github/deploy-targets.json, which the workflows read.
    it("runs every cloud job on the runners and in the region .github/deploy-targets.json gives its stack", () => {
        const targets = JSON.parse(read("../deploy-targets.json")) as Record<string, { cloud: string; region: string; runsOn: string[] }>;
        expect(Object.keys(targets)).toEqual(["staging", "prod", "azure-prod"]);
        for (const [stack, t] of Object.entries(targets)) {
            const config = stackConfig(stack);
            expect(t.cloud).toBe(config["devana:target"]);
            expect(t.region).toBe(t.cloud === "aws" ? (config["devana:aws"] as { region: string }).region : (config["devana:azure"] as { location: string }).location);
            expect(t.runsOn[0]).toBe("self-hosted");
        }
        const deploy = workflow("deploy.yml");
        expect(runs(deploy, "targets")).toContain("jq -c . .github/deploy-targets.json");
        expect(deploy.jobs.staging).toMatchObject({ "runs-on": "${{ fromJSON(needs.targets.outputs.json).staging.runsOn }}" });
        expect(deploy.jobs.prod).toMatchObject({ "runs-on": "${{ fromJSON(needs.targets.outputs.json).prod.runsOn }}" });
        expect(deploy.jobs["azure-prod"]).toMatchObject({ "runs-on": "${{ fromJSON(needs.targets.outputs.json)['azure-prod'].runsOn }}" });
        const drift = workflow("drift.yml");
        expect(drift.jobs.drift).toMatchObject({ needs: "targets", "runs-on": "${{ fromJSON(needs.targets.outputs.json)[matrix.stack].runsOn }}" });
        const pr = workflow("pull-request.yml") as Workflow & { jobs: Record<string, { if?: string; "runs-on"?: string }> };
        expect(runs(pr, "targets")).toContain("jq -c . .github/deploy-targets.json");
        expect(pr.jobs.preview).toMatchObject({
            needs: ["test", "offline-plan", "targets"],
            // Self-hosted runners in the customer's network never run code from forks.
            if: "github.event.pull_request.head.repo.full_name == github.repository",
            "runs-on": "${{ fromJSON(needs.targets.outputs.json)[matrix.stack].runsOn }}",
        });
        for (const file of ["deploy.yml", "drift.yml", "pull-request.yml"]) {
            expect(read(file)).not.toContain("eu-west-3");
        }
    });

    // Issue 21: Node 22 LTS is the runtime (the Pulumi SDK declares it); 20.19 is still accepted.
    it("runs every job on Node 22 LTS", () => {
        for (const file of ["deploy.yml", "drift.yml", "pull-request.yml"]) {
            const setups = Object.values(workflow(file).jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith("actions/setup-node@")));
            expect(setups.length).toBeGreaterThan(0);
            expect([...new Set(setups.map((s) => s.with?.["node-version"]))]).toEqual(["22"]);
        }
        expect(JSON.parse(read("../../package.json")).engines).toEqual({ node: "^20.19 || >=22.12" });
    });

    it("checks drift on a schedule without changing state, and reports through drift-report", () => {
        const w = workflow("drift.yml");
        expect(w.on).toHaveProperty("schedule");
        expect(runs(w, "drift")).toMatch(/pulumi refresh .*\\\n\s+--preview-only --expect-no-changes --json/);
        expect(runs(w, "drift")).toContain("npm run --silent drift-report -- refresh.json");
        expect(runs(w, "drift")).toContain("gh issue create");
        expect(w.permissions).toMatchObject({ issues: "write" });
    });
});
