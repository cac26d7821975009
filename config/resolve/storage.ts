/** On-prem storage rules: the external S3 credentials and the GPU model caches' CSI node plugin (Longhorn taint tolerations). */
import type { PoolName } from "../defaults";
import type { ConfigIssue, ResolvedPool, Taint } from "../model";
import type { ParsedKeys, SecretKey } from "../schema";
import { keyPath, NAMESPACE } from "./keys";

/** onprem.externalS3 needs its credentials as secrets (nothing can be generated for a foreign endpoint). */
export function checkExternalS3(parsed: Partial<ParsedKeys>, secretsSet: Set<SecretKey>, issues: ConfigIssue[]): void {
    if (parsed.target !== "onprem" || !parsed.onprem?.externalS3) {
        return;
    }
    for (const key of ["s3AccessKeyId", "s3SecretAccessKey"] as const) {
        if (!secretsSet.has(key)) {
            issues.push({ key: keyPath(key), message: `required with ${NAMESPACE}:onprem.externalS3: set it with \`pulumi config set --secret ${NAMESPACE}:${key}\`` });
        }
    }
}

/** One toleration of Longhorn's `taint-toleration` setting: no value means Exists, no effect means every effect. */
export interface SettingToleration {
    readonly key: string;
    readonly value?: string;
    readonly effect?: Taint["effect"];
}

/** Parses Longhorn's `taint-toleration` syntax (`key=value:Effect; key:Effect`), already checked by the schema. */
export function parseTaintToleration(text: string): SettingToleration[] {
    return text
        .split(";")
        .map((t) => t.trim())
        .filter((t) => t !== "")
        .map((t) => {
            const colon = t.lastIndexOf(":");
            const [key, value] = t.slice(0, colon).split("=");
            const effect = t.slice(colon + 1) as Taint["effect"] | "";
            return { key: key!, ...(value !== undefined ? { value } : {}), ...(effect ? { effect } : {}) };
        });
}

/** A taint a toleration list lets a pod (here, the CSI node plugin) ignore; PreferNoSchedule never blocks. */
export function taintTolerated(taint: Taint, tolerations: readonly SettingToleration[]): boolean {
    return taint.effect === "PreferNoSchedule" || tolerations.some((t) => t.key === taint.key && (t.value === undefined || t.value === taint.value) && (t.effect === undefined || t.effect === taint.effect));
}

/** The CSI driver Longhorn registers; its node plugin needs the GPU taints in `taint-toleration`. */
export const LONGHORN_PROVISIONER = "driver.longhorn.io";

/**
 * Issue 18: the vLLM model caches are `standard` claims mounted on the GPU nodes; the class's node
 * plugin must tolerate every taint of the enabled GPU pools ("CSINode does not contain driver").
 */
export function checkModelCache(parsed: Partial<ParsedKeys>, pools: Record<PoolName, ResolvedPool> | undefined, issues: ConfigIssue[]): void {
    if (parsed.target !== "onprem" || !pools || !parsed.onprem) {
        return;
    }
    const storage = parsed.onprem.storage;
    const declared = storage.modelCache?.taintToleration;
    const longhorn = (storage.standard.provisioner ?? storage.provisioner) === LONGHORN_PROVISIONER && !storage.standard.existing;
    const key = keyPath("onprem", ["storage", "modelCache", "taintToleration"]);
    const tolerations = declared ? parseTaintToleration(declared) : [];
    const missing = (["gpuLlm", "gpuEmbed"] as const)
        .filter((name) => pools[name].enabled)
        .flatMap((name) => pools[name].taints.filter((t) => !taintTolerated(t, tolerations)).map((t) => `${t.key}=${t.value}:${t.effect} (nodePools.${name})`));
    if (missing.length === 0 || (!declared && !longhorn)) {
        return;
    }
    issues.push({
        key,
        message: declared
            ? `does not tolerate ${missing.join(", ")}: the model cache's CSI node plugin would not run on those GPU nodes and the vLLM pods would stay Pending`
            : `required with Longhorn and tainted GPU pools: declare Longhorn's taint-toleration setting, which must cover ${missing.join(", ")} (docs/onprem.md checklist), or the model caches cannot attach on the GPU nodes`,
    });
}
