import { CorsConfigError } from '@corsa/core'
import { notFound, permanentRedirect, redirect } from 'next/navigation'
import { DynamicServerError } from 'next/dist/client/components/hooks-server-context'
import { describe, expect, test, vi } from 'vitest'
import { controlFlowResponse, corsRoute, withCors } from '../../src/index'

const ALLOWED = 'https://app.example.com'
const policy = { origin: [ALLOWED], credentials: true, exposeHeaders: ['x-request-id'] }

function request(method: string, headers: Record<string, string> = {}): Request {
  return new Request('http://127.0.0.1/routes/items', { method, headers, body: method === 'POST' ? '{}' : null })
}
const preflight = (origin = ALLOWED, method = 'POST') => request('OPTIONS', { origin, 'access-control-request-method': method })
const context = { params: Promise.resolve({ id: '7' }) }

describe('withCors (route handler)', () => {
  test('hands the handler the request and the context with its params Promise', async () => {
    const handler = withCors(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
      return Response.json({ method: req.method, id: (await ctx.params).id })
    }, policy)
    const response = await handler(request('GET', { origin: ALLOWED }), context)
    expect(await response.json()).toEqual({ method: 'GET', id: '7' })
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
  })

  test('answers a preflight without calling the handler', async () => {
    const inner = vi.fn(() => new Response('handler ran'))
    const response = await withCors(inner, policy)(preflight(), context)
    expect(inner).not.toHaveBeenCalled()
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-methods')).toContain('POST')
  })

  test('turns redirect() into the 307 Next makes of it, with the CORS headers', async () => {
    const response = await withCors(() => redirect('/elsewhere?a=1;b=2'), policy)(request('GET', { origin: ALLOWED }))
    expect(response.status).toBe(307)
    expect(response.headers.get('location')).toBe('/elsewhere?a=1;b=2')
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
  })

  test('turns permanentRedirect() into a 308', async () => {
    const response = await withCors(() => permanentRedirect('https://example.com/new'), policy)(request('GET', { origin: ALLOWED }))
    expect(response.status).toBe(308)
    expect(response.headers.get('location')).toBe('https://example.com/new')
  })

  test('turns notFound() into an empty 404 with the CORS headers', async () => {
    const response = await withCors(async () => notFound(), policy)(request('GET', { origin: ALLOWED }))
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('')
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
  })

  test('turns a thrown error into an empty 500 with the CORS headers, and logs the error', async () => {
    const error = new Error('boom')
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const response = await withCors(() => {
        throw error
      }, policy)(request('GET', { origin: ALLOWED }))
      expect(response.status).toBe(500)
      expect(await response.text()).toBe('')
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
      expect(log).toHaveBeenCalledWith(error)
    } finally {
      log.mockRestore()
    }
  })

  test('hands an ordinary error to onError, and redirect() to Next, not to onError', async () => {
    const onError = vi.fn(() => Response.json({ error: 'sorry' }, { status: 503 }))
    const failing = await withCors(
      async () => {
        throw new Error('down')
      },
      { ...policy, onError },
    )(request('GET', { origin: ALLOWED }))
    expect(failing.status).toBe(503)
    expect(failing.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    const redirecting = await withCors(() => redirect('/x'), { ...policy, onError })(request('GET', { origin: ALLOWED }))
    expect(redirecting.status).toBe(307)
    expect(onError).toHaveBeenCalledTimes(1)
  })

  test("rethrows Next's other internal errors, such as a dynamic-usage bail-out, to Next untouched", async () => {
    const bailout = new DynamicServerError('Route used headers()')
    const handler = withCors(() => {
      throw bailout
    }, policy)
    await expect(handler(request('GET', { origin: ALLOWED }))).rejects.toBe(bailout)
  })

  test('lets an onError that rethrows hand the error to Next', async () => {
    const error = new Error('for Next')
    const handler = withCors(
      async () => {
        throw error
      },
      {
        ...policy,
        onError: (e) => {
          throw e
        },
      },
    )
    await expect(handler(request('GET', { origin: ALLOWED }))).rejects.toBe(error)
  })

  test('sends no Access-Control-* headers to a refused origin, but Vary: Origin', async () => {
    const response = await withCors(() => new Response('ok'), policy)(request('GET', { origin: 'https://evil.test' }))
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([])
    expect(response.headers.get('vary')).toBe('Origin')
  })

  test('checks the configuration when the route module loads', () => {
    expect(() => withCors(() => new Response(), { origin: 'https://app.example.com/' })).toThrow(CorsConfigError)
  })
})

