/**
 * Checks on a rendered stack that the mock runtime cannot make: values keys the charts do not read,
 * custom resources (the plan's and the charts') against their CRDs, and helpers to find what the
 * rendered objects really do (selectors, tolerations).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { crdSchemas, isCustomApiVersion, validateCustomResource } from "./crd-schema";
import { coresOf, gibOf } from "./quantity";
import type { K8sObject, StackRender } from "./render";
import { unknownValueKeys } from "./values-keys";

/** CRDs no chart of ours renders (Gateway API from a URL, cloud add-ons, the customer's MetalLB). */
export function crdFallbackDir(cacheDir: string, env: NodeJS.ProcessEnv = process.env): string {
    return env.DEVANA_CRD_DIR ?? join(cacheDir, "crds");
}

export function loadCrdDir(dir: string): K8sObject[] {
    if (!existsSync(dir)) {
        return [];
    }
    return readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS() as K8sObject | null))
        .filter((o): o is K8sObject => o !== null && o.kind === "CustomResourceDefinition");
}

export interface StackFindings {
    /** Chart resource -> values keys the chart does not read. */
    readonly unknownValues: Readonly<Record<string, readonly string[]>>;
    /** Custom resources that fail their CRD's schema, with the reasons. */
    readonly invalidResources: readonly { readonly source: string; readonly errors: readonly string[] }[];
    /** `apiVersion:Kind` of custom resources whose CRD was found nowhere. */
    readonly missingCrds: readonly string[];
    /** How many custom resources were validated. */
    readonly customResources: number;
}

export function allObjects(render: StackRender): { readonly source: string; readonly object: K8sObject }[] {
    return [...render.planObjects.map((object) => ({ source: "plan", object })), ...render.charts.flatMap((c) => c.objects.map((object) => ({ source: c.release.resource, object })))];
}

export function checkStack(render: StackRender, fallbackCrds: readonly K8sObject[]): StackFindings {
    const unknownValues: Record<string, string[]> = {};
    for (const chart of render.charts) {
        if (chart.model) {
            const keys = unknownValueKeys(chart.model, chart.release.values);
            if (keys.length > 0) {
                unknownValues[chart.release.resource] = keys;
            }
        }
    }
    const objects = allObjects(render);
    // The stack's own charts come first: their CRDs are the ones installed beside their resources.
    const schemas = crdSchemas(fallbackCrds);
    for (const [key, schema] of crdSchemas(objects.map((o) => o.object))) {
        schemas.set(key, schema);
    }
    const invalidResources: { source: string; errors: string[] }[] = [];
    const missing = new Set<string>();
    let customResources = 0;
    for (const { source, object } of objects) {
        if (!isCustomApiVersion(object.apiVersion)) {
            continue;
        }
        const errors = validateCustomResource(object, schemas);
        if (errors === undefined) {
            missing.add(`${object.apiVersion}:${object.kind}`);
            continue;
        }
        customResources++;
        if (errors.length > 0) {
            invalidResources.push({ source, errors });
        }
    }
    return { unknownValues, invalidResources, missingCrds: [...missing].sort(), customResources };
}

interface LabelSelector {
    readonly matchLabels?: Record<string, string>;
    readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** Kubernetes label-selector semantics; an empty selector selects everything. */
export function selects(selector: LabelSelector | undefined | null, labels: Readonly<Record<string, string>> = {}): boolean {
    if (!selector) {
        return false;
    }
    const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const byExpression = (selector.matchExpressions ?? []).every((e) => {
        switch (e.operator) {
            case "In":
                return k(e.key) && (e.values ?? []).includes(labels[e.key]);
            case "NotIn":
                return !k(e.key) || !(e.values ?? []).includes(labels[e.key]);
            case "Exists":
                return k(e.key);
            case "DoesNotExist":
                return !k(e.key);
            default:
                return false;
        }
    });
    function k(key: string): boolean {
        return Object.prototype.hasOwnProperty.call(labels, key);
    }
    return byLabel && byExpression;
}

export interface Toleration {
    readonly key?: string;
    readonly operator?: string;
    readonly value?: string;
    readonly effect?: string;
}

/** Whether a pod with `tolerations` may schedule onto a node with `taint` (Kubernetes' rules). */
export function tolerates(tolerations: readonly Toleration[] | undefined, taint: { readonly key: string; readonly value?: string; readonly effect: string }): boolean {
    return (tolerations ?? []).some((t) => {
        if (t.effect && t.effect !== taint.effect) {
            return false;
        }
        if (t.operator === "Exists") {
            return !t.key || t.key === taint.key;
        }
        return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
    });
}

/** The pod template of a workload object (Deployment, DaemonSet, StatefulSet, Job). */
export function podSpec(object: K8sObject): Record<string, unknown> | undefined {
    const spec = object.spec as { template?: { spec?: Record<string, unknown> }; jobTemplate?: { spec?: { template?: { spec?: Record<string, unknown> } } } } | undefined;
    return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

/** One long-running workload as the scheduler sees it: pods, per-pod requests, node selector. */
export interface ScheduledWorkload {
    readonly source: string;
    readonly name: string;
    readonly replicas: number;
    readonly cpu: number;
    readonly memoryGi: number;
    readonly gpu: number;
    readonly nodeSelector: Readonly<Record<string, string>>;
}

/**
 * The long-running pods of the rendered stack (Deployments, StatefulSets, and the pods operators
 * make from CloudNativePG Clusters and Prometheus/Alertmanager objects). DaemonSets and Jobs are
 * left out: the capacity model counts them as a per-node allowance or not at all.
 */
export function scheduledWorkloads(render: StackRender): ScheduledWorkload[] {
    const out: ScheduledWorkload[] = [];
    for (const { source, object } of allObjects(render)) {
        const spec = (object.spec ?? {}) as Record<string, any>;
        let replicas: number;
        let pod: { nodeSelector?: Record<string, string>; containers?: { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }[] } | undefined;
        if (object.kind === "Deployment" || object.kind === "StatefulSet") {
            replicas = spec.replicas ?? 1;
            pod = podSpec(object) as typeof pod;
        } else if (object.kind === "Cluster" && object.apiVersion.startsWith("postgresql.cnpg.io/")) {
            replicas = spec.instances ?? 1;
            pod = { nodeSelector: spec.affinity?.nodeSelector, containers: [{ resources: spec.resources }] };
        } else if ((object.kind === "Prometheus" || object.kind === "Alertmanager") && object.apiVersion.startsWith("monitoring.coreos.com/")) {
            replicas = spec.replicas ?? 1;
            pod = { nodeSelector: spec.nodeSelector, containers: [{ resources: spec.resources }] };
        } else {
            continue;
        }
        const containers = pod?.containers ?? [];
        out.push({
            source,
            name: `${object.kind}/${object.metadata?.name}`,
            replicas,
            cpu: containers.reduce((n, c) => n + (c.resources?.requests?.cpu === undefined ? 0 : coresOf(c.resources.requests.cpu)), 0),
            memoryGi: containers.reduce((n, c) => n + (c.resources?.requests?.memory === undefined ? 0 : gibOf(c.resources.requests.memory)), 0),
            gpu: containers.reduce((n, c) => n + Number(c.resources?.limits?.["nvidia.com/gpu"] ?? c.resources?.requests?.["nvidia.com/gpu"] ?? 0), 0),
            nodeSelector: pod?.nodeSelector ?? {},
        });
    }
    return out;
}
