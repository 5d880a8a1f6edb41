import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Builds fixture-kit once (vite build with adapter-node) and serves it for the tests.
    globalSetup: ['test/kit-build.ts'],
    // Two cores shared by many: one test file at a time, every wait bounded.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
  },
})
