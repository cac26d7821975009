/**
 * Shared names of the application and AI tiers: the Services other components rely on. Labels,
 * quantities, security contexts and the spread of replicated pods are components/k8s, the ports
 * config/ports.ts.
 */

/**
 * Service (and Deployment, ServiceAccount) names of the application tier. `api` and `frontend`
 * are the contract with the gateway's HTTPRoutes (components/platform/gateway/constants.ts DEFAULT_BACKENDS);
 * `api` and `odin` are also the S3 Pod Identity service accounts of the AWS stack
 * (stacks/aws.ts S3_SERVICE_ACCOUNTS).
 */
export const APP_NAMES = {
    api: "devana-api",
    /** The single API instance that runs Devana's cron jobs (RUN_CRON=true). */
    apiCron: "devana-api-cron",
    frontend: "devana-frontend",
    odin: "devana-odin",
} as const;

/** Names of the AI tier's Services in `devana-ai`. */
export const AI_NAMES = {
    chat: "vllm-chat",
    embeddings: "vllm-embeddings",
} as const;
