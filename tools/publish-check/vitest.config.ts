import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Packing every package and running deno publish take seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
