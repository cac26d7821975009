/**
 * Issue 16: who reaches the EKS API and with which rights. Pure data (access entries per principal,
 * the API's ingress rules from the deployer ranges), turned into resources by AwsCluster.
 *
 * - deploy role (the deploy workflow's OIDC role): cluster admin, through an explicit access entry,
 *   so the admin grant is in code and state instead of EKS' implicit creator entry;
 * - preview and drift role: AmazonEKSAdminViewPolicy, reads every object including Secrets (a
 *   refresh reads every managed object back, Secrets included) and writes nothing. A server-side
 *   apply preview asks for a `patch` dry run, which Kubernetes authorizes like a real patch; the
 *   Kubernetes provider falls back to a client-side diff when that is forbidden (pulumi-kubernetes
 *   #2419), so previews run with read rights only (docs/aws.md, "What each role may do");
 * - human admins (`aws.adminPrincipalArns`) and the break-glass role: cluster admin.
 */
export const EKS_ACCESS_POLICIES = {
    clusterAdmin: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    adminView: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy",
} as const;

export type EksAccessPurpose = "deploy" | "preview" | "break-glass" | "admin";

export interface EksAccessEntrySpec {
    /** Stable id: child resource names (`<cluster>-<id>`). */
    readonly id: string;
    readonly purpose: EksAccessPurpose;
    readonly principalArn: string;
    /** The access policy associated at cluster scope. */
    readonly policyArn: string;
}

export interface EksAccessInput {
    readonly deployRoleArn?: string;
    readonly previewRoleArn?: string;
    readonly breakGlassRoleArn?: string;
    /** Human admins. @default [] */
    readonly adminPrincipalArns?: readonly string[];
}

/** `arn:...:role/path/Platform-Admins` -> `platform-admins`: the last path segment, as a name. */
export function principalSlug(arn: string): string {
    return arn
        .split("/")
        .pop()!
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-");
}

/** One access entry per principal, with its policy; admins keep the `admin-<role>` ids they always had. */
export function eksAccessEntries(input: EksAccessInput): EksAccessEntrySpec[] {
    const entries: EksAccessEntrySpec[] = [];
    if (input.deployRoleArn) {
        entries.push({ id: "deploy", purpose: "deploy", principalArn: input.deployRoleArn, policyArn: EKS_ACCESS_POLICIES.clusterAdmin });
    }
    if (input.previewRoleArn) {
        entries.push({ id: "preview", purpose: "preview", principalArn: input.previewRoleArn, policyArn: EKS_ACCESS_POLICIES.adminView });
    }
    if (input.breakGlassRoleArn) {
        entries.push({ id: "break-glass", purpose: "break-glass", principalArn: input.breakGlassRoleArn, policyArn: EKS_ACCESS_POLICIES.clusterAdmin });
    }
    for (const arn of input.adminPrincipalArns ?? []) {
        entries.push({ id: `admin-${principalSlug(arn)}`, purpose: "admin", principalArn: arn, policyArn: EKS_ACCESS_POLICIES.clusterAdmin });
    }
    const ids = entries.map((e) => e.id);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) {
        throw new Error(`two EKS access entries would be named ${duplicate}: give the admin roles distinct names`);
    }
    return entries;
}

export interface ApiIngressRule {
    /** Stable id from the range: `10-20-0-0-24`. */
    readonly id: string;
    readonly cidrIpv4: string;
    readonly ipProtocol: "tcp";
    readonly fromPort: 443;
    readonly toPort: 443;
    readonly description: string;
}

/** Exactly TCP 443 to the EKS API (the cluster security group) from each deployer range. */
export function apiIngressRules(cidrs: readonly string[]): ApiIngressRule[] {
    return cidrs.map((cidr) => ({
        id: cidr.replace(/[./]/g, "-"),
        cidrIpv4: cidr,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: `Kubernetes API from the deployer range ${cidr} (pulumi up, preview, drift; issue 16)`,
    }));
}
