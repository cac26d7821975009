/**
 * Every policy of the pack, in one list. `index.ts` builds the PolicyPack from it; the offline
 * plan and `policy:check` run the same list without constructing the pack (its constructor starts
 * a gRPC server).
 */
import type { EnforcementLevel, Policy } from "@pulumi/policy";

export const PACK_NAME = "devana-security";

/** Violations block `pulumi up` unless a policy says otherwise (R-SEC is not advisory). */
export const PACK_ENFORCEMENT: EnforcementLevel = "mandatory";

/** The policy families (TLS 1.3, encryption at rest, audit retention) are added here as they land. */
export const policies: readonly Policy[] = [];
