/**
 * The behaviour every Node server must show with corsa, run against a real server on
 * 127.0.0.1 for each framework (see apps.ts for the routes).
 */
import { IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP, PREFLIGHT_VARY, suitePolicy as policy } from '@corsa/testkit/fixtures'
import { from, preflight, type Reply, type Running, send, serve } from '@corsa/testkit/node-http'
import { runConformance, type ConformanceApp, type ConformanceServer } from '@corsa/testkit/conformance'
import type { Factory } from './apps.js'

/** The contract's four apps from one framework's factory, each on its own server, with `/__hits` in front. */
async function conformanceServer(factory: Factory): Promise<ConformanceServer> {
  const make = async (options: Parameters<Factory>[0], twice = false) => {
    const built = factory(options, twice)
    return serve((req, res) => {
      if (req.url === '/__hits') return void res.end(JSON.stringify({ hits: built.hits.length }))
      built.listener(req, res)
    })
  }
  const servers: Record<ConformanceApp, Running> = {
    policy: await make(policy),
    twice: await make(policy, true),
    open: await make({}),
    predicate: await make({ origin: async (origin: string, req: IncomingMessage) => origin === APP && req.url === '/ok' }),
  }
  return {
    url: (app) => servers[app].url,
    stop: async () => void (await Promise.all(Object.values(servers).map((s) => s.close()))),
  }
}

const SUB = 'https://eu.api.example.com'
const EVIL = 'https://evil.test'

/** Asserts the CORS headers of an actual response allowed for `origin` under `policy`. */
function expectAllowed(r: Reply, origin: string) {
  expect(r.lines.get('access-control-allow-origin')).toEqual([origin])
  expect(r.lines.get('access-control-allow-credentials')).toEqual(['true'])
  expect(r.lines.get('access-control-expose-headers')).toEqual(['X-Total'])
  // One Vary line naming Origin once (express's redirect adds Accept to it).
  expect(r.lines.get('vary')).toHaveLength(1)
  expect(
    r
      .header('vary')!
      .split(', ')
      .filter((t) => t === 'Origin'),
  ).toEqual(['Origin'])
  expect(r.cors().sort()).toEqual(['access-control-allow-credentials', 'access-control-allow-origin', 'access-control-expose-headers'])
}

/** The header lines of a response, without the ones that change per request. */
const comparable = (r: Reply) => [...r.lines].filter(([n]) => n !== 'date' && n !== 'etag' && n !== 'content-length')

