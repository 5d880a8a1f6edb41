/**
 * Moving from the `cors` npm package: the behaviours it documents and gets right are kept.
 * Each test serves the same express 5 app twice, once with `cors(theirOptions)` and once with
 * corsa's `cors(ourOptions)` (the renamed options of docs/node.md), and compares what a browser
 * acts on. The behaviours the design changes on purpose are the last block.
 */
import type { RequestHandler } from 'express'
import express from 'express'
import corsPackage from 'cors'
import { afterAll, describe, expect, it } from 'vitest'
import { cors, CorsConfigError, type NodeCorsOptions, type NodeOriginOption } from '@corsa/node'
import { allowsHeader, preflight, type Running, send, serve, tokens } from '@corsa/testkit/node-http'

const APP = 'https://app.example.com'
const running: Running[] = []
afterAll(() => Promise.all(running.map((s) => s.close())))

/** An express 5 app with the middleware first and a few routes. */
async function appWith(middleware: RequestHandler, perRoute = false): Promise<Running> {
  const app = express()
  if (perRoute) {
    app.options('/products/:id', middleware)
    app.get('/products/:id', middleware, (_req, res) => {
      res.json({ id: 1 })
    })
  } else app.use(middleware)
  app.get('/ok', (_req, res) => {
    res.vary('Accept').send('ok')
  })
  const s = await serve(app)
  running.push(s)
  return s
}

/** Both servers: theirs with `cors(theirs)`, ours with corsa's `cors(ours)`. */
async function both(theirs: corsPackage.CorsOptions | undefined, ours: NodeCorsOptions<NodeOriginOption> | undefined, perRoute = false) {
  return [await appWith(corsPackage(theirs), perRoute), await appWith(cors(ours as never) as RequestHandler, perRoute)] as const
}

describe('kept from the cors package', () => {
  it('no options: any origin reads responses with Access-Control-Allow-Origin *', async () => {
    for (const s of await both(undefined, undefined)) {
      const r = await send(s.url, '/ok', { headers: { Origin: 'https://a.test' } })
      expect(r.header('access-control-allow-origin')).toBe('*')
      expect(r.header('access-control-allow-credentials')).toBeUndefined()
    }
  })

  it('no options: a preflight gets 204, an empty body, the default methods and the requested headers; cors sends Content-Length 0, corsa none (RFC 9110 §8.6)', async () => {
    const [theirs, ours] = await Promise.all(
      (await both(undefined, undefined)).map((s) => send(s.url, '/ok', preflight('https://a.test', 'PATCH', 'x-foo'))),
    )
    expect(theirs!.header('content-length')).toBe('0')
    expect(ours!.header('content-length')).toBeUndefined()
    for (const r of [theirs!, ours!]) {
      expect(r.status).toBe(204)
      expect(r.body).toBe('')
      expect(allowsHeader(r, 'x-foo')).toBe(true)
    }
    expect(tokens(ours!.header('access-control-allow-methods'))).toEqual(tokens(theirs!.header('access-control-allow-methods')))
  })

  it('origin string: that origin is allowed, with Vary: Origin', async () => {
    for (const s of await both({ origin: APP }, { origin: APP })) {
      const r = await send(s.url, '/ok', { headers: { Origin: APP } })
      expect(r.header('access-control-allow-origin')).toBe(APP)
      expect(tokens(r.header('vary'))).toContain('origin')
    }
  })

  it('origin list with an anchored RegExp: listed and matching origins allowed, others not', async () => {
    const origin = [APP, /^https:\/\/[a-z]+\.example\.org$/]
    for (const s of await both({ origin }, { origin })) {
      expect((await send(s.url, '/ok', { headers: { Origin: 'https://shop.example.org' } })).header('access-control-allow-origin')).toBe(
        'https://shop.example.org',
      )
      expect((await send(s.url, '/ok', { headers: { Origin: APP } })).header('access-control-allow-origin')).toBe(APP)
      expect((await send(s.url, '/ok', { headers: { Origin: 'https://evil.test' } })).header('access-control-allow-origin')).toBeUndefined()
    }
  })

  it('credentials: Access-Control-Allow-Credentials: true on preflights and responses', async () => {
    for (const s of await both({ origin: APP, credentials: true }, { origin: APP, credentials: true })) {
      expect((await send(s.url, '/ok', preflight(APP, 'PUT'))).header('access-control-allow-credentials')).toBe('true')
      expect((await send(s.url, '/ok', { headers: { Origin: APP } })).header('access-control-allow-credentials')).toBe('true')
    }
  })

  it('methods → allowMethods: the preflight lists them', async () => {
    const [theirs, ours] = await both({ methods: ['GET', 'PUT'] }, { allowMethods: ['GET', 'PUT'] })
    const a = await send(theirs.url, '/ok', preflight(APP, 'PUT'))
    const b = await send(ours.url, '/ok', preflight(APP, 'PUT'))
    expect(tokens(b.header('access-control-allow-methods'))).toEqual(tokens(a.header('access-control-allow-methods')))
  })

  it('allowedHeaders → allowHeaders: the preflight lists them', async () => {
    const [theirs, ours] = await both({ allowedHeaders: ['Content-Type', 'Authorization'] }, { allowHeaders: ['Content-Type', 'Authorization'] })
    const a = await send(theirs.url, '/ok', preflight(APP, 'POST', 'authorization'))
    const b = await send(ours.url, '/ok', preflight(APP, 'POST', 'authorization'))
    // corsa may also name the always-allowed headers (Accept, Content-Type, ...) a preflight asks for.
    expect(tokens(b.header('access-control-allow-headers'))).toEqual(expect.arrayContaining(tokens(a.header('access-control-allow-headers'))))
  })

  it('exposedHeaders → exposeHeaders: actual responses expose them', async () => {
    const [theirs, ours] = await both({ exposedHeaders: ['X-Total', 'Content-Range'] }, { exposeHeaders: ['X-Total', 'Content-Range'] })
    const a = await send(theirs.url, '/ok', { headers: { Origin: APP } })
    const b = await send(ours.url, '/ok', { headers: { Origin: APP } })
    expect(tokens(b.header('access-control-expose-headers'))).toEqual(tokens(a.header('access-control-expose-headers')))
  })

  it('maxAge: the preflight carries Access-Control-Max-Age', async () => {
    for (const s of await both({ maxAge: 600 }, { maxAge: 600 })) {
      expect((await send(s.url, '/ok', preflight(APP, 'PUT'))).header('access-control-max-age')).toBe('600')
    }
  })

  it('optionsSuccessStatus → preflightStatus: a 200 preflight for legacy browsers', async () => {
    for (const s of await both({ optionsSuccessStatus: 200 }, { preflightStatus: 200 })) {
      expect((await send(s.url, '/ok', preflight(APP, 'PUT'))).status).toBe(200)
    }
  })

  it('per route: app.options(path, cors()) answers the preflight, app.get(path, cors(), handler) the request', async () => {
    for (const s of await both({ origin: APP }, { origin: APP }, true)) {
      const p = await send(s.url, '/products/1', preflight(APP, 'DELETE'))
      expect(p.status).toBe(204)
      expect(p.header('access-control-allow-origin')).toBe(APP)
      const r = await send(s.url, '/products/1', { headers: { Origin: APP } })
      expect(JSON.parse(r.body)).toEqual({ id: 1 })
      expect(r.header('access-control-allow-origin')).toBe(APP)
    }
  })

  it('Vary set by the app is merged, not overwritten', async () => {
    for (const s of await both({ origin: APP }, { origin: APP })) {
      expect(tokens((await send(s.url, '/ok', { headers: { Origin: APP } })).header('vary'))).toEqual(['accept', 'origin'])
    }
  })
})

