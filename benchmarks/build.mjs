// Compiles the benchmark sources to dist/: Node entries keep their imports; the runtime bench
// is bundled into one self-contained file that node, bun and deno run alike.
import { existsSync } from 'node:fs'
import { build } from 'esbuild'

const common = { format: 'esm', target: 'es2022', logLevel: 'warning', sourcemap: false }
await build({
  ...common,
  entryPoints: ['src/fetch-bench.ts', 'src/node-bench.ts', 'src/framework-bench.ts', 'src/server.ts', 'src/run.ts'].filter((f) => existsSync(f)),
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  packages: 'external',
})
await build({
  ...common,
  entryPoints: ['src/runtime-bench.ts'],
  outfile: 'dist/runtime-bench.js',
  bundle: true,
  external: ['bun:*'],
  platform: 'neutral',
  mainFields: ['module', 'main'],
})
