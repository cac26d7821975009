/**
 * The on-prem WAF (R-SEC-ZONES: Internet -> DMZ (LB, WAF) -> App), chosen by `devana:waf.onprem`:
 *
 * - `customer` (default): the customer's WAF in their DMZ fronts the gateway's address. The program
 *   cannot see it; the Traefik Service declares it with `devana.ai/waf: customer` so the policy
 *   pack reports the assumption (docs/onprem.md, "Edge (WAF)", says what that WAF must do).
 * - `in-cluster`: Traefik terminates TLS 1.3 as always, rate-limits per client address (its own
 *   RateLimit Middleware `devana-waf-rate-limit`, an ExtensionRef filter on every Devana route) and
 *   sends every request of the front, `api.` and `ws.` hosts to the Service `devana-waf`: nginx
 *   with ModSecurity v3 and the OWASP Core Rule Set in blocking mode (`owasp/modsecurity-crs`),
 *   which proxies by Host to the real backends (DEFAULT_BACKENDS). The Service is annotated
 *   `devana.ai/waf: in-cluster` and keeps client addresses (`externalTrafficPolicy: Local`).
 *
 * Namespace: the WAF runs in the application namespace, not in `traefik`. On-prem the zones are
 * namespaces plus NetworkPolicies; the flow matrix (network-flows.ts, `inClusterWaf`) gives the
 * WAF pods a default deny with exactly gateway -> WAF and WAF -> Frontend/API, and the Frontend
 * and API stop accepting the gateway, so the WAF is the only door and cannot be bypassed. The
 * `traefik` namespace gets no generated policies, and putting the WAF there would need
 * cross-namespace backends (a ReferenceGrant; on OpenShift `allowCrossNamespace` on Traefik's CRD
 * provider, which stays off). The WAF still plays the DMZ's part: it is the reverse proxy between
 * the load balancer and the application.
 *
 * Why not a Traefik plugin: the Coraza http-wasm plugin crashes Traefik >= 3.4.3 on load
 * (jcchavezs/coraza-http-wasm-traefik#23, `fatal error: runtime: split stack overflow`; the pinned
 * chart ships Traefik 3.7) and cannot pass WebSockets (it buffers responses, no hijacking).
 *
 * Pure builders give the gateway its edge (annotation, values, filters, backends) and the WAF its
 * objects; `OnPremWaf` creates them.
 */
import { createHash } from "node:crypto";
import * as k8s from "../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import type { DevanaConfig } from "../../config/model";
import type { ComponentSize } from "../../config/tiers";
import { type Distribution, MAX_INSPECTED_BODY_MIB } from "../../config/defaults";
import { IMAGES } from "../../config/versions";
import { type Placement, placementSpec, topologySpread } from "../k8s/placement";
import { NAME_LABEL, workloadLabels } from "../k8s/labels";
import { containerSecurityContext, gi, podSecurityContext, resourcesFor, serviceHost } from "../k8s/pod-spec";
import { DEFAULT_BACKENDS, DEVANA_REQUEST_TIMEOUT, HOST_IDS, type Backend, type GatewayEdge, type HostId, type Hosts } from "../platform/gateway";
import { imageFrom, type Mirror } from "../platform/image-mirror";

/** The gateway Service annotation declaring which WAF protects an on-prem gateway (policy/edge.ts). */
export const WAF_ANNOTATION = "devana.ai/waf";
/** Deployment, Service, ServiceAccount and pod `app.kubernetes.io/name` of the WAF (policy/edge.ts, the flow matrix). */
export const WAF_NAME = "devana-waf";
/** nginx's listening port: the image's unprivileged default (`PORT`). */
export const WAF_PORT = 8080;
/** The non-root user of the image (nginx-unprivileged's `nginx`); not pinned on OpenShift. */
export const WAF_UID = 101;
/** Traefik's RateLimit Middleware every Devana route names. */
export const WAF_RATE_LIMIT_MIDDLEWARE = "devana-waf-rate-limit";
/** ConfigMap of the nginx server template (program-owned). */
export const WAF_NGINX_CONFIGMAP = "devana-waf-nginx";
/** Optional ConfigMap of CRS exclusion rules (operator-owned: the program never creates it; docs/onprem.md). */
export const WAF_EXCLUSIONS_CONFIGMAP = "devana-waf-exclusions";
/** The CRS's two tuning files, included before and after the rules (`rules/*.conf`, alphabetical). */
export const EXCLUSION_FILES = ["REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf", "RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf"] as const;
/** The image's health location (its HEALTHCHECK calls the same path); ours answers on the default server. */
export const WAF_HEALTH_PATH = "/healthz";
/** The rate limit's window (AWS WAF's rate-based rules count over the same 5 minutes). */
export const RATE_LIMIT_PERIOD = "5m";
/** Idle time of a WebSocket through the WAF (Traefik's `ws.` route sets no timeout at all). */
export const WEBSOCKET_IDLE_TIMEOUT = "3600s";
/**
 * Methods Devana's API uses; the Core Rule Set allows only GET HEAD POST OPTIONS by default
 * (rule 911100), which would block the REST updates and deletions.
 */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"] as const;
