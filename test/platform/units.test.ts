/**
 * Pure builders of the platform (no Pulumi runtime): gateway objects, load balancer annotations,
 * issuers per TLS mode, certificates, chart values (Traefik, cert-manager, kube-prometheus-stack,
 * Loki), scrape targets and GPU plans. Does not prove the charts accept these values (no Helm
 * here) nor that controllers reconcile the objects.
 */
import { POOL_ZONE } from "../../config/defaults";
import { describe, expect, it } from "vitest";
import { resolveSizing } from "../../config/tiers";
import type { ResolvedPool } from "../../config/model";
import { CHARTS } from "../../config/versions";
import { placementFor } from "../../components/k8s/placement";
import { ACME_SERVERS, CA_KEYPAIR_SECRET, certificateSpec, certManagerValues, clusterIssuerSpec } from "../../components/platform/cert-manager";
import { appRouteSpec, AWS_TLS13_POLICY, DEFAULT_BACKENDS, ENTRYPOINTS, gatewayServiceAnnotations, gatewaySpec, HOST_IDS, redirectRouteSpec, tlsOptionSpec, traefikValues, TRAEFIK_LATENCY_BUCKETS } from "../../components/platform/gateway";
import { gatewayApiCrdsUrl } from "../../components/platform/gateway-api-crds";
import { gpuDaemonPlacement, gpuPlan, gpuPools } from "../../components/platform/gpu";
import { chartSource } from "../../components/k8s/helm";
import { gpuStackFor } from "../../stacks/platform";
import { alloyValues, kubePrometheusStackValues, LOKI_DISK_GI, lokiRetentionPeriod, lokiValues, monitorSpec, PROMETHEUS_RETENTION_DAYS, scrapeTargets } from "../../components/platform/monitoring";

const hosts = { front: "devana.example.com", api: "api.devana.example.com", ws: "ws.devana.example.com" };
const pool = (name: ResolvedPool["name"], extra: Partial<ResolvedPool> = {}): ResolvedPool => ({
    name,
    enabled: true,
    zone: POOL_ZONE[name],
    nodeLabels: { "devana.ai/pool": name },
    taints: [],
    minSize: 1,
    maxSize: 1,
    desiredSize: 1,
    ...extra,
});
const compute = placementFor(pool("compute"));
const gpuTaint = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" } as const;

