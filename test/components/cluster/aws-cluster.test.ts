/**
 * EKS cluster wiring (pure): the kubeconfig, the VPC CNI and CoreDNS add-on configurations, the
 * cluster autoscaler's command.
 * Does not prove that EKS accepts the add-on configurations (no AWS offline).
 */
import { describe, expect, it } from "vitest";
import { ENI_CONFIG_LABEL } from "../../../components/cluster/aws-node-group";
import { coreDnsConfiguration, kubeconfigFor, vpcCniConfiguration } from "../../../components/cluster/aws-cluster";
import { clusterAutoscalerCommand } from "../../../components/cluster/aws-cluster-autoscaler";

describe("cluster wiring", () => {
    it("the VPC CNI uses custom networking per (zone, AZ) through our node label, prefix delegation and NetworkPolicy enforcement", () => {
        // Issue 20: ENI_CONFIG_LABEL_DEF names the node label whose value is the ENIConfig's name.
        expect(vpcCniConfiguration()).toEqual({
            env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "devana.ai/eni-config", ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" },
            enableNetworkPolicy: "true",
        });
        expect(ENI_CONFIG_LABEL).toBe("devana.ai/eni-config");
    });

    it("CoreDNS goes to the Management pool through the add-on's affinity and tolerations keys (issue 20)", () => {
        const affinity = (matchExpressions: unknown[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } });
        expect(coreDnsConfiguration({ nodeSelector: { "devana.ai/pool": "management" }, tolerations: [] })).toEqual({
            affinity: affinity([{ key: "devana.ai/pool", operator: "In", values: ["management"] }]),
        });
        expect(coreDnsConfiguration({ nodeSelector: { a: "b" }, tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }] })).toEqual({
            affinity: affinity([{ key: "a", operator: "In", values: ["b"] }]),
            tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }],
        });
    });

    it("the cluster autoscaler balances a pool's zonal groups, ignoring their ENIConfig label (issue 20)", () => {
        const cmd = clusterAutoscalerCommand("devana-prod");
        expect(cmd).toContain("--balance-similar-node-groups=true");
        expect(cmd).toContain("--balancing-ignore-label=devana.ai/eni-config");
    });

    it("the kubeconfig authenticates through aws eks get-token", () => {
        const config = JSON.parse(kubeconfigFor("devana-prod", "https://x", "Q0E=", "eu-north-1"));
        expect(config.users[0].user.exec.args).toEqual(["eks", "get-token", "--cluster-name", "devana-prod", "--region", "eu-north-1", "--output", "json"]);
        expect(config.clusters[0].cluster).toEqual({ server: "https://x", "certificate-authority-data": "Q0E=" });
    });
});
