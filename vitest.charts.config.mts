import { defineConfig } from "vitest/config";

/**
 * `npm run test:charts`: renders every committed stack with Helm from the chart cache
 * (DEVANA_CHART_CACHE, default .charts/) and checks the rendered objects. Apart from `npm test`
 * because it needs the cache; a pinned chart missing from it fails the run, naming the archive.
 */
export default defineConfig({
    test: {
        include: ["test/charts/**/*.test.ts"],
        pool: "forks",
        testTimeout: 120_000,
        hookTimeout: 180_000,
    },
});
