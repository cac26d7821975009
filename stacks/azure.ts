/** The `azure` target: VNet, AKS and customer-managed keys (not built yet). */
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/resolve";
import type { StackOutputs } from "./common";
import { NotImplementedError } from "./not-implemented";

export function deployAzure(_config: DevanaConfig, _secrets: ConfigSecrets): StackOutputs {
    throw new NotImplementedError("azure", "the AzureNetwork and AzureCluster components (VNet with the six zones, AKS, Key Vault) are still to be built");
}
