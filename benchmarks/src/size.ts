/**
 * Bundle size of each library's CORS path: what an app imports to get CORS, bundled by esbuild
 * (minified, tree-shaken, ESM), then gzipped with zlib at level 9.
 */
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export interface SizeRow {
  library: string
  entry: string
  note: string
  minified: number
  gzipped: number
}

const ENTRIES: { library: string; code: string; shown?: string; platform: 'neutral' | 'node'; external?: string[]; note?: string }[] = [
  {
    library: '@corsa/core/lite',
    code: "export { cors, withCors } from '@corsa/core/lite'",
    platform: 'neutral',
    note: 'a policy of exact origins (RegExps, predicates): no Public Suffix List',
  },
  {
    library: '@corsa/core',
    code: "export { cors, withCors } from '@corsa/core'",
    platform: 'neutral',
    note: 'any policy, wildcard patterns included: carries the Public Suffix List',
  },
  { library: '@corsa/node', code: "export { cors } from '@corsa/node'", platform: 'node' },
  {
    library: '@corsa/hono',
    code: "export { cors } from '@corsa/hono'",
    platform: 'neutral',
    external: ['hono'],
    note: 'the middleware alone; it runs inside a Hono app',
  },
  { library: 'cors', code: "export { default } from 'cors'", shown: "import cors from 'cors'", platform: 'node' },
  { library: 'hono', code: "export { cors } from 'hono/cors'", platform: 'neutral', note: 'the middleware alone; it runs inside a Hono app' },
  { library: 'itty-router', code: "export { cors } from 'itty-router'", platform: 'neutral' },
  { library: 'h3', code: "export { handleCors } from 'h3'", platform: 'neutral', note: 'the helper alone; it runs inside an h3 app' },
  {
    library: '@whatwg-node/server',
    code: "export { useCORS } from '@whatwg-node/server'",
    platform: 'node',
    note: 'the plugin alone; it runs only inside createServerAdapter',
  },
  {
    library: '@whatwg-node/server',
    code: "export { createServerAdapter, useCORS } from '@whatwg-node/server'",
    platform: 'node',
    note: 'the plugin with the adapter it needs',
  },
  {
    library: '@elysiajs/cors',
    code: "export { cors } from '@elysiajs/cors'",
    platform: 'neutral',
    external: ['elysia'],
    note: 'the plugin alone (elysia itself left out)',
  },
]

export async function measureSizes(): Promise<SizeRow[]> {
  const rows: SizeRow[] = []
  const resolveDir = fileURLToPath(new URL('..', import.meta.url))
  for (const entry of ENTRIES) {
    const result = await build({
      stdin: { contents: entry.code, resolveDir, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      platform: entry.platform,
      mainFields: ['module', 'main'],
      conditions: ['import', 'module'],
      external: entry.external ?? [],
      write: false,
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]!.contents
    rows.push({
      library: entry.library,
      entry: entry.shown ?? entry.code.replace(/^export /, 'import '),
      note: entry.note ?? '',
      minified: code.length,
      gzipped: gzipSync(code, { level: 9 }).length,
    })
  }
  return rows
}
