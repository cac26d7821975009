/**
 * R-NET-PORTS (the ports R-CMP gives each component) in one place: the workloads' containers and
 * Services, the NetworkPolicy flow matrix, the gateway's backends and listeners, the load
 * balancers, security groups, NACLs and NSGs all read them here, so a port is changed once.
 */
export const PORTS = {
    /** External: HTTPS, what users reach. */
    https: 443,
    /** External: HTTP, which only redirects to HTTPS (and answers ACME HTTP-01 challenges). */
    http: 80,
    /** R-CMP-API: HTTP and GraphQL. */
    apiHttp: 4666,
    /** R-CMP-API: WebSocket. */
    apiWs: 5001,
    /** R-CMP-FRONT. */
    frontend: 3000,
    /** R-CMP-ODIN. */
    odin: 3003,
    /** R-CMP-PG. */
    postgres: 5432,
    /** R-CMP-CHROMA. */
    chroma: 8000,
    /** vLLM's OpenAI-compatible server (R-NET-FW "LLM:8000", "Embeddings:8000"). */
    vllm: 8000,
    /** R-CMP-MEILI. */
    meilisearch: 7700,
    /** R-CMP-REDIS. */
    redis: 6379,
    /** R-CMP-S3: the object store's S3 Service, whatever the implementation listens on behind it. */
    objectStore: 9000,
    /** Not an R-NET-PORTS port: Gotenberg inside the Odin pod, reached on localhost only. */
    gotenberg: 3000,
} as const;
