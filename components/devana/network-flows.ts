/**
 * The allowed-flow matrix of the Devana namespaces, as data. Every NetworkPolicy is generated
 * from it (network-policies.ts); docs/app-tier.md lists every flow with the same id and reason.
 *
 * Peers are pods (a namespace and a label selector) or address ranges. Ports are the ports the
 * destination pod listens on: NetworkPolicy is evaluated after a Service's port translation.
 * Kubelet probes come from the node and are not subject to these policies on the common CNIs.
 */
import type { Distribution } from "../../config/defaults";
import { PORTS } from "../../config/ports";
import { GATEWAY_NAMESPACE } from "../platform/gateway";
import { OTEL_COLLECTOR_POD_LABELS } from "../platform/tracing";
import { AI_NAMES, APP_NAMES } from "./app/common";
import { NAME_LABEL } from "../k8s/labels";
import { FILES_SNAPSHOT_NAME } from "./data/files-snapshot";
import { REPLICATION_NAME } from "./data/object-replication";

export interface LabelSelector {
    readonly matchLabels?: Readonly<Record<string, string>>;
    readonly matchExpressions?: readonly { readonly key: string; readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; readonly values?: readonly string[] }[];
}

export interface PodPeer {
    readonly kind: "pods";
    readonly namespace: string;
    /** `{}` selects every pod of the namespace. */
    readonly pods: LabelSelector;
    /** The namespace is a Devana namespace: its pods get generated policies. */
    readonly managed: boolean;
}

export interface CidrPeer {
    readonly kind: "cidr";
    readonly cidr: string;
    readonly except: readonly string[];
}

/** Several address blocks as one peer (the customer's proxy, issue 18): one ipBlock each. */
export interface CidrsPeer {
    readonly kind: "cidrs";
    readonly cidrs: readonly string[];
}

export type Peer = PodPeer | CidrPeer | CidrsPeer;

export interface FlowPort {
    /** A number, or the name of the destination container's port. */
    readonly port: number | string;
    readonly protocol: "TCP" | "UDP";
}

export interface Flow {
    /** Stable id, used in docs/app-tier.md. */
    readonly id: string;
    readonly from: PeerId;
    readonly to: PeerId;
    readonly ports: readonly FlowPort[];
    /** `R-NET-FW` for the customer's firewall rules; `needed` for what the services need besides. */
    readonly rule: "R-NET-FW" | "needed";
    readonly reason: string;
}

/** Where EKS Pod Identity serves credentials to pods (excluded from "internet", a link-local address). */
export const EKS_POD_IDENTITY_AGENT = { address: "169.254.170.23", port: 80 } as const;

/** Private, shared, link-local and loopback ranges: never "the Internet". */
export const NON_PUBLIC_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8"] as const;

export const PEER_IDS = [
    // Devana namespaces
    "api",
    "frontend",
    "odin",
    "waf",
    "appAll",
    "postgresql",
    "redis",
    "redisData",
    "redisSentinel",
    "redisProxy",
    "chroma",
    "chromaSnapshot",
    "meilisearch",
    "meiliSnapshot",
    "objectStore",
    "objectStoreJobs",
    "filesSnapshot",
    "objectReplication",
    "servicesAll",
    "vllmChat",
    "vllmEmbeddings",
    "aiAll",
    // outside
    "gateway",
    "monitoring",
    "dns",
    "cnpgOperator",
    "internet",
    "anyAddress",
    "podIdentityAgent",
    "storagePrivateEndpoint",
    "otelCollector",
    "proxy",
] as const;
export type PeerId = (typeof PEER_IDS)[number];

