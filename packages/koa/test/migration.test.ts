/**
 * Migrating from @koa/cors: the same requests against a Koa app with @koa/cors and one with
 * @corsa/koa, options renamed as in docs/koa.md. What stays, what changes on purpose, and what
 * is refused with a CorsConfigError.
 */
import koaCors from '@koa/cors'
import Koa from 'koa'
import { afterAll, describe, expect, it } from 'vitest'
import { APP, PREFLIGHT_VARY } from '@corsa/testkit/fixtures'
import { from, preflight, type Reply, type Running, send, serve } from '@corsa/testkit/node-http'
import { cors, CorsConfigError, type KoaCorsOptions } from '@corsa/koa'

const EVIL = 'https://evil.test'
const servers: Running[] = []
afterAll(async () => void (await Promise.all(servers.map((s) => s.close()))))

async function start(middleware: Koa.Middleware): Promise<string> {
  const app = new Koa()
  app.silent = true
  app.use(middleware)
  app.use((ctx) => {
    if (ctx.path === '/throw') ctx.throw(400, 'bad')
    ctx.set('Vary', 'Accept-Encoding')
    ctx.body = 'ok'
  })
  const s = await serve(app.callback())
  servers.push(s)
  return s.url
}

async function pair(
  theirs: koaCors.Options,
  ours: KoaCorsOptions,
): Promise<(path: string, init?: Parameters<typeof send>[2]) => Promise<[Reply, Reply]>> {
  const [a, b] = await Promise.all([start(koaCors(theirs)), start(cors(ours))])
  return (path, init) => Promise.all([send(a, path, init), send(b, path, init)])
}
const pick = (r: Reply, ...names: string[]) => Object.fromEntries(names.map((n) => [n, r.header(n)]))

describe('the same as @koa/cors', () => {
  it('defaults: * for any origin; a 204 preflight with GET, HEAD, PUT, POST, DELETE, PATCH, reflecting requested headers', async () => {
    const both = await pair({}, {})
    const [a, b] = await both('/', from(EVIL))
    expect([a.header('access-control-allow-origin'), b.header('access-control-allow-origin')]).toEqual(['*', '*'])
    const [pa, pb] = await both('/', preflight(EVIL, 'PATCH', 'x-anything'))
    expect([pa.status, pb.status]).toEqual([204, 204])
    expect(pa.header('access-control-allow-methods')).toBe('GET,HEAD,PUT,POST,DELETE,PATCH')
    expect(pb.header('access-control-allow-methods')).toBe('GET, HEAD, PUT, PATCH, POST, DELETE')
    expect([pa.header('access-control-allow-headers'), pb.header('access-control-allow-headers')]).toEqual(['x-anything', '*'])
  })

  it('credentials, exposeHeaders, maxAge and allowMethods keep their names', async () => {
    const both = await pair(
      { origin: APP, credentials: true, exposeHeaders: ['X-Total'], maxAge: 600, allowMethods: ['GET', 'PUT'] },
      { origin: APP, credentials: true, exposeHeaders: ['X-Total'], maxAge: 600, allowMethods: ['GET', 'PUT'] },
    )
    const [a, b] = await both('/', from(APP))
    const actual = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers']
    expect(pick(b, ...actual)).toEqual(pick(a, ...actual))
    const [pa, pb] = await both('/', preflight(APP, 'PUT'))
    const pre = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-max-age']
    expect(pick(pb, ...pre)).toEqual(pick(pa, ...pre))
    expect([pa.header('access-control-allow-methods'), pb.header('access-control-allow-methods')]).toEqual(['GET,PUT', 'GET, PUT'])
  })

  it('headers stay on an error answered by Koa (keepHeadersOnError’s default, always on in corsa)', async () => {
    const both = await pair({ origin: APP }, { origin: APP })
    const [a, b] = await both('/throw', from(APP))
    expect([a.status, b.status]).toEqual([400, 400])
    expect([a.header('access-control-allow-origin'), b.header('access-control-allow-origin')]).toEqual([APP, APP])
    expect([a.header('vary'), b.header('vary')]).toEqual(['Origin', 'Origin'])
  })

  it('an OPTIONS without Access-Control-Request-Method goes on to the app', async () => {
    const both = await pair({}, {})
    const [a, b] = await both('/', { method: 'OPTIONS', headers: { Origin: APP } })
    expect([a.body, b.body]).toEqual(['ok', 'ok'])
  })
})

describe('what changes on purpose', () => {
  it('Vary: Origin survives a route that sets its own Vary (with @koa/cors the route’s replaces it)', async () => {
    const both = await pair({ origin: APP }, { origin: APP })
    const [a, b] = await both('/', from(APP))
    expect(a.header('vary')).toBe('Accept-Encoding')
    expect(b.header('vary')).toBe('Accept-Encoding, Origin')
  })
  it('a string origin is sent only to that origin, not to every caller', async () => {
    const both = await pair({ origin: APP }, { origin: APP })
    const [a, b] = await both('/', from(EVIL))
    expect(a.header('access-control-allow-origin')).toBe(APP)
    expect(b.cors()).toEqual([])
  })

  it('origin is a list, a pattern or (origin, ctx) => boolean, not (ctx) => the header value', async () => {
    const both = await pair(
      { origin: (ctx) => (ctx.get('Origin').endsWith('.example.com') ? ctx.get('Origin') : '') },
      { origin: ['https://*.example.com'] },
    )
    const [a, b] = await both('/', from('https://eu.example.com'))
    expect([a.header('access-control-allow-origin'), b.header('access-control-allow-origin')]).toEqual([
      'https://eu.example.com',
      'https://eu.example.com',
    ])
    // @koa/cors's form, passed as is, refuses every origin (it is called with the origin, not ctx).
    const ported = await start(cors({ origin: ((ctx: Koa.Context) => ctx.get('Origin')) as never }))
    expect((await send(ported, '/', from(APP))).cors()).toEqual([])
  })

  it('with an allowHeaders list, a requested header outside it is refused (no max-age)', async () => {
    const both = await pair({ allowHeaders: ['Content-Type'], maxAge: 60 }, { allowHeaders: ['Content-Type'], maxAge: 60 })
    const [a, b] = await both('/', preflight(APP, 'PUT', 'x-other'))
    expect(a.header('access-control-max-age')).toBe('60')
    expect(b.header('access-control-max-age')).toBeUndefined()
  })

  it('a preflight gets Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers', async () => {
    const both = await pair({ origin: APP }, { origin: APP })
    const [a, b] = await both('/', preflight(APP, 'PUT'))
    expect(a.header('vary')).toBe('Origin')
    expect(b.header('vary')).toBe(PREFLIGHT_VARY)
  })
})

describe('options of @koa/cors that corsa refuses with CorsConfigError, with why', () => {
  const cases: [string, object, RegExp][] = [
    ['credentials with the default origin (which @koa/cors turns into reflecting every origin)', { credentials: true }, /credentials/],
    ['credentials as a function', { origin: APP, credentials: () => true }, /credentials must be true or false/],
    ['allowMethods as a string', { allowMethods: 'GET,POST' }, /allowMethods: \['GET', 'POST'\]/],
    ['keepHeadersOnError', { keepHeadersOnError: false }, /error responses too/],
    ['secureContext', { secureContext: true }, /Cross-Origin-Opener/],
    ['privateNetworkAccess', { privateNetworkAccess: true }, /Private Network/],
  ]
  for (const [what, options, why] of cases) {
    it(what, () => {
      const error = (() => {
        try {
          cors(options as never)
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(CorsConfigError)
      expect((error as Error).message).toMatch(why)
    })
  }
})
