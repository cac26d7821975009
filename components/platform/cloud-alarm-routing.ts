/**
 * Issue 17, step 5: how the cloud-side alarms (CloudWatch on AWS, Azure Monitor on Azure) reach the
 * receivers of `devana:alerting`. Shared by both clouds and free of their SDKs. Pure.
 */
import type { Alerting } from "../../config/alerting";
import type { SecretKey } from "../../config/schema";

export type CloudAlarmSeverity = "critical" | "warning";

/**
 * The receiver of each severity, as Alertmanager routes it: a severity without its own route goes
 * to the other one (Alertmanager's fallback sends unrouted alerts to warning, else critical).
 */
export function cloudAlarmReceivers(alerting: Alerting): Partial<Record<CloudAlarmSeverity, string>> {
    const { critical, warning } = alerting.routes;
    const result: Partial<Record<CloudAlarmSeverity, string>> = {};
    if (critical ?? warning) {
        result.critical = critical ?? warning;
    }
    if (warning ?? critical) {
        result.warning = warning ?? critical;
    }
    return result;
}

/** A channel's credential; config validation requires it for every configured channel. */
export function requiredAlertSecret<T>(values: Readonly<Partial<Record<SecretKey, T>>>, key: SecretKey): T {
    const value = values[key];
    if (value === undefined) {
        throw new Error(`devana:${key} is required by an alerting receiver's channel`);
    }
    return value;
}
