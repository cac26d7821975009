/** Issue 14: the Azure stack rendered. The Application Gateway reaches Traefik on an internal load balancer in the DMZ. */
import { chartChecks } from "./stack-checks";

chartChecks("azure-prod", {
    charts: [
        "tempo@2.2.4",
        "cert-manager@v1.21.1",
        "nvidia-device-plugin@0.20.0",
        "dcgm-exporter@4.8.0",
        "opentelemetry-collector@0.170.0",
        "traefik@41.3.0",
        "kube-prometheus-stack@88.5.0",
        "cloudnative-pg@0.29.0",
        "loki@18.11.0",
        "plugin-barman-cloud@0.7.0",
        "alloy@1.11.1",
    ],
    serviceType: "LoadBalancer",
    serviceAnnotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
    entryPoints: { web: 80, websecure: 443 },
    auditRetentionDays: 365,
    gpuCharts: ["devana-gpu-device-plugin", "devana-gpu-dcgm-exporter"],
    minCustomResources: 74,
    capacity: true,
    alertmanager: {
        receivers: ["null", "oncall", "platform", "deadman"],
        routes: [
            ["deadman", 'alertname="Watchdog"'],
            ["null", 'alertname="InfoInhibitor"'],
            ["oncall", 'severity="critical"'],
            ["platform", 'severity="warning"'],
        ],
        fallback: "platform",
    },
    tracing: { retentionHours: 336, diskGi: 200, storageClass: "standard" },
});
