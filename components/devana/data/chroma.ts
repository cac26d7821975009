/**
 * ChromaDB (R-CMP-CHROMA, port 8000): one writer StatefulSet on the data pool with its volume on
 * `fast-ssd`, and a daily snapshot CronJob. Chroma 1.x's open-source server has no authentication
 * of its own, so an HAProxy sidecar owns port 8000 and only forwards requests that carry the
 * generated token (`Authorization: Bearer <token>` or `X-Chroma-Token`); Chroma itself listens on
 * localhost. Heartbeats pass without a token so probes need no secret. The snapshot is taken while
 * Chroma is briefly scaled down (chroma-snapshot.ts).
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES } from "../../../config/versions";
import { type Placement, placementSpec } from "../../k8s/placement";
import type { SnapshotBackup } from "./snapshot";
import { containerSecurityContext, podSecurityContext, resourcesFor, serviceHost } from "../../k8s/pod-spec";
import { instanceLabels, instanceSelector } from "../../k8s/labels";
import type { Distribution } from "../../../config/defaults";
import { writerVolumeAndService } from "./writer-storage";
import type { SingleWriterPlan } from "../../../config/sizing/data";
import { PORTS } from "../../../config/ports";
import { CHROMA_SNAPSHOT_NAME, chromaSnapshotJob } from "./chroma-snapshot";
import { imageFrom, type Mirror } from "../../platform/image-mirror";

/** Chroma's own port, reachable only from inside the pod. */
export const CHROMA_INTERNAL_PORT = 8001;
const UID = 1000;
const DATA_PATH = "/data";

export interface ChromaArgs {
    readonly namespace: string;
    /** Object names in the cluster. @default "chroma" */
    readonly serviceName?: string;
    readonly plan: SingleWriterPlan;
    readonly storageClass: string;
    readonly placement: Placement;
    /** Generated token (CHROMA_API_KEY of the API); a Pulumi secret. */
    readonly token: pulumi.Input<string>;
    readonly backup: SnapshotBackup;
    /** Protect the volume from deletion. @default false */
    readonly protect?: boolean;
    /** Issue 17: ChromaDB's OpenTelemetry settings (tracing.ts chromaOtelEnv), traces to the collector. @default [] (no tracing) */
    readonly otelEnv?: readonly { readonly name: string; readonly value: string }[];
    /** Issue 19: the air-gapped registry mirror (`devana:airgap`) every image is pulled from. @default undefined (the source registries) */
    readonly mirror?: Mirror;
    /** R-K8S distribution: on OpenShift the SCC assigns the pods' UID and fsGroup. @default "vanilla" */
    readonly distribution?: Distribution;
}

/** [eng] 02:30 UTC, after the PostgreSQL base backup starts, before business hours in Europe. */
export const CHROMA_SNAPSHOT_SCHEDULE = "30 2 * * *";

/** HAProxy configuration of the token gate; the token comes from the environment, not the file. */
export function chromaProxyConfig(): string {
    return [
        "global",
        "  log stdout format raw local0 info",
        "defaults",
        "  mode http",
        "  log global",
        "  timeout connect 5s",
        // Large collection upserts and queries can take minutes.
        "  timeout client 300s",
        "  timeout server 300s",
        "frontend chroma",
        `  bind :${PORTS.chroma}`,
        "  acl heartbeat path /api/v2/heartbeat /api/v2/healthcheck /api/v1/heartbeat",
        '  acl bearer req.hdr(authorization) -m str "Bearer ${CHROMA_TOKEN}"',
        '  acl xtoken req.hdr(x-chroma-token) -m str "${CHROMA_TOKEN}"',
        "  http-request deny deny_status 401 unless heartbeat or bearer or xtoken",
        "  default_backend chroma",
        "backend chroma",
        `  server chroma 127.0.0.1:${CHROMA_INTERNAL_PORT}`,
        "",
    ].join("\n");
}

export interface ChromaNames {
    readonly service: string;
    readonly claim: string;
    readonly tokenSecret: string;
    readonly proxyConfig: string;
    readonly writerPod: string;
}

export function chromaNames(serviceName = "chroma"): ChromaNames {
    return {
        service: serviceName,
        claim: `${serviceName}-data`,
        tokenSecret: `${serviceName}-token`,
        proxyConfig: `${serviceName}-auth-proxy`,
        writerPod: `${serviceName}-0`,
    };
}

