/**
 * Pure tests of the AKS plan: node pools, pod subnet capacity, network profile, kubeconfig rewrite.
 * Does not prove AKS accepts the combination (VM size availability per zone, quotas): only `pulumi up` does.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ResolvedPool } from "../../../config/model";
import { parseConfig } from "../../../config/resolve";
import { AKS_AAD_SERVER_APP_ID, aksAgentPools, aksNetworkProfile, dnsServiceIp, EXCLUDE_FROM_LB_LABEL, podSubnetCapacityProblems, kubeloginKubeconfig } from "../../../components/cluster/azure-cluster";
import { azurePodSubnets } from "../../../components/network/azure-network";

function pools(scenario: "selfhosted" | "cloud"): Readonly<Record<string, ResolvedPool>> {
    const values: Record<string, string> = {
        "devana:target": "azure",
        "devana:environment": "staging",
        "devana:tier": "enterprise",
        "devana:azure": JSON.stringify({ location: "swedencentral" }),
        "devana:llm": JSON.stringify(scenario === "cloud" ? { scenario, cloudProvider: "openai", cloudModel: "gpt-4o" } : { scenario, model: "llama-3.3-70b" }),
        "devana:domain": "devana.example.eu",
        "devana:tls": JSON.stringify({ mode: "acme", email: "ops@example.eu" }),
        "devana:images": JSON.stringify({ tags: { api: "2.8.0", frontend: "2.8.0", odin: "1.9.0" } }),
    };
    const result = parseConfig({ values, secretKeys: new Set() });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.config.nodePools;
}

describe("aksAgentPools", () => {
    const specs = aksAgentPools({ pools: pools("selfhosted") as never, availabilityZones: ["1", "2", "3"] });
    const by = (id: string) => specs.find((s) => s.id === id)!;

    it("puts the system pool in the management zone and each Devana pool in its seed zone, one AKS pool per pool (issue 20)", () => {
        expect(specs.map((s) => [s.id, s.aksName, s.mode, s.zone])).toEqual([
            ["system", "system", "System", "management"],
            ["compute-app", "computeapp", "User", "app"],
            ["services", "services", "User", "services"],
            ["gpu-llm", "gpullm", "User", "ai"],
            ["gpu-embed", "gpuembed", "User", "ai"],
            ["data", "data", "User", "data"],
            ["management", "mgmt", "User", "management"],
        ]);
        expect(specs.every((s) => /^[a-z][a-z0-9]{0,11}$/.test(s.aksName))).toBe(true);
        expect(specs.every((s) => s.availabilityZones.join() === "1,2,3")).toBe(true);
    });

    it("uses the tier's machine sizes: 2x H100 NVL for the 70B model, A10 for embeddings (Azure has no L4), L-series NVMe for data", () => {
        expect(by("gpu-llm").vmSize).toBe("Standard_NC80adis_H100_v5");
        expect(by("gpu-embed").vmSize).toBe("Standard_NV36ads_A10_v5");
        expect(by("data").vmSize).toBe("Standard_L32s_v3");
        expect(by("compute-app").vmSize).toBe("Standard_D32ds_v5");
        // Issue 20: enterprise Odin's GPU on the Services pool; monitoring on the Management pool.
        expect(by("services")).toMatchObject({ vmSize: "Standard_NV36ads_A10_v5", gpu: true, nodeTaints: [] });
        expect(by("management")).toMatchObject({ vmSize: "Standard_D16ds_v5", gpu: false });
    });

    it("taints and labels the GPU pools, labels every pool with its zone, and excludes every pool but the gateway's (compute, App) from the load balancers (issue 20)", () => {
        for (const id of ["gpu-llm", "gpu-embed"]) {
            expect(by(id)).toMatchObject({ gpu: true, nodeTaints: ["nvidia.com/gpu=true:NoSchedule"] });
        }
        const excluded = { [EXCLUDE_FROM_LB_LABEL]: "true" };
        expect(EXCLUDE_FROM_LB_LABEL).toBe("node.kubernetes.io/exclude-from-external-load-balancers");
        expect(by("gpu-llm").nodeLabels).toEqual({ "devana.ai/pool": "gpuLlm", "devana.ai/zone": "ai", ...excluded });
        expect(by("data").nodeLabels).toEqual({ "devana.ai/pool": "data", "devana.ai/zone": "data", ...excluded });
        expect(by("system").nodeLabels).toEqual({ "devana.ai/pool": "system", "devana.ai/zone": "management", ...excluded });
        expect(by("compute-app").nodeLabels).toEqual({ "devana.ai/pool": "compute", "devana.ai/zone": "app" });
        expect(specs.filter((s) => s.nodeLabels[EXCLUDE_FROM_LB_LABEL] !== "true").map((s) => s.id)).toEqual(["compute-app"]);
    });

    it("keeps the enterprise tier's autoscaler bounds per pool: compute 10-20, Services 3-4, GPU LLM 4-8, embeddings 2-3, data 3-5, Management 2-4, system 3-5", () => {
        expect(specs.map((s) => [s.id, s.minCount, s.maxCount, s.count])).toEqual([
            ["system", 3, 5, 3],
            ["compute-app", 10, 20, 10],
            ["services", 3, 4, 3],
            ["gpu-llm", 4, 8, 4],
            ["gpu-embed", 2, 3, 2],
            ["data", 3, 5, 3],
            ["management", 2, 4, 2],
        ]);
    });

    it("leaves the GPU pools out in the cloud LLM scenario (the Services pool then has no GPU)", () => {
        const cloud = aksAgentPools({ pools: pools("cloud") as never, availabilityZones: ["1"] });
        expect(cloud.map((s) => s.id)).toEqual(["system", "compute-app", "services", "data", "management"]);
        expect(cloud.find((s) => s.id === "services")).toMatchObject({ vmSize: "Standard_D32ds_v5", gpu: false });
    });
});

describe("podSubnetCapacityProblems (issue 20)", () => {
    const specs = aksAgentPools({ pools: pools("selfhosted") as never, availabilityZones: ["1", "2", "3"] });
    it("fits the enterprise pools in the default /16's /19 pod subnets", () => {
        expect(podSubnetCapacityProblems(specs, azurePodSubnets("10.244.0.0/16"))).toEqual([]);
    });

    it("names each zone whose pod subnet is short: nodes at maximum plus a third surge (none on GPU pools), 112 addresses each (110 pods in batches of 16)", () => {
        const problems = podSubnetCapacityProblems(specs, azurePodSubnets("10.244.0.0/21"));
        expect(problems).toHaveLength(5);
        // App: compute 20 + 7 surge = 27 nodes x 112 = 3,024 > 256 - 5.
        expect(problems[0]).toBe(
            "devana:azure.podCidr: the app zone's pod subnet 10.244.0.0/24 holds 251 pod addresses; its pools (compute-app) need 3024 at their maximum size with upgrade surge (27 nodes x 112): give devana:azure.podCidr a larger range",
        );
        // Services is a GPU pool (enterprise Odin): 4 nodes, no surge.
        expect(problems[1]).toMatch(/the services zone's .* need 448 .* \(4 nodes x 112\)/);
        // Management: system 5 + 2, mgmt 4 + 2.
        expect(problems[4]).toMatch(/the management zone's pod subnet 10\.244\.4\.0\/24 .*\(system, management\) need 1456 .*\(13 nodes x 112\)/);
    });
});

describe("aksNetworkProfile", () => {
    it("is Azure CNI with dynamic pod IP allocation (no overlay, no podCidr: the pools' pod subnets, issue 20) and Cilium, services outside the VNet, egress through the NAT gateway", () => {
        expect(aksNetworkProfile({ serviceCidr: "172.16.0.0/16" })).toEqual({
            networkPlugin: "azure",
            networkDataplane: "cilium",
            networkPolicy: "cilium",
            serviceCidr: "172.16.0.0/16",
            dnsServiceIP: "172.16.0.10",
            outboundType: "userAssignedNATGateway",
            loadBalancerSku: "standard",
        });
        expect(dnsServiceIp("192.168.4.0/22")).toBe("192.168.4.10");
    });
});

describe("kubeloginKubeconfig", () => {
    it("replaces AKS' interactive devicecode login by a non-interactive kubelogin mode", () => {
        const input = [
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: aks, cluster: {server: 'https://aks.privatelink:443'}}]",
            "users:",
            "- name: clusterUser",
            "  user:",
            "    exec: {command: kubelogin, args: [get-token, --login, devicecode, --server-id, x]}",
        ].join("\n");
        const out = parse(kubeloginKubeconfig(input, "azurecli")) as { users: { user: { exec: { args: string[]; interactiveMode: string } } }[]; clusters: unknown[] };
        expect(out.users[0].user.exec.args).toEqual(["get-token", "--login", "azurecli", "--server-id", AKS_AAD_SERVER_APP_ID]);
        expect(out.users[0].user.exec.interactiveMode).toBe("Never");
        expect(out.clusters).toHaveLength(1);
    });
});
