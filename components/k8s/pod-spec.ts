/**
 * Pure pod-spec helpers shared by every tier that runs pods (platform, devana, edge): Kubernetes
 * quantities, R-SIZE resource requests, the `restricted` Pod Security contexts, Service DNS names,
 * volume claims. Labels are in labels.ts, pool placement in placement.ts.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Distribution } from "../../config/defaults";

/** Kubernetes quantity for GiB figures of R-SIZE (fractions become MiB). */
export function gi(value: number): string {
    return Number.isInteger(value) ? `${value}Gi` : `${Math.round(value * 1024)}Mi`;
}

/** Kubernetes CPU quantity: whole cores as "2", fractions as millicores. */
export function cpu(cores: number): string {
    return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/**
 * Requests from R-SIZE; memory limit = request (no OOM kill from a neighbour's burst, and caches
 * size themselves from it), no CPU limit (throttling adds latency that requests already prevent).
 */
export function resourcesFor(size: { readonly cpu: number; readonly memoryGi: number; readonly gpu?: number }): k8s.types.input.core.v1.ResourceRequirements {
    const gpu = size.gpu ?? 0;
    const gpuQuantity: Record<string, string> = gpu > 0 ? { "nvidia.com/gpu": String(gpu) } : {};
    return {
        requests: { cpu: cpu(size.cpu), memory: gi(size.memoryGi), ...gpuQuantity },
        limits: { memory: gi(size.memoryGi), ...gpuQuantity },
    };
}

/**
 * OpenShift's `restricted-v2` SCC assigns the UID, the fsGroup and the supplemental groups from
 * the namespace's range (`MustRunAsRange`) and rejects pods that pin others, so pods there name
 * none; vanilla Kubernetes and RKE2 run the image's own non-root user.
 */
export function assignsUids(distribution: Distribution): boolean {
    return distribution === "openshift";
}

/**
 * Pod security context satisfying the `restricted` Pod Security Standard. On OpenShift without
 * UIDs (see `assignsUids`): the SCC fills in its own, and `OnRootMismatch` still applies to the
 * fsGroup it injects.
 */
export function podSecurityContext(uid: number, distribution: Distribution = "vanilla"): k8s.types.input.core.v1.PodSecurityContext {
    if (assignsUids(distribution)) {
        return { runAsNonRoot: true, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } };
    }
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: uid,
        fsGroup: uid,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/**
 * Environment an image needs under an arbitrary UID: a UID without a passwd entry gets `/` as its
 * home, which it cannot write (Chromium, LibreOffice, npm caches). `/tmp` is the pod's emptyDir.
 */
export function arbitraryUidEnv(distribution: Distribution, home = "/tmp"): k8s.types.input.core.v1.EnvVar[] {
    return assignsUids(distribution) ? [{ name: "HOME", value: home }] : [];
}

/** Container security context of the `restricted` standard; read-only root where the image allows. */
export function containerSecurityContext(readOnlyRootFilesystem?: boolean): k8s.types.input.core.v1.SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        runAsNonRoot: true,
        ...(readOnlyRootFilesystem === undefined ? {} : { readOnlyRootFilesystem }),
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** In-cluster DNS name of a Service. */
export function serviceHost(service: string, namespace: string): string {
    return `${service}.${namespace}.svc.cluster.local`;
}

/** A single-node (ReadWriteOnce) volume claim of `sizeGi` on a StorageClass. */
export function volumeClaimSpec(storageClassName: string, sizeGi: number): k8s.types.input.core.v1.PersistentVolumeClaimSpec {
    return { accessModes: ["ReadWriteOnce"], storageClassName, resources: { requests: { storage: gi(sizeGi) } } };
}

/**
 * A chart's pod security context on OpenShift: `null` deletes the IDs the chart pins (`pinned`), so
 * `restricted-v2` assigns its own from the namespace's range; non-root and the seccomp profile stay.
 */
export function sccPodSecurityValues(pinned: readonly ("runAsUser" | "runAsGroup" | "fsGroup")[] = []): Record<string, unknown> {
    return { ...Object.fromEntries(pinned.map((id) => [id, null])), runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
}
