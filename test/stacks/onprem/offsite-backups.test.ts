/**
 * Issue 18, R-STO-BACKUP for a site loss: the committed on-prem prod stack copies its backups to a
 * second site, with the replica keys from a Secret the customer's admin created (no Pulumi secret
 * in the committed file). What this does not prove: that the Secret exists or the site answers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { REPLICA_CREDENTIALS_SECRET } from "../../../components/devana/data/object-replication";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { byName, evaluateOk } from "../../support/helpers";

let resources: readonly PlannedResource[];
beforeAll(async () => {
    ({ resources } = await evaluateOk("onprem"));
});

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };

describe("onprem: backups leave the cluster", () => {
    it("runs the replication CronJob every 5 minutes to the second site", () => {
        const cron = byName(resources, "kubernetes:batch/v1:CronJob", "devana-object-replication-cronjob");
        const spec = cron.inputs.spec as { schedule: string; jobTemplate: { spec: { template: { spec: { containers: { env: Env[] }[] } } } } };
        expect(spec.schedule).toBe("*/5 * * * *");
        const env = Object.fromEntries(spec.jobTemplate.spec.template.spec.containers[0].env.map((e) => [e.name, e]));
        expect(env.RCLONE_CONFIG_REPLICA_ENDPOINT?.value).toBe("https://s3.site-b.example.internal");
        expect(env.RCLONE_CONFIG_REPLICA_ACCESS_KEY_ID?.valueFrom).toEqual({ secretKeyRef: { name: "devana-replica-s3", key: "ACCESS_KEY_ID" } });
        expect(env.RCLONE_CONFIG_REPLICA_SECRET_ACCESS_KEY?.valueFrom).toEqual({ secretKeyRef: { name: "devana-replica-s3", key: "ACCESS_SECRET_KEY" } });
    });

    it("creates no credentials Secret of its own when the customer's Secret is named", () => {
        const secrets = resources.filter((r) => r.type === "kubernetes:core/v1:Secret" && (r.inputs.metadata as { name?: string }).name === REPLICA_CREDENTIALS_SECRET);
        expect(secrets).toEqual([]);
    });
});
