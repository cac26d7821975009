/**
 * Runs CrossGuard policies offline over planned resources, with the semantics of the policy SDK's
 * own analyzer (resource and stack validations, type filters, config defaults from `configSchema`,
 * `notApplicable`), so the plan, `policy:check` and `pulumi preview --policy-pack` agree.
 * The PolicyPack object itself is never constructed here: its constructor starts a gRPC server.
 */
import type { EnforcementLevel, Policy, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { PlannedResource } from "./evaluate";
import { isRecord } from "./records";

// The SDK's own unknown-value proxy (internal module, stable since 1.x): during a preview, reading
// an input the engine does not know yet throws UnknownValueError, which the analyzer turns into an
// advisory "can't run during preview" diagnostic. Inputs from `pulumi preview --json` carry the
// engine's unknown sentinels, so the same proxy gives the same behaviour offline.
/* eslint-disable @typescript-eslint/no-require-imports */
const sdkProxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(value: T): T; UnknownValueError: new (...args: never[]) => Error };

export interface Violation {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn?: string;
    readonly message: string;
}

export interface RunPoliciesOptions {
    /** The pack's enforcement level, used by policies that set none. @default "mandatory" */
    readonly enforcementLevel?: EnforcementLevel;
    /** Policy config by policy name, laid over each policy's `configSchema` defaults. */
    readonly config?: Readonly<Record<string, Record<string, unknown>>>;
}

type ResourceClass = { __pulumiType?: string; isInstance?(o: unknown): boolean };

/** True when `type` is the Pulumi type of `resourceClass`, exactly as the policy SDK decides. */
export function isTypeOf(type: string, resourceClass: ResourceClass): boolean {
    const pulumiType = resourceClass?.__pulumiType;
    if (typeof pulumiType === "string" && pulumiType !== "") {
        return type === pulumiType;
    }
    return typeof resourceClass?.isInstance === "function" && resourceClass.isInstance({ __pulumiType: type }) === true;
}

class NotApplicable extends Error {}

/** A policy config that its `configSchema` rejects (the engine refuses such a config too). */
export class PolicyConfigError extends Error {}

/** Checks `value` against the JSON-schema subset the pack's schemas use; returns the problems. */
export function schemaProblems(schema: PolicyConfigJSONSchema | boolean | undefined, value: unknown, path: string): string[] {
    if (schema === undefined || typeof schema === "boolean") {
        return [];
    }
    const problems: string[] = [];
    const types = schema.type === undefined ? [] : [schema.type].flat();
    const typeOf = (v: unknown): string => (Array.isArray(v) ? "array" : v === null ? "null" : Number.isInteger(v) ? "integer" : typeof v);
    const actual = typeOf(value);
    if (types.length > 0 && !types.some((t) => t === actual || (t === "number" && actual === "integer"))) {
        return [`${path} must be ${types.join(" or ")}, got ${JSON.stringify(value)}`];
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        problems.push(`${path} must be one of ${JSON.stringify(schema.enum)}`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) {
            problems.push(`${path} must be >= ${schema.minimum}, got ${value}`);
        }
        if (schema.maximum !== undefined && value > schema.maximum) {
            problems.push(`${path} must be <= ${schema.maximum}, got ${value}`);
        }
    }
    if (typeof value === "string" && schema.minLength !== undefined && value.length < schema.minLength) {
        problems.push(`${path} must have at least ${schema.minLength} characters`);
    }
    if (Array.isArray(value) && schema.items !== undefined && !Array.isArray(schema.items)) {
        value.forEach((item, i) => problems.push(...schemaProblems(schema.items as PolicyConfigJSONSchema, item, `${path}[${i}]`)));
    }
    if (actual === "object") {
        const record = value as Record<string, unknown>;
        for (const key of schema.required ?? []) {
            if (record[key] === undefined) {
                problems.push(`${path}.${key} is required`);
            }
        }
        for (const [key, inner] of Object.entries(record)) {
            const propSchema = schema.properties?.[key];
            if (propSchema === undefined) {
                if (schema.additionalProperties === false) {
                    problems.push(`${path}.${key} is not allowed`);
                }
                continue;
            }
            problems.push(...schemaProblems(propSchema as PolicyConfigJSONSchema, inner, `${path}.${key}`));
        }
    }
    return problems;
}

