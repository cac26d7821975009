/**
 * Where backups go, as data: an S3 bucket (in-cluster SeaweedFS, the customer's S3 endpoint, AWS S3)
 * or an Azure Blob container, with static keys in a Kubernetes Secret or a workload identity.
 * Pure functions turn a location into the Barman Cloud `ObjectStore` configuration and into the
 * environment of the rclone snapshot jobs, so every target reuses the same data tier.
 */
import type * as k8s from "@pulumi/kubernetes";
import { type Placement, placementSpec } from "../../k8s/placement";
import { podSecurityContext } from "../../k8s/pod-spec";
import type { Distribution } from "../../../config/defaults";
import type { Mirror } from "../../platform/image-mirror";

/** Keys of the credentials Secret (the Barman Cloud documentation's names). */
export const CREDENTIAL_KEYS = {
    accessKeyId: "ACCESS_KEY_ID",
    secretAccessKey: "ACCESS_SECRET_KEY",
    storageAccount: "AZURE_STORAGE_ACCOUNT",
    storageKey: "AZURE_STORAGE_KEY",
} as const;

export type StoreAuth =
    /** A Secret in the data namespace holding the CREDENTIAL_KEYS of the store's kind. */
    | { readonly kind: "secret"; readonly secretName: string }
    /** IRSA / Entra workload identity: the pods' ServiceAccount carries these annotations. */
    | { readonly kind: "workloadIdentity"; readonly serviceAccountAnnotations: Readonly<Record<string, string>> };

export interface S3Location {
    readonly kind: "s3";
    /** S3 API URL; undefined for AWS S3 itself. */
    readonly endpoint?: string;
    readonly region: string;
    readonly bucket: string;
    /** Path-style addressing (SeaweedFS and most on-prem S3 endpoints need it). */
    readonly forcePathStyle: boolean;
    /** rclone provider name (`SeaweedFS`, `AWS`, `Other`). */
    readonly provider: "SeaweedFS" | "AWS" | "Other";
    /** Server-side encryption to request per object (AWS S3: AES256 or aws:kms). */
    readonly serverSideEncryption?: "AES256" | "aws:kms";
    readonly auth: StoreAuth;
}

export interface AzureBlobLocation {
    readonly kind: "azureBlob";
    readonly storageAccount: string;
    readonly container: string;
    readonly auth: StoreAuth;
}

export type BackupLocation = S3Location | AzureBlobLocation;

/** `s3://bucket/prefix` or `https://account.blob.core.windows.net/container/prefix`. */
export function destinationPath(location: BackupLocation, prefix: string): string {
    return location.kind === "s3" ? `s3://${location.bucket}/${prefix}` : `https://${location.storageAccount}.blob.core.windows.net/${location.container}/${prefix}`;
}

const secretRef = (auth: StoreAuth, key: string): { name: string; key: string } => {
    if (auth.kind !== "secret") {
        throw new Error("secretRef needs secret auth");
    }
    return { name: auth.secretName, key };
};

/** A key of a Secret holding PEM CA certificates. */
export interface CaSecretRef {
    readonly name: string;
    readonly key: string;
}

/** Name and key of the Secret copy of the customer's CAs in the data namespace (Barman Cloud's `endpointCA`). */
export const ENDPOINT_CA_SECRET: CaSecretRef = { name: "devana-s3-endpoint-ca", key: "ca.crt" };

/**
 * Whether the store's endpoint needs the customer's CAs (issue 18): an HTTPS S3 endpoint of the
 * customer's (not AWS S3, not the in-cluster store on plain HTTP) when `devana:tls.extraTrustedCAs`
 * is set. The program's internal root never signs a customer endpoint.
 */
export function endpointCaApplies(location: BackupLocation, extraTrustedCAs: string | undefined): boolean {
    return location.kind === "s3" && (location.endpoint?.startsWith("https://") ?? false) && (extraTrustedCAs?.trim() ?? "") !== "";
}

