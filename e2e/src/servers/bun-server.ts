/**
 * The API server on Bun: `corsRoutes` from `@corsa/bun`, one `/<policy>/*` route per policy, in
 * `Bun.serve` over https. Run as `bun src/servers/bun-server.ts <config.json>`; prints `{"port":…}`
 * and exits when its stdin closes (the runner went away).
 */
import { corsRoutes } from '@corsa/bun'
import { app, route } from '../app.ts'
import type { ServerConfig } from '../world.ts'
import { fetchRecorder } from './fetch-recorder.ts'

type Handler = (request: Request, server: unknown) => unknown

const config = (await Bun.file(process.argv[2]!).json()) as ServerConfig
const { record, logResponse } = fetchRecorder()
const routes: Record<string, Handler> = { '/__log': logResponse }
for (const [name, options] of Object.entries(config.policies)) {
  const path = `/${name}/*`
  const application: Handler = (request) => app(request, route(new URL(request.url).pathname).path, config.upstream)
  const corsed = corsRoutes({ [path]: application } as never, options as never) as unknown as Record<string, Handler>
  const handler = corsed[path]!
  routes[path] = (request, server) => record(request, () => handler(request, server))
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  tls: { key: config.key, cert: config.cert },
  routes: routes as never,
  fetch: (request) => record(request, () => new Response('no such policy', { status: 404 })),
})
console.log(JSON.stringify({ port: server.port, runtime: `Bun ${Bun.version}` }))
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
