/**
 * Redis 7.4 (R-CMP-REDIS, port 6379) from the official image: password, RDB + AOF persistence
 * (R-STO-BACKUP), `noeviction`. With more than one pod, three Sentinels fail the primary over and
 * two HAProxy pods route the `redis` Service to whichever pod reports `role:master`, because
 * Devana and Odin take one REDIS_HOST and speak no Sentinel protocol.
 *
 * Eviction: the API's cache, its sessions and the BullMQ queues (Odin's `request` queue) share the
 * one Redis Devana can address, and BullMQ must never lose a job, so the policy is `noeviction`:
 * when `maxmemory` is reached writes fail loudly instead of jobs or sessions vanishing, and the
 * R-MON alert (memory > 80 % of maxmemory) fires well before. See docs/data-tier.md.
 */
import * as k8s from "../../k8s/sdk";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES } from "../../../config/versions";
import { antiAffinity, type Placement, placementSpec } from "../../k8s/placement";
import { containerSecurityContext, podSecurityContext, resourcesFor, serviceHost, volumeClaimSpec } from "../../k8s/pod-spec";
import { instanceLabels, instanceSelector } from "../../k8s/labels";
import type { Distribution } from "../../../config/defaults";
import type { RedisPlan } from "../../../config/sizing/data";
import { PORTS } from "../../../config/ports";
import { imageFrom, type Mirror } from "../../platform/image-mirror";

/** redis_exporter's default listen port. */
export const REDIS_EXPORTER_PORT = 9121;
export const SENTINEL_PORT = 26379;

/** Odin's BullMQ queue (devana-services.md: queue `request`, prefix `devana:odin`). */
export const ODIN_QUEUE = { prefix: "devana:odin", name: "request" } as const;

/**
 * Redis keys holding Odin's waiting jobs: BullMQ keeps them in the `wait` list and, for jobs with
 * a priority, the `prioritized` sorted set. redis_exporter reports their sizes (`redis_key_size`),
 * which gives the R-MON queue alert its data without a third-party exporter.
 */
export function odinQueueKeys(queue: { readonly prefix: string; readonly name: string } = ODIN_QUEUE): string[] {
    return ["wait", "prioritized"].map((list) => `${queue.prefix}:${queue.name}:${list}`);
}
/** The official image's `redis` user. */
const UID = 999;
/** The haproxy image's `haproxy` user. */
const HAPROXY_UID = 99;
export const MASTER_SET = "devana";
export const EVICTION_POLICY = "noeviction";
/** [eng] Sentinel declares the primary down after 5 s without answers. */
export const DOWN_AFTER_MS = 5000;

export interface RedisArgs {
    readonly namespace: string;
    /** Object names in the cluster. @default "redis" */
    readonly serviceName?: string;
    readonly plan: RedisPlan;
    readonly storageClass: string;
    readonly placement: Placement;
    /** Generated password (REDIS_PASSWORD); a Pulumi secret. */
    readonly password: pulumi.Input<string>;
    /** Protect the StatefulSet (its volumes are retained on delete anyway). @default false */
    readonly protect?: boolean;
    /** Issue 19: the air-gapped registry mirror (`devana:airgap`) every image is pulled from. @default undefined (the source registries) */
    readonly mirror?: Mirror;
    /** R-K8S distribution: on OpenShift the SCC assigns the pods' UID and fsGroup. @default "vanilla" */
    readonly distribution?: Distribution;
}

export interface RedisNames {
    readonly client: string;
    readonly statefulSet: string;
    readonly headless: string;
    readonly sentinel: string;
    readonly sentinelHeadless: string;
    readonly proxy: string;
    readonly secret: string;
    readonly config: string;
}

export function redisNames(serviceName = "redis"): RedisNames {
    return {
        client: serviceName,
        statefulSet: `${serviceName}-data`,
        headless: `${serviceName}-data-headless`,
        sentinel: `${serviceName}-sentinel`,
        sentinelHeadless: `${serviceName}-sentinel-headless`,
        proxy: `${serviceName}-proxy`,
        secret: `${serviceName}-auth`,
        config: `${serviceName}-config`,
    };
}

