import { describe, expect, inject, test } from 'vitest'
import { ALLOWED, ALLOWED_ACTUAL, ALLOWED_PREFLIGHT, REFUSED, corsHeaders, preflight, send, vary } from './http'

// /routes/* is not matched by proxy.ts: only corsRoute / withCors in the route files answer CORS.
describe('route handlers with corsRoute and withCors, in a real Next.js app', () => {
  test('runs on the Next.js version under test', () => {
    expect(inject('nextVersion')).toMatch(/^16\./)
  })

  test('answers the preflight of a POST-only route with 204 and the allow headers instead of 405', async () => {
    const response = await preflight('/routes/items', ALLOWED, 'POST', 'content-type')
    expect(response.status).toBe(204)
    expect(corsHeaders(response)).toEqual(ALLOWED_PREFLIGHT)
    expect(vary(response)).toEqual(expect.arrayContaining(['origin', 'access-control-request-method', 'access-control-request-headers']))
    expect(await response.text()).toBe('')
  })

  test('answers a preflight from a refused origin with no Access-Control-* headers', async () => {
    const response = await preflight('/routes/items', REFUSED, 'POST')
    expect(response.status).toBe(204)
    expect(corsHeaders(response)).toEqual({})
  })

  test('answers a preflight for a method the policy does not allow with the allowed list, so the browser names it', async () => {
    const response = await preflight('/routes/items', ALLOWED, 'PROPFIND')
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT, PATCH, POST, DELETE')
    expect(response.headers.get('access-control-max-age')).toBeNull()
  })

  test('answers an OPTIONS that is not a preflight with 204 and Allow, as Next does', async () => {
    const response = await send('/routes/items', { method: 'OPTIONS' })
    expect(response.status).toBe(204)
    expect(response.headers.get('allow')).toBe('POST, OPTIONS')
  })

  test('puts the CORS headers on the actual response of a POST-only route', async () => {
    const response = await send('/routes/items', {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'pen' }),
    })
    expect(response.status).toBe(201)
    expect(await response.json()).toEqual({ created: { name: 'pen' } })
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test("answers a method the route does not export with Next's 405", async () => {
    const response = await send('/routes/items', { method: 'DELETE', headers: { origin: ALLOWED } })
    expect(response.status).toBe(405)
  })

  test('withCors hands the handler its context, whose params is a Promise', async () => {
    const response = await send('/routes/items/42', { headers: { origin: ALLOWED } })
    expect(await response.json()).toEqual({ id: '42' })
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test('echoes an origin that matches a subdomain pattern, byte for byte', async () => {
    const origin = 'https://pr-7.preview.example.com'
    const response = await preflight('/routes/items/42', origin, 'GET')
    expect(response.headers.get('access-control-allow-origin')).toBe(origin)
  })

  test('sends no Access-Control-* headers to a refused origin, but Vary: Origin', async () => {
    const response = await send('/routes/items/42', { headers: { origin: REFUSED } })
    expect(response.status).toBe(200)
    expect(corsHeaders(response)).toEqual({})
    expect(vary(response)).toContain('origin')
  })

  test('adds Origin to the Vary that Next sets, exactly once', async () => {
    const response = await send('/routes/items/42', { headers: { origin: ALLOWED } })
    const tokens = vary(response)
    expect(tokens).toContain('rsc')
    expect(tokens.filter((token) => token === 'origin')).toHaveLength(1)
  })

  test('runs on the edge runtime and puts the CORS headers on its response', async () => {
    const response = await send('/routes/edge', { headers: { origin: ALLOWED } })
    expect(await response.json()).toEqual({ runtime: 'edge' })
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test('answers HEAD through the wrapped GET, with the CORS headers', async () => {
    const response = await send('/routes/edge', { method: 'HEAD', headers: { origin: ALLOWED } })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test('answers a preflight on the edge runtime', async () => {
    const response = await preflight('/routes/edge', ALLOWED, 'POST', 'content-type')
    expect(response.status).toBe(204)
    expect(corsHeaders(response)).toEqual(ALLOWED_PREFLIGHT)
  })

  test('reads the request body on the edge runtime', async () => {
    const response = await send('/routes/edge', { method: 'POST', headers: { origin: ALLOWED }, body: 'ping' })
    expect(await response.json()).toEqual({ echo: 'ping' })
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test('turns a thrown error into an empty 500 with the CORS headers', async () => {
    const response = await send('/routes/boom', { headers: { origin: ALLOWED } })
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('')
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
    expect(vary(response)).toContain('origin')
  })

  test('lets notFound() give a 404 that has the CORS headers', async () => {
    const response = await send('/routes/missing', { headers: { origin: ALLOWED } })
    expect(response.status).toBe(404)
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test('lets redirect() give a 307 with its Location, its cookies and the CORS headers', async () => {
    const response = await send('/routes/moved', { headers: { origin: ALLOWED } })
    expect(response.status).toBe(307)
    expect(response.headers.get('location')).toBe('/routes/stream')
    expect(response.headers.getSetCookie()).toEqual(['moved=yes; Path=/; Secure; SameSite=none'])
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test('puts the CORS headers on a streaming response and streams its body', async () => {
    const response = await send('/routes/stream', { headers: { origin: ALLOWED } })
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
    const reader = response.body!.getReader()
    const chunks: string[] = []
    for (let part = await reader.read(); !part.done; part = await reader.read()) chunks.push(new TextDecoder().decode(part.value))
    expect(chunks.join('')).toBe('one two three')
    // The route pauses 150 ms between parts: they arrive apart, not buffered into one.
    expect(chunks.length).toBeGreaterThan(1)
  })

  test('allows credentials on a response that sets a cookie with cookies().set()', async () => {
    const response = await send('/routes/session', { method: 'POST', headers: { origin: ALLOWED } })
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/; Secure; HttpOnly; SameSite=none'])
    expect(corsHeaders(response)).toEqual(ALLOWED_ACTUAL)
  })

  test("lets next.config's static Access-Control-Allow-Origin replace corsa's, which browsers refuse with credentials (what not to do)", async () => {
    const response = await send('/routes/legacy', { headers: { origin: ALLOWED } })
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
  })
})
