/**
 * The committed `onprem` stack (production tier, self-hosted Llama 3.3 70B and e5 embeddings,
 * LDAP SSO, internal CA, in-cluster SeaweedFS), evaluated once under mocks:
 * - the NetworkPolicies it emits, read back into (source, destination, port) pairs, are exactly
 *   the documented matrix and contain every R-NET-FW flow;
 * - API, Frontend and Odin receive every required variable, each endpoint resolving to a Service
 *   (or CloudNativePG Cluster) this program creates, and no secret as a plain value;
 * - the AI tier's GPUs, placement and cache; the workloads' HPA, PDB, spread and security.
 * It does not prove that a CNI enforces the policies, nor that the vendor images read these
 * variables (names are checked against devana-services.md, not against Devana's code).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { byName, evaluateOk, ofType, REPO_ROOT } from "../../support/helpers";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import type { DevanaConfig } from "../../../config/model";
import { CHAT_MODELS } from "../../../config/models";
import { flowMatrix, networkPeers } from "../../../components/devana/network-flows";
import { appDesign, dataEndpointsFrom, matrixInput, onPremDataTier } from "../../../stacks/app";
import { danglingPairs, derivePairs, documentedFlows, effectivePairs, flowPairs, portsCell, R_NET_FW_SELF_HOSTED } from "../../support/netpol";
import { modelPath, schemaErrors } from "../../support/k8s-schema";

let resources: readonly PlannedResource[];
let config: DevanaConfig;
let secretValues: ReadonlySet<string>;

beforeAll(async () => {
    ({ resources, config, secretValues } = await evaluateOk("onprem"));
});

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } };
type Container = {
    name: string;
    image: string;
    env?: Env[];
    ports?: { name: string; containerPort: number }[];
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    args?: string[];
    securityContext?: Record<string, unknown>;
};
type PodSpec = {
    containers: Container[];
    imagePullSecrets?: { name: string }[];
    securityContext?: Record<string, unknown>;
    topologySpreadConstraints?: { topologyKey: string }[];
    nodeSelector?: Record<string, string>;
    tolerations?: { key?: string; effect?: string }[];
    volumes?: { name: string; configMap?: { name: string }; emptyDir?: { medium?: string } }[];
};
const podOf = (r: PlannedResource): PodSpec => (r.inputs.spec as { template: { spec: PodSpec } }).template.spec;
const meta = (r: PlannedResource): { name: string; namespace: string } => r.inputs.metadata as { name: string; namespace: string };

describe("onprem: NetworkPolicies", () => {
    it("default-deny ingress and egress in every Devana namespace", () => {
        const derived = derivePairs(resources, networkPeers(matrixInput(config, dataEndpointsFrom(config, onPremDataTier(config)))));
        expect([...derived.defaultDeny].sort()).toEqual(["devana-ai", "devana-prod", "devana-services"]);
    });

    it("allow exactly the matrix, including every R-NET-FW flow, and nothing else", () => {
        const input = matrixInput(config, dataEndpointsFrom(config, onPremDataTier(config)));
        const peers = networkPeers(input);
        const derived = derivePairs(resources, peers);
        const allowed = effectivePairs(derived, peers);
        expect(danglingPairs(derived, peers)).toEqual([]);
        for (const flow of R_NET_FW_SELF_HOSTED) {
            expect(allowed, flow).toContain(flow);
        }
        expect([...allowed].sort()).toEqual([...flowPairs(flowMatrix(input))].sort());
    });

    it("deny what R-NET-FW denies: nothing else reaches the Frontend, Odin or the chat model; the Frontend reaches only the API and DNS", () => {
        const peers = networkPeers(matrixInput(config, dataEndpointsFrom(config, onPremDataTier(config))));
        const allowed = [...effectivePairs(derivePairs(resources, peers), peers)];
        expect(allowed.filter((k) => / -> frontend /.test(k)).map((k) => k.split(" ")[0])).toEqual(["gateway"]);
        expect(new Set(allowed.filter((k) => / -> vllmChat /.test(k)).map((k) => k.split(" ")[0]))).toEqual(new Set(["api"]));
        expect(new Set(allowed.filter((k) => k.startsWith("frontend ")).map((k) => k.split(" ")[2]))).toEqual(new Set(["api"]));
        expect(new Set(allowed.filter((k) => / -> postgresql /.test(k)).map((k) => k.split(" ")[0]))).toEqual(new Set(["api", "odin", "postgresql", "cnpgOperator"]));
    });

    it("every flow is documented in docs/app-tier.md with the same peers and ports", () => {
        const doc = documentedFlows(readFileSync(join(REPO_ROOT, "docs/app-tier.md"), "utf8"));
        for (const flow of flowMatrix(matrixInput(config, dataEndpointsFrom(config, onPremDataTier(config))))) {
            expect(doc.get(flow.id), flow.id).toEqual({ from: flow.from, to: flow.to, ports: portsCell(flow) });
        }
    });
});

describe("onprem: environment wiring", () => {
    const deployment = (name: string): PlannedResource => byName(resources, "kubernetes:apps/v1:Deployment", name);
    const envOf = (name: string): Env[] => podOf(deployment(name)).containers[0].env ?? [];
    const REQUIRED = {
        "devana-api-deployment": [
            "NODE_ENV",
            "PORT",
            "WS_PORT",
            "API_URI",
            "CLIENT_URI",
            "LICENCE",
            "RUN_CRON",
            "MEMORY_THRESHOLD_MB",
            "CHECKPOINT_DISABLE",
            "JWT_SECRET_KEY",
            "DATABASE_URL",
            "REDIS_HOST",
            "REDIS_PORT",
            "REDIS_PASSWORD",
            "CHROMA_HOST",
            "CHROMA_API_KEY",
            "MEILI_HOST",
            "MEILI_MASTER_KEY",
            "ODIN_API_URL",
            "CLOUD_BUCKET_NAME",
            "AWS_S3_ACCESS_KEY_ID",
            "AWS_S3_SECRET_ACCESS_KEY",
            "AWS_S3_ENDPOINT",
            "AWS_S3_REGION",
            "EMBEDDING_JSON",
            "USE_ONLY_CUSTOM_MODEL",
            "LDAP_URL",
            "LDAP_BIND_DN",
            "LDAP_BIND_CREDENTIALS",
            "LDAP_SEARCH_BASE",
            "LDAP_SEARCH_FILTER",
            "NODE_EXTRA_CA_CERTS",
        ],
        "devana-frontend-deployment": ["API_URL", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "JWT_SECRET_KEY", "NODE_ENV", "NEXT_PUBLIC_SSO_API_URL", "NODE_EXTRA_CA_CERTS"],
        "devana-odin-deployment": [
            "DATABASE_URL",
            "REDIS_HOST",
            "REDIS_PORT",
            "REDIS_PASSWORD",
            "CONCURRENCY_QUEUE",
            "S3_BUCKET",
            "S3_ACCESS_KEY",
            "S3_SECRET_KEY",
            "S3_ENDPOINT",
            "S3_REGION",
            "DEVANA_API_URL",
            "GOTENBERG_URL",
            "NODE_EXTRA_CA_CERTS",
            "MAX_PAGES_PARALLEL",
            "MAX_VISION_CONCURRENT",
            "CHUNK_SIZE",
            "MAX_RETRY_ATTEMPTS",
            "EMBEDDING_JSON",
        ],
    } as const;
    const SECRET_VARIABLES =
        /^(LICENCE|JWT_SECRET_KEY|DATABASE_URL|REDIS_PASSWORD|CHROMA_API_KEY|MEILI_MASTER_KEY|NEXTAUTH_SECRET|EMBEDDING_JSON|LLM_API_KEY|.*_(API_KEY|SECRET|SECRET_KEY|ACCESS_KEY|ACCESS_KEY_ID|SECRET_ACCESS_KEY|CREDENTIALS|ACCOUNT_KEY))$/;

    /** The value of a variable: plain, or read from the Secret the program creates (mocks record inputs in clear). */
    const valueOf = (env: Env, namespace: string): string | undefined => {
        if (env.value !== undefined) {
            return env.value;
        }
        const ref = env.valueFrom?.secretKeyRef;
        if (!ref) {
            return undefined;
        }
        const secret = ofType(resources, "kubernetes:core/v1:Secret").find((s) => meta(s).name === ref.name && meta(s).namespace === namespace);
        return (secret?.inputs.stringData as Record<string, string> | undefined)?.[ref.key];
    };

    /** A `<service>.<namespace>.svc.cluster.local:<port>` the plan creates (a Service, or a CloudNativePG Cluster's `-rw` Service). */
    const resolves = (host: string, port: number): boolean => {
        const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(host);
        if (!m) {
            return false;
        }
        const [, svc, ns] = m;
        const service = ofType(resources, "kubernetes:core/v1:Service").find((s) => meta(s).name === svc && meta(s).namespace === ns);
        if (service) {
            return ((service.inputs.spec as { ports: { port: number }[] }).ports ?? []).some((p) => p.port === port);
        }
        const cluster = ofType(resources, "kubernetes:postgresql.cnpg.io/v1:Cluster").find((c) => `${meta(c).name}-rw` === svc && meta(c).namespace === ns);
        return cluster !== undefined && port === 5432;
    };
    const urlResolves = (url: string): boolean => {
        const u = new URL(url);
        return resolves(u.hostname, Number(u.port || (u.protocol === "https:" ? 443 : 80)));
    };

    it.each(Object.keys(REQUIRED) as (keyof typeof REQUIRED)[])("%s receives every required variable", (name) => {
        const names = envOf(name).map((e) => e.name);
        expect(REQUIRED[name].filter((v) => !names.includes(v))).toEqual([]);
        expect(new Set(names).size).toBe(names.length);
    });

    it("secret variables come from Kubernetes Secrets of the application namespace that hold them; no plain value carries a secret", () => {
        for (const name of Object.keys(REQUIRED)) {
            for (const env of envOf(name)) {
                if (SECRET_VARIABLES.test(env.name)) {
                    expect(env.value, `${name} ${env.name}`).toBeUndefined();
                    const ref = env.valueFrom?.secretKeyRef;
                    expect(ref, `${name} ${env.name}`).toBeDefined();
                    if (!ref?.optional && env.name !== "LICENCE") {
                        expect(valueOf(env, "devana-prod"), `${name} ${env.name} has no value in Secret ${ref?.name}`).toBeTruthy();
                    }
                }
            }
        }
        // No plain value in any workload of the program carries a secret value.
        const workloads = [...ofType(resources, "kubernetes:apps/v1:Deployment"), ...ofType(resources, "kubernetes:apps/v1:StatefulSet")];
        const leaks = workloads.flatMap((w) => podOf(w).containers.flatMap((c) => (c.env ?? []).filter((e) => e.value !== undefined && [...secretValues].some((s) => e.value!.includes(s))).map((e) => `${w.name} ${c.name} ${e.name}`)));
        expect(leaks).toEqual([]);
    });

    it("every endpoint variable resolves to a Service this program creates", () => {
        const api = envOf("devana-api-deployment");
        const odin = envOf("devana-odin-deployment");
        const front = envOf("devana-frontend-deployment");
        const get = (env: Env[], n: string, ns = "devana-prod"): string => {
            const e = env.find((x) => x.name === n);
            const v = e ? valueOf(e, ns) : undefined;
            if (v === undefined) {
                throw new Error(`${n} has no value`);
            }
            return v;
        };
        for (const [env, n] of [
            [api, "CHROMA_HOST"],
            [api, "MEILI_HOST"],
            [api, "ODIN_API_URL"],
            [api, "AWS_S3_ENDPOINT"],
            [odin, "S3_ENDPOINT"],
            [odin, "DEVANA_API_URL"],
            [front, "API_URL"],
        ] as const) {
            expect(urlResolves(get(env, n)), `${n}=${get(env, n)}`).toBe(true);
        }
        for (const env of [api, odin]) {
            expect(resolves(get(env, "REDIS_HOST"), Number(get(env, "REDIS_PORT")))).toBe(true);
            const embedding = JSON.parse(get(env, "EMBEDDING_JSON")) as { serverURL: string; model: string; dimensions: number; apiKey: string };
            expect(embedding.serverURL).toMatch(/\/v1$/);
            expect(urlResolves(embedding.serverURL.replace(/\/v1$/, ""))).toBe(true);
            expect(embedding).toMatchObject({ model: "intfloat/e5-mistral-7b-instruct", dimensions: 4096 });
            expect(secretValues.has(embedding.apiKey)).toBe(true);
        }
        const apiDb = new URL(get(api, "DATABASE_URL"));
        const odinDb = new URL(get(odin, "DATABASE_URL"));
        expect([apiDb.protocol, apiDb.username, apiDb.pathname, apiDb.searchParams.get("schema")]).toEqual(["postgresql:", "devana", "/devana", "devana"]);
        expect([odinDb.username, odinDb.pathname, odinDb.searchParams.get("schema")]).toEqual(["odin", "/devana", "odin"]);
        expect(resolves(apiDb.hostname, Number(apiDb.port))).toBe(true);
        expect(resolves(odinDb.hostname, Number(odinDb.port))).toBe(true);
        expect(secretValues.has(decodeURIComponent(apiDb.password))).toBe(true);
        // Public URLs from devana:domain.
        expect([get(api, "API_URI"), get(api, "CLIENT_URI"), get(front, "NEXTAUTH_URL")]).toEqual(["https://api.devana.example.internal", "https://devana.example.internal", "https://devana.example.internal"]);
        // NODE_EXTRA_CA_CERTS points at the mounted internal CA ConfigMap the platform creates in the namespace.
        const pod = podOf(deployment("devana-odin-deployment"));
        const caVolume = pod.volumes?.find((v) => v.name === "internal-ca");
        expect(ofType(resources, "kubernetes:core/v1:ConfigMap").some((c) => meta(c).name === caVolume?.configMap?.name && meta(c).namespace === "devana-prod")).toBe(true);
        expect(get(odin, "GOTENBERG_URL")).toBe("http://localhost:3000");
        expect(pod.containers.map((c) => c.name)).toEqual(["odin", "gotenberg"]);
    });

    it("the pure wiring the stack uses is the one the test of env.ts covers", () => {
        const design = appDesign(config);
        expect(envOf("devana-api-deployment").map((e) => e.name)).toEqual([...Object.keys(design.wiring.api.plain), ...design.wiring.api.secret.map((s) => s.name)]);
    });
});

