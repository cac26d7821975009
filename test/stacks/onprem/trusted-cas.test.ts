/**
 * Issue 18: in a variant of the committed `onprem` stack, the customer's CAs
 * (`devana:tls.extraTrustedCAs`) are appended to the bundle Devana's pods trust (NODE_EXTRA_CA_CERTS)
 * and the replication job reads (SSL_CERT_DIR), and vLLM gets a combined bundle (system roots + the
 * customer's CAs) through SSL_CERT_FILE / REQUESTS_CA_BUNDLE; on the customer's HTTPS S3 endpoint
 * (plan CLI) Barman Cloud gets a Secret copy of the CAs as `endpointCA`. What this does not prove: that Node.js,
 * Python or rclone accept the certificate (the mock CA is not a real certificate), nor that the vLLM
 * image keeps its system bundle at /etc/ssl/certs/ca-certificates.crt.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, type PlannedResource } from "../../../scripts/lib/evaluate";
import { readStackFile, stackFilePath } from "../../../scripts/lib/stack-file";
import { byName, planVariant, stackConfig, writeStackFile } from "../../support/helpers";
import { CUSTOMER_CA } from "../../support/certificates";

describe("onprem with extraTrustedCAs: the bundle and its consumers", () => {
    let resources: readonly PlannedResource[];
    beforeAll(async () => {
        const file = readStackFile(stackFilePath("onprem"));
        const tls = { ...(JSON.parse(file.config["devana:tls"]!) as object), extraTrustedCAs: CUSTOMER_CA };
        const result = await evaluate({ stack: "onprem-extra-ca", config: { ...file.config, "devana:tls": JSON.stringify(tls) }, secretKeys: file.secretKeys });
        if (result.status !== "ok") {
            throw new Error(JSON.stringify(result.status === "config-error" ? result.issues : result.error));
        }
        ({ resources } = result);
    });

    type Pod = {
        initContainers?: { name: string; image: string; command: string[]; volumeMounts: unknown[] }[];
        containers: { name: string; env: { name: string; value?: string }[]; volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[] }[];
        volumes: { name: string }[];
    };

    it("gives vLLM the system roots plus the customer's CAs in one file (Python replaces the roots with SSL_CERT_FILE)", () => {
        const cm = byName(resources, "kubernetes:core/v1:ConfigMap", "devana-cert-manager-ca-bundle-devana-ai");
        expect(cm.inputs.metadata).toMatchObject({ name: "devana-internal-ca", namespace: "devana-ai" });
        for (const name of ["devana-llm-chat-statefulset", "devana-llm-embeddings-statefulset"]) {
            const pod = (byName(resources, "kubernetes:apps/v1:StatefulSet", name).inputs.spec as { template: { spec: Pod } }).template.spec;
            expect(pod.initContainers?.map((c) => c.name)).toEqual(["ca-bundle"]);
            expect(pod.initContainers![0]!.image).toBe("vllm/vllm-openai:v0.28.0");
            expect(pod.initContainers![0]!.command).toEqual(["/bin/sh", "-c", "set -eu; cat /etc/ssl/certs/ca-certificates.crt /etc/devana/ca/ca.crt > /etc/devana/trust/ca-bundle.crt"]);
            expect(pod.initContainers![0]!.volumeMounts).toEqual([
                { name: "customer-ca", mountPath: "/etc/devana/ca", readOnly: true },
                { name: "trust", mountPath: "/etc/devana/trust" },
            ]);
            const vllm = pod.containers[0]!;
            expect(vllm.env.filter((e) => ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"].includes(e.name))).toEqual([
                { name: "SSL_CERT_FILE", value: "/etc/devana/trust/ca-bundle.crt" },
                { name: "REQUESTS_CA_BUNDLE", value: "/etc/devana/trust/ca-bundle.crt" },
            ]);
            expect(vllm.volumeMounts).toContainEqual({ name: "trust", mountPath: "/etc/devana/trust", readOnly: true });
            expect(pod.volumes.filter((v) => ["customer-ca", "trust"].includes(v.name))).toEqual([
                { name: "customer-ca", configMap: { name: "devana-internal-ca", items: [{ key: "ca.crt", path: "ca.crt" }] } },
                { name: "trust", emptyDir: { sizeLimit: "16Mi" } },
            ]);
        }
    });

    it("gives Barman Cloud no endpointCA for the in-cluster store (plain HTTP inside the cluster)", () => {
        expect(resources.filter((r) => r.name === "devana-s3-endpoint-ca")).toEqual([]);
        const store = byName(resources, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "devana-postgres-backups");
        expect((store.inputs.spec as { configuration: Record<string, unknown> }).configuration.endpointCA).toBeUndefined();
    });

    it("puts the internal root and the customer's CA in the bundle of the app and data namespaces", () => {
        const root = (byName(resources, "kubernetes:core/v1:Secret", "devana-cert-manager-ca-keypair").inputs.stringData as Record<string, string>)["tls.crt"]!;
        for (const ns of ["devana-prod", "devana-services"]) {
            const cm = byName(resources, "kubernetes:core/v1:ConfigMap", `devana-cert-manager-ca-bundle-${ns}`);
            expect(cm.inputs.metadata).toMatchObject({ name: "devana-internal-ca", namespace: ns });
            expect(cm.inputs.data).toEqual({ "ca.crt": `${root.trim()}\n${CUSTOMER_CA}\n` });
        }
    });

    it("points NODE_EXTRA_CA_CERTS of the API, Odin and the Frontend at it", () => {
        for (const name of ["devana-api-deployment", "devana-odin-deployment", "devana-frontend-deployment"]) {
            const spec = byName(resources, "kubernetes:apps/v1:Deployment", name).inputs.spec as {
                template: { spec: { containers: { env: { name: string; value?: string }[] }[]; volumes: { name: string; configMap?: { name: string } }[] } };
            };
            const env = spec.template.spec.containers[0]!.env.find((e) => e.name === "NODE_EXTRA_CA_CERTS");
            expect(env?.value).toBe("/etc/devana/ca/ca.crt");
            expect(spec.template.spec.volumes.find((v) => v.name === "internal-ca")?.configMap?.name).toBe("devana-internal-ca");
        }
    });

    // Every rclone job of the data tier (snapshots, weekly file snapshots, replication) talks to S3
    // endpoints that may be the customer's, signed by their CA.
    it.each(["devana-object-replication-cronjob", "devana-chroma-snapshot", "devana-meilisearch-snapshot", "devana-object-store-files-snapshot"])(
        "lets the %s job trust it in every container (SSL_CERT_DIR over the mounted bundle)",
        (name) => {
            type Container = { name: string; env: { name: string; value?: string }[]; volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[] };
            const spec = byName(resources, "kubernetes:batch/v1:CronJob", name).inputs.spec as {
                jobTemplate: { spec: { template: { spec: { containers: Container[]; initContainers?: Container[]; volumes: { name: string; configMap?: { name: string; items: unknown[] } }[] } } } };
            };
            const pod = spec.jobTemplate.spec.template.spec;
            for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
                expect([c.name, c.env.filter((e) => e.name === "SSL_CERT_DIR")]).toEqual([c.name, [{ name: "SSL_CERT_DIR", value: "/etc/ssl/certs:/etc/devana/ca" }]]);
                expect(c.volumeMounts).toContainEqual({ name: "devana-ca", mountPath: "/etc/devana/ca", readOnly: true });
            }
            expect(pod.volumes.filter((v) => v.name === "devana-ca")).toEqual([{ name: "devana-ca", configMap: { name: "devana-internal-ca", items: [{ key: "ca.crt", path: "ca.crt" }] } }]);
        },
    );
});

describe("Barman Cloud's endpointCA for the customer's HTTPS S3 endpoint", () => {
    it("an on-prem stack on the customer's S3 copies the CAs into a Secret the ObjectStore names (plan CLI)", async () => {
        // A second configuration: in its own process (mock state is process-wide).
        const base = stackConfig("onprem");
        const path = writeStackFile(mkdtempSync(join(tmpdir(), "devana-endpoint-ca-")), "onprem", {
            ...base,
            "devana:tls": { ...(base["devana:tls"] as object), extraTrustedCAs: CUSTOMER_CA },
            "devana:onprem": { ...(base["devana:onprem"] as object), externalS3: { endpoint: "https://s3.site-a.example.internal", filesBucket: "files-a", backupsBucket: "backups-a" } },
            "devana:s3AccessKeyId": { secure: "v1:a" },
            "devana:s3SecretAccessKey": { secure: "v1:b" },
        });
        const result = await planVariant(path);
        expect(result.status, result.stderr).toBe(0);
        const planned = (JSON.parse(result.stdout) as { resources: PlannedResource[] }).resources;
        const secret = byName(planned, "kubernetes:core/v1:Secret", "devana-s3-endpoint-ca");
        expect(secret.inputs.metadata).toMatchObject({ name: "devana-s3-endpoint-ca", namespace: "devana-services" });
        // The plan redacts secret values: the content is proven by trustBundle above and its key here.
        expect(Object.keys(secret.inputs.stringData as object)).toEqual(["ca.crt"]);
        const store = byName(planned, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "devana-postgres-backups");
        expect((store.inputs.spec as { configuration: Record<string, unknown> }).configuration).toMatchObject({
            endpointURL: "https://s3.site-a.example.internal",
            endpointCA: { name: "devana-s3-endpoint-ca", key: "ca.crt" },
        });
    }, 120_000);
});
