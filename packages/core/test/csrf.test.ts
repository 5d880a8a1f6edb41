/**
 * Cross-origin protection (`csrf`): the decision table of Go 1.25's CrossOriginProtection
 * (src/net/http/csrf_test.go), with the allow-list of the CORS policy as its trusted origins.
 * One behaviour per test; a property test checks the whole table on random requests.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { compileCors, type CrossOriginFacts } from '../src/engine/index.js'
import { CorsConfigError, cors, type CsrfRefusal, explain, type WithCorsOptions, withCors } from '../src/index.js'

const API = 'https://api.example.com'
const APP = 'https://app.example.com'
const ATTACKER = 'https://attacker.test'
/** Same site as the API (example.com), but not in the allow-list. */
const SIBLING = 'https://legacy.example.com'

const policyOptions = {
  origin: [APP, 'https://*.partner.test', /^https:\/\/(?:one|two)\.regexp\.test$/, 'http://localhost:*'],
  credentials: true,
  csrf: { bypass: ['/webhooks/*', '/oauth/callback'] },
}

/** A policy that allows only APP, so that nothing else is trusted by the allow-list. */
const appOnly = { origin: [APP], csrf: true }

interface Sent {
  method?: string
  origin?: string
  site?: string
  path?: string
  host?: string
  headers?: Record<string, string>
}

/** A request as a browser (or a client) sends it to the API. */
function send({ method = 'POST', origin, site, path = '/orders', host, headers = {} }: Sent): Request {
  const h = new Headers(headers)
  if (origin !== undefined) h.set('origin', origin)
  if (site !== undefined) h.set('sec-fetch-site', site)
  if (host !== undefined) h.set('host', host)
  return new Request(`${API}${path}`, { method, headers: h, body: method === 'GET' || method === 'HEAD' ? null : undefined })
}

/** Runs a request through `withCors` and says whether the handler ran, with the response. */
async function run(sent: Sent, options: WithCorsOptions = policyOptions) {
  let ran = false
  const handler = withCors(() => {
    ran = true
    return new Response('done')
  }, options)
  const response = await handler(send(sent))
  return { ran, response }
}

/** Whether the policy lets the request through to the handler. */
async function passes(sent: Sent, options?: WithCorsOptions): Promise<boolean> {
  const { ran, response } = await run(sent, options)
  expect(response.status).toBe(ran ? 200 : 403)
  return ran
}

describe('Sec-Fetch-Site decides for browsers that send it', () => {
  test('same-origin passes', async () => {
    expect(await passes({ origin: API, site: 'same-origin' })).toBe(true)
  })

  test('none (the user typed the URL or used a bookmark) passes', async () => {
    expect(await passes({ site: 'none' })).toBe(true)
  })

  test('cross-site from an origin the policy does not allow is refused', async () => {
    expect(await passes({ origin: ATTACKER, site: 'cross-site' })).toBe(false)
  })

  test('same-site from an origin the policy does not allow is refused (a sibling subdomain is not trusted)', async () => {
    expect(await passes({ origin: SIBLING, site: 'same-site' })).toBe(false)
  })

  test('cross-site from an allowed origin passes', async () => {
    expect(await passes({ origin: APP, site: 'cross-site' })).toBe(true)
  })

  test('same-site from an allowed origin passes', async () => {
    expect(await passes({ origin: APP, site: 'same-site' })).toBe(true)
  })

  test('cross-site with no Origin at all is refused', async () => {
    expect(await passes({ site: 'cross-site' })).toBe(false)
  })

  test('an unknown Sec-Fetch-Site value counts as cross-site', async () => {
    expect(await passes({ origin: ATTACKER, site: 'Same-Origin' })).toBe(false)
  })

  test('Sec-Fetch-Site: same-origin passes even when Origin differs from Host (a proxy rewrote Host)', async () => {
    expect(await passes({ origin: 'https://public.example.net', site: 'same-origin' })).toBe(true)
  })
})

