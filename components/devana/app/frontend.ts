/** Devana Frontend (R-CMP-FRONT): Next.js on 3000 in the application namespace, HPA-scaled. */
import * as pulumi from "@pulumi/pulumi";
import type { Placement } from "../../cluster/placement";
import { APP_NAMES, PORTS, serviceHost, type Distribution } from "./common";
import { envVars, type WorkloadWiring } from "./env";
import type { WorkloadPlan } from "./sizing";
import { createWorkload, workloadServiceAccount, type CaBundleMount, type PodTemplateInput } from "./workload";

/** [eng] Next.js images run as an unprivileged user; 1000 matches the Node.js base images. */
export const FRONTEND_UID = 1000;

/** devana-services.md: startup probe `GET /` (60 s initial delay, 5 s period). */
export function frontendProbes(): PodTemplateInput["probes"] {
    const root = { httpGet: { path: "/", port: "http" } };
    return {
        startupProbe: { ...root, initialDelaySeconds: 60, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 },
        livenessProbe: { tcpSocket: { port: "http" }, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 3 },
        readinessProbe: { ...root, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    };
}

export interface FrontendArgs {
    readonly namespace: string;
    /** Full image reference (`<registry>/devana/front:<tag>`). */
    readonly image: string;
    readonly imagePullSecret: string;
    readonly plan: WorkloadPlan;
    readonly placement: Placement;
    readonly wiring: WorkloadWiring;
    /** Internal CA bundle (internal-ca mode). @default undefined */
    readonly caBundle?: CaBundleMount;
    /**
     * Read-only root filesystem. Off by default: Next.js writes its `.next/cache` (ISR, image
     * optimisation) inside the application directory. @default false
     */
    readonly readOnlyRootFilesystem?: boolean;
    /** @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /** R-K8S distribution (OpenShift assigns the pods' UID). @default "vanilla" */
    readonly distribution?: Distribution;
}

export class Frontend extends pulumi.ComponentResource {
    public readonly url: string;
    public readonly serviceName: string;

    constructor(name: string, args: FrontendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:app:Frontend", name, {}, opts);
        const serviceAccount = workloadServiceAccount(this, name, args.namespace, APP_NAMES.frontend, "frontend");
        createWorkload(
            this,
            name,
            args.namespace,
            {
                name: APP_NAMES.frontend,
                role: "server",
                component: "frontend",
                image: args.image,
                imagePullSecret: args.imagePullSecret,
                serviceAccountName: APP_NAMES.frontend,
                uid: FRONTEND_UID,
                readOnlyRootFilesystem: args.readOnlyRootFilesystem ?? false,
                ports: [{ name: "http", containerPort: PORTS.frontend }],
                env: envVars(args.wiring),
                plan: args.plan,
                placement: args.placement,
                probes: frontendProbes(),
                caBundle: args.caBundle,
                distribution: args.distribution,
            },
            { service: true, dependsOn: [serviceAccount, ...(args.dependsOn ?? [])] },
        );
        this.serviceName = APP_NAMES.frontend;
        this.url = `http://${serviceHost(APP_NAMES.frontend, args.namespace)}:${PORTS.frontend}`;
        this.registerOutputs({ url: this.url, serviceName: this.serviceName });
    }
}
