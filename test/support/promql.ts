/**
 * PromQL at parser level, with Prometheus's own grammar (@prometheus-io/lezer-promql, the parser
 * of Prometheus's web UI): syntax errors, and the series selectors of an expression with their
 * label matchers. Does not type-check (a range vector where an instant one belongs parses) and
 * evaluates nothing.
 */
import { parser } from "@prometheus-io/lezer-promql";

export interface Selector {
    /** Metric name (`vllm:generation_tokens_total`), or "" for a bare `{...}`. */
    readonly metric: string;
    /** `label op "value"`, in order, e.g. `job=~".*\/cloudnative-pg"`. */
    readonly matchers: readonly string[];
}

export interface ParsedPromQL {
    /** Positions and text around each syntax error; empty when the expression parses. */
    readonly errors: readonly string[];
    readonly selectors: readonly Selector[];
    /** Function and aggregation names used, in order. */
    readonly functions: readonly string[];
}

export function parsePromQL(expr: string): ParsedPromQL {
    const tree = parser.parse(expr);
    const errors: string[] = [];
    const selectors: Selector[] = [];
    const functions: string[] = [];
    tree.iterate({
        enter: (node) => {
            if (node.type.isError) {
                errors.push(`at ${node.from}: ...${expr.slice(Math.max(0, node.from - 20), node.from + 20)}...`);
            }
            if (node.name === "FunctionIdentifier" || node.name === "AggregateOp") {
                functions.push(expr.slice(node.from, node.to));
            }
            if (node.name === "VectorSelector") {
                const inner = node.node;
                const metric = inner.getChild("Identifier");
                const matchers: string[] = [];
                const list = inner.getChild("LabelMatchers");
                for (let m = list?.firstChild; m; m = m.nextSibling) {
                    if (m.name.endsWith("LabelMatcher")) {
                        matchers.push(expr.slice(m.from, m.to).replace(/\s+/g, ""));
                    }
                }
                selectors.push({ metric: metric ? expr.slice(metric.from, metric.to) : "", matchers });
            }
        },
    });
    return { errors, selectors, functions };
}
