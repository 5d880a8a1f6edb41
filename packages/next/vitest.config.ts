import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the fixture app with `next build` and serves it with `next start` on 127.0.0.1.
    globalSetup: ['test/e2e/next-server.ts'],
    testTimeout: 15_000,
  },
})
