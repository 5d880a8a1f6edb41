import { describe, expect, test } from 'vitest'
import { ALLOWED, ALLOWED_ACTUAL, ALLOWED_PREFLIGHT, REFUSED, corsHeaders, preflight, send, vary } from './http'

// /api/* is covered by the fixture's proxy.ts (corsProxy); its route files are plain Next handlers.
describe('proxy.ts with corsProxy, in a real Next.js app', () => {
  test('answers the preflight of a POST-only route with 204 and the allow headers instead of 405', async () => {
    const response = await preflight('/api/items', ALLOWED, 'POST', 'content-type')
    expect(response.status).toBe(204)
    expect(corsHeaders(response)).toEqual(ALLOWED_PREFLIGHT)
    expect(vary(response)).toEqual(['origin', 'access-control-request-method', 'access-control-request-headers'])
    expect(await response.text()).toBe('')
  })

  test("answers a preflight with none of Next's internal x-middleware-* headers", async () => {
    const response = await preflight('/api/items', ALLOWED, 'POST')
    expect([...response.headers.keys()].filter((name) => name.startsWith('x-middleware'))).toEqual([])
  })

  test('answers a preflight from a refused origin with no Access-Control-* headers', async () => {
    const response = await preflight('/api/items', REFUSED, 'POST')
    expect(response.status).toBe(204)
    expect(corsHeaders(response)).toEqual({})
    expect(vary(response)).toContain('origin')
  })

  test('answers a preflight for a path with no route at all', async () => {
    const response = await preflight('/api/nothing-here', ALLOWED, 'POST', 'content-type')
    expect(response.status).toBe(204)
    expect(corsHeaders(response)).toEqual(ALLOWED_PREFLIGHT)
  })

  test("answers the preflight before the user's own proxy logic, so its auth check never sees it", async () => {
    const response = await preflight('/api/private/data', ALLOWED, 'GET', 'authorization')
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization')
  })

  test("puts the CORS headers on the user's own proxy response (a 401)", async () => {
    const response = await send('/api/private/data', { headers: { origin: ALLOWED } })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ error: 'sign in first' })
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test("lets a request the user's proxy accepts through to the route, with the CORS headers", async () => {
    const response = await send('/api/private/data', { headers: { origin: ALLOWED, authorization: 'Bearer t' } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ secret: 42 })
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test('puts the CORS headers on the actual response of a POST-only route', async () => {
    const response = await send('/api/items', {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'pen' }),
    })
    expect(response.status).toBe(201)
    expect(await response.json()).toEqual({ created: { name: 'pen' } })
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
    expect(response.headers.get('x-request-id')).toBe('req-1')
  })

  test('sends no Access-Control-* headers to a refused origin, but Vary: Origin', async () => {
    const response = await send('/api/stream', { headers: { origin: REFUSED } })
    expect(response.status).toBe(200)
    expect(corsHeaders(response)).toEqual({})
    expect(vary(response)).toContain('origin')
  })

  test('sends no Access-Control-* headers to a request without Origin, but Vary: Origin', async () => {
    const response = await send('/api/stream')
    expect(corsHeaders(response)).toEqual({})
    expect(vary(response)).toContain('origin')
  })

  test("keeps the route's own Vary and adds Origin to it once", async () => {
    const response = await send('/api/vary', { headers: { origin: ALLOWED } })
    const tokens = vary(response)
    expect(tokens).toContain('accept-language')
    expect(tokens.filter((token) => token === 'origin')).toHaveLength(1)
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test("puts the CORS headers on Next's 500 for a route that throws", async () => {
    const response = await send('/api/boom', { headers: { origin: ALLOWED } })
    expect(response.status).toBe(500)
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
    expect(vary(response)).toContain('origin')
  })

  test("puts the CORS headers on Next's 404 for a route that calls notFound()", async () => {
    const response = await send('/api/missing', { headers: { origin: ALLOWED } })
    expect(response.status).toBe(404)
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test("puts the CORS headers on Next's 307 for a route that calls redirect()", async () => {
    const response = await send('/api/moved', { headers: { origin: ALLOWED } })
    expect(response.status).toBe(307)
    expect(response.headers.get('location')).toBe('/api/stream')
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test("puts the CORS headers on Next's own 404 for a path with no route", async () => {
    const response = await send('/api/nothing-here', { headers: { origin: ALLOWED } })
    expect(response.status).toBe(404)
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test('puts the CORS headers on a streaming response and streams its body', async () => {
    const response = await send('/api/stream', { headers: { origin: ALLOWED } })
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
    expect(await response.text()).toBe('one two three')
  })

  test('allows credentials on a response that sets a cookie with cookies().set()', async () => {
    const response = await send('/api/session', { method: 'POST', headers: { origin: ALLOWED } })
    expect(response.status).toBe(200)
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/; Secure; HttpOnly; SameSite=none'])
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test("lets an OPTIONS that is not a preflight through to Next's own OPTIONS, with the CORS headers", async () => {
    const response = await send('/api/items', { method: 'OPTIONS', headers: { origin: ALLOWED } })
    expect(response.status).toBe(204)
    expect(response.headers.get('allow')).toContain('POST')
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test('lets a static Access-Control-Allow-Origin from next.config reach an origin the proxy refuses (what not to do)', async () => {
    const response = await send('/api/legacy', { headers: { origin: REFUSED } })
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
  })
})
