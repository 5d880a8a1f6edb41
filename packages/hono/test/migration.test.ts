/**
 * Moving from hono/cors: the behaviours it documents and gets right are kept. Each test serves
 * the same Hono app twice on @hono/node-server (127.0.0.1), once with hono/cors and once with
 * @corsa/hono, with the same options, and compares what a browser acts on. The behaviours the
 * design changes on purpose are the last block (docs/hono.md lists them).
 */
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { Hono, type MiddlewareHandler } from 'hono'
import { cors as honoCors } from 'hono/cors'
import { afterAll, describe, expect, it } from 'vitest'
import { cors, CorsConfigError } from '@corsa/hono'
import { allowsHeader, preflight, running, type Running, send, tokens } from '@corsa/testkit/node-http'

const APP = 'https://app.example.com'
const servers: Running[] = []
afterAll(() => Promise.all(servers.map((s) => s.close())))

async function appWith(middleware: MiddlewareHandler): Promise<Running> {
  const app = new Hono()
  app.use('/api/*', middleware)
  app.get('/api/ok', (c) => {
    c.header('Vary', 'Accept')
    return c.text('ok')
  })
  app.get('/api/throw', () => {
    throw new Error('boom')
  })
  app.onError((_e, c) => c.text('failed', 500))
  app.notFound((c) => c.text('nope', 404))
  const s = await running(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server)
  servers.push(s)
  return s
}

/** The same options to hono/cors and to @corsa/hono. */
async function both(options?: Parameters<typeof honoCors>[0]) {
  return [await appWith(honoCors(options)), await appWith(cors(options as never))] as const
}

