/**
 * "No image in any committed stack uses the latest tag or no tag", statically for every target:
 * third-party images come from config/versions.ts, Devana's from devana:images.tags (the schema
 * rejects `latest`), and no source file writes an image literal of its own. The evaluated
 * `onprem` and `dev` stacks' emitted objects are checked themselves. Chart-managed
 * images are pinned by the chart version and not seen here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { IMAGES } from "../../config/versions";
import { KEY_SCHEMAS } from "../../config/schema";
import { REPO_ROOT } from "../../scripts/lib/stack-file";
import { isPinned } from "../support/k8s-schema";

const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
        const path = join(dir, f);
        return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
    });

describe("image pinning", () => {
    it.each(Object.entries(IMAGES))("config/versions.ts %s = %s is pinned", (_id, image) => {
        expect(isPinned(image)).toBe(true);
    });

    it.each(readdirSync(REPO_ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f)))("%s pins the Devana image tags", (file) => {
        const config = (parse(readFileSync(join(REPO_ROOT, file), "utf8")) as { config: Record<string, unknown> }).config;
        expect(KEY_SCHEMAS.images.safeParse(config["devana:images"]).success).toBe(true);
    });

    it("no component or stack writes an unpinned image literal", () => {
        const literal = /\bimage(?:Name)?:\s*["'`]([^"'`$]+)["'`]/g;
        const found = ["components", "stacks"].flatMap((d) => sources(join(REPO_ROOT, d))).flatMap((file) => [...readFileSync(file, "utf8").matchAll(literal)].map((m) => `${file}: ${m[1]}`));
        expect(found.filter((f) => !isPinned(f.split(": ")[1]))).toEqual([]);
    });
});
