/**
 * Issue 20: a committed Azure stack's configuration and zone flows (the one table the NSGs are
 * generated from), parsed like the program does, without evaluating any resource.
 */
import { parseConfig, type DevanaConfig } from "../../config/resolve";
import { readStackFile, stackFilePath } from "../../scripts/lib/stack-file";
import { azureZoneFlows } from "../../stacks/azure";
import type { ZoneFlow } from "../../components/devana/zone-flows";

export function stackConfigOf(stack: string): DevanaConfig {
    const file = readStackFile(stackFilePath(stack));
    const result = parseConfig({ values: file.config, secretKeys: new Set(file.secretKeys) }, "devana", stack);
    if (!result.ok) {
        throw new Error(result.issues.map((i) => `${i.key}: ${i.message}`).join("\n"));
    }
    return result.config;
}

export function stackFlowsOf(stack: string): { config: DevanaConfig; flows: ZoneFlow[] } {
    const config = stackConfigOf(stack);
    return { config, flows: azureZoneFlows(config) };
}
