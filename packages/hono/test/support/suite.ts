/** The behaviour a Hono app with corsa must show, against a real server in a real runtime. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAllowed, runConformance } from '@corsa/testkit/conformance'
import { APP } from '@corsa/testkit/fixtures'
import { from, names, preflight, send } from '@corsa/testkit/node-http'
import type { AppName } from './app.js'
import type { Served } from './runtimes.js'

const SUB = 'https://eu.api.example.com'
const EVIL = 'https://evil.test'
export function runSuite(name: string, start: () => Promise<Served>): void {
  runConformance(name, start)
  describe(name, () => {
    let served: Served
    beforeAll(async () => {
      served = await start()
    })
    afterAll(() => served?.stop())
    const on = (app: AppName) => (path: string, init?: Parameters<typeof send>[2]) => send(served.url(app), path, init)
    const get = (path: string, init?: Parameters<typeof send>[2]) => on('policy')(path, init)

    describe('Hono specifics', () => {
      it('c.json carries the CORS headers', async () => {
        const r = await get('/json', from(SUB))
        expect(JSON.parse(r.body)).toEqual({ ok: true })
        expectAllowed(r, SUB)
      })

      it('app.onError answers a thrown error with its JSON, decorated', async () => {
        const r = await get('/throw', from(APP))
        expect(JSON.parse(r.body)).toEqual({ error: 'boom' })
        expectAllowed(r, APP)
      })

      it('an HTTPException’s response carries the CORS headers', async () => {
        const r = await get('/http-exception', from(APP))
        expect(r.status).toBe(401)
        expectAllowed(r, APP)
      })

      it('app.notFound’s 404 body is the app’s, decorated', async () => {
        const r = await get('/no-such-route', from(APP))
        expect(r.body).toBe('nope')
        expectAllowed(r, APP)
      })

      it('Response.redirect() (immutable headers) carries the CORS headers and keeps status and Location', async () => {
        const r = await get('/response-redirect', from(APP))
        expect(r.status).toBe(302)
        expect(r.header('location')).toMatch(/\/ok$/)
        expectAllowed(r, APP)
      })

      it('streamSSE() carries the CORS headers and both events', async () => {
        const r = await get('/sse', from(APP))
        expect(r.header('content-type')).toMatch(/^text\/event-stream/)
        expect(r.body).toContain('data: one')
        expect(r.body).toContain('data: two')
        expectAllowed(r, APP)
      })

      it('an origin function written for hono/cors (returning the origin) receives the Context', async () => {
        expect((await on('predicate')('/ok', from(APP))).header('access-control-allow-origin')).toBe(APP)
        expect((await on('predicate')('/json', from(APP))).cors()).toEqual([])
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
