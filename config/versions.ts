/**
 * Every upstream Helm chart and third-party image the program deploys, pinned in one place
 * (design convention 6: no drifting `latest`). Sources and the facts behind each choice:
 * ../shared/docs/versions.md. Devana's own images are pinned per stack in `devana:images`.
 */

export interface ChartRef {
    /** Helm repository URL (`https://...`) or OCI registry (`oci://...`). */
    readonly repository: string;
    readonly chart: string;
    readonly version: string;
}

export const CHARTS = {
    traefik: { repository: "https://traefik.github.io/charts", chart: "traefik", version: "41.3.0" },
    certManager: { repository: "oci://quay.io/jetstack/charts", chart: "cert-manager", version: "v1.21.1" },
    kubePrometheusStack: { repository: "https://prometheus-community.github.io/helm-charts", chart: "kube-prometheus-stack", version: "88.5.0" },
    loki: { repository: "https://grafana-community.github.io/helm-charts", chart: "loki", version: "18.11.0" },
    /** Log collector feeding Loki (pod logs through the Kubernetes API); still in grafana/helm-charts. */
    alloy: { repository: "https://grafana.github.io/helm-charts", chart: "alloy", version: "1.11.1" },
    cloudnativePg: { repository: "https://cloudnative-pg.github.io/charts", chart: "cloudnative-pg", version: "0.29.0" },
    barmanCloudPlugin: { repository: "https://cloudnative-pg.github.io/charts", chart: "plugin-barman-cloud", version: "0.7.0" },
    redisOperator: { repository: "https://ot-container-kit.github.io/helm-charts", chart: "redis-operator", version: "0.26.1" },
    seaweedfs: { repository: "https://seaweedfs.github.io/seaweedfs/helm", chart: "seaweedfs", version: "4.44.0" },
    gpuOperator: { repository: "https://helm.ngc.nvidia.com/nvidia", chart: "gpu-operator", version: "v26.7.0" },
    nvidiaDevicePlugin: { repository: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: "0.20.0" },
    dcgmExporter: { repository: "https://nvidia.github.io/dcgm-exporter/helm-charts", chart: "dcgm-exporter", version: "4.8.0" },
    awsLoadBalancerController: { repository: "https://aws.github.io/eks-charts", chart: "aws-load-balancer-controller", version: "3.5.0" },
    mountpointS3Csi: { repository: "https://awslabs.github.io/mountpoint-s3-csi-driver", chart: "aws-mountpoint-s3-csi-driver", version: "2.7.0" },
    /** Issue 17: traces from ChromaDB, span metrics for Prometheus (image: IMAGES.otelCollectorContrib). */
    otelCollector: { repository: "https://open-telemetry.github.io/opentelemetry-helm-charts", chart: "opentelemetry-collector", version: "0.170.0" },
    /** Issue 17: trace store behind Grafana (single binary, on a volume). */
    tempo: { repository: "https://grafana-community.github.io/helm-charts", chart: "tempo", version: "2.2.4" },
} as const satisfies Record<string, ChartRef>;

/** Gateway API CRDs (standard channel); Traefik's chart no longer installs them. */
export const GATEWAY_API_VERSION = "v1.5.0";

export const IMAGES = {
    vllm: "vllm/vllm-openai:v0.28.0",
    redis: "redis:7.4.11",
    meilisearch: "getmeili/meilisearch:v1.50.0",
    chroma: "chromadb/chroma:1.5.9",
    postgresql: "ghcr.io/cloudnative-pg/postgresql:17.11",
    gotenberg: "gotenberg/gotenberg:8.36.0",
    /** Snapshot and bucket jobs of the data tier (S3 and Azure Blob through one client). */
    rclone: "rclone/rclone:1.75.1",
    /** Redis metrics for the R-MON memory alert (redis_memory_used_bytes / redis_memory_max_bytes). */
    redisExporter: "oliver006/redis_exporter:v1.84.0",
    /** Redis primary routing (role:master health check) and the ChromaDB token gate. */
    haproxy: "haproxy:3.2.25-alpine",
    /**
     * The on-prem in-cluster WAF: nginx (unprivileged, UID 101) with ModSecurity v3 and the OWASP
     * Core Rule Set 4.29 (coreruleset/modsecurity-crs-docker; stable tag `<CRS>-nginx-<build date>`).
     */
    modsecurityCrs: "owasp/modsecurity-crs:4.29.0-nginx-202609301109",
    /**
     * EKS node-group autoscaling (issue 15). Its minor must equal the cluster's (checked at config
     * time); 1.36.1 per the kubernetes/autoscaler cluster-autoscaler-1.36.1 release notes.
     */
    clusterAutoscaler: "registry.k8s.io/autoscaling/cluster-autoscaler:v1.36.1",
    /**
     * Scales ChromaDB down and up around its consistent snapshot (issue 18). The Kubernetes
     * project's own image (shell-free: every step is one kubectl command); its minor follows
     * DEFAULT_KUBERNETES_VERSION (kubectl supports one minor of skew either way).
     */
    kubectl: "registry.k8s.io/kubectl:v1.36.1",
    /** Contrib distribution: the spanmetrics connector and the Prometheus exporter are not in the core one. The chart 0.170.0's appVersion. */
    otelCollectorContrib: "otel/opentelemetry-collector-contrib:0.158.0",
} as const;