/**
 * Peers whose X-Real-IP nginx trusts: the private ranges pod networks use. Only Traefik reaches
 * the WAF (NetworkPolicy), and Traefik replaces the header a client sends with the client's address.
 */
export const TRUSTED_PROXY_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as const;
/**
 * Where the image writes at start (its entrypoint renders templates into /etc/nginx, configures the
 * CRS in /opt/owasp-crs and /etc/modsecurity.d) and while serving (nginx's body buffers, ModSecurity's
 * temporary files): emptyDirs, seeded from the image by an init container, so the root stays
 * read-only (the published images are the writable variant: coreruleset/modsecurity-crs-docker#172).
 */
export const WAF_WRITABLE_PATHS = {
    "nginx-conf": "/etc/nginx",
    "modsecurity-conf": "/etc/modsecurity.d",
    crs: "/opt/owasp-crs",
    tmp: "/tmp",
    cache: "/var/cache/nginx",
} as const;

export type OnPremWafMode = "customer" | "in-cluster";

/** Which on-prem WAF a configuration asks for; undefined off-prem or with the WAF off. */
export function onPremWafMode(config: Pick<DevanaConfig, "target" | "waf">): OnPremWafMode | undefined {
    return config.target === "onprem" && config.waf.enabled ? config.waf.onprem : undefined;
}

/**
 * Where the routes send each host in in-cluster mode: the WAF Service, on a port numbered like the
 * backend behind it, so Traefik's per-service metrics (the R-MON API alerts) still tell the hosts
 * apart. Every port reaches nginx's one port; nginx picks the backend by Host.
 */
export function wafBackends(backends: Readonly<Record<HostId, Backend>> = DEFAULT_BACKENDS): Record<HostId, Backend> {
    const ports = HOST_IDS.map((id) => backends[id].port);
    if (new Set(ports).size !== ports.length) {
        throw new Error(`the WAF Service needs one port per host; the backends share ports: ${ports.join(", ")}`);
    }
    return Object.fromEntries(HOST_IDS.map((id) => [id, { service: WAF_NAME, port: backends[id].port }])) as Record<HostId, Backend>;
}

/** The ExtensionRef filter of every Devana route rule in in-cluster mode: Traefik's rate limit. */
export function rateLimitFilter(): Record<string, unknown> {
    return { type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: WAF_RATE_LIMIT_MIDDLEWARE } };
}

/** What the mode adds to the gateway: the declaration, and in-cluster client addresses, the rate limit and the WAF backends. */
export function onPremGatewayEdge(mode: OnPremWafMode): GatewayEdge {
    const serviceAnnotations = { [WAF_ANNOTATION]: mode };
    if (mode === "customer") {
        return { serviceAnnotations };
    }
    return {
        serviceAnnotations,
        // Client source addresses reach Traefik (per-IP rate limit, X-Real-IP for the WAF), not a node's.
        values: { service: { spec: { externalTrafficPolicy: "Local" } } },
        routeFilters: [rateLimitFilter()],
        backends: wafBackends(),
    };
}

/**
 * Traefik's token bucket: `rateLimit` requests per 5 minutes per client address, with a burst of
 * one minute's worth (a page load fires dozens of requests at once). `depth: 0` keys on the
 * connection's address, never on a client-supplied X-Forwarded-For.
 */