/** redis.conf without secrets (the password is appended at start from the Secret). */
export function redisConf(plan: RedisPlan): string {
    return [
        `port ${PORTS.redis}`,
        "bind * -::*",
        "protected-mode no",
        "dir /data",
        // R-STO-BACKUP: RDB snapshots plus an fsync-per-second append-only file.
        "save 900 1",
        "save 300 10",
        "save 60 10000",
        "appendonly yes",
        "appendfsync everysec",
        "aof-use-rdb-preamble yes",
        `maxmemory ${plan.maxmemoryMi}mb`,
        `maxmemory-policy ${EVICTION_POLICY}`,
        "replica-read-only yes",
        "replica-serve-stale-data yes",
        "",
    ].join("\n");
}

/** Start script of a Redis pod: primary or replica according to the Sentinels (or pod 0 at bootstrap). */
export const REDIS_START = [
    "set -eu",
    'SELF="$(hostname).$HEADLESS"',
    "cp /config/redis.conf /conf/redis.conf",
    '{ echo "requirepass $REDIS_PASSWORD"; echo "masterauth $REDIS_PASSWORD"; echo "replica-announce-ip $SELF"; } >> /conf/redis.conf',
    'if [ -n "$SENTINELS" ]; then',
    '  MASTER=""',
    "  for h in $SENTINELS; do",
    `    MASTER=$(timeout 5 redis-cli -h "$h" -p ${SENTINEL_PORT} -a "$REDIS_PASSWORD" --no-auth-warning sentinel get-master-addr-by-name "$MASTER_SET" 2>/dev/null | head -n 1 || true)`,
    '    [ -n "$MASTER" ] && break',
    "  done",
    '  [ -n "$MASTER" ] || MASTER="$BOOTSTRAP_MASTER"',
    `  [ "$MASTER" = "$SELF" ] || echo "replicaof $MASTER ${PORTS.redis}" >> /conf/redis.conf`,
    "fi",
    "exec redis-server /conf/redis.conf",
    "",
].join("\n");

/** Start script of a Sentinel: follow the primary the other Sentinels know, else pod 0. */
export const SENTINEL_START = [
    "set -eu",
    'SELF="$(hostname).$SENTINEL_HEADLESS"',
    'MASTER=""',
    "for h in $SENTINELS; do",
    '  [ "$h" = "$SELF" ] && continue',
    `  MASTER=$(timeout 5 redis-cli -h "$h" -p ${SENTINEL_PORT} -a "$REDIS_PASSWORD" --no-auth-warning sentinel get-master-addr-by-name "$MASTER_SET" 2>/dev/null | head -n 1 || true)`,
    '  [ -n "$MASTER" ] && break',
    "done",
    '[ -n "$MASTER" ] || MASTER="$BOOTSTRAP_MASTER"',
    "cat > /conf/sentinel.conf <<EOF",
    `port ${SENTINEL_PORT}`,
    "sentinel resolve-hostnames yes",
    "sentinel announce-hostnames yes",
    "sentinel announce-ip $SELF",
    "requirepass $REDIS_PASSWORD",
    "sentinel sentinel-pass $REDIS_PASSWORD",
    `sentinel monitor $MASTER_SET $MASTER ${PORTS.redis} $QUORUM`,
    "sentinel auth-pass $MASTER_SET $REDIS_PASSWORD",
    `sentinel down-after-milliseconds $MASTER_SET ${DOWN_AFTER_MS}`,
    "sentinel failover-timeout $MASTER_SET 60000",
    "sentinel parallel-syncs $MASTER_SET 1",
    "EOF",
    "exec redis-sentinel /conf/sentinel.conf",
    "",
].join("\n");

/** HAProxy routing to the pod that reports role:master; the password comes from the environment. */
export function redisProxyConfig(hosts: readonly string[]): string {
    return [
        "global",
        "  log stdout format raw local0 info",
        "resolvers cluster",
        "  parse-resolv-conf",
        "  hold valid 5s",
        "defaults",
        "  mode tcp",
        "  log global",
        "  timeout connect 3s",
        // BullMQ workers block on queue commands for long periods: idle must not mean dead.
        "  timeout client 24h",
        "  timeout server 24h",
        "  timeout check 2s",
        "frontend redis",
        `  bind :${PORTS.redis}`,
        "  default_backend primary",
        "backend primary",
        "  option tcp-check",
        "  tcp-check connect",
        '  tcp-check send "AUTH ${REDIS_PASSWORD}\\r\\n"',
        "  tcp-check expect string +OK",
        '  tcp-check send "INFO replication\\r\\n"',
        "  tcp-check expect string role:master",
        '  tcp-check send "QUIT\\r\\n"',
        "  tcp-check expect string +OK",
        // A demoted primary's clients are cut so they reconnect to the new one.
        ...hosts.map((h, i) => `  server redis-${i} ${h}:${PORTS.redis} check inter 1s fall 2 rise 2 resolvers cluster init-addr none on-marked-down shutdown-sessions`),
        "",
    ].join("\n");
}

