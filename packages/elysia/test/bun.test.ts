// The conformance suite against Elysia served by the real bun binary.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runConformance } from '@corsa/testkit/conformance'
import { startServer } from '@corsa/testkit/process'
import type { AppName } from './support/apps.js'

const here = dirname(fileURLToPath(import.meta.url))
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin', 'bun.exe')

runConformance('Elysia on Bun', async () => {
  const server = await startServer(bun, ['test/support/server.ts'], { cwd: join(here, '..') })
  const ports = server.info.ports as Record<AppName, number>
  return { url: (app) => `http://127.0.0.1:${ports[app]}`, stop: () => server.stop() }
})