describe('without Sec-Fetch-Site (old browsers, non-browser clients), Origin and Host decide', () => {
  test('no Origin passes: not a browser, or a same-origin request from an old one', async () => {
    expect(await passes({})).toBe(true)
  })

  test('an Origin whose host and port equal Host passes', async () => {
    expect(await passes({ origin: 'http://localhost:3000', host: 'localhost:3000' }, appOnly)).toBe(true)
  })

  test('the Host comparison ignores case', async () => {
    expect(await passes({ origin: 'https://API.example.com', host: 'api.EXAMPLE.com' })).toBe(true)
  })

  test('an Origin on the same host but another port is refused', async () => {
    expect(await passes({ origin: 'http://localhost:4000', host: 'localhost:3000' }, appOnly)).toBe(false)
  })

  test('the request URL stands for Host when a Request carries no Host header', async () => {
    expect(await passes({ origin: API })).toBe(true)
  })

  test('an allowed Origin passes', async () => {
    expect(await passes({ origin: APP })).toBe(true)
  })

  test('any other Origin is refused', async () => {
    expect(await passes({ origin: ATTACKER })).toBe(false)
  })

  test('an empty Sec-Fetch-Site counts as none sent', async () => {
    expect(await passes({ origin: API, site: '' })).toBe(true)
    expect(await passes({ origin: ATTACKER, site: '' })).toBe(false)
  })

  test('a malformed Origin is refused and does not throw', async () => {
    expect(await passes({ origin: 'api.example.com', host: 'api.example.com' })).toBe(false)
    expect(await passes({ origin: `https://${'a'.repeat(100_000)}` })).toBe(false)
  })
})

