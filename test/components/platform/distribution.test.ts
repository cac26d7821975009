/**
 * R-K8S distributions (`devana:distribution`), pure builders: what differs on OpenShift 4.19+ and
 * RKE2 and that vanilla stays as it was: pod security contexts without pinned UIDs, Traefik on
 * unprivileged ports routing through its own CRDs, no Gateway API CRD install, monitoring on
 * OpenShift's user-workload stack, no GPU Operator Helm install.
 * Does not prove that OpenShift admits the pods: that needs a cluster (docs/onprem.md).
 */
import { describe, expect, it } from "vitest";
import { resolveSizing } from "../../../config/tiers";
import { vllmStatefulSetSpec, VLLM_UID } from "../../../components/devana/ai/vllm";
import { gotenbergSidecar } from "../../../components/devana/app/odin";
import { operatorValues, pluginValues } from "../../../components/devana/data/cnpg-operator";
import { bucketJobSpec } from "../../../components/devana/data/object-store";
import { arbitraryUidEnv, assignsUids, podSecurityContext } from "../../../components/k8s/pod-spec";
import { clusterIssuerSpec } from "../../../components/platform/cert-manager";
import { ACME_SOLVER_INGRESS_CLASS, entrypointsFor, gatewayRoutingFor, traefikValues } from "../../../components/platform/gateway";
import { installsGatewayApiCrds } from "../../../components/platform/gateway-api-crds";
import { gpuInstallFor, gpuPlan } from "../../../components/platform/gpu";
import { alloyValues, lokiValues, monitoringStackFor, monitorNamespace, scrapeTargets, scraperNamespace } from "../../../components/platform/monitoring";
import { namespacePlan, OPENSHIFT_PSA_SYNC_LABEL, podSecurityLabels } from "../../../components/platform/namespaces";
import { appIngressRouteSpec, middlewaresFromFilters, redirectIngressRouteSpec, tlsStoreSpec } from "../../../components/platform/traefik-crd-routes";

const compute = { nodeSelector: { "devana.ai/pool": "compute" }, tolerations: [] };

const vanillaPod = (uid: number) => ({
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: "OnRootMismatch",
    seccompProfile: { type: "RuntimeDefault" },
});

const sccPod = { runAsNonRoot: true, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } };

describe("pod security contexts per distribution (pure)", () => {
    it("pins the image's user on vanilla and RKE2, and no UID, GID or fsGroup on OpenShift", () => {
        expect(podSecurityContext(999)).toEqual(vanillaPod(999));
        expect(podSecurityContext(999, "rke2")).toEqual(vanillaPod(999));
        expect(podSecurityContext(999, "openshift")).toEqual(sccPod);
        expect([assignsUids("vanilla"), assignsUids("rke2"), assignsUids("openshift")]).toEqual([false, false, true]);
        expect(arbitraryUidEnv("openshift")).toEqual([{ name: "HOME", value: "/tmp" }]);
        expect(arbitraryUidEnv("rke2")).toEqual([]);
    });

    it("runs Gotenberg as its own user except on OpenShift, where HOME moves to its emptyDir", () => {
        expect(gotenbergSidecar().securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001 });
        expect(gotenbergSidecar().env).toBeUndefined();
        const openshift = gotenbergSidecar("openshift");
        expect(openshift.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, readOnlyRootFilesystem: false, seccompProfile: { type: "RuntimeDefault" } });
        expect(openshift.env).toEqual([{ name: "HOME", value: "/tmp" }]);
        expect(openshift.volumeMounts).toEqual([{ name: "gotenberg-tmp", mountPath: "/tmp" }]);
    });

    it("drops the vLLM UID on OpenShift and keeps its caches on writable volumes", () => {
        const input = {
            name: "vllm-chat",
            role: "chat" as const,
            model: "meta-llama/Llama-3.3-70B-Instruct",
            modelArgs: [],
            plan: { replicas: 1, gpusPerReplica: 2, cpu: 16, memoryGi: 128, cacheGi: 200, shmGi: 16 },
            placement: compute,
            apiKeySecret: "vllm-chat-api-key",
        } as unknown as Parameters<typeof vllmStatefulSetSpec>[0];
        expect((vllmStatefulSetSpec(input).template as any).spec.securityContext).toEqual(vanillaPod(VLLM_UID));
        const pod = (vllmStatefulSetSpec({ ...input, distribution: "openshift" }).template as any).spec;
        expect(pod.securityContext).toEqual(sccPod);
        const env = Object.fromEntries(pod.containers[0].env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
        expect(env).toMatchObject({ HOME: "/tmp/home", XDG_CACHE_HOME: "/tmp/cache", HF_HOME: "/models/huggingface" });
    });

    it("drops the fixed UID of the bucket Job and of the CloudNativePG charts on OpenShift", () => {
        const location = { kind: "s3", endpoint: "http://store:9000", region: "us-east-1", forcePathStyle: true, provider: "SeaweedFS", auth: { kind: "secret", secretName: "creds" } } as const;
        const buckets = { files: "f", backups: "b" };
        expect((bucketJobSpec(location, buckets, compute).template as any).spec.securityContext).toEqual(vanillaPod(1000));
        expect((bucketJobSpec(location, buckets, compute, "openshift").template as any).spec.securityContext).toEqual(sccPod);
        expect(operatorValues(compute).containerSecurityContext).toBeUndefined();
        expect(operatorValues(compute, "openshift").containerSecurityContext).toEqual({ runAsUser: null, runAsGroup: null });
        expect(pluginValues(compute, "openshift").containerSecurityContext).toEqual({ runAsUser: null, runAsGroup: null });
    });

    it("makes every namespace restricted on OpenShift and switches the PSA label syncer off", () => {
        const ns = { app: "devana-prod", services: "devana-services", ai: "devana-ai", monitoring: "monitoring", certManager: "cert-manager" };
        expect(namespacePlan(ns).map((s) => [s.name, s.podSecurity])).toEqual([
            ["devana-prod", "restricted"],
            ["devana-services", "restricted"],
            ["devana-ai", "baseline"],
            ["monitoring", "privileged"],
            ["cert-manager", "restricted"],
        ]);
        expect(namespacePlan(ns, "rke2")).toEqual(namespacePlan(ns));
        expect(namespacePlan(ns, "openshift")).toEqual(Object.values(ns).map((name) => ({ name, podSecurity: "restricted" })));
        expect(podSecurityLabels("restricted", "1.32", "openshift")[OPENSHIFT_PSA_SYNC_LABEL]).toBe("false");
        expect(OPENSHIFT_PSA_SYNC_LABEL).toBe("security.openshift.io/scc.podSecurityLabelSync");
        expect(podSecurityLabels("restricted", "1.32", "rke2")).toEqual(podSecurityLabels("restricted", "1.32"));
        expect(Object.keys(podSecurityLabels("restricted", "1.32"))).not.toContain(OPENSHIFT_PSA_SYNC_LABEL);
    });
});

