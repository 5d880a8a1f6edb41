import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

/**
 * Builds the fixture app with the real `next build` and serves it with `next start` on
 * 127.0.0.1 and a free port; the tests read its address with `inject('nextUrl')`.
 */
const fixture = fileURLToPath(new URL('../../fixture', import.meta.url))
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next')
// Headers up to 4 MB reach the app, as in the other faces' servers (tools/testkit/src/node-http.ts): Node's
// default of 16 KB would answer the hostile-input tests' 1 MB headers itself, closing the connection
// while the client still writes, which reads as ECONNRESET.
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'production',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-http-header-size=${4 * 1024 * 1024}`.trim(),
}
const BUILD_TIMEOUT = 300_000
const READY_TIMEOUT = 30_000
const SERVER_LIFETIME = 15 * 60_000

declare module 'vitest' {
  export interface ProvidedContext {
    nextUrl: string
    nextVersion: string
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

function build(): Promise<number> {
  const started = Date.now()
  const child = spawn(process.execPath, [nextBin, 'build', fixture], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: BUILD_TIMEOUT + 5_000,
    killSignal: 'SIGKILL',
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop(child)
      reject(new Error(`next build took over ${BUILD_TIMEOUT / 1000}s:\n${output}`))
    }, BUILD_TIMEOUT)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(Date.now() - started)
      else reject(new Error(`next build failed (exit ${code}):\n${output}`))
    })
  })
}

/** Starts `next start` and resolves with its URL once it answers HTTP. */
async function start(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [nextBin, 'start', fixture, '--hostname', '127.0.0.1', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // A ceiling in case the test run dies without tearing down.
    timeout: SERVER_LIFETIME,
    killSignal: 'SIGKILL',
  })
  let output = ''
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next start printed no address in ${READY_TIMEOUT / 1000}s:\n${output}`)), READY_TIMEOUT)
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match && match[1] !== '0') {
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${match[1]}`)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`next start exited (${code}):\n${output}`))
    })
  }).catch(async (error) => {
    await stop(child)
    throw error
  })
  // Ready means a route handler answers, not just that the port is open.
  const deadline = Date.now() + READY_TIMEOUT
  for (;;) {
    try {
      const response = await fetch(`${url}/routes/items/ready`, { signal: AbortSignal.timeout(2_000) })
      if (response.ok) return { child, url }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop(child)
      throw new Error(`next start did not answer within ${READY_TIMEOUT / 1000}s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

export default async function setup(project: TestProject) {
  const buildMs = await build()
  const { version } = createRequire(import.meta.url)('next/package.json') as { version: string }
  console.log(`[corsa/next] next build of the fixture (Next.js ${version}) took ${(buildMs / 1000).toFixed(1)}s`)
  const { child, url } = await start()
  project.provide('nextUrl', url)
  project.provide('nextVersion', version)
  return () => stop(child)
}
