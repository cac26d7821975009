/**
 * Reads a `Pulumi.<stack>.yaml` the way the Pulumi CLI hands it to a program: `namespace:key` ->
 * string, structured values JSON-encoded, `secure:` values marked secret. Encrypted values cannot
 * be decrypted offline, so they become placeholders (still marked secret, so still redacted).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse } from "yaml";
import { isRecord } from "./records";

/** The repository: the nearest folder up with Pulumi.yaml (this file also runs bundled, from node_modules/.cache). */
export const REPO_ROOT = repositoryRoot(__dirname);

function repositoryRoot(start: string): string {
    for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
        if (existsSync(join(dir, "Pulumi.yaml"))) {
            return dir;
        }
    }
    throw new Error(`no Pulumi.yaml in ${start} or above`);
}
const PROJECT = "devana";

export interface StackFile {
    readonly stack: string;
    readonly path: string;
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
}

export function stackFilePath(stack: string): string {
    return join(REPO_ROOT, `Pulumi.${stack}.yaml`);
}

/** Stack name of `Pulumi.<stack>.yaml`; other file names keep their base name. */
export function stackNameOf(path: string): string {
    const match = /^Pulumi\.(.+)\.ya?ml$/.exec(basename(path));
    return match ? match[1] : basename(path).replace(/\.ya?ml$/, "");
}

export function readStackFile(path: string): StackFile {
    const document: unknown = parse(readFileSync(path, "utf8")) ?? {};
    if (!isRecord(document)) {
        throw new Error(`${path}: expected a YAML mapping with a "config" key`);
    }
    const raw = document.config ?? {};
    if (!isRecord(raw)) {
        throw new Error(`${path}: "config" must be a mapping`);
    }
    const { config, secretKeys } = configFromYaml(raw);
    return { stack: stackNameOf(path), path, config, secretKeys };
}

/** A stack file's `config:` mapping as Pulumi hands it to the program. */
export function configFromYaml(raw: Record<string, unknown>): { config: Record<string, string>; secretKeys: string[] } {
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(raw)) {
        const fullKey = key.includes(":") ? key : `${PROJECT}:${key}`;
        if (isRecord(value) && Object.keys(value).length === 1 && typeof value.secure === "string") {
            // Shaped like USERNAME:PASSWORD so credential format checks pass offline.
            config[fullKey] = `offline-placeholder:for-${fullKey}`;
            secretKeys.push(fullKey);
        } else {
            config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { config, secretKeys };
}

/** Committed stack names, from the `Pulumi.<stack>.yaml` files at the repository root. */
export function committedStacks(): string[] {
    return readdirSync(REPO_ROOT)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}
