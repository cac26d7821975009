/**
 * Issue 19 (air-gapped installs): one registry mirror for every image a stack runs. The mirror keeps
 * each image's repository path and tag (and digest) and drops the source registry's host, as the
 * charts' `global.imageRegistry` does: `quay.io/prometheus/prometheus:v3.14.0` becomes
 * `<mirror>/prometheus/prometheus:v3.14.0`, `redis:7.4.11` becomes `<mirror>/redis:7.4.11`.
 * Pure functions: the components call them with the configured mirror (`devana:airgap.registry`).
 */
import { CHARTS, IMAGES } from "../../config/versions";

/** An image reference split into its parts; `host` is undefined for Docker Hub short names. */
export interface ImageRef {
    readonly host?: string;
    /** Repository path without the host (`prometheus/prometheus`, `redis`, `library/busybox`). */
    readonly path: string;
    readonly tag?: string;
    /** `sha256:<hex>`. */
    readonly digest?: string;
}

/** Docker's rule: the first segment is a registry host when it has a dot or a port, or is localhost. */
function isHost(segment: string): boolean {
    return segment.includes(".") || segment.includes(":") || segment === "localhost";
}

export function parseImage(reference: string): ImageRef {
    let rest = reference.trim();
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    const slash = rest.indexOf("/");
    let host: string | undefined;
    if (slash > 0 && isHost(rest.slice(0, slash))) {
        host = rest.slice(0, slash);
        rest = rest.slice(slash + 1);
    }
    // A tag is after the last colon of the last path segment (a colon earlier is a port, taken above).
    const lastSlash = rest.lastIndexOf("/");
    const colon = rest.indexOf(":", lastSlash + 1);
    const path = colon >= 0 ? rest.slice(0, colon) : rest;
    const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
    return { ...(host ? { host } : {}), path, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The reference as Docker resolves it (`docker.io/library/redis:7.4.11`): what identifies a source. */
export function canonicalImage(reference: string): string {
    const ref = parseImage(reference);
    const host = ref.host ?? "docker.io";
    const path = host === "docker.io" && !ref.path.includes("/") ? `library/${ref.path}` : ref.path;
    return `${host}/${path}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** Why a reference is not pinned (no tag or digest, or `latest`), or undefined when it is. */
export function unpinnedReason(reference: string): string | undefined {
    const ref = parseImage(reference);
    if (ref.digest) {
        return undefined;
    }
    if (!ref.tag) {
        return "no tag or digest";
    }
    return /^latest$/i.test(ref.tag) ? "the `latest` tag" : undefined;
}

/** The mirror's repository for a source repository without tag (`nvcr.io/nvidia/k8s` -> `<mirror>/nvidia/k8s`). */
export function mirrorRepository(repository: string, registry: string): string {
    const slash = repository.indexOf("/");
    const path = slash > 0 && isHost(repository.slice(0, slash)) ? repository.slice(slash + 1) : repository;
    return `${registry.replace(/\/$/, "")}/${path}`;
}

/** The mirror's reference of an image: same path, tag and digest, the mirror's host (and prefix). */
export function mirrorImage(reference: string, registry: string): string {
    const ref = parseImage(reference);
    return `${registry.replace(/\/$/, "")}/${ref.path}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** `image` from the mirror when one is configured, else unchanged. */
export function imageFrom(reference: string, registry: string | undefined): string {
    return registry ? mirrorImage(reference, registry) : reference;
}

/** Whether a reference is served by the mirror (its host and prefix, then a path). */
export function inMirror(reference: string, registry: string): boolean {
    return reference.startsWith(`${registry.replace(/\/$/, "")}/`);
}

/** Mirror paths claimed by more than one source image: the mirror could hold only one of them. */
export function mirrorCollisions(sources: readonly string[], registry: string): { readonly mirror: string; readonly sources: readonly string[] }[] {
    const bySlot = new Map<string, Set<string>>();
    for (const source of sources) {
        const slot = mirrorImage(source, registry);
        bySlot.set(slot, (bySlot.get(slot) ?? new Set()).add(canonicalImage(source)));
    }
    return [...bySlot]
        .filter(([, set]) => set.size > 1)
        .map(([mirror, set]) => ({ mirror, sources: [...set].sort() }))
        .sort((a, b) => a.mirror.localeCompare(b.mirror));
}

/** Where charts and images come from in an air-gapped install (`devana:airgap`, resolved). */
export interface Mirror {
    /** Registry host and optional path prefix (`registry.example.internal:5000/devana`). */
    readonly registry: string;
    /** OCI path of the mirrored charts (`oci://...`) or a local folder of `<chart>-<version>.tgz`. @default the public repositories */
    readonly chartRepository?: string;
}

/**
 * Chart values that keep images on a pinned source in every stack: Loki's dashboard sidecar is the
 * kiwigrid image kube-prometheus-stack pulls from quay.io; from Docker Hub it would be a second
 * source for the same mirror path (`kiwigrid/k8s-sidecar`), which the mirror cannot hold twice.
 */
const SOURCE_PINS: Partial<Record<keyof typeof CHARTS, Record<string, unknown>>> = {
    loki: { sidecar: { image: { registry: "quay.io" } } },
};

/** The GPU Operator's operands (ClusterPolicy) and their source repositories in the pinned chart. */
const GPU_OPERATOR_REPOSITORIES: readonly (readonly [path: string, repository: string])[] = [
    ["operator", "nvcr.io/nvidia"],
    ["validator", "nvcr.io/nvidia"],
    ["driver", "nvcr.io/nvidia"],
    ["driver.manager", "nvcr.io/nvidia/cloud-native"],
    ["toolkit", "nvcr.io/nvidia/k8s"],
    ["devicePlugin", "nvcr.io/nvidia"],
    ["dcgm", "nvcr.io/nvidia/cloud-native"],
    ["dcgmExporter", "nvcr.io/nvidia/k8s"],
    ["gfd", "nvcr.io/nvidia"],
    ["migManager", "nvcr.io/nvidia/cloud-native"],
    ["nodeStatusExporter", "nvcr.io/nvidia"],
    ["gds", "nvcr.io/nvidia/cloud-native"],
    ["gdrcopy", "nvcr.io/nvidia/cloud-native"],
    ["vgpuManager.driverManager", "nvcr.io/nvidia/cloud-native"],
    ["vgpuDeviceManager", "nvcr.io/nvidia/cloud-native"],
    ["vfioManager", "nvcr.io/nvidia/cloud-native"],
    ["vfioManager.driverManager", "nvcr.io/nvidia/cloud-native"],
    ["sandboxDevicePlugin", "nvcr.io/nvidia"],
    ["kataSandboxDevicePlugin", "nvcr.io/nvidia/cloud-native"],
    ["ccManager", "nvcr.io/nvidia/cloud-native"],
    ["node-feature-discovery.image", "registry.k8s.io/nfd/node-feature-discovery"],
];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
    const keys = path.split(".");
    let node = target;
    for (const key of keys.slice(0, -1)) {
        node = (node[key] ??= {}) as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = value;
}

/**
 * The values that make one pinned chart pull every image it renders from the mirror (each chart's
 * own image keys, checked on the rendered objects by test/charts), plus its source pins.
 */
export function chartImageValues(chart: keyof typeof CHARTS, registry: string | undefined): Record<string, unknown> {
    const pins = SOURCE_PINS[chart] ?? {};
    if (!registry) {
        return pins;
    }
    const host = registry.replace(/\/$/, "");
    switch (chart) {
        // kube-prometheus-stack passes global.imageRegistry to Grafana, kube-state-metrics,
        // node-exporter, the operator's config reloader and the admission webhook's certgen.
        case "kubePrometheusStack":
        case "loki":
        case "seaweedfs":
            return deepMerge(pins, { global: { imageRegistry: host } });
        case "alloy":
            return { global: { image: { registry: host } } };
        case "certManager":
            // The controller, webhook, cainjector, startupapicheck and the ACME solver image.
            return { imageRegistry: host };
        case "traefik":
            return { image: { registry: host } };
        case "cloudnativePg":
            return { image: { repository: mirrorRepository("ghcr.io/cloudnative-pg/cloudnative-pg", host) } };
        case "barmanCloudPlugin":
            return { image: { registry: host }, sidecarImage: { registry: host } };
        case "gpuOperator": {
            const values: Record<string, unknown> = {};
            for (const [path, repository] of GPU_OPERATOR_REPOSITORIES) {
                setPath(values, `${path}.repository`, mirrorRepository(repository, host));
            }
            return values;
        }
        // Issue 17: Tempo's image is `<global.imageRegistry | tempo.registry>/grafana/tempo`; the
        // collector's is set whole by tracing.ts (the contrib distribution), so its repository moves.
        case "tempo":
            return { global: { imageRegistry: host } };
        case "otelCollector":
            return { image: { repository: mirrorRepository(IMAGES.otelCollectorContrib.split(":")[0], host) } };
        default:
            throw new Error(`chart ${CHARTS[chart].chart} has no mirror values: devana:airgap does not cover it yet`);
    }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Values merged as Helm merges them: objects key by key, anything else replaced by `over`. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
        out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as Record<string, unknown>, value) : value;
    }
    return out;
}

/** A chart's values with its image values (source pins, and the mirror when configured) merged in. */
export function withChartImages(chart: keyof typeof CHARTS, values: Record<string, unknown>, registry: string | undefined): Record<string, unknown> {
    return deepMerge(values, chartImageValues(chart, registry));
}

/** The stack's mirror from its configuration (`devana:airgap`), or undefined when it pulls from the sources. */
export function mirrorOf(config: { readonly airgap?: { readonly registry: string; readonly chartRepository?: string } }): Mirror | undefined {
    return config.airgap ? { registry: config.airgap.registry, ...(config.airgap.chartRepository ? { chartRepository: config.airgap.chartRepository } : {}) } : undefined;
}
