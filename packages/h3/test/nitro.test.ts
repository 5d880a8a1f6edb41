// fixture-nitro, built by the real `nitro build` (Nitro 3, preset node-server) and served as users
// serve it: corsa's corsRules in middleware/, auth after it, Nitro's own error handler, and Nitro's
// route rules, its permissive `cors: true` for /api/** included.
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

  it("keeps a headers route rule's Cache-Control and merges Origin into its Vary", async () => {
    const r = await get('/api/cached', from(APP))
    expect(r.header('cache-control')).toBe('max-age=60')
    expect(r.header('vary')).toBe('Accept-Encoding, Origin')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('gives the 404 for a path with no route the CORS headers', async () => {
    const r = await get('/api/nope', from(APP))
    expect(r.status).toBe(404)
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('vary')).toBe('Origin')
  })

  it('answers a preflight for a path with no route', async () => {
    expect((await get('/api/nope', preflight(APP, 'GET'))).status).toBe(204)
  })

  it("gives the '/public/**' rule's policy to /public: * for any origin, no credentials", async () => {
    const r = await get('/public/data', from(EVIL))
    expect(r.header('access-control-allow-origin')).toBe('*')
    expect(r.header('access-control-allow-credentials')).toBeUndefined()
  })

  it("leaves a path whose rule is false to Nitro's own route rule", async () => {
    const r = await get('/api/hooks/ping', from(EVIL))
    expect(r.header('access-control-allow-origin')).toBe('*')
    expect(r.header('access-control-max-age')).toBe('0')
  })
})

describe("Nitro's `cors: true` route rule kept next to corsa", () => {
  it("gives a refused origin none of the rule's Access-Control-* headers", async () => {
    const r = await get('/api/me', from(EVIL))
    expect(r.cors()).toEqual([])
    expect(r.header('vary')).toBe('Origin')
  })

  it("gives a refused origin's 404 none of them either", async () => {
    const r = await get('/api/nope', from(EVIL))
    expect(r.status).toBe(404)
    expect(r.cors()).toEqual([])
  })

  it("sends corsa's headers once, in place of the rule's, on an allowed request", async () => {
    const r = await get('/api/me', from(APP))
    expect(r.cors().sort()).toEqual(['access-control-allow-credentials', 'access-control-allow-origin', 'access-control-expose-headers'])
    expect(r.lines.get('access-control-allow-origin')).toEqual([APP])
  })

  it("answers a preflight with corsa's lists and max-age, not the rule's * and 0", async () => {
    const r = await get('/api/me', preflight(APP, 'PUT', 'authorization'))
    expect(r.header('access-control-allow-methods')).toBe('GET, HEAD, PUT, PATCH, POST, DELETE')
    expect(r.header('access-control-allow-headers')).toBe('Content-Type, Authorization, accept, accept-language, content-language, range')
    expect(r.header('access-control-max-age')).toBe('600')
  })

  it("gives a refused origin's preflight none of the rule's headers", async () => {
    const r = await get('/api/me', preflight(EVIL, 'PUT'))
    expect(r.status).toBe(204)
    expect(r.cors()).toEqual([])
  })
})
