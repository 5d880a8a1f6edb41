import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { compileCors } from '../src/engine/index.js'
import { cors, withCors } from '../src/index.js'
import { isTokenList } from './helpers.js'

// Labels like xn--a are punycode that does not decode: URL refuses them, and so does corsa's configuration.
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !/^..--/.test(l))
const hostName = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => `${l.join('.')}.test`)
const scheme = fc.constantFrom('http', 'https')
const port = fc.oneof(fc.constant(''), fc.integer({ min: 1024, max: 65535 }).map(String))

/** A configured origin entry in canonical form: exact, subdomain pattern, or any-port host. */
const entry = fc.oneof(
  fc.tuple(scheme, hostName, port).map(([s, h, p]) => ({ kind: 'exact' as const, s, h, p })),
  fc.tuple(scheme, hostName, fc.oneof(port, fc.constant('*'))).map(([s, h, p]) => ({ kind: 'sub' as const, s, h, p })),
  fc.tuple(scheme, hostName).map(([s, h]) => ({ kind: 'anyPort' as const, s, h, p: '*' })),
)
type Entry = typeof entry extends fc.Arbitrary<infer E> ? E : never

function spell(e: Entry): string {
  const suffix = e.p ? `:${e.p}` : ''
  return e.kind === 'exact' ? `${e.s}://${e.h}${suffix}` : e.kind === 'sub' ? `${e.s}://*.${e.h}${suffix}` : `${e.s}://${e.h}:*`
}

/** A plain reference matcher: a linear scan with string operations, no index, no URL. */
function reference(entries: Entry[], origin: string): boolean {
  const m = /^(https?):\/\/([a-z0-9.-]+)(?::([1-9][0-9]{0,4}))?$/.exec(origin)
  if (!m || (m[3] && +m[3] > 65535)) return false
  const [, s, host, p = ''] = m as unknown as [string, string, string, string | undefined]
  if (host.length > 253 || host.split('.').some((l) => l.length === 0 || l.length > 63)) return false
  return entries.some((e) => {
    if (e.s !== s) return false
    if (e.kind === 'exact') return host === e.h && p === e.p
    if (e.kind === 'anyPort') return host === e.h
    return host.endsWith(`.${e.h}`) && host.length > e.h.length + 1 && (e.p === '*' || e.p === p)
  })
}

/** Request origins near the configuration: the entries themselves, subdomains, lookalikes, garbage. */
function originFor(entries: Entry[]) {
  const near = fc.tuple(fc.constantFrom(...entries), label, scheme, port, fc.integer({ min: 0, max: 5 })).map(([e, l, s, p, twist]) => {
    const host = e.kind === 'sub' ? `${l}.${e.h}` : e.h
    const base = [
      `${e.s}://${host}${e.p && e.p !== '*' ? ':' + e.p : ''}`,
      `${s}://${host}${p ? ':' + p : ''}`,
      `${e.s}://${l}${e.h}`,
      `${e.s}://${e.h}.${l}.test`,
      `${e.s}://${host}:0${p}`,
      `${e.s}://${host.toUpperCase()}`,
    ]
    return base[twist]!
  })
  return fc.oneof(near, fc.string({ maxLength: 40 }), fc.constant('null'))
}

const configAndOrigin = fc
  .record({ entries: fc.array(entry, { minLength: 1, maxLength: 8 }), credentials: fc.boolean() })
  .chain((c) => fc.tuple(fc.constant(c), originFor(c.entries)))

describe('properties over random configurations and requests', () => {
  test('an origin is allowed exactly when the plain reference matcher says so', () => {
    fc.assert(
      fc.property(configAndOrigin, ([c, origin]) => {
        const engine = compileCors({ origin: c.entries.map(spell), credentials: c.credentials })
        expect((engine.decide('GET', origin, null, null, undefined as never) as { allowed: boolean }).allowed).toBe(reference(c.entries, origin))
      }),
      { numRuns: 2000 },
    )
  })

  test('Access-Control-Allow-Origin is absent, * only without credentials, or byte-equal to the request Origin', () => {
    fc.assert(
      fc.property(configAndOrigin, fc.boolean(), fc.boolean(), ([c, origin], anyOrigin, isPreflight) => {
        const policy = anyOrigin ? cors() : cors({ origin: c.entries.map(spell), credentials: c.credentials })
        let req: Request
        try {
          const headers: Record<string, string> = { origin }
          if (isPreflight) headers['access-control-request-method'] = 'PUT'
          req = new Request('https://api.test/', { method: isPreflight ? 'OPTIONS' : 'GET', headers })
        } catch {
          return // the runtime refuses bytes no client can send; corsa never sees them
        }
        const answer = policy(req) as Response | Headers
        const headers = answer instanceof Response ? answer.headers : answer
        const acao = headers.get('access-control-allow-origin')
        const credentialed = headers.get('access-control-allow-credentials') === 'true'
        expect(acao === null || (acao === '*' && !credentialed) || acao === req.headers.get('origin')).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })

  test('for random options and random header bytes the engine never throws and every list it sends is clean', () => {
    const options = fc.record(
      {
        origin: fc.array(entry, { minLength: 1, maxLength: 4 }).map((e) => e.map(spell)),
        credentials: fc.boolean(),
        allowMethods: fc.oneof(fc.constant('*' as const), fc.subarray(['GET', 'PUT', 'patch', 'PROPFIND', 'DELETE'])),
        allowHeaders: fc.oneof(fc.constant('*' as const), fc.subarray(['Content-Type', 'X-Api-Key', 'Authorization'])),
        exposeHeaders: fc.oneof(fc.constant('*' as const), fc.subarray(['X-Request-Id', 'ETag'])),
        maxAge: fc.integer({ min: 0, max: 86400 }),
      },
      { requiredKeys: ['origin'] },
    )
    fc.assert(
      fc.property(options, fc.string(), fc.string(), fc.option(fc.string()), (o, origin, method, requested) => {
        const engine = compileCors(o)
        const answer = engine.decide('OPTIONS', origin, method, requested, undefined as never) as { status: number; headers: Record<string, string> }
        expect(answer.status).toBeLessThan(300)
        for (const [name, value] of Object.entries(answer.headers)) {
          if (/^access-control-(allow-(methods|headers)|expose-headers)$/.test(name)) expect(isTokenList(value)).toBe(true)
          if (name === 'access-control-allow-origin') expect(value === origin || (value === '*' && !o.credentials)).toBe(true)
        }
      }),
      { numRuns: 2000 },
    )
  })

  test('withCors never answers 5xx for any request a client can send', async () => {
    const handler = withCors(() => new Response('ok'), { origin: ['https://app.test', 'https://*.app.test'], credentials: true })
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.constantFrom('GET', 'OPTIONS', 'POST', 'PUT'),
        fc.string(),
        fc.string(),
        async (origin, method, acrm, acrh) => {
          let req: Request
          try {
            req = new Request('https://api.test/', {
              method,
              headers: { origin, 'access-control-request-method': acrm, 'access-control-request-headers': acrh },
            })
          } catch {
            return
          }
          const res = (await handler(req)) as Response
          expect(res.status).toBeLessThan(500)
        },
      ),
      { numRuns: 1000 },
    )
  })
})
