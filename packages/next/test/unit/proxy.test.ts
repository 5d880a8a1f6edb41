import { CorsConfigError } from '@corsa/core'
import { NextFetchEvent } from 'next/dist/server/web/spec-extension/fetch-event'
import { NextRequest, NextResponse } from 'next/server'
import { describe, expect, test, vi } from 'vitest'
import { corsProxy } from '../../src/index'

const ALLOWED = 'https://app.example.com'
const policy = { origin: [ALLOWED], credentials: true }

function nextRequest(method: string, headers: Record<string, string> = {}, path = '/api/items'): NextRequest {
  return new NextRequest(`http://127.0.0.1${path}`, { method, headers })
}
function run(proxy: ReturnType<typeof corsProxy>, request: NextRequest): Promise<Response> {
  return proxy(request, new NextFetchEvent({ request, page: '/api/items', context: undefined }))
}
const preflight = (origin = ALLOWED) => nextRequest('OPTIONS', { origin, 'access-control-request-method': 'POST' })
const middlewareHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('x-middleware'))

describe('corsProxy', () => {
  test("answers a preflight itself, without calling the user's proxy", async () => {
    const own = vi.fn(() => NextResponse.json({ error: 'no token' }, { status: 401 }))
    const response = await run(corsProxy(policy, own), preflight())
    expect(own).not.toHaveBeenCalled()
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(response.headers.get('access-control-allow-methods')).toContain('POST')
  })

  test('answers a preflight with an empty body and no x-middleware-* header, so Next does not route it on', async () => {
    const response = await run(corsProxy(policy), preflight())
    expect(middlewareHeaders(response)).toEqual([])
    expect(await response.text()).toBe('')
  })

  test('answers a preflight from a refused origin with no Access-Control-* headers', async () => {
    const response = await run(corsProxy(policy), preflight('https://evil.test'))
    expect(response.status).toBe(204)
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([])
  })

  test('lets an actual request go on to the app (NextResponse.next) carrying the CORS headers', async () => {
    const response = await run(corsProxy(policy), nextRequest('POST', { origin: ALLOWED }))
    expect(response.headers.get('x-middleware-next')).toBe('1')
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    expect(response.headers.get('vary')).toBe('Origin')
  })

  test('lets an OPTIONS that is not a preflight go on to the app', async () => {
    const response = await run(corsProxy(policy), nextRequest('OPTIONS', { origin: ALLOWED }))
    expect(response.headers.get('x-middleware-next')).toBe('1')
  })

  test("goes on to the app when the user's proxy returns nothing", async () => {
    const response = await run(
      corsProxy(policy, () => undefined),
      nextRequest('GET', { origin: ALLOWED }),
    )
    expect(response.headers.get('x-middleware-next')).toBe('1')
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
  })

  test("puts the CORS headers on the user's own response and keeps its status and body", async () => {
    const proxy = corsProxy(policy, () => NextResponse.json({ error: 'no token' }, { status: 401 }))
    const response = await run(proxy, nextRequest('GET', { origin: ALLOWED }))
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ error: 'no token' })
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
  })

  test("keeps the user's own NextResponse.next() headers and merges Origin into its Vary", async () => {
    const proxy = corsProxy(policy, () => NextResponse.next({ headers: { vary: 'Accept-Language', 'x-trace': 't1' } }))
    const response = await run(proxy, nextRequest('GET', { origin: ALLOWED }))
    expect(response.headers.get('x-middleware-next')).toBe('1')
    expect(response.headers.get('x-trace')).toBe('t1')
    expect(response.headers.get('vary')).toBe('Accept-Language, Origin')
  })

  test("keeps the user's rewrite", async () => {
    const request = nextRequest('GET', { origin: ALLOWED })
    const proxy = corsProxy(policy, (req) => NextResponse.rewrite(new URL('/api/v2/items', req.url)))
    const response = await run(proxy, request)
    expect(new URL(response.headers.get('x-middleware-rewrite')!).pathname).toBe('/api/v2/items')
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
  })

  test('decorates a redirect whose headers are immutable without throwing', async () => {
    const proxy = corsProxy(policy, () => Response.redirect('http://127.0.0.1/login', 302))
    const response = await run(proxy, nextRequest('GET', { origin: ALLOWED }))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('http://127.0.0.1/login')
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
  })

  test('hands an async origin predicate the NextRequest', async () => {
    const seen: unknown[] = []
    const proxy = corsProxy({
      origin: async (origin: string, request: NextRequest) => {
        seen.push(request.nextUrl.pathname)
        return origin.endsWith('.example.com')
      },
    })
    const response = await run(proxy, nextRequest('GET', { origin: 'https://x.example.com' }, '/api/users'))
    expect(response.headers.get('access-control-allow-origin')).toBe('https://x.example.com')
    expect(seen).toEqual(['/api/users'])
  })

  test('is a public API with no options: Access-Control-Allow-Origin * and no Vary', async () => {
    const response = await run(corsProxy(), nextRequest('GET'))
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('vary')).toBeNull()
  })

  test('checks the configuration when proxy.ts loads', () => {
    // @ts-expect-error '*' with credentials is a type error too
    expect(() => corsProxy({ origin: '*', credentials: true })).toThrow(CorsConfigError)
  })
})