const hostsOf = (statefulSet: string, headless: string, namespace: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${statefulSet}-${i}.${serviceHost(headless, namespace)}`);

export function redisStatefulSetSpec(args: RedisArgs): k8s.types.input.apps.v1.StatefulSetSpec {
    const names = redisNames(args.serviceName);
    const ns = args.namespace;
    const labels = instanceLabels("redis", names.statefulSet, "cache-queue");
    const selector = instanceSelector("redis", names.statefulSet);
    const replicated = args.plan.sentinels > 0;
    const sentinels = replicated ? hostsOf(names.sentinel, names.sentinelHeadless, ns, args.plan.sentinels).join(" ") : "";
    const exec = { exec: { command: ["sh", "-c", 'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG'] } };
    // Alive while it loads a large AOF/RDB (`-LOADING`): killing it then restarts the load, in a loop.
    // Readiness still waits for PONG, so no client is sent to a loading instance.
    const alive = { exec: { command: ["sh", "-c", 'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping 2>&1 | grep -qE "PONG|LOADING"'] } };
    return {
        serviceName: names.headless,
        replicas: args.plan.dataPods,
        podManagementPolicy: "OrderedReady",
        selector: { matchLabels: selector },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
        template: {
            metadata: { labels: { ...labels, "devana.ai/metrics": "redis" } },
            spec: {
                securityContext: podSecurityContext(UID, args.distribution),
                ...placementSpec(args.placement),
                affinity: antiAffinity(selector, args.plan.spreadRequired),
                containers: [
                    {
                        name: "redis",
                        image: imageFrom(IMAGES.redis, args.mirror?.registry),
                        command: ["sh", "/config/start.sh"],
                        ports: [{ name: "redis", containerPort: PORTS.redis }],
                        env: [
                            { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: names.secret, key: "password" } } },
                            { name: "HEADLESS", value: serviceHost(names.headless, ns) },
                            { name: "SENTINELS", value: sentinels },
                            { name: "MASTER_SET", value: MASTER_SET },
                            { name: "BOOTSTRAP_MASTER", value: hostsOf(names.statefulSet, names.headless, ns, 1)[0] },
                        ],
                        resources: resourcesFor(args.plan),
                        securityContext: containerSecurityContext(),
                        volumeMounts: [
                            { name: "data", mountPath: "/data" },
                            { name: "config", mountPath: "/config", readOnly: true },
                            { name: "conf", mountPath: "/conf" },
                        ],
                        livenessProbe: { ...alive, initialDelaySeconds: 15, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
                        readinessProbe: { ...exec, periodSeconds: 10, timeoutSeconds: 5 },
                    },
                    {
                        // Prometheus scrapes it (PodMonitor on devana.ai/metrics=redis) for the R-MON memory alert.
                        name: "metrics",
                        image: imageFrom(IMAGES.redisExporter, args.mirror?.registry),
                        ports: [{ name: "metrics", containerPort: REDIS_EXPORTER_PORT }],
                        env: [
                            { name: "REDIS_ADDR", value: `redis://localhost:${PORTS.redis}` },
                            { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: names.secret, key: "password" } } },
                            // Exact keys (no SCAN): LLEN/ZCARD of Odin's queue for the R-MON backlog alert.
                            {
                                name: "REDIS_EXPORTER_CHECK_SINGLE_KEYS",
                                value: odinQueueKeys()
                                    .map((k) => `db0=${k}`)
                                    .join(","),
                            },
                        ],
                        resources: { requests: { cpu: "50m", memory: "32Mi" }, limits: { memory: "128Mi" } },
                        securityContext: containerSecurityContext(),
                        readinessProbe: { tcpSocket: { port: "metrics" }, periodSeconds: 15 },
                    },
                ],
                volumes: [
                    {
                        name: "config",
                        configMap: {
                            name: names.config,
                            items: [
                                { key: "redis.conf", path: "redis.conf" },
                                { key: "redis-start.sh", path: "start.sh" },
                            ],
                        },
                    },
                    { name: "conf", emptyDir: {} },
                ],
            },
        },
        volumeClaimTemplates: [
            {
                metadata: { name: "data", labels },
                spec: volumeClaimSpec(args.storageClass, args.plan.diskGi),
            },
        ],
    };
}

