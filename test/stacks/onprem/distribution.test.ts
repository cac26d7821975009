/**
 * R-K8S distributions (`devana:distribution`) on stacks: the committed `onprem` stack (RKE2) and an
 * OpenShift variant of it planned through the plan CLI (with the policy pack): no pinned UID in any
 * pod the program authors or configures, Traefik through its own CRDs, and the exact cluster-scoped
 * objects the deployer must be allowed to create.
 * Does not prove that OpenShift admits the pods: that needs a cluster (docs/onprem.md).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { OPENSHIFT_PSA_SYNC_LABEL } from "../../../components/platform/namespaces";
import { byName, evaluateOk, ofType, planConfig, stackConfig } from "../../support/helpers";

const T = {
    chart: "kubernetes:helm.sh/v4:Chart",
    namespace: "kubernetes:core/v1:Namespace",
    ingressRoute: "kubernetes:traefik.io/v1alpha1:IngressRoute",
    podMonitor: "kubernetes:monitoring.coreos.com/v1:PodMonitor",
    serviceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    rule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
} as const;

const WORKLOAD_TYPES = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:batch/v1:Job", "kubernetes:batch/v1:CronJob"];

const UID_FIELDS = ["runAsUser", "runAsGroup", "fsGroup"] as const;

const sccPod = { runAsNonRoot: true, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } };

/** The pod spec of a workload resource (CronJobs nest it one level deeper). */
function podSpecOf(r: PlannedResource): any {
    const spec = r.inputs.spec as any;
    return r.type.endsWith(":CronJob") ? spec.jobTemplate.spec.template.spec : spec.template.spec;
}

/** `[resource name, where, field, value]` of every UID/GID a pod pins, in the pod or a container. */
function pinnedIds(resources: readonly PlannedResource[]): [string, string, string, unknown][] {
    const found: [string, string, string, unknown][] = [];
    for (const r of resources.filter((x) => WORKLOAD_TYPES.includes(x.type))) {
        const pod = podSpecOf(r);
        for (const field of UID_FIELDS) {
            if (pod.securityContext?.[field] !== undefined) {
                found.push([r.name, "pod", field, pod.securityContext[field]]);
            }
        }
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
            for (const field of ["runAsUser", "runAsGroup"]) {
                if (c.securityContext?.[field] !== undefined) {
                    found.push([r.name, c.name, field, c.securityContext[field]]);
                }
            }
        }
    }
    return found.sort();
}

describe("committed onprem stack (RKE2)", () => {
    let resources: readonly PlannedResource[];
    beforeAll(async () => {
        ({ resources } = await evaluateOk("onprem"));
    });

    it("keeps the images' users pinned, Traefik on 80/443, the Gateway API and kube-prometheus-stack", () => {
        expect(pinnedIds(resources).filter(([name]) => name === "devana-redis-data")).toEqual([
            ["devana-redis-data", "pod", "fsGroup", 999],
            ["devana-redis-data", "pod", "runAsGroup", 999],
            ["devana-redis-data", "pod", "runAsUser", 999],
        ]);
        const traefik = byName(resources, T.chart, "devana-gateway-traefik").inputs.values as Record<string, any>;
        expect(traefik.ports.websecure.port).toBe(443);
        expect(ofType(resources, "kubernetes:yaml/v2:ConfigFile").map((r) => r.name)).toEqual(["devana-gateway-api-standard"]);
        expect(ofType(resources, T.ingressRoute)).toEqual([]);
        expect(ofType(resources, T.chart).map((r) => r.name)).toContain("devana-monitoring-kps");
    });

    it("installs the GPU Operator with RKE2's containerd config and socket", () => {
        const values = byName(resources, T.chart, "devana-gpu-gpu-operator").inputs.values as Record<string, any>;
        expect(values.toolkit.env).toEqual([
            { name: "CONTAINERD_CONFIG", value: "/var/lib/rancher/rke2/agent/etc/containerd/config.toml.tmpl" },
            { name: "CONTAINERD_SOCKET", value: "/run/k3s/containerd/containerd.sock" },
        ]);
    });
});

