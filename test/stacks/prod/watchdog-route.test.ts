/**
 * Issue 17: with `devana:alertHeartbeatUrl` set (a variant of `prod` evaluated in-process) the
 * Watchdog's receiver posts to the mounted URL file.
 * Does not prove that a heartbeat service receives the pings (no network here).
 */
import { describe, expect, it } from "vitest";
import { CREDENTIALS_DIR } from "../../../components/platform/alertmanager";
import { evaluate } from "../../../scripts/lib/evaluate";
import { readStackFile, stackFilePath } from "../../../scripts/lib/stack-file";
import { ofType } from "../../support/helpers";
import { amConfig, HEARTBEAT_WARNING } from "../../support/alertmanager";

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
