/**
 * Issue 18 (R-SEC-REST): on the on-prem prod stacks every volume claim, the program's and its
 * charts' (Prometheus, Alertmanager, Grafana, Loki, Tempo, SeaweedFS, CloudNativePG, the snapshot
 * scratch volumes), names a StorageClass the stack creates with encryption on. A claim without a
 * class would land on the cluster's default class (Longhorn's unencrypted `longhorn`).
 * What this does not prove: that the driver honours the parameters (the policy pack and
 * docs/data-tier.md cover the drivers), or claims an operator creates later (CNPG's from `storage`).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allObjects } from "../../scripts/lib/chart-checks";
import { runRenderCli } from "../../scripts/lib/render-cli";
import { claimsOf, encryptingClasses } from "./claims";

for (const stack of ["onprem", "onprem-airgap"]) {
    describe(`${stack}: every claim on an encrypting class`, () => {
        it("names fast-ssd or standard (Longhorn LUKS) on each claim of the plan and its charts", async () => {
            const run = await runRenderCli(["--stack", stack, "--out", mkdtempSync(join(tmpdir(), `devana-claims-${stack}-`)), "--json"]);
            expect(run.render, run.stderr).toBeDefined();
            expect(encryptingClasses(run.render!.planObjects)).toEqual(["fast-ssd", "standard"]);
            const claims = allObjects(run.render!).flatMap(({ source, object }) => claimsOf(source, object));
            const at = claims.map((c) => c.at);
            // The monitoring claims that issue 18 found on the cluster default are among them.
            expect(at).toEqual(expect.arrayContaining(["devana-monitoring-kps Prometheus/kps-prometheus storage", "devana-monitoring-kps Alertmanager/kps-alertmanager storage"]));
            expect(at.some((a) => a.startsWith("devana-monitoring-loki StatefulSet/"))).toBe(true);
            expect(at.some((a) => a.includes("PersistentVolumeClaim/") && a.includes("grafana"))).toBe(true);
            expect(claims.filter((c) => c.storageClass !== "fast-ssd" && c.storageClass !== "standard")).toEqual([]);
        });
    });
}
