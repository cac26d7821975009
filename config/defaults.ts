/**
 * Named defaults of the stack configuration, applied once by the schema (design convention 6).
 * Each figure cites the requirement it comes from.
 */

export const TARGETS = ["aws", "azure", "onprem"] as const;
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const TIERS = ["minimal", "production", "enterprise"] as const;
export const ZONE_NAMES = ["dmz", "app", "services", "data", "ai", "management"] as const;
/**
 * Node pools, one or more per R-NET-ZONES zone (issue 20): R-SIZE-NODES names compute, GPU LLM,
 * GPU embeddings and data; Services and Management get small pools of their own so every workload
 * runs in its seed zone (POOL_ZONE).
 */
export const POOL_NAMES = ["compute", "services", "gpuLlm", "gpuEmbed", "data", "management"] as const;
export const DISTRIBUTIONS = ["vanilla", "openshift", "rke2"] as const;

export type Target = (typeof TARGETS)[number];
export type Environment = (typeof ENVIRONMENTS)[number];
export type Tier = (typeof TIERS)[number];
export type ZoneName = (typeof ZONE_NAMES)[number];
export type PoolName = (typeof POOL_NAMES)[number];
/** R-K8S distribution of the cluster the pods run on (config `devana:distribution`). */
export type Distribution = (typeof DISTRIBUTIONS)[number];
/** Who installs the cluster-scoped pieces (config `devana:onprem.clusterScope`, docs/onprem.md). */
export const CLUSTER_SCOPES = ["install", "preinstalled"] as const;
export type ClusterScope = (typeof CLUSTER_SCOPES)[number];

/** R-NET-ZONES: the zone (subnet, VLAN) each pool's nodes live in. No pool lives in the DMZ. */
export const POOL_ZONE: Readonly<Record<PoolName, Exclude<ZoneName, "dmz">>> = {
    compute: "app",
    services: "services",
    gpuLlm: "ai",
    gpuEmbed: "ai",
    data: "data",
    management: "management",
};
/** Zones that host nodes (the DMZ holds only load balancers and the WAF). */
export const NODE_ZONES = ["app", "services", "data", "ai", "management"] as const satisfies readonly ZoneName[];
export type NodeZone = (typeof NODE_ZONES)[number];

/** R-K8S: 1.31 minimum. */
export const MIN_KUBERNETES_VERSION = "1.31";
/**
 * R-K8S: 1.32+ recommended. 1.36: in EKS standard support until 2027-08-02 and AKS community support
 * until 2027-06-30 (config/facts/kubernetes-versions.json); the pinned cluster autoscaler's minor.
 */
export const DEFAULT_KUBERNETES_VERSION = "1.36";

/** R-NET-ZONES: the customer's segmentation plan. */
export const DEFAULT_NETWORK = {
    cidr: "10.0.0.0/16",
    zones: {
        dmz: "10.0.1.0/24",
        app: "10.0.10.0/24",
        services: "10.0.20.0/24",
        data: "10.0.30.0/24",
        ai: "10.0.40.0/24",
        management: "10.0.99.0/24",
    },
} as const satisfies { cidr: string; zones: Record<ZoneName, string> };

/** R-SEC-AUDIT: audit logs kept at least one year. */
export const MIN_AUDIT_RETENTION_DAYS = 365;
/** R-STO-BACKUP: RPO < 15 minutes. */
export const MAX_RPO_MINUTES = 15;
/** [eng] WAL segments are archived at least this often; well under the 15-minute RPO. */
export const DEFAULT_RPO_MINUTES = 5;
/** devana-services.md: the vendor keeps daily full backups 30 days. */
export const DEFAULT_BACKUP_RETENTION_DAYS = 30;
/** Vendor backup policy: weekly backups kept 90 days (devana-services.md). */
export const DEFAULT_WEEKLY_RETENTION_DAYS = 90;
/** [eng] WAF rate-based rule: 2,000 requests per client IP per 5 minutes, well above one user's UI and upload traffic. */
export const DEFAULT_WAF_RATE_LIMIT = 2000;
/** [eng] Largest request body through the WAF: 200 MiB covers large PDF and Office uploads. */
export const DEFAULT_WAF_MAX_BODY_MIB = 200;
/** ModSecurity v3 (the on-prem in-cluster WAF) holds an inspected body in memory, up to 1 GiB. */
export const MAX_INSPECTED_BODY_MIB = 1024;
/** [eng] fewer days than a week of daily backups leaves no room to notice corruption. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

/** devana-services.md: the vendor's registry and the pull secret name its manifests use. */
export const DEFAULT_IMAGE_REGISTRY = "registry.devana.ai";
export const DEFAULT_IMAGE_PULL_SECRET = "devana-registry";
/** devana-services.md: vendor repository names of the Devana images. */
export const DEVANA_REPOSITORIES = {
    api: "devana/back",
    frontend: "devana/front",
    odin: "devana/odin",
} as const;
export type DevanaImage = keyof typeof DEVANA_REPOSITORIES;

