/**
 * Evaluates the real program for one stack configuration under Pulumi's mock runtime, recording
 * every resource registration (type, name, parent, inputs, options). The offline plan, the
 * policy check, the benchmark and the tests all go through here.
 *
 * Mock state is process-wide: evaluate one configuration per process (or per test file).
 */
import * as pulumi from "@pulumi/pulumi";
import { OfflineMocks } from "./mocks";
import { isRecord } from "./records";
import { ConfigError, loadConfig } from "../../config/load";
import type { ConfigIssue, DevanaConfig } from "../../config/model";
import { deploy } from "../../stacks";

// Internal runtime entry points, stable across Pulumi 3.x but not exported at the top level; required
// and typed by hand as the few members used (the declared gRPC client types are not needed here).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const settings = require("@pulumi/pulumi/runtime/settings") as {
    getMonitor(): { registerResource(req: RegisterRequest, cb: (err: unknown, resp?: RegisterResponse) => void): void };
    waitForRPCs(): Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, as above
const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(struct: unknown, keepUnknowns?: boolean): Record<string, unknown> };

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): unknown;
    getProtect(): boolean;
    getIgnorechangesList(): string[];
    getRetainondelete(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getPropertydependenciesMap(): { forEach(callback: (deps: { getUrnsList(): string[] }, key: string) => void): void };
}
interface RegisterResponse {
    getUrn(): string;
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** Options that matter to policies and drift (protect, ignoreChanges, ...). */
export interface ResourceOptions {
    readonly protect: boolean;
    readonly ignoreChanges: readonly string[];
    readonly retainOnDelete: boolean;
    /** Provider reference (`urn::id`), empty for the default provider. */
    readonly provider: string;
    readonly dependsOn: readonly string[];
    /** Pulumi's create/update/delete waits where a resource sets them (e.g. vLLM's "90m"). */
    readonly customTimeouts?: { readonly create: string; readonly update: string; readonly delete: string };
    /**
     * The resources each input was computed from (top-level input -> URNs), as the engine records
     * them and gives stack policies (`PolicyResource.propertyDependencies`). Inputs without any are
     * left out. Absent from documents made before it existed.
     */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** One resource of the plan, inputs in clear (printers redact through `secretValues`). */
export interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Parent URN; undefined at the top of the tree. */
    readonly parent?: string;
    /** False for ComponentResources. */
    readonly custom: boolean;
    readonly inputs: Record<string, unknown>;
    readonly options: ResourceOptions;
}

export interface EvaluateInput {
    readonly stack: string;
    /** `namespace:key` -> string, as Pulumi holds config (structured values JSON-encoded). */
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys: readonly string[];
    readonly project?: string;
}

export type Evaluation =
    | {
          readonly status: "ok";
          readonly config: DevanaConfig;
          readonly resources: readonly PlannedResource[];
          readonly outputs: Record<string, unknown>;
          readonly warnings: readonly string[];
          readonly secretValues: ReadonlySet<string>;
      }
    | { readonly status: "config-error"; readonly issues: readonly ConfigIssue[]; readonly resources: readonly PlannedResource[] }
    | { readonly status: "program-error"; readonly error: string; readonly resources: readonly PlannedResource[]; readonly secretValues: ReadonlySet<string> };

/** Shortest secret worth redacting by value; shorter strings would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** Replaces Pulumi's secret wrappers by their values, collecting every secret string found. */
export function unwrapSecrets(value: unknown, found: Set<string>, inSecret = false): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => unwrapSecrets(v, found, inSecret));
    }
    if (isRecord(value)) {
        if (value[SIG_KEY] === SECRET_SIG) {
            return unwrapSecrets(value.value, found, true);
        }
        if (value[SIG_KEY] === RESOURCE_REF_SIG) {
            return { urn: value.urn };
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, found, inSecret)]));
    }
    if (inSecret && typeof value === "string" && value.length >= MIN_SECRET_LENGTH) {
        found.add(value);
    }
    return value;
}

