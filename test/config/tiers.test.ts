/**
 * R-SIZE, transcribed independently from requirements.md: each row is [cpu, memory GB, disk GB,
 * replicas at rest, max replicas, GPUs]. Proves the tables and their resolution, not that any
 * workload uses them (the workload tests do).
 */
import { describe, expect, it } from "vitest";
import { COMPONENTS, resolveSizing, type Component } from "../../config/tiers";
import type { Tier } from "../../config/defaults";

type Row = [cpu: number, memory: number, disk: number, replicas: number, maxReplicas: number, gpu: number];

const R_SIZE: Record<Tier, Partial<Record<Component, Row>>> = {
    minimal: {
        api: [2, 4, 20, 1, 1, 0],
        frontend: [1, 2, 10, 1, 1, 0],
        odin: [2, 4, 30, 1, 1, 0],
        postgresql: [2, 8, 100, 1, 1, 0],
        chromadb: [1, 4, 50, 1, 1, 0],
        meilisearch: [1, 2, 20, 1, 1, 0],
        redis: [1, 2, 10, 1, 1, 0],
        objectStore: [1, 2, 500, 1, 1, 0],
    },
    production: {
        api: [3, 4, 20, 2, 3, 0],
        frontend: [2, 4, 10, 2, 3, 0],
        odin: [3, 6, 50, 2, 2, 0],
        postgresql: [4, 16, 500, 3, 3, 0],
        chromadb: [2, 8, 200, 2, 3, 0],
        meilisearch: [2, 4, 50, 2, 2, 0],
        redis: [2, 8, 20, 3, 3, 0],
        objectStore: [2, 8, 2048, 4, 4, 0],
        gateway: [2, 4, 10, 2, 2, 0],
    },
    enterprise: {
        api: [4, 6, 30, 5, 10, 0],
        frontend: [2, 4, 15, 5, 10, 0],
        odin: [4, 8, 100, 3, 5, 1],
        postgresql: [8, 64, 2048, 3, 5, 0],
        chromadb: [4, 16, 1024, 3, 5, 0],
        meilisearch: [4, 8, 200, 3, 3, 0],
        redis: [4, 16, 50, 6, 6, 0],
        objectStore: [4, 16, 10240, 8, 8, 0],
        gateway: [4, 8, 20, 2, 2, 0],
        monitoring: [4, 16, 500, 1, 1, 0],
    },
};

const cases = (Object.keys(R_SIZE) as Tier[]).flatMap((tier) => Object.entries(R_SIZE[tier]).map(([component, row]) => [tier, component as Component, row as Row] as const));

describe("resolveSizing against R-SIZE", () => {
    it.each(cases)("%s %s", (tier, component, [cpu, memoryGi, diskGi, replicas, maxReplicas, gpu]) => {
        expect(resolveSizing(tier)[component]).toEqual({ cpu, memoryGi, diskGi, replicas, maxReplicas, gpu });
    });

    it("covers every component in every tier", () => {
        for (const tier of Object.keys(R_SIZE) as Tier[]) {
            expect(Object.keys(resolveSizing(tier)).sort()).toEqual([...COMPONENTS].sort());
        }
    });
});

describe("overrides", () => {
    it("replace only the given fields", () => {
        const sized = resolveSizing("production", { api: { cpu: 6 }, redis: { memoryGi: 12 } });
        expect(sized.api).toEqual({ cpu: 6, memoryGi: 4, diskGi: 20, replicas: 2, maxReplicas: 3, gpu: 0 });
        expect(sized.redis.memoryGi).toBe(12);
        expect(sized.frontend).toEqual(resolveSizing("production").frontend);
    });
    it("raise the maximum with the replicas", () => {
        expect(resolveSizing("production", { api: { replicas: 5 } }).api).toMatchObject({ replicas: 5, maxReplicas: 5 });
    });
});
