/**
 * Issue 10, `devana:onprem.clusterScope: preinstalled`, pure: with cluster scope preinstalled the
 * issuer kind, certificates, gateway and monitoring values create nothing cluster-scoped (the charts'
 * cluster-scoped templates are asserted off through their values).
 */
import { describe, expect, it } from "vitest";
import { certificateSpec, issuerKindFor } from "../../../components/platform/cert-manager";
import { gatewayRoutingFor, traefikValues } from "../../../components/platform/gateway";
import { alloyConfig, alloyValues, lokiValues } from "../../../components/platform/monitoring";
import { resolveSizing } from "../../../config/tiers";

const compute = { nodeSelector: { "devana.ai/pool": "compute" }, tolerations: [] };

describe("preinstalled cluster scope (pure)", () => {
    it("uses a namespaced Issuer and Traefik-CRD routing on every distribution", () => {
        expect([issuerKindFor("install"), issuerKindFor("preinstalled")]).toEqual(["ClusterIssuer", "Issuer"]);
        const hosts = { front: "d.example.com", api: "api.d.example.com", ws: "ws.d.example.com" };
        expect(certificateSpec("api", hosts, "letsencrypt", "Issuer").issuerRef).toEqual({ group: "cert-manager.io", kind: "Issuer", name: "letsencrypt" });
        expect(certificateSpec("api", hosts, "letsencrypt").issuerRef).toEqual({ group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt" });
        expect(["vanilla", "rke2", "openshift"].map((d) => gatewayRoutingFor(d as "vanilla", "preinstalled"))).toEqual(["traefik-crd", "traefik-crd", "traefik-crd"]);
        expect(["vanilla", "rke2", "openshift"].map((d) => gatewayRoutingFor(d as "vanilla"))).toEqual(["gateway-api", "gateway-api", "traefik-crd"]);
    });

    it("keeps vanilla Traefik on 80/443 with the sysctl when preinstalled, with namespaced RBAC", () => {
        const input = { size: resolveSizing("production").gateway, placement: compute, serviceAnnotations: {}, serviceType: "LoadBalancer" as const, loadBalancerSourceRanges: [], appNamespace: "devana-prod" };
        const values = traefikValues({ ...input, clusterScope: "preinstalled" }) as Record<string, any>;
        expect(values.rbac).toEqual({ enabled: true, namespaced: true });
        expect(values.podSecurityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" }, sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] });
        expect(values.providers.kubernetesGateway).toEqual({ enabled: false });
        expect(values.providers.kubernetesCRD.namespaces).toEqual(["traefik", "devana-prod"]);
        expect(traefikValues({ ...input, clusterScope: "install" })).toEqual(traefikValues(input));
    });

    it("gives Loki a Role and Alloy a Role per log namespace, without the PodLogs CRD", () => {
        const loki = { tier: "production" as const, auditRetentionDays: 365, placement: compute };
        expect(lokiValues({ ...loki, clusterScope: "preinstalled" })).toMatchObject({ rbac: { namespaced: true }, sidecar: { rules: { enabled: false } } });
        expect(lokiValues(loki).rbac).toBeUndefined();
        const alloy = alloyValues("monitoring", compute, "openshift", ["devana-prod", "monitoring"]) as Record<string, any>;
        const rules = [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] }];
        expect([alloy.crds, alloy.rbac]).toEqual([{ create: false }, { create: true, namespaces: ["devana-prod", "monitoring"], rules }]);
        expect(alloy.alloy.configMap.content).toContain('  namespaces {\n    names = ["devana-prod", "monitoring"]\n  }\n');
        expect(alloyValues("monitoring", compute, "openshift").rbac).toBeUndefined();
        expect(alloyConfig("monitoring")).not.toContain("namespaces {");
    });
});
