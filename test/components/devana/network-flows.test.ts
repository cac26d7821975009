/**
 * The flow matrix and the policy generator (pure): R-NET-FW is in the matrix for each scenario,
 * the generator's policies read back into exactly the matrix, the read-back catches a stray rule,
 * and the documentation lists every flow of every variant. Whether a CNI enforces the policies is
 * not proven here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import { flowMatrix, networkPeers, type FlowMatrixInput } from "../../../components/devana/network-flows";
import { networkPolicies, type NetworkPolicyManifest } from "../../../components/devana/network-policies";
import { FLOW_INPUT_BASE } from "../../support/flow-input";
import { REPO_ROOT } from "../../support/helpers";
import { danglingPairs, derivePairs, documentedFlows, effectivePairs, flowPairs, pairKey, portsCell, R_NET_FW_CLOUD, R_NET_FW_SELF_HOSTED } from "../../support/netpol";

const BASE = FLOW_INPUT_BASE;

const VARIANTS: Record<string, FlowMatrixInput> = {
    selfhosted: BASE,
    hybrid: { ...BASE, cloudModels: true, sso: { oidcPort: 443 } },
    cloud: { ...BASE, selfHostedChat: false, selfHostedEmbeddings: false, cloudModels: true, objectStore: { kind: "cloud" }, redisReplicated: false },
    eks: { ...BASE, objectStore: { kind: "cloud", podIdentityAgent: true } },
    aks: { ...BASE, objectStore: { kind: "cloud", privateEndpointCidr: "10.0.30.0/24", odin: false } },
    "external-s3": { ...BASE, objectStore: { kind: "external", port: 443 }, sso: { ldapPort: 636, adfsPort: 443 } },
    replication: { ...BASE, replication: { port: 443 } },
    "external-s3-replication": { ...BASE, objectStore: { kind: "external", port: 443 }, replication: { port: 443 } },
    openshift: { ...BASE, distribution: "openshift" },
    "in-cluster-waf": { ...BASE, inClusterWaf: { name: "devana-waf", port: 8080 } },
    tracing: { ...BASE, tracing: { namespace: "monitoring", port: 4317 } },
};

/** R-NET-FW's "LB" is the in-cluster WAF when there is one (the DMZ's last hop before the application). */
const rNetFw = (input: FlowMatrixInput): string[] => (input.selfHostedChat ? R_NET_FW_SELF_HOSTED : R_NET_FW_CLOUD).map((k) => (input.inClusterWaf ? k.replace(/^gateway /, "waf ") : k));

/** Manifests as the recorded resources of the NetworkPolicies component. */
function asResources(manifests: readonly NetworkPolicyManifest[]): PlannedResource[] {
    return manifests.map((m) => ({
        urn: `urn:${m.namespace}:${m.name}`,
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        name: m.name,
        custom: true,
        inputs: JSON.parse(JSON.stringify({ metadata: { name: m.name, namespace: m.namespace }, spec: m.spec })) as Record<string, unknown>,
        options: { protect: false, ignoreChanges: [], retainOnDelete: false, provider: "", dependsOn: [] },
    })) as unknown as PlannedResource[];
}

describe.each(Object.entries(VARIANTS))("variant %s", (variant, input) => {
    const flows = flowMatrix(input);
    const peers = networkPeers(input);

    it("contains every R-NET-FW flow that applies", () => {
        const pairs = flowPairs(flows);
        for (const flow of rNetFw(input)) {
            expect(pairs, flow).toContain(flow);
        }
    });

    it("generates policies that allow exactly the matrix, with a default deny in each Devana namespace", () => {
        const derived = derivePairs(asResources(networkPolicies(input)), peers);
        expect([...derived.defaultDeny].sort()).toEqual(["devana-ai", "devana-prod", "devana-services"]);
        expect(danglingPairs(derived, peers)).toEqual([]);
        expect([...effectivePairs(derived, peers)].sort()).toEqual([...flowPairs(flows)].sort());
    });

    it("has unique flow ids, each documented in docs/app-tier.md with its peers and ports", () => {
        expect(new Set(flows.map((f) => f.id)).size).toBe(flows.length);
        const doc = documentedFlows(readFileSync(join(REPO_ROOT, "docs/app-tier.md"), "utf8"));
        for (const flow of flows) {
            expect(doc.get(flow.id), `${variant} ${flow.id}`).toEqual({ from: flow.from, to: flow.to, ports: portsCell(flow) });
        }
    });
});