describe("gateway per distribution (pure)", () => {
    const input = { size: resolveSizing("production").gateway, placement: compute, serviceAnnotations: {}, serviceType: "LoadBalancer" as const, loadBalancerSourceRanges: [] };

    it("binds 80/443 through the sysctl on vanilla and RKE2", () => {
        for (const distribution of ["vanilla", "rke2"] as const) {
            const values = traefikValues({ ...input, distribution }) as Record<string, any>;
            expect(values.podSecurityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" }, sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] });
            expect([values.ports.web.port, values.ports.web.exposedPort, values.ports.websecure.port, values.ports.websecure.exposedPort]).toEqual([80, 80, 443, 443]);
            expect(values.providers.kubernetesGateway).toEqual({ enabled: true, experimentalChannel: false });
            expect(values.rbac).toBeUndefined();
        }
        expect(traefikValues({ ...input, distribution: "rke2" })).toEqual(traefikValues(input));
    });

    it("listens on 8000/8443 on OpenShift, shown as 80/443, with no sysctl and no UID", () => {
        const values = traefikValues({ ...input, distribution: "openshift", appNamespace: "devana-prod" }) as Record<string, any>;
        expect(values.podSecurityContext).toEqual({ runAsUser: null, runAsGroup: null, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect([values.ports.web.port, values.ports.web.exposedPort, values.ports.websecure.port, values.ports.websecure.exposedPort]).toEqual([8000, 80, 8443, 443]);
        expect(values.ports.websecure.http.tls).toEqual({ enabled: true });
        expect(entrypointsFor("openshift").websecure).toEqual({ port: 8443, exposedPort: 443 });
        expect(values.providers).toEqual({
            kubernetesGateway: { enabled: false },
            kubernetesIngress: { enabled: true, ingressClass: ACME_SOLVER_INGRESS_CLASS, namespaces: ["traefik"], publishedService: { enabled: false } },
            kubernetesCRD: { enabled: true, allowCrossNamespace: false, namespaces: ["traefik", "devana-prod"] },
        });
        expect(values.rbac).toEqual({ enabled: true, namespaced: true });
        expect(values.ingressClass).toEqual({ enabled: false });
    });

    it("routes through Traefik's CRDs and uses the cluster's Gateway API CRDs only on OpenShift", () => {
        expect(["vanilla", "rke2", "openshift"].map((d) => gatewayRoutingFor(d as "vanilla"))).toEqual(["gateway-api", "gateway-api", "traefik-crd"]);
        expect(["vanilla", "rke2", "openshift"].map((d) => installsGatewayApiCrds(d as "vanilla"))).toEqual([true, true, false]);
    });

    it("builds the Traefik-CRD routes: TLS from the default store, 600 s backends, the WAF middleware, the redirect", () => {
        const host = { id: "api", hostname: "api.example.com", backend: { service: "devana-api", port: 4666 }, timeout: true };
        expect(appIngressRouteSpec(host)).toEqual({
            entryPoints: ["websecure"],
            routes: [{ kind: "Rule", match: "Host(`api.example.com`)", services: [{ name: "devana-api", port: 4666, serversTransport: "devana-backend" }] }],
            tls: {},
        });
        const waf = middlewaresFromFilters([{ type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "devana-waf" } }]);
        expect(waf).toEqual([{ name: "devana-waf" }]);
        expect((appIngressRouteSpec({ ...host, id: "ws", timeout: false }, waf) as any).routes[0]).toEqual({
            kind: "Rule",
            match: "Host(`api.example.com`)",
            middlewares: [{ name: "devana-waf" }],
            services: [{ name: "devana-api", port: 4666 }],
        });
        expect(() => middlewaresFromFilters([{ type: "RequestRedirect", requestRedirect: { scheme: "https" } }])).toThrow(/no Traefik IngressRoute counterpart/);
        expect(redirectIngressRouteSpec(["a.example.com", "b.example.com"])).toEqual({
            entryPoints: ["web"],
            routes: [{ kind: "Rule", match: "Host(`a.example.com`) || Host(`b.example.com`)", middlewares: [{ name: "https-redirect" }], services: [{ kind: "TraefikService", name: "noop@internal" }] }],
        });
        expect(tlsStoreSpec(["x-tls"])).toEqual({ certificates: [{ secretName: "x-tls" }] });
    });

    it("solves ACME HTTP-01 through the Gateway, or through a Traefik-served Ingress on OpenShift", () => {
        const tls = { mode: "acme", email: "ops@example.com", server: "staging" } as const;
        expect((clusterIssuerSpec(tls as any) as any).acme.solvers).toEqual([
            { http01: { gatewayHTTPRoute: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "devana", namespace: "traefik", sectionName: "http" }] } } },
        ]);
        expect((clusterIssuerSpec(tls as any, "openshift") as any).acme.solvers).toEqual([{ http01: { ingress: { class: "traefik" } } }]);
    });
});

