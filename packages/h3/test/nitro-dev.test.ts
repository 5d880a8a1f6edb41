// fixture-nitro under `nitro dev` (started once by nitro-build.ts on a real port), as users run it
// while they write their app. There @corsa/h3 stays external and uses its own copy of h3, not
// Nitro's: redirect() proves corsa handles both.
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, send } from '@corsa/testkit/node-http'
import { describe, expect, inject, it } from 'vitest'

const get = (path: string, init?: Parameters<typeof send>[2]) => send(inject('nitroDevUrl'), path, init)

describe('corsa under nitro dev', () => {
  it('answers a preflight before the auth middleware', async () => {
    const r = await get('/api/private', preflight(APP, 'GET', 'authorization'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('access-control-max-age')).toBe('600')
  })

  it('gives an allowed GET the CORS headers', async () => {
    const r = await get('/api/me', from(APP))
    expect(r.status).toBe(200)
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('access-control-expose-headers')).toBe('X-Request-Id')
  })

  it("gives a refused origin none, Nitro's `cors: true` rule included", async () => {
    const r = await get('/api/me', from('https://evil.test'))
    expect(r.cors()).toEqual([])
  })

  it("gives the auth middleware's 401 the CORS headers", async () => {
    const r = await get('/api/private', from(APP))
    expect(r.status).toBe(401)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('gives the 404 for a path with no route the CORS headers', async () => {
    const r = await get('/api/nope', from(APP))
    expect(r.status).toBe(404)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it("keeps redirect()'s 302 and Location from Nitro's copy of h3", async () => {
    const r = await get('/api/old', from(APP))
    expect(r.status).toBe(302)
    expect(r.header('location')).toBe('/api/me')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })
})