describe("gateway", () => {
    type Listener = { name: string; protocol: string; port: number; hostname?: string; tls?: { mode: string; certificateRefs: { name: string }[] }; allowedRoutes: { namespaces: { from: string } } };
    const listeners = (gatewaySpec(hosts, "devana-prod") as { listeners: Listener[] }).listeners;

    it("has one HTTP listener on 80 for gateway-namespace routes only, and one HTTPS listener on 443 per host", () => {
        expect(listeners.map((l) => [l.name, l.protocol, l.port])).toEqual([
            ["http", "HTTP", 80],
            ["https-front", "HTTPS", 443],
            ["https-api", "HTTPS", 443],
            ["https-ws", "HTTPS", 443],
        ]);
        expect(listeners[0]!.allowedRoutes.namespaces.from).toBe("Same");
        for (const l of listeners.slice(1)) {
            expect(l.tls!.mode).toBe("Terminate");
            expect(l.allowedRoutes.namespaces).toEqual({ from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": "devana-prod" } } });
        }
        expect(listeners.slice(1).map((l) => [l.hostname, l.tls!.certificateRefs[0]!.name])).toEqual([
            [hosts.front, "devana-front-tls"],
            [hosts.api, "devana-api-tls"],
            [hosts.ws, "devana-ws-tls"],
        ]);
    });

    it("listens where Traefik's entry points listen and publishes exactly 80 and 443", () => {
        const values = traefikValues({ size: resolveSizing("production").gateway, placement: compute, serviceAnnotations: {}, serviceType: "LoadBalancer", loadBalancerSourceRanges: [] }) as {
            ports: Record<string, { port: number; exposedPort?: number; expose?: { default: boolean } }>;
        };
        expect(values.ports.web).toMatchObject({ port: 80, exposedPort: 80 });
        expect(values.ports.websecure).toMatchObject({ port: 443, exposedPort: 443 });
        expect(values.ports.metrics!.expose).toEqual({ default: false });
        expect(listeners.map((l) => l.port)).toEqual([ENTRYPOINTS.web.port, ...HOST_IDS.map(() => ENTRYPOINTS.websecure.port)]);
    });

    it("runs Traefik as a Gateway API controller only, non-root, with Devana's timeouts and a 0.5 s latency bucket", () => {
        const size = resolveSizing("production").gateway;
        const values = traefikValues({ size, placement: compute, serviceAnnotations: { a: "b" }, serviceType: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8"] }) as Record<string, any>;
        expect(values.providers).toEqual({
            kubernetesGateway: { enabled: true, experimentalChannel: false },
            kubernetesIngress: { enabled: false },
            kubernetesCRD: { enabled: true, allowCrossNamespace: false },
        });
        expect([values.gateway.enabled, values.gatewayClass.enabled, values.ingressClass.enabled]).toEqual([false, false, false]);
        expect(values.podSecurityContext.sysctls).toEqual([{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }]);
        expect(values.ports.websecure.transport.respondingTimeouts.readTimeout).toBe("600s");
        expect(values.ports.web.redirections).toBeUndefined(); // the HTTPRoute redirects; ACME needs port 80
        expect(values.metrics.prometheus.buckets.split(",").map(Number)).toContain(0.5);
        expect(TRAEFIK_LATENCY_BUCKETS).toContain(0.5);
        expect(values.deployment.replicas).toBe(size.replicas);
        expect(values.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
        // Traefik 41 reads only service.spec (templates/_service.tpl); ports.websecure.http.tls, log, accessLog.
        expect(values.service).toEqual({ annotations: { a: "b" }, spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8"] } });
        expect(values.ports.websecure.http.tls).toEqual({ enabled: true });
        expect([values.log, values.accessLog, values.logs]).toEqual([{ format: "json" }, { enabled: true, format: "json" }, undefined]);
    });

    it("sets TLS 1.3 as the minimum of the default TLSOption", () => {
        expect(tlsOptionSpec()).toMatchObject({ minVersion: "VersionTLS13", sniStrict: true });
        expect(tlsOptionSpec()).not.toHaveProperty("maxVersion");
    });

    it("redirects port 80 to https:443 and serves nothing on it", () => {
        const spec = redirectRouteSpec(hosts) as { parentRefs: { sectionName: string }[]; hostnames: string[]; rules: Record<string, unknown>[] };
        expect(spec.parentRefs.map((p) => p.sectionName)).toEqual(["http"]);
        expect(spec.hostnames).toEqual([hosts.front, hosts.api, hosts.ws]);
        expect(spec.rules).toHaveLength(1);
        expect(spec.rules[0]!.backendRefs).toBeUndefined();
        expect(spec.rules[0]!.filters).toEqual([{ type: "RequestRedirect", requestRedirect: { scheme: "https", port: 443, statusCode: 301 } }]);
    });

    it.each([
        ["front", hosts.front, "devana-frontend", 3000, "600s"],
        ["api", hosts.api, "devana-api", 4666, "600s"],
        ["ws", hosts.ws, "devana-api", 5001, undefined],
    ] as const)("routes %s (%s) to %s:%i with request timeout %s", (id, host, service, port, timeout) => {
        const spec = appRouteSpec(id, hosts, DEFAULT_BACKENDS[id]) as { parentRefs: { sectionName: string; namespace: string }[]; hostnames: string[]; rules: Record<string, any>[] };
        expect(spec.hostnames).toEqual([host]);
        expect(spec.parentRefs).toEqual([expect.objectContaining({ name: "devana", namespace: "traefik", sectionName: `https-${id}` })]);
        expect(spec.rules[0]!.backendRefs).toEqual([{ group: "", kind: "Service", name: service, port }]);
        expect(spec.rules[0]!.timeouts?.request).toBe(timeout);
    });

    it("installs the standard channel of a pinned Gateway API release", () => {
        expect(gatewayApiCrdsUrl("v1.5.0")).toBe("https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/standard-install.yaml");
        expect(() => gatewayApiCrdsUrl("latest")).toThrow(/pinned/);
    });
});

describe("gateway Service annotations per target", () => {
    it("AWS: NLB with IP targets in the DMZ subnets and the TLS 1.3-only policy", () => {
        expect(gatewayServiceAnnotations({ target: "aws", dmzSubnets: "subnet-a,subnet-b" })).toEqual({
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
            "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": AWS_TLS13_POLICY,
            "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
            "service.beta.kubernetes.io/aws-load-balancer-subnets": "subnet-a,subnet-b",
        });
        expect(AWS_TLS13_POLICY).toBe("ELBSecurityPolicy-TLS13-1-3-2021-06");
    });

    it("AWS with an ACM certificate: TLS on 443 at the NLB, re-encrypted to Traefik", () => {
        const a = gatewayServiceAnnotations({ target: "aws", certificateArn: "arn:aws:acm:eu-north-1:1:certificate/x", internal: true });
        expect(a["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"]).toBe("arn:aws:acm:eu-north-1:1:certificate/x");
        expect(a["service.beta.kubernetes.io/aws-load-balancer-ssl-ports"]).toBe("443");
        expect(a["service.beta.kubernetes.io/aws-load-balancer-backend-protocol"]).toBe("ssl");
        expect(a["service.beta.kubernetes.io/aws-load-balancer-scheme"]).toBe("internal");
    });

    it("Azure: internal load balancer in the DMZ subnet by default", () => {
        expect(gatewayServiceAnnotations({ target: "azure", dmzSubnetName: "snet-dmz" })).toEqual({
            "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
            "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": "snet-dmz",
        });
        expect(gatewayServiceAnnotations({ target: "azure", dmzSubnetName: "snet-dmz", internal: false })).toEqual({});
    });

    it("on-prem: MetalLB pool when named, nothing otherwise", () => {
        expect(gatewayServiceAnnotations({ target: "onprem", addressPool: "dmz" })).toEqual({ "metallb.universe.tf/address-pool": "dmz" });
        expect(gatewayServiceAnnotations({ target: "onprem" })).toEqual({});
    });
});

describe("certificates", () => {
    it("ACME: Let's Encrypt with the configured e-mail, HTTP-01 through the gateway's port-80 listener", () => {
        expect(clusterIssuerSpec({ mode: "acme", email: "ops@example.com", server: "production" })).toEqual({
            acme: {
                email: "ops@example.com",
                server: ACME_SERVERS.production,
                privateKeySecretRef: { name: "letsencrypt-account-key" },
                solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "devana", namespace: "traefik", sectionName: "http" }] } } }],
            },
        });
        expect((clusterIssuerSpec({ mode: "acme", email: "a@b.co", server: "staging" }) as any).acme.server).toBe("https://acme-staging-v02.api.letsencrypt.org/directory");
    });

    it("internal CA: a CA issuer signing with the generated root", () => {
        expect(clusterIssuerSpec({ mode: "internal-ca", commonName: "Root", validityDays: 3650 })).toEqual({ ca: { secretName: CA_KEYPAIR_SECRET } });
    });

    it("one certificate per host, into the Secret its listener reads", () => {
        expect(certificateSpec("api", hosts, "letsencrypt")).toEqual({
            secretName: "devana-api-tls",
            dnsNames: [hosts.api],
            issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt" },
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        });
    });

    it("cert-manager: CRDs through crds.enabled and the Gateway API solver on", () => {
        const values = certManagerValues(compute) as Record<string, any>;
        expect(values.crds).toEqual({ enabled: true, keep: true });
        expect(values).not.toHaveProperty("installCRDs");
        expect(values.config).toEqual({ apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", enableGatewayAPI: true });
    });
});

describe("monitoring values", () => {
    it.each([365, 400, 2555])("Loki keeps logs %i days: compactor retention on, filesystem store without lifecycle", (days) => {
        const values = lokiValues({ tier: "production", auditRetentionDays: days, placement: compute }) as Record<string, any>;
        expect(values.loki.limits_config.retention_period).toBe(`${days * 24}h`);
        expect(Number.parseInt(lokiRetentionPeriod(days), 10) / 24).toBeGreaterThanOrEqual(days);
        expect(values.loki.compactor).toEqual({ retention_enabled: true, delete_request_store: "filesystem" });
        expect(values.loki.storage).toEqual({ type: "filesystem" });
        expect(values.deploymentMode).toBe("Monolithic");
        expect(values.singleBinary.persistence.size).toBe(`${LOKI_DISK_GI.production}Gi`);
    });

    it.each(["minimal", "production", "enterprise"] as const)("kube-prometheus-stack %s: retention and volume per tier, every rule and monitor selected", (tier) => {
        const size = resolveSizing(tier).monitoring;
        const values = kubePrometheusStackValues({ tier, size, placement: compute, monitoringNamespace: "monitoring" }) as Record<string, any>;
        const spec = values.prometheus.prometheusSpec;
        expect(spec.retention).toBe(`${PROMETHEUS_RETENTION_DAYS[tier]}d`);
        expect(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe(`${size.diskGi}Gi`);
        expect(Number.parseInt(spec.retentionSize, 10)).toBeLessThan(size.diskGi);
        for (const key of ["ruleSelectorNilUsesHelmValues", "serviceMonitorSelectorNilUsesHelmValues", "podMonitorSelectorNilUsesHelmValues"]) {
            expect(spec[key]).toBe(false);
        }
        expect(values.grafana.admin.existingSecret).toBe("grafana-admin");
        expect(values.grafana.additionalDataSources[0].url).toBe("http://loki.monitoring.svc:3100");
    });

    it("ships every pod's logs to Loki with Alloy, once (one replica reading through the API)", () => {
        const values = alloyValues("monitoring", compute) as Record<string, any>;
        expect(values.controller).toMatchObject({ type: "deployment", replicas: 1 });
        const config: string = values.alloy.configMap.content;
        expect(config).toContain('loki.source.kubernetes "pods"');
        expect(config).toContain('url = "http://loki.monitoring.svc:3100/loki/api/v1/push"');
        for (const label of ["namespace", "pod", "container", "app"]) {
            expect(config).toContain(`target_label  = "${label}"`);
        }
    });

    it("scrapes Traefik, vLLM, CloudNativePG, Redis and the BullMQ exporter", () => {
        const targets = scrapeTargets({ services: "devana-services", ai: "devana-ai", gateway: "traefik" });
        expect(targets.map((t) => [t.id, t.kind, t.namespace, t.port])).toEqual([
            ["traefik", "PodMonitor", "traefik", "metrics"],
            ["vllm", "PodMonitor", "devana-ai", "http"],
            ["cloudnative-pg", "PodMonitor", "devana-services", "metrics"],
            ["redis", "PodMonitor", "devana-services", "metrics"],
        ]);
        expect(monitorSpec(targets[0]!)).toEqual({
            selector: { matchLabels: { "app.kubernetes.io/name": "traefik" } },
            namespaceSelector: { matchNames: ["traefik"] },
            podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "30s", honorLabels: true }],
        });
    });
});

describe("GPU support", () => {
    const llm = pool("gpuLlm", { nodeLabels: { "node.example/pool": "gpu-llm" }, taints: [gpuTaint], gpu: { kind: "H100", count: 2 } });
    const embed = pool("gpuEmbed", { taints: [gpuTaint], gpu: { kind: "L4", count: 1 } });

    it("selects only enabled pools with GPUs", () => {
        expect(gpuPools({ compute: pool("compute"), gpuLlm: llm, gpuEmbed: { ...embed, enabled: false }, data: pool("data") }).map((p) => p.name)).toEqual(["gpuLlm"]);
    });

    it("runs on any GPU pool (ORed node terms) and tolerates each distinct taint once", () => {
        const placement = gpuDaemonPlacement([llm, embed]);
        expect(placement.affinity.nodeAffinity).toEqual({
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: "node.example/pool", operator: "In", values: ["gpu-llm"] }] }, { matchExpressions: [{ key: "devana.ai/pool", operator: "In", values: ["gpuEmbed"] }] }],
            },
        });
        expect(placement.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    });

    it.each([
        ["eks-device-plugin", ["device-plugin", "dcgm-exporter"]],
        ["aks-managed", ["device-plugin", "dcgm-exporter"]],
        ["gpu-operator", ["gpu-operator"]],
    ] as const)("%s installs %j, every daemon tolerating the GPU taint", (stack, ids) => {
        const placement = gpuDaemonPlacement([llm]);
        const plan = gpuPlan({ stack, placement });
        expect(plan.charts.map((c) => c.id)).toEqual(ids);
        for (const chart of plan.charts) {
            const tolerations = (chart.values.tolerations ?? (chart.values.daemonsets as { tolerations: unknown }).tolerations) as unknown[];
            expect(tolerations).toEqual(placement.tolerations);
        }
    });

    it("GPU Operator: driver switch, RKE2 containerd paths, DCGM scraped by our ServiceMonitor only", () => {
        const plan = gpuPlan({ stack: "gpu-operator", placement: gpuDaemonPlacement([llm]), distribution: "rke2", installDriver: false });
        const values = plan.charts[0]!.values as Record<string, any>;
        expect(values.driver).toEqual({ enabled: false });
        expect(values.toolkit.env.map((e: { name: string }) => e.name)).toEqual(["CONTAINERD_CONFIG", "CONTAINERD_SOCKET"]);
        expect(values.dcgmExporter.serviceMonitor).toEqual({ enabled: false });
        expect(plan.dcgm).toEqual({ selector: { app: "nvidia-dcgm-exporter" }, port: "gpu-metrics" });
    });
});

describe("per-target inputs", () => {
    it("picks each target's GPU stack (design.md: EKS device plugin, AKS managed driver, on-prem GPU Operator)", () => {
        expect([gpuStackFor("aws"), gpuStackFor("azure"), gpuStackFor("onprem")]).toEqual(["eks-device-plugin", "aks-managed", "gpu-operator"]);
    });
});

describe("chart sources", () => {
    it("names OCI charts by URL and classic ones through repositoryOpts, always pinned", () => {
        expect(chartSource(CHARTS.certManager)).toEqual({ chart: "oci://quay.io/jetstack/charts/cert-manager", version: CHARTS.certManager.version });
        expect(chartSource(CHARTS.traefik)).toEqual({ chart: "traefik", version: CHARTS.traefik.version, repositoryOpts: { repo: "https://traefik.github.io/charts" } });
        expect(() => chartSource({ repository: "https://x", chart: "y", version: "latest" })).toThrow(/pinned/);
    });
});
