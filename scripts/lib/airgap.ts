/**
 * Issue 19: the bill of materials of an air-gapped install, read from the rendered objects (the
 * plan's and every chart's): each image with where it is used, each chart archive, each model.
 * Pure functions over rendered objects; airgap-cli.ts plans, renders and prints.
 */
import { canonicalImage, mirrorCollisions, mirrorImage, inMirror, unpinnedReason } from "../../components/platform/image-mirror";
import type { K8sObject } from "./render";
import { isRecord } from "./records";

export interface ImageUse {
    readonly image: string;
    /** `<chart resource or plan>:<Kind>/<namespace>/<name>` and the field (`containers[vllm].image`). */
    readonly where: string;
    /** Why the reference is special (the GPU driver's OS suffix). */
    readonly note?: string;
}

/** Container flags that name an image the program starts later (cert-manager's ACME solver, the operator's reloader). */
const IMAGE_FLAG = /^--([a-z0-9-]*(?:image|reloader)[a-z0-9-]*)=(.+)$/;
/** Environment variables and data keys that name an image (SIDECAR_IMAGE, DRIVER_MANAGER_IMAGE, RELATED_IMAGE_*). */
const IMAGE_KEY = /(^|_)IMAGE(_|$)/;
/** GPU Operator operands it deploys only with `sandboxWorkloads.enabled` (KubeVirt, Kata). */
const SANDBOX_OPERANDS = new Set(["vfioManager", "vgpuDeviceManager", "vgpuManager", "sandboxDevicePlugin", "kataSandboxDevicePlugin", "kataManager"]);

function looksLikeImage(value: string): boolean {
    return /^[a-z0-9][a-z0-9._:/-]*(@sha256:[a-f0-9]{64})?$/.test(value) && (value.includes("/") || value.includes(":") || value.includes("@"));
}

/** Every image reference an object makes, wherever the Kubernetes API or an operator reads one. */
export function imagesOf(object: K8sObject, source: string): ImageUse[] {
    const id = `${source}:${object.kind}/${object.metadata?.namespace ? `${object.metadata.namespace}/` : ""}${object.metadata?.name ?? "?"}`;
    const out: ImageUse[] = [];
    if (object.kind === "CustomResourceDefinition") {
        return out;
    }
    const clusterPolicy = object.kind === "ClusterPolicy";
    const sandbox = clusterPolicy && isRecord(object.spec) && isRecord(object.spec.sandboxWorkloads) && object.spec.sandboxWorkloads.enabled === true;
    const walk = (node: unknown, path: string, key: string): void => {
        if (Array.isArray(node)) {
            node.forEach((item, i) => walk(item, `${path}[${isRecord(item) && typeof item.name === "string" ? item.name : i}]`, key));
            return;
        }
        if (!isRecord(node)) {
            return;
        }
        // The GPU Operator's ClusterPolicy: repository + image + version per operand.
        if (clusterPolicy && typeof node.repository === "string" && typeof node.image === "string") {
            if (node.repository !== "" && node.enabled !== false && (sandbox || !SANDBOX_OPERANDS.has(key))) {
                const image = `${node.repository.replace(/\/$/, "")}/${node.image}:${String(node.version ?? "")}`;
                out.push({ image, where: `${id} ${path}`, ...(key === "driver" ? { note: "the operator appends the nodes' OS to the tag (e.g. -ubuntu24.04, -rhel9.6): copy that tag" } : {}) });
            }
        }
        for (const [k, v] of Object.entries(node)) {
            const here = `${path}.${k}`;
            if (typeof v === "string") {
                if ((k === "image" || k === "imageName") && !clusterPolicy && looksLikeImage(v)) {
                    out.push({ image: v, where: `${id} ${here}` });
                } else if (IMAGE_KEY.test(k) && looksLikeImage(v)) {
                    out.push({ image: v, where: `${id} ${here}` });
                }
            } else if ((k === "args" || k === "command") && Array.isArray(v)) {
                v.forEach((arg, i) => {
                    const m = typeof arg === "string" ? IMAGE_FLAG.exec(arg) : null;
                    if (m && looksLikeImage(m[2])) {
                        out.push({ image: m[2], where: `${id} ${here}[${i}] --${m[1]}` });
                    }
                });
            } else if (k === "env" && Array.isArray(v)) {
                for (const e of v) {
                    if (isRecord(e) && typeof e.name === "string" && typeof e.value === "string" && IMAGE_KEY.test(e.name) && looksLikeImage(e.value)) {
                        out.push({ image: e.value, where: `${id} ${here}[${e.name}]` });
                    }
                }
            } else {
                walk(v, here, k);
            }
        }
    };
    walk(object, "", "");
    return out;
}

export interface ImageEntry {
    /** The reference as the stack's sources name it. */
    readonly source: string;
    /** The same image on the mirror, when a mirror is known. */
    readonly mirror?: string;
    readonly usedBy: readonly string[];
    readonly note?: string;
}

/** One entry per source image (no duplicates), sorted, with every place it is used. */
export function imageEntries(uses: readonly ImageUse[], registry: string | undefined): ImageEntry[] {
    const bySource = new Map<string, { usedBy: string[]; note?: string }>();
    for (const use of uses) {
        const entry = bySource.get(use.image) ?? { usedBy: [] };
        entry.usedBy.push(use.where);
        if (use.note) {
            entry.note = use.note;
        }
        bySource.set(use.image, entry);
    }
    return [...bySource].sort(([a], [b]) => a.localeCompare(b)).map(([source, e]) => ({ source, ...(registry ? { mirror: mirrorImage(source, registry) } : {}), usedBy: [...new Set(e.usedBy)].sort(), ...(e.note ? { note: e.note } : {}) }));
}

export interface ImageProblems {
    readonly unpinned: readonly { readonly image: string; readonly reason: string }[];
    /** Rendered with the mirror configured, yet pointing elsewhere. */
    readonly outsideMirror: readonly ImageUse[];
    /** Two sources on one mirror path. */
    readonly collisions: readonly { readonly mirror: string; readonly sources: readonly string[] }[];
    /** Mirror references no source image maps to (a chart that rewrote a reference its own way). */
    readonly unexplained: readonly ImageUse[];
}

/**
 * Checks of the bundle: sources pinned, and with a mirror, every rendered reference on it and
 * accounted for by a source (`mirrored` are the uses rendered with the mirror configured).
 */
export function imageProblems(sources: readonly ImageUse[], registry: string | undefined, mirrored: readonly ImageUse[] = []): ImageProblems {
    const unpinned = [...new Set(sources.map((u) => u.image))]
        .map((image) => ({ image, reason: unpinnedReason(image) }))
        .filter((u): u is { image: string; reason: string } => u.reason !== undefined)
        .sort((a, b) => a.image.localeCompare(b.image));
    if (!registry) {
        return { unpinned, outsideMirror: [], collisions: [], unexplained: [] };
    }
    const known = new Set(sources.map((u) => mirrorImage(u.image, registry)));
    return {
        unpinned,
        outsideMirror: mirrored.filter((u) => !inMirror(u.image, registry)),
        collisions: mirrorCollisions([...new Set(sources.map((u) => u.image))], registry),
        unexplained: mirrored.filter((u) => inMirror(u.image, registry) && !known.has(u.image)),
    };
}

export { canonicalImage };
