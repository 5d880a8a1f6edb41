/** Each trigger's event and result shapes (AWS's documented examples, test/fixtures/events.ts). */
import middy from '@middy/core'
import type { ALBResult, APIGatewayProxyResult, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { APP, PREFLIGHT_VARY } from '@corsa/testkit/fixtures'
import { cors, CorsConfigError, type HttpEvent, withCors } from '@corsa/lambda'
import { albEvent, albMultiEvent, functionUrlEvent, httpApiEvent, restEvent } from './fixtures/events.js'

const EVIL = 'https://evil.test'
const policy = { origin: [APP], credentials: true, exposeHeaders: ['X-Total'], maxAge: 600 } as const
const context = {}

/** A handler that counts its calls and answers `result`. */
function counted<R>(result: R) {
  const handler = vi.fn(async (_event: HttpEvent, _context: unknown) => result)
  return handler
}

describe('API Gateway REST API (payload 1.0)', () => {
  it('answers a preflight sent with the client’s header case, without calling the handler', async () => {
    const handler = counted({ statusCode: 200, body: 'never' })
    const r = (await withCors(handler, policy)(
      restEvent('OPTIONS', { Origin: APP, 'Access-Control-Request-Method': 'PUT' }),
      context,
    )) as APIGatewayProxyResult
    expect(handler).not.toHaveBeenCalled()
    expect([r.statusCode, r.body]).toEqual([204, ''])
    expect(Object.keys(r.headers!).sort()).toEqual([
      'access-control-allow-credentials',
      'access-control-allow-methods',
      'access-control-allow-origin',
      'access-control-max-age',
      'vary',
    ])
    expect(r.headers!['access-control-allow-origin']).toBe(APP)
    expect(r.headers!['access-control-max-age']).toBe('600')
    expect(r.headers!.vary).toBe(PREFLIGHT_VARY)
  })

  it('reads a lower-case origin too', async () => {
    const r = (await withCors(counted({ statusCode: 200, body: 'ok' }), policy)(restEvent('GET', { origin: APP }), context)) as APIGatewayProxyResult
    expect(r.headers!['access-control-allow-origin']).toBe(APP)
  })

  it('refuses an Origin sent twice, which multiValueHeaders shows and headers hides', async () => {
    const event = restEvent('GET', { Origin: [EVIL, APP] })
    expect(event.headers.Origin).toBe(APP)
    const r = (await withCors(counted({ statusCode: 200, body: 'ok' }), policy)(event, context)) as APIGatewayProxyResult
    expect(r.headers!['access-control-allow-origin']).toBeUndefined()
    expect(r.headers!.vary).toBe('Origin')
  })

  it('decorates a result with headers and multiValueHeaders: Set-Cookie kept, the route’s Access-Control-* replaced, Vary merged once', async () => {
    const result: APIGatewayProxyResult = {
      statusCode: 201,
      headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], Vary: ['Accept-Encoding'] },
      body: '{}',
    }
    const r = (await withCors(counted(result), policy)(restEvent('POST', { Origin: APP }), context)) as APIGatewayProxyResult
    expect(r.statusCode).toBe(201)
    expect(r.multiValueHeaders).toEqual({ 'Set-Cookie': ['a=1', 'b=2'] })
    expect(r.headers).toEqual({
      'Content-Type': 'application/json',
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-Total',
      vary: 'Accept-Encoding, Origin',
    })
    expect(result.headers!['Access-Control-Allow-Origin']).toBe('*')
  })

  it('a thrown error is answered 500 by default, with the CORS headers; onError answers it yourself; a rethrow leaves it to Lambda', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const boom = async (): Promise<APIGatewayProxyResult> => {
      throw new Error('boom')
    }
    const event = restEvent('GET', { Origin: APP })
    try {
      const r = (await withCors(boom, policy)(event, context)) as APIGatewayProxyResult
      expect([r.statusCode, r.body, r.headers!['access-control-allow-origin']]).toEqual([500, 'Internal Server Error', APP])
      expect(error).toHaveBeenCalledTimes(1)
    } finally {
      error.mockRestore()
    }
    const mine = (await withCors(boom, { ...policy, onError: () => ({ statusCode: 503, body: 'later' }) })(event, context)) as APIGatewayProxyResult
    expect([mine.statusCode, mine.headers!['access-control-allow-origin']]).toEqual([503, APP])
    const rethrow = withCors(boom, {
      ...policy,
      onError: (e) => {
        throw e
      },
    })
    await expect(rethrow(event, context)).rejects.toThrow('boom')
  })
})

