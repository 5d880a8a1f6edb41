/**
 * The behaviour every corsa face must show, written once and run by each face against its real
 * server in its real runtime. A face passes when this suite passes; each package keeps only the
 * tests of what is specific to its framework.
 *
 * The contract a face's test server meets: four apps (separate servers or path prefixes), each
 * with corsa applied as users apply it in that framework:
 *
 * - `policy`: {@link suitePolicy}; `twice`: the same policy applied twice (nested routers);
 *   `open`: no options (`origin: '*'`); `predicate`: an async origin predicate allowing
 *   {@link APP} on `/ok` only.
 *
 * Routes on each app (see docs/core.md "Behaviour" for the rules they prove):
 *
 * | route | what the app does |
 * |---|---|
 * | `GET /__hits` | JSON `{ "hits": n }`: how many requests reached the routes below (counted after corsa) |
 * | `GET /ok` | 200 `ok` |
 * | `OPTIONS /ok` (not a preflight) | 200 `app options` |
 * | `GET /status/:n` | status n (no body for 204 and 304) |
 * | `GET /throw` | throws; the framework's error handling answers 500 |
 * | `GET /redirect` | 302 to `/ok` in the framework's idiom |
 * | `GET /stream` | the body `abc`, streamed in three chunks |
 * | `GET /cookies` | two `Set-Cookie`: `a=1; Path=/` and `b=2; Path=/` |
 * | `GET /vary-before` | a middleware before corsa set `Vary: Accept-Encoding` |
 * | `GET /vary-after` | the route sets `Vary: Accept-Language` |
 * | `GET /vary-star` | the route sets `Vary: *` |
 * | `GET /own-cors` | the route sets its own `Access-Control-*` headers (`*`, credentials false, methods, max-age, expose) |
 * | anything else | the framework's 404 |
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP, PREFLIGHT_VARY, suitePolicy } from './fixtures.js'
import { from, names, preflight, type Reply, type Send, send, sendRaw } from './node-http.js'

export { suitePolicy }

/** The apps of the contract. */
export type ConformanceApp = 'policy' | 'twice' | 'open' | 'predicate'

/** A face's test server, running. */
export interface ConformanceServer {
  /** The base URL of an app (`http://127.0.0.1:<port>` or with a path prefix), without a trailing slash. */
  url(app: ConformanceApp): string
  stop(): Promise<void> | void
  /**
   * `Vary` names the framework adds to every response on its own (Next.js: `rsc`,
   * `next-router-state-tree`, ...), left out when the suite compares `Vary`.
   */
  frameworkVary?: readonly string[]
  /**
   * `false` for a face with no middleware that runs before corsa (a wrapped fetch handler): the
   * preflight test of a Vary set upstream does not apply to it.
   */
  middlewareBefore?: boolean
}

/** Allowed by `https://*.example.com`. */
const SUB = 'https://eu.api.example.com'
/** Refused. */
const EVIL = 'https://evil.test'

/**
 * The names of a response's `Vary` over all its lines, lower-cased, in order, without the ones
 * the framework adds on its own: one line or several mean the same (RFC 9110 §5.3).
 */
export function varyNames(r: Reply, frameworkVary: readonly string[] = []): string[] {
  return names(r, 'vary').filter((name) => !frameworkVary.includes(name))
}

/** The CORS headers of an actual response allowed for `origin` under {@link suitePolicy}. */
export function expectAllowed(r: Reply, origin: string): void {
  expect(r.lines.get('access-control-allow-origin')).toEqual([origin])
  expect(r.lines.get('access-control-allow-credentials')).toEqual(['true'])
  expect(r.lines.get('access-control-expose-headers')).toEqual(['X-Total'])
  // Vary names Origin exactly once (a framework may add its own names, or a second Vary line).
  expect(names(r, 'vary').filter((name) => name === 'origin')).toEqual(['origin'])
  expect(r.cors().sort()).toEqual(['access-control-allow-credentials', 'access-control-allow-origin', 'access-control-expose-headers'])
}

