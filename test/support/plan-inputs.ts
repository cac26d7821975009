/** Queries on planned resources shared by the stack tests. */
import type { PlannedResource } from "../../scripts/lib/evaluate";

/** The input at a dotted path of `r` (`"policySettings.mode"`), or undefined. */
export const input = <V = unknown>(r: PlannedResource, path: string): V => path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], r.inputs) as V;

/** How many resources of each type. */
export const typeCounts = (resources: readonly PlannedResource[]): Record<string, number> => resources.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }), {});

/** The children of the AWS WAF edge component (`devana:edge:AwsWafEdge`). */
export const inEdge = (resources: readonly PlannedResource[]): PlannedResource[] => resources.filter((r) => r.parent?.endsWith("devana:edge:AwsWafEdge::devana-edge"));