/** [eng] the label key workloads select on when the customer does not name its own (on-prem). */
export const POOL_LABEL_KEY = "devana.ai/pool";
/**
 * Node label carrying the R-NET-ZONES zone of a node (issue 20). Cloud pools set it; on-prem the
 * customer's nodes carry it (docs/onprem.md: one zone per VLAN), and every pool selects on it.
 */
export const ZONE_LABEL_KEY = "devana.ai/zone";
/** [eng] the taint GPU nodes carry, so only GPU workloads land on them (EKS/AKS convention). */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" } as const;

/**
 * Node pool sizes per tier (R-SIZE-NODES for enterprise; production and minimal from the
 * per-tier node counts of R-SIZE and the R-LLM scaling table).
 */
export const DEFAULT_POOL_SIZES: Record<Tier, Record<PoolName, { minSize: number; maxSize: number; desiredSize: number }>> = {
    minimal: {
        compute: { minSize: 1, maxSize: 3, desiredSize: 2 },
        // Issue 20: Odin, Redis and Meilisearch (Services zone); monitoring and backups (Management).
        services: { minSize: 1, maxSize: 2, desiredSize: 1 },
        gpuLlm: { minSize: 1, maxSize: 1, desiredSize: 1 },
        gpuEmbed: { minSize: 1, maxSize: 1, desiredSize: 1 },
        data: { minSize: 1, maxSize: 1, desiredSize: 1 },
        management: { minSize: 1, maxSize: 2, desiredSize: 1 },
    },
    production: {
        compute: { minSize: 3, maxSize: 6, desiredSize: 3 },
        // Three nodes: one Redis pod (primary, two replicas) and one Sentinel per node.
        services: { minSize: 3, maxSize: 4, desiredSize: 3 },
        gpuLlm: { minSize: 1, maxSize: 2, desiredSize: 1 },
        gpuEmbed: { minSize: 1, maxSize: 2, desiredSize: 1 },
        data: { minSize: 3, maxSize: 4, desiredSize: 3 },
        management: { minSize: 2, maxSize: 3, desiredSize: 2 },
    },
    enterprise: {
        compute: { minSize: 10, maxSize: 20, desiredSize: 10 },
        // R-SIZE enterprise: 3 Odin pods with 1 GPU each (on single-GPU nodes when models are self-hosted).
        services: { minSize: 3, maxSize: 4, desiredSize: 3 },
        gpuLlm: { minSize: 4, maxSize: 8, desiredSize: 4 },
        // R-SIZE-NODES: 2-3 embedding nodes.
        gpuEmbed: { minSize: 2, maxSize: 3, desiredSize: 2 },
        data: { minSize: 3, maxSize: 5, desiredSize: 3 },
        management: { minSize: 2, maxSize: 4, desiredSize: 2 },
    },
};

/**
 * Default machine sizes per cloud (R-SIZE-NODES: compute 32 cores / 128 GB at enterprise scale,
 * production nodes 8-12 cores / 24-32 GB; data nodes with local NVMe; GPU per R-LLM).
 * AWS has no 2-GPU H100 instance, so the LLM pool uses the 8-GPU p5.48xlarge.
 */