describe('changed on purpose (docs/node.md lists each)', () => {
  it('a string origin is sent only to that origin, never to every caller', async () => {
    const [theirs, ours] = await both({ origin: APP }, { origin: APP })
    expect((await send(theirs.url, '/ok', { headers: { Origin: 'https://evil.test' } })).header('access-control-allow-origin')).toBe(APP)
    expect((await send(ours.url, '/ok', { headers: { Origin: 'https://evil.test' } })).header('access-control-allow-origin')).toBeUndefined()
  })

  it('only a real preflight is answered: any other OPTIONS reaches the app', async () => {
    const [theirs, ours] = await both(undefined, undefined)
    expect((await send(theirs.url, '/ok', { method: 'OPTIONS' })).status).toBe(204)
    const r = await send(ours.url, '/ok', { method: 'OPTIONS' })
    expect(r.status).toBe(200) // express's own answer to OPTIONS, listing the route's methods
    expect(r.header('allow')).toContain('GET')
  })

  it('a refused origin’s preflight gets no Access-Control-* header at all', async () => {
    const [theirs, ours] = await both({ origin: APP, credentials: true }, { origin: APP, credentials: true })
    expect((await send(theirs.url, '/ok', preflight('https://evil.test', 'PUT'))).header('access-control-allow-methods')).toBeDefined()
    expect((await send(ours.url, '/ok', preflight('https://evil.test', 'PUT'))).cors()).toEqual([])
  })

  it('requested headers are checked against allowHeaders, not reflected unchecked', async () => {
    const [theirs, ours] = await both({ origin: APP }, { origin: APP, allowHeaders: ['Content-Type'] })
    expect(allowsHeader(await send(theirs.url, '/ok', preflight(APP, 'POST', 'x-anything')), 'x-anything')).toBe(true)
    expect(allowsHeader(await send(ours.url, '/ok', preflight(APP, 'POST', 'x-anything')), 'x-anything')).toBe(false)
  })

  it('an unanchored RegExp is a CorsConfigError instead of matching lookalikes', () => {
    expect(() => cors({ origin: /example\.com$/ })).toThrow(CorsConfigError)
  })

  it("origin: '*' with credentials is a CorsConfigError instead of a response browsers refuse", () => {
    expect(() => cors({ origin: '*', credentials: true } as never)).toThrow(CorsConfigError)
  })

  it('the cors package’s option names throw with the name to write instead', () => {
    expect(() => cors({ methods: ['GET'] } as never)).toThrow(/write allowMethods/)
    expect(() => cors({ allowedHeaders: ['X'] } as never)).toThrow(/write allowHeaders/)
    expect(() => cors({ exposedHeaders: ['X'] } as never)).toThrow(/write exposeHeaders/)
    expect(() => cors({ optionsSuccessStatus: 200 } as never)).toThrow(/write preflightStatus/)
    expect(() => cors({ preflightContinue: true } as never)).toThrow(CorsConfigError)
  })

  it('origin: true (reflect every origin) is a CorsConfigError: write a list or a predicate', () => {
    expect(() => cors({ origin: true } as never)).toThrow(CorsConfigError)
  })
})
