/**
 * On-prem object-store durability (R-STO-BACKUP "object store: geo-replication + weekly
 * snapshots"): the committed `onprem` stack with `devana:onprem.replication` and the replica keys,
 * evaluated once in-process (in-cluster SeaweedFS, internal CA), and the same with the customer's S3
 * endpoint through the plan CLI. It does not prove rclone reaches a real endpoint or that SeaweedFS
 * honours server-side copies: that needs a cluster.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, type PlannedResource } from "../../../scripts/lib/evaluate";
import { readStackFile, stackFilePath } from "../../../scripts/lib/stack-file";
import { IMAGES } from "../../../config/versions";
import type { DevanaConfig } from "../../../config/model";
import { flowMatrix, networkPeers } from "../../../components/devana/network-flows";
import { dataEndpointsFrom, matrixInput, onPremDataTier } from "../../../stacks/app";
import { derivePairs, effectivePairs, flowPairs, pairKey } from "../../support/netpol";
import { byName, evaluateOk, ofType, planVariant, stackConfig, writeStackFile } from "../../support/helpers";

const REPLICA = {
    endpoint: "https://s3.site-b.example.internal:9443",
    region: "site-b",
    filesBucket: "devana-files-replica",
    backupsBucket: "devana-backups-replica",
    forcePathStyle: true,
    schedule: "*/10 * * * *",
};

const KEY_ID = "AKIA-REPLICA-KEY-ID";

const SECRET_KEY = "replica-secret-access-key";

let resources: readonly PlannedResource[];

let config: DevanaConfig;

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };

type Container = {
    image: string;
    command: string[];
    args?: string[];
    env: Env[];
    resources: Record<string, Record<string, string>>;
    securityContext: Record<string, unknown>;
    volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
};

type CronSpec = {
    schedule: string;
    timeZone: string;
    concurrencyPolicy: string;
    jobTemplate: {
        spec: {
            activeDeadlineSeconds: number;
            template: { metadata: { labels: Record<string, string> }; spec: { securityContext: Record<string, unknown>; nodeSelector: Record<string, string>; containers: Container[]; volumes: Record<string, any>[] } };
        };
    };
};

const cron = (rs: readonly PlannedResource[], name: string): { meta: { name: string; namespace: string }; spec: CronSpec } => {
    const r = byName(rs, "kubernetes:batch/v1:CronJob", name);
    return { meta: r.inputs.metadata as { name: string; namespace: string }, spec: r.inputs.spec as CronSpec };
};

const envOf = (c: Container): Record<string, Env> => Object.fromEntries(c.env.map((e) => [e.name, e]));

beforeAll(async () => {
    const file = readStackFile(stackFilePath("onprem"));
    const onprem = JSON.parse(file.config["devana:onprem"]!) as Record<string, unknown>;
    const result = await evaluate({
        stack: "onprem-replication",
        config: {
            ...file.config,
            "devana:onprem": JSON.stringify({ ...onprem, replication: REPLICA }),
            "devana:backup": JSON.stringify({ weeklyRetentionDays: 120 }),
            "devana:replicaS3AccessKeyId": KEY_ID,
            "devana:replicaS3SecretAccessKey": SECRET_KEY,
        },
        secretKeys: [...file.secretKeys, "devana:replicaS3AccessKeyId", "devana:replicaS3SecretAccessKey"],
    });
    if (result.status !== "ok") {
        throw new Error(`evaluation failed: ${JSON.stringify(result.status === "config-error" ? result.issues : result.error)}`);
    }
    ({ resources, config } = result);
});

