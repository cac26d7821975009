/**
 * Generates the configuration reference (docs/config-reference.md) from the zod schema itself, so the two cannot
 * drift: types, allowed values and defaults come from the schema, sentences from config/docs.ts.
 */
import { z } from "zod";
import { SETTING_DOCS } from "../../config/docs";
import { KEY_SCHEMAS, REQUIRED_KEYS, SECRET_KEYS, type ConfigKey } from "../../config/schema";

type JsonSchema = {
    type?: string | string[];
    enum?: unknown[];
    const?: unknown;
    default?: unknown;
    properties?: Record<string, JsonSchema>;
    required?: string[];
    oneOf?: JsonSchema[];
    anyOf?: JsonSchema[];
    items?: JsonSchema;
    additionalProperties?: JsonSchema | boolean;
    format?: string;
};

export interface SettingRow {
    readonly path: string;
    readonly type: string;
    readonly defaultValue: string;
    readonly required: boolean;
}

/** Placeholders for maps whose entries share one schema. */
const REPEATED: Record<string, string> = { nodePools: "<pool>", sizing: "<component>", receivers: "<receiver>" };

function typeOf(schema: JsonSchema): string {
    if (schema.enum) {
        return schema.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
    }
    if (schema.const !== undefined) {
        return `\`${String(schema.const)}\``;
    }
    if (schema.type === "array") {
        return `list of ${schema.items ? typeOf(schema.items) : "values"}`;
    }
    if (schema.type === "object") {
        return schema.properties ? "object" : "map of string";
    }
    if (schema.anyOf || schema.oneOf) {
        return [...(schema.anyOf ?? schema.oneOf ?? [])].map(typeOf).join(" \\| ");
    }
    return [schema.format, schema.type].filter(Boolean).join(" ") || "any";
}

function formatDefault(value: unknown): string {
    if (value === undefined || (typeof value === "object" && value !== null && Object.keys(value).length === 0)) {
        return "";
    }
    return `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
}

function walk(path: string, schema: JsonSchema, required: boolean, rows: SettingRow[]): void {
    const variants = schema.oneOf ?? schema.anyOf;
    if (variants && variants.every((v) => v.type === "object" && v.properties)) {
        // Discriminated union: one row per field, the discriminator listing every variant.
        const merged: Record<string, JsonSchema> = {};
        for (const variant of variants) {
            for (const [key, sub] of Object.entries(variant.properties ?? {})) {
                merged[key] = merged[key] && sub.const !== undefined ? { enum: [...(merged[key].enum ?? [merged[key].const]), sub.const] } : sub;
            }
        }
        const everywhere = (key: string): boolean => variants.every((v) => (v.required ?? []).includes(key));
        for (const [key, sub] of Object.entries(merged)) {
            walk(`${path}.${key}`, sub, everywhere(key), rows);
        }
        return;
    }
    if (schema.type === "object" && schema.properties) {
        const key = path.split(".").pop() ?? path;
        const entries = Object.entries(schema.properties);
        if (REPEATED[key]) {
            walk(`${path}.${REPEATED[key]}`, entries[0][1], false, rows);
            return;
        }
        for (const [name, sub] of entries) {
            // "required" means: required whenever its block is set.
            walk(`${path}.${name}`, sub, (schema.required ?? []).includes(name), rows);
        }
        return;
    }
    // A map of named objects (alerting.receivers): one row per field of its entries.
    const entry = schema.additionalProperties;
    const key = path.split(".").pop() ?? path;
    if (schema.type === "object" && REPEATED[key] && typeof entry === "object" && entry.properties) {
        walk(`${path}.${REPEATED[key]}`, entry, false, rows);
        return;
    }
    if (schema.type === "array" && schema.items?.type === "object" && schema.items.properties) {
        const fields = Object.keys(schema.items.properties).join(", ");
        rows.push({ path, type: `list of {${fields}}`, defaultValue: formatDefault(schema.default), required });
        return;
    }
    rows.push({ path, type: typeOf(schema), defaultValue: formatDefault(schema.default), required });
}

/** Every setting of the schema, in schema order. */
export function settingRows(): SettingRow[] {
    const rows: SettingRow[] = [];
    for (const key of Object.keys(KEY_SCHEMAS) as ConfigKey[]) {
        const schema = z.toJSONSchema(KEY_SCHEMAS[key], { io: "input", unrepresentable: "any" }) as JsonSchema;
        walk(key, schema, REQUIRED_KEYS.includes(key), rows);
    }
    return rows;
}

/** The reference as Markdown; throws listing settings that have no sentence in config/docs.ts. */
export function configReference(): string {
    const rows = settingRows();
    const undocumented = rows.filter((r) => !SETTING_DOCS[r.path]).map((r) => r.path);
    if (undocumented.length > 0) {
        throw new Error(`settings without a description in config/docs.ts: ${undocumented.join(", ")}`);
    }
    const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\\\\\|/g, "\\|");
    return [
        "| setting (`devana:` + path) | type | default | meaning |",
        "|---|---|---|---|",
        ...rows.map((r) => `| \`${r.path}\`${r.required ? " (required)" : ""} | ${r.type} | ${r.defaultValue} | ${cell(SETTING_DOCS[r.path])} |`),
        "",
        "Credentials are separate keys, always set with `pulumi config set --secret devana:<key>`:",
        "",
        "| secret key | holds |",
        "|---|---|",
        ...Object.entries(SECRET_KEYS).map(([key, text]) => `| \`${key}\` | ${text} |`),
    ].join("\n");
}

export const REFERENCE_START = "<!-- config-reference:start (generated by `npm run config:docs -- --write`) -->";
export const REFERENCE_END = "<!-- config-reference:end -->";

/** Page text with the reference section replaced by `reference`. */
export function withReference(readme: string, reference: string): string {
    const start = readme.indexOf(REFERENCE_START);
    const end = readme.indexOf(REFERENCE_END);
    if (start < 0 || end < start) {
        throw new Error("docs/config-reference.md has no configuration reference markers");
    }
    return `${readme.slice(0, start + REFERENCE_START.length)}\n${reference}\n${readme.slice(end)}`;
}
