/** The human form of the offline plan: what a reviewer reads before `pulumi up`. */
import type { PlanDocument } from "./plan";
import type { Violation } from "./policy-runner";
import type { ConfigIssue, DevanaConfig } from "../../config/model";
import { COMPONENTS } from "../../config/tiers";
import { POOL_NAMES } from "../../config/defaults";
import { formatBudget } from "../../config/capacity";
import { capacityBudgets } from "../../config/feasibility";
import { capacityInputOf } from "../../config/resolve";
import { costContext, estimateCost, summaryLines } from "./cost";
import { PRICE_BOOK } from "./cost-prices";
import { isoDate } from "../../config/facts";

function describeLlm(config: DevanaConfig): string {
    const { llm } = config;
    const chat = llm.chat ? `${llm.chat.model.displayName} self-hosted (${llm.chat.model.precision}, tensor parallel ${llm.chat.model.gpusPerReplica}, ${llm.chat.replicas} replica${llm.chat.replicas === 1 ? "" : "s"})` : undefined;
    const cloud = llm.cloud ? `${llm.cloud.provider} ${llm.cloud.model}` : undefined;
    const main = llm.scenario === "hybrid" ? `${chat}, cloud fallback ${cloud}` : (chat ?? cloud);
    const embedding = llm.embedding.selfHosted ? `${llm.embedding.id} self-hosted` : `${llm.embedding.id} (cloud)`;
    return `${llm.scenario}: ${main}; embeddings ${embedding}`;
}

function describePools(config: DevanaConfig): string[] {
    return POOL_NAMES.map((name) => {
        const pool = config.nodePools[name];
        if (!pool.enabled) {
            return `  ${name.padEnd(9)} not used (cloud LLM scenario)`;
        }
        const where =
            pool.machineType ??
            Object.entries(pool.nodeLabels)
                .map(([k, v]) => `${k}=${v}`)
                .join(",");
        const gpu = pool.gpu ? `, ${pool.gpu.count}x ${pool.gpu.kind} per node` : "";
        const scale = config.target === "onprem" ? "" : `, ${pool.minSize}..${pool.maxSize} nodes (desired ${pool.desiredSize})`;
        const zones = pool.availabilityZones ? `, zones ${pool.availabilityZones.join(" ")}` : "";
        return `  ${name.padEnd(9)} ${where}${gpu}${scale}${zones}`;
    });
}

/** Issue 15: each pool's budget, asked at minimum replicas / offered at maxSize, per resource. */
function describeBudgets(config: DevanaConfig): string[] {
    const budgets = capacityBudgets(capacityInputOf(config));
    if (budgets.length === 0) {
        return ["  not checked: on-prem node shapes are the customer's (size the pools with the R-SIZE table)"];
    }
    return budgets.map((b) => `  ${formatBudget(b)}`);
}

function describeSizing(config: DevanaConfig): string[] {
    return COMPONENTS.map((c) => {
        const s = config.sizing[c];
        const replicas = s.maxReplicas > s.replicas ? `${s.replicas}-${s.maxReplicas}` : `${s.replicas}`;
        const gpu = s.gpu > 0 ? `, ${s.gpu} GPU` : "";
        return `  ${c.padEnd(12)} ${String(s.cpu).padStart(3)} CPU ${String(s.memoryGi).padStart(4)} GiB ${String(s.diskGi).padStart(6)} GiB disk  x${replicas}${gpu}`;
    });
}

function componentTree(document: PlanDocument): string[] {
    const children = new Map<string | null, PlanDocument["resources"][number][]>();
    for (const r of document.resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const lines: string[] = [];
    const walk = (parent: string | null, depth: number): void => {
        for (const r of children.get(parent) ?? []) {
            lines.push(`${"  ".repeat(depth + 1)}${r.name} (${r.type})${r.options.protect ? " [protected]" : ""}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(null, 0);
    return lines;
}

export function formatViolations(violations: readonly Violation[]): string[] {
    return violations.map((v) => `  [${v.enforcementLevel}] ${v.policy}: ${v.message}${v.urn ? `\n      ${v.urn}` : ""}`);
}

export function formatPlan(document: PlanDocument, config: DevanaConfig, policyCount: number): string {
    const counts = new Map<string, number>();
    for (const r of document.resources) {
        counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    const custom = document.resources.filter((r) => r.custom).length;
    const violations = document.policy.violations;
    return [
        `Stack ${document.stack}: target ${config.target}, environment ${config.environment}, tier ${config.tier}, Kubernetes ${config.kubernetesVersion}`,
        `Domain: ${config.hosts.front} (api ${config.hosts.api}, websocket ${config.hosts.ws}); TLS ${config.tls.mode}; protect ${config.protect}`,
        `LLM: ${describeLlm(config)}`,
        "Node pools:",
        ...describePools(config),
        "Capacity (asked at minimum replicas / offered by maxSize nodes after the kubelet reserve and DaemonSets):",
        ...describeBudgets(config),
        "Monthly cost (issue 23: priced lines only, on-demand list prices):",
        ...summaryLines(estimateCost(document, costContext(config, isoDate(new Date())), PRICE_BOOK)),
        `Sizing (tier ${config.tier}, per pod or instance):`,
        ...describeSizing(config),
        "",
        `Resources: ${document.resources.length} (${custom} resources, ${document.resources.length - custom} components)`,
        ...[...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => `  ${String(n).padStart(4)}  ${type}`),
        "",
        "Component tree:",
        ...componentTree(document),
        "",
        `Outputs: ${JSON.stringify(document.outputs, null, 2)}`,
        "",
        `Policy: ${policyCount} polic${policyCount === 1 ? "y" : "ies"} evaluated, ${violations.length === 0 ? "no violations" : `${violations.length} violation(s)`}`,
        ...formatViolations(violations),
        ...(document.warnings.length > 0 ? ["", "Warnings:", ...document.warnings.map((w) => `  - ${w}`)] : []),
    ].join("\n");
}

export function formatConfigIssues(stack: string, issues: readonly ConfigIssue[]): string {
    return [`Stack ${stack}: invalid configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}); nothing was planned.`, ...issues.map((i) => `  - ${i.key}: ${i.message}`)].join("\n");
}
