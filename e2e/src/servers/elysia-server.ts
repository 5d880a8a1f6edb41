/**
 * The API server on Bun with Elysia: per policy, an Elysia app with `prefix: '/<policy>'` that
 * `.use(cors(...))` from `@corsa/elysia` before its routes (Elysia's `onRequest` is app-wide, so one
 * policy per app, docs/elysia.md), served by `Bun.serve` over https and picked by the path's
 * prefix. Run as `bun src/servers/elysia-server.ts <config.json>`; prints `{"port":…}` and exits
 * when its stdin closes (the runner went away).
 */
import { cors } from '@corsa/elysia'
import { Elysia } from 'elysia'
import { app, route } from '../app.ts'
import type { ServerConfig } from '../world.ts'
import { fetchRecorder } from './fetch-recorder.ts'

const config = (await Bun.file(process.argv[2]!).json()) as ServerConfig
const { record, logResponse } = fetchRecorder()

const apps = new Map(
  Object.entries(config.policies).map(([name, options]) => [
    name,
    new Elysia({ prefix: `/${name}` })
      .use(cors(options as never))
      .all('/*', ({ request }) => app(request, route(new URL(request.url).pathname).path, config.upstream)),
  ]),
)

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  tls: { key: config.key, cert: config.cert },
  fetch(request) {
    const { pathname } = new URL(request.url)
    if (pathname === '/__log') return logResponse()
    const elysia = apps.get(route(pathname).policy)
    return record(request, () => (elysia ? elysia.handle(request) : new Response('no such policy', { status: 404 })))
  },
})
console.log(JSON.stringify({ port: server.port, runtime: `Elysia on Bun ${Bun.version}` }))
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
