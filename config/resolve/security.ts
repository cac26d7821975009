/** Single sign-on (R-SEC-SSO), the air-gapped install and the customer's outbound proxy. */
import { DEFAULT_CLUSTER_NETWORKS } from "../defaults";
import type { ConfigIssue } from "../model";
import type { ParsedKeys, SecretKey } from "../schema";
import { keyPath, NAMESPACE } from "./keys";

/** R-SEC-SSO: SSO in production; SAML only through an OIDC broker (the vendor has no SAML variables). */
export function checkSso(parsed: Partial<ParsedKeys>, secretsSet: Set<SecretKey>, issues: ConfigIssue[], warnings: string[]): void {
    const sso = parsed.sso;
    if (!sso) {
        return;
    }
    if (sso.saml !== undefined) {
        issues.push({
            key: keyPath("sso", ["saml"]),
            message: "Devana has no SAML settings: put an OIDC broker in front of the SAML IdP (Keycloak, Entra ID, ADFS) and configure sso.oidc with its issuer",
        });
    }
    if (parsed.environment === "prod" && !sso.oidc && !sso.ldap && !sso.azureAd) {
        issues.push({ key: keyPath("sso"), message: "production requires single sign-on (R-SEC-SSO): configure sso.oidc, sso.ldap or sso.azureAd" });
    }
    const needs: [keyof typeof sso, SecretKey][] = [
        ["oidc", "oidcClientSecret"],
        ["ldap", "ldapBindPassword"],
        ["azureAd", "azureAdClientSecret"],
    ];
    for (const [provider, secret] of needs) {
        if (sso[provider] && !secretsSet.has(secret)) {
            warnings.push(`${keyPath("sso", [provider])} is configured but ${NAMESPACE}:${secret} is not set: sign-in through it fails until it is`);
        }
    }
}

/**
 * Issue 19: an air-gapped install covers the on-prem target (the cloud add-ons' images are not
 * mirrored), and a self-hosted model then needs a mirror of its weights: vLLM must never reach
 * Hugging Face. The Hugging Face token has nothing to do there.
 */
export function checkAirgap(parsed: Partial<ParsedKeys>, secretsSet: Set<SecretKey>, issues: ConfigIssue[]): void {
    const airgap = parsed.airgap;
    if (!airgap) {
        return;
    }
    if (parsed.target && parsed.target !== "onprem") {
        issues.push({ key: keyPath("airgap"), message: `only applies to ${NAMESPACE}:target onprem for now (the ${parsed.target} cluster add-ons are not mirrored), but the target is ${parsed.target}` });
    }
    if (parsed.llm && parsed.llm.scenario !== "cloud" && !airgap.modelSource) {
        issues.push({
            key: keyPath("airgap", ["modelSource"]),
            message: `required with self-hosted models (${NAMESPACE}:llm.scenario ${parsed.llm.scenario}): give { pvc: <claim> } or { s3: {...} }, vLLM must not download from Hugging Face`,
        });
    }
    if (secretsSet.has("huggingFaceToken")) {
        issues.push({ key: `${NAMESPACE}:huggingFaceToken`, message: `must not be set with ${NAMESPACE}:airgap: the weights come from airgap.modelSource, never from Hugging Face` });
    }
}

/** An IPv4 literal (a URL host NetworkPolicies can match without `addresses`). */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Issue 18: the proxy is an on-prem setting; a proxy named by DNS needs its addresses (a
 * NetworkPolicy matches IPs); NO_PROXY needs the pod range, which vanilla clusters have no default for.
 */
export function checkProxy(parsed: Partial<ParsedKeys>, issues: ConfigIssue[]): void {
    const proxy = parsed.proxy;
    if (!proxy || !parsed.target) {
        return;
    }
    if (parsed.target !== "onprem") {
        issues.push({ key: keyPath("proxy"), message: `only applies to ${NAMESPACE}:target onprem: cloud targets reach the internet through their NAT gateways` });
        return;
    }
    const named = (["https", "http"] as const).filter((k) => proxy[k] && !IPV4.test(new URL(proxy[k]!).hostname));
    if (named.length > 0 && proxy.addresses.length === 0) {
        const host = new URL(proxy[named[0]]!).hostname;
        issues.push({
            key: keyPath("proxy", ["addresses"]),
            message: `required: proxy.${named[0]} names ${host}, and NetworkPolicies match addresses, not names; list the proxy's IPs or CIDRs`,
        });
    }
    const distribution = parsed.distribution ?? "vanilla";
    if (!DEFAULT_CLUSTER_NETWORKS[distribution].podCidr && !parsed.onprem?.clusterNetwork.podCidr) {
        issues.push({
            key: keyPath("onprem", ["clusterNetwork", "podCidr"]),
            message: `required with ${NAMESPACE}:proxy on a ${distribution} cluster (kubeadm has no default pod range): the pods' range goes into NO_PROXY`,
        });
    }
}
