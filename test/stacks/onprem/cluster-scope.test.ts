/**
 * Issue 10, `devana:onprem.clusterScope: preinstalled`: on OpenShift the deploying identity holds
 * only `admin` in the Devana namespaces (docs/onprem.md), so the program must create nothing
 * cluster-scoped and nothing outside those namespaces. Planned through the plan CLI on an OpenShift
 * variant of the committed `onprem` stack; the committed stack keeps `install`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../scripts/lib/evaluate";
import type { Violation } from "../../../scripts/lib/policy-runner";
import { byName, evaluateOk, ofType, planConfig, stackConfig } from "../../support/helpers";

const CHART = "kubernetes:helm.sh/v4:Chart";

/** Kinds that are cluster-scoped, or admission and scheduling objects only a cluster admin may create. */
const CLUSTER_KINDS = [
    "Namespace",
    "StorageClass",
    "ClusterIssuer",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "GatewayClass",
    "IngressClass",
    "PriorityClass",
    "PersistentVolume",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ClusterPolicy",
    "SecurityContextConstraints",
];

const DEVANA_NAMESPACES = ["devana-ai", "devana-prod", "devana-services", "monitoring", "traefik"];

const kindOf = (r: PlannedResource): string => r.type.split(":").pop()!;

const metadataOf = (r: PlannedResource): { name?: string; namespace?: string } => (r.inputs.metadata ?? {}) as { name?: string; namespace?: string };

const STATEMENTS = {
    "fast-ssd": "OpenShift Data Foundation cluster-wide encryption, keys in the customer's Vault",
    standard: "OpenShift Data Foundation cluster-wide encryption, keys in the customer's Vault",
} as const;

