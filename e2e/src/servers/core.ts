/** `withCors` from `@corsa/core` on Node, through `@hono/node-server`'s request listener. */
import { withCors } from '@corsa/core'
import { getRequestListener } from '@hono/node-server'
import { app, route } from '../app.ts'
import type { Recorded } from '../world.ts'
import { listenHttps, NODE_GLOBALS, recording } from './node-host.ts'
import type { Adapter } from './types.ts'

export const coreAdapter: Adapter = {
  name: '@corsa/core withCors',
  runtime: () => `Node ${process.versions.node} (node:https + @hono/node-server)`,
  async start(config) {
    const handlers = new Map(
      Object.entries(config.policies).map(([name, options]) => [
        name,
        withCors((request: Request, path: string) => app(request, path, config.upstream), options as never),
      ]),
    )
    const fetch = (request: Request) => {
      const { policy, path } = route(new URL(request.url).pathname)
      const handler = handlers.get(policy)
      return handler ? handler(request, path) : new Response('no such policy', { status: 404 })
    }
    const log: Recorded[] = []
    const server = await listenHttps(config, recording(log, getRequestListener(fetch, NODE_GLOBALS)))
    return { port: server.port, requests: async () => log, close: server.close }
  },
}
