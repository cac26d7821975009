/**
 * Every policy of the pack, in one list. `index.ts` builds the PolicyPack from it; the offline
 * plan and `policy:check` run the same list without constructing the pack (its constructor starts
 * a gRPC server).
 */
import type { EnforcementLevel, Policy } from "@pulumi/policy";
import { auditPolicies } from "./audit";
import { edgePolicies } from "./edge";
import { encryptionPolicies } from "./encryption";
import { imagePolicies } from "./images";
import { policyExceptions } from "./exceptions";
import { tlsPolicies } from "./tls";

export const PACK_NAME = "devana-security";

/** Violations block `pulumi up` unless a policy says otherwise (R-SEC is not advisory). */
export const PACK_ENFORCEMENT: EnforcementLevel = "mandatory";

/**
 * The families (R-SEC-TLS, R-SEC-REST, R-SEC-AUDIT, R-SEC-ZONES, air-gapped images), then `policy-exceptions`, which
 * must stay last: it reports, as advisory, the findings the other policies' exception lists allowed
 * (and the declarations a policy accepts, such as the on-prem customer WAF).
 */
export const policies: readonly Policy[] = [...tlsPolicies, ...encryptionPolicies, ...auditPolicies, ...edgePolicies, ...imagePolicies, policyExceptions];