/** The header lines that do not change from one request to the next. */
const comparable = (r: Reply) =>
  [...r.lines].filter(([name]) => !['date', 'content-length', 'location', 'etag', 'keep-alive', 'connection'].includes(name))

/** Host and port of a base URL, for raw HTTP/1.1 requests. */
function portOf(base: string): number {
  return Number(new URL(base).port)
}

/**
 * Runs the conformance suite against a face's server. `start` is called once, before the tests.
 *
 * @example
 * ```ts
 * runConformance('@corsa/koa on Koa 3', async () => startKoaApps())
 * ```
 */
export function runConformance(name: string, start: () => Promise<ConformanceServer>): void {
  describe(`${name}: conformance`, () => {
    let server: ConformanceServer
    beforeAll(async () => {
      server = await start()
    }, 120_000)
    afterAll(() => server?.stop())
    const on = (app: ConformanceApp) => (path: string, init?: Send) => send(server.url(app), path, init)
    const get = (path: string, init?: Send) => on('policy')(path, init)
    /** `Vary` as a set of names, without the framework's own. */
    const vary = (r: Reply) => [...new Set(varyNames(r, server.frameworkVary))].sort()
    const sorted = (value: string) =>
      value
        .toLowerCase()
        .split(', ')
        .filter((name) => !server.frameworkVary?.includes(name))
        .sort()
    const hits = async () => (JSON.parse((await get('/__hits')).body) as { hits: number }).hits

    describe('preflight (docs/core.md, Behaviour 1–4)', () => {
      it('allowed: preflightStatus, origin echoed, credentials, lists, max-age, Vary, empty body', async () => {
        const r = await get('/ok', preflight(SUB, 'PATCH', 'x-custom, content-type'))
        expect(r.status).toBe(204)
        expect(r.lines.get('access-control-allow-origin')).toEqual([SUB])
        expect(r.header('access-control-allow-credentials')).toBe('true')
        expect(r.header('access-control-allow-methods')).toBe('GET, POST, PATCH')
        expect(names(r, 'access-control-allow-headers')).toEqual(expect.arrayContaining(['content-type', 'x-custom']))
        expect(r.header('access-control-max-age')).toBe('600')
        expect(vary(r)).toEqual(sorted(PREFLIGHT_VARY))
        expect(varyNames(r).length).toBe(new Set(varyNames(r)).size)
        expect(r.body).toBe('')
      })

      it('a 204 answer has no Content-Length (RFC 9110 §8.6)', async () => {
        const r = await get('/ok', preflight(APP, 'POST'))
        expect(r.header('content-length') ?? '0').toBe('0')
        expect(r.header('transfer-encoding')).toBeUndefined()
      })

      it('never reaches the routes, 404 handling included', async () => {
        const before = await hits()
        await get('/ok', preflight(APP, 'POST'))
        await get('/no-such-route', preflight(APP, 'POST'))
        await get('/ok', preflight(EVIL, 'POST'))
        expect(await hits()).toBe(before)
      })

      it('refused by origin: the same status and no Access-Control-* header', async () => {
        const r = await get('/ok', preflight(EVIL, 'POST', 'content-type'))
        expect(r.status).toBe(204)
        expect(r.cors()).toEqual([])
        expect(vary(r)).toEqual(sorted(PREFLIGHT_VARY))
      })

      it('refused by method: origin and the configured lists, no max-age', async () => {
        const r = await get('/ok', preflight(APP, 'DELETE'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe(APP)
        expect(r.header('access-control-allow-methods')).toBe('GET, POST, PATCH')
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('refused by header: origin and the configured header list, no max-age', async () => {
        const r = await get('/ok', preflight(APP, 'POST', 'x-custom, x-other'))
        expect(r.header('access-control-allow-origin')).toBe(APP)
        expect(names(r, 'access-control-allow-headers')).not.toContain('x-other')
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('an OPTIONS without Access-Control-Request-Method is the app’s', async () => {
        const r = await get('/ok', { method: 'OPTIONS', headers: { Origin: APP } })
        expect(r.status).toBe(200)
        expect(r.body).toBe('app options')
        expectAllowed(r, APP)
      })

      it('Vary set by a middleware before corsa is merged into the preflight’s (where the face has such middleware)', async () => {
        const r = await get('/vary-before', preflight(APP, 'POST'))
        expect(vary(r)).toEqual(sorted(server.middlewareBefore === false ? PREFLIGHT_VARY : `Accept-Encoding, ${PREFLIGHT_VARY}`))
      })

      it('public policy: * and any requested header', async () => {
        const r = await on('open')('/ok', preflight(EVIL, 'PUT', 'x-anything'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe('*')
        expect(r.header('access-control-allow-headers')).toBe('*')
      })
    })

    describe('actual responses (Behaviour 5–8)', () => {
      for (const status of [200, 201, 204, 301, 304, 400, 404, 418, 500, 503]) {
        it(`status ${status} carries the CORS headers`, async () => {
          const r = await get(`/status/${status}`, from(APP))
          expect(r.status).toBe(status)
          expectAllowed(r, APP)
        })
      }

      it('a pattern-matched origin is echoed', async () => {
        expectAllowed(await get('/ok', from(SUB)), SUB)
      })

      it('a refused origin gets no Access-Control-* header and Vary: Origin', async () => {
        const r = await get('/ok', from(EVIL))
        expect(r.body).toBe('ok')
        expect(r.cors()).toEqual([])
        expect(varyNames(r).filter((name) => name === 'origin')).toEqual(['origin'])
      })

      it('a request without Origin gets no Access-Control-* header and Vary: Origin', async () => {
        const r = await get('/ok')
        expect(r.cors()).toEqual([])
        expect(varyNames(r).filter((name) => name === 'origin')).toEqual(['origin'])
      })

      it('public policy: * with or without Origin, and no Vary: Origin', async () => {
        for (const r of [await on('open')('/ok', from(EVIL)), await on('open')('/ok')]) {
          expect(r.lines.get('access-control-allow-origin')).toEqual(['*'])
          expect(names(r, 'vary')).not.toContain('origin')
        }
      })

      it('the 500 of a thrown error carries the CORS headers', async () => {
        const r = await get('/throw', from(APP))
        expect(r.status).toBe(500)
        expectAllowed(r, APP)
      })

      it('the framework’s 404 carries the CORS headers', async () => {
        const r = await get('/no-such-route', from(APP))
        expect(r.status).toBe(404)
        expectAllowed(r, APP)
      })

      it('a redirect carries the CORS headers and its Location', async () => {
        const r = await get('/redirect', from(APP))
        expect(r.status).toBe(302)
        expect(r.header('location')).toMatch(/\/ok$/)
        expectAllowed(r, APP)
      })

      it('a streamed body carries the CORS headers and arrives whole', async () => {
        const r = await get('/stream', from(APP))
        expect(r.body).toBe('abc')
        expectAllowed(r, APP)
      })
    })

    describe('headers the app sets (Behaviour 5, 7)', () => {
      it('two Set-Cookie headers stay two lines', async () => {
        const r = await get('/cookies', from(APP))
        expect(r.lines.get('set-cookie')!.map((cookie) => cookie.split(';')[0])).toEqual(['a=1', 'b=2'])
        expectAllowed(r, APP)
      })

      it('Vary set before corsa ran is merged: Accept-Encoding, Origin', async () => {
        expect(vary(await get('/vary-before', from(APP)))).toEqual(sorted('Accept-Encoding, Origin'))
      })

      it('Vary set by the route is merged: Accept-Language, Origin', async () => {
        expect(vary(await get('/vary-after', from(APP)))).toEqual(sorted('Accept-Language, Origin'))
      })

      it('Vary: * set by the route stays *', async () => {
        expect(vary(await get('/vary-star', from(APP)))).toEqual(['*'])
      })

      it('Access-Control-* headers set by the route are replaced by corsa’s', async () => {
        expectAllowed(await get('/own-cors', from(APP)), APP)
      })

      it('Access-Control-* headers set by the route are removed for a refused origin', async () => {
        expect((await get('/own-cors', from(EVIL))).cors()).toEqual([])
      })
    })

    describe('applied twice gives the same headers as once (Behaviour 9)', () => {
      const cases: [string, Send | undefined][] = [
        ['/ok', from(APP)],
        ['/ok', from(EVIL)],
        ['/ok', undefined],
        ['/ok', preflight(APP, 'PATCH', 'x-custom')],
        ['/vary-before', from(APP)],
        ['/own-cors', from(APP)],
        ['/throw', from(APP)],
        ['/redirect', from(APP)],
        ['/no-such-route', from(APP)],
      ]
      for (const [path, init] of cases) {
        it(`${init?.method ?? 'GET'} ${path} ${JSON.stringify(init?.headers ?? {})}`, async () => {
          const once = await get(path, init)
          const again = await on('twice')(path, init)
          expect(again.status).toBe(once.status)
          expect(comparable(again)).toEqual(comparable(once))
        })
      }
    })

    describe('an async origin predicate', () => {
      it('allows what it answers true for, and sees the request', async () => {
        expect((await on('predicate')('/ok', from(APP))).header('access-control-allow-origin')).toBe(APP)
        expect((await on('predicate')('/status/200', from(APP))).cors()).toEqual([])
        expect((await on('predicate')('/ok', from(EVIL))).cors()).toEqual([])
      })

      it('answers preflights once it has decided', async () => {
        const r = await on('predicate')('/ok', preflight(APP, 'PUT'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe(APP)
      })
    })

    describe('hostile headers (Behaviour 11)', () => {
      it('a 1 MB Origin: no Access-Control-* header, no 5xx', async () => {
        const r = await get('/ok', from(`https://${'a'.repeat(1024 * 1024)}.example.com`))
        expect(r.status).toBeLessThan(500)
        expect(r.cors()).toEqual([])
      })

      it('a 1 MB Access-Control-Request-Headers: refused by header, not 5xx', async () => {
        const r = await get('/ok', preflight(APP, 'POST', 'x-custom,'.repeat(110_000)))
        expect(r.status).toBeLessThan(500)
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('lookalike origins are refused', async () => {
        for (const origin of [
          'https://app.example.com.evil.test',
          'https://example.com',
          'HTTPS://APP.EXAMPLE.COM',
          'null',
          'http://app.example.com',
        ]) {
          const r = await get('/ok', from(origin))
          expect(r.status, origin).toBe(200)
          expect(r.cors(), origin).toEqual([])
        }
      })

      it('bytes 0x80-0xff in Origin and request headers are refused, not 5xx', async () => {
        const weird = Buffer.from([0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f, 0xe9, 0xff, 0x80]).toString('latin1')
        const r = await get('/ok', from(weird))
        expect(r.status).toBeLessThan(500)
        expect(r.cors()).toEqual([])
        const p = await get('/ok', preflight(APP, 'POST', `x-custom, ${weird}`))
        expect(p.status).toBeLessThan(500)
        expect(p.header('access-control-max-age')).toBeUndefined()
      })

      it('10 000 requested header names are refused, not 5xx', async () => {
        const list = Array.from({ length: 10_000 }, (_, i) => `x-h${i}`).join(',')
        const r = await get('/ok', preflight(APP, 'POST', list))
        expect(r.status).toBeLessThan(500)
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('control bytes in Origin never reach a 5xx, and the server keeps serving', async () => {
        const base = server.url('policy')
        const prefix = new URL(base).pathname.replace(/\/$/, '')
        for (const byte of [0x00, 0x01, 0x0b, 0x1b, 0x7f]) {
          const status = await sendRaw(
            portOf(base),
            `GET ${prefix}/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app${String.fromCharCode(byte)}.example.com\r\nConnection: close\r\n\r\n`,
          )
          expect(status, `byte ${byte}`).toBeLessThan(500)
        }
        expectAllowed(await get('/ok', from(APP)), APP)
      })
    })
  })
}
