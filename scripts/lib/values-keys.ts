/**
 * Values keys a chart never reads. Helm ignores an unknown key unless the chart's schema forbids it,
 * so a renamed key silently stops doing anything. A key we set is known when the chart's default
 * values.yaml has it, its values.schema.json declares it, or a template reads it (`.Values.a.b`);
 * below a map the chart passes through whole (an empty default map, `toYaml .Values.x`,
 * `with .Values.x` ... `toYaml .`) anything goes, since Kubernetes validates it instead.
 */
import type { ChartModel } from "./chart-cache";
import { isRecord } from "./records";

interface TemplateReads {
    /** Every `.Values.a.b.c` path and each of its prefixes. */
    readonly referenced: ReadonlySet<string>;
    /** Paths whose whole map is rendered (toYaml). */
    readonly wholeMaps: ReadonlySet<string>;
}

const cache = new WeakMap<ChartModel, TemplateReads>();

export function templateReads(chart: ChartModel): TemplateReads {
    const known = cache.get(chart);
    if (known) {
        return known;
    }
    const referenced = new Set<string>();
    for (const m of chart.templates.matchAll(/\.Values((?:\.[A-Za-z0-9_-]+)+)/g)) {
        const parts = m[1].slice(1).split(".");
        parts.forEach((_, i) => referenced.add(parts.slice(0, i + 1).join(".")));
    }
    const wholeMaps = new Set<string>();
    const PATH = String.raw`\$?\.Values((?:\.[A-Za-z0-9_-]+)+)`;
    const patterns = [
        // toYaml .Values.x, .Values.x | toYaml, .Values.x | default dict (merged, then ranged over)
        new RegExp(String.raw`toYaml\s+\(?\s*${PATH}`, "g"),
        new RegExp(String.raw`${PATH}\s*\|\s*(?:toYaml|default\s+dict)`, "g"),
        // $c := deepCopy .Values.x: the chart edits a copy of the map and renders it (the OpenTelemetry Collector's `config`)
        new RegExp(String.raw`deepCopy\s+\(?\s*${PATH}`, "g"),
        // range $k, $v := .Values.x: every key of the map is taken
        new RegExp(String.raw`range\s+\$\w+\s*,\s*\$\w+\s*:=\s*${PATH}`, "g"),
        // {{- with .Values.x }} ... toYaml . / . | toYaml: the block renders the map it was given
        new RegExp(String.raw`with\s+${PATH}\s*-?\}\}(?:(?!\{\{-?\s*(?:end|with)\b)[\s\S]){0,400}?(?:toYaml\s+\.\s*[|)}]|\(\s*\.\s*\|\s*toYaml)`, "g"),
    ];
    for (const pattern of patterns) {
        for (const m of chart.templates.matchAll(pattern)) {
            wholeMaps.add(m[1].slice(1));
        }
    }
    // A helper handed `.Values.p` whole (`$s := .Values.p`, `omit .Values.p ...`) that renders
    // `with .p.x` ... toYaml .: Traefik's `traefik.service-spec` copies `service.spec` into each Service.
    const helper = new RegExp(String.raw`with\s+\.([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_-]+)+)\s*-?\}\}(?:(?!\{\{-?\s*(?:end|with)\b)[\s\S]){0,400}?toYaml\s+\.\s*[|)}]`, "g");
    for (const m of chart.templates.matchAll(helper)) {
        const param = m[1]!;
        if (new RegExp(String.raw`(?:omit\s+|:=\s*)\$?\.Values\.${param}\b(?!\.)`).test(chart.templates)) {
            wholeMaps.add(`${param}${m[2]}`);
        }
    }
    // index .Values "grafana.ini": a key with a dot in it, rendered section by section.
    for (const m of chart.templates.matchAll(/index\s+\$?\.Values((?:\.[A-Za-z0-9_-]+)*)\s+"([^"]+)"/g)) {
        const path = [...(m[1] ? m[1].slice(1).split(".") : []), m[2]].join(".");
        referenced.add(path);
        wholeMaps.add(path);
    }
    const reads = { referenced, wholeMaps };
    cache.set(chart, reads);
    return reads;
}

function schemaChild(schema: unknown, key: string): { known: boolean; child?: Record<string, unknown>; open: boolean } {
    if (!isRecord(schema)) {
        return { known: false, open: false };
    }
    const properties = isRecord(schema.properties) ? schema.properties : {};
    if (key in properties) {
        const child = properties[key];
        return { known: true, child: isRecord(child) ? child : undefined, open: false };
    }
    // A declared map type (`additionalProperties: {...}` or an explicit `true`) takes any key.
    if (isRecord(schema.additionalProperties) || schema.additionalProperties === true || isRecord(schema.patternProperties)) {
        return { known: true, open: true };
    }
    return { known: false, open: false };
}

/** Dotted paths of `values` that `chart` does not read (empty when every key is known). */
export function unknownValueKeys(chart: ChartModel, values: Record<string, unknown>): string[] {
    const unknown: string[] = [];
    // `open`: below a map the chart renders whole, only a schema that closes a map can refuse a key.
    const walk = (ours: Record<string, unknown>, defaults: unknown, schema: unknown, model: ChartModel, path: string[], chartPath: string[], open: boolean): void => {
        const reads = templateReads(model);
        for (const [key, value] of Object.entries(ours)) {
            const here = [...path, key];
            const inChart = [...chartPath, key];
            const dotted = inChart.join(".");
            if (chartPath.length === 0 && key === "global") {
                continue; // shared with every subchart; each reads what it knows
            }
            const sub = chartPath.length === 0 ? model.subcharts.get(key) : undefined;
            if (sub) {
                if (isRecord(value)) {
                    const parentDefaults = isRecord(defaults) && isRecord(defaults[key]) ? defaults[key] : {};
                    walk(value, { ...sub.values, ...parentDefaults }, sub.schema, sub, here, [], false);
                }
                continue;
            }
            const defaultValue = isRecord(defaults) ? defaults[key] : undefined;
            const inDefaults = isRecord(defaults) && key in defaults;
            const fromSchema = schemaChild(schema, key);
            const known = open ? fromSchema.known || !(isRecord(schema) && schema.additionalProperties === false) : inDefaults || fromSchema.known || reads.referenced.has(dotted);
            if (!known) {
                unknown.push(here.join("."));
                continue;
            }
            const passedWhole = open || reads.wholeMaps.has(dotted) || fromSchema.open || (isRecord(defaultValue) && Object.keys(defaultValue).length === 0) || (inDefaults && defaultValue === null);
            if (isRecord(value) && (!passedWhole || fromSchema.child?.properties)) {
                walk(value, defaultValue, fromSchema.child, model, here, inChart, passedWhole);
            }
        }
    };
    walk(values, chart.values, chart.schema, chart, [], [], false);
    return unknown;
}
