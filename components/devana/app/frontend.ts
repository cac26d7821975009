/** Devana Frontend (R-CMP-FRONT): Next.js on 3000 in the application namespace, HPA-scaled. */
import * as pulumi from "@pulumi/pulumi";
import { PORTS } from "../../../config/ports";
import { APP_NAMES } from "./common";
import { serviceHost } from "../../k8s/pod-spec";
import { createWorkload, podInputFrom, workloadServiceAccount, type PodTemplateInput, type WorkloadArgs } from "./workload";

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

/** The Frontend's args: the image is `<registry>/devana/front:<tag>`, on the compute pool. */
export interface FrontendArgs extends WorkloadArgs {
    /**
     * Read-only root filesystem. Off by default: Next.js writes its `.next/cache` (ISR, image
     * optimisation) inside the application directory. @default false
     */
    readonly readOnlyRootFilesystem?: boolean;
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
                ...podInputFrom(args),
                serviceAccountName: APP_NAMES.frontend,
                uid: FRONTEND_UID,
                readOnlyRootFilesystem: args.readOnlyRootFilesystem ?? false,
                ports: [{ name: "http", containerPort: PORTS.frontend }],
                probes: frontendProbes(),
            },
            { service: true, dependsOn: [serviceAccount, ...(args.dependsOn ?? [])] },
        );
        this.serviceName = APP_NAMES.frontend;
        this.url = `http://${serviceHost(APP_NAMES.frontend, args.namespace)}:${PORTS.frontend}`;
        this.registerOutputs({ url: this.url, serviceName: this.serviceName });
    }
}
