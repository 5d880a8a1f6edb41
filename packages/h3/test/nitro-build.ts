/**
 * vitest globalSetup: builds fixture-nitro once with the real `nitro build` (preset node-server)
 * and serves .output/server/index.mjs on 127.0.0.1; the tests read its address with inject('nitroUrl').
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { startServer } from '@corsa/testkit/process'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    nitroUrl: string
  }
}

const fixture = fileURLToPath(new URL('../fixture-nitro', import.meta.url))
const nitroBin = createRequire(import.meta.url)
  .resolve('nitro/package.json')
  .replace(/package\.json$/, 'dist/cli/index.mjs')

function build(): Promise<number> {
  const started = Date.now()
  const child = spawn(process.execPath, [nitroBin, 'build'], {
    cwd: fixture,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
    killSignal: 'SIGKILL',
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(Date.now() - started) : reject(new Error(`nitro build failed (exit ${code}):\n${output}`))))
  })
}

export default async function setup(project: TestProject) {
  const ms = await build()
  console.log(`[corsa/h3] nitro build of fixture-nitro took ${(ms / 1000).toFixed(1)}s`)
  // The built server prints "Listening on http://127.0.0.1:<port>"; a wrapper prints it as JSON for startServer.
  const server = await startServer(process.execPath, ['--input-type=module', '-e', PRINT_PORT], {
    cwd: fixture,
    env: { PORT: '0', HOST: '127.0.0.1', NITRO_PORT: '0' },
    timeoutMs: 20_000,
  })
  project.provide('nitroUrl', `http://127.0.0.1:${server.info.port}`)
  return () => server.stop()
}

// Starts the built server and reports the port it got as one JSON line.
const PRINT_PORT = `
const log = console.log
console.log = (...args) => {
  const m = /http:\\/\\/[^:]+:(\\d+)/.exec(args.join(' '))
  if (m) log(JSON.stringify({ port: Number(m[1]) }))
  else log(...args)
}
await import('./.output/server/index.mjs')
`
