/** Serves the apps of app.ts in a real runtime: @hono/node-server in this process, or the bun binary. */
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { running, type Running } from '@corsa/testkit/node-http'
import { startServer } from '@corsa/testkit/process'
import { serve } from '@hono/node-server'
import { type AppName, apps } from './app.js'

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
export async function onBun(): Promise<Served> {
  const server = await startServer(bunBinary, [`--max-http-header-size=${4 * 1024 * 1024}`, script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  })
  const { bun, ports } = server.info as { bun: string; ports: Record<AppName, number> }
  return {
    version: `bun ${bun}`,
    url: (name) => `http://127.0.0.1:${ports[name]}`,
    port: (name) => ports[name],
    stop: server.stop,
  }
}
