/**
 * Behind a WAF the gateway sees the WAF's addresses; Traefik keeps X-Forwarded-For only from the
 * proxies it trusts, so Devana's sessions and the access logs (R-SEC-AUDIT) keep client addresses.
 * The cloud WAFs live in the DMZ (R-NET-ZONES); on-prem the customer names its WAF's addresses.
 */
import { describe, expect, it } from "vitest";
import { traefikValues } from "../../components/platform/gateway";
import { evaluateOk, ofType } from "../support/helpers";

type Ports = Record<string, { forwardedHeaders?: { trustedIPs: string[] } }>;

async function traefikPorts(stack: string): Promise<Ports> {
    const { resources } = await evaluateOk(stack);
    const chart = ofType(resources, "kubernetes:helm.sh/v4:Chart").find((c) => c.inputs.chart === "traefik");
    expect(chart, `no traefik chart in ${stack}`).toBeDefined();
    return (chart!.inputs.values as { ports: Ports }).ports;
}

describe("X-Forwarded-For from the WAF", () => {
    it.each(["prod", "staging", "azure-prod"])("%s trusts only the DMZ, where its WAF runs, on both entry points", async (stack) => {
        const ports = await traefikPorts(stack);
        expect(ports.web.forwardedHeaders).toEqual({ trustedIPs: ["10.0.1.0/24"] });
        expect(ports.websecure.forwardedHeaders).toEqual({ trustedIPs: ["10.0.1.0/24"] });
    });

    it.each(["onprem", "dev"])("%s trusts no proxy when none is configured", async (stack) => {
        const ports = await traefikPorts(stack);
        expect(ports.web.forwardedHeaders).toBeUndefined();
        expect(ports.websecure.forwardedHeaders).toBeUndefined();
    });

    it("takes the configured proxies as they are", () => {
        const values = traefikValues({
            size: { cpu: 1, memoryGi: 1, diskGi: 1, replicas: 2, maxReplicas: 2, gpu: 0 },
            placement: { nodeSelector: {}, tolerations: [] },
            serviceAnnotations: {},
            serviceType: "LoadBalancer",
            loadBalancerSourceRanges: [],
            trustedProxies: ["192.0.2.0/28", "198.51.100.7/32"],
        }) as { ports: Ports };
        expect(values.ports.websecure.forwardedHeaders).toEqual({ trustedIPs: ["192.0.2.0/28", "198.51.100.7/32"] });
        expect(values.ports.metrics.forwardedHeaders).toBeUndefined();
    });
});
