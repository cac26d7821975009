/**
 * Building blocks shared by the policy families: unknown-safe property access, the exception list
 * (a named, configurable allow-list whose matches are reported as advisory, never dropped), and the
 * two policy factories every policy of the pack is built with.
 *
 * Nothing here constructs the PolicyPack (its constructor starts a gRPC server): `index.ts` does.
 */
import type { PolicyConfigSchema, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { Unwrap } from "@pulumi/pulumi";

// ---------------------------------------------------------------------------------------------
// Values unknown at preview
// ---------------------------------------------------------------------------------------------

/** A value that exists but is computed by the provider (unknown during `pulumi preview`). */
export const UNKNOWN: unique symbol = Symbol("unknown at preview");
export type Unknown = typeof UNKNOWN;

/** The engine's sentinels for unknown values (as in `@pulumi/policy`'s proxy and `pulumi preview --json`). */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

function isUnknownError(err: unknown): boolean {
    return (err as Error)?.constructor?.name === "UnknownValueError";
}

/**
 * Reads `obj[k1][k2]...` without throwing on values unknown at preview: the policy SDK wraps props
 * in a proxy that throws on an unknown, which would abort the whole policy; here an unknown leaf
 * becomes `UNKNOWN`, so every other field of the resource is still checked.
 */
export function at(obj: unknown, ...path: readonly (string | number)[]): unknown {
    let current: unknown = obj;
    if (typeof current === "string" && UNKNOWN_SENTINELS.has(current)) {
        return UNKNOWN;
    }
    for (const key of path) {
        if (current === UNKNOWN) {
            return UNKNOWN;
        }
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        try {
            current = (current as Record<string | number, unknown>)[key];
        } catch (err) {
            if (isUnknownError(err)) {
                return UNKNOWN;
            }
            throw err;
        }
        if (typeof current === "string" && UNKNOWN_SENTINELS.has(current)) {
            return UNKNOWN;
        }
    }
    return current;
}

type Step<T> = NonNullable<T> extends readonly unknown[] ? number : keyof NonNullable<T> & string;
type Next<T, K> = NonNullable<T> extends readonly (infer E)[] ? E : K extends keyof NonNullable<T> ? NonNullable<T>[K] : never;

/**
 * `at` with the path checked against the resource's input type (`Props<XArgs>`), so a policy cannot
 * read a property name the provider does not have.
 */
export function get<T, A extends Step<T>>(o: T, a: A): unknown;
export function get<T, A extends Step<T>, B extends Step<Next<T, A>>>(o: T, a: A, b: B): unknown;
export function get<T, A extends Step<T>, B extends Step<Next<T, A>>, C extends Step<Next<Next<T, A>, B>>>(o: T, a: A, b: B, c: C): unknown;
export function get(o: unknown, ...path: (string | number)[]): unknown {
    return at(o, ...path);
}

/** The plain input shape of a resource's args (`pulumi.Input`s unwrapped). */
export type Props<Args> = Unwrap<Args>;

/** The elements of an array (each possibly UNKNOWN); [] when absent, UNKNOWN when the array itself is unknown. */
export function list(obj: unknown, ...path: readonly (string | number)[]): unknown[] | Unknown {
    const value = at(obj, ...path);
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    if (!Array.isArray(value)) {
        return [];
    }
    const length = value.length;
    return Array.from({ length }, (_, i) => at(value, i));
}

/** The entries of a map (values possibly UNKNOWN); [] when absent. */
export function entries(obj: unknown, ...path: readonly (string | number)[]): [string, unknown][] {
    const value = at(obj, ...path);
    if (value === UNKNOWN || value === null || typeof value !== "object" || Array.isArray(value)) {
        return [];
    }
    return Object.keys(value).map((k) => [k, at(value, k)]);
}

/** True when a value is present: set to something, or computed (unknown at preview but set). */
export function isSet(value: unknown): boolean {
    return value === UNKNOWN || (value !== undefined && value !== null && value !== "");
}

export function show(value: unknown): string {
    if (value === UNKNOWN) {
        return "(unknown at preview)";
    }
    return value === undefined ? "unset" : JSON.stringify(value);
}

/** `true` or the string "true" (AWS launch templates and Kubernetes parameters are strings). */
export function isTrue(value: unknown): boolean {
    return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}

// ---------------------------------------------------------------------------------------------
// Exceptions
// ---------------------------------------------------------------------------------------------

/**
 * One entry of a policy's `exceptions` list. A finding is excepted when every selector given
 * matches; its violation is then reported by the advisory `policy-exceptions` policy with the
 * entry's id and reason instead of the mandatory one. An entry must name at least one of
 * `resourceType`, `name`, `urn`.
 */
export interface PolicyException {
    /** A stable, unique name (cited in reviews and in the advisory report). */
    readonly id: string;
    /** The policy the entry belongs to (informational in config; required in DEFAULT_EXCEPTIONS). */
    readonly policy?: string;
    /** Exact Pulumi type token. */
    readonly resourceType?: string;
    /** Glob (`*` matches any run) over the resource's logical name. */
    readonly name?: string;
    /** Glob over the resource's URN (e.g. `urn:pulumi:dev::*` for one stack). */
    readonly urn?: string;
    /** The finding code the entry allows (e.g. `tls12-not-13`); every finding when absent. */
    readonly finding?: string;
    /** Why the deviation is accepted: shown with every excepted violation. */
    readonly reason: string;
}

export const EXCEPTIONS_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    description: "Named exceptions: matching findings are reported as advisory (policy-exceptions) with their reason.",
    items: {
        type: "object",
        required: ["id", "reason"],
        additionalProperties: false,
        properties: {
            id: { type: "string", minLength: 1 },
            policy: { type: "string" },
            resourceType: { type: "string" },
            name: { type: "string" },
            urn: { type: "string" },
            finding: { type: "string" },
            reason: { type: "string", minLength: 10 },
        },
    },
};