describe("onprem + replication: the replication CronJob", () => {
    it("is one ObjectReplication component with the replica keys' Secret and the CronJob", () => {
        const component = resources.find((r) => r.type === "devana:data:ObjectReplication");
        expect(component?.name).toBe("devana-object-replication");
        expect(
            resources
                .filter((r) => r.parent === component!.urn)
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
        ).toEqual(["kubernetes:batch/v1:CronJob devana-object-replication-cronjob", "kubernetes:core/v1:Secret devana-object-replication-credentials"]);
        const secret = byName(resources, "kubernetes:core/v1:Secret", "devana-object-replication-credentials");
        expect(secret.inputs.metadata).toMatchObject({ name: "object-replication-credentials", namespace: "devana-services" });
        expect(secret.inputs.stringData).toEqual({ ACCESS_KEY_ID: KEY_ID, ACCESS_SECRET_KEY: SECRET_KEY });
    });

    it("runs on the configured schedule, one run at a time, UTC, on the management pool (issue 20: backups live in Management), restricted", () => {
        const { meta, spec } = cron(resources, "devana-object-replication-cronjob");
        expect(meta).toMatchObject({ name: "object-replication", namespace: "devana-services" });
        expect(spec.schedule).toBe("*/10 * * * *");
        expect(spec.timeZone).toBe("Etc/UTC");
        expect(spec.concurrencyPolicy).toBe("Forbid");
        const pod = spec.jobTemplate.spec.template.spec;
        expect(spec.jobTemplate.spec.template.metadata.labels["app.kubernetes.io/name"]).toBe("object-replication");
        expect(pod.nodeSelector).toEqual({ "node.example.internal/pool": "management", "devana.ai/zone": "management" });
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } });
        const [c] = pod.containers;
        expect(c!.image).toBe(IMAGES.rclone);
        expect(c!.image).toMatch(/^rclone\/rclone:\d+\.\d+\.\d+$/);
        expect(c!.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, readOnlyRootFilesystem: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(c!.resources).toEqual({ requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "1Gi" } });
    });

    it("reads both remotes' keys from Secrets only; nothing secret in the command", () => {
        const [c] = cron(resources, "devana-object-replication-cronjob").spec.jobTemplate.spec.template.spec.containers;
        const env = envOf(c!);
        expect(env.RCLONE_CONFIG_REPLICA_ACCESS_KEY_ID!.valueFrom).toEqual({ secretKeyRef: { name: "object-replication-credentials", key: "ACCESS_KEY_ID" } });
        expect(env.RCLONE_CONFIG_REPLICA_SECRET_ACCESS_KEY!.valueFrom).toEqual({ secretKeyRef: { name: "object-replication-credentials", key: "ACCESS_SECRET_KEY" } });
        expect(env.RCLONE_CONFIG_STORE_ACCESS_KEY_ID!.valueFrom).toEqual({ secretKeyRef: { name: "object-store-credentials", key: "ACCESS_KEY_ID" } });
        expect(env.RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY!.valueFrom).toEqual({ secretKeyRef: { name: "object-store-credentials", key: "ACCESS_SECRET_KEY" } });
        expect(env.RCLONE_CONFIG_REPLICA_ENDPOINT!.value).toBe(REPLICA.endpoint);
        expect(env.RCLONE_CONFIG_REPLICA_REGION!.value).toBe("site-b");
        expect(env.RCLONE_CONFIG_REPLICA_FORCE_PATH_STYLE!.value).toBe("true");
        expect(env.RCLONE_CONFIG_STORE_ENDPOINT!.value).toBe("http://object-store.devana-services.svc.cluster.local:9000");
        const text = JSON.stringify([c!.command, c!.args ?? []]);
        expect(text).not.toContain(KEY_ID);
        expect(text).not.toContain(SECRET_KEY);
        expect(c!.env.filter((e) => e.value === KEY_ID || e.value === SECRET_KEY)).toEqual([]);
    });

    it("verifies the replica's certificate, trusting the internal CA on top of the system roots", () => {
        const pod = cron(resources, "devana-object-replication-cronjob").spec.jobTemplate.spec.template.spec;
        const [c] = pod.containers;
        expect(c!.command.join(" ")).not.toMatch(/no-check-certificate|--ca-cert|insecure/);
        expect(envOf(c!).SSL_CERT_DIR!.value).toBe("/etc/ssl/certs:/etc/devana/ca");
        expect(c!.volumeMounts).toContainEqual({ name: "devana-ca", mountPath: "/etc/devana/ca", readOnly: true });
        expect(pod.volumes).toContainEqual({ name: "devana-ca", configMap: { name: "devana-internal-ca", items: [{ key: "ca.crt", path: "ca.crt" }] } });
    });

    it("syncs each bucket into current/ of its replica bucket, keeping what it replaces under deleted/<stamp>/ for weeklyRetentionDays", () => {
        const [c] = cron(resources, "devana-object-replication-cronjob").spec.jobTemplate.spec.template.spec.containers;
        expect(c!.command.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
        const lines = c!.command[2]!.split("\n");
        const syncs = lines.filter((l) => l.startsWith("rclone sync "));
        expect(syncs.map((l) => l.split(" --checkers")[0])).toEqual([
            'rclone sync "store:devana-files" "replica:devana-files-replica/current" --backup-dir "replica:devana-files-replica/deleted/$STAMP"',
            'rclone sync "store:devana-backups" "replica:devana-backups-replica/current" --backup-dir "replica:devana-backups-replica/deleted/$STAMP"',
        ]);
        expect(lines.filter((l) => l.startsWith("prune "))).toEqual(['prune "replica:devana-files-replica/deleted"', 'prune "replica:devana-backups-replica/deleted"']);
        expect(lines).toContain('CUTOFF=$(date -u -d "@$((NOW - 120 * 86400))" +%Y%m%d)');
    });
});

describe("onprem + replication: NetworkPolicies", () => {
    it("allow exactly the matrix with the replication flows: the store and the replica endpoint's port", () => {
        const input = matrixInput(config, dataEndpointsFrom(config, onPremDataTier(config)));
        expect(input.replication).toEqual({ port: 9443 });
        const peers = networkPeers(input);
        const allowed = effectivePairs(derivePairs(resources, peers), peers);
        expect([...allowed].sort()).toEqual([...flowPairs(flowMatrix(input))].sort());
        expect([...allowed].filter((k) => k.startsWith("objectReplication ")).sort()).toEqual(
            [pairKey("objectReplication", "anyAddress", "TCP", 9443), pairKey("objectReplication", "objectStore", "TCP", 8333), pairKey("objectReplication", "objectStore", "TCP", 9000)].sort(),
        );
        const egress = byName(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "devana-network-policies-devana-services-object-replication-egress");
        expect((egress.inputs.metadata as { annotations: Record<string, string> }).annotations["devana.ai/flows"]).toBe("object-replication-object-store,object-replication-replica");
    });
});

