/** Node pools and hosts the platform's pure builder tests plan for. */
import { placementFor } from "../../components/k8s/placement";
import { POOL_ZONE } from "../../config/defaults";
import type { ResolvedPool } from "../../config/model";

export const hosts = { front: "devana.example.com", api: "api.devana.example.com", ws: "ws.devana.example.com" };

export const pool = (name: ResolvedPool["name"], extra: Partial<ResolvedPool> = {}): ResolvedPool => ({
    name,
    enabled: true,
    zone: POOL_ZONE[name],
    nodeLabels: { "devana.ai/pool": name },
    taints: [],
    minSize: 1,
    maxSize: 1,
    desiredSize: 1,
    ...extra,
});

/** The placement on the compute pool. */
export const compute = placementFor(pool("compute"));
