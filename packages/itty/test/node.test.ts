// itty-router v5 and v6, AutoRouter and Router, on Node through @whatwg-node/server.
import { createServer } from 'node:http'
import { listen } from '@corsa/testkit/node-http'
import { createServerAdapter } from '@whatwg-node/server'
import * as v5 from 'itty-router-5'
import * as v6 from 'itty-router'
import { ittyApps, type Itty } from './support/apps.js'
import { runConformance } from '@corsa/testkit/conformance'

for (const [version, itty] of [
  ['v6', v6],
  ['v5', v5],
] as const) {
  for (const kind of ['auto', 'router'] as const) {
    runConformance(`itty-router ${version} ${kind === 'auto' ? 'AutoRouter' : 'Router'} on Node (@whatwg-node/server)`, async () => {
      // Native Requests: v6's AutoRouter spreads the request, and a PonyfillRequest's own null fields make it throw.
      const adapter = createServerAdapter(ittyApps(itty as unknown as Itty, kind), { fetchAPI: { Request, Response, Headers } })
      const running = await listen(createServer({ maxHeaderSize: 4 * 1024 * 1024 }, adapter))
      return { url: (app) => `${running.url}/${app}`, stop: () => running.close(), middlewareBefore: false }
    })
  }
}
