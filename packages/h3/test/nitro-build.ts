/**
 * vitest globalSetup: builds fixture-nitro once with the real `nitro build` (preset node-server),
 * then serves .output/server/index.mjs and starts `nitro dev` on the same fixture, both on
 * 127.0.0.1; the tests read their addresses with inject('nitroUrl') and inject('nitroDevUrl').
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { freePorts, killBounded, runBuild, startServer } from '@corsa/testkit/process'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    nitroUrl: string
    nitroDevUrl: string
  }
}

const fixture = fileURLToPath(new URL('../fixture-nitro', import.meta.url))
const nitroBin = createRequire(import.meta.url)
  .resolve('nitro/package.json')
  .replace(/package\.json$/, 'dist/cli/index.mjs')

/** This process's environment without vitest's marks, which would make Nitro's logger silent. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_ENV: 'development' }
  for (const name of Object.keys(env)) if (name === 'TEST' || name.startsWith('VITEST')) delete env[name]
  return env
}

/**
 * `nitro dev --port <port> --host 127.0.0.1`, as users start it; resolves once Nitro says the
 * dev build is ready (it listens first, then builds into .nitro/dev).
 */
function startDev(port: number): Promise<{ stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [nitroBin, 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: fixture,
    env: userEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stop = () => killBounded(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`nitro dev was not ready within 60 s:\n${output}`))
    }, 60_000)
    const read = (chunk: Buffer) => {
      output += chunk
      if (/Nitro Server built/.test(output)) {
        clearTimeout(timer)
        resolve({ stop })
      } else if (/ERROR/.test(output)) {
        clearTimeout(timer)
        void stop()
        reject(new Error(`nitro dev failed:\n${output}`))
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`nitro dev exited (${code}):\n${output}`))
    })
  })
}

export default async function setup(project: TestProject) {
  const ms = await runBuild(nitroBin, ['build'], { cwd: fixture, name: 'nitro build' })
  console.log(`[corsa/h3] nitro build of fixture-nitro took ${(ms / 1000).toFixed(1)}s`)
  // Two ports nobody listens on now: the built server reads PORT=0 as its default, 3000.
  const [port, devPort] = (await freePorts(2)) as [number, number]
  // The built server prints "Listening on http://127.0.0.1:<port>"; a wrapper prints it as JSON for startServer.
  const [served, dev] = await Promise.allSettled([
    startServer(process.execPath, ['--input-type=module', '-e', PRINT_PORT], {
      cwd: fixture,
      env: { PORT: String(port), HOST: '127.0.0.1' },
      timeoutMs: 20_000,
    }),
    startDev(devPort),
  ])
  // One failed: stop the other, so that no server outlives the run.
  if (served.status === 'rejected' || dev.status === 'rejected') {
    await Promise.all([served.status === 'fulfilled' && served.value.stop(), dev.status === 'fulfilled' && dev.value.stop()])
    throw served.status === 'rejected' ? served.reason : (dev as PromiseRejectedResult).reason
  }
  const server = served.value
  project.provide('nitroUrl', `http://127.0.0.1:${server.info.port}`)
  project.provide('nitroDevUrl', `http://127.0.0.1:${devPort}`)
  return async () => {
    await Promise.all([server.stop(), dev.value.stop()])
  }
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
