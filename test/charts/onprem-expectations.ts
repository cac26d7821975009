/** What the rendered on-prem prod stacks (onprem, and its air-gapped variant onprem-airgap) must show. */
import type { StackExpectations } from "./stack-checks";

export const ONPREM_EXPECTATIONS: StackExpectations = {
    charts: [
        "cert-manager@v1.21.1",
        "tempo@2.2.4",
        "gpu-operator@v26.7.0",
        "opentelemetry-collector@0.170.0",
        "traefik@41.3.0",
        "kube-prometheus-stack@88.5.0",
        "cloudnative-pg@0.29.0",
        "plugin-barman-cloud@0.7.0",
        "loki@18.11.0",
        "seaweedfs@4.44.0",
        "alloy@1.11.1",
    ],
    serviceType: "LoadBalancer",
    entryPoints: { web: 80, websecure: 443 },
    auditRetentionDays: 365,
    gpuCharts: ["devana-gpu-gpu-operator"],
    minCustomResources: 76,
    alertmanager: {
        receivers: ["null", "oncall"],
        routes: [
            ["null", 'alertname="Watchdog"'],
            ["null", 'alertname="InfoInhibitor"'],
            ["oncall", 'severity="critical"'],
            ["oncall", 'severity="warning"'],
        ],
        fallback: "oncall",
    },
    tracing: { retentionHours: 168, diskGi: 50, storageClass: "standard" },
};