describe("onprem as an OpenShift variant with clusterScope preinstalled (plan CLI)", () => {
    let resources: PlannedResource[];
    let violations: Violation[];
    beforeAll(async () => {
        const base = stackConfig("onprem");
        const onprem = base["devana:onprem"] as { storage: Record<string, unknown> };
        // The admin's classes, with the customer's statement of their encryption (R-SEC-REST).
        const storage = { ...onprem.storage, fastSsd: { encryptionAtRest: STATEMENTS["fast-ssd"] }, standard: { encryptionAtRest: STATEMENTS.standard } };
        const config = { ...base, "devana:distribution": "openshift", "devana:onprem": { ...onprem, clusterScope: "preinstalled", storage } };
        const plan = await planConfig("onprem-preinstalled", config);
        resources = [...plan.resources] as PlannedResource[];
        violations = [...plan.policy.violations];
    });

    it("creates no cluster-scoped object at all", () => {
        const clusterScoped = resources.filter((r) => r.custom && CLUSTER_KINDS.includes(kindOf(r))).map((r) => `${kindOf(r)}/${metadataOf(r).name}`);
        expect(clusterScoped).toEqual([]);
        expect(ofType(resources, "kubernetes:yaml/v2:ConfigFile")).toEqual([]);
        expect(resources.filter((r) => r.type.startsWith("kubernetes:metallb.io/"))).toEqual([]);
    });

    it("puts every Kubernetes object and chart in a Devana namespace", () => {
        const kubernetes = resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
        expect(kubernetes.length).toBeGreaterThan(100);
        const outside = kubernetes.map((r) => [r.name, r.type === CHART ? (r.inputs.namespace as string) : metadataOf(r).namespace] as const).filter(([, ns]) => !DEVANA_NAMESPACES.includes(ns as string));
        expect(outside).toEqual([]);
        expect([...new Set(kubernetes.map((r) => (r.type === CHART ? r.inputs.namespace : metadataOf(r).namespace)))].sort()).toEqual(DEVANA_NAMESPACES);
    });

    it("installs no cert-manager, CloudNativePG, Barman Cloud or monitoring-stack chart, and turns the others' cluster-scoped templates off", () => {
        expect(
            ofType(resources, CHART)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["devana-gateway-traefik", "devana-monitoring-alloy", "devana-monitoring-loki", "devana-object-store-seaweedfs"]);
        const chart = (name: string) => byName(resources, CHART, name).inputs as { skipCrds?: boolean; values: Record<string, any> };
        const traefik = chart("devana-gateway-traefik");
        expect(traefik.skipCrds).toBe(true);
        expect(traefik.values.rbac).toEqual({ enabled: true, namespaced: true });
        expect([traefik.values.ingressClass, traefik.values.gatewayClass, traefik.values.gateway]).toEqual([{ enabled: false }, { enabled: false }, { enabled: false }]);
        expect(chart("devana-monitoring-loki").values).toMatchObject({ rbac: { namespaced: true }, sidecar: { rules: { enabled: false } } });
        const alloy = chart("devana-monitoring-alloy").values;
        expect([alloy.crds, alloy.rbac]).toEqual([
            { create: false },
            { create: true, namespaces: ["devana-prod", "devana-services", "devana-ai", "monitoring", "traefik"], rules: [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] }] },
        ]);
        expect(chart("devana-object-store-seaweedfs").values.global).toEqual({ createClusterRole: false });
        for (const name of ["devana-monitoring-loki", "devana-monitoring-alloy", "devana-object-store-seaweedfs"]) {
            expect(chart(name).skipCrds, name).toBeUndefined();
        }
        expect(byName(resources, "devana:data:CnpgOperator", "devana-cnpg").custom).toBe(false);
        expect(resources.filter((r) => r.parent?.includes("devana-cnpg") || r.name.startsWith("devana-cnpg-"))).toEqual([]);
    });

    it("issues the certificates from a namespaced Issuer in the gateway namespace, next to its CA key pair", () => {
        const issuers = ofType(resources, "kubernetes:cert-manager.io/v1:Issuer");
        expect(issuers.map((r) => [metadataOf(r), Object.keys(r.inputs.spec as object)])).toEqual([[{ name: "devana-internal-ca", namespace: "traefik" }, ["ca"]]]);
        const certs = ofType(resources, "kubernetes:cert-manager.io/v1:Certificate").map((r) => [metadataOf(r).namespace, metadataOf(r).name, (r.inputs.spec as any).issuerRef]);
        const ref = { group: "cert-manager.io", kind: "Issuer", name: "devana-internal-ca" };
        expect(certs).toEqual([
            ["traefik", "devana-front", ref],
            ["traefik", "devana-api", ref],
            ["traefik", "devana-ws", ref],
        ]);
        expect(metadataOf(byName(resources, "kubernetes:core/v1:Secret", "devana-cert-manager-ca-keypair"))).toEqual({ name: "devana-internal-ca-keypair", namespace: "traefik" });
    });

    it("creates custom objects of exactly the API groups the deployer's extra ClusterRole covers (docs/onprem.md)", () => {
        // rbac.authorization.k8s.io: the ChromaDB snapshot job's Role and RoleBinding, within what `admin` grants.
        const builtin = ["core", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "rbac.authorization.k8s.io"];
        const groups = new Set(resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== CHART).map((r) => r.type.split(":")[1]!.split("/")[0]!));
        expect([...groups].filter((g) => !builtin.includes(g)).sort()).toEqual(["barmancloud.cnpg.io", "cert-manager.io", "monitoring.coreos.com", "postgresql.cnpg.io", "traefik.io"]);
    });

    it("uses the admin's StorageClasses by name", () => {
        const classes = resources.filter((r) => r.custom && (r.type === "kubernetes:core/v1:PersistentVolumeClaim" || r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster"));
        const names = classes.map((r) => (r.type.endsWith("Cluster") ? (r.inputs.spec as any).storage.storageClass : (r.inputs.spec as any).storageClassName));
        expect([...new Set(names)].sort()).toEqual(["fast-ssd"]);
    });

    it("records the customer's encryption statements, and passes the policy pack with them as advisory declarations", () => {
        const declaration = byName(resources, "kubernetes:core/v1:ConfigMap", "devana-storage-encryption-declarations");
        expect(declaration.inputs.metadata).toMatchObject({ name: "devana-storage-encryption", namespace: "devana-services", labels: { "devana.ai/declaration": "storage-encryption" } });
        expect(declaration.inputs.data).toEqual(STATEMENTS);
        expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        const declared = violations.filter((v) => v.message.includes("declared-storage-encryption"));
        expect(declared.length).toBeGreaterThan(0);
        expect(declared.every((v) => v.policy === "policy-exceptions" && v.enforcementLevel === "advisory")).toBe(true);
    });
});

describe("committed onprem stack keeps clusterScope install", () => {
    it("still creates its namespaces, classes, ClusterIssuer and every chart", async () => {
        const { resources } = await evaluateOk("onprem");
        const clusterScoped = resources.filter((r) => r.custom && ["Namespace", "StorageClass", "ClusterIssuer", "GatewayClass"].includes(kindOf(r))).map((r) => `${kindOf(r)}/${metadataOf(r).name}`);
        expect(clusterScoped.sort()).toEqual([
            "ClusterIssuer/devana-internal-ca",
            "GatewayClass/traefik",
            "Namespace/cert-manager",
            "Namespace/cnpg-system",
            "Namespace/devana-ai",
            "Namespace/devana-prod",
            "Namespace/devana-services",
            "Namespace/monitoring",
            "Namespace/nvidia-gpu",
            "Namespace/traefik",
            "StorageClass/fast-ssd",
            "StorageClass/standard",
        ]);
        expect(ofType(resources, CHART).map((r) => r.name)).toEqual(expect.arrayContaining(["devana-cert-manager-chart", "devana-cnpg-operator", "devana-cnpg-barman-cloud", "devana-monitoring-kps"]));
        const traefik = byName(resources, CHART, "devana-gateway-traefik").inputs as { skipCrds?: boolean; values: Record<string, any> };
        expect([traefik.skipCrds, traefik.values.rbac]).toEqual([undefined, undefined]);
        expect(byName(resources, CHART, "devana-object-store-seaweedfs").inputs.values).not.toHaveProperty("global");
        expect(ofType(resources, "kubernetes:cert-manager.io/v1:Issuer")).toEqual([]);
    });
});