/** `barmancloud.cnpg.io/v1` ObjectStore `spec.configuration` for a location; `endpointCA` for an endpoint signed by the customer's CA. */
export function barmanConfiguration(location: BackupLocation, prefix: string, endpointCA?: CaSecretRef): Record<string, unknown> {
    // gzip keeps WAL small on the wire; parallel WAL upload keeps archiving ahead of bursts.
    const common = {
        destinationPath: destinationPath(location, prefix),
        wal: { compression: "gzip", maxParallel: 4 },
        data: { compression: "gzip", jobs: 2 },
    };
    if (location.kind === "s3") {
        const sse = location.serverSideEncryption;
        return {
            ...common,
            ...(location.endpoint ? { endpointURL: location.endpoint } : {}),
            ...(endpointCA ? { endpointCA: { name: endpointCA.name, key: endpointCA.key } } : {}),
            wal: { ...common.wal, ...(sse ? { encryption: sse } : {}) },
            data: { ...common.data, ...(sse ? { encryption: sse } : {}) },
            s3Credentials: location.auth.kind === "secret" ? { accessKeyId: secretRef(location.auth, CREDENTIAL_KEYS.accessKeyId), secretAccessKey: secretRef(location.auth, CREDENTIAL_KEYS.secretAccessKey) } : { inheritFromIAMRole: true },
        };
    }
    return {
        ...common,
        azureCredentials: location.auth.kind === "secret" ? { storageAccount: secretRef(location.auth, CREDENTIAL_KEYS.storageAccount), storageKey: secretRef(location.auth, CREDENTIAL_KEYS.storageKey) } : { inheritFromAzureAD: true },
    };
}

/** The rclone remote every job uses; configured through environment only. */
export const RCLONE_REMOTE = "store";

/** `store:bucket/prefix` for rclone. */
export function rclonePath(location: BackupLocation, prefix: string): string {
    return `${RCLONE_REMOTE}:${location.kind === "s3" ? location.bucket : location.container}/${prefix}`;
}

/** Environment that defines the rclone remote `store` for a location (credentials by Secret reference). */
export function rcloneEnv(location: BackupLocation): k8s.types.input.core.v1.EnvVar[] {
    const p = `RCLONE_CONFIG_${RCLONE_REMOTE.toUpperCase()}_`;
    const fromSecret = (name: string, key: string): k8s.types.input.core.v1.EnvVar => ({
        name,
        valueFrom: { secretKeyRef: secretRef(location.auth, key) },
    });
    // rclone wants a config file path; an absent file under the writable /tmp is fine.
    const env: k8s.types.input.core.v1.EnvVar[] = [{ name: "RCLONE_CONFIG", value: "/tmp/rclone.conf" }];
    if (location.kind === "s3") {
        env.push({ name: `${p}TYPE`, value: "s3" }, { name: `${p}PROVIDER`, value: location.provider }, { name: `${p}REGION`, value: location.region });
        if (location.endpoint) {
            env.push({ name: `${p}ENDPOINT`, value: location.endpoint });
        }
        if (location.forcePathStyle) {
            env.push({ name: `${p}FORCE_PATH_STYLE`, value: "true" });
        }
        if (location.serverSideEncryption) {
            env.push({ name: `${p}SERVER_SIDE_ENCRYPTION`, value: location.serverSideEncryption });
        }
        if (location.auth.kind === "secret") {
            env.push(fromSecret(`${p}ACCESS_KEY_ID`, CREDENTIAL_KEYS.accessKeyId), fromSecret(`${p}SECRET_ACCESS_KEY`, CREDENTIAL_KEYS.secretAccessKey));
        } else {
            env.push({ name: `${p}ENV_AUTH`, value: "true" });
        }
        return env;
    }
    env.push({ name: `${p}TYPE`, value: "azureblob" });
    if (location.auth.kind === "secret") {
        env.push(fromSecret(`${p}ACCOUNT`, CREDENTIAL_KEYS.storageAccount), fromSecret(`${p}KEY`, CREDENTIAL_KEYS.storageKey));
    } else {
        env.push({ name: `${p}ACCOUNT`, value: location.storageAccount }, { name: `${p}ENV_AUTH`, value: "true" });
    }
    return env;
}

