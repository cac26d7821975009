/** Queries on an on-prem plan's WAF objects. */
import type { PlannedResource } from "../../scripts/lib/evaluate";
import { byName } from "./helpers";

/** The Traefik chart's values. */
export const traefik = (rs: readonly PlannedResource[]): Record<string, any> => byName(rs, "kubernetes:helm.sh/v4:Chart", "devana-gateway-traefik").inputs.values as Record<string, any>;

/** Every custom resource of the in-cluster WAF (`devana-waf*`), as "type name". */
export const wafObjects = (rs: readonly PlannedResource[]): string[] =>
    rs.filter((r) => r.custom && (r.name.startsWith("devana-waf") || (r.inputs.metadata as { name?: string } | undefined)?.name?.startsWith("devana-waf"))).map((r) => `${r.type} ${r.name}`);
