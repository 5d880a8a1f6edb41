/**
 * The behaviour every corsa face must show in its real framework, on real sockets: written to
 * the conformance contract (four apps, the same routes) until `@corsa/testkit/conformance`
 * lands, with the same signature, so that switching is a change of import. Shared by
 * @corsa/fastify, @corsa/koa and @corsa/lambda.
 *
 * Apps: 'policy' (suitePolicy), 'twice' (the same policy applied twice, nested), 'open' (no
 * options), 'predicate' (an async origin predicate allowing APP only on the path /ok).
 * Routes: GET /__hits ({hits}: requests that reached the routes below, counted after corsa),
 * GET /ok "ok", OPTIONS /ok (not a preflight) "app options", GET /status/:n, GET /throw (the
 * framework answers 500), GET /redirect (302 to /ok), GET /stream ("a", "b", "c"), GET /cookies
 * (two Set-Cookie), GET /vary-before (Vary: Accept-Encoding set before corsa), GET /vary-after,
 * GET /vary-star, GET /own-cors (the route's own Access-Control-*), anything else: the 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP, PREFLIGHT_VARY } from '@corsa/testkit/fixtures'
import { from, names, preflight, type Reply, send } from '@corsa/testkit/node-http'

export type ConformanceApp = 'policy' | 'twice' | 'open' | 'predicate'
export interface Started {
  url(app: ConformanceApp): string
  stop(): Promise<void> | void
}

const SUB = 'https://eu.api.example.com'
const EVIL = 'https://evil.test'

/** The CORS headers of an actual response allowed for `origin` under suitePolicy. */
export function expectAllowed(r: Reply, origin: string): void {
  expect(r.lines.get('access-control-allow-origin')).toEqual([origin])
  expect(r.lines.get('access-control-allow-credentials')).toEqual(['true'])
  expect(r.lines.get('access-control-expose-headers')).toEqual(['X-Total'])
  expect(r.lines.get('vary')).toHaveLength(1)
  expect(r.header('vary')!.split(', ').filter((t) => t === 'Origin')).toEqual(['Origin'])
  expect(r.cors().sort()).toEqual(['access-control-allow-credentials', 'access-control-allow-origin', 'access-control-expose-headers'])
}

/** The header lines of a response, without those that change per request. */
const comparable = (r: Reply) => [...r.lines].filter(([n]) => !['date', 'etag', 'content-length', 'x-amzn-requestid'].includes(n))