describe("the on-prem in-cluster WAF (R-SEC-ZONES): the only way from the gateway to the application", () => {
    const waf = { ...BASE, inClusterWaf: { name: "devana-waf", port: 8080 } };
    const allowed = (input: FlowMatrixInput): string[] => [...effectivePairs(derivePairs(asResources(networkPolicies(input)), networkPeers(input)), networkPeers(input))];

    it("the gateway reaches the WAF's nginx port and nothing else; without the WAF, the Frontend and API directly", () => {
        expect(allowed(waf).filter((k) => k.startsWith("gateway "))).toEqual([pairKey("gateway", "waf", "TCP", 8080)]);
        expect(
            allowed(BASE)
                .filter((k) => k.startsWith("gateway "))
                .sort(),
        ).toEqual([pairKey("gateway", "api", "TCP", 4666), pairKey("gateway", "api", "TCP", 5001), pairKey("gateway", "frontend", "TCP", 3000)].sort());
        expect(allowed(BASE).filter((k) => k.startsWith("waf ") || / -> waf /.test(k))).toEqual([]);
    });

    it("the WAF reaches the Frontend on 3000, the API on 4666 and 5001, and DNS through the namespace rule, nothing else", () => {
        expect(
            allowed(waf)
                .filter((k) => k.startsWith("waf "))
                .sort(),
        ).toEqual([pairKey("waf", "api", "TCP", 4666), pairKey("waf", "api", "TCP", 5001), pairKey("waf", "frontend", "TCP", 3000)].sort());
        const policies = networkPolicies(waf).filter((p) => p.name.startsWith("waf-"));
        expect(policies.map((p) => [p.name, p.namespace, p.spec.podSelector, p.flows])).toEqual([
            ["waf-ingress", "devana-prod", { matchLabels: { "app.kubernetes.io/name": "devana-waf" } }, ["gateway-waf"]],
            ["waf-egress", "devana-prod", { matchLabels: { "app.kubernetes.io/name": "devana-waf" } }, ["fw-waf-frontend", "fw-waf-api", "waf-api-ws"]],
        ]);
    });

    it("the Frontend and API accept the front door only from the WAF", () => {
        const into = (to: string): string[] =>
            [
                ...new Set(
                    allowed(waf)
                        .filter((k) => k.includes(` -> ${to} `))
                        .map((k) => k.split(" ")[0]),
                ),
            ].sort();
        expect(into("frontend")).toEqual(["waf"]);
        expect(into("api")).toEqual(["frontend", "odin", "waf"]);
    });
});