export function chromaStatefulSetSpec(args: ChromaArgs): k8s.types.input.apps.v1.StatefulSetSpec {
    const names = chromaNames(args.serviceName);
    const labels = instanceLabels("chromadb", names.service, "vector-database");
    const selector = instanceSelector("chromadb", names.service);
    const probe = { httpGet: { path: "/api/v2/heartbeat", port: PORTS.chroma } };
    return {
        serviceName: names.service,
        // Single writer: see config/sizing/data.ts and docs/data-tier.md.
        replicas: args.plan.writers,
        selector: { matchLabels: selector },
        template: {
            metadata: { labels, annotations: { "kubectl.kubernetes.io/default-container": "chroma" } },
            spec: {
                securityContext: podSecurityContext(UID, args.distribution),
                ...placementSpec(args.placement),
                // Back up after a snapshot's scale-down, Chroma prefers the node of the snapshot
                // job, which still holds the ReadWriteOnce volume while it uploads the copy.
                affinity: {
                    podAffinity: {
                        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { "app.kubernetes.io/name": CHROMA_SNAPSHOT_NAME } }, topologyKey: "kubernetes.io/hostname" } }],
                    },
                },
                terminationGracePeriodSeconds: 60,
                containers: [
                    {
                        name: "chroma",
                        image: imageFrom(IMAGES.chroma, args.mirror?.registry),
                        env: [
                            { name: "IS_PERSISTENT", value: "TRUE" },
                            { name: "CHROMA_PERSIST_PATH", value: DATA_PATH },
                            { name: "CHROMA_LISTEN_ADDRESS", value: "127.0.0.1" },
                            { name: "CHROMA_PORT", value: String(CHROMA_INTERNAL_PORT) },
                            { name: "ANONYMIZED_TELEMETRY", value: "False" },
                            { name: "CHROMA_ALLOW_RESET", value: "false" },
                            ...(args.otelEnv ?? []),
                        ],
                        resources: resourcesFor(args.plan),
                        securityContext: containerSecurityContext(),
                        volumeMounts: [{ name: "data", mountPath: DATA_PATH }],
                        startupProbe: { ...probe, periodSeconds: 5, failureThreshold: 60 },
                        livenessProbe: { ...probe, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 },
                        readinessProbe: { ...probe, periodSeconds: 10, timeoutSeconds: 3 },
                    },
                    {
                        name: "auth-proxy",
                        image: imageFrom(IMAGES.haproxy, args.mirror?.registry),
                        ports: [{ name: "http", containerPort: PORTS.chroma }],
                        env: [{ name: "CHROMA_TOKEN", valueFrom: { secretKeyRef: { name: names.tokenSecret, key: "token" } } }],
                        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                        securityContext: containerSecurityContext(),
                        volumeMounts: [{ name: "proxy-config", mountPath: "/usr/local/etc/haproxy", readOnly: true }],
                        readinessProbe: { tcpSocket: { port: PORTS.chroma }, periodSeconds: 10 },
                    },
                ],
                volumes: [
                    { name: "data", persistentVolumeClaim: { claimName: names.claim } },
                    { name: "proxy-config", configMap: { name: names.proxyConfig } },
                ],
            },
        },
    };
}

/** One ChromaDB writer with token auth and daily snapshots; pass the Kubernetes provider in opts. */
export class Chroma extends pulumi.ComponentResource {
    /** In-cluster URL (CHROMA_HOST of the API). */
    public readonly url: string;
    /** Secret holding the token under key `token`. */
    public readonly tokenSecretName: string;

    constructor(name: string, args: ChromaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:data:Chroma", name, {}, opts);
        const names = chromaNames(args.serviceName);
        const ns = args.namespace;
        const labels = instanceLabels("chromadb", names.service, "vector-database");
        const protect = args.protect ?? false;

        const token = new k8s.core.v1.Secret(`${name}-token`, { metadata: { name: names.tokenSecret, namespace: ns, labels }, type: "Opaque", stringData: { token: args.token } }, { parent: this });
        const proxyConfig = new k8s.core.v1.ConfigMap(`${name}-auth-proxy`, { metadata: { name: names.proxyConfig, namespace: ns, labels }, data: { "haproxy.cfg": chromaProxyConfig() } }, { parent: this });
        const { claim, service } = writerVolumeAndService(this, name, {
            namespace: ns,
            labels,
            app: "chromadb",
            serviceName: names.service,
            claimName: names.claim,
            port: PORTS.chroma,
            storageClass: args.storageClass,
            diskGi: args.plan.diskGi,
            protect,
        });
        new k8s.apps.v1.StatefulSet(`${name}-statefulset`, { metadata: { name: names.service, namespace: ns, labels }, spec: chromaStatefulSetSpec(args) }, { parent: this, dependsOn: [token, proxyConfig, claim, service] });
        chromaSnapshotJob(this, name, {
            namespace: ns,
            labels,
            statefulSet: names.service,
            writerPod: names.writerPod,
            claimName: names.claim,
            replicas: args.plan.writers,
            storageClass: args.storageClass,
            diskGi: args.plan.diskGi,
            schedule: args.backup.schedule ?? CHROMA_SNAPSHOT_SCHEDULE,
            location: args.backup.location,
            retentionDays: args.backup.retentionDays,
            uid: UID,
            placement: args.placement,
            serviceAccountName: args.backup.serviceAccountName,
            distribution: args.distribution,
            mirror: args.mirror,
            caBundle: args.backup.caBundle,
        });
        this.url = `http://${serviceHost(names.service, ns)}:${PORTS.chroma}`;
        this.tokenSecretName = names.tokenSecret;
        this.registerOutputs({ url: this.url, tokenSecretName: this.tokenSecretName });
    }
}