describe('only state-changing methods are checked', () => {
  for (const method of ['GET', 'HEAD', 'OPTIONS']) {
    test(`${method} is never refused, even cross-site from an unknown origin`, async () => {
      const { ran, response } = await run({ method, origin: ATTACKER, site: 'cross-site' })
      expect(ran).toBe(true)
      expect(response.status).toBe(200)
    })
  }

  for (const method of ['PUT', 'PATCH', 'DELETE', 'PROPFIND']) {
    test(`${method} is refused cross-site from an unknown origin`, async () => {
      expect(await passes({ method, origin: ATTACKER, site: 'cross-site' })).toBe(false)
    })
  }

  test('a preflight is answered as without csrf, and the handler does not run', async () => {
    const { ran, response } = await run({
      method: 'OPTIONS',
      origin: ATTACKER,
      site: 'cross-site',
      headers: { 'access-control-request-method': 'POST' },
    })
    expect(ran).toBe(false)
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('a preflight from an allowed origin is answered as without csrf', async () => {
    const { response } = await run({ method: 'OPTIONS', origin: APP, site: 'cross-site', headers: { 'access-control-request-method': 'PUT' } })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('the engine reads no cross-origin facts for safe methods, nor without csrf', () => {
    const on = compileCors({ origin: [APP], csrf: true })
    const off = compileCors({ origin: [APP] })
    expect(['GET', 'HEAD', 'OPTIONS'].map((m) => on.checksWrite(m))).toEqual([false, false, false])
    expect(['POST', 'DELETE', 'post'].map((m) => on.checksWrite(m))).toEqual([true, true, true])
    expect(off.checksWrite('POST')).toBe(false)
  })
})

describe('the refusal', () => {
  test('is a 403 with a short plain-text body naming the cause and no CORS headers', async () => {
    const { response } = await run({ origin: ATTACKER, site: 'cross-site' })
    expect(response.status).toBe(403)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toMatch(/cross-origin .*not allow.*csrf/)
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([])
  })

  test('cors(options) answers it as a Response, like a preflight', () => {
    const answer = cors(policyOptions)(send({ origin: ATTACKER, site: 'cross-site' }))
    expect(answer).toBeInstanceOf(Response)
    expect((answer as Response).status).toBe(403)
  })

  test('an allowed write gets the CORS headers as without csrf', async () => {
    const { response } = await run({ origin: APP, site: 'cross-site' })
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
  })
})

describe('bypass', () => {
  test('an exact path skips the check', async () => {
    expect(await passes({ origin: ATTACKER, site: 'cross-site', path: '/oauth/callback' })).toBe(true)
  })

  test('an exact path does not cover its subpaths', async () => {
    expect(await passes({ origin: ATTACKER, site: 'cross-site', path: '/oauth/callback/x' })).toBe(false)
  })

  test('a /prefix/* covers every path under the prefix', async () => {
    expect(await passes({ origin: ATTACKER, site: 'cross-site', path: '/webhooks/stripe' })).toBe(true)
    expect(await passes({ origin: ATTACKER, site: 'cross-site', path: '/webhooks/github/push' })).toBe(true)
  })

  test('a /prefix/* does not cover a sibling that only starts with the same letters', async () => {
    expect(await passes({ origin: ATTACKER, site: 'cross-site', path: '/webhooksx' })).toBe(false)
    expect(await passes({ origin: ATTACKER, site: 'cross-site', path: '/webhooks' })).toBe(false)
  })

  test('the query string plays no part', async () => {
    expect(await passes({ origin: ATTACKER, site: 'cross-site', path: '/orders?next=/webhooks/x' })).toBe(false)
    expect(await passes({ origin: ATTACKER, site: 'cross-site', path: '/oauth/callback?code=1' })).toBe(true)
  })

  test('bypass works without Sec-Fetch-Site too', async () => {
    expect(await passes({ origin: ATTACKER, path: '/webhooks/stripe' })).toBe(true)
  })

  test('a path with dot segments or encoded separators never matches a prefix (fails closed)', () => {
    const engine = compileCors({ origin: [APP], csrf: { bypass: ['/webhooks/*'] } })
    const facts = (path: string): CrossOriginFacts => ({ site: 'cross-site', host: 'api.example.com', path })
    for (const path of ['/webhooks/../admin', '/webhooks/%2e%2E/admin', '/webhooks/..%2Fadmin', '/webhooks/..%5cadmin', '/webhooks/.\\admin']) {
      expect(engine.decide('POST', ATTACKER, null, null, new Request(API), facts(path)), path).toMatchObject({ kind: 'refused' })
    }
  })

  for (const path of ['/*', '/']) {
    test(`'${path}' is a configuration error (it would let every write through)`, () => {
      expect(() => cors({ origin: [APP], csrf: { bypass: [path] } })).toThrow(CorsConfigError)
      expect(() => cors({ origin: [APP], csrf: { bypass: [path] } })).toThrow(/every cross-origin write/)
    })
  }

  for (const path of ['webhooks/*', '/webhooks/*/x', '/*/webhooks', '/webhooks?x', '*']) {
    test(`${JSON.stringify(path)} is not a path or prefix, and is a configuration error`, () => {
      expect(() => cors({ origin: [APP], csrf: { bypass: [path] } })).toThrow(CorsConfigError)
    })
  }
})

describe('configuration', () => {
  test("origin: '*' with csrf is a configuration error that says what to write", () => {
    expect(() => cors({ origin: '*', csrf: true })).toThrow(/origin: \['https:\/\/app\.example\.com'\]/)
  })

  test("csrf with the default origin (which is '*') is a configuration error", () => {
    expect(() => cors({ csrf: true })).toThrow(CorsConfigError)
  })

  test('csrf is off by default: a cross-site POST from an unknown origin reaches the handler', async () => {
    expect(await passes({ origin: ATTACKER, site: 'cross-site' }, { origin: [APP] })).toBe(true)
  })

  test('csrf: false is off', async () => {
    expect(await passes({ origin: ATTACKER, site: 'cross-site' }, { origin: [APP], csrf: false })).toBe(true)
  })

  test('a misspelled csrf option is a configuration error naming the right one', () => {
    expect(() => cors({ origin: [APP], csrf: { bypas: ['/x'] } as never })).toThrow(/write bypass/)
  })

  test('onRefused must be a function', () => {
    expect(() => cors({ origin: [APP], csrf: { onRefused: 'log' } as never })).toThrow(CorsConfigError)
  })
})

describe('what the allow-list means for writes', () => {
  test('a pattern allows writes from every origin it allows to read', async () => {
    expect(await passes({ origin: 'https://shop.partner.test', site: 'cross-site' })).toBe(true)
    expect(await passes({ origin: 'http://localhost:5173', site: 'cross-site' })).toBe(true)
  })

  test('a RegExp allows writes from every origin it allows to read', async () => {
    expect(await passes({ origin: 'https://two.regexp.test', site: 'cross-site' })).toBe(true)
    expect(await passes({ origin: 'https://three.regexp.test', site: 'cross-site' })).toBe(false)
  })

  test("a listed 'null' lets sandboxed pages read, never write (any page can send Origin: null)", async () => {
    const options = { origin: [APP, 'null'], csrf: true }
    expect(await passes({ origin: 'null', site: 'cross-site' }, options)).toBe(false)
    expect(await passes({ origin: 'null' }, options)).toBe(false)
    const read = await run({ method: 'GET', origin: 'null', site: 'cross-site' }, options)
    expect(read.response.headers.get('access-control-allow-origin')).toBe('null')
  })

  test("Origin: null is refused when not listed, as Go's table does", async () => {
    expect(await passes({ origin: 'null' })).toBe(false)
  })

  test("Origin: null from the page's own origin (Sec-Fetch-Site: same-origin, after a redirect) passes", async () => {
    expect(await passes({ origin: 'null', site: 'same-origin' })).toBe(true)
  })

  test("a predicate's answer decides writes, and it receives the request", async () => {
    const seen: string[] = []
    const options = {
      origin: (origin: string, request: Request) => {
        seen.push(new URL(request.url).pathname)
        return origin === 'https://tenant.test'
      },
      csrf: true,
    }
    expect(await passes({ origin: 'https://tenant.test', site: 'cross-site' }, options)).toBe(true)
    expect(await passes({ origin: ATTACKER, site: 'cross-site' }, options)).toBe(false)
    expect(seen).toEqual(['/orders', '/orders'])
  })

  test("an async predicate's answer is awaited before the handler runs", async () => {
    let settled = false
    const options = {
      origin: async (origin: string) => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        settled = true
        return origin === 'https://tenant.test'
      },
      csrf: true,
    }
    expect(await passes({ origin: ATTACKER, site: 'cross-site' }, options)).toBe(false)
    expect(settled).toBe(true)
    expect(await passes({ origin: 'https://tenant.test', site: 'cross-site' }, options)).toBe(true)
  })

  test('a predicate that rejects refuses the write', async () => {
    const options = { origin: async () => Promise.reject(new Error('db down')), csrf: true }
    expect(await passes({ origin: 'https://tenant.test', site: 'cross-site' }, options)).toBe(false)
  })

  test("a predicate's refusal does not matter when Sec-Fetch-Site is same-origin", async () => {
    const options = { origin: async () => false, csrf: true }
    expect(await passes({ origin: API, site: 'same-origin' }, options)).toBe(true)
  })
})

describe('onRefused', () => {
  test('sees each refusal with method, origin, Sec-Fetch-Site and path', async () => {
    const refusals: CsrfRefusal[] = []
    const options = { origin: [APP], csrf: { onRefused: (r: CsrfRefusal) => void refusals.push(r) } }
    await run({ method: 'DELETE', origin: ATTACKER, site: 'cross-site', path: '/orders/1' }, options)
    await run({ origin: 'https://old.test', path: '/x' }, options)
    expect(refusals).toEqual([
      { method: 'DELETE', origin: ATTACKER, site: 'cross-site', path: '/orders/1' },
      { method: 'POST', origin: 'https://old.test', site: null, path: '/x' },
    ])
  })

  test('is not called for a request that passes, nor for a bypassed path', async () => {
    const refusals: CsrfRefusal[] = []
    const options = { origin: [APP], csrf: { bypass: ['/hook'], onRefused: (r: CsrfRefusal) => void refusals.push(r) } }
    await run({ origin: APP, site: 'cross-site' }, options)
    await run({ origin: ATTACKER, site: 'cross-site', path: '/hook' }, options)
    await run({ method: 'GET', origin: ATTACKER, site: 'cross-site' }, options)
    expect(refusals).toEqual([])
  })

  test('a throwing onRefused does not break the 403', async () => {
    const options = {
      origin: [APP],
      csrf: {
        onRefused: () => {
          throw new Error('logger down')
        },
      },
    }
    const { ran, response } = await run({ origin: ATTACKER, site: 'cross-site' }, options)
    expect(ran).toBe(false)
    expect(response.status).toBe(403)
  })

  test('an async onRefused that rejects does not become an unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const listener = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', listener)
    try {
      const options = { origin: [APP], csrf: { onRefused: async () => Promise.reject(new Error('logger down')) } }
      const { response } = await run({ origin: ATTACKER, site: 'cross-site' }, options)
      expect(response.status).toBe(403)
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', listener)
    }
  })
})

describe('explain()', () => {
  const policy = cors(policyOptions)

  test("gives 'csrf-refused' with a sentence naming the origin, the method and the fix", () => {
    const decision = explain(policy, send({ method: 'PUT', origin: ATTACKER, site: 'cross-site' }))
    expect(decision.reason).toBe('csrf-refused')
    expect(decision.allowed).toBe(false)
    expect(decision.kind).toBe('refused')
    expect(decision.message).toContain(ATTACKER)
    expect(decision.message).toContain('PUT')
    expect(decision.message).toContain('cross-site')
    expect(decision.message).toMatch(/add it to origin/)
    expect(decision.message).toMatch(/csrf\.bypass/)
  })

  test('names a missing Origin when there is none', () => {
    expect(explain(policy, send({ site: 'cross-site' })).message).toContain('no Origin')
  })

  test('a passing write from an allowed origin is explained as allowed', () => {
    expect(explain(policy, send({ origin: APP, site: 'cross-site' })).reason).toBe('origin-allowed')
  })

  test('a passing same-origin write is not called a refusal', () => {
    expect(explain(policy, send({ origin: API, site: 'same-origin' })).reason).toBe('origin-not-allowed')
  })
})

/**
 * The decision table, written plainly from Go's CrossOriginProtection.Check with the policy's
 * allow-list as trusted origins: whether a request reaches the handler.
 */
function table(
  method: string,
  origin: string | undefined,
  site: string | undefined,
  host: string,
  path: string,
  allowed: (o: string) => boolean,
): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return true
  const trusted = origin !== undefined && origin !== 'null' && allowed(origin)
  const bypass = path === '/oauth/callback' || (path.startsWith('/webhooks/') && !/\.\.|%2f|%2e|%5c|\\|\/\.\//i.test(path))
  if (site === 'same-origin' || site === 'none') return true
  if (site !== undefined && site !== '') return trusted || bypass
  if (origin === undefined) return true
  const m = /^[a-z][a-z0-9+.-]*:\/\/(.+)$/i.exec(origin)
  if (m && m[1]!.toLowerCase() === host.toLowerCase()) return true
  return trusted || bypass
}

describe('property: a write passes exactly when the decision table says so, and nothing throws', () => {
  const engine = compileCors<Request>(policyOptions)
  const allowed = (o: string) =>
    o === APP ||
    /^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.partner\.test$/.test(o) ||
    /^https:\/\/(?:one|two)\.regexp\.test$/.test(o) ||
    /^http:\/\/localhost(:\d+)?$/.test(o)
  const method = fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE', 'post', 'get', 'PROPFIND')
  const site = fc.constantFrom(undefined, '', 'same-origin', 'same-site', 'cross-site', 'none', 'SAME-ORIGIN', 'garbage')
  const host = fc.constantFrom('api.example.com', 'localhost:3000', 'API.example.com')
  const origin = fc.oneof(
    fc.constantFrom(undefined, 'null', APP, ATTACKER, SIBLING, API, 'http://api.example.com', 'http://localhost:3000', 'http://localhost:4000'),
    fc.constantFrom('https://a.partner.test', 'https://partner.test', 'https://one.regexp.test', 'https://x.regexp.test'),
    fc.string({ maxLength: 40 }),
    fc.webUrl().map((u) => new URL(u).origin),
  )
  const path = fc.constantFrom(
    '/orders',
    '/oauth/callback',
    '/oauth/callback/x',
    '/webhooks/stripe',
    '/webhooks',
    '/webhooks/../admin',
    '/webhooks/%2e%2e/x',
    '/webhooksx',
  )

  test('table(method, origin, site, host, path) === reached the handler', () => {
    fc.assert(
      fc.property(method, origin, site, host, path, (m, o, s, h, p) => {
        const facts: CrossOriginFacts = { site: s ?? null, host: h, path: p }
        const verdict = engine.checksWrite(m)
          ? engine.decide(m, o ?? null, null, null, new Request(API), facts)
          : engine.decide(m, o ?? null, null, null, new Request(API))
        expect(verdict).not.toBeInstanceOf(Promise)
        const reached = (verdict as { kind: string }).kind !== 'refused'
        expect(reached).toBe(table(m, o, s, h, p, allowed))
      }),
      { numRuns: 3000 },
    )
  })

  test('the Fetch face never throws and answers 403 or reaches the handler, for any header values', async () => {
    const handler = withCors(() => new Response('ok'), policyOptions)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH'),
        fc.option(
          fc.string({ maxLength: 60 }).filter((v) => /^[\t\x20-\x7e]*$/.test(v) && v.trim() === v),
          { nil: undefined },
        ),
        fc.option(
          fc.string({ maxLength: 20 }).filter((v) => /^[\x20-\x7e]*$/.test(v) && v.trim() === v),
          { nil: undefined },
        ),
        async (m, o, s) => {
          const response = await handler(send({ method: m, origin: o, site: s }))
          expect([200, 403]).toContain(response.status)
        },
      ),
      { numRuns: 300 },
    )
  })
})