export interface FlowMatrixInput {
    readonly namespaces: { readonly app: string; readonly services: string; readonly ai: string; readonly monitoring: string };
    /** Cluster DNS differs on OpenShift (openshift-dns, port 5353). */
    readonly distribution: Distribution;
    /** Self-hosted models (selfhosted and hybrid scenarios). */
    readonly selfHostedChat: boolean;
    readonly selfHostedEmbeddings: boolean;
    /** A cloud LLM or cloud embedding model is used (cloud scenario, hybrid fallback). */
    readonly cloudModels: boolean;
    /** Where the files and backups go. */
    readonly objectStore:
        | { readonly kind: "in-cluster"; readonly ports: readonly number[] }
        /** The customer's endpoint (any address: it is usually on the corporate network). */
        | { readonly kind: "external"; readonly port: number }
        /**
         * AWS S3 / Azure Blob over HTTPS (public endpoints or private endpoints in the VNet).
         * `podIdentityAgent`: the clients get credentials from the EKS Pod Identity agent.
         */
        | {
              readonly kind: "cloud";
              readonly podIdentityAgent?: boolean;
              /**
               * Subnet of the storage private endpoint (Azure Blob in the data zone): its private
               * address is outside "internet", so the clients get HTTPS to this range as well.
               */
              readonly privateEndpointCidr?: string;
              /** Odin uses the store (it reads S3 variables only: not on Azure Blob). @default true */
              readonly odin?: boolean;
          };
    /**
     * On-prem geo-replication to a second S3 endpoint (`onprem.replication`): its port (any
     * address: the second site is usually on the corporate network). @default none
     */
    readonly replication?: { readonly port: number };
    /** SSO identity providers the API calls (ports; any address: corporate IdPs are internal). */
    readonly sso: { readonly oidcPort?: number; readonly ldapPort?: number; readonly adfsPort?: number };
    /** Redis runs replicated (Sentinels and the primary-routing proxy exist). */
    readonly redisReplicated: boolean;
    /** Namespace of the CloudNativePG operator. @default "cnpg-system" */
    readonly cnpgOperatorNamespace?: string;
    /**
     * The on-prem in-cluster WAF (`waf.onprem: in-cluster`) sits between the gateway and the
     * application: the gateway reaches only the WAF, the Frontend and API accept only the WAF. Its
     * pods' name label and listening port, given by the stack (components/edge/onprem-waf.ts), so
     * the matrix does not reach up into the edge tier. @default none (no in-cluster WAF)
     */
    readonly inClusterWaf?: { readonly name: string; readonly port: number };
    /**
     * Issue 17: the OpenTelemetry Collector (components/platform/tracing.ts) and its namespace;
     * ChromaDB sends its traces there over OTLP/gRPC. @default none (no tracing)
     */
    readonly tracing?: { readonly namespace: string; readonly port: number };
    /**
     * Where vLLM gets its weights (issue 19): Hugging Face, an S3 mirror (its port, any address), or
     * a pre-seeded volume (no flow at all). @default { kind: "huggingface" }
     */
    readonly modelDownload?: { readonly kind: "huggingface" } | { readonly kind: "s3-mirror"; readonly port: number } | { readonly kind: "volume" };
    /**
     * Issue 18: the customer's outbound proxy (`devana:proxy`): the flows to the internet on 443
     * (licence, cloud LLMs, Hugging Face) go to its addresses and ports instead. @default none (direct)
     */
    readonly proxy?: { readonly addresses: readonly string[]; readonly ports: readonly number[] };
}

/** SeaweedFS ports: master 9333/19333, volume 8080/18080, filer 8888/18888, S3 gateway 8333. */
export const SEAWEEDFS_INTERNAL_PORTS = [9333, 19333, 8080, 18080, 8888, 18888, 8333] as const;
/** The object store's S3 port: 9000 (R-NET-PORTS, the Service) and 8333 (SeaweedFS's S3 gateway behind it). */
export const OBJECT_STORE_S3_PORTS = [PORTS.objectStore, 8333] as const;
export const DEFAULT_CNPG_OPERATOR_NAMESPACE = "cnpg-system";

const tcp = (...ports: (number | string)[]): FlowPort[] => ports.map((port) => ({ port, protocol: "TCP" }));
const byName = (name: string): LabelSelector => ({ matchLabels: { [NAME_LABEL]: name } });