function globToRegExp(glob: string): RegExp {
    const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(`^${escaped}$`);
}

/** A policy config the policy itself rejects (the offline runner reports it as a config error). */
export class InvalidPolicyConfig extends Error {
    override readonly name = "PolicyConfigError";
}

function validateExceptions(policy: string, raw: unknown): PolicyException[] {
    if (raw === undefined) {
        return [];
    }
    if (!Array.isArray(raw)) {
        throw new InvalidPolicyConfig(`policy ${policy}: config "exceptions" must be an array`);
    }
    return raw.map((entry: PolicyException, i) => {
        if (typeof entry?.id !== "string" || entry.id === "") {
            throw new InvalidPolicyConfig(`policy ${policy}: exceptions[${i}] needs an id`);
        }
        if (typeof entry.reason !== "string" || entry.reason.trim().length < 10) {
            throw new InvalidPolicyConfig(`policy ${policy}: exception ${entry.id} needs a reason (at least 10 characters)`);
        }
        if (!entry.resourceType && !entry.name && !entry.urn) {
            throw new InvalidPolicyConfig(`policy ${policy}: exception ${entry.id} must select resources by resourceType, name or urn`);
        }
        if (entry.policy !== undefined && entry.policy !== policy) {
            throw new InvalidPolicyConfig(`policy ${policy}: exception ${entry.id} is declared for policy ${entry.policy}`);
        }
        return entry;
    });
}

export interface Subject {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
}

export function findException(exceptions: readonly PolicyException[], subject: Subject, code: string | undefined): PolicyException | undefined {
    return exceptions.find(
        (e) =>
            (e.resourceType === undefined || e.resourceType === subject.type) &&
            (e.name === undefined || globToRegExp(e.name).test(subject.name)) &&
            (e.urn === undefined || globToRegExp(e.urn).test(subject.urn)) &&
            (e.finding === undefined || e.finding === code),
    );
}

/**
 * Excepted findings waiting for the advisory `policy-exceptions` policy. The SDK fixes one
 * enforcement level per policy, so a mandatory policy cannot itself report an advisory violation:
 * it records the excepted finding here and `policy-exceptions` (a stack policy, listed last, so it
 * runs after every other policy in the engine and in the offline runner) reports it.
 */
export interface ExceptedFinding {
    readonly policy: string;
    readonly exception: PolicyException;
    readonly message: string;
    readonly urn: string;
}
const ledger = new Map<string, ExceptedFinding>();

export function recordExcepted(finding: ExceptedFinding): void {
    ledger.set(`${finding.policy}\u0000${finding.urn}\u0000${finding.message}`, finding);
}

