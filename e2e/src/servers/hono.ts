/** `cors()` from `@corsa/hono`, one `app.use('/<policy>/*', cors(...))` per policy, in Hono on Node (`@hono/node-server`). */
import { cors } from '@corsa/hono'
import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { app, route } from '../app.ts'
import type { Recorded } from '../world.ts'
import { listenHttps, NODE_GLOBALS, recording } from './node-host.ts'
import type { Adapter } from './types.ts'

export const honoAdapter: Adapter = {
  name: '@corsa/hono cors()',
  runtime: () => `Hono on Node ${process.versions.node} (@hono/node-server)`,
  async start(config) {
    const hono = new Hono()
    for (const [name, options] of Object.entries(config.policies)) hono.use(`/${name}/*`, cors(options as never))
    hono.all('/:policy/*', (c) => app(c.req.raw, route(c.req.path).path, config.upstream))
    const log: Recorded[] = []
    const server = await listenHttps(config, recording(log, getRequestListener(hono.fetch, NODE_GLOBALS)))
    return { port: server.port, requests: async () => log, close: server.close }
  },
}