export function rateLimitSpec(rateLimit: number): Record<string, unknown> {
    return {
        rateLimit: {
            average: rateLimit,
            period: RATE_LIMIT_PERIOD,
            burst: Math.max(1, Math.ceil(rateLimit / 5)),
            sourceCriterion: { ipStrategy: { depth: 0 } },
        },
    };
}

function checkBody(maxBodyMiB: number): number {
    if (!Number.isInteger(maxBodyMiB) || maxBodyMiB < 1 || maxBodyMiB > MAX_INSPECTED_BODY_MIB) {
        throw new Error(`devana:waf.maxBodyMiB ${maxBodyMiB}: the in-cluster WAF (ModSecurity) inspects bodies of 1 to ${MAX_INSPECTED_BODY_MIB} MiB`);
    }
    return maxBodyMiB * 1024 * 1024;
}

/**
 * The image's documented variables (coreruleset/modsecurity-crs-docker README): CRS in blocking
 * mode at paranoia level 1 with the default anomaly thresholds (5 inbound, 4 outbound), every
 * body up to `maxBodyMiB` inspected and larger ones refused (413), file or not, as on AWS and
 * Azure; no response-body inspection (it would buffer streamed answers); Devana's methods; logs on
 * stdout/stderr. The audit log keeps rule matches but no request headers or bodies (credentials,
 * session cookies, documents), like the AWS WAF log's redaction.
 */
export function wafEnv(maxBodyMiB: number): k8s.types.input.core.v1.EnvVar[] {
    const bytes = String(checkBody(maxBodyMiB));
    const vars: [string, string][] = [
        ["PORT", String(WAF_PORT)],
        ["MODSEC_RULE_ENGINE", "On"],
        ["BLOCKING_PARANOIA", "1"],
        ["ANOMALY_INBOUND", "5"],
        ["ANOMALY_OUTBOUND", "4"],
        ["ALLOWED_METHODS", ALLOWED_METHODS.join(" ")],
        ["MODSEC_REQ_BODY_ACCESS", "On"],
        ["MODSEC_REQ_BODY_LIMIT", bytes],
        ["MODSEC_REQ_BODY_NOFILES_LIMIT", bytes],
        ["MODSEC_REQ_BODY_LIMIT_ACTION", "Reject"],
        ["MODSEC_RESP_BODY_ACCESS", "Off"],
        ["MODSEC_AUDIT_ENGINE", "RelevantOnly"],
        ["MODSEC_AUDIT_LOG", "/dev/stdout"],
        ["MODSEC_AUDIT_LOG_FORMAT", "JSON"],
        ["MODSEC_AUDIT_LOG_PARTS", "AFHZ"],
        ["ACCESSLOG", "/dev/stdout"],
        ["ERRORLOG", "/dev/stderr"],
        ["LOGLEVEL", "warn"],
        ["SERVER_TOKENS", "off"],
    ];
    return vars.map(([name, value]) => ({ name, value }));
}

export interface NginxTemplateInput {
    readonly hosts: Hosts;
    /** Namespace of the backends (the application namespace). */
    readonly namespace: string;
    /** `devana:waf.maxBodyMiB`. */
    readonly maxBodyMiB: number;
    /** @default DEFAULT_BACKENDS */
    readonly backends?: Readonly<Record<HostId, Backend>>;
}

const seconds = (d: string): string => {
    if (!/^\d+s$/.test(d)) {
        throw new Error(`expected a duration in seconds such as 600s, got ${d}`);
    }
    return d;
};

/**
 * The nginx server template (`/etc/nginx/templates/conf.d/default.conf.template`, rendered by the
 * image's envsubst step; it holds no `${...}`). ModSecurity is on for the whole http block (the
 * image's conf.d/modsecurity.conf). One server per public host proxies to its backend, resolved at
 * request time (FQDNs, through the pod's name server: `RESOLVER_CONF`, written by the init
 * container), so a backend Service created after the WAF is fine; the default server answers the
 * probes and refuses unknown hosts (421).
 */
