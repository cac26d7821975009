/**
 * Issue 18 (R-SEC-REST): every volume claim a stack creates, its own and its charts', with the
 * StorageClass it names. Claims come as PersistentVolumeClaims, StatefulSet volumeClaimTemplates,
 * generic ephemeral volumes of pod templates (CronJobs included), the Prometheus Operator's
 * `storage.volumeClaimTemplate` and CloudNativePG's `storage`/`walStorage`. A claim without a class
 * lands on the cluster's default class, whatever it is: it is reported with `class: undefined`.
 */
import type { K8sObject } from "../../scripts/lib/render";

export interface Claim {
    /** `<source> <Kind>/<name> <where>`, for readable failures. */
    readonly at: string;
    readonly storageClass: string | undefined;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === "object" ? (v as Rec) : {});
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(rec) : []);
const className = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function podTemplateClaims(podSpec: Rec, at: string): Claim[] {
    return list(podSpec.volumes)
        .filter((v) => v.ephemeral !== undefined)
        .map((v) => ({ at: `${at} ephemeral ${String(v.name)}`, storageClass: className(rec(rec(rec(v.ephemeral).volumeClaimTemplate).spec).storageClassName) }));
}

export function claimsOf(source: string, object: K8sObject): Claim[] {
    const spec = rec(object.spec);
    const at = `${source} ${object.kind}/${object.metadata?.name ?? "?"}`;
    switch (object.kind) {
        case "PersistentVolumeClaim":
            return [{ at, storageClass: className(spec.storageClassName) }];
        case "StatefulSet":
            return [...list(spec.volumeClaimTemplates).map((t) => ({ at: `${at} template ${String(rec(t.metadata).name)}`, storageClass: className(rec(t.spec).storageClassName) })), ...podTemplateClaims(rec(rec(spec.template).spec), at)];
        case "Deployment":
        case "DaemonSet":
        case "Job":
            return podTemplateClaims(rec(rec(spec.template).spec), at);
        case "CronJob":
            return podTemplateClaims(rec(rec(rec(rec(spec.jobTemplate).spec).template).spec), at);
        case "Prometheus":
        case "Alertmanager": {
            const template = rec(rec(spec.storage).volumeClaimTemplate);
            return Object.keys(template).length > 0 ? [{ at: `${at} storage`, storageClass: className(rec(template.spec).storageClassName) }] : [];
        }
        case "Cluster":
            if (!String(object.apiVersion).startsWith("postgresql.cnpg.io/")) {
                return [];
            }
            return (["storage", "walStorage"] as const).filter((k) => spec[k] !== undefined).map((k) => ({ at: `${at} ${k}`, storageClass: className(rec(spec[k]).storageClass) }));
        default:
            return [];
    }
}

/** The StorageClasses of the plan whose parameters switch on volume encryption (R-SEC-REST). */
export function encryptingClasses(planObjects: readonly K8sObject[]): string[] {
    return planObjects
        .filter((o) => o.kind === "StorageClass")
        .filter((o) => {
            const parameters = rec((o as Rec).parameters);
            return parameters.encrypted === "true" || parameters.secure === "true";
        })
        .map((o) => o.metadata!.name!)
        .sort();
}
