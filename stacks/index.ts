/**
 * Chooses the target's stack. Only the chosen target's module (and its cloud SDK) is loaded, which
 * keeps on-prem plans from paying for @pulumi/aws and @pulumi/azure-native.
 */
import type { LoadedConfig } from "../config/load";
import type { StackOutputs } from "./common";

export async function deploy({ config, secrets }: LoadedConfig): Promise<StackOutputs> {
    switch (config.target) {
        case "onprem":
            return (await import("./onprem")).deployOnPrem(config, secrets);
        case "aws":
            return (await import("./aws")).deployAws(config, secrets);
        case "azure":
            return (await import("./azure")).deployAzure(config, secrets);
    }
}
