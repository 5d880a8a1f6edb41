import { runConformance } from '@corsa/testkit/conformance'
import { csrfPolicy, runCsrfProof } from '@corsa/testkit/csrf'
import { serve } from '@corsa/testkit/node-http'
import { cors } from '@corsa/koa'
import { startConformance, versions } from './support/app.js'

for (const [name, K] of versions) {
  runConformance(`@corsa/koa on ${name} with @koa/router`, startConformance(K))
  runCsrfProof(`@corsa/koa on ${name}`, async () => {
    const app = new K()
    let hits = 0
    app.use(async (ctx, next) => (ctx.path === '/__hits' ? void (ctx.body = { hits }) : next()))
    app.use(cors(csrfPolicy()))
    app.use((ctx) => {
      hits++
      ctx.body = 'done'
    })
    const s = await serve(app.callback())
    return { url: s.url, stop: () => s.close() }
  })
}
