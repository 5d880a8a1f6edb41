/**
 * vitest globalSetup: builds fixture-kit once with the real `vite build` (SvelteKit 2,
 * adapter-node) and serves it with `node build` on 127.0.0.1; the tests read its address with
 * inject('kitUrl').
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { freePorts, runBuild, startServer } from '@corsa/testkit/process'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    kitUrl: string
  }
}

const fixture = fileURLToPath(new URL('../fixture-kit', import.meta.url))
const viteBin = createRequire(import.meta.url)
  .resolve('vite/package.json')
  .replace(/package\.json$/, 'bin/vite.js')

export default async function setup(project: TestProject) {
  const ms = await runBuild(viteBin, ['build'], { cwd: fixture, name: 'vite build' })
  console.log(`[corsa/sveltekit] vite build of fixture-kit took ${(ms / 1000).toFixed(1)}s`)
  const [port] = await freePorts(1)
  // `node build`, as adapter-node's docs run it, with room for the conformance suite's 1 MB headers
  // (Node's default limit is 16 KB); a wrapper turns its "Listening on" line into JSON for startServer.
  const server = await startServer(process.execPath, [`--max-http-header-size=${4 * 1024 * 1024}`, '--input-type=module', '-e', PRINT_PORT], {
    cwd: fixture,
    env: { PORT: String(port), HOST: '127.0.0.1' },
    timeoutMs: 20_000,
  })
  project.provide('kitUrl', `http://127.0.0.1:${server.info.port}`)
  return () => server.stop()
}

const PRINT_PORT = `
const log = console.log
console.log = (...args) => {
  const m = /^Listening on http:\\/\\/[^:]+:(\\d+)/.exec(args.join(' '))
  if (m) log(JSON.stringify({ port: Number(m[1]) }))
  else log(...args)
}
await import('./build/index.js')
`