/** Where each peer is. */
export function networkPeers(input: FlowMatrixInput): Readonly<Record<PeerId, Peer>> {
    const { app, services, ai, monitoring } = input.namespaces;
    const managed = (namespace: string, pods: LabelSelector): PodPeer => ({ kind: "pods", namespace, pods, managed: true });
    const outside = (namespace: string, pods: LabelSelector): PodPeer => ({ kind: "pods", namespace, pods, managed: false });
    const dns = input.distribution === "openshift" ? outside("openshift-dns", { matchLabels: { "dns.operator.openshift.io/daemonset-dns": "default" } }) : outside("kube-system", { matchLabels: { "k8s-app": "kube-dns" } });
    return {
        api: managed(app, byName(APP_NAMES.api)),
        frontend: managed(app, byName(APP_NAMES.frontend)),
        odin: managed(app, byName(APP_NAMES.odin)),
        // The in-cluster WAF's nginx pods (components/edge/onprem-waf.ts); only referenced with one.
        waf: managed(app, byName(input.inClusterWaf?.name ?? "")),
        appAll: managed(app, {}),
        // CloudNativePG instances and their jobs (initdb, join) carry cnpg.io/cluster.
        postgresql: managed(services, { matchExpressions: [{ key: "cnpg.io/cluster", operator: "Exists" }] }),
        // The pods behind the `redis` Service: the primary-routing proxy, or the single Redis pod.
        redis: managed(services, { matchExpressions: [{ key: NAME_LABEL, operator: "In", values: ["redis", "redis-proxy"] }] }),
        redisData: managed(services, byName("redis")),
        redisSentinel: managed(services, byName("redis-sentinel")),
        redisProxy: managed(services, byName("redis-proxy")),
        chroma: managed(services, byName("chromadb")),
        chromaSnapshot: managed(services, byName("chromadb-snapshot")),
        meilisearch: managed(services, byName("meilisearch")),
        meiliSnapshot: managed(services, byName("meilisearch-snapshot")),
        // The SeaweedFS chart's pods (masters, volume servers, filers serving S3 on 8333).
        objectStore: managed(services, byName("seaweedfs")),
        // The data tier's bucket-creation Job.
        objectStoreJobs: managed(services, byName("object-store-buckets")),
        // The weekly snapshot of user files and the geo-replication CronJobs (R-STO-BACKUP).
        filesSnapshot: managed(services, byName(FILES_SNAPSHOT_NAME)),
        objectReplication: managed(services, byName(REPLICATION_NAME)),
        servicesAll: managed(services, {}),
        vllmChat: managed(ai, byName(AI_NAMES.chat)),
        vllmEmbeddings: managed(ai, byName(AI_NAMES.embeddings)),
        aiAll: managed(ai, {}),
        gateway: outside(GATEWAY_NAMESPACE, { matchLabels: { [NAME_LABEL]: "traefik" } }),
        monitoring: outside(monitoring, { matchLabels: { [NAME_LABEL]: "prometheus" } }),
        dns,
        cnpgOperator: outside(input.cnpgOperatorNamespace ?? DEFAULT_CNPG_OPERATOR_NAMESPACE, { matchLabels: { [NAME_LABEL]: "cloudnative-pg" } }),
        internet: { kind: "cidr", cidr: "0.0.0.0/0", except: [...NON_PUBLIC_RANGES] },
        anyAddress: { kind: "cidr", cidr: "0.0.0.0/0", except: [] },
        // The EKS Pod Identity agent (a hostNetwork DaemonSet) on every node's link-local address.
        podIdentityAgent: { kind: "cidr", cidr: `${EKS_POD_IDENTITY_AGENT.address}/32`, except: [] },
        // The OpenTelemetry Collector's pods (only referenced when tracing is on).
        otelCollector: outside(input.tracing?.namespace ?? monitoring, { matchLabels: { ...OTEL_COLLECTOR_POD_LABELS } }),
        // Only referenced when a proxy is configured.
        proxy: { kind: "cidrs", cidrs: [...(input.proxy?.addresses ?? [])] },
        // Only referenced when the cloud store has a private endpoint subnet.
        storagePrivateEndpoint: {
            kind: "cidr",
            cidr: input.objectStore.kind === "cloud" && input.objectStore.privateEndpointCidr ? input.objectStore.privateEndpointCidr : "0.0.0.0/32",
            except: [],
        },
    };
}

