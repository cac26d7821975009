/** The Alertmanager configuration a plan hands kube-prometheus-stack, for the Watchdog route tests. */
import { byName } from "./helpers";

export type AmConfig = { receivers: { name: string; webhook_configs?: unknown[] }[]; route: { routes: { receiver: string; matchers: string[] }[] } };

export const amConfig = (resources: readonly { type: string; name: string; inputs: Record<string, unknown> }[]): AmConfig =>
    (byName(resources as never, "kubernetes:helm.sh/v4:Chart", "devana-monitoring-kps").inputs.values as { alertmanager: { config: AmConfig } }).alertmanager.config;

/** The plan's warning when a prod stack has no heartbeat URL. */
export const HEARTBEAT_WARNING = /^devana:alertHeartbeatUrl is not set: the Watchdog's receiver "deadman"/;
