import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Chromium and two servers start per file; a busy 2-core CI machine needs room.
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
})
