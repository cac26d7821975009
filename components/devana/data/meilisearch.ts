/**
 * Meilisearch (R-CMP-MEILI, port 7700): one writer StatefulSet on the data pool with its volume on
 * `fast-ssd`, master key from the generated secret, analytics off, and a daily CronJob that asks
 * the server for a snapshot (POST /snapshots, a consistent copy) and uploads it to the object store.
 * Snapshots go to their own scratch claim, never onto the index volume (a snapshot is up to the
 * index's size: on the index volume it could fill it and stop indexing); the job deletes what it
 * uploaded.
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES } from "../../../config/versions";
import { type Placement, placementSpec } from "../../k8s/placement";
import { containerSecurityContext, podSecurityContext, resourcesFor, serviceHost, volumeClaimSpec } from "../../k8s/pod-spec";
import { instanceLabels, instanceSelector } from "../../k8s/labels";
import type { Distribution } from "../../../config/defaults";
import { writerVolumeAndService } from "./writer-storage";
import type { SingleWriterPlan } from "../../../config/sizing/data";
import { PORTS } from "../../../config/ports";
import { snapshotCronJobSpec, type SnapshotBackup } from "./snapshot";
import { imageFrom, type Mirror } from "../../platform/image-mirror";

const UID = 1000;
const DATA_PATH = "/meili_data";
/** Where the scratch claim of snapshots is mounted, in the server and in the upload job. */
export const MEILI_SNAPSHOT_PATH = "/meili_snapshots";
/** [eng] Indexing may use two thirds of the pod memory; the rest serves searches. */
export const MEILI_INDEXING_MEMORY_SHARE = 2 / 3;
/** [eng] 03:00 UTC, after the ChromaDB snapshot. */
export const MEILI_SNAPSHOT_SCHEDULE = "0 3 * * *";

export interface MeilisearchArgs {
    readonly namespace: string;
    /** Object names in the cluster. @default "meilisearch" */
    readonly serviceName?: string;
    readonly plan: SingleWriterPlan;
    readonly storageClass: string;
    readonly placement: Placement;
    /** Generated master key (MEILI_MASTER_KEY); a Pulumi secret. */
    readonly masterKey: pulumi.Input<string>;
    readonly backup: SnapshotBackup;
    /** Protect the volume from deletion. @default false */
    readonly protect?: boolean;
    /** Issue 19: the air-gapped registry mirror (`devana:airgap`) every image is pulled from. @default undefined (the source registries) */
    readonly mirror?: Mirror;
    /** R-K8S distribution: on OpenShift the SCC assigns the pods' UID and fsGroup. @default "vanilla" */
    readonly distribution?: Distribution;
}

export function meiliNames(serviceName = "meilisearch"): { service: string; claim: string; snapshotClaim: string; keySecret: string; writerPod: string } {
    return {
        service: serviceName,
        claim: `${serviceName}-data`,
        snapshotClaim: `${serviceName}-snapshots`,
        keySecret: `${serviceName}-master-key`,
        writerPod: `${serviceName}-0`,
    };
}

/**
 * Size of the scratch claim of snapshots: the index volume's. A snapshot is a compressed copy of
 * the index (at most its size) and the job deletes it once uploaded, so one fits with margin.
 */
export function meiliSnapshotClaimGi(indexDiskGi: number): number {
    return indexDiskGi;
}

/** MEILI_MAX_INDEXING_MEMORY for a pod size, in bytes (the unit-free form Meilisearch always accepts). */
export function indexingMemory(memoryGi: number): string {
    return String(Math.floor(memoryGi * 1024 ** 3 * MEILI_INDEXING_MEMORY_SHARE));
}

export function meiliStatefulSetSpec(args: MeilisearchArgs): k8s.types.input.apps.v1.StatefulSetSpec {
    const names = meiliNames(args.serviceName);
    const labels = instanceLabels("meilisearch", names.service, "search");
    const probe = { httpGet: { path: "/health", port: PORTS.meilisearch } };
    return {
        serviceName: names.service,
        // Single writer: see config/sizing/data.ts and docs/data-tier.md.
        replicas: args.plan.writers,
        selector: { matchLabels: instanceSelector("meilisearch", names.service) },
        template: {
            metadata: { labels },
            spec: {
                securityContext: podSecurityContext(UID, args.distribution),
                ...placementSpec(args.placement),
                terminationGracePeriodSeconds: 60,
                containers: [
                    {
                        name: "meilisearch",
                        image: imageFrom(IMAGES.meilisearch, args.mirror?.registry),
                        ports: [{ name: "http", containerPort: PORTS.meilisearch }],
                        env: [
                            { name: "MEILI_ENV", value: "production" },
                            { name: "MEILI_NO_ANALYTICS", value: "true" },
                            { name: "MEILI_HTTP_ADDR", value: `0.0.0.0:${PORTS.meilisearch}` },
                            { name: "MEILI_DB_PATH", value: `${DATA_PATH}/data.ms` },
                            { name: "MEILI_SNAPSHOT_DIR", value: MEILI_SNAPSHOT_PATH },
                            { name: "MEILI_DUMP_DIR", value: `${DATA_PATH}/dumps` },
                            { name: "MEILI_MAX_INDEXING_MEMORY", value: indexingMemory(args.plan.memoryGi) },
                            { name: "MEILI_MASTER_KEY", valueFrom: { secretKeyRef: { name: names.keySecret, key: "masterKey" } } },
                        ],
                        resources: resourcesFor(args.plan),
                        securityContext: containerSecurityContext(),
                        volumeMounts: [
                            { name: "data", mountPath: DATA_PATH },
                            { name: "snapshots", mountPath: MEILI_SNAPSHOT_PATH },
                        ],
                        startupProbe: { ...probe, periodSeconds: 5, failureThreshold: 120 },
                        livenessProbe: { ...probe, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 },
                        readinessProbe: { ...probe, periodSeconds: 10, timeoutSeconds: 3 },
                    },
                ],
                volumes: [
                    { name: "data", persistentVolumeClaim: { claimName: names.claim } },
                    { name: "snapshots", persistentVolumeClaim: { claimName: names.snapshotClaim } },
                ],
            },
        },
    };
}

