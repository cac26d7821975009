/**
 * PostgreSQL 17 (R-CMP-PG, port 5432) as a CloudNativePG `Cluster`: instances and size from R-SIZE,
 * on the data pool and `fast-ssd` (data and WAL on separate volumes), one database `devana` with the
 * schemas `devana` (API) and `odin` (Odin), each owned by its role with a generated password.
 * R-STO-BACKUP: WAL archived continuously through the Barman Cloud plugin with `archive_timeout`
 * at the configured RPO (<= 15 min), a daily base backup, retention from devana:backup.retentionDays.
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES } from "../../../config/versions";
import { placementSpec, type Placement } from "../../k8s/placement";
import { barmanConfiguration, serviceAccountAnnotations, workloadIdentityPodLabels, type BackupLocation, type CaSecretRef } from "./backup-target";
import { gi, resourcesFor, serviceHost } from "../../k8s/pod-spec";
import { instanceLabels } from "../../k8s/labels";
import type { PostgresPlan } from "../../../config/sizing/data";
import { PORTS } from "../../../config/ports";
import { imageFrom, type Mirror } from "../../platform/image-mirror";

export const BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";
export const DATABASE = "devana";
/** devana-services.md: one database, a schema (and role) per service. */
export const ROLES = { api: "devana", odin: "odin" } as const;
/** devana-services.md: the vendor's tuning example. */
export const MAX_CONNECTIONS = 1000;
/** [eng] Daily base backup at 02:00 UTC (CloudNativePG cron has a seconds field). */
export const BASE_BACKUP_SCHEDULE = "0 0 2 * * *";

export interface PostgresArgs {
    readonly namespace: string;
    /** Cluster name (services `<name>-rw`, `<name>-ro`). @default "devana-pg" */
    readonly clusterName?: string;
    readonly plan: PostgresPlan;
    readonly storageClass: string;
    readonly placement: Placement;
    /** Generated passwords of the two roles; Pulumi secrets. */
    readonly passwords: { readonly api: pulumi.Input<string>; readonly odin: pulumi.Input<string> };
    readonly backup: {
        readonly location: BackupLocation;
        /** WAL switch at least this often: the RPO bound (R-STO-BACKUP). */
        readonly rpoMinutes: number;
        /** Issue 18: the Secret key with the CAs of an HTTPS endpoint signed by the customer (Barman Cloud `endpointCA`). @default undefined (system roots) */
        readonly endpointCA?: CaSecretRef;
        readonly retentionDays: number;
        /** Six-field cron (seconds first), UTC. @default BASE_BACKUP_SCHEDULE */
        readonly schedule?: string;
    };
    /**
     * Recover from the backups (point in time) instead of an empty initdb; the restored cluster
     * archives to `archiveAs` so it never writes into the backups it reads. @default undefined
     */
    readonly restore?: { readonly sourceServerName: string; readonly targetTime?: string; readonly archiveAs: string };
    /** Operator and plugin releases to wait for. @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /** Issue 19: the air-gapped registry mirror (`devana:airgap`) every image is pulled from. @default undefined (the source registries) */
    readonly mirror?: Mirror;
    /** Protect the Cluster (its volumes go with it). @default false */
    readonly protect?: boolean;
}

export function postgresNames(clusterName = "devana-pg"): { cluster: string; objectStore: string; backup: string; apiSecret: string; odinSecret: string } {
    return {
        cluster: clusterName,
        objectStore: `${clusterName}-backups`,
        backup: `${clusterName}-daily`,
        apiSecret: `${clusterName}-${ROLES.api}`,
        odinSecret: `${clusterName}-${ROLES.odin}`,
    };
}

/** PostgreSQL parameters: RPO through archive_timeout, memory from the pod size. */
export function postgresParameters(plan: PostgresPlan, rpoMinutes: number): Record<string, string> {
    const mb = Math.floor(plan.memoryGi * 1024);
    return {
        // R-STO-BACKUP: a WAL segment is closed and archived at least every rpoMinutes.
        archive_timeout: `${rpoMinutes}min`,
        max_connections: String(MAX_CONNECTIONS),
        shared_buffers: `${Math.floor(mb / 4)}MB`,
        effective_cache_size: `${Math.floor((mb * 3) / 4)}MB`,
        maintenance_work_mem: `${Math.min(2048, Math.floor(mb / 16))}MB`,
        // R-MON: slow queries > 1 s are logged for the alert and for diagnosis.
        log_min_duration_statement: "1000",
    };
}

