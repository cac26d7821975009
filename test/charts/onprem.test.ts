/** Issue 14: the on-prem stacks rendered: RKE2 with the GPU Operator and MetalLB (onprem), and the kind cluster (dev). */
import { chartChecks } from "./stack-checks";

chartChecks("onprem", {
    charts: ["cert-manager@v1.21.1", "gpu-operator@v26.7.0", "kube-prometheus-stack@88.5.0", "traefik@41.3.0", "cloudnative-pg@0.29.0", "loki@18.11.0", "alloy@1.11.1", "plugin-barman-cloud@0.7.0", "seaweedfs@4.44.0"],
    serviceType: "LoadBalancer",
    entryPoints: { web: 80, websecure: 443 },
    auditRetentionDays: 365,
    gpuCharts: ["devana-gpu-gpu-operator"],
    minCustomResources: 76,
});
