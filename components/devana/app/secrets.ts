/**
 * The application's Kubernetes Secrets, built from Pulumi secrets only: the image pull Secret
 * (`devana-registry`, from `devana:registryPassword`) and one environment Secret per workload,
 * rendered from the templates of the pure wiring (env.ts).
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { workloadLabels } from "../../k8s/labels";
import { renderTemplate, sourcesOf, type SecretSource, type WorkloadWiring } from "./env";

/**
 * `.dockerconfigjson` of the pull Secret. `devana:registryPassword` holds `USERNAME:PASSWORD` (the
 * form of docker's `auth` field) because the vendor issues both and the schema has one key.
 */
export function dockerConfigJson(registry: string, credentials: string): string {
    const colon = credentials.indexOf(":");
    if (colon <= 0) {
        throw new Error("devana:registryPassword must be USERNAME:PASSWORD (the registry credentials the vendor issued)");
    }
    const username = credentials.slice(0, colon);
    const password = credentials.slice(colon + 1);
    const auth = Buffer.from(`${username}:${password}`).toString("base64");
    return JSON.stringify({ auths: { [registry]: { username, password, auth } } });
}

/** The data of an environment Secret: each variable rendered, unset optional sources left out. */
export function envSecretData(wiring: WorkloadWiring, values: Readonly<Partial<Record<SecretSource, string>>>): Record<string, string> {
    const data: Record<string, string> = {};
    for (const variable of wiring.secret) {
        const rendered = renderTemplate(variable.parts, (source) => values[source]);
        if (rendered !== undefined) {
            data[variable.name] = rendered;
        }
    }
    return data;
}

export interface AppSecretsArgs {
    /** Application namespace. */
    readonly namespace: pulumi.Input<string>;
    /** Registry host of the Devana images. */
    readonly registry: string;
    /** Name of the image pull Secret. */
    readonly pullSecretName: string;
    /**
     * `USERNAME:PASSWORD` for the registry; when absent, the pull Secret must already exist in the
     * namespace (created by the customer) and is only referenced. @default undefined
     */
    readonly registryCredentials?: pulumi.Input<string>;
    /** Wirings whose Secrets to create, keyed by a stable id (`api`, `frontend`, `odin`). */
    readonly wirings: Readonly<Record<string, WorkloadWiring>>;
    /** Secret values by source; a Pulumi secret each. Unset sources are left out of the Secrets. */
    readonly values: Readonly<Partial<Record<SecretSource, pulumi.Input<string>>>>;
}

/** Pull Secret and per-workload environment Secrets; pass the Kubernetes provider in opts. */
export class AppSecrets extends pulumi.ComponentResource {
    /** The environment Secrets, by wiring id (for dependsOn of the Deployments). */
    public readonly envSecrets: Readonly<Record<string, k8s.core.v1.Secret>>;
    /** The pull Secret when this program manages it. */
    public readonly pullSecret?: k8s.core.v1.Secret;

    constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:app:AppSecrets", name, {}, opts);
        const labels = workloadLabels("devana-app", "secrets");
        if (args.registryCredentials !== undefined) {
            this.pullSecret = new k8s.core.v1.Secret(
                `${name}-registry`,
                {
                    metadata: { name: args.pullSecretName, namespace: args.namespace, labels },
                    type: "kubernetes.io/dockerconfigjson",
                    stringData: { ".dockerconfigjson": pulumi.secret(pulumi.output(args.registryCredentials).apply((c) => dockerConfigJson(args.registry, c))) },
                },
                { parent: this },
            );
        }
        const envSecrets: Record<string, k8s.core.v1.Secret> = {};
        for (const [id, wiring] of Object.entries(args.wirings)) {
            const sources = sourcesOf(wiring);
            const inputs: Record<string, pulumi.Input<string>> = {};
            for (const source of sources) {
                const value = args.values[source];
                if (value !== undefined) {
                    inputs[source] = value;
                }
            }
            const data = pulumi.all(inputs).apply((resolved) => envSecretData(wiring, resolved as Partial<Record<SecretSource, string>>));
            envSecrets[id] = new k8s.core.v1.Secret(`${name}-${id}-env`, { metadata: { name: wiring.secretName, namespace: args.namespace, labels }, type: "Opaque", stringData: pulumi.secret(data) }, { parent: this });
        }
        this.envSecrets = envSecrets;
        this.registerOutputs({ envSecrets: Object.fromEntries(Object.entries(envSecrets).map(([k, s]) => [k, s.metadata.name])) });
    }
}