/** Asks Meilisearch for a snapshot and waits for the task (busybox wget of the rclone image). */
export function meiliSnapshotPrepare(url: string): string {
    return [
        'AUTH="Authorization: Bearer $MEILI_MASTER_KEY"',
        `TASK=$(wget -q -O - --header "$AUTH" --post-data '' "${url}/snapshots" | sed -n 's/.*"taskUid":\\([0-9]*\\).*/\\1/p')`,
        '[ -n "$TASK" ] || { echo "snapshot request refused"; exit 1; }',
        'STATUS=""',
        "for i in $(seq 1 720); do",
        `  STATUS=$(wget -q -O - --header "$AUTH" "${url}/tasks/$TASK" | sed -n 's/.*"status":"\\([a-z]*\\)".*/\\1/p')`,
        '  case "$STATUS" in succeeded) break ;; failed|canceled) echo "snapshot task $TASK $STATUS"; exit 1 ;; esac',
        "  sleep 5",
        "done",
        '[ "$STATUS" = succeeded ] || { echo "snapshot task $TASK did not finish"; exit 1; }',
    ].join("\n");
}

/** One Meilisearch writer with daily snapshots; pass the Kubernetes provider in opts. */
export class Meilisearch extends pulumi.ComponentResource {
    /** In-cluster URL (MEILI_HOST of the API). */
    public readonly url: string;
    /** Secret holding the master key under key `masterKey`. */
    public readonly masterKeySecretName: string;

    constructor(name: string, args: MeilisearchArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:data:Meilisearch", name, {}, opts);
        const names = meiliNames(args.serviceName);
        const ns = args.namespace;
        const labels = instanceLabels("meilisearch", names.service, "search");
        const protect = args.protect ?? false;
        const url = `http://${serviceHost(names.service, ns)}:${PORTS.meilisearch}`;

        const key = new k8s.core.v1.Secret(`${name}-master-key`, { metadata: { name: names.keySecret, namespace: ns, labels }, type: "Opaque", stringData: { masterKey: args.masterKey } }, { parent: this });
        const { claim, service } = writerVolumeAndService(this, name, {
            namespace: ns,
            labels,
            app: "meilisearch",
            serviceName: names.service,
            claimName: names.claim,
            port: PORTS.meilisearch,
            storageClass: args.storageClass,
            diskGi: args.plan.diskGi,
            protect,
        });
        // Scratch: not protected, its contents are in the object store once uploaded.
        const snapshotClaim = new k8s.core.v1.PersistentVolumeClaim(
            `${name}-snapshots`,
            { metadata: { name: names.snapshotClaim, namespace: ns, labels }, spec: volumeClaimSpec(args.storageClass, meiliSnapshotClaimGi(args.plan.diskGi)) },
            { parent: this },
        );
        new k8s.apps.v1.StatefulSet(`${name}-statefulset`, { metadata: { name: names.service, namespace: ns, labels }, spec: meiliStatefulSetSpec(args) }, { parent: this, dependsOn: [key, claim, snapshotClaim, service] });
        new k8s.batch.v1.CronJob(
            `${name}-snapshot`,
            {
                metadata: { name: `${names.service}-snapshot`, namespace: ns, labels },
                spec: snapshotCronJobSpec({
                    service: "meilisearch",
                    schedule: args.backup.schedule ?? MEILI_SNAPSHOT_SCHEDULE,
                    claimName: names.snapshotClaim,
                    writerPod: names.writerPod,
                    mountPath: MEILI_SNAPSHOT_PATH,
                    prepare: meiliSnapshotPrepare(url),
                    uploadPath: "*.snapshot",
                    uploadIsFile: true,
                    deleteAfterUpload: true,
                    env: [{ name: "MEILI_MASTER_KEY", valueFrom: { secretKeyRef: { name: names.keySecret, key: "masterKey" } } }],
                    location: args.backup.location,
                    retentionDays: args.backup.retentionDays,
                    caBundle: args.backup.caBundle,
                    uid: UID,
                    distribution: args.distribution,
                    mirror: args.mirror,
                    placement: args.placement,
                    serviceAccountName: args.backup.serviceAccountName,
                }),
            },
            { parent: this },
        );
        this.url = url;
        this.masterKeySecretName = names.keySecret;
        this.registerOutputs({ url: this.url, masterKeySecretName: this.masterKeySecretName });
    }
}
