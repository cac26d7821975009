/**
 * Application-consistent ChromaDB snapshots (issue 18, R-STO-BACKUP). Chroma keeps a SQLite
 * database with its WAL and HNSW index files side by side; copying them while Chroma writes gives
 * files from different moments that may not open together. So the daily job stops the single
 * writer for the time of a local copy:
 *
 * 1. `scale-down` (kubectl): the StatefulSet to 0 replicas, waiting until none is left;
 * 2. `wait-stopped` (kubectl): until the writer pod object is gone (its volume is released);
 * 3. `copy` (shell): the data volume, read-only, to an ephemeral scratch volume of the same class
 *    and size; it always exits 0 and leaves a marker only when the copy is complete;
 * 4. `scale-up` (kubectl): the StatefulSet back to its writers, whatever the copy did;
 * 5. `upload` (rclone): the scratch copy to the object store when the marker is there, else fails.
 *
 * The official kubectl image has no shell, so the "scale back up on failure" guarantee is the
 * container order instead of a shell trap: the only step between scale-down and scale-up cannot
 * fail the pod. Chroma is down for the copy only (a local disk-to-disk copy), not the upload.
 * A scale-down that does not finish within its timeout fails the pod with Chroma at 0: the Job's
 * retry scales it down (no-op), copies and scales it up; that is why the job only prefers the
 * writer's node (a required affinity to a pod that no longer exists could never schedule).
 *
 * The ServiceAccount may only read and scale this one StatefulSet and watch its writer pod.
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES } from "../../../config/versions";
import { backupCronJobSpec, rcloneEnv, workloadIdentityPodLabels, type BackupLocation, type JobSiteArgs } from "./backup-target";
import { containerSecurityContext, volumeClaimSpec } from "../../k8s/pod-spec";
import { snapshotScript, SNAPSHOT_DEADLINE_SECONDS } from "./snapshot";
import { imageFrom } from "../../platform/image-mirror";

/** `app.kubernetes.io/name` of the job's pods (the NetworkPolicy peer `chromaSnapshot`). */
export const CHROMA_SNAPSHOT_NAME = "chromadb-snapshot";
/** [eng] Chroma stops within its 60 s grace period; 10 min covers a slow volume detach. */
export const CHROMA_SCALE_TIMEOUT = "10m";
/** [eng] The copy gives up after this (seconds) so Chroma is never down longer than ~1 h. */
export const CHROMA_COPY_TIMEOUT_SECONDS = 3600;
/** Where the data volume (read-only) and the scratch copy are mounted in the job. */
export const CHROMA_SNAPSHOT_PATHS = { data: "/data", scratch: "/scratch" } as const;

export interface ChromaSnapshotArgs extends JobSiteArgs {
    readonly namespace: string;
    /** The Chroma StatefulSet (also its Service name). */
    readonly statefulSet: string;
    /** Its writer pod (`<statefulSet>-0`). */
    readonly writerPod: string;
    /** The data volume's claim. */
    readonly claimName: string;
    /** Replicas to scale back to (the plan's writers). */
    readonly replicas: number;
    /** Class and size of the scratch copy: the data volume's (an encrypting class, R-SEC-REST). */
    readonly storageClass: string;
    readonly diskGi: number;
    /** Five-field cron, UTC. */
    readonly schedule: string;
    readonly location: BackupLocation;
    readonly retentionDays: number;
    readonly uid: number;
    /** The job's ServiceAccount (the one the Role is bound to). */
    readonly serviceAccountName: string;
}

/** The Role's rules (pure): only what kubectl scale and kubectl wait need, on named objects. */
export function chromaSnapshotRules(statefulSet: string, writerPod: string): k8s.types.input.rbac.v1.PolicyRule[] {
    return [
        // kubectl scale reads the object before patching its scale subresource.
        { apiGroups: ["apps"], resources: ["statefulsets"], resourceNames: [statefulSet], verbs: ["get"] },
        { apiGroups: ["apps"], resources: ["statefulsets/scale"], resourceNames: [statefulSet], verbs: ["get", "patch"] },
        // kubectl wait --for=delete lists and watches with a metadata.name field selector, which resourceNames admits.
        { apiGroups: [""], resources: ["pods"], resourceNames: [writerPod], verbs: ["get", "list", "watch"] },
    ];
}

/** The copy step (pure): never fails the pod, so the scale-up after it always runs. */
export function chromaCopyScript(): string {
    const { data, scratch } = CHROMA_SNAPSHOT_PATHS;
    return [
        "set -u",
        `rm -rf ${scratch}/data ${scratch}/complete`,
        `mkdir -p ${scratch}/data`,
        `if timeout ${CHROMA_COPY_TIMEOUT_SECONDS} cp -a ${data}/. ${scratch}/data/; then`,
        `  touch ${scratch}/complete`,
        '  echo "copied while ChromaDB was stopped"',
        "else",
        '  echo "copy failed: ChromaDB is scaled back up, the upload will fail"',
        "fi",
        "exit 0",
    ].join("\n");
}

/** The upload step (pure): only a complete copy is uploaded. */
export function chromaUploadScript(args: Pick<ChromaSnapshotArgs, "location" | "retentionDays">): string {
    const { scratch } = CHROMA_SNAPSHOT_PATHS;
    return snapshotScript({
        service: "chromadb",
        mountPath: scratch,
        prepare: `[ -f ${scratch}/complete ] || { echo "no complete copy of ChromaDB to upload"; exit 1; }`,
        uploadPath: "data",
        uploadIsFile: false,
        location: args.location,
        retentionDays: args.retentionDays,
    });
}

