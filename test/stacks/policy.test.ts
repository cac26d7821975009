/**
 * The pack over the real program: every committed stack's plan (`npm run plan -- --stack <s>
 * --json`, run once per test run by the global setup) has zero mandatory violations; then
 * mutations of a committed plan make the policy:check command exit 1 naming the policy, over the
 * plan's JSON and over the same resources as `pulumi preview --json`. The command runs in this
 * process (`runPolicyCheckCli`, what scripts/policy-check.ts prints); two cases also run the real
 * `policy:check` script in a child process, to prove the wiring.
 *
 * Does not prove anything about a real `pulumi preview --policy-pack policy` run (no Pulumi CLI
 * offline), only that the same policies decide the same way over the same inputs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { committedStacks } from "../../scripts/lib/stack-file";
import { runPolicyCheckCli } from "../../scripts/lib/policy-check-cli";
import { runCli } from "../support/helpers";
import type { PlanDocument } from "../../scripts/lib/plan";

interface CliRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

async function policyCheck(args: readonly string[]): Promise<CliRun> {
    const run = await runPolicyCheckCli(args);
    return { status: run.code, stdout: run.stdout, stderr: run.stderr };
}

const STACKS = committedStacks();
const plans = new Map<string, CliRun>();
let dir: string;

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "devana-policy-"));
    for (const stack of STACKS) {
        plans.set(stack, runCli("plan", ["--stack", stack, "--json"]));
    }
}, 600_000);

afterAll(() => {
    if (dir) {
        rmSync(dir, { recursive: true, force: true });
    }
});

function planOf(stack: string): PlanDocument {
    const run = plans.get(stack)!;
    expect(run.status, `${stack}: ${run.stderr}`).toBe(0);
    return JSON.parse(run.stdout) as PlanDocument;
}

describe("every committed stack", () => {
    it("is covered (the five committed stacks and the air-gapped on-prem variant)", () => {
        expect(STACKS).toEqual(["azure-prod", "dev", "onprem", "onprem-airgap", "prod", "staging"]);
    });

    it.for(STACKS)("%s plans with zero mandatory violations", (stack, ctx) => {
        const run = plans.get(stack)!;
        if (run.status === 3 && /not implemented yet/.test(run.stderr)) {
            // A target still being built: reported as such, not counted as a pass.
            ctx.skip(`${stack}: the program does not build yet (${run.stderr.trim().split("\n")[0]})`);
        }
        const plan = planOf(stack);
        const mandatory = plan.policy.violations.filter((v) => v.enforcementLevel === "mandatory");
        expect(mandatory, JSON.stringify(mandatory, null, 2)).toEqual([]);
        // Excepted findings stay visible.
        for (const v of plan.policy.violations) {
            expect(v.policy).toBe("policy-exceptions");
            expect(v.message).toMatch(/excepted by [a-z0-9-]+: .{20,}/);
        }
    });
});

type Doc = { -readonly [K in keyof PlanDocument]: PlanDocument[K] } & { resources: PlanDocument["resources"][number][] };
type Mutation = (doc: Doc) => void;

function find(doc: Doc, type: string, predicate: (r: PlanDocument["resources"][number]) => boolean = () => true): Record<string, any> {
    const found = doc.resources.find((r) => r.type === type && predicate(r));
    if (!found) {
        throw new Error(`the plan has no ${type} for this mutation`);
    }
    return found.inputs as Record<string, any>;
}

/** A realistic ALB HTTPS listener: no committed stack creates one (the gateway's NLB comes from Service annotations). */
function addAlbListener(doc: Doc, sslPolicy: string): void {
    const urn = `urn:pulumi:${doc.stack}::devana::aws:lb/listener:Listener::fixture-https`;
    doc.resources.push({
        urn,
        type: "aws:lb/listener:Listener",
        name: "fixture-https",
        parent: null,
        custom: true,
        inputs: {
            loadBalancerArn: "arn:aws:elasticloadbalancing:eu-north-1:123456789012:loadbalancer/app/devana/0123456789abcdef",
            port: 443,
            protocol: "HTTPS",
            sslPolicy,
            certificateArn: "arn:aws:acm:eu-north-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
            defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-north-1:123456789012:targetgroup/devana/0123456789abcdef" }],
        },
        options: { protect: false, ignoreChanges: [], retainOnDelete: false, provider: "", dependsOn: [] },
    });
}