describe('HTTP API and Function URL (payload 2.0)', () => {
  for (const [name, make] of [
    ['HTTP API', httpApiEvent],
    ['Function URL', functionUrlEvent],
  ] as const) {
    it(`${name}: preflight answered from lower-case headers; the handler never runs`, async () => {
      const handler = counted({ statusCode: 200 })
      const r = (await withCors(handler, policy)(
        make('OPTIONS', { origin: APP, 'access-control-request-method': 'DELETE' }),
        context,
      )) as APIGatewayProxyStructuredResultV2
      expect(handler).not.toHaveBeenCalled()
      expect([r.statusCode, r.body, r.headers!['access-control-allow-origin']]).toEqual([204, '', APP])
    })

    it(`${name}: cookies in the result are left alone`, async () => {
      const r = (await withCors(counted({ statusCode: 200, cookies: ['a=1', 'b=2'], body: 'ok' }), policy)(
        make('GET', { origin: APP }),
        context,
      )) as APIGatewayProxyStructuredResultV2
      expect(r.cookies).toEqual(['a=1', 'b=2'])
      expect(r.headers).toEqual({
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'X-Total',
        vary: 'Origin',
      })
    })
  }

  it('a result without statusCode (a JSON value or a string) becomes the 200 JSON result API Gateway would send, with the headers', async () => {
    const handler = withCors(async () => ({ hello: 'world' }) as unknown as APIGatewayProxyStructuredResultV2, policy)
    const r = (await handler(httpApiEvent('GET', { origin: APP }), context)) as APIGatewayProxyStructuredResultV2
    expect(r).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'application/json',
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'X-Total',
        vary: 'Origin',
      },
      body: '{"hello":"world"}',
    })
    const s = (await withCors(async () => 'hi', policy)(httpApiEvent('GET', { origin: APP }), context)) as APIGatewayProxyStructuredResultV2
    expect(s.body).toBe('hi')
  })

  it('an Origin sent twice arrives joined with a comma, and is refused', async () => {
    const r = (await withCors(counted({ statusCode: 200 }), policy)(
      httpApiEvent('GET', { origin: `${APP},${EVIL}` }),
      context,
    )) as APIGatewayProxyStructuredResultV2
    expect(r.headers!['access-control-allow-origin']).toBeUndefined()
  })
})

describe('ALB', () => {
  it('single-value headers: preflight answered with headers and a statusDescription', async () => {
    const r = (await withCors(counted({ statusCode: 200 }), policy)(
      albEvent('OPTIONS', { origin: APP, 'access-control-request-method': 'PUT' }),
      context,
    )) as ALBResult
    expect(r.statusCode).toBe(204)
    expect(r.statusDescription).toBe('204 No Content')
    expect(r.headers!['access-control-allow-origin']).toBe(APP)
    expect(r.multiValueHeaders).toBeUndefined()
  })

  it('multi-value headers: preflight and result answered in multiValueHeaders, the result’s own kept', async () => {
    const pre = (await withCors(counted({ statusCode: 200 }), policy)(
      albMultiEvent('OPTIONS', { origin: [APP], 'access-control-request-method': ['PUT'] }),
      context,
    )) as ALBResult
    expect(pre.headers).toBeUndefined()
    expect(pre.multiValueHeaders!['access-control-allow-origin']).toEqual([APP])
    const result: ALBResult = {
      statusCode: 200,
      statusDescription: '200 OK',
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'], vary: ['Accept-Encoding'] },
      body: 'ok',
    }
    const r = (await withCors(counted(result), policy)(albMultiEvent('GET', { origin: [APP] }), context)) as ALBResult
    expect(r.multiValueHeaders).toEqual({
      'set-cookie': ['a=1', 'b=2'],
      'access-control-allow-origin': [APP],
      'access-control-allow-credentials': ['true'],
      'access-control-expose-headers': ['X-Total'],
      vary: ['Accept-Encoding, Origin'],
    })
    expect(r.statusDescription).toBe('200 OK')
  })

  it('multi-value headers: an Origin sent twice is refused', async () => {
    const r = (await withCors(counted({ statusCode: 200, multiValueHeaders: {} }), policy)(
      albMultiEvent('GET', { origin: [APP, APP] }),
      context,
    )) as ALBResult
    expect(r.multiValueHeaders!['access-control-allow-origin']).toBeUndefined()
  })
})

