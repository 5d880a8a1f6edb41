import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runConformance } from '@corsa/testkit/conformance'
import { startServer } from '@corsa/testkit/process'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const deno = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno')

runConformance('@corsa/deno corsServe under the real deno binary', async () => {
  const server = await startServer(deno, ['run', '--config', 'test/deno.run.json', '--allow-net=127.0.0.1', 'test/fixtures/conformance.ts'], {
    cwd: root,
  })
  return { url: (app) => `http://127.0.0.1:${server.info.port}/${app}`, stop: server.stop, middlewareBefore: false }
})
