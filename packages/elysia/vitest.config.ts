import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Two cores shared by many, and workerd is a real process: one test file at a time, every wait bounded.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
  },
})
