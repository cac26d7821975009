/** The edge (distribution, WAF and its certificates) and R-STO-BACKUP geo-replication. */
import { MAX_INSPECTED_BODY_MIB } from "../defaults";
import type { ConfigIssue } from "../model";
import type { ConfigKey, ParsedKeys, SecretKey } from "../schema";
import { keyPath, NAMESPACE } from "./keys";

/** R-SEC-ZONES: the WAF is on in prod unless the stack says otherwise. */
export function wafEnabled(p: Pick<ParsedKeys, "waf" | "environment">): boolean {
    return p.waf.enabled ?? p.environment === "prod";
}

/**
 * Cross-key rules of issue 10: the distribution is an on-prem choice; a cloud WAF needs the
 * listener's certificate; R-STO-BACKUP geo-replication is required in prod where the program can
 * build it (AWS replica region, geo-redundant Blob Storage) and recommended on-prem.
 */
export function checkEdgeAndReplication(parsed: Partial<ParsedKeys>, given: Map<ConfigKey, unknown>, secretsSet: Set<SecretKey>, issues: ConfigIssue[], warnings: string[]): void {
    const { target, environment } = parsed;
    if (!target || !environment) {
        return;
    }
    const prod = environment === "prod";
    if (target !== "onprem" && parsed.distribution && parsed.distribution !== "vanilla") {
        issues.push({ key: keyPath("distribution"), message: `applies to ${NAMESPACE}:target onprem only: ${target === "aws" ? "EKS" : "AKS"} is the distribution on ${target}` });
    }
    const onpremGiven = given.get("onprem");
    if (onpremGiven && typeof onpremGiven === "object" && "distribution" in onpremGiven) {
        issues.push({ key: keyPath("onprem", ["distribution"]), message: `moved: set ${NAMESPACE}:distribution instead` });
    }
    if (parsed.waf && parsed.environment) {
        const enabled = wafEnabled({ waf: parsed.waf, environment });
        if (enabled && target === "aws" && parsed.aws && !parsed.aws.certificateArn) {
            issues.push({ key: keyPath("aws", ["certificateArn"]), message: `required with ${NAMESPACE}:waf: the WAF's Application Load Balancer terminates TLS 1.3 with this ACM certificate` });
        }
        if (enabled && target === "azure" && parsed.azure && !parsed.azure.wafCertificateSecretId) {
            issues.push({ key: keyPath("azure", ["wafCertificateSecretId"]), message: `required with ${NAMESPACE}:waf: the Application Gateway's TLS 1.3 listener serves this Key Vault certificate` });
        }
        if (enabled && target === "onprem" && parsed.waf.onprem === "in-cluster" && parsed.waf.maxBodyMiB > MAX_INSPECTED_BODY_MIB) {
            issues.push({ key: keyPath("waf", ["maxBodyMiB"]), message: `at most ${MAX_INSPECTED_BODY_MIB} with the in-cluster WAF: ModSecurity holds each inspected body in memory, up to 1 GiB` });
        }
        if (prod && !enabled) {
            warnings.push(`${NAMESPACE}:waf is off in prod: R-SEC-ZONES puts a WAF in the DMZ, and the policy pack's waf-in-front-of-public-entry rule will fail unless another WAF is declared`);
        }
    }
    const aws = parsed.aws;
    if (target === "aws" && aws) {
        if (aws.replicaRegion === aws.region) {
            issues.push({ key: keyPath("aws", ["replicaRegion"]), message: "must differ from aws.region: geo-replication needs a second region (R-STO-BACKUP)" });
        } else if (prod && !aws.replicaRegion) {
            issues.push({ key: keyPath("aws", ["replicaRegion"]), message: "required in prod: R-STO-BACKUP asks geo-replication of the object store (user files and backups)" });
        }
    }
    const azure = parsed.azure;
    if (target === "azure" && azure && prod && (azure.storageSku === "Standard_ZRS" || azure.storageSku === "Standard_LRS")) {
        issues.push({ key: keyPath("azure", ["storageSku"]), message: `${azure.storageSku} stays in one region: prod needs Standard_GZRS, Standard_RAGZRS or Standard_GRS (R-STO-BACKUP geo-replication)` });
    }
    const onprem = parsed.onprem;
    if (target === "onprem" && onprem) {
        for (const id of ["fastSsd", "standard"] as const) {
            const cls = onprem.storage[id];
            if (cls.encryptionAtRest && !cls.existing && onprem.clusterScope !== "preinstalled") {
                issues.push({
                    key: keyPath("onprem", ["storage", id, "encryptionAtRest"]),
                    message: "describes an existing class: the program creates this one and its encryption is checked from its parameters (set existing: true, or drop it)",
                });
            }
        }
    }
    const replication = parsed.onprem?.replication;
    if (target === "onprem" && replication) {
        for (const key of ["replicaS3AccessKeyId", "replicaS3SecretAccessKey"] as const) {
            if (replication.credentialsSecret && secretsSet.has(key)) {
                issues.push({ key: keyPath(key), message: `set together with ${NAMESPACE}:onprem.replication.credentialsSecret: keep one source of the replica keys` });
            } else if (!replication.credentialsSecret && !secretsSet.has(key)) {
                issues.push({
                    key: keyPath(key),
                    message: `required with ${NAMESPACE}:onprem.replication (or name an existing Secret in onprem.replication.credentialsSecret): set it with \`pulumi config set --secret ${NAMESPACE}:${key}\``,
                });
            }
        }
        const primary = parsed.onprem?.externalS3?.endpoint;
        if (primary && new URL(primary).host === new URL(replication.endpoint).host) {
            issues.push({ key: keyPath("onprem", ["replication", "endpoint"]), message: "is the primary S3 endpoint: geo-replication needs a second site" });
        }
    } else if (target === "onprem" && prod && !parsed.onprem?.externalS3) {
        // Issue 18: WAL and base backups on in-cluster SeaweedFS share the cluster's failure domain.
        issues.push({
            key: keyPath("onprem", ["replication"]),
            message:
                "required in prod without onprem.externalS3: backups on the in-cluster object store are lost with the cluster (R-STO-BACKUP RPO/RTO for a site loss); replicate to a second S3 site, or back up to the customer's S3 (onprem.externalS3)",
        });
    } else if (target === "onprem" && prod) {
        warnings.push(`${NAMESPACE}:onprem.replication is not set: backups go to onprem.externalS3 only; R-STO-BACKUP asks geo-replication, so that endpoint must replicate to another site itself`);
    }
}
