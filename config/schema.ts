/**
 * The zod schema of every `devana:*` configuration key. Each key is parsed on its own so that one
 * bad key does not hide the problems of the others; cross-key rules live in `resolve/`.
 */
import { z } from "zod";
import * as ec2Enums from "@pulumi/aws/types/enums/ec2";
import { parseCidr } from "./cidr";
import {
    DEFAULT_BACKUP_RETENTION_DAYS,
    DEFAULT_IMAGE_PULL_SECRET,
    DEFAULT_IMAGE_REGISTRY,
    DEFAULT_KUBERNETES_VERSION,
    DEFAULT_LONGHORN_NAMESPACE,
    DEFAULT_METALLB_NAMESPACE,
    DEFAULT_NETWORK,
    DEFAULT_ONPREM_PROVISIONER,
    DEFAULT_RPO_MINUTES,
    DEFAULT_S3_REGION,
    DEFAULT_WAF_MAX_BODY_MIB,
    DEFAULT_WAF_RATE_LIMIT,
    DEFAULT_WEEKLY_RETENTION_DAYS,
    CLUSTER_SCOPES,
    DISTRIBUTIONS,
    ENVIRONMENTS,
    MAX_RPO_MINUTES,
    MIN_AUDIT_RETENTION_DAYS,
    MIN_BACKUP_RETENTION_DAYS,
    MIN_KUBERNETES_VERSION,
    TARGETS,
    TIERS,
} from "./defaults";
import { CLOUD_LLM_PROVIDERS, GPU_KINDS } from "./models";
import { COMPONENTS, type Component } from "./tiers";

const cidr = z.string().superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
    }
});

/** "1.33" as a comparable number pair; YAML turns an unquoted 1.30 into "1.3", caught here too. */
export function compareKubernetesVersions(a: string, b: string): number {
    const [aMajor, aMinor] = a.split(".").map(Number);
    const [bMajor, bMinor] = b.split(".").map(Number);
    return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

const kubernetesVersion = z
    .string()
    .regex(/^1\.\d{1,2}$/, { error: 'expected MAJOR.MINOR such as "1.33" (quote it in YAML)' })
    .refine((v) => compareKubernetesVersions(v, MIN_KUBERNETES_VERSION) >= 0, {
        error: (issue) => `${String(issue.input)} is below the supported minimum ${MIN_KUBERNETES_VERSION} (R-K8S)` + (String(issue.input).length === 3 ? "; an unquoted YAML number such as 1.30 reads as 1.3, quote it" : ""),
    });

const awsRegion = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, { error: "expected an AWS region such as eu-west-3" });

const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const domainName = z
    .string()
    .max(253)
    .refine((d) => d.split(".").length >= 2 && d.split(".").every((label) => dnsLabel.test(label)), {
        error: "expected a lower-case DNS name such as devana.example.com",
    });

/** Kubernetes label key: optional DNS-subdomain prefix, then a name of 63 characters at most. */
const labelKey = z.string().regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, {
    error: "not a valid Kubernetes label key",
});
const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, {
    error: "not a valid Kubernetes label value",
});

const taint = z.strictObject({
    key: labelKey,
    value: labelValue.default(""),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
});

const gpu = z.strictObject({
    kind: z.enum(GPU_KINDS),
    count: z.int().min(1).max(16),
});

const pool = z.strictObject({
    /** Cloud machine size (EC2 instance type or Azure VM size); not used on-prem. */
    machineType: z.string().min(1).optional(),
    /** Labels that select the pool's nodes; on-prem these are the customer's existing labels. */
    nodeLabels: z.record(labelKey, labelValue).optional(),
    taints: z.array(taint).optional(),
    /** GPUs per node; inferred from known cloud machine types. */
    gpu: gpu.optional(),
    minSize: z.int().min(0).optional(),
    maxSize: z.int().min(1).optional(),
    desiredSize: z.int().min(0).optional(),
    /**
     * Zones of this pool only, a subset of the stack's (AWS AZ names, Azure zone numbers): a GPU
     * type is often offered in fewer zones than the rest (issue 15).
     */
    availabilityZones: z.array(z.string().min(1)).min(1).optional(),
});
export type PoolInput = z.infer<typeof pool>;

/** A release tag or digest; never `latest` (the vendor's examples use it, production must not). */
const imageTag = z
    .string()
    .regex(/^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$/, { error: "not a valid image tag or sha256 digest" })
    .refine((tag) => tag.toLowerCase() !== "latest", {
        error: "`latest` is not reproducible: pin the release tag (or sha256 digest) the vendor gave you",
    });

const sizeOverride = z.strictObject({
    cpu: z.number().positive().optional(),
    memoryGi: z.number().positive().optional(),
    diskGi: z.int().positive().optional(),
    replicas: z.int().min(1).optional(),
    maxReplicas: z.int().min(1).optional(),
    gpu: z.int().min(0).optional(),
});

const httpsUrl = z.url({ protocol: /^https$/, error: "expected an https:// URL (R-SEC-TLS)" });

