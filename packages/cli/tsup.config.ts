import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  // No clean: tests may be running the bin while it is rebuilt.
  clean: false,
  target: 'node20',
  platform: 'node',
  splitting: false,
})