describe('kept from hono/cors', () => {
  it('no options: Access-Control-Allow-Origin * on responses', async () => {
    for (const s of await both()) {
      expect((await send(s.url, '/api/ok', { headers: { Origin: 'https://a.test' } })).header('access-control-allow-origin')).toBe('*')
    }
  })

  it('no options: a 204 preflight with the default methods and the requested headers allowed', async () => {
    const [theirs, ours] = await both()
    const a = await send(theirs.url, '/api/ok', preflight('https://a.test', 'PATCH', 'x-foo'))
    const b = await send(ours.url, '/api/ok', preflight('https://a.test', 'PATCH', 'x-foo'))
    for (const r of [a, b]) {
      expect(r.status).toBe(204)
      expect(r.body).toBe('')
      expect(allowsHeader(r, 'x-foo')).toBe(true)
      expect(tokens(r.header('access-control-allow-methods'))).toEqual(expect.arrayContaining(['delete', 'get', 'head', 'patch', 'post', 'put']))
    }
  })

  it('origin list: listed origins get their own origin back, others none, with Vary: Origin', async () => {
    for (const s of await both({ origin: [APP, 'https://b.example.com'] })) {
      const r = await send(s.url, '/api/ok', { headers: { Origin: 'https://b.example.com' } })
      expect(r.header('access-control-allow-origin')).toBe('https://b.example.com')
      expect(tokens(r.header('vary'))).toContain('origin')
      expect((await send(s.url, '/api/ok', { headers: { Origin: 'https://evil.test' } })).header('access-control-allow-origin')).toBeUndefined()
    }
  })

  it('origin function returning the origin (or another value to refuse)', async () => {
    const origin = (o: string) => (o.endsWith('.example.com') ? o : 'https://example.com')
    for (const s of await both({ origin })) {
      expect((await send(s.url, '/api/ok', { headers: { Origin: 'https://x.example.com' } })).header('access-control-allow-origin')).toBe(
        'https://x.example.com',
      )
      const refused = (await send(s.url, '/api/ok', { headers: { Origin: 'https://evil.test' } })).header('access-control-allow-origin')
      expect(refused === undefined || refused === 'https://example.com').toBe(true) // a browser refuses both
    }
  })

  it('async origin function', async () => {
    for (const s of await both({ origin: async (o) => (o === APP ? o : null) })) {
      expect((await send(s.url, '/api/ok', { headers: { Origin: APP } })).header('access-control-allow-origin')).toBe(APP)
    }
  })

  it('credentials, allowMethods, allowHeaders, maxAge on the preflight', async () => {
    const options = { origin: APP, credentials: true, allowMethods: ['GET', 'PUT'], allowHeaders: ['X-Custom'], maxAge: 600 }
    const [theirs, ours] = await both(options)
    const a = await send(theirs.url, '/api/ok', preflight(APP, 'PUT', 'x-custom'))
    const b = await send(ours.url, '/api/ok', preflight(APP, 'PUT', 'x-custom'))
    for (const h of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-max-age'])
      expect(b.header(h), h).toBe(a.header(h))
    expect(tokens(b.header('access-control-allow-methods'))).toEqual(tokens(a.header('access-control-allow-methods')))
    expect(tokens(b.header('access-control-allow-headers'))).toEqual(expect.arrayContaining(tokens(a.header('access-control-allow-headers'))))
  })

  it('exposeHeaders and credentials on actual responses', async () => {
    const [theirs, ours] = await both({ origin: APP, credentials: true, exposeHeaders: ['X-Total', 'Content-Length'] })
    const a = await send(theirs.url, '/api/ok', { headers: { Origin: APP } })
    const b = await send(ours.url, '/api/ok', { headers: { Origin: APP } })
    expect(tokens(b.header('access-control-expose-headers'))).toEqual(tokens(a.header('access-control-expose-headers')))
    expect(b.header('access-control-allow-credentials')).toBe(a.header('access-control-allow-credentials'))
  })

  it('app.onError and app.notFound responses carry the CORS headers', async () => {
    for (const s of await both({ origin: APP })) {
      expect((await send(s.url, '/api/throw', { headers: { Origin: APP } })).header('access-control-allow-origin')).toBe(APP)
      expect((await send(s.url, '/api/nope', { headers: { Origin: APP } })).header('access-control-allow-origin')).toBe(APP)
    }
  })

  it('Vary set by the handler is kept and merged with Origin', async () => {
    for (const s of await both({ origin: APP })) {
      expect(tokens((await send(s.url, '/api/ok', { headers: { Origin: APP } })).header('vary'))).toEqual(['accept', 'origin'])
    }
  })
})

describe('changed on purpose (docs/hono.md lists each)', () => {
  it('only a real preflight is answered: any other OPTIONS reaches the app', async () => {
    const [theirs, ours] = await both()
    expect((await send(theirs.url, '/api/ok', { method: 'OPTIONS' })).status).toBe(204)
    expect((await send(ours.url, '/api/ok', { method: 'OPTIONS' })).status).toBe(404) // the app has no OPTIONS route
  })

  it('a refused origin’s preflight gets no Access-Control-* header at all', async () => {
    const [theirs, ours] = await both({ origin: APP })
    expect((await send(theirs.url, '/api/ok', preflight('https://evil.test', 'PUT'))).header('access-control-allow-methods')).toBeDefined()
    expect((await send(ours.url, '/api/ok', preflight('https://evil.test', 'PUT'))).cors()).toEqual([])
  })

  it("origin: '*' with credentials is a CorsConfigError (hono/cors sends * with credentials, which browsers refuse)", async () => {
    const theirs = await appWith(honoCors({ origin: '*', credentials: true }))
    const r = await send(theirs.url, '/api/ok', { headers: { Origin: APP } })
    expect([r.header('access-control-allow-origin'), r.header('access-control-allow-credentials')]).toEqual(['*', 'true'])
    expect(() => cors({ origin: '*', credentials: true } as never)).toThrow(CorsConfigError)
    expect(() => cors({ credentials: true } as never)).toThrow(CorsConfigError)
  })

  it('an origin function returning * allows the origin only without credentials', async () => {
    const open = await appWith(cors({ origin: () => '*' }))
    expect((await send(open.url, '/api/ok', { headers: { Origin: APP } })).header('access-control-allow-origin')).toBe(APP)
    const credentialed = await appWith(cors({ origin: () => '*', credentials: true }))
    expect((await send(credentialed.url, '/api/ok', { headers: { Origin: APP } })).cors()).toEqual([])
  })

  it('allowMethods as a function is a CorsConfigError: write a list', () => {
    expect(() => cors({ allowMethods: (() => ['GET']) as never })).toThrow(/write a list/)
  })

  it('requested headers outside an allowHeaders list fail the preflight (no max-age is granted)', async () => {
    const [, ours] = await both({ origin: APP, allowHeaders: ['X-Custom'], maxAge: 600 })
    expect((await send(ours.url, '/api/ok', preflight(APP, 'PUT', 'x-other'))).header('access-control-max-age')).toBeUndefined()
  })
})

describe('configuration', () => {
  it('a wrong option throws CorsConfigError when cors() is called', () => {
    expect(() => cors({ origin: 'https://app.example.com/' })).toThrow(CorsConfigError)
    expect(() => cors({ origin: /example\.com$/ })).toThrow(CorsConfigError)
    expect(() => cors({ maxAge: -1 })).toThrow(CorsConfigError)
  })

  it('types: credentials need origins; the origin function gets the Context', () => {
    // @ts-expect-error credentials need a list of origins
    expect(() => cors({ credentials: true })).toThrow(CorsConfigError)
    cors({ origin: (origin, c) => c.req.path === '/' && origin, credentials: true })
  })
})
