/**
 * A committed stack's configuration parsed like the program does, without evaluating any resource
 * (issue 20: the zone flows the cloud network rules are generated from).
 */
import type { ZoneFlow } from "../../components/devana/zone-flows";
import { formatCidr, mustParseCidr } from "../../config/cidr";
import type { DevanaConfig } from "../../config/model";
import { parseConfig } from "../../config/resolve";
import { readStackFile, stackFilePath } from "../../scripts/lib/stack-file";

export function stackConfigOf(stack: string): DevanaConfig {
    const file = readStackFile(stackFilePath(stack));
    const result = parseConfig({ values: file.config, secretKeys: new Set(file.secretKeys) }, "devana", stack);
    if (!result.ok) {
        throw new Error(result.issues.map((i) => `${i.key}: ${i.message}`).join("\n"));
    }
    return result.config;
}

/** The configuration and its zone flows, as the target's stack computes them (`awsZoneFlows`, `azureZoneFlows`). */
export function stackFlowsOf(stack: string, zoneFlowsOf: (config: DevanaConfig) => ZoneFlow[]): { config: DevanaConfig; flows: ZoneFlow[] } {
    const config = stackConfigOf(stack);
    return { config, flows: zoneFlowsOf(config) };
}

/** An address inside a range (its tenth), as a source or destination of the rule evaluators. */
export const addressIn = (cidr: string): string => formatCidr({ base: mustParseCidr(cidr).base + 10, prefix: 32 }).replace("/32", "");
