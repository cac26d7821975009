/** Issue 14: the AWS stacks rendered. Behind the ALB and WAF, Traefik is a ClusterIP target (R-SEC-ZONES). */
import { chartChecks } from "./stack-checks";

const AWS_CHARTS = [
    "aws-load-balancer-controller@3.5.0",
    "aws-mountpoint-s3-csi-driver@2.7.0",
    "tempo@2.2.4",
    "cert-manager@v1.21.1",
    "nvidia-device-plugin@0.20.0",
    "dcgm-exporter@4.8.0",
    "opentelemetry-collector@0.170.0",
    "traefik@41.3.0",
    "cloudnative-pg@0.29.0",
    "kube-prometheus-stack@88.5.0",
    "plugin-barman-cloud@0.7.0",
    "loki@18.11.0",
    "alloy@1.11.1",
];
const common = { charts: AWS_CHARTS, serviceType: "ClusterIP", entryPoints: { web: 80, websecure: 443 }, gpuCharts: ["devana-gpu-device-plugin", "devana-gpu-dcgm-exporter"], minCustomResources: 79, capacity: true } as const;

chartChecks("prod", {
    ...common,
    auditRetentionDays: 400,
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
// Staging has no devana:alerting: kube-prometheus-stack's own config (everything to `null`).
chartChecks("staging", {
    ...common,
    auditRetentionDays: 365,
    alertmanager: {
        receivers: ["null"],
        routes: [
            ["null", 'alertname="Watchdog"'],
            ["null", 'alertname="InfoInhibitor"'],
        ],
        fallback: "null",
    },
    tracing: { retentionHours: 168, diskGi: 50, storageClass: "standard" },
});