/** ServiceAccount annotations a location needs (workload identity), else none. */
export function serviceAccountAnnotations(location: BackupLocation): Record<string, string> {
    return location.auth.kind === "workloadIdentity" ? { ...location.auth.serviceAccountAnnotations } : {};
}

/**
 * Pod labels a location needs: Entra workload identity injects its token only into pods labelled
 * `azure.workload.identity/use` (IRSA and Pod Identity need none).
 */
export function workloadIdentityPodLabels(location: BackupLocation): Record<string, string> {
    const annotations = serviceAccountAnnotations(location);
    return "azure.workload.identity/client-id" in annotations ? { "azure.workload.identity/use": "true" } : {};
}

/**
 * Shell prelude: `NOW`, `STAMP` (UTC, `YYYYMMDDTHHMMSSZ`), `CUTOFF` (the retention's first day,
 * `YYYYMMDD`) and `prune DIR`, which deletes the entries (folders or files) of DIR whose name
 * carries a stamp older than the cutoff. Entries without a stamp are left alone.
 */
export function stampAndPruneShell(retentionDays: number): string {
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
        throw new Error(`retention must be a whole number of days, got ${retentionDays}`);
    }
    return [
        "NOW=$(date -u +%s)",
        'STAMP=$(date -u -d "@$NOW" +%Y%m%dT%H%M%SZ)',
        `CUTOFF=$(date -u -d "@$((NOW - ${retentionDays} * 86400))" +%Y%m%d)`,
        "prune() {",
        '  { rclone lsf "$1" || true; } | while IFS= read -r entry; do',
        "    stamp=$(echo \"$entry\" | grep -oE '[0-9]{8}T[0-9]{6}Z' | head -n 1 || true)",
        '    [ -n "$stamp" ] || continue',
        '    if [ "${stamp%%T*}" -lt "$CUTOFF" ]; then',
        '      case "$entry" in',
        '        */) rclone purge "$1/${entry%/}" ;;',
        '        *) rclone deletefile "$1/$entry" ;;',
        "      esac",
        "    fi",
        "  done",
        "}",
    ].join("\n");
}

/** A job's pod spec without its restartPolicy (backupCronJobSpec sets it). */
export type JobPodSpec = Omit<k8s.types.input.core.v1.PodSpec, "restartPolicy">;

/** A ConfigMap key holding a PEM bundle (the internal root and the customer's CAs). */
export interface CaBundleRef {
    readonly configMap: string;
    readonly key: string;
}

/** Where the CA bundle is mounted in backup and copy jobs (rclone is Go: SSL_CERT_DIR adds it to the system roots). */
export const BACKUP_CA_DIR = "/etc/devana/ca";

/**
 * `pod` with the CA bundle mounted in every container and SSL_CERT_DIR naming it beside the system
 * roots (pure): the jobs then trust a customer's HTTPS S3 endpoint signed by their own CA (issue 18).
 */
export function withCaBundle(pod: JobPodSpec, ca: CaBundleRef): JobPodSpec {
    const trust = (c: k8s.types.input.core.v1.Container): k8s.types.input.core.v1.Container => ({
        ...c,
        env: [...((c.env as k8s.types.input.core.v1.EnvVar[] | undefined) ?? []), { name: "SSL_CERT_DIR", value: `/etc/ssl/certs:${BACKUP_CA_DIR}` }],
        volumeMounts: [...((c.volumeMounts as k8s.types.input.core.v1.VolumeMount[] | undefined) ?? []), { name: "devana-ca", mountPath: BACKUP_CA_DIR, readOnly: true }],
    });
    const containers = pod.containers as k8s.types.input.core.v1.Container[];
    const initContainers = pod.initContainers as k8s.types.input.core.v1.Container[] | undefined;
    return {
        ...pod,
        containers: containers.map(trust),
        ...(initContainers ? { initContainers: initContainers.map(trust) } : {}),
        volumes: [...((pod.volumes as k8s.types.input.core.v1.Volume[] | undefined) ?? []), { name: "devana-ca", configMap: { name: ca.configMap, items: [{ key: ca.key, path: ca.key }] } }],
    };
}

