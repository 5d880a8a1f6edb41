/** Cross-origin protection (csrf) in @corsa/next's corsProxy and withCors, with NextRequest and Request objects. */
import { NextFetchEvent } from 'next/dist/server/web/spec-extension/fetch-event'
import { NextRequest, NextResponse } from 'next/server'
import { describe, expect, test, vi } from 'vitest'
import { corsProxy, withCors } from '../../src/index'

const ALLOWED = 'https://app.example.com'
const EVIL = 'https://evil.test'
const policy = { origin: [ALLOWED], credentials: true, csrf: { bypass: ['/api/webhooks/*'] } }

function post(headers: Record<string, string> = {}, path = '/api/items'): NextRequest {
  return new NextRequest(`http://127.0.0.1:3000${path}`, { method: 'POST', headers: { cookie: 'session=1', ...headers } })
}
function run(proxy: ReturnType<typeof corsProxy>, request: NextRequest): Promise<Response> {
  return proxy(request, new NextFetchEvent({ request, page: '/api/items', context: undefined }))
}

describe('corsProxy with csrf', () => {
  test("refuses a cross-site POST from a refused origin with 403, before the user's proxy and the app", async () => {
    const own = vi.fn(() => undefined)
    const response = await run(corsProxy(policy, own), post({ origin: EVIL, 'sec-fetch-site': 'cross-site' }))
    expect(response.status).toBe(403)
    expect(own).not.toHaveBeenCalled()
    expect(response.headers.get('x-middleware-next')).toBeNull()
  })

  test('lets a cross-site POST from an allowed origin go on to the app with the CORS headers', async () => {
    const response = await run(corsProxy(policy), post({ origin: ALLOWED, 'sec-fetch-site': 'cross-site' }))
    expect(response.headers.get('x-middleware-next')).toBe('1')
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
  })

  test('lets a same-origin POST go on to the app', async () => {
    const response = await run(corsProxy(policy), post({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }))
    expect(response.headers.get('x-middleware-next')).toBe('1')
  })

  test('lets a POST to a bypassed path go on from a refused origin', async () => {
    const response = await run(corsProxy(policy), post({ origin: EVIL, 'sec-fetch-site': 'cross-site' }, '/api/webhooks/stripe'))
    expect(response.headers.get('x-middleware-next')).toBe('1')
  })

  test('lets a curl-like POST (no Origin, no Sec-Fetch-Site) go on', async () => {
    const response = await run(corsProxy(policy), post())
    expect(response.headers.get('x-middleware-next')).toBe('1')
  })
})

describe('withCors (route handlers) with csrf', () => {
  const make = () => {
    const handler = vi.fn(() => NextResponse.json({ ok: true }))
    return { handler, route: withCors(handler, policy) }
  }
  const request = (headers: Record<string, string>, path = '/api/items') =>
    new Request(`http://127.0.0.1:3000${path}`, { method: 'POST', headers: { cookie: 'session=1', ...headers } })

  test('refuses a cross-site POST from a refused origin with 403 and never calls the handler', async () => {
    const { handler, route } = make()
    const response = await route(request({ origin: EVIL, 'sec-fetch-site': 'cross-site' }), { params: Promise.resolve({}) })
    expect(response.status).toBe(403)
    expect(handler).not.toHaveBeenCalled()
  })

  test('calls the handler for an allowed origin, same-origin, a bypassed path and a curl-like POST', async () => {
    const { handler, route } = make()
    const context = { params: Promise.resolve({}) }
    const answers = await Promise.all([
      route(request({ origin: ALLOWED, 'sec-fetch-site': 'cross-site' }), context),
      route(request({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }), context),
      route(request({ origin: EVIL, 'sec-fetch-site': 'cross-site' }, '/api/webhooks/github'), context),
      route(request({}), context),
    ])
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(handler).toHaveBeenCalledTimes(4)
  })
})
