/** The data volume and HTTP Service every single-writer data service has (ChromaDB, Meilisearch). */
import * as k8s from "../../k8s/sdk";
import type * as pulumi from "@pulumi/pulumi";
import { instanceSelector } from "../../k8s/labels";
import { volumeClaimSpec } from "../../k8s/pod-spec";

export interface WriterStorageArgs {
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    /** `app.kubernetes.io/name` of the pods the Service selects. */
    readonly app: string;
    readonly serviceName: string;
    readonly claimName: string;
    readonly port: number;
    readonly storageClass: string;
    readonly diskGi: number;
    readonly protect: boolean;
}

/** Children of `parent`: `${name}-data` (the claim) and `${name}-service`. */
export function writerVolumeAndService(parent: pulumi.Resource, name: string, args: WriterStorageArgs): { claim: k8s.core.v1.PersistentVolumeClaim; service: k8s.core.v1.Service } {
    const metadata = (resourceName: string) => ({ name: resourceName, namespace: args.namespace, labels: { ...args.labels } });
    const claim = new k8s.core.v1.PersistentVolumeClaim(
        `${name}-data`,
        { metadata: metadata(args.claimName), spec: volumeClaimSpec(args.storageClass, args.diskGi) },
        // The volume outlives `pulumi destroy` unless protection is lifted on purpose.
        { parent, protect: args.protect, retainOnDelete: args.protect },
    );
    const service = new k8s.core.v1.Service(
        `${name}-service`,
        { metadata: metadata(args.serviceName), spec: { selector: instanceSelector(args.app, args.serviceName), ports: [{ name: "http", port: args.port, targetPort: "http" }] } },
        { parent },
    );
    return { claim, service };
}
