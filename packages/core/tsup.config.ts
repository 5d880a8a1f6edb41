import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', engine: 'src/engine-entry.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
})
