/** The `aws` target: VPC, EKS and KMS-encrypted storage (not built yet). */
import type { ConfigSecrets } from "../config/load";
import type { DevanaConfig } from "../config/resolve";
import type { StackOutputs } from "./common";
import { NotImplementedError } from "./not-implemented";

export function deployAws(_config: DevanaConfig, _secrets: ConfigSecrets): StackOutputs {
    throw new NotImplementedError("aws", "the AwsNetwork and AwsCluster components (VPC with the six zones, EKS, KMS) are still to be built");
}
