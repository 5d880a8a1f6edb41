import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCsrfProof } from '@corsa/testkit/csrf'
import { startServer } from '@corsa/testkit/process'

const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin', 'bun.exe')

runCsrfProof('@corsa/bun corsServe under the real bun binary', async () => {
  const server = await startServer(bun, ['test/fixtures/csrf.ts'], { cwd: join(dirname(fileURLToPath(import.meta.url)), '..') })
  return { url: `http://127.0.0.1:${server.info.port}`, stop: server.stop }
})
