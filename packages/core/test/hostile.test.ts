import { describe, expect, test } from 'vitest'
import type { CorsEngine } from '../src/engine/index.js'

const ACAH = 'access-control-allow-headers'
/** The engine's preflight verdict for an allowed origin. */
const ask = (engine: CorsEngine, method: string, requested: string | null, origin = APP) =>
  engine.decide('OPTIONS', origin, method, requested, undefined as never) as Exclude<ReturnType<CorsEngine['decide']>, Promise<unknown>>
import { cors, withCors } from '../src/index.js'
import { preflight, request } from './helpers.js'

const MB = 1024 * 1024
const APP = 'https://app.example.com'

/**
 * The median time of corsa's own work on an already-built request, in milliseconds. The bound
 * checked below is a thousand times what this takes, so it proves the work does not grow with
 * the input (a linear scan of 1 MB takes milliseconds) without being a benchmark that can flake.
 */
function medianMs(work: () => unknown): number {
  const times: number[] = []
  for (let i = 0; i < 31; i++) {
    const start = performance.now()
    work()
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)[15]!
}

const policies = {
  list: cors({ origin: [APP, 'https://*.example.com', 'http://localhost:*'], credentials: true, allowHeaders: ['X-Api-Key'] }),
  wildcardHeaders: cors({ origin: [APP], credentials: true, allowHeaders: '*' }),
  predicate: cors({ origin: (o: string) => o.startsWith('https://') }),
  regexp: cors({ origin: /^https:\/\/[a-z.]+\.example\.com$/ }),
}

describe('hostile headers (design 11)', () => {
  for (const [name, policy] of Object.entries(policies)) {
    test(`a 1 MB Origin is refused in well under a millisecond, without a throw (${name})`, () => {
      const req = request(`https://${'a'.repeat(MB)}.example.com`)
      expect((policy(req) as Headers).get('access-control-allow-origin')).toBeNull()
      expect(medianMs(() => policy(req))).toBeLessThan(0.5)
    })

    test(`a 1 MB Access-Control-Request-Headers of commas and spaces is refused in well under a millisecond (${name})`, () => {
      const req = preflight(APP, 'PUT', ', '.repeat(MB / 2))
      const res = policy(req) as Response
      expect(res.status).toBe(204)
      expect(res.headers.get('access-control-max-age')).toBeNull()
      expect(medianMs(() => policy(req))).toBeLessThan(0.5)
    })
  }

  test('a 1 MB Access-Control-Request-Method is refused in well under a millisecond', () => {
    const req = preflight(APP, 'X'.repeat(MB))
    expect(ask(policies.list.engine, 'X'.repeat(MB), null).reason).toBe('method-not-allowed')
    expect(medianMs(() => policies.list(req))).toBeLessThan(0.5)
  })

  test('the header list sent back for allowHeaders * is capped', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `x-h${i}`).join(',')
    const answer = ask(policies.wildcardHeaders.engine, 'PUT', many)
    expect(answer.reason).toBe('header-not-allowed')
    const sent = answer.headers[ACAH] ?? ''
    expect(sent.length).toBeLessThan(4096)
  })

  test('control bytes and non-ASCII in Origin never throw and are never allowed', () => {
    const engine = policies.list.engine
    for (const origin of ['https://app.example.com\u0000', 'https://app.example.com\r\n', 'https://äpp.example.com', '\u0000', '\uffff']) {
      expect(engine.decide('GET', origin, null, null, undefined as never)).toMatchObject({ allowed: false })
      expect(() => ask(engine, 'PUT', '\u0000,\n', origin)).not.toThrow()
    }
  })

  test('control bytes in Access-Control-Request-Headers refuse the preflight without a throw', () => {
    expect(ask(policies.list.engine, 'PUT', 'x-api-key,\u0001').reason).toBe('header-not-allowed')
  })

  test('a request whose headers are all hostile is answered by withCors without a 5xx', async () => {
    const handler = withCors(() => new Response('ok'), { origin: [APP], credentials: true })
    const req = new Request('https://api.example.com/', {
      method: 'OPTIONS',
      headers: { origin: 'x'.repeat(MB), 'access-control-request-method': '\u0001'.repeat(10), 'access-control-request-headers': ','.repeat(MB) },
    })
    const res = (await handler(req)) as Response
    expect(res.status).toBe(204)
  })
})
