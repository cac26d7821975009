/**
 * Issue 18 item 2: the customer's outbound proxy (`devana:proxy`), pure. The configuration rules (a
 * proxy named by DNS needs its addresses, vanilla clusters need their pod range, on-prem only), and
 * the flow matrix's egress to the proxy instead of public 443.
 * Does not prove that the CNI enforces the policies.
 */
import { describe, expect, it } from "vitest";
import { flowMatrix, type FlowMatrixInput } from "../../../components/devana/network-flows";
import { networkPolicies } from "../../../components/devana/network-policies";
import { noProxyEntries, proxyEndpoint, proxySettings } from "../../../components/devana/proxy";
import { issues, ok, ONPREM } from "../../support/parse-helpers";

const PROXY = { https: "http://proxy.example.internal:3128", addresses: ["10.0.99.10"] };

const ZONES = ["10.0.1.0/24", "10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24", "10.0.40.0/24", "10.0.99.0/24"];

describe("devana:proxy at config time", () => {
    it("refuses a proxy named by DNS without addresses, naming devana:proxy.addresses", () => {
        expect(issues({ ...ONPREM, "devana:distribution": "rke2", "devana:proxy": { https: "http://proxy.example.internal:3128" } })).toEqual([
            { key: "devana:proxy.addresses", message: expect.stringContaining("proxy.https names proxy.example.internal") },
        ]);
    });

    it("accepts a proxy at an IP address without addresses, and takes its /32", () => {
        const config = ok({ ...ONPREM, "devana:distribution": "rke2", "devana:proxy": { https: "http://10.0.99.10:8080" } });
        expect(proxyEndpoint(config)).toEqual({ addresses: ["10.0.99.10/32"], ports: [8080] });
    });

    it("requires the pod range on a vanilla cluster (kubeadm has no default), naming the key", () => {
        expect(issues({ ...ONPREM, "devana:proxy": PROXY })).toEqual([{ key: "devana:onprem.clusterNetwork.podCidr", message: expect.stringContaining("required with devana:proxy on a vanilla cluster") }]);
        const config = ok({ ...ONPREM, "devana:proxy": PROXY, "devana:onprem": { clusterNetwork: { podCidr: "192.168.0.0/16" } } });
        expect(noProxyEntries(config).slice(-2)).toEqual(["192.168.0.0/16", "10.96.0.0/12"]);
    });

    it("refuses credentials in the URL and the key on a cloud target", () => {
        expect(issues({ ...ONPREM, "devana:distribution": "rke2", "devana:proxy": { ...PROXY, https: "http://user:secret@proxy.example.internal:3128" } })).toEqual([
            { key: "devana:proxy.https", message: expect.stringContaining("no credentials in the proxy URL") },
        ]);
        expect(issues({ ...ONPREM, "devana:target": "aws", "devana:proxy": PROXY })).toContainEqual({ key: "devana:proxy", message: expect.stringContaining("only applies to devana:target onprem") });
    });

    it("builds NO_PROXY from the built-ins, the domain, the zones, the distribution's ranges and the extra entries, in that order", () => {
        const rke2 = ok({ ...ONPREM, "devana:distribution": "rke2", "devana:proxy": { ...PROXY, noProxy: [".example.internal", "10.0.1.0/24"] } });
        expect(proxySettings(rke2)).toEqual({
            https: "http://proxy.example.internal:3128",
            http: "http://proxy.example.internal:3128",
            noProxy: ["localhost", "127.0.0.1", ".svc", ".cluster.local", "devana.example.com", ...ZONES, "10.42.0.0/16", "10.43.0.0/16", ".example.internal"].join(","),
        });
        const openshift = ok({ ...ONPREM, "devana:distribution": "openshift", "devana:proxy": PROXY });
        expect(noProxyEntries(openshift).slice(-2)).toEqual(["10.128.0.0/14", "172.30.0.0/16"]);
        expect(proxySettings(ok(ONPREM))).toBeUndefined();
    });
});

describe("the flow matrix with a proxy", () => {
    const BASE: FlowMatrixInput = {
        namespaces: { app: "devana-prod", services: "devana-services", ai: "devana-ai", monitoring: "monitoring" },
        distribution: "rke2",
        selfHostedChat: true,
        selfHostedEmbeddings: true,
        cloudModels: true,
        objectStore: { kind: "in-cluster", ports: [9000, 8333] },
        sso: {},
        redisReplicated: false,
    };
    const proxied: FlowMatrixInput = { ...BASE, proxy: { addresses: ["10.0.99.10/32", "10.0.99.11/32"], ports: [3128] } };

    it("sends every internet flow to the proxy's addresses and port instead", () => {
        const toOutside = (input: FlowMatrixInput) =>
            flowMatrix(input)
                .filter((f) => f.to === "internet" || f.to === "proxy")
                .map((f) => [f.id, f.from, f.to, f.ports]);
        expect(toOutside(BASE)).toEqual([
            ["api-licence", "api", "internet", [{ port: 443, protocol: "TCP" }]],
            ["odin-cloud-llm", "odin", "internet", [{ port: 443, protocol: "TCP" }]],
            ["vllm-model-download", "aiAll", "internet", [{ port: 443, protocol: "TCP" }]],
        ]);
        expect(toOutside(proxied)).toEqual([
            ["api-licence-proxy", "api", "proxy", [{ port: 3128, protocol: "TCP" }]],
            ["odin-cloud-llm-proxy", "odin", "proxy", [{ port: 3128, protocol: "TCP" }]],
            ["vllm-model-download-proxy", "aiAll", "proxy", [{ port: 3128, protocol: "TCP" }]],
        ]);
    });

    it("generates one ipBlock per proxy address on the proxy's port, and no public-internet rule (0.0.0.0/0 except private ranges)", () => {
        const policies = networkPolicies(proxied);
        const api = policies.find((p) => p.name === "api-egress")!;
        expect(api.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: "10.0.99.10/32" } }, { ipBlock: { cidr: "10.0.99.11/32" } }], ports: [{ port: 3128, protocol: "TCP" }] });
        const internetRules = (input: FlowMatrixInput) =>
            networkPolicies(input).flatMap((p) => (p.spec.egress ?? []).filter((r) => r.to.some((t) => t.ipBlock?.cidr === "0.0.0.0/0" && (t.ipBlock.except ?? []).length > 0)).map(() => p.name));
        expect(internetRules(BASE)).toEqual(["api-egress", "odin-egress", "ai-all-egress"]);
        expect(internetRules(proxied)).toEqual([]);
    });
});
