/**
 * Issue 17, R-MON: where alerts go. kube-prometheus-stack routes everything to its `null` receiver
 * unless `alertmanager.config` says otherwise; this turns `devana:alerting` into that config.
 * Credentials never enter the config or the chart values: they live in the Secret
 * `alertmanager-credentials` (one key per credential secret), which the Alertmanager pods mount
 * (`alertmanagerSpec.secrets`), and the config points at the files (`*_file` fields, Alertmanager
 * 0.25+; kube-prometheus-stack 88.5 runs 0.34).
 */
import { CHANNEL_SECRETS, channelsOf, type Alerting, type AlertReceiver } from "../../config/alerting";
import type { SecretKey } from "../../config/schema";

/** Secret (in the monitoring namespace) holding the alerting credentials, mounted by Alertmanager. */
export const ALERTMANAGER_CREDENTIALS_SECRET = "alertmanager-credentials";
/** Where the operator mounts `alertmanagerSpec.secrets`. */
export const CREDENTIALS_DIR = `/etc/alertmanager/secrets/${ALERTMANAGER_CREDENTIALS_SECRET}`;
/** Receiver that drops what it gets (kube-prometheus-stack's name). */
export const NULL_RECEIVER = "null";
/** kube-prometheus-stack's always-firing alert (general.rules) and its inhibition helper. */
export const WATCHDOG_ALERT = "Watchdog";
export const INFO_INHIBITOR_ALERT = "InfoInhibitor";

const OPSGENIE_API: Readonly<Record<"eu" | "us", string>> = { eu: "https://api.eu.opsgenie.com/", us: "https://api.opsgenie.com/" };

const file = (secret: SecretKey): string => `${CREDENTIALS_DIR}/${secret}`;

/** The secrets the configured receivers read, in a stable order (the credentials Secret's keys). */
export function credentialKeys(alerting: Alerting): SecretKey[] {
    const keys = new Set<SecretKey>();
    for (const receiver of Object.values(alerting.receivers)) {
        for (const channel of channelsOf(receiver)) {
            if (channel !== "email") {
                keys.add(CHANNEL_SECRETS[channel]);
            }
        }
    }
    if (alerting.smtp?.username) {
        keys.add("alertSmtpPassword");
    }
    return [...keys].sort();
}

/** One Alertmanager receiver from a configured one. */
export function receiverConfig(name: string, receiver: AlertReceiver): Record<string, unknown> {
    const config: Record<string, unknown> = { name };
    if (receiver.email) {
        config.email_configs = receiver.email.map((to) => ({ to, send_resolved: true }));
    }
    const webhooks = [
        ...(receiver.webhook ? [{ url_file: file("alertWebhookUrl"), send_resolved: true }] : []),
        // The heartbeat needs the firing Watchdog only; a resolved notice would mean nothing.
        ...(receiver.heartbeat ? [{ url_file: file("alertHeartbeatUrl"), send_resolved: false }] : []),
    ];
    if (webhooks.length > 0) {
        config.webhook_configs = webhooks;
    }
    if (receiver.slack) {
        config.slack_configs = [{ api_url_file: file("alertSlackWebhookUrl"), channel: receiver.slack.channel, send_resolved: true }];
    }
    if (receiver.teams) {
        // Teams Workflows (the Office 365 connectors behind msteams_configs were retired).
        config.msteamsv2_configs = [{ webhook_url_file: file("alertTeamsWebhookUrl"), send_resolved: true }];
    }
    if (receiver.pagerduty) {
        config.pagerduty_configs = [{ routing_key_file: file("alertPagerDutyRoutingKey"), send_resolved: true }];
    }
    if (receiver.opsgenie) {
        config.opsgenie_configs = [{ api_key_file: file("alertOpsgenieApiKey"), api_url: OPSGENIE_API[receiver.opsgenie.region], send_resolved: true }];
    }
    return config;
}

/**
 * Inhibition: a critical alert silences the warnings it explains. Same alert name in the same
 * namespace (kube-prometheus-stack's pairs such as KubePersistentVolumeFillingUp), and the same
 * Devana `component` (PostgreSQLDown mutes PostgreSQL's connection and slow-query warnings). The
 * source must carry a component: `equal` treats a label missing on both sides as equal, and a
 * component-less critical would mute every component-less warning.
 */
export function inhibitRules(): Record<string, unknown>[] {
    return [
        { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: ["namespace", "alertname"] },
        { source_matchers: ['severity="critical"', 'component=~".+"'], target_matchers: ['severity="warning"'], equal: ["component"] },
        { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: ["namespace", "alertname"] },
        { source_matchers: [`alertname="${INFO_INHIBITOR_ALERT}"`], target_matchers: ['severity="info"'], equal: ["namespace"] },
        // The InfoInhibitor exists only to inhibit: it never notifies.
        { target_matchers: [`alertname="${INFO_INHIBITOR_ALERT}"`] },
    ];
}

/**
 * The whole Alertmanager config: receivers as configured (plus `null`), the Watchdog first to its
 * own receiver every minute (a dead man's switch expects a steady heartbeat), then critical and
 * warning by severity; what matches no route (info, kube-prometheus-stack's severity `none`) goes
 * to the warning receiver, else the critical one, else nowhere.
 */
export function alertmanagerConfig(alerting: Alerting): Record<string, unknown> {
    const { routes } = alerting;
    const fallback = routes.warning ?? routes.critical ?? NULL_RECEIVER;
    const smtp = alerting.smtp;
    return {
        global: {
            resolve_timeout: "5m",
            ...(smtp
                ? {
                      smtp_smarthost: smtp.smarthost,
                      smtp_from: smtp.from,
                      smtp_require_tls: smtp.requireTls,
                      ...(smtp.username ? { smtp_auth_username: smtp.username, smtp_auth_password_file: file("alertSmtpPassword") } : {}),
                  }
                : {}),
        },
        route: {
            receiver: fallback,
            group_by: ["alertname", "namespace"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: alerting.repeatInterval,
            routes: [
                {
                    receiver: routes.watchdog ?? NULL_RECEIVER,
                    matchers: [`alertname="${WATCHDOG_ALERT}"`],
                    group_wait: "0s",
                    group_interval: "1m",
                    repeat_interval: "1m",
                },
                { receiver: NULL_RECEIVER, matchers: [`alertname="${INFO_INHIBITOR_ALERT}"`] },
                ...(routes.critical ? [{ receiver: routes.critical, matchers: ['severity="critical"'], group_wait: "10s" }] : []),
                ...(routes.warning ? [{ receiver: routes.warning, matchers: ['severity="warning"'] }] : []),
            ],
        },
        inhibit_rules: inhibitRules(),
        receivers: [{ name: NULL_RECEIVER }, ...Object.entries(alerting.receivers).map(([name, receiver]) => receiverConfig(name, receiver))],
        templates: ["/etc/alertmanager/config/*.tmpl"],
    };
}
