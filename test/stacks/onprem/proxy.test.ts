/**
 * Issue 18 item 2: the committed `onprem` stack's outbound proxy: the exact NO_PROXY, the variables
 * of the API, Odin and vLLM, and the egress NetworkPolicies that admit the proxy. What this does not
 * prove: that Devana, Odin or huggingface_hub honour the variables (the vendor documents HTTP(S)_PROXY
 * and LLM_PROXY; the Hub client uses requests/httpx, which read them), or that the CNI enforces the
 * policies.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { byName, evaluateOk } from "../../support/helpers";

const PROXY = { https: "http://proxy.example.internal:3128", addresses: ["10.0.99.10"] };

const ZONES = ["10.0.1.0/24", "10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24", "10.0.40.0/24", "10.0.99.0/24"];

describe("the committed onprem stack (proxy.example.internal:3128 at 10.0.99.10)", () => {
    let resources: readonly PlannedResource[];
    beforeAll(async () => {
        ({ resources } = await evaluateOk("onprem"));
    });
    type Env = { name: string; value?: string };
    const NO_PROXY = ["localhost", "127.0.0.1", ".svc", ".cluster.local", "devana.example.internal", ...ZONES, "10.42.0.0/16", "10.43.0.0/16"].join(",");
    const PROXY_ENV = [
        { name: "HTTP_PROXY", value: PROXY.https },
        { name: "HTTPS_PROXY", value: PROXY.https },
        { name: "NO_PROXY", value: NO_PROXY },
        { name: "http_proxy", value: PROXY.https },
        { name: "https_proxy", value: PROXY.https },
        { name: "no_proxy", value: NO_PROXY },
    ];
    const envOf = (type: string, name: string): Env[] => (byName(resources, type, name).inputs.spec as { template: { spec: { containers: { env: Env[] }[] } } }).template.spec.containers[0]!.env;
    const proxyVars = (env: Env[]): Env[] => env.filter((e) => /^(https?_proxy|no_proxy|llm_proxy)$/i.test(e.name));

    it("sets the proxy variables on the API (with LLM_PROXY), Odin and both vLLM servers, and not on the Frontend", () => {
        expect(proxyVars(envOf("kubernetes:apps/v1:Deployment", "devana-api-deployment"))).toEqual([...PROXY_ENV, { name: "LLM_PROXY", value: PROXY.https }]);
        expect(proxyVars(envOf("kubernetes:apps/v1:Deployment", "devana-odin-deployment"))).toEqual(PROXY_ENV);
        for (const name of ["devana-llm-chat-statefulset", "devana-llm-embeddings-statefulset"]) {
            expect(proxyVars(envOf("kubernetes:apps/v1:StatefulSet", name))).toEqual(PROXY_ENV);
        }
        expect(proxyVars(envOf("kubernetes:apps/v1:Deployment", "devana-frontend-deployment"))).toEqual([]);
    });

    it("admits the API's and vLLM's egress to 10.0.99.10:3128 and nowhere on public 443", () => {
        const egress = (ns: string, name: string) =>
            (byName(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", `devana-network-policies-${ns}-${name}`).inputs.spec as { egress: { to: { ipBlock?: { cidr: string } }[]; ports: unknown[] }[] }).egress;
        for (const [ns, name] of [
            ["devana-prod", "api-egress"],
            ["devana-ai", "ai-all-egress"],
        ]) {
            const rules = egress(ns, name);
            expect(rules).toContainEqual({ to: [{ ipBlock: { cidr: "10.0.99.10/32" } }], ports: [{ port: 3128, protocol: "TCP" }] });
            expect(rules.filter((r) => r.to.some((t) => t.ipBlock?.cidr === "0.0.0.0/0" && JSON.stringify(r.ports).includes("443")))).toEqual([]);
        }
    });
});
