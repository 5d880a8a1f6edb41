import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Each file spawns a real runtime: one file at a time on a shared 2-core machine, every wait bounded.
    fileParallelism: false,
    testTimeout: 15000,
    hookTimeout: 30000,
    teardownTimeout: 10000,
  },
})
