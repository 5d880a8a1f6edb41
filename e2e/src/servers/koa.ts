/**
 * `cors()` from `@corsa/koa` in Koa 3: one corsa middleware per policy, first, picked by the
 * path's `/<policy>/` prefix, then the application's routes written for `@koa/router`.
 */
import { cors, type KoaCorsOptions } from '@corsa/koa'
import Router from '@koa/router'
import Koa, { type Middleware } from 'koa'
import http, { type IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { DATA_HEADERS, loginCookies, route, SAME_ORIGIN_PAGE, SHARED_CACHE_CONTROL, STREAM_CHUNKS, STREAM_GAP_MS } from '../app.ts'
import type { Recorded } from '../world.ts'
import { listenHttps, recording } from './node-host.ts'
import type { Adapter } from './types.ts'

const JSON_TYPE = { 'content-type': 'application/json' }
/** Hop-by-hop headers of the upstream's answer, which Node writes itself. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding'])

function get(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => void http.get(url, resolve).on('error', reject))
}

async function readText(req: IncomingMessage): Promise<string> {
  let body = ''
  req.setEncoding('utf8')
  for await (const chunk of req) body += chunk as string
  return body
}

async function* stream(): AsyncGenerator<string> {
  for (const [i, chunk] of STREAM_CHUNKS.entries()) {
    if (i) await new Promise((resolve) => setTimeout(resolve, STREAM_GAP_MS))
    yield chunk
  }
}

/** The same application as `app.ts`, as `@koa/router` routes under `/:policy`. */
function appRouter(upstream: string): Router {
  const router = new Router({ prefix: '/:policy' })
  router.all('/data', async (ctx) => {
    const body = ctx.method === 'GET' || ctx.method === 'HEAD' ? '' : await readText(ctx.req)
    ctx.set({ ...DATA_HEADERS, ...JSON_TYPE, 'cache-control': 'no-store' })
    ctx.body = { method: ctx.method, body, authorization: ctx.get('authorization') || null }
  })
  router.get('/login', (ctx) => {
    ctx.set({ ...JSON_TYPE, 'cache-control': 'no-store' })
    ctx.set('set-cookie', loginCookies(String(ctx.query.name ?? 'sid')))
    ctx.body = { loggedIn: true }
  })
  router.get('/whoami', (ctx) => {
    ctx.set({ ...JSON_TYPE, 'cache-control': 'no-store' })
    ctx.body = { cookie: ctx.get('cookie') }
  })
  router.get('/status', (ctx) => {
    const status = Number(ctx.query.code ?? 500)
    ctx.status = status
    ctx.set(JSON_TYPE)
    ctx.body = { error: `status ${status}` }
  })
  router.get('/throw', () => {
    throw new Error('the handler failed (expected by the e2e suite)')
  })
  router.get('/redirect', (ctx) => {
    ctx.redirect(new URL(String(ctx.query.to ?? '/'), ctx.href).href)
  })
  router.get('/proxy', async (ctx) => {
    const up = await get(`${upstream}/upstream`)
    ctx.status = up.statusCode ?? 502
    for (const [name, value] of Object.entries(up.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) ctx.set(name, value)
    ctx.body = up
  })
  router.get('/stream', (ctx) => {
    ctx.set({ 'content-type': 'text/plain', 'cache-control': 'no-store' })
    ctx.body = Readable.from(stream())
  })
  router.get('/cacheable', (ctx) => {
    ctx.set({ 'content-type': 'text/plain', 'cache-control': 'max-age=600' })
    ctx.body = 'cacheable body'
  })
  router.get('/shared', (ctx) => {
    ctx.set({ 'content-type': 'text/plain', 'cache-control': SHARED_CACHE_CONTROL })
    ctx.body = 'shared body'
  })
  router.get('/page/', (ctx) => {
    ctx.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    ctx.body = SAME_ORIGIN_PAGE
  })
  router.all('/options', (ctx) => {
    if (ctx.method === 'OPTIONS') {
      ctx.set({ allow: 'GET, OPTIONS', 'cache-control': 'no-store' })
      ctx.body = 'the application answered OPTIONS'
    } else {
      ctx.status = 405
      ctx.body = 'not OPTIONS'
    }
  })
  return router
}

export const koaAdapter: Adapter = {
  name: '@corsa/koa cors()',
  runtime: () => `Koa 3 on Node ${process.versions.node} (node:https, @koa/router)`,
  async start(config) {
    const policies = new Map(Object.entries(config.policies).map(([name, options]) => [name, cors(options as KoaCorsOptions)]))
    const app = new Koa()
    // The thrown error of /throw is expected: Koa answers it with a 500 without logging it.
    app.silent = true
    const corsa: Middleware = (ctx, next) => {
      const policy = policies.get(route(ctx.path).policy)
      if (policy) return policy(ctx, next)
      ctx.status = 404
      ctx.set(JSON_TYPE)
      ctx.body = { error: 'no such policy' }
    }
    const router = appRouter(config.upstream)
    app.use(corsa).use(router.routes())
    app.use((ctx) => {
      ctx.status = 404
      ctx.set(JSON_TYPE)
      ctx.body = { error: 'not found' }
    })
    const log: Recorded[] = []
    const server = await listenHttps(config, recording(log, app.callback()))
    return { port: server.port, requests: async () => log, close: server.close }
  },
}
