/**
 * Issue 20: the flow matrix projected onto the R-NET-ZONES zones (pure). The seed's flows between
 * zones are there, the forbidden ones are not, every zone flow traces back to a matrix or platform
 * flow, and each workload's zone is its seed zone. Does not prove that a cloud enforces the rules
 * (the AWS ACLs and Azure NSGs are generated from this projection and checked against it).
 */
import { describe, expect, it } from "vitest";
import { NODE_ZONES, POOL_ZONE } from "../../../config/defaults";
import { WORKLOAD_POOLS, workloadZone } from "../../../config/placement";
import { flowMatrix, type FlowMatrixInput } from "../../../components/devana/network-flows";
import { PEER_LOCATIONS, platformFlows, zoneFlowAllows, zoneFlows, type PlatformPorts } from "../../../components/devana/zone-flows";
import { FLOW_INPUT_BASE } from "../../support/flow-input";

const INPUT: FlowMatrixInput = { ...FLOW_INPUT_BASE, tracing: { namespace: "monitoring", port: 4317 } };
const PORTS: PlatformPorts = { dns: 53, kubeApi: [443], gateway: [80, 443] };

describe("workload placement (R-NET-ZONES holds column)", () => {
    it("puts every seed workload in its seed zone", () => {
        expect({
            frontend: workloadZone("frontend"),
            api: workloadZone("api"),
            odin: workloadZone("odin"),
            redis: workloadZone("redis"),
            meilisearch: workloadZone("meilisearch"),
            postgresql: workloadZone("postgresql"),
            chromadb: workloadZone("chromadb"),
            objectStore: workloadZone("objectStore"),
            vllmChat: workloadZone("vllmChat"),
            vllmEmbeddings: workloadZone("vllmEmbeddings"),
            monitoring: workloadZone("monitoring"),
            backups: workloadZone("backups"),
        }).toEqual({
            frontend: "app",
            api: "app",
            odin: "services",
            redis: "services",
            meilisearch: "services",
            postgresql: "data",
            chromadb: "data",
            objectStore: "data",
            vllmChat: "ai",
            vllmEmbeddings: "ai",
            monitoring: "management",
            backups: "management",
        });
    });

    it("has a pool in every node zone and none in the DMZ", () => {
        expect(new Set(Object.values(POOL_ZONE))).toEqual(new Set(NODE_ZONES));
        expect(Object.values(WORKLOAD_POOLS).every((pool) => POOL_ZONE[pool] !== ("dmz" as string))).toBe(true);
    });
});

describe("zoneFlows", () => {
    const flows = zoneFlows(INPUT, PORTS);
    const allows = (from: Parameters<typeof zoneFlowAllows>[1], to: Parameters<typeof zoneFlowAllows>[2], port: number, protocol: "TCP" | "UDP" = "TCP"): boolean => zoneFlowAllows(flows, from, to, protocol, port);

    it("carries R-NET-FW between zones", () => {
        expect(allows("app", "data", 5432)).toBe(true); // API -> PostgreSQL
        expect(allows("app", "data", 8000)).toBe(true); // API -> ChromaDB
        expect(allows("app", "services", 6379)).toBe(true); // API -> Redis
        expect(allows("app", "services", 3003)).toBe(true); // API -> Odin
        expect(allows("app", "ai", 8000)).toBe(true); // API -> LLM
        expect(allows("services", "ai", 8000)).toBe(true); // Odin -> embeddings
        expect(allows("dmz", "app", 443)).toBe(true); // load balancer -> gateway
    });

    it("closes what R-SEC-ZONES forbids", () => {
        for (const to of ["services", "data", "ai", "management"] as const) {
            expect(flows.some((f) => f.from === "dmz" && f.to === to)).toBe(false);
        }
        expect(allows("dmz", "app", 3000)).toBe(false); // only the gateway's ports
        expect(allows("data", "app", 4666)).toBe(false);
        expect(allows("ai", "app", 4666)).toBe(false);
        expect(allows("ai", "data", 5432)).toBe(false);
        expect(allows("data", "ai", 8000)).toBe(false);
        expect(allows("services", "data", 8000)).toBe(false); // nothing in Services talks to ChromaDB
        expect(allows("app", "data", 22)).toBe(false);
    });

    it("lets every node zone reach Management only for DNS and the API (no log port: Alloy runs in Management)", () => {
        for (const from of ["app", "services", "data", "ai"] as const) {
            const entry = flows.find((f) => f.from === from && f.to === "management");
            expect(entry?.ports).toEqual(
                from === "data"
                    ? [
                          { protocol: "TCP", port: 53 },
                          { protocol: "TCP", port: 443 },
                          { protocol: "TCP", port: 4317 },
                          { protocol: "UDP", port: 53 },
                      ]
                    : [
                          { protocol: "TCP", port: 53 },
                          { protocol: "TCP", port: 443 },
                          { protocol: "UDP", port: 53 },
                      ],
            );
        }
    });

    it("lists exactly the pairs the matrix and the platform flows cross", () => {
        expect(flows.map((f) => `${f.from}>${f.to}`)).toEqual([
            "dmz>app",
            "services>app",
            "management>app",
            "app>services",
            "management>services",
            "app>data",
            "services>data",
            "management>data",
            "app>ai",
            "services>ai",
            "management>ai",
            "app>management",
            "services>management",
            "data>management",
            "ai>management",
        ]);
    });

    it("traces every zone flow to matrix or platform flow ids", () => {
        const known = new Set([...flowMatrix(INPUT).map((f) => f.id), ...platformFlows(PORTS).map((f) => f.id)]);
        for (const flow of flows) {
            expect(flow.ids.length).toBeGreaterThan(0);
            flow.ids.forEach((id) => expect(known.has(id)).toBe(true));
        }
        expect(flows.find((f) => f.from === "app" && f.to === "data")?.ids).toEqual(expect.arrayContaining(["fw-api-postgresql", "fw-api-chroma"]));
    });

    it("refuses a named port crossing from a zone other than Management", () => {
        const bad = [{ id: "x", from: "api" as const, to: "postgresql" as const, ports: [{ port: "metrics", protocol: "TCP" as const }], rule: "needed" as const, reason: "" }];
        expect(() => zoneFlows(INPUT, PORTS, bad)).toThrow(/flow x: named port metrics crosses from app to data/);
    });

    it("places every peer", () => {
        expect(PEER_LOCATIONS.dns).toEqual({ kind: "zones", zones: ["management"] });
        expect(PEER_LOCATIONS.appAll).toEqual({ kind: "zones", zones: ["app", "services"] });
        expect(PEER_LOCATIONS.internet.kind).toBe("outside");
    });
});
