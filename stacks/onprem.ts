/** The `onprem` target: an existing cluster reached through a kubeconfig. */
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/resolve";
import { OnPremCluster } from "../components/cluster/onprem-cluster";
import { dataEndpointsFrom, deployApp } from "./app";
import { deployCommon, type StackOutputs } from "./common";
import { deployData, onPremDataInputs } from "./data";
import { deployPlatform } from "./platform";

export function deployOnPrem(config: DevanaConfig, secrets: ConfigSecrets): StackOutputs {
    const cluster = new OnPremCluster("devana-cluster", { kubeconfig: secrets.kubeconfig, context: config.onprem?.context });
    const common = deployCommon(config, secrets, cluster.provider);
    const platform = deployPlatform(config, common, cluster.provider, { gpuStack: "gpu-operator", serviceType: config.onprem?.gatewayServiceType });
    const data = deployData(config, common, cluster.provider, onPremDataInputs(config, secrets, cluster.provider, [platform.certManager]));
    deployApp(config, secrets, common, cluster.provider, { data: dataEndpointsFrom(config, data), dependsOn: [platform.certManager, ...data.ready] });
    return common.outputs;
}
