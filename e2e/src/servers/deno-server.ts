/**
 * The API server on Deno: `corsServe` from `@corsa/deno` wraps one handler per policy; one
 * `Deno.serve` over https dispatches `/<policy>/…` to them. Run as
 * `deno run --config src/servers/deno.run.json --allow-net=127.0.0.1 --allow-read src/servers/deno-server.ts <config.json>`;
 * prints `{"port":…}` and exits when its stdin closes (the runner went away).
 */
import { corsServe } from '@corsa/deno'
import { app, route } from '../app.ts'
import type { ServerConfig } from '../world.ts'
import { fetchRecorder } from './fetch-recorder.ts'

type Handler = (request: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) => Response | Promise<Response>

const config = JSON.parse(await Deno.readTextFile(Deno.args[0]!)) as ServerConfig
const { record, logResponse } = fetchRecorder()
const handlers = new Map<string, Handler>()
for (const [name, options] of Object.entries(config.policies)) {
  const serve = corsServe({ handler: (request) => app(request, route(new URL(request.url).pathname).path, config.upstream) }, options as never)
  handlers.set(name, serve.handler as Handler)
}

Deno.serve(
  {
    hostname: '127.0.0.1',
    port: 0,
    cert: config.cert,
    key: config.key,
    onListen: ({ port }) => console.log(JSON.stringify({ port, runtime: `Deno ${Deno.version.deno}` })),
  },
  (request, info) => {
    const { pathname } = new URL(request.url)
    if (pathname === '/__log') return logResponse()
    const handler = handlers.get(route(pathname).policy)
    return record(request, () => (handler ? handler(request, info) : new Response('no such policy', { status: 404 })))
  },
)
const stdin = Deno.stdin.readable.getReader()
while (!(await stdin.read()).done);
Deno.exit(0)
