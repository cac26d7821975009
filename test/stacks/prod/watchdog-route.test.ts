/**
 * Issue 17: the committed prod stacks route the Watchdog to their `deadman` heartbeat receiver.
 * The heartbeat URL is a secret that committed files never hold: without it the plan warns of that
 * secret (not of a missing route) and the receiver drops the Watchdog reading no credential; with
 * it (a variant of `prod` evaluated in-process) the receiver posts to the mounted URL file.
 * Does not prove that a heartbeat service receives the pings (no network here).
 */
import { describe, expect, it } from "vitest";
import { CREDENTIALS_DIR } from "../../../components/platform/alertmanager";
import { evaluate } from "../../../scripts/lib/evaluate";
import { readStackFile, stackFilePath } from "../../../scripts/lib/stack-file";
import { byName, ofType } from "../../helpers";

type AmConfig = { receivers: { name: string; webhook_configs?: unknown[] }[]; route: { routes: { receiver: string; matchers: string[] }[] } };

const amConfig = (resources: readonly { type: string; name: string; inputs: Record<string, unknown> }[]): AmConfig =>
    (byName(resources as never, "kubernetes:helm.sh/v4:Chart", "devana-monitoring-kps").inputs.values as { alertmanager: { config: AmConfig } }).alertmanager.config;

const HEARTBEAT_WARNING = /^devana:alertHeartbeatUrl is not set: the Watchdog's receiver "deadman"/;

describe("prod with devana:alertHeartbeatUrl set", () => {
    it("pings the URL from the mounted credentials file, and no longer warns", async () => {
        const file = readStackFile(stackFilePath("prod"));
        const result = await evaluate({
            stack: "prod-heartbeat",
            config: { ...file.config, "devana:alertHeartbeatUrl": "https://hc-ping.example/0000" },
            secretKeys: [...file.secretKeys, "devana:alertHeartbeatUrl"],
        });
        if (result.status !== "ok") {
            throw new Error(`evaluation failed: ${JSON.stringify(result.status === "config-error" ? result.issues : result.error)}`);
        }
        expect(result.warnings.filter((w) => HEARTBEAT_WARNING.test(w))).toEqual([]);
        const deadman = amConfig(result.resources).receivers.find((r) => r.name === "deadman");
        expect(deadman).toEqual({ name: "deadman", webhook_configs: [{ url_file: `${CREDENTIALS_DIR}/alertHeartbeatUrl`, send_resolved: false }] });
        const credentials = ofType(result.resources, "kubernetes:core/v1:Secret").filter((s) => (s.inputs.metadata as { name: string }).name === "alertmanager-credentials");
        expect(credentials.map((s) => Object.keys(s.inputs.stringData as object))).toEqual([["alertHeartbeatUrl"]]);
    });
});
