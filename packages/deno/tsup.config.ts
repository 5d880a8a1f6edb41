import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  // No clean: tests in other processes may be reading dist while it is rebuilt.
  clean: false,
  target: 'es2022',
  platform: 'neutral',
  external: ['@corsa/core'],
})