describe('corsRoute', () => {
  test('returns every handler it is given, wrapped, plus OPTIONS', () => {
    const routes = corsRoute({ GET: () => new Response('get'), POST: () => new Response('post') }, policy)
    expect(Object.keys(routes).sort()).toEqual(['GET', 'OPTIONS', 'POST'])
  })

  test('answers the preflight of a POST-only route through its OPTIONS', async () => {
    const POST = vi.fn(() => new Response('created', { status: 201 }))
    const { OPTIONS } = corsRoute({ POST }, policy)
    const response = await OPTIONS(preflight())
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(POST).not.toHaveBeenCalled()
  })

  test('answers an OPTIONS that is not a preflight with 204 and Allow, as Next does', async () => {
    const { OPTIONS } = corsRoute({ GET: () => new Response(), DELETE: () => new Response() }, policy)
    const response = await OPTIONS(request('OPTIONS', { origin: ALLOWED }))
    expect(response.status).toBe(204)
    expect(response.headers.get('allow')).toBe('GET, HEAD, DELETE, OPTIONS')
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
  })

  test("hands an OPTIONS that is not a preflight to the route's own OPTIONS, and a preflight never", async () => {
    const own = vi.fn(() => new Response('own options'))
    const { OPTIONS } = corsRoute({ OPTIONS: own }, policy)
    expect(await (await OPTIONS(request('OPTIONS'))).text()).toBe('own options')
    expect((await OPTIONS(preflight())).status).toBe(204)
    expect(own).toHaveBeenCalledTimes(1)
  })

  test('puts the CORS headers on what each handler returns, context included', async () => {
    const { POST } = corsRoute(
      {
        POST: async (_req: Request, ctx: { params: Promise<{ id: string }> }) =>
          new Response((await ctx.params).id, { headers: { 'x-request-id': 'r1' } }),
      },
      policy,
    )
    const response = await POST(request('POST', { origin: ALLOWED }), context)
    expect(await response.text()).toBe('7')
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id')
  })

  test('is a public API with no options: Access-Control-Allow-Origin * on every response', async () => {
    const { GET } = corsRoute({ GET: () => new Response('ok') })
    const response = await GET(request('GET'))
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('vary')).toBeNull()
  })
})

describe('controlFlowResponse', () => {
  test('recognises forbidden() and unauthorized() digests as an empty 403 and 401', () => {
    expect(controlFlowResponse(Object.assign(new Error(), { digest: 'NEXT_HTTP_ERROR_FALLBACK;403' }))?.status).toBe(403)
    expect(controlFlowResponse(Object.assign(new Error(), { digest: 'NEXT_HTTP_ERROR_FALLBACK;401' }))?.status).toBe(401)
  })

  test('recognises a Next 15.0 notFound() digest as a 404', () => {
    expect(controlFlowResponse(Object.assign(new Error(), { digest: 'NEXT_NOT_FOUND' }))?.status).toBe(404)
  })

  test('ignores an error whose digest only looks like a redirect', () => {
    expect(controlFlowResponse(Object.assign(new Error(), { digest: 'NEXT_REDIRECT;replace;/x;200;' }))).toBeUndefined()
    expect(controlFlowResponse(Object.assign(new Error(), { digest: 'NEXT_REDIRECT;other;/x;307;' }))).toBeUndefined()
  })

  test('ignores errors without a digest', () => {
    expect(controlFlowResponse(new Error('plain'))).toBeUndefined()
    expect(controlFlowResponse(null)).toBeUndefined()
    expect(controlFlowResponse('thrown string')).toBeUndefined()
  })
})
