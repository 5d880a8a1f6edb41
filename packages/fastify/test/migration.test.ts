/**
 * Migrating from @fastify/cors: the same requests against an app with @fastify/cors and one with
 * @corsa/fastify, options renamed as in docs/fastify.md. What stays the same, what changes on
 * purpose, and what is refused with a CorsConfigError.
 */
import fastifyCors from '@fastify/cors'
import { afterAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { APP, PREFLIGHT_VARY } from '@corsa/testkit/fixtures'
import { from, preflight, type Reply, send } from '@corsa/testkit/node-http'
import cors, { CorsConfigError, type FastifyCorsOptions } from '@corsa/fastify'
import { fastify, listen } from './support/app.js'

const EVIL = 'https://evil.test'
const apps: FastifyInstance[] = []
afterAll(async () => void (await Promise.all(apps.map((app) => app.close()))))

async function serve(register: (app: FastifyInstance) => PromiseLike<unknown>): Promise<string> {
  const app = fastify()
  apps.push(app)
  await register(app)
  app.get('/ok', async (_request, reply) => reply.header('vary', 'Accept-Encoding').send('ok'))
  app.put('/ok', async () => 'put')
  return listen(app)
}

/** Both apps: @fastify/cors with its options, corsa with the renamed ones. */
async function pair(theirs: object, ours: FastifyCorsOptions): Promise<(path: string, init?: Parameters<typeof send>[2]) => Promise<[Reply, Reply]>> {
  const [a, b] = await Promise.all([serve((app) => app.register(fastifyCors, theirs)), serve((app) => app.register(cors, ours))])
  return async (path, init) => Promise.all([send(a, path, init), send(b, path, init)])
}

const pick = (r: Reply, ...names: string[]) => Object.fromEntries(names.map((n) => [n, r.header(n)]))

describe('the same as @fastify/cors', () => {
  it('defaults: * on every response, a 204 preflight reflecting the requested headers', async () => {
    const both = await pair({}, {})
    const [a, b] = await both('/ok', from(EVIL))
    expect(b.header('access-control-allow-origin')).toBe(a.header('access-control-allow-origin'))
    const [pa, pb] = await both('/ok', preflight(EVIL, 'POST', 'x-anything'))
    expect([pb.status, pb.header('access-control-allow-origin')]).toEqual([pa.status, pa.header('access-control-allow-origin')])
    expect(pa.header('access-control-allow-headers')).toBe('x-anything')
    expect(pb.header('access-control-allow-headers')).toBe('*')
  })

  it('origin list and anchored RegExp, credentials, exposedHeaders → exposeHeaders, maxAge, optionsSuccessStatus → preflightStatus', async () => {
    const both = await pair(
      {
        origin: [APP, /^https:\/\/[a-z]+\.example\.org$/],
        credentials: true,
        exposedHeaders: ['X-Total'],
        maxAge: 600,
        optionsSuccessStatus: 200,
        methods: ['GET', 'PUT'],
      },
      {
        origin: [APP, /^https:\/\/[a-z]+\.example\.org$/],
        credentials: true,
        exposeHeaders: ['X-Total'],
        maxAge: 600,
        preflightStatus: 200,
        allowMethods: ['GET', 'PUT'],
      },
    )
    for (const origin of [APP, 'https://shop.example.org']) {
      const [a, b] = await both('/ok', from(origin))
      const actual = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers']
      expect(pick(b, ...actual)).toEqual(pick(a, ...actual))
      const [pa, pb] = await both('/ok', preflight(origin, 'PUT'))
      const pre = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-max-age']
      expect([pb.status, pick(pb, ...pre)]).toEqual([pa.status, pick(pa, ...pre)])
    }
  })

  it('allowedHeaders → allowHeaders: the list is sent (corsa adds the five headers browsers may always send)', async () => {
    const both = await pair({ allowedHeaders: ['Content-Type', 'X-Custom'] }, { allowHeaders: ['Content-Type', 'X-Custom'] })
    const [a, b] = await both('/ok', preflight(APP, 'PUT', 'x-custom'))
    expect(a.header('access-control-allow-headers')).toBe('Content-Type, X-Custom')
    expect(b.header('access-control-allow-headers')).toMatch(/^Content-Type, X-Custom, /)
  })

  it('an async origin function decides', async () => {
    const both = await pair({ origin: async (origin: string) => origin === APP }, { origin: async (origin) => origin === APP })
    for (const origin of [APP, EVIL]) {
      const [a, b] = await both('/ok', from(origin))
      expect(b.header('access-control-allow-origin')).toBe(a.header('access-control-allow-origin'))
    }
  })
})

describe('what changes on purpose', () => {
  it('Vary: Origin survives a route that sets its own Vary (with @fastify/cors the route’s replaces it)', async () => {
    const both = await pair({ origin: [APP] }, { origin: [APP] })
    const [a, b] = await both('/ok', from(APP))
    expect(a.header('vary')).toBe('Accept-Encoding')
    expect(b.header('vary')).toBe('Accept-Encoding, Origin')
  })

  it('a refused origin gets no Access-Control-* header at all (not -Allow-Credentials and -Expose-Headers)', async () => {
    const both = await pair(
      { origin: [APP], credentials: true, exposedHeaders: ['X-Total'] },
      { origin: [APP], credentials: true, exposeHeaders: ['X-Total'] },
    )
    const [a, b] = await both('/ok', from(EVIL))
    expect(a.cors().sort()).toEqual(['access-control-allow-credentials', 'access-control-expose-headers'])
    expect(b.cors()).toEqual([])
  })

  it('the default methods are GET, HEAD, PUT, PATCH, POST, DELETE (not GET,HEAD,POST)', async () => {
    const both = await pair({}, {})
    const [a, b] = await both('/ok', preflight(APP, 'PUT'))
    expect(a.header('access-control-allow-methods')).toBe('GET,HEAD,POST')
    expect(b.header('access-control-allow-methods')).toBe('GET, HEAD, PUT, PATCH, POST, DELETE')
  })

  it('a string origin is sent only to that origin, not to every caller', async () => {
    const both = await pair({ origin: APP }, { origin: APP })
    const [a, b] = await both('/ok', from(EVIL))
    expect(a.header('access-control-allow-origin')).toBe(APP)
    expect(b.cors()).toEqual([])
  })

  it('an OPTIONS that is not a preflight is the app’s: no 400 Invalid Preflight Request', async () => {
    const both = await pair({}, {})
    const [a, b] = await both('/ok', { method: 'OPTIONS', headers: { Origin: APP } })
    expect([a.status, a.body]).toEqual([400, 'Invalid Preflight Request'])
    expect(b.status).toBe(404)
  })

  it('no OPTIONS * route, so the app may have its own', async () => {
    const theirs = fastify()
    apps.push(theirs)
    await theirs.register(fastifyCors)
    expect(() => theirs.options('*', async () => 'mine')).toThrow("Method 'OPTIONS' already declared for route '*'")
    const ours = fastify()
    apps.push(ours)
    await ours.register(cors)
    ours.options('*', async () => 'mine')
    await expect(ours.ready()).resolves.toBeDefined()
  })

  it('a 204 preflight has no Content-Length: 0 (RFC 9110 §8.6)', async () => {
    const both = await pair({}, {})
    const [a, b] = await both('/ok', preflight(APP, 'PUT'))
    expect(a.header('content-length')).toBe('0')
    expect(b.header('content-length')).toBeUndefined()
  })

  it('a refused origin’s preflight gets only Vary, not the method list', async () => {
    const both = await pair({ origin: [APP] }, { origin: [APP] })
    const [a, b] = await both('/ok', preflight(EVIL, 'PUT'))
    expect(a.header('access-control-allow-methods')).toBeDefined()
    expect(b.cors()).toEqual([])
    expect(b.header('vary')).toBe(PREFLIGHT_VARY)
  })
})

describe('options of @fastify/cors that corsa refuses with CorsConfigError, with why', () => {
  const cases: [string, object, RegExp][] = [
    ['origin: true (reflect any origin)', { origin: true }, /origin/],
    ['origin: * with credentials', { origin: '*', credentials: true }, /credentials/],
    ['an unanchored RegExp', { origin: /example\.com$/ }, /anchored/],
    ['methods', { methods: 'GET,POST' }, /write allowMethods/],
    ['allowedHeaders', { allowedHeaders: ['X'] }, /write allowHeaders/],
    ['exposedHeaders', { exposedHeaders: ['X'] }, /write exposeHeaders/],
    ['optionsSuccessStatus', { optionsSuccessStatus: 200 }, /write preflightStatus/],
    ['preflightContinue', { preflightContinue: true }, /preflights never reach the app/],
    ['preflight: false', { preflight: false }, /always answers preflights/],
    ['strictPreflight', { strictPreflight: false }, /strictly/],
    ['hideOptionsRoute', { hideOptionsRoute: true }, /no OPTIONS route/],
    ['hook', { hook: 'preHandler' }, /onRequest/],
    ['delegator', { delegator: () => ({}) }, /origin predicate/],
    ['logLevel', { logLevel: 'silent' }, /registers no route/],
    ['cacheControl', { cacheControl: 'max-age=60' }, /Max-Age/],
  ]
  it('a route’s config.cors, when the route is declared', async () => {
    const app = fastify()
    apps.push(app)
    await app.register(cors)
    expect(() => app.get('/x', { config: { cors: false } }, async () => 'x')).toThrow(
      /config.cors of route GET \/x is @fastify\/cors's per-route setting/,
    )
    expect(() => app.get('/y', { config: { other: true } }, async () => 'y')).not.toThrow()
  })

  for (const [what, options, why] of cases) {
    it(what, async () => {
      const app = fastify()
      apps.push(app)
      const error = await (async () => {
        await app.register(cors, options as never)
        await app.ready()
      })().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CorsConfigError)
      expect((error as Error).message).toMatch(why)
    })
  }
})