export function sentinelStatefulSetSpec(args: RedisArgs): k8s.types.input.apps.v1.StatefulSetSpec {
    const names = redisNames(args.serviceName);
    const ns = args.namespace;
    const labels = instanceLabels("redis-sentinel", names.sentinel, "failover");
    const selector = instanceSelector("redis-sentinel", names.sentinel);
    const exec = { exec: { command: ["sh", "-c", `redis-cli -p ${SENTINEL_PORT} -a "$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG`] } };
    return {
        serviceName: names.sentinelHeadless,
        replicas: args.plan.sentinels,
        // Sentinels find each other through DNS: start them together.
        podManagementPolicy: "Parallel",
        selector: { matchLabels: selector },
        template: {
            metadata: { labels },
            spec: {
                securityContext: podSecurityContext(UID, args.distribution),
                ...placementSpec(args.placement),
                affinity: antiAffinity(selector, args.plan.spreadRequired),
                containers: [
                    {
                        name: "sentinel",
                        image: imageFrom(IMAGES.redis, args.mirror?.registry),
                        command: ["sh", "/config/start.sh"],
                        ports: [{ name: "sentinel", containerPort: SENTINEL_PORT }],
                        env: [
                            { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: names.secret, key: "password" } } },
                            { name: "SENTINEL_HEADLESS", value: serviceHost(names.sentinelHeadless, ns) },
                            { name: "SENTINELS", value: hostsOf(names.sentinel, names.sentinelHeadless, ns, args.plan.sentinels).join(" ") },
                            { name: "MASTER_SET", value: MASTER_SET },
                            { name: "BOOTSTRAP_MASTER", value: hostsOf(names.statefulSet, names.headless, ns, 1)[0] },
                            { name: "QUORUM", value: String(Math.floor(args.plan.sentinels / 2) + 1) },
                        ],
                        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                        securityContext: containerSecurityContext(),
                        volumeMounts: [
                            { name: "config", mountPath: "/config", readOnly: true },
                            { name: "conf", mountPath: "/conf" },
                        ],
                        livenessProbe: { ...exec, initialDelaySeconds: 15, periodSeconds: 15, timeoutSeconds: 5 },
                        readinessProbe: { ...exec, periodSeconds: 10, timeoutSeconds: 5 },
                    },
                ],
                volumes: [
                    { name: "config", configMap: { name: names.config, items: [{ key: "sentinel-start.sh", path: "start.sh" }] } },
                    { name: "conf", emptyDir: {} },
                ],
            },
        },
    };
}

export function proxyDeploymentSpec(args: RedisArgs): k8s.types.input.apps.v1.DeploymentSpec {
    const names = redisNames(args.serviceName);
    const labels = instanceLabels("redis-proxy", names.proxy, "primary-router");
    const selector = instanceSelector("redis-proxy", names.proxy);
    return {
        replicas: 2,
        selector: { matchLabels: selector },
        template: {
            metadata: { labels },
            spec: {
                securityContext: podSecurityContext(HAPROXY_UID, args.distribution),
                ...placementSpec(args.placement),
                affinity: antiAffinity(selector, false),
                containers: [
                    {
                        name: "haproxy",
                        image: imageFrom(IMAGES.haproxy, args.mirror?.registry),
                        ports: [{ name: "redis", containerPort: PORTS.redis }],
                        env: [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: names.secret, key: "password" } } }],
                        resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                        securityContext: containerSecurityContext(),
                        volumeMounts: [{ name: "config", mountPath: "/usr/local/etc/haproxy", readOnly: true }],
                        livenessProbe: { tcpSocket: { port: PORTS.redis }, periodSeconds: 10 },
                        readinessProbe: { tcpSocket: { port: PORTS.redis }, periodSeconds: 5 },
                    },
                ],
                volumes: [{ name: "config", configMap: { name: names.config, items: [{ key: "haproxy.cfg", path: "haproxy.cfg" }] } }],
            },
        },
    };
}

