/** Issue 14: the dev stack (kind, no GPU pool) rendered; its gateway is a NodePort for the local cluster. */
import { chartChecks } from "./stack-checks";

chartChecks("dev", {
    charts: ["cert-manager@v1.21.1", "kube-prometheus-stack@88.5.0", "traefik@41.3.0", "cloudnative-pg@0.29.0", "loki@18.11.0", "plugin-barman-cloud@0.7.0", "alloy@1.11.1", "seaweedfs@4.44.0"],
    serviceType: "NodePort",
    entryPoints: { web: 80, websecure: 443 },
    auditRetentionDays: 365,
    gpuCharts: [],
    minCustomResources: 72,
});
