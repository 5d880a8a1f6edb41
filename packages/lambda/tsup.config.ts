import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  // No clean: other packages' tests may be reading dist while it is rebuilt.
  clean: false,
  target: 'es2022',
  platform: 'node',
})