/** Redis with persistence, and Sentinel failover behind a primary-routing proxy when replicated. */
export class Redis extends pulumi.ComponentResource {
    /** REDIS_HOST for Devana and Odin. */
    public readonly host: string;
    public readonly port: number;
    /** Secret holding the password under key `password`. */
    public readonly passwordSecretName: string;

    constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:data:Redis", name, {}, opts);
        const names = redisNames(args.serviceName);
        const ns = args.namespace;
        const replicated = args.plan.sentinels > 0;
        const labels = instanceLabels("redis", names.statefulSet, "cache-queue");

        const secret = new k8s.core.v1.Secret(`${name}-auth`, { metadata: { name: names.secret, namespace: ns, labels }, type: "Opaque", stringData: { password: args.password } }, { parent: this });
        const data: Record<string, string> = { "redis.conf": redisConf(args.plan), "redis-start.sh": REDIS_START };
        if (replicated) {
            data["sentinel-start.sh"] = SENTINEL_START;
            data["haproxy.cfg"] = redisProxyConfig(hostsOf(names.statefulSet, names.headless, ns, args.plan.dataPods));
        }
        const config = new k8s.core.v1.ConfigMap(`${name}-config`, { metadata: { name: names.config, namespace: ns, labels }, data }, { parent: this });
        const headless = new k8s.core.v1.Service(
            `${name}-data-headless`,
            {
                metadata: { name: names.headless, namespace: ns, labels },
                // Replication and Sentinel address pods by name before they are ready.
                spec: { clusterIP: "None", publishNotReadyAddresses: true, selector: instanceSelector("redis", names.statefulSet), ports: [{ name: "redis", port: PORTS.redis, targetPort: "redis" }] },
            },
            { parent: this },
        );
        const dataSet = new k8s.apps.v1.StatefulSet(
            `${name}-data`,
            { metadata: { name: names.statefulSet, namespace: ns, labels }, spec: redisStatefulSetSpec(args) },
            { parent: this, dependsOn: [secret, config, headless], protect: args.protect ?? false },
        );

        let clientSelector = instanceSelector("redis", names.statefulSet);
        if (replicated) {
            const sentinelLabels = instanceLabels("redis-sentinel", names.sentinel, "failover");
            const sentinelHeadless = new k8s.core.v1.Service(
                `${name}-sentinel-headless`,
                {
                    metadata: { name: names.sentinelHeadless, namespace: ns, labels: sentinelLabels },
                    spec: {
                        clusterIP: "None",
                        publishNotReadyAddresses: true,
                        selector: instanceSelector("redis-sentinel", names.sentinel),
                        ports: [{ name: "sentinel", port: SENTINEL_PORT, targetPort: "sentinel" }],
                    },
                },
                { parent: this },
            );
            new k8s.apps.v1.StatefulSet(`${name}-sentinel`, { metadata: { name: names.sentinel, namespace: ns, labels: sentinelLabels }, spec: sentinelStatefulSetSpec(args) }, { parent: this, dependsOn: [dataSet, sentinelHeadless] });
            new k8s.apps.v1.Deployment(
                `${name}-proxy`,
                { metadata: { name: names.proxy, namespace: ns, labels: instanceLabels("redis-proxy", names.proxy, "primary-router") }, spec: proxyDeploymentSpec(args) },
                { parent: this, dependsOn: [dataSet, config] },
            );
            for (const [suffix, selector] of [
                ["data", instanceSelector("redis", names.statefulSet)],
                ["sentinel", instanceSelector("redis-sentinel", names.sentinel)],
                ["proxy", instanceSelector("redis-proxy", names.proxy)],
            ] as const) {
                // Node drains take one pod at a time: quorum and a primary candidate survive.
                new k8s.policy.v1.PodDisruptionBudget(`${name}-${suffix}-pdb`, { metadata: { name: `${names.client}-${suffix}`, namespace: ns, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } }, { parent: this });
            }
            clientSelector = instanceSelector("redis-proxy", names.proxy);
        }
        new k8s.core.v1.Service(`${name}-service`, { metadata: { name: names.client, namespace: ns, labels }, spec: { selector: clientSelector, ports: [{ name: "redis", port: PORTS.redis, targetPort: "redis" }] } }, { parent: this });
        this.host = serviceHost(names.client, ns);
        this.port = PORTS.redis;
        this.passwordSecretName = names.secret;
        this.registerOutputs({ host: this.host, port: this.port, passwordSecretName: this.passwordSecretName });
    }
}
