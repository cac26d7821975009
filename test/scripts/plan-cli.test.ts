/**
 * The offline plan's contract (design.md), through the real CLI in child processes: JSON shape,
 * exit codes, configuration errors naming every bad key, nothing printed of a secret.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, stackConfig, writeStackFile, type CliResult } from "../support/helpers";
import { runPlanCli } from "../../scripts/lib/plan-cli";

const tmp = mkdtempSync(join(tmpdir(), "devana-plan-"));

describe("npm run plan -- --stack dev --json", () => {
    let result: CliResult;
    let document: Record<string, unknown>;
    beforeAll(() => {
        result = runCli("plan", ["--stack", "dev", "--json"]);
        document = JSON.parse(result.stdout);
    });

    it("exits 0 with one JSON document on stdout", () => {
        expect(result.status).toBe(0);
        expect(result.stdout.trim().startsWith("{")).toBe(true);
    });

    it("has the documented shape", () => {
        expect(Object.keys(document).sort()).toEqual(["outputs", "policy", "resources", "stack", "target", "warnings"]);
        expect(document.stack).toBe("dev");
        expect(document.target).toBe("onprem");
        expect(document.policy).toEqual({ violations: expect.any(Array) });
        const resources = document.resources as Record<string, unknown>[];
        expect(resources.length).toBeGreaterThan(10);
        for (const r of resources) {
            expect(Object.keys(r).sort()).toEqual(["custom", "inputs", "name", "options", "parent", "type", "urn"]);
            expect(r.urn).toBe(`urn:pulumi:dev::devana::${String(r.urn).split("::")[2]}::${r.name}`);
        }
        const namespace = resources.find((r) => r.name === "devana-namespaces-devana-dev");
        expect(namespace?.parent).toBe("urn:pulumi:dev::devana::devana:platform:Namespaces::devana-namespaces");
    });

    it("redacts every generated secret", () => {
        expect(result.stdout).not.toMatch(/mocksecret/);
        expect(result.stdout).not.toMatch(/BEGIN PRIVATE KEY/);
        const password = (document.resources as { name: string; inputs: Record<string, unknown> }[]).find((r) => r.name === "devana-secrets-jwt");
        expect(password?.inputs).toEqual({ length: 64, lower: true, minNumeric: 2, special: false });
    });
});

describe("human output", () => {
    it("summarises config, counts, tree and policy", () => {
        const result = runCli("plan", ["--stack", "dev"]);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^Stack dev: target onprem, environment dev, tier minimal, Kubernetes 1.33$/m);
        expect(result.stdout).toMatch(/^LLM: cloud: openai gpt-4.1; embeddings text-embedding-3-small \(cloud\)$/m);
        expect(result.stdout).toMatch(/^ +\d+ {2}kubernetes:core\/v1:Namespace$/m);
        expect(result.stdout).toMatch(/^ {2}devana-namespaces \(devana:platform:Namespaces\)$/m);
        expect(result.stdout).toMatch(/^Policy: \d+ polic(y|ies) evaluated/m);
        expect(result.stdout).not.toMatch(/mocksecret/);
    });
});

describe("configuration errors exit 2 and name each bad key", () => {
    it("overlapping zones, a zone outside the network, Kubernetes 1.29, 90-day audit, an oversized model", () => {
        const path = writeStackFile(tmp, "broken", {
            ...stackConfig("prod"),
            "devana:kubernetesVersion": "1.29",
            "devana:audit": { retentionDays: 90 },
            "devana:network": { cidr: "10.0.0.0/16", zones: { app: "10.0.10.0/24", services: "10.0.10.0/25", ai: "10.20.40.0/24" } },
            "devana:llm": { scenario: "selfhosted", model: "deepseek-v3" },
        });
        const result = runCli("plan", ["--config", path, "--json"]);
        expect(result.status).toBe(2);
        const { stack, errors } = JSON.parse(result.stdout) as { stack: string; errors: { key: string; message: string }[] };
        expect(stack).toBe("broken");
        expect(errors.map((e) => e.key).sort()).toEqual(["devana:audit.retentionDays", "devana:kubernetesVersion", "devana:llm.model", "devana:network.zones.ai", "devana:network.zones.services"]);
        expect(result.stderr).toMatch(/devana:llm.model: deepseek-v3 needs 940 GB of GPU memory/);
        expect(result.stderr).toMatch(/nothing was planned/);
    });
});

describe("secrets from configuration", () => {
    it("never prints a secure value, even as a placeholder", () => {
        // Named dev so the dev stack's policy exceptions (local-path volumes) still apply.
        const path = writeStackFile(tmp, "dev", {
            ...stackConfig("dev"),
            "devana:kubeconfig": { secure: "v1:AAAABBBBCCCC" },
            "devana:licenceKey": { secure: "v1:DDDDEEEEFFFF" },
        });
        const result = runCli("plan", ["--config", path, "--json"]);
        expect(result.status).toBe(0);
        expect(result.stdout).not.toMatch(/offline-placeholder/);
        const provider = (JSON.parse(result.stdout).resources as { type: string; inputs: Record<string, unknown> }[]).find((r) => r.type === "pulumi:providers:kubernetes");
        expect(provider?.inputs.kubeconfig).toBe("[secret]");
    });
});

describe("usage (the command's function, in this process)", () => {
    it("exits 64 without a stack", async () => {
        const result = await runPlanCli([]);
        expect(result.code).toBe(64);
        expect(result.stderr).toMatch(/committed stacks: azure-prod, dev, onprem, onprem-airgap, prod, staging/);
    });
    it("exits 64 for an unknown stack or argument", async () => {
        expect((await runPlanCli(["--stack", "nope"])).code).toBe(64);
        expect((await runPlanCli(["--stack", "dev", "--yaml"])).stderr).toMatch(/unknown argument --yaml/);
    });
});
