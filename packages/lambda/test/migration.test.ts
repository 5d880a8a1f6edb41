/**
 * Migrating from @middy/http-cors: the same events through middy with @middy/http-cors and with
 * @corsa/lambda's cors(), options renamed as in docs/lambda.md.
 */
import middy from '@middy/core'
import httpCors from '@middy/http-cors'
import type { APIGatewayProxyResult } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { APP } from '@corsa/testkit/fixtures'
import { cors, type HttpEvent, type LambdaCorsOptions } from '@corsa/lambda'
import { restEvent } from './fixtures/events.js'

const EVIL = 'https://evil.test'

/** The same handler behind @middy/http-cors and behind corsa; how often each handler ran. */
function pair(theirs: Parameters<typeof httpCors>[0], ours: LambdaCorsOptions, result: APIGatewayProxyResult = { statusCode: 200, body: 'ok' }) {
  const calls = { theirs: 0, ours: 0 }
  const a = middy(async (_event: HttpEvent) => (calls.theirs++, { ...result })).use(httpCors(theirs))
  const b = middy(async (_event: HttpEvent) => (calls.ours++, { ...result })).use(cors(ours))
  return {
    calls,
    send: async (event: HttpEvent) =>
      [(await a(event, {} as never)) as APIGatewayProxyResult, (await b(event, {} as never)) as APIGatewayProxyResult] as const,
  }
}
const h = (r: APIGatewayProxyResult, name: string) => Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1]

describe('the same as @middy/http-cors', () => {
  it('origins → origin, credentials, exposeHeaders (a list), maxAge: the allowed origin is echoed with Vary: Origin', async () => {
    const { send } = pair(
      {
        origins: [APP, 'https://admin.example.com'],
        credentials: true,
        exposeHeaders: 'X-Total',
        maxAge: 600,
        disableBeforePreflightResponse: false,
      },
      { origin: [APP, 'https://admin.example.com'], credentials: true, exposeHeaders: ['X-Total'], maxAge: 600 },
    )
    const [a, b] = await send(restEvent('GET', { Origin: APP }))
    for (const name of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers', 'vary'])
      expect(h(b, name), name).toBe(h(a, name))
    const [pa, pb] = await send(restEvent('OPTIONS', { Origin: APP, 'Access-Control-Request-Method': 'PUT' }))
    expect([pb.statusCode, h(pb, 'access-control-allow-origin'), h(pb, 'access-control-max-age')]).toEqual([
      pa.statusCode,
      h(pa, 'access-control-allow-origin'),
      h(pa, 'access-control-max-age'),
    ])
  })

  it('a refused origin gets no Access-Control-Allow-Origin', async () => {
    const { send } = pair({ origins: [APP, 'https://admin.example.com'] }, { origin: [APP, 'https://admin.example.com'] })
    const [a, b] = await send(restEvent('GET', { Origin: EVIL }))
    expect([h(a, 'access-control-allow-origin'), h(b, 'access-control-allow-origin')]).toEqual([undefined, undefined])
  })
})

describe('what changes on purpose', () => {
  it('preflights never reach the handler (@middy/http-cors passes them on unless disableBeforePreflightResponse: false)', async () => {
    const { send, calls } = pair({ origins: [APP] }, { origin: [APP] })
    await send(restEvent('OPTIONS', { Origin: APP, 'Access-Control-Request-Method': 'PUT' }))
    expect(calls).toEqual({ theirs: 1, ours: 0 })
  })

  it('a single origin is sent only to that origin, not to every caller', async () => {
    const { send } = pair({ origin: APP }, { origin: APP })
    const [a, b] = await send(restEvent('GET', { Origin: EVIL }))
    expect(h(a, 'access-control-allow-origin')).toBe(APP)
    expect(h(b, 'access-control-allow-origin')).toBeUndefined()
  })

  it('no options means a public API (*), where @middy/http-cors sends nothing', async () => {
    const { send } = pair({}, {})
    const [a, b] = await send(restEvent('GET', { Origin: EVIL }))
    expect([h(a, 'access-control-allow-origin'), h(b, 'access-control-allow-origin')]).toEqual([undefined, '*'])
  })

  it('a refused origin gets no -Allow-Credentials either', async () => {
    const { send } = pair({ origins: [APP], credentials: true }, { origin: [APP], credentials: true })
    const [a, b] = await send(restEvent('GET', { Origin: EVIL }))
    expect([h(a, 'access-control-allow-credentials'), h(b, 'access-control-allow-credentials')]).toEqual(['true', undefined])
  })

  it('the handler’s own Access-Control-Allow-Origin is replaced, not kept', async () => {
    const { send } = pair({ origins: [APP] }, { origin: [APP] }, { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: 'ok' })
    const [a, b] = await send(restEvent('GET', { Origin: APP }))
    expect([h(a, 'access-control-allow-origin'), h(b, 'access-control-allow-origin')]).toEqual(['*', APP])
  })

  it('a refused preflight still gets its status, never the handler', async () => {
    const spy = vi.fn()
    const handler = middy(async () => (spy(), { statusCode: 200, body: '' })).use(cors({ origin: [APP] }))
    const r = (await handler(restEvent('OPTIONS', { Origin: EVIL, 'Access-Control-Request-Method': 'PUT' }), {} as never)) as APIGatewayProxyResult
    expect([r.statusCode, h(r, 'access-control-allow-origin')]).toEqual([204, undefined])
    expect(spy).not.toHaveBeenCalled()
  })
})
