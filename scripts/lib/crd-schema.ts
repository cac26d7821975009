/**
 * Custom resources checked against their CRD's openAPIV3Schema, as the API server would: types,
 * required fields, enums, bounds and patterns, and unknown fields, which the server prunes silently
 * (a misspelt field of ours is simply dropped). Not evaluated: CEL rules (x-kubernetes-validations)
 * and formats; defaults are not applied.
 */
import type { K8sObject } from "./render";
import { isRecord } from "./records";

type Schema = Record<string, unknown>;

/** `group/version:Kind` -> schema of that served version, from CRD objects. */
export function crdSchemas(crds: readonly K8sObject[]): Map<string, Schema> {
    const schemas = new Map<string, Schema>();
    for (const crd of crds) {
        if (crd.kind !== "CustomResourceDefinition" || !isRecord(crd.spec)) {
            continue;
        }
        const spec = crd.spec as { group: string; names: { kind: string }; versions?: { name: string; schema?: { openAPIV3Schema?: Schema } }[] };
        for (const version of spec.versions ?? []) {
            if (version.schema?.openAPIV3Schema) {
                schemas.set(`${spec.group}/${version.name}:${spec.names.kind}`, version.schema.openAPIV3Schema);
            }
        }
    }
    return schemas;
}

function typeError(value: unknown, schema: Schema): string | undefined {
    if (schema["x-kubernetes-int-or-string"] === true) {
        return Number.isInteger(value) || typeof value === "string" ? undefined : "must be an integer or a string";
    }
    switch (schema.type) {
        case "object":
            return isRecord(value) ? undefined : "must be an object";
        case "array":
            return Array.isArray(value) ? undefined : "must be an array";
        case "string":
            return typeof value === "string" ? undefined : "must be a string";
        case "integer":
            return Number.isInteger(value) ? undefined : "must be an integer";
        case "number":
            return typeof value === "number" ? undefined : "must be a number";
        case "boolean":
            return typeof value === "boolean" ? undefined : "must be a boolean";
        default:
            return undefined;
    }
}

/** Errors of `value` against `schema`, each as `<path>: <reason>`; empty when valid. */
export function validateValue(value: unknown, schema: Schema, path: string, checkUnknown = true): string[] {
    if (value === null || value === undefined) {
        return []; // the API server drops nulls of non-nullable fields before validating
    }
    const wrongType = typeError(value, schema);
    if (wrongType) {
        return [`${path}: ${wrongType}, got ${JSON.stringify(value)?.slice(0, 80)}`];
    }
    const errors: string[] = [];
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (typeof value === "string") {
        if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
            errors.push(`${path}: "${value}" does not match ${schema.pattern}`);
        }
        if (typeof schema.maxLength === "number" && value.length > schema.maxLength) {
            errors.push(`${path}: longer than ${schema.maxLength}`);
        }
        if (typeof schema.minLength === "number" && value.length < schema.minLength) {
            errors.push(`${path}: shorter than ${schema.minLength}`);
        }
    }
    if (typeof value === "number") {
        if (typeof schema.minimum === "number" && value < schema.minimum) {
            errors.push(`${path}: ${value} is below the minimum ${schema.minimum}`);
        }
        if (typeof schema.maximum === "number" && value > schema.maximum) {
            errors.push(`${path}: ${value} is above the maximum ${schema.maximum}`);
        }
    }
    if (Array.isArray(value)) {
        if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
            errors.push(`${path}: more than ${schema.maxItems} items`);
        }
        if (typeof schema.minItems === "number" && value.length < schema.minItems) {
            errors.push(`${path}: fewer than ${schema.minItems} items`);
        }
        if (isRecord(schema.items)) {
            value.forEach((item, i) => errors.push(...validateValue(item, schema.items as Schema, `${path}[${i}]`, checkUnknown)));
        }
    }
    if (isRecord(value)) {
        const properties = isRecord(schema.properties) ? (schema.properties as Record<string, Schema>) : undefined;
        for (const key of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
            if (!(key in value) || value[key] === null) {
                errors.push(`${path}.${key}: required`);
            }
        }
        const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
        for (const [key, inner] of Object.entries(value)) {
            const child = properties?.[key] ?? (isRecord(schema.additionalProperties) ? (schema.additionalProperties as Schema) : undefined);
            if (child) {
                errors.push(...validateValue(inner, child, `${path}.${key}`, checkUnknown));
            } else if (checkUnknown && !preserve && schema.additionalProperties !== true && (properties || schema.additionalProperties === false)) {
                errors.push(`${path}.${key}: unknown field (the API server prunes it)`);
            }
        }
    }
    // Value validations only (structural schemas keep properties out of these).
    for (const branch of Array.isArray(schema.allOf) ? (schema.allOf as Schema[]) : []) {
        errors.push(...validateValue(value, branch, path, false));
    }
    for (const key of ["anyOf", "oneOf"] as const) {
        const branches = Array.isArray(schema[key]) ? (schema[key] as Schema[]) : [];
        if (branches.length > 0 && !branches.some((b) => validateValue(value, b, path, false).length === 0)) {
            errors.push(`${path}: matches none of the ${key} alternatives`);
        }
    }
    return errors;
}

/**
 * Errors of one custom resource against its CRD; undefined when no CRD for its kind is known.
 * apiVersion, kind and metadata are the API server's own, not the CRD schema's.
 */
export function validateCustomResource(object: K8sObject, schemas: ReadonlyMap<string, Schema>): string[] | undefined {
    const schema = schemas.get(`${object.apiVersion}:${object.kind}`);
    if (!schema) {
        return undefined;
    }
    const { apiVersion: _a, kind: _k, metadata: _m, ...body } = object;
    const withoutMeta: Schema = { ...schema, properties: { ...(isRecord(schema.properties) ? schema.properties : {}) } };
    for (const key of ["apiVersion", "kind", "metadata"]) {
        delete (withoutMeta.properties as Record<string, unknown>)[key];
    }
    withoutMeta.required = Array.isArray(schema.required) ? (schema.required as string[]).filter((r) => !["apiVersion", "kind", "metadata"].includes(r)) : undefined;
    const label = `${object.kind}/${object.metadata?.namespace ? `${object.metadata.namespace}/` : ""}${object.metadata?.name ?? "?"}`;
    return validateValue(body, withoutMeta, label);
}

/** API groups Kubernetes serves itself; any other group is a CRD's. */
const BUILT_IN_GROUPS = new Set([
    "",
    "apps",
    "batch",
    "autoscaling",
    "policy",
    "networking.k8s.io",
    "storage.k8s.io",
    "rbac.authorization.k8s.io",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "scheduling.k8s.io",
    "coordination.k8s.io",
    "node.k8s.io",
    "discovery.k8s.io",
    "certificates.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "events.k8s.io",
    "resource.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "storagemigration.k8s.io",
    "internal.apiserver.k8s.io",
]);

/** True for an apiVersion served by a CRD rather than by Kubernetes itself. */
export function isCustomApiVersion(apiVersion: string): boolean {
    return !BUILT_IN_GROUPS.has(apiVersion.includes("/") ? apiVersion.split("/")[0] : "");
}
