import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', lite: 'src/lite.ts', engine: 'src/engine/index.ts', fetch: 'src/fetch-entry.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  // Each entry is one self-contained file: lite never pulls in the Public Suffix List through a
  // shared chunk, and the entry that registers the list is the file that defines cors().
  splitting: false,
  // No clean: other packages' tests may be reading dist while it is rebuilt.
  clean: false,
  target: 'es2022',
  platform: 'neutral',
})
