import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Builds fixture-astro once (astro build with @astrojs/node) and serves it for the tests.
    globalSetup: ['test/astro-build.ts'],
    // Two cores shared by many: one test file at a time, every wait bounded.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
  },
})
