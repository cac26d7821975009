/**
 * The fields the program tells Pulumi to ignore because a controller owns them, so that
 * `pulumi refresh` reports real drift only: replicas of Deployments under an HPA, and node counts
 * under the cluster autoscaler (EKS node groups, AKS node pools). Listed here on purpose: a new
 * ignored field must be added to this list, a missing one fails. Does not prove the controllers run.
 */
import { describe, expect, it } from "vitest";
import { evaluateOk } from "../support/helpers";

/** stack -> "type name" -> ignored fields, exactly. */
const IGNORED: Record<string, Record<string, string[]>> = {
    prod: {
        // Issue 20: one group per pool and AZ; only those whose min < max (the autoscaler can move them).
        "aws:eks/nodeGroup:NodeGroup devana-cluster-compute-eu-north-1a-ng": ["scalingConfig.desiredSize"],
        "aws:eks/nodeGroup:NodeGroup devana-cluster-compute-eu-north-1b-ng": ["scalingConfig.desiredSize"],
        "aws:eks/nodeGroup:NodeGroup devana-cluster-compute-eu-north-1c-ng": ["scalingConfig.desiredSize"],
        "aws:eks/nodeGroup:NodeGroup devana-cluster-data-eu-north-1a-ng": ["scalingConfig.desiredSize"],
        "aws:eks/nodeGroup:NodeGroup devana-cluster-data-eu-north-1b-ng": ["scalingConfig.desiredSize"],
        "aws:eks/nodeGroup:NodeGroup devana-cluster-gpuEmbed-eu-north-1a-ng": ["scalingConfig.desiredSize"],
        "aws:eks/nodeGroup:NodeGroup devana-cluster-management-eu-north-1a-ng": ["scalingConfig.desiredSize"],
        "aws:eks/nodeGroup:NodeGroup devana-cluster-management-eu-north-1c-ng": ["scalingConfig.desiredSize"],
        "kubernetes:apps/v1:Deployment devana-api-deployment": ["spec.replicas"],
        "kubernetes:apps/v1:Deployment devana-frontend-deployment": ["spec.replicas"],
    },
    "azure-prod": {
        // The system pool is declared inline in the cluster; the others are AgentPool resources.
        "azure-native:containerservice:ManagedCluster devana-cluster-aks": ["agentPoolProfiles[0].count"],
        // Issue 20: one AKS pool per pool, each in its zone (compute keeps its id compute-app).
        "azure-native:containerservice:AgentPool devana-cluster-pool-compute-app": ["count"],
        "azure-native:containerservice:AgentPool devana-cluster-pool-services": ["count"],
        "azure-native:containerservice:AgentPool devana-cluster-pool-data": ["count"],
        "azure-native:containerservice:AgentPool devana-cluster-pool-gpu-embed": ["count"],
        "azure-native:containerservice:AgentPool devana-cluster-pool-gpu-llm": ["count"],
        "azure-native:containerservice:AgentPool devana-cluster-pool-management": ["count"],
        // Subnets are their own resources; the VNet must not fight over them.
        "azure-native:network:VirtualNetwork devana-network-vnet": ["subnets"],
        "kubernetes:apps/v1:Deployment devana-api-deployment": ["spec.replicas"],
        "kubernetes:apps/v1:Deployment devana-frontend-deployment": ["spec.replicas"],
    },
    onprem: {
        "kubernetes:apps/v1:Deployment devana-api-deployment": ["spec.replicas"],
        "kubernetes:apps/v1:Deployment devana-frontend-deployment": ["spec.replicas"],
    },
};

describe.each(Object.keys(IGNORED))("stack %s", (stack) => {
    it("ignores exactly the controller-owned fields", async () => {
        const { resources } = await evaluateOk(stack);
        const ignored = Object.fromEntries(resources.filter((r) => r.options.ignoreChanges.length > 0).map((r) => [`${r.type} ${r.name}`, [...r.options.ignoreChanges].sort()]));
        expect(ignored).toEqual(IGNORED[stack]);
    });

    it("every ignored replica count belongs to a workload an HPA scales", async () => {
        const { resources } = await evaluateOk(stack);
        const scaled = resources
            .filter((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")
            .map((r) => (r.inputs.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name)
            .sort();
        const pinned = resources
            .filter((r) => r.type === "kubernetes:apps/v1:Deployment" && r.options.ignoreChanges.includes("spec.replicas"))
            .map((r) => (r.inputs.metadata as { name: string }).name)
            .sort();
        expect(pinned).toEqual(scaled);
    });
});
