import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file gets its own database (a PGlite instance or a fresh schema on the server);
    // two workers keep the 2-core machines busy without thrashing.
    maxWorkers: 2,
    // Upper bounds only, never a measurement: a loaded 2-core machine (CI beside other work) runs
    // PGlite several times slower, and a bound that a slow machine reaches is a flake, not a finding.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
