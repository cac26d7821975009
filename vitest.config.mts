import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Rendered-chart checks need the chart cache: `npm run test:charts` (vitest.charts.config.mts).
        exclude: ["test/charts/**", "**/node_modules/**"],
        // Each committed stack is planned once, then shared by every test file.
        globalSetup: ["test/support/global-setup.ts"],
        // Workers are reused across files (isolation cost more than the tests). Stacks are
        // evaluated once each by the global setup, in their own processes; the few in-process
        // evaluations (custom configurations) reset Pulumi's process-wide mock runtime themselves.
        pool: "forks",
        // Both cores (vitest's default leaves one free): the type check runs beside it (scripts/test.mjs).
        maxWorkers: 2,
        isolate: false,
        testTimeout: 60_000,
        hookTimeout: 60_000,
    },
});
