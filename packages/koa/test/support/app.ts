/** The conformance routes in Koa (2 or 3) with @koa/router, corsa applied as users apply it. */
import { Readable } from 'node:stream'
import Router from '@koa/router'
import Koa from 'koa'
import Koa2 from 'koa2'
import { APP, suitePolicy } from '@corsa/testkit/fixtures'
import { type Running, serve } from '@corsa/testkit/node-http'
import { cors, type KoaCorsOptions } from '@corsa/koa'
import type { ConformanceApp, ConformanceServer as Started } from '@corsa/testkit/conformance'

export type KoaClass = typeof Koa
export const versions: [string, KoaClass][] = [
  ['Koa 3', Koa],
  ['Koa 2', Koa2 as unknown as KoaClass],
]

/** The routes of the contract on a @koa/router router; `hits` counts requests that reached them. */
export function routes(): Router {
  let hits = 0
  const router = new Router()
  router.use(async (ctx, next) => {
    if (ctx.path !== '/__hits') hits++
    await next()
  })
  router.get('/__hits', (ctx) => void (ctx.body = { hits }))
  router.get('/ok', (ctx) => void (ctx.body = 'ok'))
  router.options('/ok', (ctx) => void (ctx.body = 'app options'))
  router.get('/status/:n', (ctx) => {
    ctx.status = Number(ctx.params.n)
    if (ctx.status !== 204 && ctx.status !== 304) ctx.body = 'status'
  })
  router.get('/throw', () => {
    throw new Error('boom')
  })
  router.get('/redirect', (ctx) => ctx.redirect('/ok'))
  router.get('/stream', (ctx) => {
    async function* chunks() {
      yield 'a'
      yield 'b'
      await new Promise((resolve) => setTimeout(resolve, 20))
      yield 'c'
    }
    ctx.type = 'text/plain'
    ctx.body = Readable.from(chunks())
  })
  router.get('/cookies', (ctx) => {
    ctx.cookies.set('a', '1', { httpOnly: false })
    ctx.cookies.set('b', '2', { httpOnly: false })
    ctx.body = 'cookies'
  })
  router.get('/vary-before', (ctx) => void (ctx.body = 'vary'))
  router.get('/vary-after', (ctx) => {
    ctx.set('Vary', 'Accept-Language')
    ctx.body = 'vary'
  })
  router.get('/vary-star', (ctx) => {
    ctx.set('Vary', '*')
    ctx.body = 'vary'
  })
  router.get('/own-cors', (ctx) => {
    ctx.set({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Credentials': 'false',
      'Access-Control-Allow-Methods': 'DELETE',
      'Access-Control-Max-Age': '5',
      'Access-Control-Expose-Headers': 'X-Secret',
    })
    ctx.body = 'own'
  })
  return router
}

function build(K: KoaClass, kind: ConformanceApp): Koa {
  const app = new K()
  app.silent = true
  app.use(async (ctx, next) => {
    if (ctx.path === '/vary-before') ctx.set('Vary', 'Accept-Encoding')
    await next()
  })
  if (kind === 'open') app.use(cors())
  else if (kind === 'predicate') app.use(cors({ origin: async (origin, ctx) => origin === APP && ctx.path === '/ok' }))
  else {
    app.use(cors(suitePolicy as KoaCorsOptions))
    if (kind === 'twice') app.use(cors(suitePolicy as KoaCorsOptions))
  }
  const router = routes()
  app.use(router.routes()).use(router.allowedMethods())
  return app
}

export function startConformance(K: KoaClass): () => Promise<Started> {
  return async () => {
    const kinds: ConformanceApp[] = ['policy', 'twice', 'open', 'predicate']
    const running: Running[] = await Promise.all(kinds.map((kind) => serve(build(K, kind).callback())))
    return {
      url: (kind) => running[kinds.indexOf(kind)]!.url,
      stop: async () => void (await Promise.all(running.map((r) => r.close()))),
    }
  }
}
