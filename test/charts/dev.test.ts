/** Issue 14: the dev stack (kind, no GPU pool) rendered; its gateway is a NodePort for the local cluster. */
import { chartChecks } from "./stack-checks";

chartChecks("dev", {
    charts: [
        "cert-manager@v1.21.1",
        "tempo@2.2.4",
        "opentelemetry-collector@0.170.0",
        "traefik@41.3.0",
        "kube-prometheus-stack@88.5.0",
        "cloudnative-pg@0.29.0",
        "plugin-barman-cloud@0.7.0",
        "loki@18.11.0",
        "seaweedfs@4.44.0",
        "alloy@1.11.1",
    ],
    serviceType: "NodePort",
    entryPoints: { web: 80, websecure: 443 },
    auditRetentionDays: 365,
    gpuCharts: [],
    minCustomResources: 72,
    // No devana:alerting: kube-prometheus-stack's own config (everything to `null`), acceptable outside prod.
    alertmanager: {
        receivers: ["null"],
        routes: [
            ["null", 'alertname="Watchdog"'],
            ["null", 'alertname="InfoInhibitor"'],
        ],
        fallback: "null",
    },
    tracing: { retentionHours: 72, diskGi: 10, storageClass: "standard" },
});
