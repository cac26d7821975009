/** The flow-matrix input of the self-hosted seed (vanilla Kubernetes, in-cluster object store, replicated Redis) the flow tests start from. */
import type { FlowMatrixInput } from "../../components/devana/network-flows";

export const FLOW_INPUT_BASE: FlowMatrixInput = {
    namespaces: { app: "devana-prod", services: "devana-services", ai: "devana-ai", monitoring: "monitoring" },
    distribution: "vanilla",
    selfHostedChat: true,
    selfHostedEmbeddings: true,
    cloudModels: false,
    objectStore: { kind: "in-cluster", ports: [9000, 8333] },
    sso: {},
    redisReplicated: true,
};