describe("the read-back has teeth", () => {
    const peers = networkPeers(BASE);

    it("an extra rule on both ends shows up as a pair outside the matrix", () => {
        const extra = [...flowMatrix(BASE), { id: "x", from: "frontend" as const, to: "postgresql" as const, ports: [{ port: 5432, protocol: "TCP" as const }], rule: "needed" as const, reason: "" }];
        const allowed = effectivePairs(derivePairs(asResources(networkPolicies(BASE, extra)), peers), peers);
        expect(allowed).toContain(pairKey("frontend", "postgresql", "TCP", 5432));
        expect(flowPairs(flowMatrix(BASE))).not.toContain(pairKey("frontend", "postgresql", "TCP", 5432));
    });

    it("a rule without ports, or with a selector outside the catalogue, is refused", () => {
        const manifests = networkPolicies(BASE);
        const open = manifests.map((m) => (m.name === "api-ingress" ? { ...m, spec: { ...m.spec, ingress: [{ from: m.spec.ingress![0].from, ports: [] }] } } : m));
        expect(() => derivePairs(asResources(open), peers)).toThrow(/allows everything/);
        const wide = manifests.map((m) => (m.name === "api-ingress" ? { ...m, spec: { ...m.spec, ingress: [{ from: [{ podSelector: { matchLabels: { app: "anything-else" } } }], ports: [{ port: 4666, protocol: "TCP" as const }] }] } } : m));
        expect(() => derivePairs(asResources(wide), peers)).toThrow(/outside the matrix/);
    });

    it("the Internet range excludes private, shared and link-local addresses", () => {
        const internet = peers.internet;
        expect(internet).toEqual({ kind: "cidr", cidr: "0.0.0.0/0", except: expect.arrayContaining(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"]) });
    });
});

describe("on-prem object-store jobs (R-STO-BACKUP): weekly file snapshots and geo-replication", () => {
    const jobFlows = (input: FlowMatrixInput): string[] => [...flowPairs(flowMatrix(input).filter((f) => f.from === "filesSnapshot" || f.from === "objectReplication"))].sort();

    it("the weekly snapshot job reaches only the store; the replication job the store and the replica endpoint's port", () => {
        expect(jobFlows(BASE)).toEqual([pairKey("filesSnapshot", "objectStore", "TCP", 8333), pairKey("filesSnapshot", "objectStore", "TCP", 9000)]);
        expect(jobFlows({ ...BASE, replication: { port: 9443 } })).toEqual(
            [
                pairKey("filesSnapshot", "objectStore", "TCP", 8333),
                pairKey("filesSnapshot", "objectStore", "TCP", 9000),
                pairKey("objectReplication", "anyAddress", "TCP", 9443),
                pairKey("objectReplication", "objectStore", "TCP", 8333),
                pairKey("objectReplication", "objectStore", "TCP", 9000),
            ].sort(),
        );
        expect(jobFlows({ ...BASE, objectStore: { kind: "external", port: 443 }, replication: { port: 9443 } })).toEqual(
            [pairKey("filesSnapshot", "anyAddress", "TCP", 443), pairKey("objectReplication", "anyAddress", "TCP", 443), pairKey("objectReplication", "anyAddress", "TCP", 9443)].sort(),
        );
    });

    it("the store admits the jobs (ingress of the SeaweedFS pods), and nothing of theirs exists on a cloud store", () => {
        const peers = networkPeers({ ...BASE, replication: { port: 443 } });
        const derived = derivePairs(asResources(networkPolicies({ ...BASE, replication: { port: 443 } })), peers);
        expect(derived.ingress).toContain(pairKey("objectReplication", "objectStore", "TCP", 9000));
        expect(derived.ingress).toContain(pairKey("filesSnapshot", "objectStore", "TCP", 9000));
        expect(jobFlows({ ...BASE, objectStore: { kind: "cloud" }, replication: { port: 443 } })).toEqual([]);
    });

    it("the jobs are the pods of their CronJobs in devana-services", () => {
        const peers = networkPeers(BASE);
        expect(peers.filesSnapshot).toEqual({ kind: "pods", namespace: "devana-services", pods: { matchLabels: { "app.kubernetes.io/name": "files-snapshot" } }, managed: true });
        expect(peers.objectReplication).toEqual({ kind: "pods", namespace: "devana-services", pods: { matchLabels: { "app.kubernetes.io/name": "object-replication" } }, managed: true });
    });
});

describe("tracing (issue 17): ChromaDB's traces to the OpenTelemetry Collector", () => {
    const tracing: FlowMatrixInput = { ...BASE, tracing: { namespace: "monitoring", port: 4317 } };
    const pairsTo = (input: FlowMatrixInput): string[] => [...flowPairs(flowMatrix(input))].filter((k) => k.includes("otelCollector")).sort();

    it("adds exactly one flow, ChromaDB to the collector's OTLP/gRPC port, and none without tracing", () => {
        expect(pairsTo(tracing)).toEqual([pairKey("chroma", "otelCollector", "TCP", 4317)]);
        expect(pairsTo(BASE)).toEqual([]);
        expect(flowMatrix(tracing).length).toBe(flowMatrix(BASE).length + 1);
    });

    it("names the collector's pods by the chart's name label in the monitoring namespace (outside the Devana namespaces)", () => {
        expect(networkPeers(tracing).otelCollector).toEqual({ kind: "pods", namespace: "monitoring", pods: { matchLabels: { "app.kubernetes.io/name": "opentelemetry-collector" } }, managed: false });
    });

    it("lets only ChromaDB's egress policy reach the collector", () => {
        const peers = networkPeers(tracing);
        const derived = derivePairs(asResources(networkPolicies(tracing)), peers);
        expect([...derived.egress].filter((k) => k.includes("otelCollector"))).toEqual([pairKey("chroma", "otelCollector", "TCP", 4317)]);
        expect([...derived.ingress].filter((k) => k.includes("otelCollector"))).toEqual([]);
    });
});
