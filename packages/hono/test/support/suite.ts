/** The behaviour a Hono app with corsa must show, against a real server in a real runtime. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP, PREFLIGHT_VARY } from '@corsa/testkit/fixtures'
import { from, names, preflight, type Reply, send, sendRaw } from '@corsa/testkit/node-http'
import type { AppName } from './app.js'
import type { Served } from './runtimes.js'

const SUB = 'https://eu.api.example.com'
const EVIL = 'https://evil.test'
function expectAllowed(r: Reply, origin: string) {
  expect(r.lines.get('access-control-allow-origin')).toEqual([origin])
  expect(r.lines.get('access-control-allow-credentials')).toEqual(['true'])
  expect(r.lines.get('access-control-expose-headers')).toEqual(['X-Total'])
  expect(r.lines.get('vary')).toHaveLength(1)
  expect(names(r, 'vary').filter((t) => t === 'origin')).toEqual(['origin'])
  expect(r.cors().sort()).toEqual(['access-control-allow-credentials', 'access-control-allow-origin', 'access-control-expose-headers'])
}

// Location of Response.redirect() names each server's own port.
const comparable = (r: Reply) => [...r.lines].filter(([n]) => n !== 'date' && n !== 'content-length' && n !== 'location')

export function runSuite(name: string, start: () => Promise<Served>): void {
  describe(name, () => {
    let served: Served
    beforeAll(async () => {
      served = await start()
    })
    afterAll(() => served?.stop())
    const on = (app: AppName) => (path: string, init?: Parameters<typeof send>[2]) => send(served.url(app), path, init)
    const get = (path: string, init?: Parameters<typeof send>[2]) => on('policy')(path, init)
    const hits = async () => (JSON.parse((await get('/__hits')).body) as { hits: number }).hits

    describe('preflight', () => {
      it('allowed: preflightStatus, origin echoed, credentials, lists, max-age, Vary, empty body', async () => {
        const r = await get('/ok', preflight(SUB, 'PATCH', 'x-custom, content-type'))
        expect(r.status).toBe(204)
        expect(r.lines.get('access-control-allow-origin')).toEqual([SUB])
        expect(r.header('access-control-allow-credentials')).toBe('true')
        expect(r.header('access-control-allow-methods')).toBe('GET, POST, PATCH')
        expect(names(r, 'access-control-allow-headers')).toEqual(expect.arrayContaining(['content-type', 'x-custom']))
        expect(r.header('access-control-max-age')).toBe('600')
        expect(r.lines.get('vary')).toEqual([PREFLIGHT_VARY])
        expect(r.body).toBe('')
      })

      it('never reaches later middleware, routes or notFound', async () => {
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
        expect(r.header('vary')).toBe(PREFLIGHT_VARY)
      })

      it('refused by method: origin and configured lists, no max-age', async () => {
        const r = await get('/ok', preflight(APP, 'DELETE'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe(APP)
        expect(r.header('access-control-allow-methods')).toBe('GET, POST, PATCH')
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('refused by header: origin and configured header list, no max-age', async () => {
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

      it('headers set by an earlier middleware are kept and Vary is merged', async () => {
        const r = await get('/vary-before', preflight(APP, 'POST'))
        expect(r.lines.get('vary')).toEqual([`Accept-Encoding, ${PREFLIGHT_VARY}`])
      })

      it('public policy: * and any requested header', async () => {
        const r = await on('open')('/ok', preflight(EVIL, 'PUT', 'x-anything'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe('*')
        expect(r.header('access-control-allow-headers')).toBe('*')
      })
    })

    describe('actual responses', () => {
      for (const status of [200, 201, 204, 301, 304, 400, 404, 418, 500, 503]) {
        it(`status ${status} from c.body carries the CORS headers`, async () => {
          const r = await get(`/status/${status}`, from(APP))
          expect(r.status).toBe(status)
          expectAllowed(r, APP)
        })
      }

      it('c.json carries the CORS headers', async () => {
        const r = await get('/json', from(SUB))
        expect(JSON.parse(r.body)).toEqual({ ok: true })
        expectAllowed(r, SUB)
      })

      it('a disallowed origin gets no Access-Control-* header and Vary: Origin', async () => {
        const r = await get('/ok', from(EVIL))
        expect(r.body).toBe('ok')
        expect(r.cors()).toEqual([])
        expect(r.lines.get('vary')).toEqual(['Origin'])
      })

      it('a request without Origin gets no Access-Control-* header and Vary: Origin', async () => {
        const r = await get('/ok')
        expect(r.cors()).toEqual([])
        expect(r.lines.get('vary')).toEqual(['Origin'])
      })

      it('public policy: * with or without Origin, no Vary', async () => {
        for (const r of [await on('open')('/ok', from(EVIL)), await on('open')('/ok')]) {
          expect(r.lines.get('access-control-allow-origin')).toEqual(['*'])
          expect(r.header('vary')).toBeUndefined()
        }
      })

      it('app.onError’s answer to a thrown error carries the CORS headers', async () => {
        const r = await get('/throw', from(APP))
        expect(r.status).toBe(500)
        expect(JSON.parse(r.body)).toEqual({ error: 'boom' })
        expectAllowed(r, APP)
      })

      it('an HTTPException’s response carries the CORS headers', async () => {
        const r = await get('/http-exception', from(APP))
        expect(r.status).toBe(401)
        expectAllowed(r, APP)
      })

      it('app.notFound’s 404 carries the CORS headers', async () => {
        const r = await get('/no-such-route', from(APP))
        expect(r.status).toBe(404)
        expect(r.body).toBe('nope')
        expectAllowed(r, APP)
      })

      it('c.redirect() carries the CORS headers and its Location', async () => {
        const r = await get('/redirect', from(APP))
        expect(r.status).toBe(302)
        expect(r.header('location')).toBe('/ok')
        expectAllowed(r, APP)
      })

      it('Response.redirect() (immutable headers) carries the CORS headers and keeps status and Location', async () => {
        const r = await get('/response-redirect', from(APP))
        expect(r.status).toBe(302)
        expect(r.header('location')).toMatch(/\/ok$/)
        expectAllowed(r, APP)
      })

      it('stream() carries the CORS headers and the whole body', async () => {
        const r = await get('/stream', from(APP))
        expect(r.body).toBe('abc')
        expectAllowed(r, APP)
      })

      it('streamSSE() carries the CORS headers and both events', async () => {
        const r = await get('/sse', from(APP))
        expect(r.header('content-type')).toMatch(/^text\/event-stream/)
        expect(r.body).toContain('data: one')
        expect(r.body).toContain('data: two')
        expectAllowed(r, APP)
      })
    })

    describe('headers the app sets', () => {
      it('two Set-Cookie headers stay two lines', async () => {
        const r = await get('/cookies', from(APP))
        expect(r.lines.get('set-cookie')!.map((c) => c.split(';')[0])).toEqual(['a=1', 'b=2'])
        expectAllowed(r, APP)
      })

      it('Vary set before corsa ran is merged: Accept-Encoding, Origin', async () => {
        expect((await get('/vary-before', from(APP))).lines.get('vary')).toEqual(['Accept-Encoding, Origin'])
      })

      it('Vary set by the route is merged: Accept-Language, Origin', async () => {
        expect((await get('/vary-after', from(APP))).lines.get('vary')).toEqual(['Accept-Language, Origin'])
      })

      it('Vary: * set by the route stays *', async () => {
        expect((await get('/vary-star', from(APP))).lines.get('vary')).toEqual(['*'])
      })

      it('Access-Control-* headers set by the route are replaced by corsa’s', async () => {
        expectAllowed(await get('/own-cors', from(APP)), APP)
      })

      it('Access-Control-* headers set by the route are removed for a refused origin', async () => {
        expect((await get('/own-cors', from(EVIL))).cors()).toEqual([])
      })
    })

    describe('per route: app.use("/api/*", cors(...))', () => {
      it('answers preflights under /api only', async () => {
        const api = await on('perRoute')('/api/x', preflight(APP, 'POST'))
        expect(api.status).toBe(204)
        expect(api.header('access-control-allow-origin')).toBe(APP)
        const outside = await on('perRoute')('/ok', preflight(APP, 'POST'))
        expect(outside.cors()).toEqual([])
      })

      it('decorates notFound under /api and leaves other paths alone', async () => {
        expectAllowed(await on('perRoute')('/api/x', from(APP)), APP)
        expect((await on('perRoute')('/ok', from(APP))).cors()).toEqual([])
      })
    })

    describe('applied twice', () => {
      const cases: [string, Parameters<typeof send>[2]][] = [
        ['/ok', from(APP)],
        ['/ok', from(EVIL)],
        ['/ok', {}],
        ['/ok', preflight(APP, 'PATCH', 'x-custom')],
        ['/vary-before', from(APP)],
        ['/own-cors', from(APP)],
        ['/throw', from(APP)],
        ['/response-redirect', from(APP)],
        ['/no-such-route', from(APP)],
      ]
      for (const [path, init] of cases) {
        it(`gives the same headers as once: ${init?.method ?? 'GET'} ${path} ${JSON.stringify(init?.headers ?? {})}`, async () => {
          const once = await get(path, init)
          const again = await on('twice')(path, init)
          expect(again.status).toBe(once.status)
          expect(comparable(again)).toEqual(comparable(once))
        })
      }
    })

    describe('origin function written for hono/cors (returns the origin)', () => {
      it('allows the origin it returns and receives the Context', async () => {
        expect((await on('predicate')('/ok', from(APP))).header('access-control-allow-origin')).toBe(APP)
        expect((await on('predicate')('/json', from(APP))).cors()).toEqual([])
        expect((await on('predicate')('/ok', from(EVIL))).cors()).toEqual([])
      })
    })

    describe('hostile headers', () => {
      it('a 1 MB Origin: no Access-Control-* header, no 5xx', async () => {
        const r = await get('/ok', from('https://' + 'a'.repeat(1024 * 1024) + '.example.com'))
        expect(r.status).toBe(200)
        expect(r.cors()).toEqual([])
      })

      it('a 1 MB Access-Control-Request-Headers: refused by header, not 5xx', async () => {
        const r = await get('/ok', preflight(APP, 'POST', 'x-custom,'.repeat(110_000)))
        expect(r.status).toBe(204)
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('lookalike origins are refused', async () => {
        for (const origin of ['https://app.example.com.evil.test', 'https://example.com', 'HTTPS://APP.EXAMPLE.COM', 'null', 'http://app.example.com']) {
          const r = await get('/ok', from(origin))
          expect(r.status, origin).toBe(200)
          expect(r.cors(), origin).toEqual([])
        }
      })

      it('bytes 0x80-0xff in Origin and request headers are refused, not 5xx', async () => {
        const weird = Buffer.from([0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f, 0xe9, 0xff, 0x80]).toString('latin1')
        const r = await get('/ok', from(weird))
        expect(r.status).toBe(200)
        expect(r.cors()).toEqual([])
        const p = await get('/ok', preflight(APP, 'POST', `x-custom, ${weird}`))
        expect(p.status).toBe(204)
        expect(p.header('access-control-max-age')).toBeUndefined()
      })

      it('10 000 requested header names are refused, not 5xx', async () => {
        const list = Array.from({ length: 10_000 }, (_, i) => `x-h${i}`).join(',')
        const r = await get('/ok', preflight(APP, 'POST', list))
        expect(r.status).toBe(204)
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('control bytes in Origin never reach a 5xx, and the server keeps serving', async () => {
        for (const byte of [0x00, 0x01, 0x0b, 0x1b, 0x7f]) {
          const status = await sendRaw(
            served.port('policy'),
            `GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app${String.fromCharCode(byte)}.example.com\r\nConnection: close\r\n\r\n`,
          )
          expect(status, `byte ${byte}`).toBeLessThan(500)
        }
        expectAllowed(await get('/ok', from(APP)), APP)
      })
    })

    describe('examples/app.ts (docs/hono.md quick start)', () => {
      const ex = (path: string, init?: Parameters<typeof send>[2]) => on('example')(path, init)

      it('/public answers any origin with *', async () => {
        expect((await ex('/public/status', from(EVIL))).header('access-control-allow-origin')).toBe('*')
        expect((await ex('/public/status', preflight(EVIL, 'PUT'))).header('access-control-allow-origin')).toBe('*')
      })

      it('/api: the preflight allows Authorization with credentials', async () => {
        const r = await ex('/api/me', preflight('https://shop.example.com', 'GET', 'authorization'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-credentials')).toBe('true')
        expect(names(r, 'access-control-allow-headers')).toContain('authorization')
      })

      it('/api: the 401 of an HTTPException and the JSON both carry the CORS headers', async () => {
        const denied = await ex('/api/me', from(APP))
        expect(denied.status).toBe(401)
        expect(denied.header('access-control-allow-origin')).toBe(APP)
        const r = await ex('/api/me', { headers: { Origin: APP, Cookie: 'session=1' } })
        expect(JSON.parse(r.body)).toEqual({ name: 'Ada' })
        expect(r.header('access-control-expose-headers')).toBe('X-Request-Id')
      })

      it('/api: notFound carries the CORS headers; other origins get none', async () => {
        const r = await ex('/api/nope', from(APP))
        expect(r.status).toBe(404)
        expect(r.header('access-control-allow-origin')).toBe(APP)
        expect((await ex('/api/me', from(EVIL))).cors()).toEqual([])
      })
    })

    describe('examples/migrate.ts (a hono/cors configuration, unchanged)', () => {
      const ex = (path: string, init?: Parameters<typeof send>[2]) => on('migrate')(path, init)

      it('allows the origins its function returns, with its lists and max-age', async () => {
        const r = await ex('/api/posts', preflight(SUB, 'POST', 'x-custom-header'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe(SUB)
        expect(r.header('access-control-allow-credentials')).toBe('true')
        expect(r.header('access-control-max-age')).toBe('600')
        const post = await ex('/api/posts', { method: 'POST', headers: { Origin: SUB } })
        expect(post.status).toBe(201)
        expect(post.header('access-control-expose-headers')).toBe('Content-Length, X-Kuma-Revision')
      })

      it('refuses the origins it maps to another one', async () => {
        expect((await ex('/api/posts', { method: 'POST', headers: { Origin: EVIL } })).cors()).toEqual([])
      })
    })
  })
}