describe("onprem as an OpenShift variant (plan CLI)", () => {
    let resources: PlannedResource[];
    let violations: { policy: string; enforcementLevel: string; message: string }[];
    beforeAll(async () => {
        const plan = await planConfig("onprem-openshift", { ...stackConfig("onprem"), "devana:distribution": "openshift", "devana:kubernetesVersion": "1.32" });
        resources = [...plan.resources] as PlannedResource[];
        violations = [...plan.policy.violations];
    });

    it("pins no UID, GID or fsGroup in any pod the program authors", () => {
        const workloads = resources.filter((r) => WORKLOAD_TYPES.includes(r.type));
        expect(workloads.length).toBeGreaterThanOrEqual(14);
        expect(pinnedIds(resources)).toEqual([]);
        for (const r of workloads) {
            const pod = podSpecOf(r);
            expect(pod.securityContext, r.name).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
            for (const c of pod.containers) {
                expect(c.securityContext, `${r.name}/${c.name}`).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
            }
        }
    });

    it("gives the Devana containers and Gotenberg a writable HOME", () => {
        for (const name of ["devana-api-deployment", "devana-api-cron-deployment", "devana-frontend-deployment", "devana-odin-deployment"]) {
            const containers = podSpecOf(byName(resources, "kubernetes:apps/v1:Deployment", name)).containers as any[];
            for (const c of containers) {
                expect(
                    c.env.filter((e: any) => e.name === "HOME"),
                    `${name}/${c.name}`,
                ).toEqual([{ name: "HOME", value: "/tmp" }]);
            }
        }
    });

    it("deletes the charts' fixed UIDs (Traefik, CloudNativePG, Loki) and pins none in SeaweedFS", () => {
        const values = (name: string) => byName(resources, T.chart, name).inputs.values as Record<string, any>;
        expect(values("devana-gateway-traefik").podSecurityContext).toEqual({ runAsUser: null, runAsGroup: null, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(values("devana-cnpg-operator").containerSecurityContext).toEqual({ runAsUser: null, runAsGroup: null });
        expect(values("devana-cnpg-barman-cloud").containerSecurityContext).toEqual({ runAsUser: null, runAsGroup: null });
        expect(values("devana-monitoring-loki").loki.podSecurityContext).toMatchObject({ runAsUser: null, runAsGroup: null, fsGroup: null });
        for (const part of ["master", "volume", "filer"]) {
            expect(values("devana-object-store-seaweedfs")[part].podSecurityContext).toEqual({ enabled: true, ...sccPod });
        }
    });

    it("labels every namespace restricted with the PSA label syncer off, and creates no GPU namespace", () => {
        const namespaces = ofType(resources, T.namespace).map((r) => r.inputs.metadata as { name: string; labels: Record<string, string> });
        expect(namespaces.map((n) => n.name).sort()).toEqual(["cert-manager", "cnpg-system", "devana-ai", "devana-prod", "devana-services", "monitoring", "traefik"]);
        for (const n of namespaces) {
            expect([n.name, n.labels["pod-security.kubernetes.io/enforce"], n.labels[OPENSHIFT_PSA_SYNC_LABEL]]).toEqual([n.name, "restricted", "false"]);
        }
    });

    it("uses the cluster's Gateway API CRDs and routes through Traefik's CRDs on 8000/8443", () => {
        expect(ofType(resources, "kubernetes:yaml/v2:ConfigFile")).toEqual([]);
        expect(resources.filter((r) => r.type.startsWith("kubernetes:gateway.networking.k8s.io/"))).toEqual([]);
        expect(byName(resources, "devana:platform:GatewayApiCrds", "devana-gateway-api").custom).toBe(false);
        const routes = ofType(resources, T.ingressRoute).map((r) => {
            const meta = r.inputs.metadata as { name: string; namespace: string };
            return [meta.namespace, meta.name, (r.inputs.spec as { entryPoints: string[] }).entryPoints[0]];
        });
        expect(routes.sort()).toEqual([
            ["devana-prod", "devana-api", "websecure"],
            ["devana-prod", "devana-front", "websecure"],
            ["devana-prod", "devana-ws", "websecure"],
            ["traefik", "https-redirect", "web"],
        ]);
        expect(byName(resources, "kubernetes:traefik.io/v1alpha1:TLSOption", "devana-gateway-tls-default").inputs.spec).toMatchObject({ minVersion: "VersionTLS13", sniStrict: true });
        expect(byName(resources, "kubernetes:traefik.io/v1alpha1:TLSStore", "devana-gateway-tls-store").inputs.spec).toEqual({
            certificates: [{ secretName: "devana-front-tls" }, { secretName: "devana-api-tls" }, { secretName: "devana-ws-tls" }],
        });
        const traefik = byName(resources, T.chart, "devana-gateway-traefik").inputs.values as Record<string, any>;
        expect([traefik.ports.web.port, traefik.ports.websecure.port, traefik.ports.websecure.exposedPort]).toEqual([8000, 8443, 443]);
        expect(traefik.service).toMatchObject({ spec: { type: "LoadBalancer" }, annotations: { "devana.ai/waf": "customer" } });
    });

    it("installs no kube-prometheus-stack, Grafana or GPU Operator; monitors live next to their pods", () => {
        const charts = ofType(resources, T.chart)
            .map((r) => r.name)
            .sort();
        expect(charts).toEqual(["devana-cert-manager-chart", "devana-cnpg-barman-cloud", "devana-cnpg-operator", "devana-gateway-traefik", "devana-monitoring-alloy", "devana-monitoring-loki", "devana-object-store-seaweedfs"]);
        expect(resources.filter((r) => r.type === "devana:platform:GpuSupport" || r.name.includes("grafana"))).toEqual([]);
        expect(ofType(resources, T.serviceMonitor)).toEqual([]);
        const monitors = ofType(resources, T.podMonitor).map((r) => [r.name, (r.inputs.metadata as { namespace: string }).namespace]);
        expect(monitors.sort()).toEqual([
            ["devana-monitoring-cloudnative-pg", "devana-services"],
            ["devana-monitoring-redis", "devana-services"],
            ["devana-monitoring-traefik", "traefik"],
            ["devana-monitoring-vllm", "devana-ai"],
        ]);
        expect((byName(resources, T.rule, "devana-monitoring-rules").inputs.metadata as { namespace: string }).namespace).toBe("monitoring");
    });

    it("lets OpenShift's user-workload Prometheus scrape and OpenShift DNS answer through the NetworkPolicies", () => {
        const spec = byName(resources, T.netpol, "devana-network-policies-devana-ai-ai-all-ingress").inputs.spec as any;
        expect(spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "openshift-user-workload-monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }]);
        const egress = JSON.stringify((byName(resources, T.netpol, "devana-network-policies-devana-ai-ai-all-egress").inputs.spec as any).egress);
        expect(egress).toContain("openshift-dns");
        expect(egress).not.toContain("kube-dns");
    });

    it("creates exactly these cluster-scoped objects itself (docs/onprem.md, deployer permissions)", () => {
        const clusterScoped = resources
            .filter((r) => r.custom && ["Namespace", "StorageClass", "ClusterIssuer", "GatewayClass", "ClusterRole", "ClusterRoleBinding"].includes(r.type.split(":").pop()!))
            .map((r) => `${r.type.split(":").pop()}/${(r.inputs.metadata as { name: string }).name}`);
        expect(clusterScoped.sort()).toEqual([
            "ClusterIssuer/devana-internal-ca",
            "Namespace/cert-manager",
            "Namespace/cnpg-system",
            "Namespace/devana-ai",
            "Namespace/devana-prod",
            "Namespace/devana-services",
            "Namespace/monitoring",
            "Namespace/traefik",
            "StorageClass/fast-ssd",
            "StorageClass/standard",
        ]);
    });

    it("passes the policy pack with no mandatory violation", () => {
        expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });
});