export function nginxTemplate(input: NginxTemplateInput): string {
    const bytes = checkBody(input.maxBodyMiB);
    const backends = input.backends ?? DEFAULT_BACKENDS;
    const timeout = seconds(DEVANA_REQUEST_TIMEOUT);
    const lines: string[] = [
        "# Devana in-cluster WAF (components/edge/onprem-waf.ts): one server per public host.",
        "",
        "# The client address: Traefik sets X-Real-IP (dropping a client's own); only Traefik reaches this pod.",
        "real_ip_header X-Real-IP;",
        ...TRUSTED_PROXY_RANGES.map((cidr) => `set_real_ip_from ${cidr};`),
        "",
        "map $http_upgrade $devana_connection_upgrade {",
        "    default upgrade;",
        '    "" close;',
        "}",
        "",
        "# Probes (pod address) and unknown hosts.",
        "server {",
        `    listen ${WAF_PORT} default_server;`,
        "    server_name _;",
        "",
        `    location = ${WAF_HEALTH_PATH} {`,
        "        modsecurity off;",
        "        access_log off;",
        "        default_type text/plain;",
        '        return 200 "OK";',
        "    }",
        "",
        "    location / {",
        "        return 421;",
        "    }",
        "}",
    ];
    for (const id of HOST_IDS) {
        const backend = backends[id];
        const ws = id === "ws";
        const wait = ws ? seconds(WEBSOCKET_IDLE_TIMEOUT) : timeout;
        lines.push(
            "",
            `# ${id}: ${backend.service}:${backend.port}`,
            "server {",
            `    listen ${WAF_PORT};`,
            `    server_name ${input.hosts[id]};`,
            `    client_max_body_size ${bytes};`,
            `    client_body_timeout ${timeout};`,
            `    include ${RESOLVER_CONF};`,
            "",
            "    location / {",
            `        set $devana_backend ${serviceHost(backend.service, input.namespace)}:${backend.port};`,
            "        proxy_pass http://$devana_backend;",
            "        proxy_http_version 1.1;",
            "        proxy_set_header Host $host;",
            "        proxy_set_header X-Real-IP $remote_addr;",
            "        proxy_set_header X-Forwarded-For $http_x_forwarded_for;",
            "        proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;",
            "        proxy_set_header X-Forwarded-Host $http_x_forwarded_host;",
            "        proxy_set_header X-Forwarded-Port $http_x_forwarded_port;",
            '        proxy_set_header Proxy "";',
            ...(ws ? ["        proxy_set_header Upgrade $http_upgrade;", "        proxy_set_header Connection $devana_connection_upgrade;"] : ['        proxy_set_header Connection "";']),
            "        proxy_connect_timeout 10s;",
            `        proxy_send_timeout ${wait};`,
            `        proxy_read_timeout ${wait};`,
            "        # Streamed answers (chat) pass as they come; ModSecurity needs whole request bodies.",
            "        proxy_buffering off;",
            "        proxy_redirect off;",
            "    }",
            "}",
        );
    }
    return `${lines.join("\n")}\n`;
}

/**
 * The pod's name server as an nginx `resolver` (server level, so it neither depends on nor clashes
 * with the image's own http-level one); the init container writes it from /etc/resolv.conf.
 */
export const RESOLVER_CONF = "/etc/nginx/devana-resolver.conf";

/** Mount points of the ConfigMaps in the init container. */
const TEMPLATE_DIR = "/devana/nginx";
const EXCLUSIONS_DIR = "/devana/exclusions";
const SEED_DIR = "/seed";

/**
 * The init container's script: copy what the image keeps in its writable directories into the
 * emptyDirs, then lay Devana's server template, the resolver and the operator's exclusion files
 * (if any) over them. `cp -R` keeps symlinks (`/etc/modsecurity.d/owasp-crs` -> `/opt/owasp-crs`)
 * and gives the copies to the pod's user (OpenShift's arbitrary UID included).
 */
