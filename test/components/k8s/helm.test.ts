/**
 * Chart sources (pure): each pinned chart's repository and version as Helm is given them.
 */
import { describe, expect, it } from "vitest";
import { CHARTS } from "../../../config/versions";
import { chartSource } from "../../../components/k8s/helm";

describe("chart sources", () => {
    it("names OCI charts by URL and classic ones through repositoryOpts, always pinned", () => {
        expect(chartSource(CHARTS.certManager)).toEqual({ chart: "oci://quay.io/jetstack/charts/cert-manager", version: CHARTS.certManager.version });
        expect(chartSource(CHARTS.traefik)).toEqual({ chart: "traefik", version: CHARTS.traefik.version, repositoryOpts: { repo: "https://traefik.github.io/charts" } });
        expect(() => chartSource({ repository: "https://x", chart: "y", version: "latest" })).toThrow(/pinned/);
    });
});
