import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Pulumi's mock runtime is process-wide state: every test file runs in its own process.
        pool: "forks",
        isolate: true,
        testTimeout: 60_000,
        hookTimeout: 60_000,
    },
});
