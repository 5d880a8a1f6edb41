/**
 * The behaviour every Node server must show with corsa, run against a real server on
 * 127.0.0.1 for each framework (see apps.ts for the routes).
 */
import { IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP, PREFLIGHT_VARY, suitePolicy as policy } from '@corsa/testkit/fixtures'
import { from, names, preflight, type Reply, type Running, send, sendRaw, serve } from '@corsa/testkit/node-http'
import type { Factory } from './apps.js'

const SUB = 'https://eu.api.example.com'
const EVIL = 'https://evil.test'

/** Asserts the CORS headers of an actual response allowed for `origin` under `policy`. */
function expectAllowed(r: Reply, origin: string) {
  expect(r.lines.get('access-control-allow-origin')).toEqual([origin])
  expect(r.lines.get('access-control-allow-credentials')).toEqual(['true'])
  expect(r.lines.get('access-control-expose-headers')).toEqual(['X-Total'])
  // One Vary line naming Origin once (express's redirect adds Accept to it).
  expect(r.lines.get('vary')).toHaveLength(1)
  expect(r.header('vary')!.split(', ').filter((t) => t === 'Origin')).toEqual(['Origin'])
  expect(r.cors().sort()).toEqual(['access-control-allow-credentials', 'access-control-allow-origin', 'access-control-expose-headers'])
}

/** The header lines of a response, without the ones that change per request. */
const comparable = (r: Reply) => [...r.lines].filter(([n]) => n !== 'date' && n !== 'etag' && n !== 'content-length')

