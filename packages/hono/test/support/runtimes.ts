/** Serves the apps of app.ts in a real runtime: @hono/node-server in this process, or the bun binary. */
import { spawn } from 'node:child_process'
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { type AppName, apps } from './app.js'
import { running, type Running } from './http.js'

export interface Served {
  /** Runtime and version, for the report. */
  version: string
  url(app: AppName): string
  port(app: AppName): number
  stop(): Promise<void>
}

export async function onNodeServer(): Promise<Served> {
  const servers = {} as Record<AppName, Running>
  for (const [name, build] of Object.entries(apps) as [AppName, () => { fetch: (r: Request) => Response | Promise<Response> }][]) {
    const server = serve({
      fetch: build().fetch,
      port: 0,
      hostname: '127.0.0.1',
      serverOptions: { maxHeaderSize: 4 * 1024 * 1024 },
    }) as Server
    servers[name] = await running(server)
  }
  return {
    version: `node ${process.version}`,
    url: (name) => servers[name].url,
    port: (name) => servers[name].port,
    stop: async () => void (await Promise.all(Object.values(servers).map((s) => s.close()))),
  }
}

const bunBinary = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url))
const script = fileURLToPath(new URL('./bun-server.ts', import.meta.url))

/** Spawns the real bun binary (npm package `bun`) on bun-server.ts; bounded start and stop. */
export function onBun(): Promise<Served> {
  const child = spawn(bunBinary, [`--max-http-header-size=${4 * 1024 * 1024}`, script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const kill = setTimeout(() => child.kill('SIGKILL'), 3000)
      child.once('exit', () => {
        clearTimeout(kill)
        resolve()
      })
      child.kill('SIGTERM')
    })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`bun did not start within 20 s:\n${output}`))
    }, 20_000)
    child.stderr.on('data', (chunk) => (output += chunk))
    child.stdout.on('data', (chunk) => {
      output += chunk
      const line = output.split('\n').find((l) => l.startsWith('{') && l.endsWith('}'))
      if (!line) return
      clearTimeout(timer)
      const { bun, ports } = JSON.parse(line) as { bun: string; ports: Record<AppName, number> }
      resolve({
        version: `bun ${bun}`,
        url: (name) => `http://127.0.0.1:${ports[name]}`,
        port: (name) => ports[name],
        stop,
      })
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`bun exited (${code}) before serving:\n${output}`))
    })
  })
}