/** One PEM certificate block: base64 body between the BEGIN/END CERTIFICATE lines. */
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END CERTIFICATE-----/g;
/** True when the text is one or more PEM certificates and nothing else (whitespace aside). */
export function isPemBundle(text: string): boolean {
    const blocks = text.match(PEM_CERTIFICATE) ?? [];
    return blocks.length > 0 && text.replace(PEM_CERTIFICATE, "").trim() === "";
}
/** Issue 18: the customer's CA certificates (their PKI signs LDAPS, S3, proxy and replication endpoints). */
const pemBundle = z.string().refine(isPemBundle, {
    error: "expected one or more PEM certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----) and nothing else: no private key, no DER",
});

/**
 * Issue 18: the customer's outbound proxy, `http://HOST:PORT` (CONNECT tunnels HTTPS through it).
 * No credentials in the URL: NO_PROXY and HTTPS_PROXY are plain container variables.
 */
const proxyUrl = z
    .url({ protocol: /^https?$/, error: "expected a proxy URL such as http://proxy.example.internal:3128" })
    .refine(
        (u) => {
            const url = new URL(u);
            return url.username === "" && url.password === "";
        },
        { error: "no credentials in the proxy URL: they would be stored in clear in the pods' environment" },
    )
    .refine(
        (u) => {
            const url = new URL(u);
            return url.pathname === "/" && url.search === "" && url.hash === "";
        },
        { error: "expected scheme, host and port only (http://HOST:PORT)" },
    );
/** An IPv4 address or CIDR block; a lone address means /32. */
const ipOrCidr = z.preprocess((v) => (typeof v === "string" && /^\d{1,3}(\.\d{1,3}){3}$/.test(v) ? `${v}/32` : v), cidr);

/** CSI driver name as StorageClasses spell it (`driver.longhorn.io`, `rook-ceph.rbd.csi.ceph.com`). */
const csiProvisioner = z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?)?$/, {
    error: "expected a CSI driver name such as driver.longhorn.io",
});
const storageClassOverride = z
    .strictObject({
        provisioner: csiProvisioner.optional(),
        parameters: z.record(z.string().min(1), z.string()).optional(),
        /** The class already exists under its R-STO name (kind ships `standard`): use it, create nothing. */
        existing: z.boolean().default(false),
        /** For an existing class: how it encrypts at rest (driver, keys); recorded for the policy pack (R-SEC-REST). */
        encryptionAtRest: z.string().min(20, { error: "describe how the class encrypts at rest (driver and key management) in a sentence" }).optional(),
    })
    .refine((c) => !(c.existing && (c.provisioner || c.parameters)), { error: "an existing class is used as it is: drop provisioner/parameters or existing" });
const metallbAddress = z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2}|-\d{1,3}(\.\d{1,3}){3})|[0-9a-fA-F:]+\/\d{1,3})$/, {
    error: "expected a CIDR (10.0.1.240/28) or a range (10.0.1.240-10.0.1.250)",
});
/** Issue 16: an IAM role ARN (the pipeline's OIDC roles, break-glass). */
const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: "expected an IAM role ARN" });
/** Management's NACL holds 9 inbound rules of its own; AWS allows 20 per direction by default. */
export const MAX_DEPLOYER_CIDRS = 11;
/** Issue 16: an ARM resource id of a virtual network. */
const vnetResourceId = z.string().regex(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.()-]+\/providers\/Microsoft\.Network\/virtualNetworks\/[\w.-]+$/i, {
    error: "expected a virtual network id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>",
});
const s3Bucket = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "not a valid S3 bucket name" });

/**
 * Issue 17: where alerts go. Channels name their credential key (a secret), never hold it; each
 * receiver is a set of channels; routes send each severity (and the Watchdog) to one receiver.
 */