export const DEFAULT_MACHINE_TYPES: Record<"aws" | "azure", Record<Tier, Record<PoolName, string>>> = {
    aws: {
        // i4i.2xlarge: the minimal data tier asks 5.2 CPU, more than an i4i.xlarge offers (capacity model).
        minimal: { compute: "m7i.2xlarge", services: "m7i.2xlarge", gpuLlm: "p5.48xlarge", gpuEmbed: "g6.2xlarge", data: "i4i.2xlarge", management: "m7i.2xlarge" },
        production: { compute: "m7i.2xlarge", services: "m7i.2xlarge", gpuLlm: "p5.48xlarge", gpuEmbed: "g6.2xlarge", data: "i4i.2xlarge", management: "m7i.2xlarge" },
        enterprise: { compute: "m7i.8xlarge", services: "m7i.8xlarge", gpuLlm: "p5.48xlarge", gpuEmbed: "g6.2xlarge", data: "i4i.8xlarge", management: "m7i.4xlarge" },
    },
    azure: {
        minimal: { compute: "Standard_D8ds_v5", services: "Standard_D8ds_v5", gpuLlm: "Standard_NC80adis_H100_v5", gpuEmbed: "Standard_NV36ads_A10_v5", data: "Standard_L8s_v3", management: "Standard_D8ds_v5" },
        production: { compute: "Standard_D8ds_v5", services: "Standard_D8ds_v5", gpuLlm: "Standard_NC80adis_H100_v5", gpuEmbed: "Standard_NV36ads_A10_v5", data: "Standard_L16s_v3", management: "Standard_D8ds_v5" },
        enterprise: { compute: "Standard_D32ds_v5", services: "Standard_D32ds_v5", gpuLlm: "Standard_NC80adis_H100_v5", gpuEmbed: "Standard_NV36ads_A10_v5", data: "Standard_L32s_v3", management: "Standard_D16ds_v5" },
    },
};

/**
 * The Services pool when the tier gives Odin a GPU (R-SIZE enterprise: 1 GPU per pod) and the
 * stack self-hosts models: single-GPU nodes large enough for Redis and Meilisearch beside Odin
 * (L4 on AWS; Azure offers no L4, the A10 size of the embedding pool).
 */
export const DEFAULT_SERVICES_GPU_MACHINE_TYPES: Record<"aws" | "azure", string> = { aws: "g6.8xlarge", azure: "Standard_NV36ads_A10_v5" };

/** R-K8S namespaces; the application namespace is per environment (`devana-prod`, ...). */
export const SHARED_NAMESPACES = ["devana-services", "devana-ai", "monitoring", "cert-manager"] as const;
export function appNamespace(environment: Environment): string {
    return `devana-${environment}`;
}

/** [eng] On-prem StorageClass provisioner when none is configured: local-path (kind, k3s, RKE2 add-on); it cannot encrypt. */
export const DEFAULT_ONPREM_PROVISIONER = "rancher.io/local-path";
/** Where Longhorn runs; its volume-encryption passphrase Secret must live there. */
export const DEFAULT_LONGHORN_NAMESPACE = "longhorn-system";
/** Where MetalLB runs; its IPAddressPool and L2Advertisement live there. */
export const DEFAULT_METALLB_NAMESPACE = "metallb-system";
/** Region name S3-compatible endpoints accept when they ignore regions. */
export const DEFAULT_S3_REGION = "us-east-1";

/** [eng] Kubernetes Service range of the EKS cluster; must not overlap the VPC (checked in resolve/target.ts). */
export const EKS_SERVICE_CIDR = "172.20.0.0/16";

/**
 * Issue 18: the pod and Service ranges each on-prem distribution uses when its installer is not
 * told otherwise, for NO_PROXY (pods must reach each other and Services directly, never through the
 * customer's proxy). `onprem.clusterNetwork` overrides them; where no default exists the key is
 * required with `devana:proxy`.
 * - RKE2: `cluster-cidr` 10.42.0.0/16 and `service-cidr` 10.43.0.0/16 (docs.rke2.io, server
 *   configuration reference; the same defaults as k3s).
 * - OpenShift: install-config `networking.clusterNetwork` 10.128.0.0/14 and
 *   `networking.serviceNetwork` 172.30.0.0/16 (docs.redhat.com, installation configuration
 *   parameters, network configuration parameters).
 * - vanilla (kubeadm): `--service-cidr` defaults to 10.96.0.0/12 (kubernetes.io, kubeadm init
 *   reference); the pod range has no default (`--pod-network-cidr` or the CNI's own: Flannel's
 *   10.244.0.0/16, Calico's 192.168.0.0/16), so it must be given.
 */
export const DEFAULT_CLUSTER_NETWORKS: Readonly<Record<Distribution, { readonly podCidr?: string; readonly serviceCidr: string }>> = {
    rke2: { podCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" },
    openshift: { podCidr: "10.128.0.0/14", serviceCidr: "172.30.0.0/16" },
    vanilla: { serviceCidr: "10.96.0.0/12" },
};

/** Issue 18: NO_PROXY entries every proxied pod gets: loopback and in-cluster names. */
export const NO_PROXY_BUILTINS = ["localhost", "127.0.0.1", ".svc", ".cluster.local"] as const;