/** Where a backup or copy job's pod runs and what it trusts: the args every such job shares. */
export interface JobSiteArgs {
    /** The pool the job's pod runs on (its nodeSelector and tolerations). */
    readonly placement: Placement;
    /** R-K8S distribution: on OpenShift the SCC assigns the pod's UID and fsGroup. @default "vanilla" */
    readonly distribution?: Distribution;
    /** Issue 19: the air-gapped registry mirror (`devana:airgap`) every image is pulled from. @default undefined (the source registries) */
    readonly mirror?: Mirror;
    /** Issue 18: the CA bundle the job trusts beside the system roots (a customer's HTTPS S3 signed by their CA). @default none */
    readonly caBundle?: CaBundleRef;
}

export interface BackupCronJobInput {
    readonly schedule: string;
    /** `app.kubernetes.io/name` of the job's pods. */
    readonly name: string;
    /** Longest run before Kubernetes stops it. */
    readonly activeDeadlineSeconds: number;
    /** How late a missed run may still start. @default 3600 */
    readonly startingDeadlineSeconds?: number;
    /** Extra pod labels (workload identity). @default {} */
    readonly podLabels?: Readonly<Record<string, string>>;
    /** Non-root user of the pod (not pinned on OpenShift, whose SCC assigns one). */
    readonly uid: number;
    /** Pool, distribution and CA bundle of the pod (the job's args; the images, mirror included, are the caller's). */
    readonly site: Omit<JobSiteArgs, "mirror">;
    /** The pod's ServiceAccount (workload identity, the Chroma snapshot's Role). @default the namespace's default */
    readonly serviceAccountName?: string;
    /** Mount the ServiceAccount token (kubectl steps need it). @default unset (the ServiceAccount decides) */
    readonly automountServiceAccountToken?: boolean;
    /** The rest of the pod: restartPolicy, ServiceAccount, security context and placement are set here. */
    readonly pod: Omit<JobPodSpec, "serviceAccountName" | "automountServiceAccountToken" | "securityContext" | "nodeSelector" | "tolerations">;
}

/**
 * What every backup, snapshot and copy CronJob shares: UTC schedule, one run at a time (a long run
 * skips the next schedules instead of racing itself), two retries, three runs of history each way,
 * a pod that never restarts in place, runs as `uid` under the restricted profile on its pool, and
 * trusts the CA bundle when one is given.
 */
export function backupCronJobSpec(input: BackupCronJobInput): k8s.types.input.batch.v1.CronJobSpec {
    const pod: JobPodSpec = {
        ...(input.serviceAccountName !== undefined ? { serviceAccountName: input.serviceAccountName } : {}),
        ...(input.automountServiceAccountToken !== undefined ? { automountServiceAccountToken: input.automountServiceAccountToken } : {}),
        securityContext: podSecurityContext(input.uid, input.site.distribution),
        ...placementSpec(input.site.placement),
        ...input.pod,
    };
    return {
        schedule: input.schedule,
        timeZone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: input.startingDeadlineSeconds ?? 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
            spec: {
                backoffLimit: 2,
                activeDeadlineSeconds: input.activeDeadlineSeconds,
                template: {
                    metadata: { labels: { "app.kubernetes.io/name": input.name, "app.kubernetes.io/part-of": "devana", ...input.podLabels } },
                    spec: { restartPolicy: "Never", ...(input.site.caBundle ? withCaBundle(pod, input.site.caBundle) : pod) },
                },
            },
        },
    };
}
