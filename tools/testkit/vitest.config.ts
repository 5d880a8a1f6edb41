import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Spawns real processes: every test bounded.
    testTimeout: 15_000,
    teardownTimeout: 10_000,
  },
})
