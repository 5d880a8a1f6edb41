/**
 * `cors()` from `@corsa/h3` in an h3 v2 app on Node: `app.use('/<policy>/**', cors(...))` first, then
 * the application's route, served through h3's `toNodeHandler`. Nitro runs the same middleware
 * from `middleware/`; a `nitro build` per policy set would cost more than the whole face's run, and
 * packages/h3's own tests build and serve one (docs/h3.md), so the browser suite serves h3's app.
 */
import { cors } from '@corsa/h3'
import { H3, toNodeHandler } from 'h3'
import { app, route } from '../app.ts'
import type { Recorded } from '../world.ts'
import { listenHttps, recording } from './node-host.ts'
import { FACE_PROOF } from './subset.ts'
import type { Adapter } from './types.ts'

export const h3Adapter: Adapter = {
  name: '@corsa/h3 cors()',
  runtime: () => `h3 2 on Node ${process.versions.node} (node:https + toNodeHandler)`,
  scenarios: FACE_PROOF,
  async start(config) {
    // The thrown error of /throw is expected: h3 answers it with a 500 without logging it.
    const h3 = new H3({ silent: true })
    for (const [name, options] of Object.entries(config.policies)) h3.use(`/${name}/**`, cors(options as never))
    h3.all('/**', (event) => app(event.req, route(event.url.pathname).path, config.upstream))
    const log: Recorded[] = []
    const server = await listenHttps(config, recording(log, toNodeHandler(h3)))
    return { port: server.port, requests: async () => log, close: server.close }
  },
}