const MUTATIONS: readonly (readonly [string, Mutation, readonly string[]])[] = [
    ["the EKS control-plane log group at 90 days", (d) => (find(d, "aws:cloudwatch/logGroup:LogGroup", (r) => /^\/aws\/eks\//.test(String(r.inputs.name))).retentionInDays = 90), ["aws-log-group-retention", "aws-eks-audit-log-group"]],
    ["a load balancer listener with a TLS 1.2 policy (fixture listener)", (d) => addAlbListener(d, "ELBSecurityPolicy-TLS13-1-2-2021-06"), ["aws-lb-listener-tls13"]],
    [
        "the gateway NLB annotation with a TLS 1.2 policy",
        (d) => (find(d, "kubernetes:helm.sh/v4:Chart", (r) => r.inputs.chart === "traefik").values.service.annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06"),
        ["aws-k8s-load-balancer-tls13"],
    ],
    [
        "a bucket encrypted with SSE-S3 instead of KMS",
        (d) => (find(d, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]),
        ["aws-s3-sse-kms", "aws-s3-bucket-sse-kms-attached"],
    ],
    [
        "a bucket without its SSE configuration",
        (d) => (d.resources = d.resources.filter((r, i, all) => r.type !== "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration" || all.findIndex((x) => x.type === r.type) !== i)),
        ["aws-s3-bucket-sse-kms-attached"],
    ],
    ["a KMS key without rotation", (d) => (find(d, "aws:kms/key:Key").enableKeyRotation = false), ["aws-kms-key-rotation"]],
    ["an unencrypted StorageClass", (d) => (find(d, "kubernetes:storage.k8s.io/v1:StorageClass", (r) => r.inputs.provisioner === "ebs.csi.aws.com").parameters.encrypted = "false"), ["k8s-storageclass-encrypted"]],
    ["the default TLSOption removed", (d) => (d.resources = d.resources.filter((r) => r.type !== "kubernetes:traefik.io/v1alpha1:TLSOption")), ["traefik-default-tlsoption"]],
];

/** The plan's resources as `pulumi preview --json` would list them (a create step each). */
function asPreview(doc: Doc): unknown {
    return {
        steps: doc.resources.map((r) => ({
            op: "create",
            urn: r.urn,
            provider: r.options.provider,
            newState: { urn: r.urn, custom: r.custom, type: r.type, parent: r.parent ?? "", inputs: r.inputs, protect: r.options.protect, dependencies: r.options.dependsOn },
        })),
        changeSummary: { create: doc.resources.length },
    };
}

describe("policy:check over a mutated committed plan (prod, else staging)", () => {
    // The AWS stacks carry every resource type the mutations need (and the Traefik gateway).
    const CANDIDATES = ["prod", "staging"];
    let SOURCE = CANDIDATES[0]!;
    const checks = new Map<string, CliRun>();
    const write = (name: string, content: unknown): string => {
        const file = join(dir, `${name}.json`);
        writeFileSync(file, JSON.stringify(content));
        return file;
    };

    beforeAll(async () => {
        SOURCE = CANDIDATES.find((stack) => plans.get(stack)?.status === 0) ?? SOURCE;
        const run = plans.get(SOURCE)!;
        if (run.status !== 0) {
            return;
        }
        const base = JSON.parse(run.stdout) as Doc;
        const jobs: [string, string][] = [
            ["unmodified plan", write("unmodified", base)],
            ["unmodified preview", write("unmodified-preview", asPreview(base))],
        ];
        MUTATIONS.forEach(([label, mutate], i) => {
            const doc = structuredClone(base);
            mutate(doc);
            jobs.push([label, write(`mutation-${i}`, doc)]);
            if (i === 0) {
                jobs.push([`${label} (as preview)`, write(`mutation-${i}-preview`, asPreview(doc))]);
            }
        });
        for (const [label, file] of jobs) {
            checks.set(label, await policyCheck([file]));
        }
    }, 600_000);

    const checked = (label: string): CliRun => {
        const run = plans.get(SOURCE)!;
        expect(run.status, `a committed AWS plan (${CANDIDATES.join(" or ")}) must build for the mutation tests: ${run.stderr}`).toBe(0);
        return checks.get(label)!;
    };

    it.each(["unmodified plan", "unmodified preview"])("passes the %s (exit 0)", (label) => {
        const result = checked(label);
        expect(result.status, result.stdout + result.stderr).toBe(0);
        expect(result.stdout).toMatch(/0 mandatory/);
    });

    it.each(MUTATIONS.flatMap(([label, , expected], i) => [[label, expected] as const, ...(i === 0 ? [[`${label} (as preview)`, expected] as const] : [])]))("exits 1 on %s, naming %j", (label, expected) => {
        const result = checked(label);
        expect(result.status, result.stdout + result.stderr).toBe(1);
        for (const policy of expected) {
            expect(result.stdout).toContain(`[mandatory] ${policy}`);
        }
    });

    it("exits 2 on unreadable input", async () => {
        const notJson = join(dir, "broken.json");
        writeFileSync(notJson, "{ not json");
        const [broken, missing] = await Promise.all([policyCheck([notJson]), policyCheck([join(dir, "missing.json")])]);
        expect([broken.status, missing.status]).toEqual([2, 2]);
        expect(broken.stderr).toMatch(/is not JSON/);
    });

    it("runs as the real policy:check script: exit 1 on a mutation, 2 on unreadable input", () => {
        const mutated = join(dir, "mutation-0.json");
        const real = runCli("policy-check", [mutated]);
        expect(real.status, real.stderr).toBe(1);
        expect(real.stdout).toBe(checks.get(MUTATIONS[0]![0])!.stdout);
        expect(runCli("policy-check", [join(dir, "missing.json")]).status).toBe(2);
    });
});
