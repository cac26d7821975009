/**
 * Issue 16: a stack must be reachable from where it is deployed, previewed and drift-checked, and
 * a prod cluster must never be left without a human to administer it. Pure rules over the parsed
 * configuration; each problem names its key (`devana:` + path) and is reported with every other
 * config error (exit 2, nothing created).
 */
import { mustParseCidr, overlaps } from "./cidr";
import type { ParsedKeys } from "./schema";

export interface DeployPathIssue {
    /** Key path below `devana:`, e.g. `aws.deployer.cidrs`. */
    readonly key: string;
    readonly message: string;
}

type Parsed = Partial<Pick<ParsedKeys, "target" | "environment" | "network" | "aws" | "azure">>;

/**
 * AWS: a private EKS API is reachable only through `aws.deployer` (ranges and the Transit Gateway
 * that routes them); deployer ranges must lie outside the VPC and the pod range (a runner inside the
 * VPC cannot create the VPC). Prod needs the deploy role, human admins and a break-glass role.
 * Azure: a private AKS API is reachable through `azure.hub` (peering and DNS); prod needs the
 * human admin groups and a break-glass principal.
 */
export function checkDeployPath(p: Parsed): DeployPathIssue[] {
    const issues: DeployPathIssue[] = [];
    const prod = p.environment === "prod";
    if (p.target === "aws" && p.aws) {
        const aws = p.aws;
        const vpc = p.network?.cidr;
        aws.deployer.cidrs.forEach((c, i) => {
            for (const [what, block] of [
                ["devana:network.cidr", vpc],
                ["devana:aws.podCidr", aws.podCidr],
            ] as const) {
                if (block && overlaps(mustParseCidr(c), mustParseCidr(block))) {
                    issues.push({ key: `aws.deployer.cidrs[${i}]`, message: `${c} overlaps ${what} ${block}: deploy from a network outside the stack's, which exists before it` });
                }
            }
        });
        if (aws.deployer.cidrs.length > 0 && !aws.deployer.transitGatewayId) {
            issues.push({ key: "aws.deployer.transitGatewayId", message: "required with aws.deployer.cidrs: the VPC routes the deployer ranges to this Transit Gateway" });
        }
        if (aws.deployer.transitGatewayId && aws.deployer.cidrs.length === 0) {
            issues.push({ key: "aws.deployer.cidrs", message: "required with aws.deployer.transitGatewayId: the ranges the runners and admins deploy from" });
        }
        if (prod && !aws.apiEndpoint.public && aws.deployer.cidrs.length === 0) {
            issues.push({
                key: "aws.deployer.cidrs",
                message: "prod keeps the EKS API private: give the ranges of the self-hosted runners (and admins' VPN) reached through aws.deployer.transitGatewayId, or no pulumi up, preview or drift check can reach the cluster",
            });
        }
        if (prod && !aws.access.deployRoleArn) {
            issues.push({ key: "aws.access.deployRoleArn", message: "required in prod: the deploy workflow's role gets an explicit admin access entry (not the implicit creator entry)" });
        }
        if (prod && aws.adminPrincipalArns.length === 0) {
            issues.push({ key: "aws.adminPrincipalArns", message: "prod needs at least one human admin role (e.g. the SSO permission set of the platform team): the pipeline's roles are not people" });
        }
        if (prod && !aws.access.breakGlassRoleArn) {
            issues.push({ key: "aws.access.breakGlassRoleArn", message: "required in prod: a break-glass role keeps cluster access when SSO or the pipeline fails" });
        }
        const roles = [aws.access.deployRoleArn, aws.access.previewRoleArn, aws.access.breakGlassRoleArn].filter((r): r is string => r !== undefined);
        const seen = new Set<string>();
        for (const arn of [...roles, ...aws.adminPrincipalArns]) {
            if (seen.has(arn)) {
                issues.push({ key: "aws.access", message: `${arn} is given twice: EKS holds one access entry per principal, give each role one purpose` });
            }
            seen.add(arn);
        }
    }
    if (p.target === "azure" && p.azure) {
        const az = p.azure;
        if (prod && !az.apiServer.public && !az.hub) {
            issues.push({
                key: "azure.hub",
                message: "prod keeps the AKS API private: give the hub VNet the self-hosted runners and admins sit in (peering and the API's private DNS zone linked to it), or no pulumi up, preview or drift check can reach the cluster",
            });
        }
        const vaultOfSecret = az.wafCertificateSecretId && /^https:\/\/([^./]+)\./.exec(az.wafCertificateSecretId)?.[1];
        const vaultOfId = az.wafCertificateVaultId?.split("/").pop();
        if (vaultOfId && vaultOfSecret && vaultOfId.toLowerCase() !== vaultOfSecret.toLowerCase()) {
            issues.push({ key: "azure.wafCertificateVaultId", message: `names vault ${vaultOfId}, but azure.wafCertificateSecretId is in vault ${vaultOfSecret}` });
        }
        if (az.wafCertificateVaultId && !az.wafCertificateSecretId) {
            issues.push({ key: "azure.wafCertificateVaultId", message: "applies with azure.wafCertificateSecretId only (the vault holding that secret)" });
        }
        if (prod && az.adminGroupObjectIds.length === 0) {
            issues.push({ key: "azure.adminGroupObjectIds", message: "prod needs at least one Entra ID group of human cluster admins: the pipeline's identities are not people" });
        }
        if (prod && !az.access.breakGlassGroupObjectId) {
            issues.push({ key: "azure.access.breakGlassGroupObjectId", message: "required in prod: a break-glass principal keeps cluster access when the admin groups or the pipeline fail (local accounts are disabled)" });
        }
    }
    return issues;
}
