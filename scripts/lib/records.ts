/** A plain JSON-like object (not null, not an array): what plan inputs, chart values and manifests are made of. */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
