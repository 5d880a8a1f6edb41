// What is specific to Astro, against fixture-astro's production build (test/astro-build.ts).
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, send, type Send } from '@corsa/testkit/node-http'
import { describe, expect, inject, it } from 'vitest'

const get = (path: string, init?: Send) => send(inject('astroUrl'), path, init)

describe('corsa in an Astro production build', () => {
  it('answers a preflight for an endpoint that exports no OPTIONS handler', async () => {
    const r = await get('/policy/stream', preflight(APP, 'PATCH', 'content-type'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-methods')).toBe('GET, POST, PATCH')
    expect(r.body).toBe('')
  })

  it('gives src/pages/500.astro, which Astro renders through the middleware for a thrown error, the CORS headers', async () => {
    const r = await get('/policy/throw', from(APP))
    expect(r.status).toBe(500)
    expect(r.body).toContain('Something went wrong')
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('vary')).toBe('Origin')
  })

  it('rebuilds the immutable response of Response.redirect() with the CORS headers', async () => {
    const r = await get('/policy/moved', from(APP))
    expect(r.status).toBe(301)
    expect(r.header('location')).toMatch(/\/policy\/ok$/)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it("gives Astro's own 404 page the CORS headers", async () => {
    const r = await get('/policy/nothing/here', { headers: { origin: APP, accept: 'text/html' } })
    expect(r.status).toBe(404)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })
})