function policyConfig(policy: Policy, overrides: RunPoliciesOptions["config"]): Record<string, unknown> {
    const defaults = Object.fromEntries(
        Object.entries(policy.configSchema?.properties ?? {})
            .filter(([, schema]) => schema !== undefined && (schema as { default?: unknown }).default !== undefined)
            .map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
    );
    const { enforcementLevel: _ignored, ...given } = overrides?.[policy.name] ?? {};
    const config = { ...defaults, ...given };
    const problems = schemaProblems({ type: "object", properties: policy.configSchema?.properties ?? {}, required: policy.configSchema?.required }, config, policy.name);
    if (problems.length > 0) {
        throw new PolicyConfigError(`invalid config for policy ${policy.name}: ${problems.join("; ")}`);
    }
    return config;
}

function enforcementOf(policy: Policy, options: RunPoliciesOptions): EnforcementLevel {
    const configured = options.config?.[policy.name]?.enforcementLevel as EnforcementLevel | undefined;
    return configured ?? policy.enforcementLevel ?? options.enforcementLevel ?? "mandatory";
}

function isStackPolicy(policy: Policy): policy is StackValidationPolicy {
    return typeof (policy as StackValidationPolicy).validateStack === "function";
}

function toPolicyOptions(resource: PlannedResource): ResourceValidationArgs["opts"] {
    return {
        protect: resource.options.protect,
        ignoreChanges: [...resource.options.ignoreChanges],
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        deleteBeforeReplace: undefined,
    } as unknown as ResourceValidationArgs["opts"];
}

/** The resources policies see: custom ones and remote components with inputs (see runPolicies). */
export function isAnalysed(r: PlannedResource): boolean {
    return r.custom || (r.type !== "pulumi:pulumi:Stack" && Object.keys(r.inputs).length > 0);
}

/**
 * Evaluates every policy; resolves to the violations in policy order. Throws PolicyConfigError when
 * a policy's config does not satisfy its schema. A policy that reads an input unknown at preview
 * yields an advisory violation, as in the engine.
 */