describe("monitoring and GPU per distribution (pure)", () => {
    it("uses OpenShift's user-workload monitoring, with each monitor next to its pods", () => {
        expect(["vanilla", "rke2", "openshift"].map((d) => monitoringStackFor(d as "vanilla"))).toEqual(["kube-prometheus-stack", "kube-prometheus-stack", "openshift-user-workload"]);
        expect(scraperNamespace("openshift", "monitoring")).toBe("openshift-user-workload-monitoring");
        expect(scraperNamespace("rke2", "monitoring")).toBe("monitoring");
        const targets = scrapeTargets({ services: "devana-services", ai: "devana-ai", gateway: "traefik" });
        expect(targets.map((t) => monitorNamespace(t, "monitoring", "openshift-user-workload"))).toEqual(["traefik", "devana-ai", "devana-services", "devana-services"]);
        expect(new Set(targets.map((t) => monitorNamespace(t, "monitoring", "kube-prometheus-stack")))).toEqual(new Set(["monitoring"]));
    });

    it("deletes Loki's fixed 10001 and runs Alloy non-root on OpenShift only", () => {
        const input = { tier: "production" as const, auditRetentionDays: 365, placement: compute };
        expect((lokiValues(input).loki as any).podSecurityContext).toBeUndefined();
        expect((lokiValues({ ...input, distribution: "openshift" }).loki as any).podSecurityContext).toEqual({
            runAsUser: null,
            runAsGroup: null,
            fsGroup: null,
            runAsNonRoot: true,
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(alloyValues("monitoring", compute, "rke2")).toEqual(alloyValues("monitoring", compute));
        const alloy = alloyValues("monitoring", compute, "openshift") as Record<string, any>;
        expect(alloy.global).toEqual({ podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } });
        const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
        expect([alloy.alloy.securityContext, alloy.configReloader.securityContext]).toEqual([restricted, restricted]);
    });

    it("installs the GPU Operator by Helm except on OpenShift (OLM), with RKE2's containerd paths", () => {
        expect(["vanilla", "rke2", "openshift"].map((d) => gpuInstallFor(d as "vanilla"))).toEqual(["helm", "helm", "openshift-olm"]);
        const placement = { affinity: {}, tolerations: [] };
        const toolkit = (d: "vanilla" | "rke2") => (gpuPlan({ stack: "gpu-operator", placement, distribution: d }).charts[0]!.values as any).toolkit;
        expect(toolkit("vanilla")).toEqual({ enabled: true });
        expect(toolkit("rke2")).toEqual({
            enabled: true,
            env: [
                { name: "CONTAINERD_CONFIG", value: "/var/lib/rancher/rke2/agent/etc/containerd/config.toml.tmpl" },
                { name: "CONTAINERD_SOCKET", value: "/run/k3s/containerd/containerd.sock" },
            ],
        });
    });
});