export function seedScript(): string {
    const [nginxConf, modsecConf, crs] = [WAF_WRITABLE_PATHS["nginx-conf"], WAF_WRITABLE_PATHS["modsecurity-conf"], WAF_WRITABLE_PATHS.crs];
    return [
        "set -eu",
        `cp -R ${nginxConf}/. ${SEED_DIR}/nginx-conf/`,
        `cp -R ${modsecConf}/. ${SEED_DIR}/modsecurity-conf/`,
        `cp -R ${crs}/. ${SEED_DIR}/crs/`,
        `mkdir -p ${SEED_DIR}/tmp/modsecurity/data ${SEED_DIR}/tmp/modsecurity/upload ${SEED_DIR}/tmp/modsecurity/tmp`,
        `cp ${TEMPLATE_DIR}/default.conf.template ${SEED_DIR}/nginx-conf/templates/conf.d/default.conf.template`,
        "ns=$(awk '/^nameserver/ { print $2; exit }' /etc/resolv.conf)",
        'test -n "$ns" || { echo "no nameserver in /etc/resolv.conf" >&2; exit 1; }',
        'case "$ns" in *:*) ns="[$ns]" ;; esac',
        `echo "resolver $ns valid=10s;" > ${SEED_DIR}/nginx-conf/${RESOLVER_CONF.slice(WAF_WRITABLE_PATHS["nginx-conf"].length + 1)}`,
        `for f in ${EXCLUSION_FILES.join(" ")}; do`,
        `  if [ -f ${EXCLUSIONS_DIR}/$f ]; then cp ${EXCLUSIONS_DIR}/$f ${SEED_DIR}/crs/rules/$f; echo "CRS exclusions: $f"; fi`,
        "done",
    ].join("\n");
}

export interface WafPodInput {
    readonly namespace: string;
    readonly hosts: Hosts;
    readonly maxBodyMiB: number;
    /** R-SIZE "Load balancer" row (the gateway's size): CPU, memory, ephemeral disk, replicas. */
    readonly size: ComponentSize;
    readonly placement: Placement;
    /** Issue 19: the air-gapped registry mirror (`devana:airgap`) every image is pulled from. @default undefined (the source registries) */
    readonly mirror?: Mirror;
    /** R-K8S distribution (OpenShift assigns the UID). @default "vanilla" */
    readonly distribution?: Distribution;
}

/** Selector of the WAF pods (the Service, the PDB, the flow matrix's `waf` peer). */
export function wafSelector(): Record<string, string> {
    return { [NAME_LABEL]: WAF_NAME };
}

/** Hash of the nginx template: a change rolls the pods (the init container copies it at start). */
export function templateHash(template: string): string {
    return createHash("sha256").update(template).digest("hex");
}

