/** Issue 14: the AWS stacks rendered. Behind the ALB and WAF, Traefik is a ClusterIP target (R-SEC-ZONES). */
import { chartChecks } from "./stack-checks";

const AWS_CHARTS = [
    "aws-load-balancer-controller@3.5.0",
    "aws-mountpoint-s3-csi-driver@2.7.0",
    "cert-manager@v1.21.1",
    "nvidia-device-plugin@0.20.0",
    "dcgm-exporter@4.8.0",
    "kube-prometheus-stack@88.5.0",
    "traefik@41.3.0",
    "cloudnative-pg@0.29.0",
    "loki@18.11.0",
    "plugin-barman-cloud@0.7.0",
    "alloy@1.11.1",
];
const common = { charts: AWS_CHARTS, serviceType: "ClusterIP", entryPoints: { web: 80, websecure: 443 }, gpuCharts: ["devana-gpu-device-plugin", "devana-gpu-dcgm-exporter"], minCustomResources: 79, capacity: true } as const;

chartChecks("prod", { ...common, auditRetentionDays: 400 });
chartChecks("staging", { ...common, auditRetentionDays: 365 });
