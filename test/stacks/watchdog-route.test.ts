/**
 * Issue 17: the committed prod stacks route the Watchdog to their `deadman` heartbeat receiver.
 * The heartbeat URL is a secret that committed files never hold: without it the plan warns of that
 * secret (not of a missing route) and the receiver drops the Watchdog reading no credential.
 * Does not prove that a heartbeat service receives the pings (no network here).
 */
import { describe, expect, it } from "vitest";
import { evaluateOk, ofType } from "../support/helpers";
import { amConfig, HEARTBEAT_WARNING } from "../support/alertmanager";

describe.each(["prod", "azure-prod"])("%s: the Watchdog's own heartbeat receiver", (stack) => {
    it("routes the Watchdog first, to deadman, and warns of the unset URL, not of a missing route", async () => {
        const run = await evaluateOk(stack);
        expect(run.config.alerting.routes).toEqual({ critical: "oncall", warning: "platform", watchdog: "deadman" });
        expect(run.warnings.filter((w) => HEARTBEAT_WARNING.test(w))).toHaveLength(1);
        expect(run.warnings.filter((w) => w.includes("routes.watchdog is not set"))).toEqual([]);
        const config = amConfig(run.resources);
        expect(config.route.routes[0]).toMatchObject({ receiver: "deadman", matchers: ['alertname="Watchdog"'] });
        // Unarmed: the receiver exists and drops, and no credential Secret holds a heartbeat URL.
        expect(config.receivers.find((r) => r.name === "deadman")).toEqual({ name: "deadman" });
        const credentials = ofType(run.resources, "kubernetes:core/v1:Secret").filter((s) => (s.inputs.metadata as { name: string }).name === "alertmanager-credentials");
        expect(credentials).toEqual([]);
    });
});
