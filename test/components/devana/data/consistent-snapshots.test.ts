/**
 * Issue 18 (6), consistent snapshots (R-STO-BACKUP): the exact shape of the ChromaDB job (scale
 * down, copy to a scratch volume, scale up, upload), its RBAC, and Meilisearch's scratch claim of
 * snapshots, which the upload job mounts read-write and empties. The shell steps run under /bin/sh
 * with a fake rclone. It does not prove that kubectl's RBAC needs match a live API server, nor that
 * a copy restores: docs/data-tier.md has the restore drill.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromaCopyScript, chromaSnapshotCronJobSpec, chromaSnapshotRules, chromaUploadScript, CHROMA_COPY_TIMEOUT_SECONDS } from "../../../../components/devana/data/chroma-snapshot";
import { MEILI_SNAPSHOT_PATH, meiliNames, meiliSnapshotClaimGi, meiliStatefulSetSpec } from "../../../../components/devana/data/meilisearch";
import { snapshotCronJobSpec, snapshotScript } from "../../../../components/devana/data/snapshot";
import { dataPlan } from "../../../../config/sizing/data";
import { resolveSizing } from "../../../../config/tiers";
import { IMAGES } from "../../../../config/versions";
import { S3_BACKUPS } from "../../../support/backup-location";
import { FRESH_STAMP, runWithFakeRclone } from "../../../support/fake-rclone";

const s3 = S3_BACKUPS;
const placement = { nodeSelector: { pool: "data" }, tolerations: [] };

type Container = { name: string; image: string; command: string[]; volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[]; env?: { name: string }[] };
type PodSpec = {
    serviceAccountName: string;
    automountServiceAccountToken: boolean;
    initContainers: Container[];
    containers: Container[];
    volumes: Record<string, unknown>[];
    affinity: unknown;
};
const podOf = (spec: unknown): PodSpec => (spec as { jobTemplate: { spec: { template: { spec: PodSpec } } } }).jobTemplate.spec.template.spec;

describe("ChromaDB: a copy taken while ChromaDB is scaled down", () => {
    const spec = chromaSnapshotCronJobSpec({
        namespace: "devana-services",
        statefulSet: "chroma",
        writerPod: "chroma-0",
        claimName: "chroma-data",
        replicas: 1,
        storageClass: "fast-ssd",
        diskGi: 200,
        schedule: "30 2 * * *",
        location: s3,
        retentionDays: 30,
        uid: 1000,
        placement,
        serviceAccountName: "chroma-snapshot",
        mirror: { registry: "registry.example.internal/devana" },
    });
    const pod = podOf(spec);

    it("scales down, waits for the writer to go, copies, scales up, then uploads", () => {
        expect(pod.initContainers.map((c) => [c.name, c.image])).toEqual([
            ["scale-down", "registry.example.internal/devana/kubectl:v1.36.1"],
            ["wait-stopped", "registry.example.internal/devana/kubectl:v1.36.1"],
            ["copy", "registry.example.internal/devana/rclone/rclone:1.75.1"],
            ["scale-up", "registry.example.internal/devana/kubectl:v1.36.1"],
        ]);
        expect(pod.initContainers[0].command).toEqual(["kubectl", "scale", "statefulset/chroma", "--namespace=devana-services", "--replicas=0", "--timeout=10m"]);
        expect(pod.initContainers[1].command).toEqual(["kubectl", "wait", "--for=delete", "pod/chroma-0", "--namespace=devana-services", "--timeout=10m"]);
        expect(pod.initContainers[2].command).toEqual(["/bin/sh", "-c", chromaCopyScript()]);
        expect(pod.initContainers[3].command).toEqual(["kubectl", "scale", "statefulset/chroma", "--namespace=devana-services", "--replicas=1"]);
        expect(pod.containers.map((c) => [c.name, c.command])).toEqual([["upload", ["/bin/sh", "-c", chromaUploadScript({ location: s3, retentionDays: 30 })]]]);
        expect(IMAGES.kubectl).toBe("registry.k8s.io/kubectl:v1.36.1");
    });

    it("reads the data volume read-only and copies it to an ephemeral scratch volume of the data class and size", () => {
        expect(pod.initContainers[2].volumeMounts).toEqual([
            { name: "data", mountPath: "/data", readOnly: true },
            { name: "scratch", mountPath: "/scratch" },
        ]);
        expect(pod.containers[0].volumeMounts).toEqual([
            { name: "scratch", mountPath: "/scratch", readOnly: true },
            { name: "tmp", mountPath: "/tmp" },
        ]);
        expect(pod.volumes).toEqual([
            { name: "data", persistentVolumeClaim: { claimName: "chroma-data", readOnly: true } },
            {
                name: "scratch",
                ephemeral: {
                    volumeClaimTemplate: {
                        metadata: { labels: { "app.kubernetes.io/name": "chromadb-snapshot" } },
                        spec: { accessModes: ["ReadWriteOnce"], storageClassName: "fast-ssd", resources: { requests: { storage: "200Gi" } } },
                    },
                },
            },
            { name: "tmp", emptyDir: {} },
        ]);
    });

    it("runs as its own ServiceAccount with a token, preferring (not requiring) the writer's node", () => {
        expect(pod.serviceAccountName).toBe("chroma-snapshot");
        expect(pod.automountServiceAccountToken).toBe(true);
        // A retry after a failed scale-down must schedule although the writer pod is gone.
        expect(pod.affinity).toEqual({
            podAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { "statefulset.kubernetes.io/pod-name": "chroma-0" } }, topologyKey: "kubernetes.io/hostname" } }],
            },
        });
        expect(spec).toMatchObject({ schedule: "30 2 * * *", timeZone: "Etc/UTC", concurrencyPolicy: "Forbid" });
    });

    it("may only read and scale that one StatefulSet and watch its writer pod", () => {
        expect(chromaSnapshotRules("chroma", "chroma-0")).toEqual([
            { apiGroups: ["apps"], resources: ["statefulsets"], resourceNames: ["chroma"], verbs: ["get"] },
            { apiGroups: ["apps"], resources: ["statefulsets/scale"], resourceNames: ["chroma"], verbs: ["get", "patch"] },
            { apiGroups: [""], resources: ["pods"], resourceNames: ["chroma-0"], verbs: ["get", "list", "watch"] },
        ]);
    });

    const runCopy = (prepare: (dir: string) => void): { dir: string; status: number | null; stdout: string } => {
        const dir = mkdtempSync(join(tmpdir(), "devana-chroma-"));
        mkdirSync(join(dir, "data"));
        mkdirSync(join(dir, "scratch"));
        prepare(dir);
        const script = chromaCopyScript()
            .replaceAll("/scratch", join(dir, "scratch"))
            .replace("cp -a /data/.", `cp -a ${join(dir, "data")}/.`);
        const result = spawnSync("/bin/sh", ["-c", script], { encoding: "utf8" });
        return { dir, status: result.status, stdout: result.stdout };
    };

    it("a complete copy leaves the marker; a failed copy exits 0 all the same (the scale-up still runs)", () => {
        const ok = runCopy((dir) => writeFileSync(join(dir, "data", "chroma.sqlite3"), "db"));
        expect(ok.status).toBe(0);
        expect(readFileSync(join(ok.dir, "scratch", "data", "chroma.sqlite3"), "utf8")).toBe("db");
        expect(existsSync(join(ok.dir, "scratch", "complete"))).toBe(true);

        const failed = runCopy((dir) => spawnSync("rm", ["-rf", join(dir, "data")]));
        expect(failed.status).toBe(0);
        expect(failed.stdout).toContain("copy failed");
        expect(existsSync(join(failed.dir, "scratch", "complete"))).toBe(false);
        expect(chromaCopyScript()).toContain(`timeout ${CHROMA_COPY_TIMEOUT_SECONDS} cp -a /data/. /scratch/data/`);
    });

    it("uploads only a complete copy, under a stamp, and prunes by stamp", () => {
        const dir = mkdtempSync(join(tmpdir(), "devana-chroma-up-"));
        writeFileSync(join(dir, "complete"), "");
        const script = chromaUploadScript({ location: s3, retentionDays: 30 }).replaceAll("/scratch", dir);
        const calls = runWithFakeRclone(script, ["20200101T000000Z/", `${FRESH_STAMP}/`]);
        expect(calls.map((c) => (c.startsWith("copy ") ? c.replace(/\d{8}T\d{6}Z$/, "<stamp>") : c))).toEqual([
            `copy --checksum ${dir}/data store:devana-backups/chromadb/<stamp>`,
            "lsf store:devana-backups/chromadb",
            "purge store:devana-backups/chromadb/20200101T000000Z",
        ]);
        const refused = spawnSync("/bin/sh", ["-c", chromaUploadScript({ location: s3, retentionDays: 30 }).replaceAll("/scratch", mkdtempSync(join(tmpdir(), "devana-chroma-no-")))], { encoding: "utf8" });
        expect(refused.status).toBe(1);
        expect(refused.stdout).toContain("no complete copy of ChromaDB to upload");
    });
});

describe("Meilisearch: snapshots on their own scratch claim, deleted once uploaded", () => {
    const plan = dataPlan(resolveSizing("production")).meilisearch;
    const names = meiliNames();

    it("the server writes snapshots to the scratch claim, not the index volume", () => {
        const sts = meiliStatefulSetSpec({ namespace: "devana-services", plan, storageClass: "fast-ssd", placement, masterKey: "k", backup: { location: s3, retentionDays: 30 } });
        const container = (sts.template as { spec: { containers: { env: { name: string; value?: string }[]; volumeMounts: unknown[] }[]; volumes: unknown[] } }).spec.containers[0];
        expect(container.env.find((e) => e.name === "MEILI_SNAPSHOT_DIR")?.value).toBe("/meili_snapshots");
        expect(container.volumeMounts).toEqual([
            { name: "data", mountPath: "/meili_data" },
            { name: "snapshots", mountPath: "/meili_snapshots" },
        ]);
        expect((sts.template as { spec: { volumes: unknown[] } }).spec.volumes).toEqual([
            { name: "data", persistentVolumeClaim: { claimName: "meilisearch-data" } },
            { name: "snapshots", persistentVolumeClaim: { claimName: "meilisearch-snapshots" } },
        ]);
        expect(names.snapshotClaim).toBe("meilisearch-snapshots");
        expect(meiliSnapshotClaimGi(plan.diskGi)).toBe(plan.diskGi);
    });

    it("the upload job mounts the scratch claim read-write", () => {
        const pod = podOf(
            snapshotCronJobSpec({
                service: "meilisearch",
                schedule: "0 3 * * *",
                claimName: names.snapshotClaim,
                writerPod: names.writerPod,
                mountPath: MEILI_SNAPSHOT_PATH,
                uploadPath: "*.snapshot",
                uploadIsFile: true,
                deleteAfterUpload: true,
                location: s3,
                retentionDays: 30,
                uid: 1000,
                placement,
            }),
        );
        expect(pod.containers[0].volumeMounts).toEqual([
            { name: "data", mountPath: "/meili_snapshots", readOnly: false },
            { name: "tmp", mountPath: "/tmp" },
        ]);
        expect(pod.volumes[0]).toEqual({ name: "data", persistentVolumeClaim: { claimName: "meilisearch-snapshots", readOnly: false } });
    });

    it("uploads the newest snapshot and deletes it", () => {
        const dir = mkdtempSync(join(tmpdir(), "devana-meili-"));
        writeFileSync(join(dir, "data.ms.snapshot"), "snap");
        const script = snapshotScript({ service: "meilisearch", mountPath: dir, uploadPath: "*.snapshot", uploadIsFile: true, deleteAfterUpload: true, location: s3, retentionDays: 30 });
        const calls = runWithFakeRclone(script, []);
        expect(calls.map((c) => c.replace(/\/\d{8}T\d{6}Z\//, "/<stamp>/"))).toEqual([`copyto --checksum ${dir}/data.ms.snapshot store:devana-backups/meilisearch/<stamp>/data.ms.snapshot`, "lsf store:devana-backups/meilisearch"]);
        expect(existsSync(join(dir, "data.ms.snapshot"))).toBe(false);
    });

    it("refuses to delete a directory upload (the data itself)", () => {
        expect(() => snapshotScript({ service: "chromadb", mountPath: "/data", uploadPath: "", uploadIsFile: false, deleteAfterUpload: true, location: s3, retentionDays: 30 })).toThrow(
            "deleteAfterUpload needs uploadIsFile: a directory upload is the data itself",
        );
    });
});