/** Runs once in the new database as superuser: the odin role (its password comes from managed roles) and the schemas. */
export const POST_INIT_SQL = [
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLES.odin}') THEN CREATE ROLE ${ROLES.odin} LOGIN; END IF; END $$`,
    `CREATE SCHEMA IF NOT EXISTS ${ROLES.api} AUTHORIZATION ${ROLES.api}`,
    `CREATE SCHEMA IF NOT EXISTS ${ROLES.odin} AUTHORIZATION ${ROLES.odin}`,
];

/** `bootstrap` and `externalClusters`: initdb, or recovery from the Barman Cloud archive (PITR). */
export function bootstrapSpec(args: PostgresArgs): Record<string, unknown> {
    const names = postgresNames(args.clusterName);
    const restore = args.restore;
    if (!restore) {
        return {
            bootstrap: {
                initdb: {
                    database: DATABASE,
                    owner: ROLES.api,
                    secret: { name: names.apiSecret },
                    dataChecksums: true,
                    postInitApplicationSQL: POST_INIT_SQL,
                },
            },
        };
    }
    return {
        bootstrap: {
            recovery: {
                source: "origin",
                // Roles and schemas come back with the data; the owner's password is reset to the current secret.
                database: DATABASE,
                owner: ROLES.api,
                secret: { name: names.apiSecret },
                ...(restore.targetTime ? { recoveryTarget: { targetTime: restore.targetTime } } : {}),
            },
        },
        externalClusters: [{ name: "origin", plugin: { name: BARMAN_PLUGIN, parameters: { barmanObjectName: names.objectStore, serverName: restore.sourceServerName } } }],
    };
}

/** The Kubernetes provider's await annotations for the Cluster (bootstrap or PITR can take long). */
export const CLUSTER_AWAIT_ANNOTATIONS = { "pulumi.com/waitFor": "condition=Ready", "pulumi.com/timeoutSeconds": "3600" } as const;

export function clusterSpec(args: PostgresArgs): Record<string, unknown> {
    const names = postgresNames(args.clusterName);
    const plan = args.plan;
    const annotations = serviceAccountAnnotations(args.backup.location);
    const podLabels = workloadIdentityPodLabels(args.backup.location);
    return {
        instances: plan.instances,
        imageName: imageFrom(IMAGES.postgresql, args.mirror?.registry),
        // Switchover to a replica before restarting the primary, without waiting for a human.
        primaryUpdateStrategy: "unsupervised",
        enableSuperuserAccess: false,
        postgresql: { parameters: postgresParameters(plan, args.backup.rpoMinutes) },
        ...bootstrapSpec(args),
        managed: {
            roles: [{ name: ROLES.odin, ensure: "present", login: true, inherit: true, passwordSecret: { name: names.odinSecret } }],
        },
        storage: { storageClass: args.storageClass, size: gi(plan.diskGi) },
        walStorage: { storageClass: args.storageClass, size: gi(plan.walDiskGi) },
        resources: resourcesFor(plan),
        affinity: {
            ...placementSpec(args.placement),
            enablePodAntiAffinity: true,
            topologyKey: "kubernetes.io/hostname",
            // Replicas on distinct nodes, or a node loss takes the primary and its replica together.
            podAntiAffinityType: plan.spreadRequired ? "required" : "preferred",
        },
        plugins: [
            {
                name: BARMAN_PLUGIN,
                isWALArchiver: true,
                parameters: { barmanObjectName: names.objectStore, ...(args.restore ? { serverName: args.restore.archiveAs } : {}) },
            },
        ],
        ...(Object.keys(annotations).length > 0 ? { serviceAccountTemplate: { metadata: { annotations } } } : {}),
        // CloudNativePG copies inherited labels onto its pods (workload identity needs one on Azure).
        ...(Object.keys(podLabels).length > 0 ? { inheritedMetadata: { labels: podLabels } } : {}),
    };
}

