/**
 * vitest globalSetup: builds fixture-astro once with the real `astro build` (server output,
 * @astrojs/node in standalone mode) and serves it with `node dist/server/entry.mjs` on 127.0.0.1;
 * the tests read its address with inject('astroUrl').
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { freePorts, runBuild, startServer } from '@corsa/testkit/process'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    astroUrl: string
  }
}

const fixture = fileURLToPath(new URL('../fixture-astro', import.meta.url))
const astroBin = createRequire(import.meta.url)
  .resolve('astro/package.json')
  .replace(/package\.json$/, 'astro.js')

export default async function setup(project: TestProject) {
  const ms = await runBuild(astroBin, ['build'], { cwd: fixture, name: 'astro build', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } })
  console.log(`[corsa/astro] astro build of fixture-astro took ${(ms / 1000).toFixed(1)}s`)
  const [port] = await freePorts(1)
  // The standalone server as @astrojs/node's docs run it, with room for the conformance suite's
  // 1 MB headers (Node's default limit is 16 KB); a wrapper prints the port as JSON once it accepts connections.
  const server = await startServer(process.execPath, [`--max-http-header-size=${4 * 1024 * 1024}`, '--input-type=module', '-e', PRINT_PORT], {
    cwd: fixture,
    env: { PORT: String(port), HOST: '127.0.0.1' },
    timeoutMs: 20_000,
  })
  project.provide('astroUrl', `http://127.0.0.1:${server.info.port}`)
  return () => server.stop()
}

const PRINT_PORT = `
import { connect } from 'node:net'
await import('./dist/server/entry.mjs')
const port = Number(process.env.PORT)
for (;;) {
  const up = await new Promise((resolve) => connect(port, '127.0.0.1').once('connect', function () { this.destroy(); resolve(true) }).once('error', () => resolve(false)))
  if (up) break
  await new Promise((resolve) => setTimeout(resolve, 50))
}
console.log(JSON.stringify({ port }))
`