/** Returns and clears the recorded excepted findings. */
export function drainExcepted(): ExceptedFinding[] {
    const all = [...ledger.values()];
    ledger.clear();
    return all;
}

// ---------------------------------------------------------------------------------------------
// Policy factories
// ---------------------------------------------------------------------------------------------

export interface BaseConfig {
    readonly exceptions?: readonly PolicyException[];
}

/** A reported problem. `code` names the kind of finding, so an exception can allow just that kind. */
export interface Finding {
    readonly message: string;
    readonly code?: string;
}

/** Collects findings for one resource. */
export interface ResourceCheck<C> {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly config: C;
    fail(message: string, code?: string): void;
}

export interface ResourcePolicySpec<C extends BaseConfig, P> {
    readonly name: string;
    readonly description: string;
    /** The Pulumi type tokens the policy inspects (or a predicate over the token). */
    readonly types: readonly string[] | ((type: string) => boolean);
    /** Extra config properties (thresholds); `exceptions` is added to every policy. */
    readonly config?: Readonly<Record<string, PolicyConfigJSONSchema>>;
    /** Default exception entries (from DEFAULT_EXCEPTIONS). */
    readonly defaultExceptions?: readonly PolicyException[];
    readonly check: (props: P, check: ResourceCheck<C>) => void;
    /** Validates the policy's own config (e.g. thresholds that may only be raised). */
    readonly validateConfig?: (config: C) => void;
}

function schemaOf(spec: { config?: Readonly<Record<string, PolicyConfigJSONSchema>>; defaultExceptions?: readonly PolicyException[] }): PolicyConfigSchema {
    return {
        properties: {
            ...spec.config,
            exceptions: { ...EXCEPTIONS_SCHEMA, default: [...(spec.defaultExceptions ?? [])] as never },
        },
    };
}

function loadConfig<C extends BaseConfig>(name: string, getConfig: () => C, validate?: (c: C) => void): { config: C; exceptions: PolicyException[] } {
    const config = getConfig();
    validate?.(config);
    return { config, exceptions: validateExceptions(name, config.exceptions) };
}

/** A mandatory resource policy whose findings go through the exception list. */
export function resourcePolicy<C extends BaseConfig = BaseConfig, P = Record<string, unknown>>(spec: ResourcePolicySpec<C, P>): ResourceValidationPolicy {
    const applies = typeof spec.types === "function" ? spec.types : (type: string) => (spec.types as readonly string[]).includes(type);
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: "mandatory",
        configSchema: schemaOf(spec),
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            if (!applies(args.type)) {
                return;
            }
            const { config, exceptions } = loadConfig<C>(spec.name, () => args.getConfig<C>(), spec.validateConfig);
            const subject: Subject = { type: args.type, name: args.name, urn: args.urn };
            const findings: Finding[] = [];
            spec.check(args.props as P, { ...subject, config, fail: (message, code) => void findings.push({ message, code }) });
            for (const finding of findings) {
                const exception = findException(exceptions, subject, finding.code);
                if (exception) {
                    recordExcepted({ policy: spec.name, exception, message: finding.message, urn: args.urn });
                } else {
                    report(finding.message);
                }
            }
        },
    };
}

/** Collects findings for a whole stack; each finding names the resource it is about. */
export interface StackCheck<C> {
    readonly config: C;
    fail(subject: Subject | undefined, message: string, code?: string): void;
    /**
     * An accepted deviation the policy itself allows (a declaration it cannot verify, e.g. the
     * customer's WAF): not a violation, but reported as advisory by `policy-exceptions` with the
     * declaration's id and reason, so it stays visible like a configured exception.
     */
    declared(subject: Subject, message: string, declaration: PolicyException): void;
}

export interface StackPolicySpec<C extends BaseConfig> {
    readonly name: string;
    readonly description: string;
    readonly config?: Readonly<Record<string, PolicyConfigJSONSchema>>;
    readonly defaultExceptions?: readonly PolicyException[];
    readonly check: (resources: readonly PolicyResource[], check: StackCheck<C>) => void;
    readonly validateConfig?: (config: C) => void;
}

