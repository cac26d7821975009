/**
 * Devana API (R-CMP-API): HTTP/GraphQL on 4666, WebSocket on 5001, in the application namespace.
 * Serving pods scale under an HPA where the tier gives a range; one extra pod runs Devana's cron
 * jobs (RUN_CRON=true) so that scaling out never runs a job twice.
 */
import * as pulumi from "@pulumi/pulumi";
import { PORTS } from "../../../config/ports";
import { APP_NAMES } from "./common";
import { serviceHost } from "../../k8s/pod-spec";
import { envVars, type WorkloadWiring } from "./env";
import { createWorkload, podInputFrom, workloadServiceAccount, type PodTemplateInput, type WorkloadArgs } from "./workload";

/** [eng] The node user of Node.js images; the vendor's image must not need root. */
export const API_UID = 1000;

/** devana-services.md: liveness `GET /health` on 4666 (15 s delay, 15 s period, 3 s timeout, 3 failures). */
export function apiProbes(): PodTemplateInput["probes"] {
    const health = { httpGet: { path: "/health", port: "http" } };
    return {
        // Prisma migrations run at start: give them up to 10 minutes before liveness applies.
        startupProbe: { ...health, initialDelaySeconds: 15, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 60 },
        livenessProbe: { ...health, initialDelaySeconds: 15, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 3 },
        // `/health`, not `/health/services`: an optional dependency failing must not empty the Service.
        readinessProbe: { ...health, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    };
}

/** The API's args: the image is `<registry>/devana/back:<tag>`, on the compute pool. */
export interface ApiArgs extends WorkloadArgs {
    /** Environment of the cron pod (RUN_CRON=true). */
    readonly cronWiring: WorkloadWiring;
    /** Object-store identity of the pods (Entra workload identity on Azure). @default none */
    readonly identity?: WorkloadIdentity;
}

/** A cloud identity bound to a workload's ServiceAccount (annotations) and pods (labels). */
export interface WorkloadIdentity {
    readonly serviceAccountAnnotations: Readonly<Record<string, pulumi.Input<string>>>;
    readonly podLabels: Readonly<Record<string, string>>;
}

export class Api extends pulumi.ComponentResource {
    /** In-cluster URL of the HTTP port. */
    public readonly url: string;
    public readonly serviceName: string;

    constructor(name: string, args: ApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:app:Api", name, {}, opts);
        const serviceAccount = workloadServiceAccount(this, name, args.namespace, APP_NAMES.api, "api", args.identity?.serviceAccountAnnotations);
        const base = {
            name: APP_NAMES.api,
            component: "api",
            ...podInputFrom(args),
            serviceAccountName: APP_NAMES.api,
            uid: API_UID,
            readOnlyRootFilesystem: args.readOnlyRootFilesystem ?? true,
            ports: [
                { name: "http", containerPort: PORTS.apiHttp },
                { name: "ws", containerPort: PORTS.apiWs },
            ],
            probes: apiProbes(),
            terminationGracePeriodSeconds: 60,
            podLabels: args.identity?.podLabels,
        } as const;
        const dependsOn = [serviceAccount, ...(args.dependsOn ?? [])];
        createWorkload(this, name, args.namespace, { ...base, role: "server" }, { service: true, dependsOn });
        // One cron pod, never scaled: the same image and dependencies, no Service, no HPA.
        const { hpa: _hpa, ...cronPlan } = args.plan;
        createWorkload(this, `${name}-cron`, args.namespace, { ...base, role: "cron", env: envVars(args.cronWiring), plan: { ...cronPlan, replicas: 1 } }, { service: false, dependsOn });

        this.serviceName = APP_NAMES.api;
        this.url = `http://${serviceHost(APP_NAMES.api, args.namespace)}:${PORTS.apiHttp}`;
        this.registerOutputs({ url: this.url, serviceName: this.serviceName });
    }
}