const alertReceiverId = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, { error: "expected a receiver name such as oncall (lower case, digits, dashes)" });
const alertReceiver = z
    .strictObject({
        /** Addresses, through `alerting.smtp`. */
        email: z.array(z.email()).min(1).optional(),
        /** POST of Alertmanager's JSON to the URL in devana:alertWebhookUrl. */
        webhook: z.literal(true).optional(),
        /** Slack incoming webhook in devana:alertSlackWebhookUrl. */
        slack: z.strictObject({ channel: z.string().regex(/^#[a-z0-9._-]{1,80}$/, { error: "expected a Slack channel such as #devana-alerts" }) }).optional(),
        /** Microsoft Teams Workflows webhook in devana:alertTeamsWebhookUrl. */
        teams: z.literal(true).optional(),
        /** PagerDuty Events API v2 integration key in devana:alertPagerDutyRoutingKey. */
        pagerduty: z.literal(true).optional(),
        /** Opsgenie API key in devana:alertOpsgenieApiKey; `region` picks the API host. */
        opsgenie: z.strictObject({ region: z.enum(["eu", "us"]).default("eu") }).optional(),
        /** Dead man's switch: the Watchdog's heartbeat to the URL in devana:alertHeartbeatUrl (its receiver only). */
        heartbeat: z.literal(true).optional(),
    })
    .refine((r) => Object.values(r).some((v) => v !== undefined), { error: "a receiver needs at least one channel (email, webhook, slack, teams, pagerduty, opsgenie, heartbeat)" });

/** One schema per configuration key (without the `devana:` namespace). */
export const KEY_SCHEMAS = {
    target: z.enum(TARGETS),
    environment: z.enum(ENVIRONMENTS),
    tier: z.enum(TIERS),
    kubernetesVersion: kubernetesVersion.default(DEFAULT_KUBERNETES_VERSION),
    network: z
        .strictObject({
            cidr: cidr.default(DEFAULT_NETWORK.cidr),
            zones: z
                .strictObject({
                    dmz: cidr.default(DEFAULT_NETWORK.zones.dmz),
                    app: cidr.default(DEFAULT_NETWORK.zones.app),
                    services: cidr.default(DEFAULT_NETWORK.zones.services),
                    data: cidr.default(DEFAULT_NETWORK.zones.data),
                    ai: cidr.default(DEFAULT_NETWORK.zones.ai),
                    management: cidr.default(DEFAULT_NETWORK.zones.management),
                })
                .prefault({}),
        })
        .prefault({}),
    nodePools: z
        .strictObject({
            compute: pool.optional(),
            services: pool.optional(),
            gpuLlm: pool.optional(),
            gpuEmbed: pool.optional(),
            data: pool.optional(),
            management: pool.optional(),
        })
        .prefault({}),
    llm: z.strictObject({
        scenario: z.enum(["cloud", "selfhosted", "hybrid"]),
        /** Self-hosted chat model, an id of the R-LLM catalogue. */
        model: z.string().optional(),
        /** Self-hosted (catalogue id) or, in the cloud scenario, a cloud embedding model. */
        embeddingModel: z.string().optional(),
        /** Cloud provider for the cloud scenario and the hybrid fallback. */
        cloudProvider: z.enum(CLOUD_LLM_PROVIDERS).optional(),
        cloudModel: z.string().min(1).optional(),
        /** Replicas of the self-hosted chat model; default: as many as the gpuLlm pool's minSize nodes hold. */
        chatReplicas: z.int().min(1).optional(),
    }),
    domain: domainName,
    tls: z.discriminatedUnion("mode", [
        z.strictObject({
            mode: z.literal("acme"),
            email: z.email(),
            server: z.enum(["production", "staging"]).default("production"),
            /** Issue 18: CA certificates (PEM) Devana's pods and backup jobs trust besides the public roots. @default none */
            extraTrustedCAs: pemBundle.optional(),
        }),
        z.strictObject({
            mode: z.literal("internal-ca"),
            commonName: z.string().min(1).default("Devana Internal Root CA"),
            validityDays: z.int().min(365).max(7300).default(3650),
            /** Issue 18: CA certificates (PEM) trusted besides the internal root, appended to its bundle. @default none */
            extraTrustedCAs: pemBundle.optional(),
        }),
    ]),
    /**
     * Issue 18: the customer's outbound proxy (on-prem). The API, Odin and vLLM reach the internet
     * (licence server, cloud LLM APIs, Hugging Face) only through it; NetworkPolicies admit egress to
     * its `addresses` and port instead of public 443.
     */
    proxy: z
        .strictObject({
            /** Proxy for https:// destinations (HTTPS_PROXY): everything Devana reaches outside is HTTPS. */
            https: proxyUrl,
            /** Proxy for http:// destinations (HTTP_PROXY). @default the `https` proxy */
            http: proxyUrl.optional(),
            /** Extra NO_PROXY entries (hosts, domains, CIDRs), after the ones always set. @default [] */
            noProxy: z.array(z.string().regex(/^[A-Za-z0-9.*:/_-]+$/, { error: "expected a host, .domain, IP or CIDR" })).default([]),
            /**
             * The proxy's addresses (IPs or CIDRs): NetworkPolicies match addresses, not names, so a
             * proxy URL with a DNS name needs them. @default [] (the URLs' IP addresses)
             */
            addresses: z.array(ipOrCidr).default([]),
        })
        .optional(),
    sso: z
        .strictObject({
            oidc: z
                .strictObject({
                    issuer: httpsUrl,
                    clientId: z.string().min(1),
                    scopes: z.string().default("openid profile email"),
                })
                .optional(),
            ldap: z
                .strictObject({
                    url: z.string().regex(/^ldaps:\/\/[^\s]+$/, { error: "expected an ldaps:// URL: plain LDAP sends credentials in clear (R-SEC-TLS)" }),
                    bindDn: z.string().min(1),
                    searchBase: z.string().min(1),
                    searchFilter: z.string().default("(sAMAccountName={{username}})"),
                })
                .optional(),
            azureAd: z
                .strictObject({
                    tenantId: z.uuid(),
                    clientId: z.uuid(),
                    onPremUrl: httpsUrl.optional(),
                    roles: z.string().optional(),
                })
                .optional(),
            /** Accepted only to explain where SAML goes; see resolve/security.ts. */
            saml: z.unknown().optional(),
        })
        .prefault({}),
    audit: z
        .strictObject({
            retentionDays: z
                .int()
                .min(MIN_AUDIT_RETENTION_DAYS, { error: `must be at least ${MIN_AUDIT_RETENTION_DAYS} days (R-SEC-AUDIT: one year)` })
                .default(MIN_AUDIT_RETENTION_DAYS),
        })
        .prefault({}),
    alerting: z
        .strictObject({
            /** SMTP relay of the e-mail channels; its password is devana:alertSmtpPassword when `username` is set. */
            smtp: z
                .strictObject({
                    smarthost: z.string().regex(/^[a-z0-9.-]+:\d{1,5}$/, { error: "expected HOST:PORT such as smtp.example.com:587" }),
                    from: z.email(),
                    username: z.string().min(1).optional(),
                    /** STARTTLS required (R-SEC-TLS); false only for a relay inside the cluster's network. */
                    requireTls: z.boolean().default(true),
                })
                .optional(),
            receivers: z.record(alertReceiverId, alertReceiver).default({}),
            routes: z
                .strictObject({
                    critical: alertReceiverId.optional(),
                    warning: alertReceiverId.optional(),
                    /** The always-firing Watchdog, to its own receiver, so a silent Alertmanager is noticed. */
                    watchdog: alertReceiverId.optional(),
                })
                .prefault({}),
            /** How often a still-firing alert is sent again. */
            repeatInterval: z
                .string()
                .regex(/^\d+[mh]$/, { error: "expected a duration such as 4h or 30m" })
                .default("4h"),
        })
        .prefault({}),
    backup: z
        .strictObject({
            rpoMinutes: z
                .int()
                .min(1)
                .max(MAX_RPO_MINUTES, { error: `must be at most ${MAX_RPO_MINUTES} minutes (R-STO-BACKUP: RPO < 15 min)` })
                .default(DEFAULT_RPO_MINUTES),
            retentionDays: z.int().min(MIN_BACKUP_RETENTION_DAYS).default(DEFAULT_BACKUP_RETENTION_DAYS),
            /** Weekly snapshots / earlier versions of user files are kept this long (vendor: weekly backups kept 90 days). */
            weeklyRetentionDays: z.int().min(7, { error: "must be at least 7 days: one weekly snapshot (R-STO-BACKUP)" }).default(DEFAULT_WEEKLY_RETENTION_DAYS),
        })
        .prefault({}),
    /** R-K8S distribution of an on-prem cluster; EKS and AKS are distributions of their own. */
    distribution: z.enum(DISTRIBUTIONS).default("vanilla"),
    /** R-SEC-ZONES: a WAF in the DMZ in front of the gateway. `true`/`false` is short for `{ enabled }`. */
    waf: z.preprocess(
        (v) => (typeof v === "boolean" ? { enabled: v } : v),
        z
            .strictObject({
                /** @default true in prod */
                enabled: z.boolean().optional(),
                /** On-prem: the customer's WAF in front of the gateway, or an in-cluster WAF on the gateway. */
                onprem: z.enum(["customer", "in-cluster"]).default("customer"),
                /** Rate-based rule: requests per client IP over 5 minutes before blocking. */
                rateLimit: z.int().min(100).max(2_000_000_000).default(DEFAULT_WAF_RATE_LIMIT),
                /** Largest request body the WAF lets through (document uploads), MiB. */
                maxBodyMiB: z.int().min(1).max(4000).default(DEFAULT_WAF_MAX_BODY_MIB),
                /** On-prem with the customer's WAF: its addresses, whose X-Forwarded-For the gateway keeps. */
                trustedProxies: z.array(cidr).default([]),
            })
            .prefault({}),
    ),
    /** Bootstrap the database from the backups instead of empty (docs/data-tier.md, PITR runbook). */
    restore: z
        .strictObject({
            postgres: z
                .strictObject({
                    /** Backup folder (server name) to recover from: the old cluster's name. */
                    sourceServerName: z.string().regex(dnsLabel, { error: "expected the old cluster's name, such as devana-pg" }),
                    /** Recover up to this instant (RFC 3339 with offset); the end of the archived WAL when unset. */
                    targetTime: z.iso.datetime({ offset: true, error: "expected an RFC 3339 time with offset, such as 2026-11-26T03:14:00Z" }).optional(),
                    /** Backup folder the restored cluster archives to: a new one, never the source's. */
                    archiveAs: z.string().regex(dnsLabel, { error: "expected a server name such as devana-pg-r1" }),
                })
                .refine((r) => r.sourceServerName !== r.archiveAs, {
                    error: "archiveAs must differ from sourceServerName: the restored cluster would write over the backups it recovers from",
                }),
        })
        .optional(),
    images: z.strictObject({
        registry: z
            .string()
            .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, { error: "expected a registry host such as registry.devana.ai" })
            .default(DEFAULT_IMAGE_REGISTRY),
        pullSecret: z.string().regex(dnsLabel, { error: "expected a Kubernetes Secret name" }).default(DEFAULT_IMAGE_PULL_SECRET),
        tags: z.strictObject({ api: imageTag, frontend: imageTag, odin: imageTag }),
    }),
    /**
     * Issue 19: an air-gapped install. Every image from `registry` (same path and tag, the source
     * host dropped), charts from `chartRepository`, model weights from `modelSource`, never the internet.
     */
    airgap: z
        .strictObject({
            registry: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, { error: "expected a registry host and optional path such as registry.example.internal:5000/devana" }),
            chartRepository: z
                .string()
                .regex(/^(oci:\/\/[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*|\/[^\s]*|\.{1,2}\/[^\s]*)$/, { error: "expected an oci:// path or a local folder (absolute, or relative as ./charts)" })
                .optional(),
            modelSource: z
                .union(
                    [
                        z.strictObject({
                            /** A claim in the AI namespace pre-seeded with one folder per Hugging Face repository (`<org>/<name>/`). */
                            pvc: z.string().regex(dnsLabel, { error: "expected a PersistentVolumeClaim name" }),
                        }),
                        z.strictObject({
                            s3: z.strictObject({
                                endpoint: httpsUrl,
                                bucket: s3Bucket,
                                /** Folder above the `<org>/<name>/` folders. */
                                prefix: z
                                    .string()
                                    .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { error: "expected a path such as models/hf" })
                                    .optional(),
                                region: z.string().default("us-east-1"),
                                /** Secret in the AI namespace with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (read-only on the bucket). */
                                credentialsSecret: z.string().regex(dnsLabel, { error: "expected a Kubernetes Secret name" }),
                            }),
                        }),
                    ],
                    { error: "expected { pvc: <claim> } or { s3: { endpoint, bucket, credentialsSecret } }" },
                )
                .optional(),
        })
        .optional(),
    protect: z.boolean().optional(),
    sizing: z.strictObject(Object.fromEntries(COMPONENTS.map((c) => [c, sizeOverride.optional()])) as Record<Component, z.ZodOptional<typeof sizeOverride>>).prefault({}),
    aws: z.strictObject({
        region: awsRegion,
        /** R-STO-BACKUP geo-replication: user files and backups are replicated to this region (its own KMS key). */
        replicaRegion: awsRegion.optional(),
        availabilityZones: z.array(z.string()).length(3, { error: "give exactly 3 availability zones: every zone of R-NET-ZONES is split across 3 AZs" }),
        /**
         * The AZ IDs (euw3-az1) of those AZ names in this account, same order: names map to IDs
         * differently per account, and offerings are per AZ ID (`aws ec2 describe-availability-zones`).
         */
        availabilityZoneIds: z
            .array(z.string().regex(/^[a-z]+\d+-az\d+$/, { error: "expected an AZ ID such as euw3-az1" }))
            .length(3, { error: "give the 3 AZ IDs of aws.availabilityZones, in the same order" })
            .optional(),
        /**
         * Pod address space (VPC secondary CIDR, VPC CNI custom networking): the /24 zones cannot hold
         * enterprise pod counts. Must be in 100.64.0.0/10 or 198.19.0.0/16 (allowed next to a 10/8 VPC).
         */
        podCidr: cidr.default("100.64.0.0/16").refine((c) => /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(c) || c.startsWith("198.19."), {
            error: "expected a block inside 100.64.0.0/10 or 198.19.0.0/16 (VPC secondary CIDR for pods)",
        }),
        /** NAT gateways: one per AZ (survives an AZ outage) or a single one. @default perAz in prod, single elsewhere */
        natGateways: z.enum(["perAz", "single"]).optional(),
        /** EKS API endpoint: private (default) or also public, then only from the listed egress ranges. */
        apiEndpoint: z
            .strictObject({
                public: z.boolean().default(false),
                publicAccessCidrs: z.array(cidr).default([]),
            })
            .refine((a) => !a.public || a.publicAccessCidrs.length > 0, {
                error: "a public API endpoint needs publicAccessCidrs (the admins' and CI's egress ranges)",
            })
            .refine((a) => !a.publicAccessCidrs.includes("0.0.0.0/0"), { error: "0.0.0.0/0 opens the API endpoint to the Internet" })
            .prefault({}),
        /** IAM users or roles granted cluster admin through EKS access entries (the deployer is added by EKS). */
        adminPrincipalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, { error: "expected an IAM role or user ARN" })).default([]),
        /**
         * Issue 16: where `pulumi up`, previews and drift checks run from (self-hosted runners, the
         * admins' VPN), reached through the customer's Transit Gateway. Exactly TCP 443 to the EKS API
         * is opened to these ranges (cluster security group and Management NACL); nothing else.
         */
        deployer: z
            .strictObject({
                cidrs: z
                    .array(cidr.refine((c) => !c.endsWith("/0"), { error: "0.0.0.0/0 is not a deploy location: give the runners' and VPN's ranges" }))
                    .max(MAX_DEPLOYER_CIDRS, { error: `at most ${MAX_DEPLOYER_CIDRS} ranges: the Management NACL holds 20 inbound rules` })
                    .default([]),
                transitGatewayId: z
                    .string()
                    .regex(/^tgw-[0-9a-f]{8,17}$/, { error: "expected a Transit Gateway id such as tgw-0123456789abcdef0" })
                    .optional(),
            })
            .prefault({}),
        /** Issue 16: the IAM roles of the pipeline and the break-glass role, each with its own EKS access entry. */
        access: z
            .strictObject({
                /** The deploy workflow's OIDC role: cluster admin through an explicit access entry (no implicit creator entry). */
                deployRoleArn: iamRoleArn.optional(),
                /** The preview and drift role: reads every object, Secrets included (AmazonEKSAdminViewPolicy). */
                previewRoleArn: iamRoleArn.optional(),
                /** Break-glass role (MFA, alarmed in CloudTrail): cluster admin when SSO or the pipeline is down. */
                breakGlassRoleArn: iamRoleArn.optional(),
            })
            .prefault({}),
        /** The AWS account to deploy to: the provider refuses any other, and bucket names include it (globally unique). */
        accountId: z
            .string()
            .regex(/^\d{12}$/, { error: "expected a 12-digit AWS account id (quote it in YAML)" })
            .optional(),
        /** ACM certificate for a TLS listener on the gateway's NLB; without it the NLB passes TCP through to the gateway. */
        certificateArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[a-f0-9-]+$/, { error: "expected an ACM certificate ARN" })
            .optional(),
    }),
    azure: z.strictObject({
        location: z.string().regex(/^[a-z0-9]+$/, { error: "expected an Azure location such as francecentral" }),
        availabilityZones: z
            .array(z.enum(["1", "2", "3"]))
            .min(1)
            .default(["1", "2", "3"]),
        /** AKS API server: private (default) or public, then only from the authorized ranges. */
        apiServer: z
            .strictObject({
                public: z.boolean().default(false),
                authorizedIpRanges: z.array(cidr).default([]),
                /**
                 * Issue 16: bring-your-own private DNS zone `privatelink.<location>.azmk8s.io` (ARM id),
                 * usually the hub's, already linked to the hub VNet; the cluster identity gets Private
                 * DNS Zone Contributor on it. @default the program creates one, linked to the VNet and the hub
                 */
                privateDnsZoneId: z
                    .string()
                    .regex(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.()-]+\/providers\/Microsoft\.Network\/privateDnsZones\/([a-z0-9-]+\.)?privatelink\.[a-z0-9]+\.azmk8s\.io$/i, {
                        error: "expected the id of a private DNS zone named privatelink.<location>.azmk8s.io (or <sub>.privatelink.<location>.azmk8s.io)",
                    })
                    .optional(),
            })
            .refine((a) => !a.public || a.authorizedIpRanges.length > 0, {
                error: "a public API server needs authorizedIpRanges (the admins' egress ranges); an empty list would open it to the Internet",
            })
            .refine((a) => !(a.public && a.privateDnsZoneId), { error: "privateDnsZoneId applies to a private API server only" })
            .prefault({}),
        /** /28 (or larger) delegated to the AKS API server (VNet integration; needed for KMS with a private Key Vault). */
        apiServerSubnet: cidr.default("10.0.98.0/28"),
        /** Issue 20: the VNet's second prefix, one pod subnet per node zone; must not overlap devana:network.cidr. */
        podCidr: cidr.default("10.244.0.0/16"),
        /** Kubernetes Service range; must not overlap the VNet or the pod range (AKS' own default 10.0.0.0/16 collides with R-NET). */
        serviceCidr: cidr.default("172.16.0.0/16"),
        /** Entra ID groups made cluster admins (Azure RBAC for Kubernetes). */
        adminGroupObjectIds: z.array(z.uuid()).default([]),
        /**
         * Issue 16: the hub the deploy runners and admins sit in. The program peers the VNet with it
         * (both directions unless `peerFromHub` is false) and links the API server's private DNS zone to it.
         */
        hub: z
            .strictObject({
                vnetId: vnetResourceId,
                /** Create the hub-to-spoke peering too (the deploy identity needs peering rights on the hub VNet). */
                peerFromHub: z.boolean().default(true),
                /** Send traffic to on-premises through the hub's VPN / ExpressRoute gateway. */
                useRemoteGateways: z.boolean().default(false),
            })
            .optional(),
        /** Issue 16: Entra ID principals (object ids) of the pipeline and break-glass; the deploy identity is the one running Pulumi. */
        access: z
            .strictObject({
                /** The preview and drift identity: reads every object, Secrets included, and fetches the user kubeconfig. */
                previewObjectId: z.uuid().optional(),
                /** Break-glass Entra ID group (membership activated through PIM): cluster admin when the pipeline or the admin groups fail. */
                breakGlassGroupObjectId: z.uuid().optional(),
            })
            .prefault({}),
        /** How kubelogin authenticates the Pulumi run against the Entra ID cluster. */
        kubeLogin: z.enum(["azurecli", "workloadidentity", "msi", "spn"]).default("azurecli"),
        /** Gateway load balancer: internal frontend in the DMZ subnet (behind the customer's WAF / Front Door), or a public IP. */
        gatewayExposure: z.enum(["internal", "public"]).default("internal"),
        /** Devana's blob access: workload identity (no key; shared keys off) or an account key in a Kubernetes Secret. */
        blobAuth: z.enum(["workloadIdentity", "accountKey"]).default("workloadIdentity"),
        /** Encryption at host: disk caches with the customer key, temp disks with platform keys (subscription feature EncryptionAtHost). */
        encryptionAtHost: z.boolean().default(true),
        /** Blob redundancy; R-STO-BACKUP asks geo-replication for the object store. */
        storageSku: z.enum(["Standard_GZRS", "Standard_RAGZRS", "Standard_ZRS", "Standard_GRS", "Standard_LRS"]).default("Standard_GZRS"),
        /** TLS certificate of the Application Gateway WAF's listener: a versionless Key Vault secret id (PFX). */
        wafCertificateSecretId: z
            .url({ protocol: /^https$/, hostname: /\.vault\.azure\.net$/, error: "expected a Key Vault secret id such as https://kv-name.vault.azure.net/secrets/devana-tls" })
            .refine((u) => /^https:\/\/[^/]+\/secrets\/[A-Za-z0-9-]+\/?$/.test(u), { error: "expected a versionless secret id (https://<vault>.vault.azure.net/secrets/<name>) so certificate renewals are picked up" })
            .optional(),
        /**
         * Issue 16: ARM id of the customer's Key Vault holding `wafCertificateSecretId`: the program
         * grants the gateway's identity Key Vault Secrets User on the secret before the gateway, in the same run.
         */
        wafCertificateVaultId: z
            .string()
            .regex(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.()-]+\/providers\/Microsoft\.KeyVault\/vaults\/[A-Za-z0-9-]{3,24}$/i, {
                error: "expected a Key Vault id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>",
            })
            .optional(),
    }),
    onprem: z
        .strictObject({
            /** kubeconfig context; the current context when unset and no `devana:kubeconfig` is given. */
            context: z.string().min(1).optional(),
            /**
             * Who installs the cluster-scoped pieces (Namespaces, StorageClasses, CRDs, operators, the
             * ClusterIssuer): this program (`install`), or the customer's cluster admin beforehand
             * (`preinstalled`: the deployer needs only `admin` in the Devana namespaces, docs/onprem.md).
             */
            clusterScope: z.enum(CLUSTER_SCOPES).default("install"),
            /**
             * Issue 20 (R-NET-ZONES): every pool also selects `devana.ai/zone=<its zone>`, a label the
             * customer's nodes carry (one zone per VLAN, docs/onprem.md). `false` only for a one-node
             * development cluster, which cannot be segmented (reported by the plan).
             */
            zoneLabels: z.boolean().default(true),
            /**
             * Issue 18: the cluster's pod and Service ranges (NO_PROXY with `devana:proxy`).
             * @default the distribution's installer defaults (DEFAULT_CLUSTER_NETWORKS); vanilla has no pod default
             */
            clusterNetwork: z.strictObject({ podCidr: cidr.optional(), serviceCidr: cidr.optional() }).prefault({}),
            /** The gateway Service: LoadBalancer (MetalLB or the customer's LB controller) or NodePort (kind, external LBs). */
            gatewayServiceType: z.enum(["LoadBalancer", "NodePort"]).default("LoadBalancer"),
            /** R-STO StorageClasses (`fast-ssd`, `standard`, optional `s3-csi`) from the cluster's CSI driver. */
            storage: z
                .strictObject({
                    provisioner: csiProvisioner.default(DEFAULT_ONPREM_PROVISIONER),
                    /** Parameters of both classes (per-class parameters are laid over them). */
                    parameters: z.record(z.string().min(1), z.string()).default({}),
                    fastSsd: storageClassOverride.prefault({}),
                    standard: storageClassOverride.prefault({}),
                    /** `s3-csi` is created only when given (objects mounted through a CSI driver). */
                    s3Csi: z.strictObject({ provisioner: csiProvisioner, parameters: z.record(z.string().min(1), z.string()).default({}) }).optional(),
                    /**
                     * Issue 18: the model caches are `standard` volumes on the tainted GPU nodes, so the
                     * class's CSI node plugin must run there. `taintToleration` declares the tolerations
                     * it has, in Longhorn's `taint-toleration` setting syntax (`key=value:Effect;key:Effect`);
                     * checked against every gpuLlm/gpuEmbed taint. Required with Longhorn and tainted GPU pools.
                     * @default none
                     */
                    modelCache: z
                        .strictObject({
                            taintToleration: z.string().regex(/^\s*[^\s;=:]+(=[^\s;:]*)?:(NoSchedule|PreferNoSchedule|NoExecute)?\s*(;\s*[^\s;=:]+(=[^\s;:]*)?:(NoSchedule|PreferNoSchedule|NoExecute)?\s*)*$/, {
                                error: "expected Longhorn's taint-toleration syntax, such as nvidia.com/gpu=true:NoSchedule; other:NoExecute",
                            }),
                        })
                        .optional(),
                    /** Namespace of the Longhorn volume-encryption passphrase Secret (Longhorn only). */
                    encryptionSecretNamespace: z.string().regex(dnsLabel, { error: "expected a namespace name" }).default(DEFAULT_LONGHORN_NAMESPACE),
                })
                .prefault({}),
            /** MetalLB address pool for the gateway's LoadBalancer Service (MetalLB itself must be installed). */
            metallb: z
                .strictObject({
                    addresses: z.array(metallbAddress).min(1, { error: "give at least one address range (CIDR or first-last)" }),
                    namespace: z.string().regex(dnsLabel, { error: "expected a namespace name" }).default(DEFAULT_METALLB_NAMESPACE),
                })
                .optional(),
            /** The customer's S3 endpoint instead of the in-cluster SeaweedFS; keys: devana:s3AccessKeyId / devana:s3SecretAccessKey. */
            externalS3: z
                .strictObject({
                    endpoint: z.url({ protocol: /^https$/, error: "expected an https:// URL: objects and backups travel over it (R-SEC-TLS)" }),
                    region: z.string().min(1).default(DEFAULT_S3_REGION),
                    filesBucket: s3Bucket,
                    backupsBucket: s3Bucket,
                    /** Path-style URLs (most on-prem S3 endpoints); false for virtual-host style. */
                    forcePathStyle: z.boolean().default(true),
                })
                .refine((s) => s.filesBucket !== s.backupsBucket, { error: "filesBucket and backupsBucket must differ: backups must not share the lifecycle of user files" })
                .optional(),
            /** R-STO-BACKUP geo-replication: a second S3 endpoint (another site) the files and backups are copied to. */
            replication: z
                .strictObject({
                    endpoint: z.url({ protocol: /^https$/, error: "expected an https:// URL: replicated objects travel over it (R-SEC-TLS)" }),
                    region: z.string().min(1).default(DEFAULT_S3_REGION),
                    filesBucket: s3Bucket,
                    backupsBucket: s3Bucket,
                    forcePathStyle: z.boolean().default(true),
                    /** Cron schedule of the copy; its interval bounds the objects lost with the primary site. */
                    schedule: z
                        .string()
                        .regex(/^(\S+\s+){4}\S+$/, { error: 'expected a five-field cron schedule such as "*/15 * * * *"' })
                        .default("*/15 * * * *"),
                    /**
                     * Issue 18: a Secret the customer's admin created in the data namespace (keys ACCESS_KEY_ID,
                     * ACCESS_SECRET_KEY) instead of devana:replicaS3AccessKeyId / devana:replicaS3SecretAccessKey.
                     * @default undefined (the program creates the Secret from those two Pulumi secrets)
                     */
                    credentialsSecret: z.string().regex(dnsLabel, { error: "expected a Kubernetes Secret name" }).optional(),
                })
                .refine((s) => s.filesBucket !== s.backupsBucket, { error: "filesBucket and backupsBucket must differ" })
                .optional(),
        })
        .prefault({}),
} as const;