export function runSuite(name: string, factory: Factory): void {
  runConformance(name, () => conformanceServer(factory))
  describe(name, () => {
    let server: Running
    let twice: Running
    let open: Running
    let predicate: Running
    const seen: unknown[] = []

    beforeAll(async () => {
      const built = factory(policy)
      server = await serve(built.listener)
      twice = await serve(factory(policy, true).listener)
      open = await serve(factory({}).listener)
      predicate = await serve(
        factory({
          origin: async (origin: string, req: IncomingMessage) => {
            seen.push(req)
            return origin === APP && req.url === '/ok'
          },
        }).listener,
      )
    })
    afterAll(async () => {
      await Promise.all([server, twice, open, predicate].map((s) => s?.close()))
    })
    const get = (path: string, init?: Parameters<typeof send>[2]) => send(server.url, path, init)

    describe('preflight', () => {
      it('refused by method: origin and configured lists, so the browser names the method; no max-age', async () => {
        const r = await get('/ok', preflight(APP, 'DELETE'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe(APP)
        expect(r.header('access-control-allow-methods')).toBe('GET, POST, PATCH')
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('refused by method: a lower-case patch is not PATCH (compared byte for byte)', async () => {
        const r = await get('/ok', preflight(APP, 'patch'))
        expect(r.header('access-control-allow-methods')).toBe('GET, POST, PATCH')
        expect(r.header('access-control-max-age')).toBeUndefined()
      })
    })

    describe('actual responses', () => {
      for (const status of [200, 201, 204, 301, 304, 400, 404, 418, 500, 503]) {
        it(`status ${status} from the route carries the CORS headers`, async () => {
          const r = await get(`/status/${status}`, from(APP))
          expect(r.status).toBe(status)
          expectAllowed(r, APP)
        })
      }

      it('a subdomain matched by https://*.example.com is echoed byte for byte', async () => {
        expectAllowed(await get('/ok', from(SUB)), SUB)
      })

      it('an allowed origin gets exactly one Vary: Origin', async () => {
        expect((await get('/ok', from(APP))).lines.get('vary')).toEqual(['Origin'])
      })

      it('next(err) answered by the framework carries the CORS headers', async () => {
        const r = await get('/next-error', from(APP))
        expect(r.status).toBe(500)
        expectAllowed(r, APP)
      })

      it('a streamed body (res.write) carries the CORS headers and arrives whole', async () => {
        const r = await get('/stream', from(APP))
        expect(r.body).toBe('abc')
        expectAllowed(r, APP)
      })

      it('HEAD carries the CORS headers', async () => {
        const r = await get('/ok', { method: 'HEAD', headers: { Origin: APP } })
        expect(r.status).toBe(200)
        expectAllowed(r, APP)
      })
    })

    describe('headers the app sets', () => {
      it('two Set-Cookie headers passed to writeHead as a flat list stay two lines', async () => {
        const r = await get('/cookies-writehead', from(APP))
        expect(r.lines.get('set-cookie')).toEqual(['a=1; Path=/', 'b=2; Path=/'])
        expectAllowed(r, APP)
      })

      it('Vary is merged for a refused origin and a preflight too', async () => {
        expect((await get('/vary-before', from(EVIL))).lines.get('vary')).toEqual(['Accept-Encoding, Origin'])
        const p = await get('/vary-before', preflight(APP, 'POST'))
        expect(p.lines.get('vary')).toEqual([`Accept-Encoding, ${PREFLIGHT_VARY}`])
      })

      it('headers passed to res.writeHead are corsa’s too: one Allow-Origin, Vary merged', async () => {
        const r = await get('/writehead-headers', from(APP))
        expect(r.lines.get('access-control-allow-origin')).toEqual([APP])
        expect(r.lines.get('vary')).toEqual(['Accept, Origin'])
      })
    })

    describe('applied twice', () => {
      const cases: [string, Parameters<typeof send>[2]][] = [
        ['/ok', from(APP)],
        ['/ok', from(EVIL)],
        ['/ok', {}],
        ['/ok', preflight(APP, 'PATCH', 'x-custom')],
        ['/ok', preflight(EVIL, 'PATCH')],
        ['/vary-before', from(APP)],
        ['/own-cors', from(APP)],
        ['/throw', from(APP)],
        ['/no-such-route', from(APP)],
      ]
      for (const [path, init] of cases) {
        it(`gives the same headers as once: ${init?.method ?? 'GET'} ${path} ${JSON.stringify(init?.headers ?? {})}`, async () => {
          const once = await send(server.url, path, init)
          const again = await send(twice.url, path, init)
          expect(again.status).toBe(once.status)
          expect(comparable(again)).toEqual(comparable(once))
        })
      }
    })

    describe('origin predicate', () => {
      it('receives the IncomingMessage and decides', async () => {
        seen.length = 0
        const ok = await send(predicate.url, '/ok', from(APP))
        const other = await send(predicate.url, '/status/200', from(APP))
        expect(ok.header('access-control-allow-origin')).toBe(APP)
        expect(other.header('access-control-allow-origin')).toBeUndefined()
        expect(seen[0]).toBeInstanceOf(IncomingMessage)
      })

      it('decides preflights too', async () => {
        const r = await send(predicate.url, '/ok', preflight(APP, 'PUT'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe(APP)
      })
    })

    describe('hostile headers', () => {
      it('a 1 MB Origin on a preflight: refused, not 5xx', async () => {
        const r = await get('/ok', preflight('https://' + 'a'.repeat(1024 * 1024), 'POST'))
        expect(r.status).toBe(204)
        expect(r.cors()).toEqual([])
      })

      it('a 1 MB Access-Control-Request-Method: refused by method, not 5xx', async () => {
        const r = await get('/ok', preflight(APP, 'P'.repeat(1024 * 1024)))
        expect(r.status).toBe(204)
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('lookalike origins are refused: suffix, prefix, bare domain, upper case, null, port', async () => {
        for (const origin of [
          'https://app.example.com.evil.test',
          'https://evilapp.example.com.test',
          'https://example.com',
          'HTTPS://APP.EXAMPLE.COM',
          'null',
          'https://app.example.com:443',
          'http://app.example.com',
          `https://${'a'.repeat(64)}.example.com`,
        ]) {
          const r = await get('/ok', from(origin))
          expect(r.status, origin).toBe(200)
          expect(r.cors(), origin).toEqual([])
        }
      })

      it('two Origin headers are refused, not 5xx', async () => {
        const r = await get('/ok', { headers: { Origin: [APP, SUB] } })
        expect(r.status).toBe(200)
        expect(r.cors()).toEqual([])
      })
    })
  })
}