describe("weekly snapshots of user files", () => {
    it("the committed onprem stack snapshots devana-files weekly into devana-backups/weekly/, kept 90 days, and replicates to its second site", async () => {
        const committed = (await evaluateOk("onprem")).resources;
        // Issue 18: a prod on-prem stack must copy its backups off the cluster.
        expect(committed.filter((r) => r.type === "devana:data:ObjectReplication").map((r) => r.name)).toEqual(["devana-object-replication"]);
        const { meta, spec } = cron(committed, "devana-object-store-files-snapshot");
        expect(meta).toMatchObject({ name: "files-snapshot", namespace: "devana-services" });
        expect(spec.schedule).toBe("0 4 * * 0");
        expect(spec.concurrencyPolicy).toBe("Forbid");
        const [c] = spec.jobTemplate.spec.template.spec.containers;
        const lines = c!.command[2]!.split("\n");
        expect(lines).toContain('ROOT="store:devana-backups/weekly"');
        expect(lines.find((l) => l.startsWith("rclone sync "))!.split(" --checkers")[0]).toBe('rclone sync "store:devana-files" "$ROOT/current" --backup-dir "$ROOT/changed/$NAME"');
        expect(lines).toContain('CUTOFF=$(date -u -d "@$((NOW - 90 * 86400))" +%Y%m%d)');
        expect(envOf(c!).RCLONE_CONFIG_STORE_ACCESS_KEY_ID!.valueFrom).toEqual({ secretKeyRef: { name: "object-store-credentials", key: "ACCESS_KEY_ID" } });
    });

    it("waits for the bucket Job and follows weeklyRetentionDays", () => {
        const snapshot = byName(resources, "kubernetes:batch/v1:CronJob", "devana-object-store-files-snapshot");
        const buckets = byName(resources, "kubernetes:batch/v1:Job", "devana-object-store-buckets");
        expect(snapshot.options.dependsOn).toContain(buckets.urn);
        expect((snapshot.inputs.spec as CronSpec).jobTemplate.spec.template.spec.containers[0]!.command[2]).toContain("NOW - 120 * 86400");
    });
});

describe("with the customer's S3 endpoint (plan CLI)", () => {
    it("snapshots and replicates from the external endpoint, egress only to its port and the replica's", async () => {
        const dir = mkdtempSync(join(tmpdir(), "devana-replication-"));
        const base = stackConfig("onprem");
        const onprem = base["devana:onprem"] as Record<string, unknown>;
        const path = writeStackFile(dir, "onprem", {
            ...base,
            "devana:onprem": {
                ...onprem,
                externalS3: { endpoint: "https://s3.site-a.example.internal", filesBucket: "files-a", backupsBucket: "backups-a" },
                replication: { ...REPLICA, schedule: undefined },
            },
            "devana:s3AccessKeyId": { secure: "v1:a" },
            "devana:s3SecretAccessKey": { secure: "v1:b" },
            "devana:replicaS3AccessKeyId": { secure: "v1:c" },
            "devana:replicaS3SecretAccessKey": { secure: "v1:d" },
        });
        const result = await planVariant(path);
        expect(result.status, result.stderr).toBe(0);
        const plan = JSON.parse(result.stdout) as { resources: PlannedResource[] };
        expect(ofType(plan.resources, "kubernetes:helm.sh/v4:Chart").some((r) => r.name === "devana-object-store-seaweedfs")).toBe(false);
        const replication = cron(plan.resources, "devana-object-replication-cronjob");
        expect(replication.spec.schedule).toBe("*/15 * * * *");
        const [c] = replication.spec.jobTemplate.spec.template.spec.containers;
        expect(envOf(c!).RCLONE_CONFIG_STORE_ENDPOINT!.value).toBe("https://s3.site-a.example.internal");
        expect(c!.command[2]).toContain('rclone sync "store:files-a" "replica:devana-files-replica/current"');
        const snapshot = cron(plan.resources, "devana-object-store-files-snapshot");
        expect(snapshot.spec.jobTemplate.spec.template.spec.containers[0]!.command[2]).toContain('ROOT="store:backups-a/weekly"');
        const egress = byName(plan.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "devana-network-policies-devana-services-object-replication-egress");
        const rules = (egress.inputs.spec as { egress: { to: { ipBlock?: { cidr: string } }[]; ports: { port: number }[] }[] }).egress;
        expect(
            rules
                .filter((r) => r.to[0]?.ipBlock?.cidr === "0.0.0.0/0")
                .map((r) => r.ports.map((p) => p.port))
                .flat()
                .sort(),
        ).toEqual([443, 9443]);
    });
});