export function wafPodTemplate(input: WafPodInput): k8s.types.input.core.v1.PodTemplateSpec {
    const template = nginxTemplate(input);
    const writable = Object.entries(WAF_WRITABLE_PATHS) as [keyof typeof WAF_WRITABLE_PATHS, string][];
    const scratch = (name: string): string => (name === "cache" ? gi(input.size.diskGi) : name === "tmp" ? "1Gi" : "64Mi");
    const health = { httpGet: { path: WAF_HEALTH_PATH, port: "http" } };
    return {
        metadata: { labels: workloadLabels(WAF_NAME, "waf"), annotations: { "devana.ai/nginx-template-sha256": templateHash(template) } },
        spec: {
            serviceAccountName: WAF_NAME,
            // nginx never calls the Kubernetes API.
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(WAF_UID, input.distribution),
            ...placementSpec(input.placement),
            topologySpreadConstraints: topologySpread(wafSelector(), input.size.replicas),
            // In-flight requests get a minute (nginx quits gracefully on the image's SIGQUIT); WebSocket clients reconnect.
            terminationGracePeriodSeconds: 60,
            initContainers: [
                {
                    name: "seed-config",
                    image: imageFrom(IMAGES.modsecurityCrs, input.mirror?.registry),
                    imagePullPolicy: "IfNotPresent",
                    command: ["/bin/sh", "-c", seedScript()],
                    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                    securityContext: containerSecurityContext(true),
                    volumeMounts: [
                        ...writable.filter(([name]) => name !== "cache").map(([name]) => ({ name, mountPath: `${SEED_DIR}/${name}` })),
                        { name: "nginx-template", mountPath: TEMPLATE_DIR, readOnly: true },
                        { name: "exclusions", mountPath: EXCLUSIONS_DIR, readOnly: true },
                    ],
                },
            ],
            containers: [
                {
                    name: "waf",
                    image: imageFrom(IMAGES.modsecurityCrs, input.mirror?.registry),
                    imagePullPolicy: "IfNotPresent",
                    ports: [{ name: "http", containerPort: WAF_PORT, protocol: "TCP" }],
                    env: wafEnv(input.maxBodyMiB),
                    resources: resourcesFor(input.size),
                    securityContext: containerSecurityContext(true),
                    volumeMounts: writable.map(([name, mountPath]) => ({ name, mountPath })),
                    // The entrypoint configures the CRS before nginx starts.
                    startupProbe: { ...health, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 },
                    readinessProbe: { ...health, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
                    livenessProbe: { ...health, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
                },
            ],
            volumes: [
                ...writable.map(([name]) => ({ name, emptyDir: { sizeLimit: scratch(name) } })),
                { name: "nginx-template", configMap: { name: WAF_NGINX_CONFIGMAP, items: [{ key: "default.conf.template", path: "default.conf.template" }] } },
                // Operator-owned and optional: absent, the CRS runs untuned.
                { name: "exclusions", configMap: { name: WAF_EXCLUSIONS_CONFIGMAP, optional: true, items: EXCLUSION_FILES.map((f) => ({ key: f, path: f })) } },
            ],
        },
    };
}

export function wafDeploymentSpec(input: WafPodInput): k8s.types.input.apps.v1.DeploymentSpec {
    return {
        replicas: input.size.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: wafSelector() },
        // The only door to the application: never below the planned replicas during a rollout.
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: wafPodTemplate(input),
    };
}

/** One port per host, numbered like its backend (see `wafBackends`), all on nginx's port. */
export function wafServiceSpec(backends: Readonly<Record<HostId, Backend>> = DEFAULT_BACKENDS): k8s.types.input.core.v1.ServiceSpec {
    const ports = wafBackends(backends);
    return {
        type: "ClusterIP",
        selector: wafSelector(),
        ports: HOST_IDS.map((id) => ({ name: id, port: ports[id].port, targetPort: "http", protocol: "TCP" })),
    };
}

export interface OnPremWafArgs extends Omit<WafPodInput, "maxBodyMiB"> {
    /** `config.waf`. */
    readonly waf: Pick<DevanaConfig["waf"], "rateLimit" | "maxBodyMiB">;
    /** The Traefik chart: the Middleware CRD. */
    readonly gatewayChart: pulumi.Resource;
    /** Resources the application namespace comes from. @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** The in-cluster WAF (Deployment, Service, PDB, nginx template) and Traefik's rate limit; pass the Kubernetes provider in opts. */
export class OnPremWaf extends pulumi.ComponentResource {
    public readonly serviceName: string;

    constructor(name: string, args: OnPremWafArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:edge:OnPremWaf", name, {}, opts);
        const ns = args.namespace;
        const labels = workloadLabels(WAF_NAME, "waf");
        const deps = [...(args.dependsOn ?? [])];
        const config = new k8s.core.v1.ConfigMap(
            `${name}-nginx`,
            { metadata: { name: WAF_NGINX_CONFIGMAP, namespace: ns, labels }, data: { "default.conf.template": nginxTemplate({ ...args, maxBodyMiB: args.waf.maxBodyMiB }) } },
            { parent: this, dependsOn: deps },
        );
        const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-sa`, { metadata: { name: WAF_NAME, namespace: ns, labels }, automountServiceAccountToken: false }, { parent: this, dependsOn: deps });
        new k8s.apps.v1.Deployment(`${name}-deployment`, { metadata: { name: WAF_NAME, namespace: ns, labels }, spec: wafDeploymentSpec({ ...args, maxBodyMiB: args.waf.maxBodyMiB }) }, { parent: this, dependsOn: [config, serviceAccount] });
        new k8s.core.v1.Service(`${name}-service`, { metadata: { name: WAF_NAME, namespace: ns, labels }, spec: wafServiceSpec() }, { parent: this, dependsOn: deps });
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, { metadata: { name: WAF_NAME, namespace: ns, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: wafSelector() } } }, { parent: this, dependsOn: deps });
        // The routes name it from the start; until it exists Traefik refuses them (fails closed).
        new k8s.apiextensions.CustomResource(
            `${name}-rate-limit`,
            {
                apiVersion: "traefik.io/v1alpha1",
                kind: "Middleware",
                metadata: { name: WAF_RATE_LIMIT_MIDDLEWARE, namespace: ns, labels },
                spec: rateLimitSpec(args.waf.rateLimit),
            },
            { parent: this, dependsOn: [args.gatewayChart, ...deps] },
        );
        this.serviceName = WAF_NAME;
        this.registerOutputs({ serviceName: this.serviceName });
    }
}
