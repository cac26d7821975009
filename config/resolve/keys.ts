/** Key paths of issues (`devana:network.zones.app`) and the decoding of raw `devana:*` strings. */
import type { z } from "zod";
import type { ConfigIssue } from "../model";
import { STRUCTURED_KEYS, type ConfigKey } from "../schema";

export const NAMESPACE = "devana";

export const keyPath = (key: string, path: readonly PropertyKey[] = []): string => `${NAMESPACE}:${key}` + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");

export function zodIssues(key: string, error: z.ZodError): ConfigIssue[] {
    return error.issues.flatMap((issue): ConfigIssue[] => {
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((k) => ({ key: keyPath(key, [...issue.path, k]), message: "unknown key" }));
        }
        const message = /received undefined/.test(issue.message) ? "required" : issue.message;
        return [{ key: keyPath(key, issue.path), message }];
    });
}

export function decode(key: ConfigKey, text: string): { value: unknown } | { error: string } {
    if (STRUCTURED_KEYS.has(key)) {
        try {
            return { value: JSON.parse(text) };
        } catch {
            return { error: "expected a YAML object (structured config), got a plain string" };
        }
    }
    if (key === "protect") {
        return text === "true" || text === "false" ? { value: text === "true" } : { error: `expected true or false, got "${text}"` };
    }
    return { value: text };
}