export function runConformance(name: string, start: () => Promise<Started>): void {
  describe(`conformance: ${name}`, () => {
    let s: Started
    beforeAll(async () => void (s = await start()))
    afterAll(() => s?.stop())
    const get = (path: string, init?: Parameters<typeof send>[2]) => send(s.url('policy'), path, init)
    const hits = async (app: ConformanceApp = 'policy') => (JSON.parse((await send(s.url(app), '/__hits')).body) as { hits: number }).hits

    describe('preflight', () => {
      it('allowed: preflightStatus, origin echoed, credentials, lists, max-age, Vary, no Content-Length on a 204, empty body', async () => {
        const r = await get('/ok', preflight(SUB, 'PATCH', 'x-custom, content-type'))
        expect(r.status).toBe(204)
        expect(r.lines.get('access-control-allow-origin')).toEqual([SUB])
        expect(r.header('access-control-allow-credentials')).toBe('true')
        expect(r.header('access-control-allow-methods')).toBe('GET, POST, PATCH')
        expect(names(r, 'access-control-allow-headers')).toEqual(expect.arrayContaining(['content-type', 'x-custom']))
        expect(r.header('access-control-max-age')).toBe('600')
        expect(r.lines.get('vary')).toEqual([PREFLIGHT_VARY])
        expect(r.header('content-length')).toBeUndefined()
        expect(r.body).toBe('')
      })

      it('never reaches the app, its routes or its 404', async () => {
        const before = await hits()
        await get('/ok', preflight(APP, 'POST'))
        await get('/no-such-route', preflight(APP, 'POST'))
        await get('/ok', preflight(EVIL, 'POST'))
        expect(await hits()).toBe(before)
      })

      it('answers an unrouted path like a routed one', async () => {
        const r = await get('/no-such-route', preflight(APP, 'PATCH'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe(APP)
      })

      it('refused by origin: the same status, only Vary', async () => {
        const r = await get('/ok', preflight(EVIL, 'POST', 'content-type'))
        expect(r.status).toBe(204)
        expect(r.cors()).toEqual([])
        expect(r.header('vary')).toBe(PREFLIGHT_VARY)
        expect(r.body).toBe('')
      })

      it('refused by method (byte for byte: patch is not PATCH): the origin and configured lists, no max-age', async () => {
        for (const method of ['DELETE', 'patch']) {
          const r = await get('/ok', preflight(APP, method))
          expect(r.status).toBe(204)
          expect(r.header('access-control-allow-origin')).toBe(APP)
          expect(r.header('access-control-allow-methods')).toBe('GET, POST, PATCH')
          expect(r.header('access-control-max-age')).toBeUndefined()
        }
      })

      it('refused by header: the configured header list, no max-age', async () => {
        const r = await get('/ok', preflight(APP, 'POST', 'x-custom, x-other'))
        expect(names(r, 'access-control-allow-headers')).not.toContain('x-other')
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('an OPTIONS without Access-Control-Request-Method is the app’s, with the CORS headers', async () => {
        const r = await get('/ok', { method: 'OPTIONS', headers: { Origin: APP } })
        expect(r.status).toBe(200)
        expect(r.body).toBe('app options')
        expectAllowed(r, APP)
      })

      it('public policy: * and any requested header', async () => {
        const r = await send(s.url('open'), '/ok', preflight(EVIL, 'PUT', 'x-anything'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe('*')
        expect(r.header('access-control-allow-headers')).toBe('*')
        expect(r.header('access-control-allow-credentials')).toBeUndefined()
      })
    })

    describe('actual responses', () => {
      for (const status of [200, 201, 204, 304, 400, 404, 418, 500, 503]) {
        it(`status ${status} from the route carries the CORS headers`, async () => {
          const r = await get(`/status/${status}`, from(APP))
          expect(r.status).toBe(status)
          expectAllowed(r, APP)
        })
      }

      it('a subdomain matched by https://*.example.com is echoed byte for byte', async () => {
        expectAllowed(await get('/ok', from(SUB)), SUB)
      })

      it('a refused origin: the route runs, no Access-Control-*, Vary: Origin', async () => {
        const r = await get('/ok', from(EVIL))
        expect(r.status).toBe(200)
        expect(r.body).toBe('ok')
        expect(r.cors()).toEqual([])
        expect(r.header('vary')).toBe('Origin')
      })

      it('no Origin: no Access-Control-*, Vary: Origin', async () => {
        const r = await get('/ok')
        expect(r.cors()).toEqual([])
        expect(r.header('vary')).toBe('Origin')
      })

      it('public policy: * with or without Origin, no Vary', async () => {
        for (const r of [await send(s.url('open'), '/ok', from(EVIL)), await send(s.url('open'), '/ok')]) {
          expect(r.lines.get('access-control-allow-origin')).toEqual(['*'])
          expect(r.header('vary')).toBeUndefined()
        }
      })

      it('a thrown error answered by the framework', async () => {
        const r = await get('/throw', from(APP))
        expect(r.status).toBe(500)
        expectAllowed(r, APP)
      })

      it('the framework’s 404', async () => {
        const r = await get('/no-such-route', from(APP))
        expect(r.status).toBe(404)
        expectAllowed(r, APP)
      })

      it('a redirect keeps its Location', async () => {
        const r = await get('/redirect', from(APP))
        expect(r.status).toBe(302)
        expect(r.header('location')).toBe('/ok')
        expectAllowed(r, APP)
      })

      it('a streamed body arrives whole', async () => {
        const r = await get('/stream', from(APP))
        expect(r.body).toBe('abc')
        expectAllowed(r, APP)
      })

      it('HEAD', async () => {
        const r = await get('/ok', { method: 'HEAD', headers: { Origin: APP } })
        expect(r.status).toBe(200)
        expectAllowed(r, APP)
      })
    })

    describe('headers the app sets', () => {
      it('two Set-Cookie stay two lines', async () => {
        const r = await get('/cookies', from(APP))
        expect(r.lines.get('set-cookie')!.map((c) => c.split(';')[0])).toEqual(['a=1', 'b=2'])
        expectAllowed(r, APP)
      })

      it('Vary set before corsa is merged: Accept-Encoding, Origin', async () => {
        expect((await get('/vary-before', from(APP))).lines.get('vary')).toEqual(['Accept-Encoding, Origin'])
      })

      it('Vary set by the route is merged: Accept-Language, Origin', async () => {
        expect((await get('/vary-after', from(APP))).lines.get('vary')).toEqual(['Accept-Language, Origin'])
      })

      it('Vary: * stays *', async () => {
        expect((await get('/vary-star', from(APP))).lines.get('vary')).toEqual(['*'])
      })

      it('Vary set before corsa is merged for a refused origin and a preflight too', async () => {
        expect((await get('/vary-before', from(EVIL))).lines.get('vary')).toEqual(['Accept-Encoding, Origin'])
        expect((await get('/vary-before', preflight(APP, 'POST'))).lines.get('vary')).toEqual([`Accept-Encoding, ${PREFLIGHT_VARY}`])
      })

      it('the route’s own Access-Control-* are replaced by corsa’s, or removed for a refused origin', async () => {
        expectAllowed(await get('/own-cors', from(APP)), APP)
        expect((await get('/own-cors', from(EVIL))).cors()).toEqual([])
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
      it('gives the same status and headers as once', async () => {
        for (const [path, init] of cases) {
          const once = await send(s.url('policy'), path, init)
          const again = await send(s.url('twice'), path, init)
          const what = `${init?.method ?? 'GET'} ${path} ${JSON.stringify(init?.headers ?? {})}`
          expect(again.status, what).toBe(once.status)
          expect(comparable(again), what).toEqual(comparable(once))
        }
      })
    })

    describe('async origin predicate', () => {
      it('decides per request, with the framework’s request', async () => {
        expect((await send(s.url('predicate'), '/ok', from(APP))).header('access-control-allow-origin')).toBe(APP)
        expect((await send(s.url('predicate'), '/status/200', from(APP))).cors()).toEqual([])
      })

      it('decides preflights too', async () => {
        const r = await send(s.url('predicate'), '/ok', preflight(APP, 'PUT'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe(APP)
      })
    })

    describe('hostile headers', () => {
      it('a 1 MB Origin: refused cheaply, no 5xx', async () => {
        const started = performance.now()
        const r = await get('/ok', from('https://' + 'a'.repeat(1024 * 1024) + '.example.com'))
        expect(r.status).toBe(200)
        expect(r.cors()).toEqual([])
        expect(performance.now() - started).toBeLessThan(1000)
      })

      it('a 1 MB Access-Control-Request-Headers: refused by header, no 5xx', async () => {
        const r = await get('/ok', preflight(APP, 'POST', 'x-custom,'.repeat(110_000)))
        expect(r.status).toBe(204)
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('lookalike origins and two Origin headers are refused', async () => {
        for (const origin of ['https://app.example.com.evil.test', 'https://example.com', 'HTTPS://APP.EXAMPLE.COM', 'null', 'http://app.example.com']) {
          expect((await get('/ok', from(origin))).cors(), origin).toEqual([])
        }
        expect((await get('/ok', { headers: { Origin: [APP, SUB] } })).cors()).toEqual([])
      })
    })
  })
}