describe("onprem: workloads", () => {
    it("API and Frontend: HPA 2-3 owns replicas (ignored by Pulumi), PDB, spread over nodes and zones, restricted security, pinned images with the pull secret", () => {
        for (const name of ["devana-api", "devana-frontend"]) {
            const d = byName(resources, "kubernetes:apps/v1:Deployment", `${name}-deployment`);
            expect(d.options.ignoreChanges).toEqual(["spec.replicas"]);
            const hpa = byName(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", `${name}-hpa`).inputs.spec as { minReplicas: number; maxReplicas: number; scaleTargetRef: { name: string } };
            expect([hpa.minReplicas, hpa.maxReplicas, hpa.scaleTargetRef.name]).toEqual([2, 3, name]);
            expect((byName(resources, "kubernetes:policy/v1:PodDisruptionBudget", `${name}-pdb`).inputs.spec as { maxUnavailable: number }).maxUnavailable).toBe(1);
            const pod = podOf(d);
            expect(pod.topologySpreadConstraints?.map((t) => t.topologyKey)).toEqual(["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
            expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
            expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true });
            expect(pod.imagePullSecrets).toEqual([{ name: "devana-registry" }]);
            expect(pod.nodeSelector).toEqual({ "node.example.internal/pool": "compute", "devana.ai/zone": "app" });
        }
        expect(podOf(byName(resources, "kubernetes:apps/v1:Deployment", "devana-api-deployment")).containers[0].image).toBe("registry.devana.ai/devana/back:2.8.0");
        expect(podOf(byName(resources, "kubernetes:apps/v1:Deployment", "devana-frontend-deployment")).containers[0].image).toBe("registry.devana.ai/devana/front:2.8.0");
        expect(podOf(byName(resources, "kubernetes:apps/v1:Deployment", "devana-odin-deployment")).containers[0].image).toBe("registry.devana.ai/devana/odin:1.9.0");
    });

    it("Services carry the names the gateway's HTTPRoutes target", () => {
        const routes = ofType(resources, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").filter((r) => meta(r).namespace === "devana-prod");
        const backends = routes.flatMap((r) => (r.inputs.spec as { rules: { backendRefs: { name: string; port: number }[] }[] }).rules.flatMap((rule) => rule.backendRefs));
        expect(backends.length).toBeGreaterThan(0);
        for (const b of backends) {
            const svc = ofType(resources, "kubernetes:core/v1:Service").find((s) => meta(s).name === b.name && meta(s).namespace === "devana-prod");
            expect(
                (svc?.inputs.spec as { ports: { port: number }[] } | undefined)?.ports.map((p) => p.port),
                b.name,
            ).toContain(b.port);
        }
    });

    it("vLLM chat: catalogue GPUs per replica, tensor parallel, gpuLlm node selector and GPU toleration, /health readiness, /dev/shm, protected cache", () => {
        const sts = byName(resources, "kubernetes:apps/v1:StatefulSet", "devana-llm-chat-statefulset");
        const spec = sts.inputs.spec as { replicas: number; volumeClaimTemplates: { spec: { storageClassName: string } }[] };
        const pod = podOf(sts);
        const c = pod.containers[0] as Container & { readinessProbe: { httpGet: { path: string } } };
        const gpus = String(CHAT_MODELS["llama-3.3-70b"].gpusPerReplica);
        expect(spec.replicas).toBe(1);
        expect(c.image).toBe("vllm/vllm-openai:v0.28.0");
        expect([c.resources?.requests?.["nvidia.com/gpu"], c.resources?.limits?.["nvidia.com/gpu"]]).toEqual([gpus, gpus]);
        expect(c.args?.[c.args.indexOf("--tensor-parallel-size") + 1]).toBe(gpus);
        expect(c.args).toEqual(expect.arrayContaining(["--quantization", "fp8", "--kv-cache-dtype", "fp8"]));
        expect(c.readinessProbe.httpGet.path).toBe("/health");
        expect(c.ports).toEqual([expect.objectContaining({ name: "http", containerPort: 8000 })]);
        expect(c.env?.find((e) => e.name === "VLLM_API_KEY")?.valueFrom?.secretKeyRef?.name).toBe("vllm-chat-api-key");
        expect(pod.nodeSelector).toEqual({ "node.example.internal/pool": "gpu-llm", "devana.ai/zone": "ai" });
        expect(pod.tolerations).toEqual(expect.arrayContaining([expect.objectContaining({ key: "nvidia.com/gpu", effect: "NoSchedule" })]));
        expect(pod.volumes?.find((v) => v.name === "dshm")?.emptyDir?.medium).toBe("Memory");
        expect(spec.volumeClaimTemplates[0].spec.storageClassName).toBe("standard");
        expect(sts.options.protect).toBe(true);
    });

    it("vLLM embeddings: 2 replicas of 1 GPU, 4 CPU, 24Gi on gpuEmbed with --runner pooling", () => {
        const sts = byName(resources, "kubernetes:apps/v1:StatefulSet", "devana-llm-embeddings-statefulset");
        const c = podOf(sts).containers[0];
        expect((sts.inputs.spec as { replicas: number }).replicas).toBe(2);
        expect(c.resources?.requests).toEqual({ cpu: "4", memory: "24Gi", "nvidia.com/gpu": "1" });
        expect(c.args).toEqual(expect.arrayContaining(["--runner", "pooling"]));
        expect(podOf(sts).nodeSelector).toEqual({ "node.example.internal/pool": "gpu-embed", "devana.ai/zone": "ai" });
    });

    it("every application and AI object validates against the Kubernetes OpenAPI schema", async () => {
        const mine = resources.filter((r) => /devana:(app|ai|network):/.test(r.parent ?? "") && modelPath(r.type));
        expect(mine.length).toBeGreaterThan(40);
        expect((await Promise.all(mine.map(schemaErrors))).flat()).toEqual([]);
    });
});