export function objectStoreSpec(args: PostgresArgs): Record<string, unknown> {
    return {
        configuration: barmanConfiguration(args.backup.location, "postgresql", args.backup.endpointCA),
        // Base backups and the WAL needed to restore them are kept this long (recovery window).
        retentionPolicy: `${args.backup.retentionDays}d`,
    };
}

export function scheduledBackupSpec(args: PostgresArgs): Record<string, unknown> {
    const names = postgresNames(args.clusterName);
    return {
        schedule: args.backup.schedule ?? BASE_BACKUP_SCHEDULE,
        // A first backup right away: PITR needs a base backup before the first schedule.
        immediate: true,
        backupOwnerReference: "self",
        cluster: { name: names.cluster },
        method: "plugin",
        pluginConfiguration: { name: BARMAN_PLUGIN },
        // Read the base backup from a replica when there is one.
        target: "prefer-standby",
    };
}

/** The Devana database cluster with continuous backup; pass the Kubernetes provider in opts. */
export class Postgres extends pulumi.ComponentResource {
    /** Read-write service host (the primary). */
    public readonly host: string;
    /** Read-only service host (replicas). */
    public readonly readOnlyHost: string;
    public readonly port: number;
    public readonly database: string;
    /** basic-auth Secrets (username/password) of the API and Odin roles. */
    public readonly secrets: { readonly api: string; readonly odin: string };

    constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:data:Postgres", name, {}, opts);
        const names = postgresNames(args.clusterName);
        const ns = args.namespace;
        const labels = instanceLabels("postgresql", names.cluster, "database");
        const protect = args.protect ?? false;
        const roleSecret = (suffix: string, secretName: string, username: string, password: pulumi.Input<string>): k8s.core.v1.Secret =>
            new k8s.core.v1.Secret(
                `${name}-${suffix}`,
                // CloudNativePG reads basic-auth Secrets; the label lets it reload changed passwords.
                { metadata: { name: secretName, namespace: ns, labels: { ...labels, "cnpg.io/reload": "true" } }, type: "kubernetes.io/basic-auth", stringData: { username, password } },
                { parent: this },
            );
        const apiSecret = roleSecret("role-devana", names.apiSecret, ROLES.api, args.passwords.api);
        const odinSecret = roleSecret("role-odin", names.odinSecret, ROLES.odin, args.passwords.odin);
        const dependsOn = [...(args.dependsOn ?? [])];

        const store = new k8s.apiextensions.CustomResource(
            `${name}-backups`,
            { apiVersion: "barmancloud.cnpg.io/v1", kind: "ObjectStore", metadata: { name: names.objectStore, namespace: ns, labels }, spec: objectStoreSpec(args) },
            { parent: this, dependsOn },
        );
        const cluster = new k8s.apiextensions.CustomResource(
            `${name}-cluster`,
            {
                apiVersion: "postgresql.cnpg.io/v1",
                kind: "Cluster",
                // Pulumi waits until CloudNativePG reports the cluster Ready, so the API's migrations
                // and the first backup never start against a bootstrapping database.
                metadata: { name: names.cluster, namespace: ns, labels, annotations: CLUSTER_AWAIT_ANNOTATIONS },
                spec: clusterSpec(args),
            },
            { parent: this, dependsOn: [...dependsOn, store, apiSecret, odinSecret], protect },
        );
        new k8s.apiextensions.CustomResource(
            `${name}-daily`,
            { apiVersion: "postgresql.cnpg.io/v1", kind: "ScheduledBackup", metadata: { name: names.backup, namespace: ns, labels }, spec: scheduledBackupSpec(args) },
            { parent: this, dependsOn: [cluster] },
        );
        this.host = serviceHost(`${names.cluster}-rw`, ns);
        this.readOnlyHost = serviceHost(`${names.cluster}-ro`, ns);
        this.port = PORTS.postgres;
        this.database = DATABASE;
        this.secrets = { api: names.apiSecret, odin: names.odinSecret };
        this.registerOutputs({ host: this.host, readOnlyHost: this.readOnlyHost, port: this.port, database: this.database, secrets: this.secrets });
    }
}
