/**
 * The edge between Pulumi and the program: reads the stack configuration once, validates it, and
 * hands typed values (and secrets as Pulumi secrets) to the rest. Nothing is created before this
 * returns, so a bad configuration creates nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConfigIssue, DevanaConfig } from "./model";
import { parseConfig } from "./resolve";
import { NAMESPACE } from "./resolve/keys";
import { SECRET_KEYS, type SecretKey } from "./schema";

// Exported by the runtime since 3.x but left out of its typings.
const runtimeConfig = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

/** Credentials from configuration, each a Pulumi secret; absent when the stack does not set it. */
export type ConfigSecrets = Readonly<Partial<Record<SecretKey, pulumi.Output<string>>>>;

/** A configuration error: every issue, each with its key. A RunError prints without a stack trace. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly issues: readonly ConfigIssue[]) {
        super(`invalid stack configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` + issues.map((i) => `  - ${i.key}: ${i.message}`).join("\n"));
        this.name = "ConfigError";
    }
}

export interface LoadedConfig {
    readonly config: DevanaConfig;
    readonly secrets: ConfigSecrets;
    readonly warnings: readonly string[];
}

export interface LoadConfigOptions {
    /** Where warnings go. @default pulumi.log.warn */
    readonly warn?: (message: string) => void;
}

/** Reads `devana:*` from the running stack; throws ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
    const values = pulumi.runtime.allConfig();
    const secretKeys = new Set(Object.keys(values).filter((k) => runtimeConfig.isConfigSecret(k)));
    const result = parseConfig({ values, secretKeys }, pulumi.getProject(), pulumi.getStack());
    if (!result.ok) {
        throw new ConfigError(result.issues);
    }
    const config = new pulumi.Config(NAMESPACE);
    const secrets: Partial<Record<SecretKey, pulumi.Output<string>>> = {};
    for (const key of Object.keys(SECRET_KEYS) as SecretKey[]) {
        const value = config.getSecret(key);
        if (value !== undefined) {
            secrets[key] = value;
        }
    }
    const warn = options.warn ?? ((message: string) => void pulumi.log.warn(message));
    result.warnings.forEach(warn);
    return { config: result.config, secrets, warnings: result.warnings };
}
