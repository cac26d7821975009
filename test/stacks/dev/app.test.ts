/**
 * The committed `dev` stack (minimal tier on kind, cloud LLM, no GPU), evaluated once: no AI tier,
 * one pod of each workload without HPA, the cloud-scenario flow matrix (no LLM cluster; the API
 * and Odin reach the cloud APIs on 443 outside private ranges only). Does not prove that kind's
 * default CNI (kindnet) enforces NetworkPolicies: it does not; use Calico or Cilium to test them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import type { DevanaConfig } from "../../../config/model";
import { flowMatrix, networkPeers } from "../../../components/devana/network-flows";
import { dataEndpointsFrom, matrixInput, onPremDataTier } from "../../../stacks/app";
import { danglingPairs, derivePairs, effectivePairs, flowPairs, pairKey, R_NET_FW_CLOUD } from "../../support/netpol";

let resources: readonly PlannedResource[];
let config: DevanaConfig;

beforeAll(async () => {
    ({ resources, config } = await evaluateOk("dev"));
});

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } };
const podOf = (r: PlannedResource): { containers: { env: Env[] }[] } => (r.inputs.spec as { template: { spec: { containers: { env: Env[] }[] } } }).template.spec;

describe("dev: cloud scenario, minimal tier", () => {
    it("deploys no AI tier and no HPA; one pod of each workload plus the cron pod, nothing ignored", () => {
        expect(resources.filter((r) => r.type.startsWith("devana:ai:"))).toEqual([]);
        expect(ofType(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")).toEqual([]);
        for (const name of ["devana-api-deployment", "devana-api-cron-deployment", "devana-frontend-deployment", "devana-odin-deployment"]) {
            const d = byName(resources, "kubernetes:apps/v1:Deployment", name);
            expect((d.inputs.spec as { replicas: number }).replicas, name).toBe(1);
            expect(d.options.ignoreChanges, name).toEqual([]);
        }
    });

    it("NetworkPolicies allow exactly the cloud matrix: R-NET-FW without the LLM cluster, cloud APIs on 443 outside private ranges", () => {
        const input = matrixInput(config, dataEndpointsFrom(config, onPremDataTier(config)));
        const peers = networkPeers(input);
        const derived = derivePairs(resources, peers);
        const allowed = effectivePairs(derived, peers);
        expect(danglingPairs(derived, peers)).toEqual([]);
        expect([...derived.defaultDeny].sort()).toEqual(["devana-ai", "devana-dev", "devana-services"]);
        for (const flow of R_NET_FW_CLOUD) {
            expect(allowed, flow).toContain(flow);
        }
        expect([...allowed].sort()).toEqual([...flowPairs(flowMatrix(input))].sort());
        expect(allowed).toContain(pairKey("api", "internet", "TCP", 443));
        expect(allowed).toContain(pairKey("odin", "internet", "TCP", 443));
        expect([...allowed].filter((k) => k.includes("vllm"))).toEqual([]);
        // Redis is a single pod in minimal: no Sentinel or proxy flows.
        expect([...allowed].filter((k) => /redisSentinel|redisProxy/.test(k))).toEqual([]);
    });

    it("wires the cloud provider: EMBEDDING_JSON to OpenAI through the Secret, OPENAI_API_KEY optional while devana:llmApiKey is unset", () => {
        const api = podOf(byName(resources, "kubernetes:apps/v1:Deployment", "devana-api-deployment")).containers[0].env;
        const secret = ofType(resources, "kubernetes:core/v1:Secret").find((s) => (s.inputs.metadata as { name: string }).name === "devana-api-env");
        const data = secret?.inputs.stringData as Record<string, string>;
        // llmApiKey is unset: the embedding JSON (which carries it) is left out and referenced as optional.
        expect(data.EMBEDDING_JSON).toBeUndefined();
        expect(api.find((e) => e.name === "EMBEDDING_JSON")?.valueFrom?.secretKeyRef).toEqual({ name: "devana-api-env", key: "EMBEDDING_JSON", optional: true });
        expect(api.find((e) => e.name === "OPENAI_API_KEY")?.valueFrom?.secretKeyRef?.optional).toBe(true);
        expect(api.find((e) => e.name === "USE_ONLY_CUSTOM_MODEL")?.value).toBe("false");
        expect(api.find((e) => e.name === "API_URI")?.value).toBe("https://api.devana.localtest.me");
        expect(data.DATABASE_URL).toMatch(/^postgresql:\/\/devana:[^@]+@devana-pg-rw\.devana-services\.svc\.cluster\.local:5432\/devana\?schema=devana$/);
    });

    it("references the pre-existing pull Secret when devana:registryPassword is unset", () => {
        expect(ofType(resources, "kubernetes:core/v1:Secret").filter((s) => (s.inputs.metadata as { name: string }).name === "devana-registry")).toEqual([]);
        const pod = byName(resources, "kubernetes:apps/v1:Deployment", "devana-odin-deployment").inputs.spec as { template: { spec: { imagePullSecrets: { name: string }[] } } };
        expect(pod.template.spec.imagePullSecrets).toEqual([{ name: "devana-registry" }]);
    });
});
