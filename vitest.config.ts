import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "web/test/**/*.test.{ts,tsx}"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file makes its own database; two cores do not gain from more parallel files.
    maxWorkers: 3,
  },
});
