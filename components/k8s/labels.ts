/**
 * The labels of Devana's Kubernetes objects (the recommended `app.kubernetes.io/*` set). Two
 * selector shapes exist: workloads are selected by name alone (the NetworkPolicies and Services
 * of the application, AI and edge tiers rely on it), data services by name plus instance.
 */
const PART_OF = "devana";

/** Label naming a pod's workload; NetworkPolicies and Services select on it. */
export const NAME_LABEL = "app.kubernetes.io/name";
/** Label distinguishing pods of one workload that play different roles (API server vs cron). */
export const ROLE_LABEL = "devana.ai/role";
const INSTANCE_LABEL = "app.kubernetes.io/instance";

function recommendedLabels(name: string, instance: string | undefined, component: string, extra: Readonly<Record<string, string>>): Record<string, string> {
    return {
        [NAME_LABEL]: name,
        ...(instance === undefined ? {} : { [INSTANCE_LABEL]: instance }),
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": "pulumi",
        ...extra,
    };
}

/** Labels of a workload selected by `NAME_LABEL` alone (application, AI and edge tiers). */
export function workloadLabels(name: string, component: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return recommendedLabels(name, undefined, component, extra);
}

/** Labels of one instance of a data service; `instanceSelector` picks its pods. */
export function instanceLabels(name: string, instance: string, component: string): Record<string, string> {
    return recommendedLabels(name, instance, component, {});
}

/** Selector of a data service instance: `app.kubernetes.io/name` + `instance`. */
export function instanceSelector(name: string, instance: string): Record<string, string> {
    return { [NAME_LABEL]: name, [INSTANCE_LABEL]: instance };
}