export async function runPolicies(resources: readonly PlannedResource[], policies: readonly Policy[], options: RunPoliciesOptions = {}): Promise<Violation[]> {
    // Custom resources, as the engine analyses them. Local components (no inputs) are structure and
    // stay out; remote components that carry inputs (Helm v4 Charts, yaml/v2 ConfigFiles) are
    // analysed too: offline their args are the only view of what they render (at `pulumi preview`
    // the engine analyses the rendered children instead, with the same policies).
    const analysed = resources.filter(isAnalysed);
    const violations: Violation[] = [];
    for (const policy of policies) {
        const enforcementLevel = enforcementOf(policy, options);
        if (enforcementLevel === "disabled") {
            continue;
        }
        const config = policyConfig(policy, options.config);
        const report =
            (fallbackUrn?: string): ReportViolation =>
            (message, urn) => {
                violations.push({ policy: policy.name, enforcementLevel: enforcementLevel === "remediate" ? "mandatory" : enforcementLevel, urn: urn ?? fallbackUrn, message });
            };
        const notApplicable = (reason?: string): never => {
            throw new NotApplicable(reason);
        };
        let currentUrn: string | undefined;
        const guard = async (run: () => unknown): Promise<void> => {
            try {
                await run();
            } catch (err) {
                if (err instanceof sdkProxy.UnknownValueError || (err as Error)?.constructor?.name === "UnknownValueError") {
                    violations.push({
                        policy: policy.name,
                        enforcementLevel: "advisory",
                        urn: currentUrn,
                        message: `can't run policy ${policy.name} during preview: ${(err as Error).message}`,
                    });
                    return;
                }
                if ((err as Error)?.name === "PolicyConfigError") {
                    throw new PolicyConfigError(`invalid config for policy ${policy.name}: ${(err as Error).message}`);
                }
                if (!(err instanceof NotApplicable) && (err as Error)?.constructor?.name !== "NotApplicableError") {
                    throw new Error(`policy ${policy.name} failed: ${(err as Error)?.message ?? String(err)}`);
                }
            }
        };

        if (isStackPolicy(policy)) {
            const byUrn = new Map<string, PolicyResource>();
            currentUrn = undefined;
            const stackResources: PolicyResource[] = analysed.map((r) => {
                const props = sdkProxy.unknownCheckingProxy(r.inputs);
                const resource = {
                    type: r.type,
                    props,
                    urn: r.urn,
                    name: r.name,
                    opts: toPolicyOptions(r),
                    dependencies: [] as PolicyResource[],
                    propertyDependencies: {},
                    isType: (cls: ResourceClass) => isTypeOf(r.type, cls),
                    asType: (cls: ResourceClass) => (isTypeOf(r.type, cls) ? props : undefined),
                } as unknown as PolicyResource;
                byUrn.set(r.urn, resource);
                return resource;
            });
            const resolve = (urns: readonly string[]): PolicyResource[] => urns.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
            analysed.forEach((r, i) => {
                const target = stackResources[i] as { parent?: PolicyResource; dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> };
                target.parent = r.parent ? byUrn.get(r.parent) : undefined;
                target.dependencies = resolve(r.options.dependsOn);
                // As the engine gives them: an entry per input (empty when it depends on nothing).
                const byProperty = r.options.propertyDependencies ?? {};
                for (const key of new Set([...Object.keys(r.inputs), ...Object.keys(byProperty)])) {
                    target.propertyDependencies[key] = resolve(byProperty[key] ?? []);
                }
            });
            await guard(() => policy.validateStack({ resources: stackResources, getConfig: <T>() => config as T, notApplicable } as never, report()));
            continue;
        }

        const resourcePolicy = policy as ResourceValidationPolicy;
        const validate = resourcePolicy.validateResource;
        // A remediation-only policy has no validation to run.
        const validations = Array.isArray(validate) ? validate : validate ? [validate] : [];
        for (const resource of analysed) {
            for (const validation of validations) {
                const onlyType = (validation as ResourceClass).__pulumiType;
                if (onlyType && onlyType !== resource.type) {
                    continue;
                }
                const props = sdkProxy.unknownCheckingProxy(resource.inputs);
                currentUrn = resource.urn;
                const args = {
                    type: resource.type,
                    props,
                    urn: resource.urn,
                    name: resource.name,
                    opts: toPolicyOptions(resource),
                    isType: (cls: ResourceClass) => isTypeOf(resource.type, cls),
                    asType: (cls: ResourceClass) => (isTypeOf(resource.type, cls) ? props : undefined),
                    getConfig: <T>() => config as T,
                    notApplicable,
                } as unknown as ResourceValidationArgs;
                await guard(() => validation(args, report(resource.urn)));
            }
        }
    }
    return violations;
}

export function mandatoryViolations(violations: readonly Violation[]): Violation[] {
    return violations.filter((v) => v.enforcementLevel === "mandatory");
}

// ---------------------------------------------------------------------------------------------
// Offline input: the plan's JSON document or `pulumi preview --json` output
// ---------------------------------------------------------------------------------------------

/** Input that is neither a plan document nor `pulumi preview --json` output. */
export class PolicyInputError extends Error {}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Replaces the engine's serialized secrets by their plaintext when shown, else by "[secret]". */
function unwrapSerializedSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSerializedSecrets);
    }
    if (isRecord(value)) {
        if (value[SECRET_SIG_KEY] === SECRET_SIG) {
            if (typeof value.plaintext === "string") {
                try {
                    return unwrapSerializedSecrets(JSON.parse(value.plaintext));
                } catch {
                    return value.plaintext;
                }
            }
            return "value" in value ? unwrapSerializedSecrets(value.value) : "[secret]";
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSerializedSecrets(v)]));
    }
    return value;
}