/** A mandatory stack policy whose findings go through the exception list. */
export function stackPolicy<C extends BaseConfig = BaseConfig>(spec: StackPolicySpec<C>): StackValidationPolicy {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: "mandatory",
        configSchema: schemaOf(spec),
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const { config, exceptions } = loadConfig<C>(spec.name, () => args.getConfig<C>(), spec.validateConfig);
            const findings: { subject?: Subject; message: string; code?: string }[] = [];
            spec.check(args.resources, {
                config,
                fail: (subject, message, code) => void findings.push({ subject, message, code }),
                declared: (subject, message, declaration) => recordExcepted({ policy: spec.name, exception: declaration, message, urn: subject.urn }),
            });
            for (const finding of findings) {
                const exception = finding.subject ? findException(exceptions, finding.subject, finding.code) : undefined;
                if (exception && finding.subject) {
                    recordExcepted({ policy: spec.name, exception, message: finding.message, urn: finding.subject.urn });
                } else {
                    report(finding.message, finding.subject?.urn);
                }
            }
        },
    };
}

// ---------------------------------------------------------------------------------------------
// Stack helpers
// ---------------------------------------------------------------------------------------------

export function ofTypes(resources: readonly PolicyResource[], ...types: readonly string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/** Identifiers another resource may use to refer to `target` (id/name/arn inputs, mock ids). */
function referenceKeys(target: PolicyResource): Set<string> {
    const keys = new Set<string>([target.urn, `${target.name}-id`]);
    // id/name/bucket/arn, and Azure's `<thing>Name` inputs (serverName, containerName, ...).
    const props = target.props && typeof target.props === "object" ? Object.keys(target.props) : [];
    for (const prop of props.filter((p) => ["id", "name", "bucket", "arn"].includes(p) || (p.endsWith("Name") && p !== "resourceGroupName"))) {
        const value = at(target.props, prop);
        if (typeof value === "string" && value !== "") {
            keys.add(value);
        }
    }
    const metadataName = at(target.props, "metadata", "name");
    if (typeof metadataName === "string") {
        keys.add(metadataName);
    }
    return keys;
}

/**
 * True when `from` refers to `target`: through a dependency (property dependencies included), or
 * because the input `prop` of `from` holds one of target's identifiers (or ends with `/<name>` for
 * Azure resource ids).
 */
export function refersTo(from: PolicyResource, target: PolicyResource, ...props: readonly string[]): boolean {
    if ((from.dependencies ?? []).some((d) => d?.urn === target.urn)) {
        return true;
    }
    const keys = referenceKeys(target);
    return props.some((prop) => {
        const value = at(from.props, prop);
        if (typeof value !== "string") {
            return false;
        }
        if (keys.has(value)) {
            return true;
        }
        // Azure resource ids: compare case-insensitively, and by their last segment (the resource's name).
        const id = value.toLowerCase();
        return id.startsWith("/subscriptions/") && [...keys].some((k) => id === k.toLowerCase() || (!k.includes("/") && !k.startsWith("urn:") && id.endsWith(`/${k.toLowerCase()}`)));
    });
}

export function subjectOf(r: PolicyResource): Subject {
    return { type: r.type, name: r.name, urn: r.urn };
}

// ---------------------------------------------------------------------------------------------
// Retention threshold (R-SEC-AUDIT)
// ---------------------------------------------------------------------------------------------

/** R-SEC-AUDIT: audit logs are kept at least one year. The config may raise it, never lower it. */
export const MIN_AUDIT_RETENTION_DAYS = 365;

export interface RetentionConfig extends BaseConfig {
    readonly minimumRetentionDays: number;
}

export const RETENTION_CONFIG: Readonly<Record<string, PolicyConfigJSONSchema>> = {
    minimumRetentionDays: {
        type: "integer",
        minimum: MIN_AUDIT_RETENTION_DAYS,
        default: MIN_AUDIT_RETENTION_DAYS,
        description: `Shortest accepted audit-log retention in days; may be raised, never below ${MIN_AUDIT_RETENTION_DAYS} (R-SEC-AUDIT).`,
    },
};

export function validateRetentionConfig(config: RetentionConfig): void {
    const days = config.minimumRetentionDays;
    if (!Number.isInteger(days) || days < MIN_AUDIT_RETENTION_DAYS) {
        throw new InvalidPolicyConfig(`minimumRetentionDays must be an integer of at least ${MIN_AUDIT_RETENTION_DAYS} (R-SEC-AUDIT), got ${JSON.stringify(days)}`);
    }
}
