/**
 * Validation of emitted Kubernetes objects against the OpenAPI schemas bundled in
 * `kubernetes-models` (5.1: Kubernetes 1.33 schemas, a superset of 1.31 for the fields used here;
 * a field added after 1.31 would pass here and fail on a 1.31 API server: that is not proven).
 */
import type { PlannedResource } from "../../scripts/lib/evaluate";

/** API groups served by every Kubernetes API server (the groups kubernetes-models ships); the rest are CRDs. */
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
    "core",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "apps",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "events.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "networking.k8s.io",
    "node.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "resource.k8s.io",
    "scheduling.k8s.io",
    "storage.k8s.io",
]);

/** `kubernetes:apps/v1:StatefulSet` -> `kubernetes-models/apps/v1/StatefulSet`; undefined for non-core kinds. */
export function modelPath(type: string): string | undefined {
    const m = /^kubernetes:([^/]+)\/([^:]+):(.+)$/.exec(type);
    if (!m) {
        return undefined;
    }
    const [, group, version, kind] = m;
    if (!BUILT_IN_GROUPS.has(group)) {
        return undefined;
    }
    return group === "core" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

/** Errors of one recorded object, or [] when it validates. */
export async function schemaErrors(resource: PlannedResource): Promise<string[]> {
    const path = modelPath(resource.type);
    if (!path) {
        throw new Error(`${resource.type} is not a core kind`);
    }
    const kind = resource.type.split(":").pop() as string;
    const module = (await import(path)) as Record<string, new (data: unknown) => { validate(): void }>;
    const Model = module[kind];
    try {
        new Model(JSON.parse(JSON.stringify(resource.inputs))).validate();
        return [];
    } catch (err) {
        return [`${resource.name} (${resource.type}): ${err instanceof Error ? err.message : String(err)}`];
    }
}

/** Every image reference in an object (containers, init containers, Helm values `image`/`imageName`). */
export function imagesIn(value: unknown, found: string[] = []): string[] {
    if (Array.isArray(value)) {
        value.forEach((v) => imagesIn(v, found));
    } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            const ref = v as { repository?: unknown; tag?: unknown };
            if ((k === "image" || k === "imageName") && typeof v === "string") {
                found.push(v);
            } else if (k === "image" && ref && typeof ref === "object" && typeof ref.repository === "string" && ref.tag !== undefined) {
                // Helm values `image: { repository, tag }`; without a tag the chart's own pinned appVersion applies.
                found.push(`${ref.repository}:${String(ref.tag)}`);
            } else {
                imagesIn(v, found);
            }
        }
    }
    return found;
}

/** A pinned image: a tag other than `latest`, or a digest. */
export function isPinned(image: string): boolean {
    if (/@sha256:[a-f0-9]{64}$/.test(image)) {
        return true;
    }
    const lastSegment = image.split("/").pop() as string;
    const tag = lastSegment.includes(":") ? lastSegment.split(":").pop() : undefined;
    return tag !== undefined && tag !== "" && tag.toLowerCase() !== "latest";
}
