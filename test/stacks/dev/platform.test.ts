/**
 * The platform in the `dev` stack (kind cluster, cloud LLM, internal CA), evaluated once
 * in-process. Does not prove the charts fit on a kind node.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { byName, evaluateOk, ofType } from "../../support/helpers";
import { platformOnly } from "../../support/platform-scope";

let resources: readonly PlannedResource[];
const inputs = (r: PlannedResource): any => r.inputs;

beforeAll(async () => {
    resources = (await evaluateOk("dev")).resources;
});

describe("dev platform", () => {
    it("has no GPU support: the cloud LLM scenario enables no GPU pool", () => {
        expect(resources.filter((r) => r.type === "devana:platform:GpuSupport")).toHaveLength(0);
        expect(platformOnly(ofType(resources, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor"))).toHaveLength(0);
        expect(
            platformOnly(ofType(resources, "kubernetes:helm.sh/v4:Chart"))
                .map((r) => r.name)
                .sort(),
        ).toEqual(["devana-cert-manager-chart", "devana-gateway-traefik", "devana-monitoring-alloy", "devana-monitoring-kps", "devana-monitoring-loki", "devana-tracing-otel-collector", "devana-tracing-tempo"]);
    });

    it("sizes the gateway and Prometheus for the minimal tier", () => {
        const traefik = inputs(byName(resources, "kubernetes:helm.sh/v4:Chart", "devana-gateway-traefik")).values;
        expect(traefik.deployment.replicas).toBe(1);
        expect(traefik.podDisruptionBudget).toEqual({ enabled: false });
        const kps = inputs(byName(resources, "kubernetes:helm.sh/v4:Chart", "devana-monitoring-kps")).values;
        expect(kps.prometheus.prometheusSpec.retention).toBe("15d");
        expect(kps.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe("50Gi");
    });

    it("exposes the gateway as a NodePort on kind (no load-balancer controller there)", () => {
        expect(inputs(byName(resources, "kubernetes:helm.sh/v4:Chart", "devana-gateway-traefik")).values.service.spec.type).toBe("NodePort");
    });

    it("uses the internal CA issuer for the localtest.me hosts", () => {
        const issuer = platformOnly(ofType(resources, "kubernetes:cert-manager.io/v1:ClusterIssuer"));
        expect(issuer.map((r) => inputs(r).metadata.name)).toEqual(["devana-internal-ca"]);
        expect(
            platformOnly(ofType(resources, "kubernetes:cert-manager.io/v1:Certificate"))
                .map((r) => inputs(r).spec.dnsNames[0])
                .sort(),
        ).toEqual(["api.devana.localtest.me", "devana.localtest.me", "ws.devana.localtest.me"]);
    });
});