function nameOfUrn(urn: string): string {
    const at = urn.lastIndexOf("::");
    return at >= 0 ? urn.slice(at + 2) : urn;
}

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** A `{input: [urn, ...]}` map (the engine's propertyDependencies); undefined when absent. */
function propertyDependencies(value: unknown): Record<string, string[]> | undefined {
    return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strings(v)])) : undefined;
}

/** Step operations after which the resource no longer exists. */
const GONE_OPS = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace", "read-discard"]);

/**
 * The resources of a policy input: the plan's `--json` document
 * (`{stack, resources: [{urn, type, name, parent, custom, inputs, options}]}`) or the output of
 * `pulumi preview --json` (`{steps: [{op, urn, newState: {type, urn, custom, parent, inputs, ...}}]}`).
 * Throws PolicyInputError for anything else.
 */
export function resourcesFromPolicyInput(doc: unknown): PlannedResource[] {
    if (isRecord(doc) && Array.isArray(doc.resources)) {
        return doc.resources.map((raw, i): PlannedResource => {
            if (!isRecord(raw) || typeof raw.urn !== "string" || typeof raw.type !== "string") {
                throw new PolicyInputError(`resources[${i}] needs a string urn and type`);
            }
            const options = isRecord(raw.options) ? raw.options : {};
            return {
                urn: raw.urn,
                type: raw.type,
                name: typeof raw.name === "string" ? raw.name : nameOfUrn(raw.urn),
                parent: typeof raw.parent === "string" ? raw.parent : undefined,
                // Documents without the `custom` flag (design.md's minimal contract): analyse all but the stack.
                custom: typeof raw.custom === "boolean" ? raw.custom : !raw.type.startsWith("pulumi:pulumi:"),
                inputs: isRecord(raw.inputs) ? (unwrapSerializedSecrets(raw.inputs) as Record<string, unknown>) : {},
                options: {
                    protect: options.protect === true,
                    ignoreChanges: strings(options.ignoreChanges),
                    retainOnDelete: options.retainOnDelete === true,
                    provider: typeof options.provider === "string" ? options.provider : "",
                    dependsOn: strings(options.dependsOn),
                    propertyDependencies: propertyDependencies(options.propertyDependencies),
                },
            };
        });
    }
    if (isRecord(doc) && Array.isArray(doc.steps)) {
        const byUrn = new Map<string, PlannedResource>();
        for (const step of doc.steps) {
            if (!isRecord(step) || typeof step.op !== "string") {
                throw new PolicyInputError("every step of a preview needs an op");
            }
            const state = step.newState;
            const urn = typeof step.urn === "string" ? step.urn : isRecord(state) && typeof state.urn === "string" ? state.urn : undefined;
            if (urn === undefined) {
                throw new PolicyInputError(`a ${step.op} step has no urn`);
            }
            if (GONE_OPS.has(step.op) || !isRecord(state)) {
                if (step.op === "delete") {
                    byUrn.delete(urn);
                }
                continue;
            }
            const type = typeof state.type === "string" ? state.type : undefined;
            if (type === undefined) {
                throw new PolicyInputError(`step ${urn} has no newState.type`);
            }
            const byProperty = propertyDependencies(state.propertyDependencies);
            byUrn.set(urn, {
                urn,
                type,
                name: nameOfUrn(urn),
                parent: typeof state.parent === "string" && state.parent !== "" ? state.parent : undefined,
                custom: state.custom === true,
                inputs: isRecord(state.inputs) ? (unwrapSerializedSecrets(state.inputs) as Record<string, unknown>) : {},
                options: {
                    protect: state.protect === true,
                    ignoreChanges: strings(state.ignoreChanges),
                    retainOnDelete: state.retainOnDelete === true,
                    provider: typeof state.provider === "string" ? state.provider : "",
                    dependsOn: [...new Set([...strings(state.dependencies), ...Object.values(byProperty ?? {}).flat()])],
                    propertyDependencies: byProperty,
                },
            });
        }
        return [...byUrn.values()];
    }
    throw new PolicyInputError("expected the plan's JSON ({resources: [...]}) or `pulumi preview --json` output ({steps: [...]})");
}