/** The allowed flows for one configuration. */
export function flowMatrix(input: FlowMatrixInput): Flow[] {
    const flows: Flow[] = [];
    const add = (id: string, from: PeerId, to: PeerId, ports: FlowPort[], rule: Flow["rule"], reason: string): void => {
        flows.push({ id, from, to, ports, rule, reason });
    };
    const dnsPorts: FlowPort[] =
        input.distribution === "openshift"
            ? [
                  { port: 5353, protocol: "UDP" },
                  { port: 5353, protocol: "TCP" },
              ]
            : [
                  { port: 53, protocol: "UDP" },
                  { port: 53, protocol: "TCP" },
              ];

    // --- R-NET-FW, the customer's rules
    // With the in-cluster WAF, the DMZ's last hop is the WAF (R-SEC-ZONES): the gateway reaches nothing else.
    if (input.inClusterWaf) {
        add("fw-waf-frontend", "waf", "frontend", tcp(PORTS.frontend), "R-NET-FW", "LB -> Frontend:3000 (the in-cluster WAF forwards the front host; the gateway reaches only the WAF)");
    } else {
        add("fw-lb-frontend", "gateway", "frontend", tcp(PORTS.frontend), "R-NET-FW", "LB -> Frontend:3000 (the gateway serves the front host)");
    }
    add("fw-frontend-api", "frontend", "api", tcp(PORTS.apiHttp, PORTS.apiWs), "R-NET-FW", "Frontend -> API:4666,5001 (server-side rendering calls the API)");
    if (input.inClusterWaf) {
        add("fw-waf-api", "waf", "api", tcp(PORTS.apiHttp), "R-NET-FW", "LB -> API:4666 (the in-cluster WAF forwards the api. host)");
    } else {
        add("fw-lb-api", "gateway", "api", tcp(PORTS.apiHttp), "R-NET-FW", "LB -> API:4666 (the gateway serves the api. host)");
    }
    add("fw-api-postgresql", "api", "postgresql", tcp(PORTS.postgres), "R-NET-FW", "API -> PostgreSQL:5432 (schema devana; Prisma migrations at start)");
    add("fw-api-chroma", "api", "chroma", tcp(PORTS.chroma), "R-NET-FW", "API -> ChromaDB:8000 (vector search, RAG)");
    add("fw-api-redis", "api", "redis", tcp(PORTS.redis), "R-NET-FW", "API -> Redis:6379 (cache, sessions, BullMQ producer)");
    add("fw-api-odin", "api", "odin", tcp(PORTS.odin), "R-NET-FW", "API -> Odin:3003 (ODIN_API_URL)");
    if (input.selfHostedChat) {
        add("fw-api-llm", "api", "vllmChat", tcp(PORTS.vllm), "R-NET-FW", "API -> LLM:8000 (the self-hosted chat model, a Devana custom model)");
    }
    if (input.selfHostedEmbeddings) {
        add("fw-odin-embeddings", "odin", "vllmEmbeddings", tcp(PORTS.vllm), "R-NET-FW", "Odin -> Embeddings:8000 (vectorisation of documents)");
    }

    // --- What the services need besides (the customer's example omits it)
    const dns = input.distribution === "openshift" ? "dns-openshift" : "dns";
    add(`${dns}-app`, "appAll", "dns", dnsPorts, "needed", "Every pod resolves Service and external names through the cluster DNS");
    add(`${dns}-services`, "servicesAll", "dns", dnsPorts, "needed", "Every pod resolves Service and external names through the cluster DNS");
    add(`${dns}-ai`, "aiAll", "dns", dnsPorts, "needed", "Every pod resolves Service and external names through the cluster DNS");
    if (input.inClusterWaf) {
        add("gateway-waf", "gateway", "waf", tcp(input.inClusterWaf.port), "needed", `Traefik sends every request of the front, api. and ws. hosts to the in-cluster WAF (${input.inClusterWaf.name}, nginx on ${input.inClusterWaf.port})`);
        add("waf-api-ws", "waf", "api", tcp(PORTS.apiWs), "needed", "The in-cluster WAF forwards the ws. host to devana-api:5001 (WebSocket)");
    } else {
        add("gateway-api-ws", "gateway", "api", tcp(PORTS.apiWs), "needed", "The ws. host's HTTPRoute targets devana-api:5001 (WebSocket); R-NET-FW names only 4666 for the LB");
    }
    add("api-meilisearch", "api", "meilisearch", tcp(PORTS.meilisearch), "needed", "API -> Meilisearch:7700 (MEILI_HOST, full-text search)");
    add("odin-postgresql", "odin", "postgresql", tcp(PORTS.postgres), "needed", "Odin -> PostgreSQL:5432 (schema odin)");
    add("odin-redis", "odin", "redis", tcp(PORTS.redis), "needed", "Odin -> Redis:6379 (BullMQ worker of the `request` queue)");
    add("odin-api", "odin", "api", tcp(PORTS.apiHttp), "needed", "Odin -> API:4666 (DEVANA_API_URL: Odin reports processed documents back)");
    if (input.selfHostedEmbeddings) {
        add("api-embeddings", "api", "vllmEmbeddings", tcp(PORTS.vllm), "needed", "API -> Embeddings:8000 (EMBEDDING_JSON: the API embeds queries for retrieval)");
    }
    // Issue 18: with the customer's proxy, what went to the internet on 443 goes to the proxy instead.
    const proxy = input.proxy;
    const outbound = (id: string, from: PeerId, reason: string): void => {
        if (proxy) {
            add(`${id}-proxy`, from, "proxy", tcp(...proxy.ports), "needed", `${reason}, through the customer's proxy`);
        } else {
            add(id, from, "internet", tcp(443), "needed", reason);
        }
    };
    outbound("api-licence", "api", "API -> l.devana.ai:443 (licence server)" + (input.cloudModels ? " and the cloud LLM/embedding APIs" : ""));
    if (input.cloudModels) {
        outbound("odin-cloud-llm", "odin", "Odin -> cloud LLM/embedding API:443 (vision LLM, cloud embeddings)");
    }
    if (input.selfHostedChat || input.selfHostedEmbeddings) {
        const download = input.modelDownload ?? { kind: "huggingface" };
        if (download.kind === "huggingface") {
            outbound("vllm-model-download", "aiAll", "vLLM -> huggingface.co:443 (first download of the model weights into the cache)");
        } else if (download.kind === "s3-mirror") {
            // The mirror sits in the customer's network (an air-gapped site has no internet): any address.
            add("vllm-model-mirror", "aiAll", "anyAddress", tcp(download.port), "needed", `vLLM model sync -> the S3 model mirror:${download.port} (air-gapped: never Hugging Face)`);
        }
        add("monitoring-vllm", "monitoring", "aiAll", tcp("http"), "needed", "Prometheus scrapes vLLM /metrics on its http port (8000)");
    }
    if (input.sso.oidcPort !== undefined) {
        add("api-oidc", "api", "anyAddress", tcp(input.sso.oidcPort), "needed", "API -> OIDC issuer (token and userinfo endpoints; corporate IdPs are often internal)");
    }
    if (input.sso.ldapPort !== undefined) {
        add("api-ldap", "api", "anyAddress", tcp(input.sso.ldapPort), "needed", "API -> LDAPS directory (bind and search)");
    }
    if (input.sso.adfsPort !== undefined) {
        add("api-adfs", "api", "anyAddress", tcp(input.sso.adfsPort), "needed", "API -> ADFS (AZURE_AD_ON_PREM_URL)");
    }

    // Object storage: user files (API, Odin), WAL archive and base backups (PostgreSQL), snapshots.
    const storeClients: [string, PeerId, string][] = [
        ["api", "api", "API stores user files"],
        ["odin", "odin", "Odin reads uploaded documents and writes extracted pages"],
        ["postgresql", "postgresql", "PostgreSQL archives WAL and base backups (Barman Cloud)"],
        ["chroma-snapshot", "chromaSnapshot", "ChromaDB daily snapshot upload"],
        ["meili-snapshot", "meiliSnapshot", "Meilisearch daily snapshot upload"],
        ["bucket-job", "objectStoreJobs", "The data tier's Job creates the files and backups buckets"],
    ];
    const store = input.objectStore;
    // R-STO-BACKUP on-prem: the data tier's own store gets weekly file snapshots, and replication when configured.
    if (store.kind !== "cloud") {
        storeClients.push(["files-snapshot", "filesSnapshot", "Weekly snapshot of user files into the backups bucket (server-side copies)"]);
        if (input.replication) {
            storeClients.push(["object-replication", "objectReplication", "Geo-replication reads the files and backups buckets"]);
        }
    }
    for (const [id, peer, why] of storeClients) {
        if (peer === "odin" && store.kind === "cloud" && store.odin === false) {
            continue;
        }
        if (store.kind === "in-cluster") {
            add(`${id}-object-store`, peer, "objectStore", tcp(...store.ports), "needed", `${why} (in-cluster S3 store, Service port 9000)`);
        } else if (store.kind === "external") {
            add(`${id}-external-s3`, peer, "anyAddress", tcp(store.port), "needed", `${why} (the customer's S3 endpoint)`);
        } else {
            const identity = store.privateEndpointCidr ? "; Entra ID token exchange for workload identity" : "";
            add(`${id}-cloud-storage`, peer, "internet", tcp(443), "needed", `${why} (cloud object storage over HTTPS${identity})`);
            if (store.privateEndpointCidr) {
                add(`${id}-storage-private-endpoint`, peer, "storagePrivateEndpoint", tcp(443), "needed", `${why} (the storage account's private endpoint in the data zone)`);
            }
            if (store.podIdentityAgent) {
                add(`${id}-pod-identity`, peer, "podIdentityAgent", tcp(EKS_POD_IDENTITY_AGENT.port), "needed", `${why}: AWS credentials from the EKS Pod Identity agent`);
            }
        }
    }
    if (store.kind !== "cloud" && input.replication) {
        add("object-replication-replica", "objectReplication", "anyAddress", tcp(input.replication.port), "needed", "Geo-replication writes both buckets to the replica S3 endpoint at the second site (HTTPS, R-STO-BACKUP)");
    }
    if (store.kind === "in-cluster") {
        add("object-store-cluster", "objectStore", "objectStore", tcp(...SEAWEEDFS_INTERNAL_PORTS), "needed", "SeaweedFS masters, volume servers, filers and S3 gateway talk to each other");
    }

    // Data tier internals.
    add("postgresql-replication", "postgresql", "postgresql", tcp(PORTS.postgres), "needed", "CloudNativePG streaming replication and replica joins");
    add("postgresql-kube-api", "postgresql", "anyAddress", tcp(443, 6443), "needed", "The CloudNativePG instance manager watches its Cluster through the Kubernetes API (its address is cluster-specific)");
    add("chroma-snapshot-kube-api", "chromaSnapshot", "anyAddress", tcp(443, 6443), "needed", "The ChromaDB snapshot job scales ChromaDB down and up around its copy through the Kubernetes API (its address is cluster-specific)");
    add("cnpg-operator-postgresql", "cnpgOperator", "postgresql", tcp(8000, PORTS.postgres), "needed", "The CloudNativePG operator polls instance status (8000) and manages roles (5432)");
    if (input.redisReplicated) {
        add("redis-replication", "redisData", "redisData", tcp(PORTS.redis), "needed", "Redis replicas sync from the primary");
        add("redis-sentinel-data", "redisSentinel", "redisData", tcp(PORTS.redis), "needed", "Sentinels monitor and fail over the Redis pods");
        add("redis-sentinel-peers", "redisSentinel", "redisSentinel", tcp(26379), "needed", "Sentinels gossip and vote");
        add("redis-data-sentinel", "redisData", "redisSentinel", tcp(26379), "needed", "A starting Redis pod asks the Sentinels for the primary");
        add("redis-proxy-data", "redisProxy", "redisData", tcp(PORTS.redis), "needed", "The primary-routing proxy forwards to the pod reporting role:master");
    }
    add("meili-snapshot-meilisearch", "meiliSnapshot", "meilisearch", tcp(PORTS.meilisearch), "needed", "The snapshot job asks Meilisearch to write a snapshot");
    add("monitoring-services", "monitoring", "servicesAll", tcp("metrics"), "needed", "Prometheus scrapes the data services' exporters on their `metrics` ports");
    if (input.tracing) {
        add("chroma-otel-collector", "chroma", "otelCollector", tcp(input.tracing.port), "needed", `ChromaDB -> OpenTelemetry Collector:${input.tracing.port} (OTLP/gRPC traces; its span metrics feed the ChromaDB latency alert)`);
    }
    return flows;
}
