/**
 * The gateway's pure builders (components/platform/gateway/): Gateway and route objects, TLS
 * options, Traefik values, and the load balancer annotations per target. Does not prove the chart
 * accepts these values (no Helm here) nor that controllers reconcile the objects.
 */
import { describe, expect, it } from "vitest";
import { resolveSizing } from "../../../config/tiers";
import {
    appRouteSpec,
    AWS_TLS13_POLICY,
    DEFAULT_BACKENDS,
    ENTRYPOINTS,
    gatewayServiceAnnotations,
    gatewaySpec,
    HOST_IDS,
    redirectRouteSpec,
    tlsOptionSpec,
    traefikValues,
    TRAEFIK_LATENCY_BUCKETS,
} from "../../../components/platform/gateway";
import { gatewayApiCrdsUrl } from "../../../components/platform/gateway-api-crds";
import { hosts, compute } from "../../support/platform-pools";

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
