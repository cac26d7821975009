/**
 * The "Devana overview" Grafana dashboard as code: one panel per R-MON signal, with the alert's
 * threshold drawn on it, so the dashboard and the alerts can never disagree (both come from
 * alerts.ts). Grafana's dashboard sidecar loads it from a labelled ConfigMap.
 */
import { alertDefinitions, type AlertContext, type AlertDefinition } from "./alerts";

export const DASHBOARD_UID = "devana-overview";
/** Label the kube-prometheus-stack Grafana sidecar watches (chart default). */
export const DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;
/** UID of the Prometheus datasource kube-prometheus-stack provisions. */
export const PROMETHEUS_DATASOURCE_UID = "prometheus";

const GRAFANA_UNITS: Record<AlertDefinition["unit"], string> = {
    s: "s",
    ms: "ms",
    ratio: "percentunit",
    "tokens/s": "short",
    jobs: "short",
    bool: "bool",
};

function panel(def: AlertDefinition, index: number): Record<string, unknown> {
    const width = 12;
    const height = 8;
    return {
        id: index + 1,
        type: "timeseries",
        title: def.summary.split(":")[0],
        description: `${def.requirement}. Source: ${def.source}`,
        datasource: { type: "prometheus", uid: PROMETHEUS_DATASOURCE_UID },
        gridPos: { h: height, w: width, x: (index % 2) * width, y: Math.floor(index / 2) * height },
        targets: [{ refId: "A", expr: def.signal, datasource: { type: "prometheus", uid: PROMETHEUS_DATASOURCE_UID } }],
        fieldConfig: {
            defaults: {
                unit: GRAFANA_UNITS[def.unit],
                thresholds: {
                    mode: "absolute",
                    steps:
                        def.comparison === "<"
                            ? [
                                  { color: "red", value: null },
                                  { color: "green", value: def.threshold },
                              ]
                            : [
                                  { color: "green", value: null },
                                  { color: "red", value: def.threshold },
                              ],
                },
                custom: { thresholdsStyle: { mode: "line" } },
            },
            overrides: [],
        },
        options: { legend: { displayMode: "list", placement: "bottom" }, tooltip: { mode: "multi" } },
    };
}

/** The dashboard JSON model. */
export function overviewDashboard(ctx: AlertContext): Record<string, unknown> {
    return {
        uid: DASHBOARD_UID,
        title: "Devana overview",
        tags: ["devana", "r-mon"],
        timezone: "browser",
        schemaVersion: 39,
        version: 1,
        editable: false,
        refresh: "1m",
        time: { from: "now-6h", to: "now" },
        panels: alertDefinitions(ctx).map(panel),
    };
}
