/**
 * Odin (R-CMP-ODIN): document processing on 3003 in the application namespace, with the optional
 * Gotenberg sidecar (document conversion on localhost:3000; Odin v2 drops it).
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES } from "../../../config/versions";
import { PORTS } from "../../../config/ports";
import { APP_NAMES } from "./common";
import { arbitraryUidEnv, assignsUids, containerSecurityContext, serviceHost } from "../../k8s/pod-spec";
import type { Distribution } from "../../../config/defaults";
import { createWorkload, podInputFrom, workloadServiceAccount, type PodTemplateInput, type WorkloadArgs } from "./workload";
import { imageFrom, type Mirror } from "../../platform/image-mirror";

export const ODIN_UID = 1000;
/** The gotenberg/gotenberg image's `gotenberg` user. */
export const GOTENBERG_UID = 1001;
/** devana-services.md: vendor sizing of the Gotenberg sidecar. */
export const GOTENBERG_SIZE = { cpu: "2", memory: "3Gi" } as const;

/** devana-services.md: `GET /api/v1/health` on 3003. */
export function odinProbes(): PodTemplateInput["probes"] {
    const health = { httpGet: { path: "/api/v1/health", port: "http" } };
    return {
        startupProbe: { ...health, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 },
        livenessProbe: { ...health, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 3 },
        readinessProbe: { ...health, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    };
}

/**
 * The Gotenberg sidecar: restricted, its own user, scratch space on an emptyDir. On OpenShift the
 * SCC's UID instead, with HOME on that emptyDir (gotenberg/gotenberg#1049: a UID without a home
 * cannot start Chromium).
 */
export function gotenbergSidecar(distribution: Distribution = "vanilla", mirror?: Mirror): k8s.types.input.core.v1.Container {
    const health = { httpGet: { path: "/health", port: PORTS.gotenberg } };
    const home = arbitraryUidEnv(distribution);
    return {
        name: "gotenberg",
        image: imageFrom(IMAGES.gotenberg, mirror?.registry),
        imagePullPolicy: "IfNotPresent",
        // Chromium and LibreOffice write profiles under $HOME: the root filesystem stays writable.
        securityContext: assignsUids(distribution) ? containerSecurityContext(false) : { ...containerSecurityContext(false), runAsUser: GOTENBERG_UID, runAsGroup: GOTENBERG_UID },
        ...(home.length > 0 ? { env: home } : {}),
        resources: { requests: { cpu: GOTENBERG_SIZE.cpu, memory: GOTENBERG_SIZE.memory }, limits: { memory: GOTENBERG_SIZE.memory } },
        volumeMounts: [{ name: "gotenberg-tmp", mountPath: "/tmp" }],
        startupProbe: { ...health, periodSeconds: 5, failureThreshold: 30 },
        livenessProbe: { ...health, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 3 },
    };
}

/** Odin's args: the image is `<registry>/devana/odin:<tag>`, on the compute pool or a GPU pool. */
export interface OdinArgs extends WorkloadArgs {
    /** Issue 19: the air-gapped registry mirror of the Gotenberg sidecar. @default undefined (the source registry) */
    readonly mirror?: Mirror;
    /** Run the Gotenberg sidecar (Odin v1). @default true */
    readonly gotenberg?: boolean;
}

export class Odin extends pulumi.ComponentResource {
    /** ODIN_API_URL of the API. */
    public readonly url: string;
    public readonly serviceName: string;

    constructor(name: string, args: OdinArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:app:Odin", name, {}, opts);
        const gotenberg = args.gotenberg ?? true;
        const serviceAccount = workloadServiceAccount(this, name, args.namespace, APP_NAMES.odin, "document-processing");
        createWorkload(
            this,
            name,
            args.namespace,
            {
                name: APP_NAMES.odin,
                role: "server",
                component: "document-processing",
                ...podInputFrom(args),
                serviceAccountName: APP_NAMES.odin,
                uid: ODIN_UID,
                readOnlyRootFilesystem: args.readOnlyRootFilesystem ?? true,
                ports: [{ name: "http", containerPort: PORTS.odin }],
                probes: odinProbes(),
                sidecars: gotenberg ? [gotenbergSidecar(args.distribution, args.mirror)] : [],
                extraVolumes: gotenberg ? [{ name: "gotenberg-tmp", emptyDir: {} }] : [],
                // Let a worker finish the document it holds (BullMQ re-queues it otherwise).
                terminationGracePeriodSeconds: 120,
            },
            { service: true, dependsOn: [serviceAccount, ...(args.dependsOn ?? [])] },
        );
        this.serviceName = APP_NAMES.odin;
        this.url = `http://${serviceHost(APP_NAMES.odin, args.namespace)}:${PORTS.odin}`;
        this.registerOutputs({ url: this.url, serviceName: this.serviceName });
    }
}
