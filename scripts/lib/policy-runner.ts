/**
 * Runs CrossGuard policies offline over planned resources, with the semantics of the policy SDK's
 * own analyzer (resource and stack validations, type filters, config defaults from `configSchema`,
 * `notApplicable`), so the plan, `policy:check` and `pulumi preview --policy-pack` agree.
 * The PolicyPack object itself is never constructed here: its constructor starts a gRPC server.
 */
import type {
    EnforcementLevel,
    Policy,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PlannedResource } from "./evaluate";

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

function policyConfig(policy: Policy, overrides: RunPoliciesOptions["config"]): Record<string, unknown> {
    const defaults = Object.fromEntries(
        Object.entries(policy.configSchema?.properties ?? {})
            .filter(([, schema]) => schema !== undefined && (schema as { default?: unknown }).default !== undefined)
            .map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
    );
    const { enforcementLevel: _ignored, ...given } = overrides?.[policy.name] ?? {};
    return { ...defaults, ...given };
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

/** Evaluates every policy; resolves to the violations in policy order. */
export async function runPolicies(resources: readonly PlannedResource[], policies: readonly Policy[], options: RunPoliciesOptions = {}): Promise<Violation[]> {
    // The engine analyses custom resources; components are structure, not infrastructure.
    const analysed = resources.filter((r) => r.custom);
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
        const guard = async (run: () => unknown): Promise<void> => {
            try {
                await run();
            } catch (err) {
                if (!(err instanceof NotApplicable) && (err as Error)?.constructor?.name !== "NotApplicableError") {
                    throw new Error(`policy ${policy.name} failed: ${(err as Error)?.message ?? String(err)}`);
                }
            }
        };

        if (isStackPolicy(policy)) {
            const byUrn = new Map<string, PolicyResource>();
            const stackResources: PolicyResource[] = analysed.map((r) => {
                const props = r.inputs;
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
            analysed.forEach((r, i) => {
                const target = stackResources[i] as { parent?: PolicyResource; dependencies: PolicyResource[] };
                target.parent = r.parent ? byUrn.get(r.parent) : undefined;
                target.dependencies = r.options.dependsOn.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
            });
            await guard(() =>
                policy.validateStack({ resources: stackResources, getConfig: <T>() => config as T, notApplicable } as never, report()),
            );
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
                const args = {
                    type: resource.type,
                    props: resource.inputs,
                    urn: resource.urn,
                    name: resource.name,
                    opts: toPolicyOptions(resource),
                    isType: (cls: ResourceClass) => isTypeOf(resource.type, cls),
                    asType: (cls: ResourceClass) => (isTypeOf(resource.type, cls) ? resource.inputs : undefined),
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
