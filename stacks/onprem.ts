/** The `onprem` target: an existing cluster reached through a kubeconfig. */
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/resolve";
import { OnPremCluster } from "../components/cluster/onprem-cluster";
import { deployCommon, type StackOutputs } from "./common";

export function deployOnPrem(config: DevanaConfig, secrets: ConfigSecrets): StackOutputs {
    const cluster = new OnPremCluster("devana-cluster", { kubeconfig: secrets.kubeconfig, context: config.onprem?.context });
    return deployCommon(config, secrets, cluster.provider).outputs;
}
