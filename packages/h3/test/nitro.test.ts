// fixture-nitro, built by the real `nitro build` (Nitro 3, preset node-server) and served as users
// serve it: corsa as a file in middleware/, auth after it, Nitro's own error handler and route rules.
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, send } from '@corsa/testkit/node-http'
import { describe, expect, inject, it } from 'vitest'

const get = (path: string, init?: Parameters<typeof send>[2]) => send(inject('nitroUrl'), path, init)
const EVIL = 'https://evil.test'

describe('corsa in a Nitro production build', () => {
  it('answers a preflight before the auth middleware: 204, not 401', async () => {
    const r = await get('/api/private', preflight(APP, 'GET', 'authorization'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('access-control-max-age')).toBe('600')
    expect(r.body).toBe('')
  })

  it("gives the auth middleware's 401, from Nitro's error handler, the CORS headers", async () => {
    const r = await get('/api/private', from(APP))
    expect(r.status).toBe(401)
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('vary')).toBe('Origin')
  })

  it('gives a route value the CORS headers and exposes X-Request-Id', async () => {
    const r = await get('/api/me', from(APP))
    expect(JSON.parse(r.body)).toEqual({ name: 'Ada' })
    expect(r.header('access-control-allow-credentials')).toBe('true')
    expect(r.header('access-control-expose-headers')).toBe('X-Request-Id')
  })

  it("gives a thrown error's 500 the CORS headers", async () => {
    const r = await get('/api/throw', from(APP))
    expect(r.status).toBe(500)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('gives redirect() the CORS headers and keeps its 302 and Location', async () => {
    const r = await get('/api/old', from(APP))
    expect(r.status).toBe(302)
    expect(r.header('location')).toBe('/api/me')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it("keeps the headers of a route rule and adds corsa's", async () => {
    const r = await get('/api/cached', from(APP))
    expect(r.header('cache-control')).toBe('max-age=60')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('gives a refused origin no Access-Control-* header', async () => {
    const r = await get('/api/me', from(EVIL))
    expect(r.cors()).toEqual([])
    expect(r.header('vary')).toBe('Origin')
  })

  it('answers a preflight for a path with no route', async () => {
    expect((await get('/api/nope', preflight(APP, 'GET'))).status).toBe(204)
  })

  // Nitro 3.0.0 runs on h3 2.0.1-rc.2, whose middleware chain drops a middleware's 404 Response
  // (h3 2.0.8 keeps it: see h3.test.ts). When this fails, Nitro has caught up: update docs/h3.md.
  it('known limitation of Nitro 3.0.0: the 404 for a path with no route has no CORS headers', async () => {
    const r = await get('/api/nope', from(APP))
    expect(r.status).toBe(404)
    expect(r.cors()).toEqual([])
  })
})
