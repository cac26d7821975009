/**
 * Configuration fixtures for the parse tests: a minimal valid on-prem stack and parse helpers that
 * take a stack file's YAML map (and the names of credential keys set as secrets).
 */
import { expect } from "vitest";
import type { ConfigIssue, DevanaConfig } from "../../config/model";
import { parseConfig, type ParseResult } from "../../config/resolve";
import { configFromYaml } from "../../scripts/lib/stack-file";

export type YamlMap = Record<string, unknown>;

/** The smallest valid stack: on-prem dev, minimal tier, cloud LLM, internal CA. */
export const ONPREM: YamlMap = {
    "devana:target": "onprem",
    "devana:environment": "dev",
    "devana:tier": "minimal",
    "devana:llm": { scenario: "cloud", cloudProvider: "openai", cloudModel: "gpt-4.1" },
    "devana:domain": "devana.example.com",
    "devana:tls": { mode: "internal-ca" },
    "devana:images": { tags: { api: "2.8.0", frontend: "2.8.0", odin: "1.9.0" } },
    // Issue 17: prod variants of this fixture need a critical receiver; with it a heartbeat, so prod warns of nothing here.
    "devana:alerting": { smtp: { smarthost: "smtp.example.com:587", from: "alerts@example.com" }, receivers: { oncall: { email: ["oncall@example.com"] } }, routes: { critical: "oncall" } },
};

export function parse(map: YamlMap, secrets: readonly string[] = []): ParseResult {
    const { config, secretKeys } = configFromYaml(map);
    for (const key of secrets) {
        config[`devana:${key}`] = "value";
        secretKeys.push(`devana:${key}`);
    }
    return parseConfig({ values: config, secretKeys: new Set(secretKeys) }, "devana", "test");
}

export function ok(map: YamlMap, secrets: readonly string[] = []): DevanaConfig & { warnings: readonly string[] } {
    const result = parse(map, secrets);
    if (!result.ok) {
        throw new Error(result.issues.map((i) => `${i.key}: ${i.message}`).join("\n"));
    }
    return { ...result.config, warnings: result.warnings };
}

export function issues(map: YamlMap, secrets: readonly string[] = []): ConfigIssue[] {
    const result = parse(map, secrets);
    expect(result.ok).toBe(false);
    return result.ok ? [] : [...result.issues];
}
