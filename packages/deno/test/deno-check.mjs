// `deno check` (the real deno binary from npm) over this package's source, its test server, its
// example and the source of @corsa/core, with Deno's own types (see test/deno.check.json).
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const deno = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno')
const files = [
  'src/index.ts',
  'test/fixtures/app.ts',
  'examples/server.ts',
  '../core/src/index.ts',
  '../core/src/engine/index.ts',
  '../core/src/lite.ts',
  '../core/src/fetch-entry.ts',
]
const run = spawnSync(deno, ['check', '--config', 'test/deno.check.json', ...files], { cwd: root, stdio: 'inherit', timeout: 120000 })
process.exit(run.status ?? 1)
