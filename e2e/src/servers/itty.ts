/**
 * `cors()` from `@corsa/itty` (`{ preflight, corsify }`) in itty-router 6's `AutoRouter`, one router
 * per policy with `preflight` first in `before` and `corsify` last in `finally`, served on Node
 * through `@whatwg-node/server` with Node's own `Request` (docs/itty.md, "Node").
 */
import { cors } from '@corsa/itty'
import { createServerAdapter } from '@whatwg-node/server'
import { AutoRouter } from 'itty-router'
import type { RequestListener } from 'node:http'
import { app, route } from '../app.ts'
import type { PolicyOptions, Recorded } from '../world.ts'
import { listenHttps, recording } from './node-host.ts'
import { FACE_PROOF } from './subset.ts'
import type { Adapter } from './types.ts'

function policyRouter(name: string, options: PolicyOptions, upstream: string) {
  const { preflight, corsify } = cors(options as never)
  const router = AutoRouter({ base: `/${name}`, before: [preflight], finally: [corsify] })
  // The application's routes; AutoRouter's `catch` turns the thrown error of /throw into a 500.
  router.all('*', (request: Request) => app(request, route(new URL(request.url).pathname).path, upstream))
  return router
}

export const ittyAdapter: Adapter = {
  name: '@corsa/itty cors()',
  runtime: () => `itty-router 6 AutoRouter on Node ${process.versions.node} (node:https + @whatwg-node/server)`,
  scenarios: FACE_PROOF,
  async start(config) {
    const routers = new Map(Object.entries(config.policies).map(([name, options]) => [name, policyRouter(name, options, config.upstream)]))
    const fetch = (request: Request) => {
      const router = routers.get(route(new URL(request.url).pathname).policy)
      return router ? router.fetch(request) : new Response('no such policy', { status: 404 })
    }
    const adapter = createServerAdapter(fetch, { fetchAPI: { Request, Response, Headers } })
    const log: Recorded[] = []
    const server = await listenHttps(config, recording(log, adapter as unknown as RequestListener))
    return { port: server.port, requests: async () => log, close: server.close }
  },
}
