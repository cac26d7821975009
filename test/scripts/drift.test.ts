/**
 * The drift report over recorded refresh outputs written to Pulumi's JSON formats (the preview
 * document `refresh --preview-only --json` prints, and the engine event stream). Does not prove
 * a future CLI keeps these shapes: the fixtures record the shapes documented today.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyseRefresh, formatDriftMarkdown, parseUrn } from "../../scripts/lib/drift";
import { runCli } from "../support/helpers";

const fixture = (name: string): string => readFileSync(join(__dirname, "fixtures", name), "utf8");
const fixturePath = (name: string): string => join("test", "scripts", "fixtures", name);

describe("analyseRefresh", () => {
    it("no changes: only refresh steps", () => {
        expect(analyseRefresh(fixture("refresh-no-changes.json"))).toEqual({ status: "no-drift", changes: [], errors: [], summary: { same: 3 } });
    });

    it("an updated property: lists the resources and properties, not the expect-no-changes message", () => {
        const report = analyseRefresh(fixture("refresh-updated-property.json"), 255);
        expect(report.status).toBe("drift");
        expect(report.errors).toEqual([]);
        expect(report.changes).toEqual([
            {
                urn: "urn:pulumi:prod::devana::devana:cluster:AwsCluster$aws:eks/cluster:Cluster::devana-cluster-eks",
                type: "aws:eks/cluster:Cluster",
                name: "devana-cluster-eks",
                op: "update",
                properties: ["vpcConfig", "vpcConfig.endpointPublicAccess"],
            },
            {
                urn: "urn:pulumi:prod::devana::devana:storage:AwsBuckets$aws:s3/bucketV2:BucketV2::devana-buckets-user-files",
                type: "aws:s3/bucketV2:BucketV2",
                name: "devana-buckets-user-files",
                op: "update",
                properties: ["tags", "tags.owner", "tagsAll.owner"],
            },
        ]);
    });

    it("a deleted resource", () => {
        const report = analyseRefresh(fixture("refresh-deleted-resource.json"), 7);
        expect(report.status).toBe("drift");
        expect(report.changes).toEqual([
            {
                urn: "urn:pulumi:prod::devana::devana:network:AwsNetwork$aws:ec2/flowLog:FlowLog::devana-network-flow-log",
                type: "aws:ec2/flowLog:FlowLog",
                name: "devana-network-flow-log",
                op: "delete",
                properties: [],
            },
        ]);
    });

    it("an error: a failed provider is not drift, colours stripped", () => {
        const report = analyseRefresh(fixture("refresh-error.json"), 255);
        expect(report.status).toBe("error");
        expect(report.changes).toEqual([]);
        expect(report.errors).toEqual(["devana-aws: error: configuring AWS provider: operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, AccessDenied"]);
    });

    it("engine events: drift from resOutputsEvent, expect-no-changes ignored", () => {
        const report = analyseRefresh(fixture("refresh-events-drift.jsonl"), 7);
        expect(report).toEqual({
            status: "drift",
            errors: [],
            summary: { same: 1, update: 1 },
            changes: [
                {
                    urn: "urn:pulumi:prod::devana::devana:cluster:AzureCluster$azure-native:containerservice:ManagedCluster::devana-cluster-aks",
                    type: "azure-native:containerservice:ManagedCluster",
                    name: "devana-cluster-aks",
                    op: "update",
                    properties: ["disableLocalAccounts"],
                },
            ],
        });
    });

    it("engine events: a failed read is an error", () => {
        const report = analyseRefresh(fixture("refresh-events-error.jsonl"), 255);
        expect(report.status).toBe("error");
        expect(report.errors).toEqual(["devana-keys-kms: the provider failed to read the resource", 'devana-keys-kms: Status=403 Code="Forbidden" Message="The user does not have keys get permission on key vault"']);
    });

    it("a failed CLI that printed nothing useful is an error, never a clean bill", () => {
        expect(analyseRefresh("{}", 255)).toMatchObject({ status: "error", errors: ["pulumi exited 255 but its JSON names no drift and no error: see the job log"] });
        expect(analyseRefresh("", 255).status).toBe("error");
        expect(analyseRefresh("warning: something\n{", 255).status).toBe("error");
    });
});

describe("parseUrn", () => {
    it("takes the last type of the parent chain and the name", () => {
        expect(parseUrn("urn:pulumi:prod::devana::a:b:C$aws:kms/key:Key::devana-keys-s3")).toEqual({ type: "aws:kms/key:Key", name: "devana-keys-s3" });
    });
});

describe("markdown", () => {
    it("tabulates changes and says what to do", () => {
        const text = formatDriftMarkdown("prod", analyseRefresh(fixture("refresh-deleted-resource.json")));
        expect(text).toContain("## Drift in stack `prod`: 1 resource(s) differ from the Pulumi state");
        expect(text).toContain("| delete | `aws:ec2/flowLog:FlowLog` | `devana-network-flow-log` | (deleted outside Pulumi) |");
        expect(text).toContain("What to do:");
    });
});

describe("drift-report command", () => {
    it.each([
        ["refresh-no-changes.json", "0", 0],
        ["refresh-updated-property.json", "255", 1],
        ["refresh-events-error.jsonl", "255", 2],
    ])("%s exits %s -> %i", (file, cliExit, expected) => {
        const result = runCli("drift-report", [fixturePath(file), "--stack", "prod", "--exit-code", cliExit]);
        expect(result.status).toBe(expected);
        expect(result.stdout).toMatch(/^## /);
    });
});
