import { describe, expect, test } from 'vitest'
import { cors, withCors } from '../src/index.js'
import { corsHeaders, preflight, recordingHandler, request } from './helpers.js'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.test'

async function serve(handler: (req: Request) => unknown, options: object, req: Request): Promise<Response> {
  return (await withCors(handler as (req: Request) => Response, options)(req)) as Response
}

describe('actual request from an allowed origin (design 5)', () => {
  test('the handler runs and its response gets exactly one Access-Control-Allow-Origin, the request origin', async () => {
    const { calls, handler } = recordingHandler()
    const res = await serve(handler, { origin: APP }, request(APP))
    expect(calls).toHaveLength(1)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('Access-Control-Allow-Credentials: true is sent only with credentials', async () => {
    const { handler } = recordingHandler()
    expect((await serve(handler, { origin: APP, credentials: true }, request(APP))).headers.get('access-control-allow-credentials')).toBe('true')
    expect((await serve(handler, { origin: APP }, request(APP))).headers.get('access-control-allow-credentials')).toBeNull()
  })

  test('Access-Control-Expose-Headers is sent when exposeHeaders is set', async () => {
    const { handler } = recordingHandler()
    const res = await serve(handler, { origin: APP, exposeHeaders: ['X-Request-Id', 'ETag'] }, request(APP))
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Request-Id, ETag')
  })

  for (const status of [200, 201, 204, 301, 302, 304, 400, 401, 404, 422, 500, 503]) {
    test(`a ${status} response is decorated like any other`, async () => {
      const { handler } = recordingHandler(status)
      const res = await serve(handler, { origin: APP, credentials: true }, request(APP))
      expect(res.status).toBe(status)
      expect(corsHeaders(res)).toEqual({ 'access-control-allow-origin': APP, 'access-control-allow-credentials': 'true', vary: 'Origin' })
    })
  }

  test('a HEAD request gets the same CORS headers as a GET', async () => {
    const { handler } = recordingHandler()
    const head = await serve(handler, { origin: APP }, request(APP, { method: 'HEAD' }))
    const get = await serve(handler, { origin: APP }, request(APP))
    expect(corsHeaders(head)).toEqual(corsHeaders(get))
  })

  test('the Access-Control-* headers the handler set are replaced by corsa', async () => {
    const { handler } = recordingHandler(200, {
      'access-control-allow-origin': '*',
      'access-control-allow-credentials': 'false',
      'access-control-expose-headers': 'X-Secret',
    })
    const res = await serve(handler, { origin: APP }, request(APP))
    expect(corsHeaders(res)).toEqual({ 'access-control-allow-origin': APP, vary: 'Origin' })
  })

  test('preflight-only headers the handler set are removed from an actual response', async () => {
    const { handler } = recordingHandler(200, { 'access-control-allow-methods': 'GET', 'access-control-max-age': '10' })
    const res = await serve(handler, { origin: APP }, request(APP))
    expect(res.headers.get('access-control-allow-methods')).toBeNull()
    expect(res.headers.get('access-control-max-age')).toBeNull()
  })

  test('other headers the handler set are left alone, two Set-Cookie lines included', async () => {
    const handler = () => {
      const headers = new Headers({ 'cache-control': 'no-store', 'content-type': 'application/json' })
      headers.append('set-cookie', 'a=1; Path=/')
      headers.append('set-cookie', 'b=2; Path=/')
      return new Response('{}', { headers })
    }
    const res = await serve(handler, { origin: APP }, request(APP))
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('content-type')).toBe('application/json')
  })
})

describe('actual request from a refused origin or with no Origin (design 6)', () => {
  test('from a refused origin the handler runs and the response gets no Access-Control-* headers', async () => {
    const { calls, handler } = recordingHandler()
    const res = await serve(handler, { origin: APP, credentials: true, exposeHeaders: ['X-Id'] }, request(EVIL))
    expect(calls).toHaveLength(1)
    expect(corsHeaders(res)).toEqual({ vary: 'Origin' })
  })

  test('with no Origin the handler runs and the response gets no Access-Control-* headers', async () => {
    const { calls, handler } = recordingHandler()
    const res = await serve(handler, { origin: APP }, request())
    expect(calls).toHaveLength(1)
    expect(corsHeaders(res)).toEqual({ vary: 'Origin' })
  })

  test('a refused origin loses the Access-Control-Allow-Origin the handler set', async () => {
    const { handler } = recordingHandler(200, { 'access-control-allow-origin': EVIL, 'access-control-allow-credentials': 'true' })
    expect(corsHeaders(await serve(handler, { origin: APP }, request(EVIL)))).toEqual({ vary: 'Origin' })
  })

  test('a pure * policy sends Access-Control-Allow-Origin: * on every response, Origin or not', async () => {
    const { handler } = recordingHandler()
    for (const req of [request(APP), request(EVIL), request(), request('null')]) {
      expect(corsHeaders(await serve(handler, {}, req))).toEqual({ 'access-control-allow-origin': '*' })
    }
  })

  test('the pure face gives a pure * policy the same headers with no Origin', () => {
    expect(corsHeaders(cors()(request()) as Headers)).toEqual({ 'access-control-allow-origin': '*' })
  })
})

describe('Vary (design 7)', () => {
  const cases: [string, object][] = [
    ['a list', { origin: [APP] }],
    ['a pattern', { origin: 'https://*.example.com' }],
    ['a RegExp', { origin: /^https:\/\/app\.example\.com$/ }],
    ['a function', { origin: (o: string) => o === APP }],
  ]
  for (const [kind, options] of cases) {
    test(`with ${kind}, Vary: Origin is on allowed, refused and Origin-less responses`, async () => {
      const { handler } = recordingHandler()
      for (const req of [request(APP), request(EVIL), request()]) {
        expect((await serve(handler, options, req)).headers.get('vary')).toBe('Origin')
      }
    })
  }

  test('a pure * policy sends no Vary: Origin', async () => {
    const { handler } = recordingHandler()
    expect((await serve(handler, {}, request(APP))).headers.get('vary')).toBeNull()
  })

  test('Vary is merged into what the handler set, never overwritten', async () => {
    const { handler } = recordingHandler(200, { vary: 'Accept-Encoding' })
    expect((await serve(handler, { origin: APP }, request(APP))).headers.get('vary')).toBe('Accept-Encoding, Origin')
  })

  test('Vary is never duplicated, whatever the case of the existing token', async () => {
    const { handler } = recordingHandler(200, { vary: 'accept, ORIGIN' })
    expect((await serve(handler, { origin: APP }, request(APP))).headers.get('vary')).toBe('accept, ORIGIN')
  })

  test('Vary: * is respected', async () => {
    const { handler } = recordingHandler(200, { vary: '*' })
    expect((await serve(handler, { origin: APP }, request(APP))).headers.get('vary')).toBe('*')
  })

  test('the pure face returns Vary: Origin to merge into the response', () => {
    expect((cors({ origin: APP })(request(EVIL)) as Headers).get('vary')).toBe('Origin')
  })
})

describe('responses corsa cannot or must not change in place (design 8)', () => {
  test('Response.redirect() is decorated without throwing and keeps its status and Location', async () => {
    const res = await serve(() => Response.redirect('https://example.com/next', 307), { origin: APP }, request(APP))
    expect(res.status).toBe(307)
    expect(res.headers.get('location')).toBe('https://example.com/next')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('a fetch() result with immutable headers keeps status, status text, headers and body', async () => {
    const upstream = await fetch('data:text/plain;charset=utf-8,hello')
    const res = await serve(() => upstream, { origin: APP }, request(APP))
    expect(res.status).toBe(200)
    expect(res.statusText).toBe(upstream.statusText)
    expect(res.headers.get('content-type')).toBe('text/plain;charset=utf-8')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(await res.text()).toBe('hello')
  })

  test('a streaming body is passed through, not buffered: the first chunk arrives before the stream ends', async () => {
    let finish = () => {}
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('first'))
        finish = () => controller.close()
      },
    })
    const res = await serve(() => new Response(body), { origin: APP }, request(APP))
    const reader = res.body!.getReader()
    const { value } = await reader.read()
    expect(new TextDecoder().decode(value)).toBe('first')
    finish()
    expect((await reader.read()).done).toBe(true)
  })

  test('a 101 response passes through untouched', async () => {
    const upgrade = new Response(null)
    Object.defineProperty(upgrade, 'status', { value: 101 })
    const res = await serve(() => upgrade, { origin: APP }, request(APP))
    expect(res).toBe(upgrade)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('an undefined return (after a websocket upgrade) passes through', async () => {
    expect(await withCors(() => undefined, { origin: APP })(request(APP))).toBeUndefined()
  })

  test('Response.error() passes through', async () => {
    const error = Response.error()
    expect(await serve(() => error, { origin: APP }, request(APP))).toBe(error)
  })

  test('a mutable response is decorated in place, not copied', async () => {
    const original = new Response('x')
    expect(await serve(() => original, { origin: APP }, request(APP))).toBe(original)
  })
})

describe('applying corsa twice (design 9)', () => {
  const options = { origin: [APP], credentials: true, exposeHeaders: ['X-Id'] }
  const inner = withCors(recordingHandler(200, { vary: 'Accept' }).handler, options)

  test('a nested actual response has the same headers as a single one', async () => {
    const once = await serve(recordingHandler(200, { vary: 'Accept' }).handler, options, request(APP))
    const twice = await serve(inner as (r: Request) => Response, options, request(APP))
    expect(corsHeaders(twice)).toEqual(corsHeaders(once))
  })

  test('a nested preflight has the same headers as a single one', async () => {
    const once = (await withCors(() => new Response(), options)(preflight(APP))) as Response
    const twice = await serve(inner as (r: Request) => Response, options, preflight(APP))
    expect(corsHeaders(twice)).toEqual(corsHeaders(once))
  })
})

describe('errors and the handler contract', () => {
  test('a thrown error becomes a 500 with CORS headers', async () => {
    const quiet = { origin: APP, onError: () => new Response('Internal Server Error', { status: 500 }) }
    const res = await serve(
      () => {
        throw new Error('boom')
      },
      quiet,
      request(APP),
    )
    expect(res.status).toBe(500)
    expect(corsHeaders(res)).toEqual({ 'access-control-allow-origin': APP, vary: 'Origin' })
  })

  test('by default a thrown error is logged and answered 500 Internal Server Error', async () => {
    const logged: unknown[] = []
    const original = console.error
    console.error = (e: unknown) => logged.push(e)
    try {
      const res = await serve(() => Promise.reject(new Error('boom')), { origin: APP }, request(APP))
      expect(res.status).toBe(500)
      expect(res.headers.get('access-control-allow-origin')).toBe(APP)
      expect(logged).toHaveLength(1)
    } finally {
      console.error = original
    }
  })

  test('a rejected promise goes to onError and its response is decorated', async () => {
    const res = await serve(
      () => Promise.reject(new Error('nope')),
      {
        origin: APP,
        onError: (e: unknown) => new Response(String(e), { status: 503 }),
      },
      request(APP),
    )
    expect(res.status).toBe(503)
    expect(await res.text()).toBe('Error: nope')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('onError may rethrow to let the runtime handle the error', async () => {
    const wrapped = withCors(() => Promise.reject(new Error('up')), {
      onError: (e) => {
        throw e
      },
    })
    let caught: unknown
    await Promise.resolve(wrapped(request(APP))).catch((e: unknown) => (caught = e))
    expect(String(caught)).toBe('Error: up')
  })

  test('onError runs once when the handler throws and onError itself rejects', async () => {
    let calls = 0
    const wrapped = withCors(
      () => {
        throw new Error('x')
      },
      {
        onError: async (e) => {
          calls++
          throw e
        },
      },
    )
    await Promise.resolve(wrapped(request(APP))).catch(() => {})
    expect(calls).toBe(1)
  })

  test('extra handler arguments (env, ctx, server, info) are forwarded untouched', async () => {
    const env = { KEY: 'v' }
    const ctx = { waitUntil() {} }
    let seen: unknown[] = []
    const wrapped = withCors((_req: Request, e: unknown, c: unknown) => {
      seen = [e, c]
      return new Response()
    })
    await wrapped(request(APP), env, ctx)
    expect(seen[0]).toBe(env)
    expect(seen[1]).toBe(ctx)
  })

  test('a synchronous handler under a synchronous policy gets a synchronous answer', () => {
    const res = withCors(() => new Response('x'), { origin: APP })(request(APP))
    expect(res).toBeInstanceOf(Response)
  })
})

describe('exposeHeaders', () => {
  test("'*' without credentials sends '*'", async () => {
    const res = await serve(recordingHandler(200, { 'x-a': '1' }).handler, { exposeHeaders: '*' }, request(APP))
    expect(res.headers.get('access-control-expose-headers')).toBe('*')
  })

  test("'*' with credentials lists the response's own header names, never Set-Cookie", async () => {
    const handler = () => {
      const res = new Response('x', { headers: { 'x-request-id': '7', etag: '"1"' } })
      res.headers.append('set-cookie', 'a=1')
      return res
    }
    const res = await serve(handler, { origin: APP, credentials: true, exposeHeaders: '*' }, request(APP))
    expect(res.headers.get('access-control-expose-headers')).toBe('content-type, etag, x-request-id')
  })

  test("the pure face sends no Access-Control-Expose-Headers for '*' with credentials, as it cannot see the response", () => {
    const h = cors({ origin: APP, credentials: true, exposeHeaders: '*' })(request(APP)) as Headers
    expect(h.get('access-control-expose-headers')).toBeNull()
  })

  test('exposeHeaders is not sent on a preflight', () => {
    const res = cors({ origin: APP, exposeHeaders: ['X-Id'] })(preflight(APP)) as Response
    expect(res.headers.get('access-control-expose-headers')).toBeNull()
  })
})
