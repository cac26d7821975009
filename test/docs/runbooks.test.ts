/**
 * Issue 17: every R-MON rule's runbook_url points at a section of docs/platform.md that exists
 * (GitHub's heading anchors), the runbook and the alert table list exactly the alerts the program
 * creates, and the delivery section names every channel's secret. What this does not prove: that
 * the advice in a runbook is right.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alertDefinitions, prometheusRuleSpec, RUNBOOK_BASE, type AlertContext } from "../../components/platform/alerts";
import { CHANNEL_SECRETS } from "../../config/alerting";
import { REPO_ROOT } from "../support/helpers";

const CTX: AlertContext = { appNamespace: "devana-prod", apiService: "devana-api", apiPort: 4666, odinQueueKeys: ["devana:odin:request:wait"] };
const doc = readFileSync(join(REPO_ROOT, RUNBOOK_BASE), "utf8");

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchor(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

const anchors = new Set([...doc.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1])));
/** The text from a heading to the next heading. */
const section = (anchor: string): string => {
    const headings = [...doc.matchAll(/^(#{1,6}) (.+)$/gm)];
    const i = headings.findIndex((h) => headingAnchor(h[2]) === anchor);
    expect(i, anchor).toBeGreaterThanOrEqual(0);
    return doc.slice(headings[i].index, headings[i + 1]?.index ?? doc.length);
};

describe("runbooks (docs/platform.md)", () => {
    const rules = prometheusRuleSpec(CTX).groups.flatMap((g) => g.rules);

    it("computes GitHub's anchors", () => {
        expect(headingAnchor("Alert PostgreSQLDown")).toBe("alert-postgresqldown");
        expect(headingAnchor("Alert delivery (`devana:alerting`, R-MON)")).toBe("alert-delivery-devanaalerting-r-mon");
    });

    it("has the section each rule's runbook_url names, one per alert", () => {
        expect(rules).toHaveLength(10);
        for (const rule of rules) {
            const url = rule.annotations.runbook_url;
            expect(url, rule.alert).toBe(`docs/platform.md#alert-${rule.alert.toLowerCase()}`);
            const [file, anchor] = url.split("#");
            expect(file).toBe(RUNBOOK_BASE);
            expect(anchors.has(anchor), `${rule.alert}: #${anchor}`).toBe(true);
        }
        const runbookHeadings = [...doc.matchAll(/^### Alert (\S+)$/gm)].map((m) => m[1]);
        expect(runbookHeadings.sort()).toEqual(rules.map((r) => r.alert).sort());
    });

    it("says in each runbook what the alert means and what to do, with the alert's threshold", () => {
        const figure: Record<string, string> = {
            DevanaApiHighLatency: "500 ms",
            DevanaApiHighErrorRate: "1%",
            PostgreSQLConnectionsHigh: "80%",
            PostgreSQLSlowQueries: "1 s",
            ChromaDBHighQueryLatency: "200 ms",
            RedisMemoryHigh: "80%",
            LLMLowThroughput: "50 tokens/s",
            OdinQueueBacklog: "100 documents",
            PostgreSQLDown: "1 minute",
            LLMGPUMemoryHigh: "90%",
        };
        for (const def of alertDefinitions(CTX)) {
            const text = section(`alert-${def.alert.toLowerCase()}`).replace(/\s+/g, " ");
            expect(text, def.alert).toContain("**Means:**");
            expect(text, def.alert).toContain("**Do:**");
            expect(text, def.alert).toContain(figure[def.alert]);
        }
    });

    it("lists exactly the program's alerts in the R-MON table, PostgreSQLDown on the scrape and readiness, not cnpg_collector_up", () => {
        const table = section("r-mon-alerts-alertsts-prometheusrule-monitoringdevana-r-mon")
            .split("\n")
            .filter((l) => l.startsWith("|"));
        // Header, separator, then one row per alert.
        expect(
            table
                .slice(2)
                .map((l) => l.split(" | ")[0].slice(2))
                .sort(),
        ).toEqual(
            alertDefinitions(CTX)
                .map((d) => d.alert)
                .sort(),
        );
        const row = doc.split("\n").find((l) => l.startsWith("| PostgreSQLDown |"))!;
        expect(row).toContain("`kube_pod_status_ready`");
        expect(row).toMatch(/`up` of the cloudnative-pg PodMonitor/);
        expect(row).toMatch(/Not `cnpg_collector_up`/);
    });

    it("documents alert delivery with every channel's secret", () => {
        const text = section("alert-delivery-devanaalerting-r-mon");
        for (const secret of Object.values(CHANNEL_SECRETS)) {
            expect(text, secret).toContain(`devana:${secret}`);
        }
        expect(text).toContain("devana:alertSmtpPassword");
        for (const key of ["routes:", "critical:", "warning:", "watchdog:", "repeatInterval:"]) {
            expect(text, key).toContain(key);
        }
    });
});
