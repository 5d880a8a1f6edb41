import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  // No clean: the fixture app's build and other tests may be reading dist while it is rebuilt.
  clean: false,
  target: 'es2022',
  platform: 'neutral',
  external: ['@corsa/core', 'next'],
})