export function runSuite(name: string, factory: Factory): void {
  describe(name, () => {
    let server: Running
    let hits: string[]
    let twice: Running
    let open: Running
    let predicate: Running
    const seen: unknown[] = []

    beforeAll(async () => {
      const built = factory(policy)
      hits = built.hits
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
      it('allowed: preflightStatus, origin echoed, credentials, lists, max-age, Vary, no Content-Length on a 204 (RFC 9110 §8.6), empty body', async () => {
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
        const before = hits.length
        await get('/ok', preflight(APP, 'POST'))
        await get('/no-such-route', preflight(APP, 'POST'))
        await get('/ok', preflight(EVIL, 'POST'))
        expect(hits.length).toBe(before)
      })

      it('refused by origin: the same status and no Access-Control-* header', async () => {
        const r = await get('/ok', preflight(EVIL, 'POST', 'content-type'))
        expect(r.status).toBe(204)
        expect(r.cors()).toEqual([])
        expect(r.header('vary')).toBe(PREFLIGHT_VARY)
        expect(r.body).toBe('')
      })

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

      it('refused by header: origin and configured header list, no max-age', async () => {
        const r = await get('/ok', preflight(APP, 'POST', 'x-custom, x-other'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe(APP)
        expect(names(r, 'access-control-allow-headers')).toEqual(expect.arrayContaining(['content-type', 'x-custom']))
        expect(names(r, 'access-control-allow-headers')).not.toContain('x-other')
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('an OPTIONS without Access-Control-Request-Method is the app’s', async () => {
        const r = await get('/ok', { method: 'OPTIONS', headers: { Origin: APP } })
        expect(r.status).toBe(200)
        expect(r.body).toBe('app options')
        expectAllowed(r, APP)
      })

      it('public policy: Access-Control-Allow-Origin * and any requested header', async () => {
        const r = await send(open.url, '/ok', preflight(EVIL, 'PUT', 'x-anything'))
        expect(r.status).toBe(204)
        expect(r.header('access-control-allow-origin')).toBe('*')
        expect(r.header('access-control-allow-headers')).toBe('*')
        expect(r.header('access-control-allow-credentials')).toBeUndefined()
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

      it('a disallowed origin gets no Access-Control-* header and Vary: Origin; the route still runs', async () => {
        const r = await get('/ok', from(EVIL))
        expect(r.status).toBe(200)
        expect(r.body).toBe('ok')
        expect(r.cors()).toEqual([])
        expect(r.lines.get('vary')).toEqual(['Origin'])
      })

      it('an allowed origin gets exactly one Vary: Origin', async () => {
        expect((await get('/ok', from(APP))).lines.get('vary')).toEqual(['Origin'])
      })

      it('a request without Origin gets no Access-Control-* header and Vary: Origin', async () => {
        const r = await get('/ok')
        expect(r.cors()).toEqual([])
        expect(r.lines.get('vary')).toEqual(['Origin'])
      })

      it('public policy: Access-Control-Allow-Origin * with or without Origin, no Vary', async () => {
        for (const r of [await send(open.url, '/ok', from(EVIL)), await send(open.url, '/ok')]) {
          expect(r.lines.get('access-control-allow-origin')).toEqual(['*'])
          expect(r.header('vary')).toBeUndefined()
        }
      })

      it('a thrown error answered by the framework carries the CORS headers', async () => {
        const r = await get('/throw', from(APP))
        expect(r.status).toBe(500)
        expectAllowed(r, APP)
      })

      it('next(err) answered by the framework carries the CORS headers', async () => {
        const r = await get('/next-error', from(APP))
        expect(r.status).toBe(500)
        expectAllowed(r, APP)
      })

      it('the 404 of an unknown route carries the CORS headers', async () => {
        const r = await get('/no-such-route', from(APP))
        expect(r.status).toBe(404)
        expectAllowed(r, APP)
      })

      it('a redirect carries the CORS headers and its Location', async () => {
        const r = await get('/redirect', from(APP))
        expect(r.status).toBe(302)
        expect(r.header('location')).toBe('/ok')
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
      it('two Set-Cookie headers stay two lines', async () => {
        const r = await get('/cookies', from(APP))
        expect(r.lines.get('set-cookie')).toHaveLength(2)
        expect(r.lines.get('set-cookie')!.map((c) => c.split(';')[0])).toEqual(['a=1', 'b=2'])
        expectAllowed(r, APP)
      })

      it('two Set-Cookie headers passed to writeHead as a flat list stay two lines', async () => {
        const r = await get('/cookies-writehead', from(APP))
        expect(r.lines.get('set-cookie')).toEqual(['a=1; Path=/', 'b=2; Path=/'])
        expectAllowed(r, APP)
      })

      it('Vary set before corsa ran is merged: Accept-Encoding, Origin', async () => {
        const r = await get('/vary-before', from(APP))
        expect(r.lines.get('vary')).toEqual(['Accept-Encoding, Origin'])
      })

      it('Vary set by the route after corsa ran is merged: Accept-Language, Origin', async () => {
        const r = await get('/vary-after', from(APP))
        expect(r.lines.get('vary')).toEqual(['Accept-Language, Origin'])
      })

      it('Vary: * set by the route stays *', async () => {
        const r = await get('/vary-star', from(APP))
        expect(r.lines.get('vary')).toEqual(['*'])
      })

      it('Vary is merged for a refused origin and a preflight too', async () => {
        expect((await get('/vary-before', from(EVIL))).lines.get('vary')).toEqual(['Accept-Encoding, Origin'])
        const p = await get('/vary-before', preflight(APP, 'POST'))
        expect(p.lines.get('vary')).toEqual([`Accept-Encoding, ${PREFLIGHT_VARY}`])
      })

      it('Access-Control-* headers set by the route are replaced by corsa’s', async () => {
        const r = await get('/own-cors', from(APP))
        expectAllowed(r, APP)
      })

      it('Access-Control-* headers set by the route are removed for a refused origin', async () => {
        const r = await get('/own-cors', from(EVIL))
        expect(r.cors()).toEqual([])
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
      it('a 1 MB Origin: no Access-Control-* header, no 5xx, in well under a second', async () => {
        const started = performance.now()
        const r = await get('/ok', from('https://' + 'a'.repeat(1024 * 1024) + '.example.com'))
        expect(r.status).toBe(200)
        expect(r.cors()).toEqual([])
        expect(performance.now() - started).toBeLessThan(1000)
      })

      it('a 1 MB Origin on a preflight: refused, not 5xx', async () => {
        const r = await get('/ok', preflight('https://' + 'a'.repeat(1024 * 1024), 'POST'))
        expect(r.status).toBe(204)
        expect(r.cors()).toEqual([])
      })

      it('a 1 MB Access-Control-Request-Headers: refused by header, not 5xx', async () => {
        const r = await get('/ok', preflight(APP, 'POST', 'x-custom,'.repeat(110_000)))
        expect(r.status).toBe(204)
        expect(names(r, 'access-control-allow-headers')).toContain('x-custom')
        expect(r.header('access-control-max-age')).toBeUndefined()
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

      it('bytes 0x80-0xff in Origin and request headers are refused, not 5xx', async () => {
        const weird = Buffer.from([0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f, 0xe9, 0xff, 0x80]).toString('latin1')
        const r = await get('/ok', from(weird))
        expect(r.status).toBe(200)
        expect(r.cors()).toEqual([])
        const p = await get('/ok', preflight(APP, 'POST', `x-custom, ${weird}`))
        expect(p.status).toBe(204)
        expect(p.header('access-control-max-age')).toBeUndefined()
      })

      it('two Origin headers are refused, not 5xx', async () => {
        const r = await get('/ok', { headers: { Origin: [APP, SUB] } })
        expect(r.status).toBe(200)
        expect(r.cors()).toEqual([])
      })

      it('10 000 requested header names are refused, not 5xx', async () => {
        const names = Array.from({ length: 10_000 }, (_, i) => `x-h${i}`).join(',')
        const r = await get('/ok', preflight(APP, 'POST', names))
        expect(r.status).toBe(204)
        expect(r.header('access-control-max-age')).toBeUndefined()
      })

      it('control bytes in Origin never reach a 5xx, and the server keeps serving', async () => {
        for (const byte of [0x00, 0x01, 0x0b, 0x1b, 0x7f]) {
          const status = await sendRaw(
            server.port,
            `GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app${String.fromCharCode(byte)}.example.com\r\nConnection: close\r\n\r\n`,
          )
          expect(status, `byte ${byte}`).toBeLessThan(500)
        }
        const status = await sendRaw(
          server.port,
          'OPTIONS /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: a\tb, c\r\nConnection: close\r\n\r\n',
        )
        expect(status).toBe(204)
        expectAllowed(await get('/ok', from(APP)), APP)
      })
    })
  })
}
