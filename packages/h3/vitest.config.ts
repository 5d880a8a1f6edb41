import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Builds fixture-nitro once (nitro build) and serves it for test/nitro.test.ts.
    globalSetup: ['test/nitro-build.ts'],
    // Two cores shared by many: one test file at a time, every wait bounded.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
  },
})