describe('middy', () => {
  it('before answers the preflight as an early response: the handler and later middlewares never run', async () => {
    const inner = counted({ statusCode: 200, body: 'never' })
    const later = vi.fn()
    const handler = middy(inner).use(cors(policy)).use({ before: later })
    const r = (await handler(
      httpApiEvent('OPTIONS', { origin: APP, 'access-control-request-method': 'PUT' }),
      context as never,
    )) as APIGatewayProxyStructuredResultV2
    expect(r.statusCode).toBe(204)
    expect(r.headers!['access-control-allow-origin']).toBe(APP)
    expect(inner).not.toHaveBeenCalled()
    expect(later).not.toHaveBeenCalled()
  })

  it('after decorates the handler’s result; onError decorates what an error handler answered', async () => {
    const errors = { onError: (request: { response: unknown }) => void (request.response = { statusCode: 502, body: 'upstream' }) }
    const ok = middy(counted({ statusCode: 200, body: 'ok' }))
      .use(cors(policy))
      .use(errors)
    const r = (await ok(restEvent('GET', { Origin: APP }), context as never)) as APIGatewayProxyResult
    expect(r.headers!['access-control-allow-origin']).toBe(APP)
    const failing = middy(async (): Promise<APIGatewayProxyResult> => {
      throw new Error('boom')
    })
      .use(cors(policy))
      .use(errors)
    const e = (await failing(restEvent('GET', { Origin: APP }), context as never)) as APIGatewayProxyResult
    expect([e.statusCode, e.headers!['access-control-allow-origin']]).toEqual([502, APP])
  })
})

describe('configuration mistakes throw CorsConfigError at cold start', () => {
  const cases: [string, object, RegExp][] = [
    ['@middy/http-cors’s origins', { origins: [APP] }, /write origin/],
    ['headers', { headers: 'x-a' }, /write allowHeaders/],
    ['methods', { methods: 'GET' }, /write allowMethods/],
    ['getOrigin', { getOrigin: () => APP }, /origin predicate/],
    ['disableBeforePreflightResponse', { disableBeforePreflightResponse: false }, /always answers preflights/],
    ['requestHeaders', { requestHeaders: ['x-a'] }, /write allowHeaders/],
    ['requestMethods', { requestMethods: ['GET'] }, /write allowMethods/],
    ['cacheControl', { cacheControl: 'max-age=60' }, /Max-Age/],
    ['vary', { vary: 'Accept' }, /merges Origin/],
    ['onError on the middy form', { onError: () => ({ statusCode: 500 }) }, /onError/],
  ]
  for (const [what, options, why] of cases) {
    it(what, () => {
      expect(() => cors(options as never)).toThrow(CorsConfigError)
      expect(() => cors(options as never)).toThrow(why)
    })
  }

  it('withCors: a non-function onError', () => {
    expect(() => withCors(counted({ statusCode: 200 }), { onError: 'log' as never })).toThrow(/onError must be a function/)
  })
})