/** Resolves stack outputs; secret outputs become "[secret]". */
async function resolveOutputs(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const internal = value as unknown as { promise(): Promise<unknown>; isSecret: Promise<boolean> };
        return (await internal.isSecret) ? "[secret]" : resolveOutputs(await internal.promise());
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(resolveOutputs));
    }
    if (isRecord(value)) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveOutputs(v)] as const));
        return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
    }
    return value;
}

export async function evaluate(input: EvaluateInput): Promise<Evaluation> {
    const project = input.project ?? "devana";
    pulumi.runtime.setAllConfig({ ...input.config }, [...input.secretKeys]);
    const mocks = new OfflineMocks();
    await pulumi.runtime.setMocks(mocks, project, input.stack, false);

    const secretValues = mocks.secretValues;
    for (const key of input.secretKeys) {
        const value = input.config[key];
        if (value !== undefined && value.length >= MIN_SECRET_LENGTH) {
            secretValues.add(value);
        }
    }

    const resources: PlannedResource[] = [];
    const monitor = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        register(req, (err, resp) => {
            if (!err && resp) {
                resources.push({
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    parent: req.getParent() || undefined,
                    custom: req.getCustom(),
                    inputs: unwrapSecrets(rpc.deserializeProperties(req.getObject(), true), secretValues) as Record<string, unknown>,
                    options: {
                        protect: req.getProtect(),
                        ignoreChanges: req.getIgnorechangesList(),
                        retainOnDelete: req.getRetainondelete(),
                        provider: req.getProvider(),
                        dependsOn: req.getDependenciesList(),
                        ...customTimeoutsOf(req),
                        propertyDependencies: propertyDependenciesOf(req),
                    },
                });
            }
            callback(err, resp);
        });

    // Errors raised inside apply callbacks surface as unhandled rejections.
    const asyncErrors: unknown[] = [];
    const onRejection = (reason: unknown): void => {
        asyncErrors.push(reason);
    };
    process.on("unhandledRejection", onRejection);
    // Pulumi captures `new Error().stack` for every internal promise (about 50 per resource), only for
    // its leak report and source positions, neither of which the plan reads: ~0.5 s of a prod plan.
    // Errors keep their messages, which is all the plan reports.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        let loaded;
        try {
            // The plan reports warnings itself; the engine log would print them twice.
            loaded = loadConfig({ warn: () => undefined });
        } catch (err) {
            if (err instanceof ConfigError) {
                return { status: "config-error", issues: err.issues, resources };
            }
            throw err;
        }
        let outputs: Record<string, unknown>;
        try {
            outputs = (await resolveOutputs(await deploy(loaded))) as Record<string, unknown>;
            await settings.waitForRPCs();
        } catch (err) {
            await settings.waitForRPCs().catch(() => undefined);
            return { status: "program-error", error: errorMessage(err), resources, secretValues };
        }
        if (asyncErrors.length > 0) {
            return { status: "program-error", error: asyncErrors.map(errorMessage).join("\n"), resources, secretValues };
        }
        return { status: "ok", config: loaded.config, resources, outputs, warnings: loaded.warnings, secretValues };
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
        process.off("unhandledRejection", onRejection);
    }
}

/** The request's per-input dependencies; inputs that depend on nothing are left out. */
function propertyDependenciesOf(req: RegisterRequest): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
        const urns = deps.getUrnsList();
        if (urns.length > 0) {
            result[key] = [...urns];
        }
    });
    return result;
}

function errorMessage(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/** The request's custom timeouts, when any is set. */
function customTimeoutsOf(req: RegisterRequest): { customTimeouts?: ResourceOptions["customTimeouts"] } {
    const t = req.getCustomtimeouts();
    return t && (t.getCreate() || t.getUpdate() || t.getDelete()) ? { customTimeouts: { create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() } } : {};
}
