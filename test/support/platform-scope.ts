import type { PlannedResource } from "../../scripts/lib/evaluate";

/**
 * Resources created by the platform components: other layers of a stack (data, application)
 * add their own charts, monitors and certificates, which these tests must not count.
 */
export function platformOnly(list: readonly PlannedResource[]): PlannedResource[] {
    return list.filter((r) => /devana:platform:(Gateway|GatewayApiCrds|CertManager|Monitoring|GpuSupport|Tracing)::/.test(r.parent ?? ""));
}