export type ConfigKey = keyof typeof KEY_SCHEMAS;
export type ParsedKeys = { [K in ConfigKey]: z.output<(typeof KEY_SCHEMAS)[K]> };

/** Keys that hold credentials: read only as Pulumi secrets, never printed. */
export const SECRET_KEYS = {
    kubeconfig: "kubeconfig of the on-prem cluster (else the current context is used)",
    licenceKey: "Devana licence key (LICENCE)",
    registryPassword: "Devana image registry credentials as USERNAME:PASSWORD (or USERNAME:TOKEN), as the vendor issued them",
    llmApiKey: "API key of the cloud LLM provider (cloud and hybrid scenarios)",
    huggingFaceToken: "Hugging Face access token vLLM uses to download gated models (the Llama models)",
    oidcClientSecret: "client secret of the OIDC application (sso.oidc)",
    ldapBindPassword: "password of the LDAP bind DN (sso.ldap)",
    azureAdClientSecret: "client secret of the Azure AD application (sso.azureAd)",
    s3AccessKeyId: "access key id for the customer's S3 endpoint (onprem.externalS3)",
    s3SecretAccessKey: "secret access key for the customer's S3 endpoint (onprem.externalS3)",
    replicaS3AccessKeyId: "access key id for the replication S3 endpoint (onprem.replication)",
    replicaS3SecretAccessKey: "secret access key for the replication S3 endpoint (onprem.replication)",
    alertSmtpPassword: "password of alerting.smtp.username on the SMTP relay",
    alertWebhookUrl: "URL the alerting receivers' `webhook` channel posts to",
    alertSlackWebhookUrl: "Slack incoming-webhook URL of the alerting receivers' `slack` channel",
    alertTeamsWebhookUrl: "Microsoft Teams Workflows webhook URL of the alerting receivers' `teams` channel",
    alertPagerDutyRoutingKey: "PagerDuty Events API v2 integration (routing) key of the `pagerduty` channel",
    alertOpsgenieApiKey: "Opsgenie API key of the `opsgenie` channel",
    alertHeartbeatUrl: "dead man's switch URL the Watchdog pings (`heartbeat` channel), e.g. a healthchecks.io check",
} as const;
export type SecretKey = keyof typeof SECRET_KEYS;

/** Keys a stack must set; the rest have defaults or are optional. */
export const REQUIRED_KEYS: readonly ConfigKey[] = ["target", "environment", "tier", "llm", "domain", "tls", "images"];

/** Keys whose value is a YAML object or list (JSON-encoded in Pulumi's config). */
export const STRUCTURED_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>(["network", "nodePools", "llm", "tls", "sso", "audit", "backup", "restore", "images", "airgap", "sizing", "aws", "azure", "onprem", "waf", "alerting", "proxy"]);

/** Valid EC2 instance types, from the AWS provider's own enum (a typo fails at config time). */
export const AWS_INSTANCE_TYPES: ReadonlySet<string> = new Set(Object.values(ec2Enums.InstanceType) as string[]);
