/** The target blocks (`aws`, `azure`, `onprem`) and the R-NET-ZONES network ranges. */
import { contains, mustParseCidr, overlaps, parseCidr } from "../cidr";
import { EKS_SERVICE_CIDR, ZONE_NAMES } from "../defaults";
import type { ConfigIssue } from "../model";
import type { ConfigKey, ParsedKeys, SecretKey } from "../schema";
import { keyPath, NAMESPACE } from "./keys";

/** Target blocks: the chosen target's block is required, the others' must not be set. */
export function checkTarget(parsed: Partial<ParsedKeys>, given: Map<ConfigKey, unknown>, secretsSet: Set<SecretKey>, issues: ConfigIssue[]): void {
    const target = parsed.target;
    if (!target) {
        return;
    }
    for (const block of ["aws", "azure", "onprem"] as const) {
        if (block === target && block !== "onprem" && !given.has(block)) {
            issues.push({ key: keyPath(block), message: `required when ${NAMESPACE}:target is ${target}` });
        }
        if (block !== target && given.has(block)) {
            issues.push({ key: keyPath(block), message: `only applies to ${NAMESPACE}:target ${block}, but the target is ${target}` });
        }
    }
    if (target !== "onprem" && secretsSet.has("kubeconfig")) {
        issues.push({ key: keyPath("kubeconfig"), message: `only applies to ${NAMESPACE}:target onprem: cloud targets build their own kubeconfig` });
    }
    const aws = parsed.aws;
    if (target === "aws" && aws) {
        aws.availabilityZones.forEach((az, i) => {
            if (!az.startsWith(aws.region) || !/^[a-z]$/.test(az.slice(aws.region.length))) {
                issues.push({ key: keyPath("aws", ["availabilityZones", i]), message: `"${az}" is not an availability zone of ${aws.region} (expected ${aws.region}a, ${aws.region}b, ...)` });
            }
        });
        if (new Set(aws.availabilityZones).size !== aws.availabilityZones.length) {
            issues.push({ key: keyPath("aws", ["availabilityZones"]), message: "availability zones must be distinct" });
        }
        // Services would shadow VPC addresses: pods could no longer reach what lives there.
        const vpc = parsed.network ? parseCidr(parsed.network.cidr) : undefined;
        if (vpc && typeof vpc !== "string" && overlaps(vpc, mustParseCidr(EKS_SERVICE_CIDR))) {
            issues.push({ key: keyPath("network", ["cidr"]), message: `${parsed.network!.cidr} overlaps the EKS Service range ${EKS_SERVICE_CIDR}: choose a VPC range outside it` });
        }
    }
}

/** R-NET-ZONES: every zone inside the network, no two zones overlapping. */
export function checkNetwork(parsed: Partial<ParsedKeys>, issues: ConfigIssue[]): void {
    const network = parsed.network;
    if (!network) {
        return;
    }
    const outer = mustParseCidr(network.cidr);
    const zones = ZONE_NAMES.map((zone) => ({ zone, text: network.zones[zone], block: parseCidr(network.zones[zone]) }));
    for (const [i, z] of zones.entries()) {
        if (typeof z.block === "string") {
            continue;
        }
        if (!contains(outer, z.block)) {
            issues.push({ key: keyPath("network", ["zones", z.zone]), message: `${z.text} is outside ${NAMESPACE}:network.cidr ${network.cidr}` });
        }
        for (const other of zones.slice(i + 1)) {
            if (typeof other.block !== "string" && overlaps(z.block, other.block)) {
                issues.push({
                    key: keyPath("network", ["zones", other.zone]),
                    message: `${other.text} overlaps zone ${z.zone} (${z.text}); zones must not share addresses (R-NET-ZONES)`,
                });
            }
        }
    }
}
