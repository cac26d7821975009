/**
 * Air-gapped installs (issue 19): with an image mirror declared, every container image of the
 * stack's own workloads comes from it. The mirror is declared by the program on the Devana
 * Namespaces (annotation `devana.ai/image-mirror`, from `devana:airgap.registry`). Chart images are
 * not visible to a policy (a chart is one resource); `npm run airgap` checks them on the rendered
 * charts. Without a mirror, unpinned images (no tag or digest, or `latest`) are reported as advisory.
 */
import type { PolicyResource } from "@pulumi/policy";
import { at, list, ofTypes, stackPolicy, subjectOf, UNKNOWN, type PolicyException } from "./lib";

export const IMAGE_MIRROR_ANNOTATION = "devana.ai/image-mirror";

export const TYPES = {
    namespace: "kubernetes:core/v1:Namespace",
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    job: "kubernetes:batch/v1:Job",
    cronJob: "kubernetes:batch/v1:CronJob",
    pod: "kubernetes:core/v1:Pod",
    cnpgCluster: "kubernetes:postgresql.cnpg.io/v1:Cluster",
} as const;

export const UNPINNED_DECLARATION: PolicyException = {
    id: "unpinned-image-without-mirror",
    policy: "images-from-mirror",
    reason: "the stack declares no image mirror (devana:airgap): an image without a pinned tag or digest is pulled as its registry serves it on the day; advisory",
};

/** Every container image of a workload, with where it sits. */
export function workloadImages(r: PolicyResource): { readonly where: string; readonly image: unknown }[] {
    if (r.type === TYPES.cnpgCluster) {
        const image = at(r.props, "spec", "imageName");
        return image === undefined ? [] : [{ where: "spec.imageName", image }];
    }
    const podPath = r.type === TYPES.pod ? ["spec"] : r.type === TYPES.cronJob ? ["spec", "jobTemplate", "spec", "template", "spec"] : ["spec", "template", "spec"];
    const found: { where: string; image: unknown }[] = [];
    for (const field of ["initContainers", "containers", "ephemeralContainers"]) {
        const containers = list(r.props, ...podPath, field);
        if (containers === UNKNOWN) {
            continue;
        }
        containers.forEach((c, i) => found.push({ where: `${field}[${String(at(c, "name") ?? i)}]`, image: at(c, "image") }));
    }
    return found;
}

/** Why a reference is not pinned, or undefined. */
export function unpinned(image: string): string | undefined {
    if (image.includes("@sha256:")) {
        return undefined;
    }
    const last = image.slice(image.lastIndexOf("/") + 1);
    const tag = last.includes(":") ? last.slice(last.indexOf(":") + 1) : undefined;
    return tag === undefined ? "no tag" : tag === "latest" ? "the tag latest" : undefined;
}

export const imagesFromMirror = stackPolicy({
    name: "images-from-mirror",
    description:
        "With an image mirror declared (devana:airgap; the Devana Namespaces' devana.ai/image-mirror annotation), every container image of the stack's workloads (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods, CloudNativePG Clusters) is pulled from it. Without a mirror, unpinned images are reported as advisory. Chart images: `npm run airgap`.",
    check: (resources, c) => {
        const mirrors = [
            ...new Set(
                ofTypes(resources, TYPES.namespace)
                    .map((ns) => at(ns.props, "metadata", "annotations", IMAGE_MIRROR_ANNOTATION))
                    .filter((m): m is string => typeof m === "string" && m !== ""),
            ),
        ];
        if (mirrors.length > 1) {
            c.fail(undefined, `the Devana Namespaces declare different image mirrors (${mirrors.join(", ")}): one stack has one mirror`);
            return;
        }
        const mirror = mirrors[0]?.replace(/\/+$/, "");
        const workloads = ofTypes(resources, ...Object.values(TYPES).filter((t) => t !== TYPES.namespace));
        for (const r of workloads) {
            for (const { where, image } of workloadImages(r)) {
                if (typeof image !== "string") {
                    continue; // unknown at preview, or absent (the operator's default image)
                }
                if (mirror !== undefined && !image.startsWith(`${mirror}/`)) {
                    c.fail(subjectOf(r), `${r.name} ${where} pulls ${image}, outside the image mirror ${mirror} (devana:airgap.registry)`);
                } else if (mirror === undefined && unpinned(image)) {
                    c.declared(subjectOf(r), `${r.name} ${where} pulls ${image} with ${unpinned(image)}`, UNPINNED_DECLARATION);
                }
            }
        }
    },
});

export const imagePolicies = [imagesFromMirror];