/** The CronJob spec (pure). */
export function chromaSnapshotCronJobSpec(args: ChromaSnapshotArgs): k8s.types.input.batch.v1.CronJobSpec {
    const kubectl = imageFrom(IMAGES.kubectl, args.mirror?.registry);
    const rclone = imageFrom(IMAGES.rclone, args.mirror?.registry);
    const small = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } };
    // kubectl keeps its discovery cache under $HOME.
    const kubectlStep = (name: string, command: string[]): k8s.types.input.core.v1.Container => ({
        name,
        image: kubectl,
        command,
        env: [{ name: "HOME", value: "/tmp" }],
        resources: small,
        securityContext: containerSecurityContext(),
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
    });
    const scale = (replicas: number, wait: boolean): string[] => ["kubectl", "scale", `statefulset/${args.statefulSet}`, `--namespace=${args.namespace}`, `--replicas=${replicas}`, ...(wait ? [`--timeout=${CHROMA_SCALE_TIMEOUT}`] : [])];
    const { data, scratch } = CHROMA_SNAPSHOT_PATHS;
    return backupCronJobSpec({
        schedule: args.schedule,
        name: CHROMA_SNAPSHOT_NAME,
        activeDeadlineSeconds: SNAPSHOT_DEADLINE_SECONDS,
        podLabels: workloadIdentityPodLabels(args.location),
        uid: args.uid,
        site: args,
        serviceAccountName: args.serviceAccountName,
        automountServiceAccountToken: true,
        pod: {
            affinity: {
                podAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                        {
                            weight: 100,
                            podAffinityTerm: { labelSelector: { matchLabels: { "statefulset.kubernetes.io/pod-name": args.writerPod } }, topologyKey: "kubernetes.io/hostname" },
                        },
                    ],
                },
            },
            initContainers: [
                kubectlStep("scale-down", scale(0, true)),
                kubectlStep("wait-stopped", ["kubectl", "wait", "--for=delete", `pod/${args.writerPod}`, `--namespace=${args.namespace}`, `--timeout=${CHROMA_SCALE_TIMEOUT}`]),
                {
                    name: "copy",
                    image: rclone,
                    command: ["/bin/sh", "-c", chromaCopyScript()],
                    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
                    securityContext: containerSecurityContext(),
                    volumeMounts: [
                        { name: "data", mountPath: data, readOnly: true },
                        { name: "scratch", mountPath: scratch },
                    ],
                },
                kubectlStep("scale-up", scale(args.replicas, false)),
            ],
            containers: [
                {
                    name: "upload",
                    image: rclone,
                    command: ["/bin/sh", "-c", chromaUploadScript(args)],
                    env: rcloneEnv(args.location),
                    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
                    securityContext: containerSecurityContext(),
                    volumeMounts: [
                        { name: "scratch", mountPath: scratch, readOnly: true },
                        { name: "tmp", mountPath: "/tmp" },
                    ],
                },
            ],
            volumes: [
                { name: "data", persistentVolumeClaim: { claimName: args.claimName, readOnly: true } },
                // Deleted with the pod; the data volume's class keeps the copy encrypted at rest.
                { name: "scratch", ephemeral: { volumeClaimTemplate: { metadata: { labels: { "app.kubernetes.io/name": CHROMA_SNAPSHOT_NAME } }, spec: volumeClaimSpec(args.storageClass, args.diskGi) } } },
                { name: "tmp", emptyDir: {} },
            ],
        },
    });
}

export interface ChromaSnapshotJobArgs extends Omit<ChromaSnapshotArgs, "serviceAccountName"> {
    /** An existing ServiceAccount to bind (workload identity for the store). @default a new `<statefulSet>-snapshot` one */
    readonly serviceAccountName?: string;
    readonly labels: Readonly<Record<string, string>>;
}

/** Children of `parent`: `${name}-snapshot-sa` (unless one is given), `-snapshot-role`, `-snapshot-rolebinding`, `-snapshot`. */
export function chromaSnapshotJob(parent: pulumi.Resource, name: string, args: ChromaSnapshotJobArgs): void {
    // The CronJob keeps the name it had before the consistent copy (`chroma-snapshot`).
    const objectName = `${args.statefulSet}-snapshot`;
    const metadata = { name: objectName, namespace: args.namespace, labels: { ...args.labels } };
    const deps: pulumi.Resource[] = [];
    const serviceAccountName = args.serviceAccountName ?? objectName;
    if (args.serviceAccountName === undefined) {
        deps.push(new k8s.core.v1.ServiceAccount(`${name}-snapshot-sa`, { metadata }, { parent }));
    }
    const role = new k8s.rbac.v1.Role(`${name}-snapshot-role`, { metadata, rules: chromaSnapshotRules(args.statefulSet, args.writerPod) }, { parent });
    const binding = new k8s.rbac.v1.RoleBinding(
        `${name}-snapshot-rolebinding`,
        {
            metadata,
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: objectName },
            subjects: [{ kind: "ServiceAccount", name: serviceAccountName, namespace: args.namespace }],
        },
        { parent, dependsOn: [role] },
    );
    new k8s.batch.v1.CronJob(`${name}-snapshot`, { metadata, spec: chromaSnapshotCronJobSpec({ ...args, serviceAccountName }) }, { parent, dependsOn: [...deps, binding] });
}
