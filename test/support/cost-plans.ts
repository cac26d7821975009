/** The committed stacks' plans for the cost tests, and the day the price book is judged on. */
import type { PlanDocument } from "../../scripts/lib/plan";
import { runCli } from "./helpers";

export const TODAY = "2026-12-04";

export const plan = (stack: string): PlanDocument => JSON.parse(runCli("plan", ["--stack", stack, "--json"]).stdout) as PlanDocument;
