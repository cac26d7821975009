/**
 * Issue 17, alert delivery: the rules of `devana:alerting` that span keys (receivers, routes, the
 * credential secrets, the environment). Pure; resolve/index.ts calls it with the parsed keys.
 */
import type { ParsedKeys, SecretKey } from "./schema";

export type Alerting = ParsedKeys["alerting"];
export type AlertReceiver = Alerting["receivers"][string];
export type AlertChannel = keyof AlertReceiver;
export type AlertRoute = keyof Alerting["routes"];

/** The secret each channel reads its credential from (none for e-mail: the SMTP password is per relay). */
export const CHANNEL_SECRETS: Readonly<Record<Exclude<AlertChannel, "email">, SecretKey>> = {
    webhook: "alertWebhookUrl",
    slack: "alertSlackWebhookUrl",
    teams: "alertTeamsWebhookUrl",
    pagerduty: "alertPagerDutyRoutingKey",
    opsgenie: "alertOpsgenieApiKey",
    heartbeat: "alertHeartbeatUrl",
};

export interface AlertingIssue {
    /** Path below `devana:` (`alerting.routes.critical`) or a secret key (`alertSlackWebhookUrl`). */
    readonly key: string;
    readonly message: string;
}

export const channelsOf = (receiver: AlertReceiver): AlertChannel[] => (Object.keys(receiver) as AlertChannel[]).filter((c) => receiver[c] !== undefined);

/**
 * The alerting block the program deploys: a heartbeat channel whose URL secret is not set is left
 * out (its receiver then drops the Watchdog), so Alertmanager never reads a missing credential.
 */
export function armedAlerting(alerting: Alerting, secretsSet: ReadonlySet<SecretKey>): Alerting {
    if (secretsSet.has(CHANNEL_SECRETS.heartbeat)) {
        return alerting;
    }
    const receivers = Object.fromEntries(Object.entries(alerting.receivers).map(([id, { heartbeat: _heartbeat, ...rest }]) => [id, rest as AlertReceiver]));
    return { ...alerting, receivers };
}

/**
 * Checks the alerting block. Errors: a route to an unknown receiver, a channel without its secret
 * or relay, a heartbeat outside the Watchdog's receiver, the Watchdog sharing a receiver with real
 * alerts, and in prod no critical route to a receiver that reaches someone (R-MON: alerts that
 * notify nobody are no alerts). Warnings: a prod stack without a dead man's switch, and a
 * heartbeat whose URL secret is not set yet.
 */
export function checkAlertingConfig(alerting: Alerting, environment: string, secretsSet: ReadonlySet<SecretKey>): { issues: AlertingIssue[]; warnings: string[] } {
    const issues: AlertingIssue[] = [];
    const warnings: string[] = [];
    const { receivers, routes } = alerting;
    for (const route of ["critical", "warning", "watchdog"] as const) {
        const id = routes[route];
        if (id !== undefined && !(id in receivers)) {
            issues.push({ key: `alerting.routes.${route}`, message: `names receiver "${id}", which alerting.receivers does not define (${Object.keys(receivers).join(", ") || "none"})` });
        }
    }
    if ("null" in receivers) {
        issues.push({ key: "alerting.receivers.null", message: "`null` is Alertmanager's receiver that drops alerts: choose another name" });
    }
    const missingSecrets = new Set<SecretKey>();
    for (const [id, receiver] of Object.entries(receivers)) {
        for (const channel of channelsOf(receiver)) {
            if (channel === "email") {
                if (!alerting.smtp) {
                    issues.push({ key: `alerting.receivers.${id}.email`, message: "needs alerting.smtp (smarthost and from) to send through" });
                }
                continue;
            }
            const secret = CHANNEL_SECRETS[channel];
            if (channel === "heartbeat" && !secretsSet.has(secret)) {
                // The heartbeat URL is per install and a secret, so a committed stack file routes
                // the Watchdog without it; until it is set the dead man's switch is unarmed (its
                // receiver drops the Watchdog: armedAlerting), the state a missing route warns of.
                warnings.push(`devana:${secret} is not set: the Watchdog's receiver "${id}" pings no dead man's switch until it is (\`pulumi config set --secret devana:${secret} <ping URL>\`)`);
            } else if (!secretsSet.has(secret)) {
                missingSecrets.add(secret);
            }
            if (channel === "heartbeat" && routes.watchdog !== id) {
                issues.push({ key: `alerting.receivers.${id}.heartbeat`, message: "a heartbeat belongs to the Watchdog's receiver only (alerting.routes.watchdog): other alerts would ping the dead man's switch" });
            }
        }
    }
    for (const secret of missingSecrets) {
        issues.push({ key: secret, message: `required by an alerting channel: set it with \`pulumi config set --secret devana:${secret}\`` });
    }
    if (alerting.smtp?.username && !secretsSet.has("alertSmtpPassword")) {
        issues.push({ key: "alertSmtpPassword", message: "required with alerting.smtp.username: set it with `pulumi config set --secret devana:alertSmtpPassword`" });
    }
    const watchdog = routes.watchdog;
    if (watchdog !== undefined && (watchdog === routes.critical || watchdog === routes.warning)) {
        issues.push({ key: "alerting.routes.watchdog", message: "needs its own receiver: the Watchdog fires all the time, and would page the on-call and hide in their alerts" });
    }
    if (environment === "prod") {
        const critical = routes.critical;
        const target = critical !== undefined ? receivers[critical] : undefined;
        if (critical === undefined) {
            issues.push({ key: "alerting.routes.critical", message: "required in prod: critical alerts (PostgreSQLDown, API errors) must reach a receiver (e-mail, webhook, Slack/Teams, PagerDuty or Opsgenie)" });
        } else if (target && channelsOf(target).every((c) => c === "heartbeat")) {
            issues.push({ key: "alerting.routes.critical", message: `receiver "${critical}" only pings a heartbeat: prod needs a channel that reaches a person` });
        }
        if (watchdog === undefined) {
            warnings.push("devana:alerting.routes.watchdog is not set in prod: nothing notices when Alertmanager itself stops sending (route the Watchdog to a heartbeat receiver)");
        }
    }
    return { issues, warnings };
}
