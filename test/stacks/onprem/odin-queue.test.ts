/**
 * R-MON "Odin queue > 100": BullMQ keeps Odin's waiting jobs in Redis (queue `request`, prefix
 * `devana:odin`, devana-services.md); the Redis pods' redis_exporter reports those keys' sizes and
 * the alert reads exactly them. Does not prove BullMQ's key layout of a given Odin release.
 */
import { describe, expect, it } from "vitest";
import { odinQueueKeys } from "../../../components/devana/data/redis";
import { evaluateOk, ofType } from "../../support/helpers";

type Container = { name: string; env: { name: string; value?: string }[] };

describe("Odin queue depth", () => {
    it("names BullMQ's wait list and prioritized set of devana:odin:request", () => {
        expect(odinQueueKeys()).toEqual(["devana:odin:request:wait", "devana:odin:request:prioritized"]);
    });

    it("has every Redis pod's exporter read those keys, and the alert sum them per pod", async () => {
        const { resources } = await evaluateOk("onprem");
        const redis = ofType(resources, "kubernetes:apps/v1:StatefulSet").find((s) => (s.inputs.metadata as { name: string }).name === "redis-data");
        const exporter = (redis!.inputs.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers.find((c) => c.name === "metrics")!;
        expect(exporter.env.find((e) => e.name === "REDIS_EXPORTER_CHECK_SINGLE_KEYS")?.value).toBe("db0=devana:odin:request:wait,db0=devana:odin:request:prioritized");
        const rules = ofType(resources, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").flatMap((r) => (r.inputs.spec as { groups: { rules: { alert?: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules));
        expect(rules.find((r) => r.alert === "OdinQueueBacklog")?.expr).toBe('(max(sum by (pod) (redis_key_size{key=~"devana:odin:request:wait|devana:odin:request:prioritized"}))) > 100');
    });
});
