import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores shared by many: one file at a time (the browser file launches one Chromium).
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 90_000,
    teardownTimeout: 10_000,
  },
})
