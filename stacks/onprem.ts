/** The `onprem` target: an existing cluster reached through a kubeconfig. */
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/model";
import { OnPremCluster } from "../components/cluster/onprem-cluster";
import { workloadPlacement } from "../components/k8s/placement";
import { onPremGatewayEdge, onPremWafMode, OnPremWaf } from "../components/edge/onprem-waf";
import { dataEndpointsFrom, deployApp } from "./app";
import { deployCommon, type StackOutputs } from "./common";
import { deployData, onPremDataInputs } from "./data";
import { deployPlatform } from "./platform";
import { mirrorOf } from "../components/platform/image-mirror";
import { STORAGE_CLASS_NAMES } from "../components/storage/storage-classes";

export function deployOnPrem(config: DevanaConfig, secrets: ConfigSecrets): StackOutputs {
    const cluster = new OnPremCluster("devana-cluster", { kubeconfig: secrets.kubeconfig, context: config.onprem?.context });
    const common = deployCommon(config, secrets, cluster.provider);
    // R-SEC-ZONES: the customer's WAF is declared on the gateway Service, or the in-cluster WAF filters every route.
    const waf = onPremWafMode(config);
    const platform = deployPlatform(config, common, cluster.provider, {
        gpuStack: "gpu-operator",
        serviceType: config.onprem?.gatewayServiceType,
        edge: waf ? onPremGatewayEdge(waf) : undefined,
        trustedProxies: waf === "customer" ? config.waf.trustedProxies : [],
        // Issue 18 (R-SEC-REST): monitoring, audit-log and trace volumes on the R-STO `standard`
        // class (encrypted by the program), never the cluster default (Longhorn's plain `longhorn`).
        storageClass: STORAGE_CLASS_NAMES.standard,
    });
    if (waf === "in-cluster") {
        // ModSecurity + CRS between Traefik and the application; R-SIZE "Load balancer" row, like Traefik.
        new OnPremWaf(
            "devana-waf",
            {
                namespace: config.namespaces.app,
                hosts: config.hosts,
                waf: config.waf,
                size: config.sizing.gateway,
                placement: workloadPlacement(config.nodePools, "waf"),
                distribution: config.distribution,
                mirror: mirrorOf(config),
                gatewayChart: platform.gateway.chart,
                dependsOn: [common.namespaces],
            },
            { providers: { kubernetes: cluster.provider } },
        );
    }
    const data = deployData(config, common, cluster.provider, onPremDataInputs(config, secrets, cluster.provider, [platform.certManager]));
    deployApp(config, secrets, common, cluster.provider, { data: dataEndpointsFrom(config, data), dependsOn: [platform.certManager, ...data.ready] });
    return common.outputs;
}
