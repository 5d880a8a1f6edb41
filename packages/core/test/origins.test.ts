import { describe, expect, test } from 'vitest'
import { cors, withCors } from '../src/index.js'
import { corsHeaders, request } from './helpers.js'

/** Whether `origin` may read responses under `options`, through the public face. */
function allows(options: object, origin: string): boolean {
  const h = cors(options)(request(origin)) as Headers
  return h.get('access-control-allow-origin') === origin
}

describe('exact origins', () => {
  test('an exact origin is allowed and echoed byte for byte', () => {
    expect(allows({ origin: 'https://app.example.com' }, 'https://app.example.com')).toBe(true)
  })

  test('configured origins are matched case-insensitively in scheme and host, and the request bytes are echoed', () => {
    const h = corsHeaders(cors({ origin: 'HTTPS://App.Example.COM' })(request('https://app.example.com')) as Headers)
    expect(h['access-control-allow-origin']).toBe('https://app.example.com')
  })

  test('a request origin that differs from the canonical form (upper case) is not allowed: browsers never send it', () => {
    expect(allows({ origin: 'https://app.example.com' }, 'https://APP.example.com')).toBe(false)
  })

  test('a list of 10,000 origins allows the last one', () => {
    const list = Array.from({ length: 10_000 }, (_, i) => `https://app${i}.example.com`)
    expect(allows({ origin: list }, 'https://app9999.example.com')).toBe(true)
    expect(allows({ origin: list }, 'https://app10000.example.com')).toBe(false)
  })

  test('an IDN host in the configuration matches its punycode form', () => {
    expect(allows({ origin: 'https://élève.example' }, 'https://xn--lve-6lad.example')).toBe(true)
  })

  test('an IPv6 origin matches its bracketed, compressed form', () => {
    expect(allows({ origin: 'http://[0:0::1]:3000' }, 'http://[::1]:3000')).toBe(true)
  })

  test('an explicit port is part of the origin', () => {
    expect(allows({ origin: 'http://localhost:3000' }, 'http://localhost:3000')).toBe(true)
    expect(allows({ origin: 'http://localhost:3000' }, 'http://localhost:3001')).toBe(false)
    expect(allows({ origin: 'http://localhost:3000' }, 'http://localhost')).toBe(false)
  })

  test('origins of non-special schemes (browser extensions, app shells) match lower-cased', () => {
    expect(allows({ origin: 'capacitor://localhost' }, 'capacitor://localhost')).toBe(true)
    expect(allows({ origin: 'chrome-extension://ABCDEF' }, 'chrome-extension://abcdef')).toBe(true)
  })
})

describe('lookalike origins are refused (fetch-cors §19.5, §19.7)', () => {
  const options = { origin: ['https://example.com', 'https://*.example.com'] }
  const attacks = [
    'https://evil-example.com',
    'https://example.com.evil.net',
    'https://evilexample.com',
    'https://example.com@evil.net',
    'http://example.com',
    'http://app.example.com',
    'https://app.example.com:8443',
    'https://example.com.',
    'https://example.com/',
    'https://example.com, https://evil.net',
    'https://example.com evil',
    ' https://example.com',
    'https://.example.com',
    'https://app..example.com',
    'null',
    '',
  ]
  for (const origin of attacks) {
    test(`${JSON.stringify(origin)} is not allowed`, () => {
      expect(allows(options, origin)).toBe(false)
    })
  }

  test('origins sharing a suffix with an allowed one are refused (barfoo.com vs foo.com)', () => {
    expect(allows({ origin: ['https://foo.com', 'https://bar.com'] }, 'https://barfoo.com')).toBe(false)
  })
})

describe('patterns (design 13)', () => {
  test('https://*.example.com matches one or more subdomain labels', () => {
    expect(allows({ origin: 'https://*.example.com' }, 'https://app.example.com')).toBe(true)
    expect(allows({ origin: 'https://*.example.com' }, 'https://a.b.example.com')).toBe(true)
  })

  test('https://*.example.com never matches the bare domain', () => {
    expect(allows({ origin: 'https://*.example.com' }, 'https://example.com')).toBe(false)
  })

  test('a subdomain pattern matches only its scheme and port', () => {
    expect(allows({ origin: 'https://*.example.com' }, 'http://app.example.com')).toBe(false)
    expect(allows({ origin: 'https://*.example.com:8443' }, 'https://app.example.com:8443')).toBe(true)
    expect(allows({ origin: 'https://*.example.com:8443' }, 'https://app.example.com')).toBe(false)
  })

  test('http://localhost:* matches every port, the default one included', () => {
    for (const origin of ['http://localhost:3000', 'http://localhost:65535', 'http://localhost']) {
      expect(allows({ origin: 'http://localhost:*' }, origin)).toBe(true)
    }
    expect(allows({ origin: 'http://localhost:*' }, 'https://localhost:3000')).toBe(false)
    expect(allows({ origin: 'http://localhost:*' }, 'http://localhost.evil.net:3000')).toBe(false)
  })

  test('https://*.example.com:* combines both wildcards', () => {
    expect(allows({ origin: 'https://*.example.com:*' }, 'https://a.example.com:1234')).toBe(true)
    expect(allows({ origin: 'https://*.example.com:*' }, 'https://a.example.com')).toBe(true)
  })

  test('an IDN suffix in a pattern matches punycode subdomains', () => {
    expect(allows({ origin: 'https://*.bücher.example' }, 'https://shop.xn--bcher-kva.example')).toBe(true)
  })

  test('a pattern never matches a host that breaks DNS limits', () => {
    const longLabel = `https://${'a'.repeat(64)}.example.com`
    const longHost = `https://${'a.'.repeat(125)}example.com`
    expect(allows({ origin: 'https://*.example.com' }, longLabel)).toBe(false)
    expect(allows({ origin: 'https://*.example.com' }, longHost)).toBe(false)
    expect(allows({ origin: 'https://*.example.com' }, `https://${'a'.repeat(63)}.example.com`)).toBe(true)
  })

  test('*.localhost is allowed as a development pattern', () => {
    expect(allows({ origin: 'http://*.localhost:*' }, 'http://app.localhost:5173')).toBe(true)
  })
})

describe("'*' in a list", () => {
  test("'*' inside a list is a CorsConfigError: it would make the rest of the list meaningless", () => {
    let message = ''
    try {
      cors({ origin: ['https://a.example.com', '*'] })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain("write origin: '*' alone")
  })
})

describe('the null origin', () => {
  test('null is refused unless listed', () => {
    expect(allows({ origin: ['https://app.example.com'] }, 'null')).toBe(false)
    expect(allows({ origin: () => true }, 'null')).toBe(false)
    expect(allows({ origin: /^.*$/ }, 'null')).toBe(false)
  })

  test("null is allowed when 'null' is listed", () => {
    expect(allows({ origin: ['null'] }, 'null')).toBe(true)
  })
})

describe('RegExp origins', () => {
  test('an anchored RegExp allows what it matches', () => {
    const origin = /^https:\/\/(?:app|admin)\.example\.com$/
    expect(allows({ origin }, 'https://admin.example.com')).toBe(true)
    expect(allows({ origin }, 'https://admin.example.com.evil.net')).toBe(false)
  })

  test('a RegExp with a top-level alternation must match the whole origin, so no lookalike gets through', () => {
    const origin = /^https:\/\/a\.example\.com|b\.example\.com$/
    expect(allows({ origin }, 'https://a.example.com')).toBe(true)
    expect(allows({ origin }, 'https://a.example.com.evil.net')).toBe(false)
    expect(allows({ origin }, 'https://evilb.example.com')).toBe(false)
  })

  test('a global RegExp gives the same answer on every request (no lastIndex state)', () => {
    const origin = /^https:\/\/app\.example\.com$/g
    expect([1, 2, 3].map(() => allows({ origin }, 'https://app.example.com'))).toEqual([true, true, true])
    const p = cors({ origin })
    expect([1, 2, 3].map(() => (p(request('https://app.example.com')) as Headers).has('access-control-allow-origin'))).toEqual([true, true, true])
  })
})

describe('origin predicates', () => {
  test('a synchronous predicate keeps the policy synchronous', () => {
    const answer = cors({ origin: (o) => o.endsWith('.example.com') })(request('https://a.example.com'))
    expect(answer).toBeInstanceOf(Headers)
  })

  test('an async predicate makes the policy return a Promise', async () => {
    const answer = cors({ origin: async (o: string) => o === 'https://a.example.com' })(request('https://a.example.com'))
    expect(answer).toBeInstanceOf(Promise)
    expect(((await answer) as Headers).get('access-control-allow-origin')).toBe('https://a.example.com')
  })

  test('the predicate receives the origin and the request, once per request', async () => {
    const seen: [string, string][] = []
    const handler = withCors(() => new Response(), {
      origin: (o, req) => {
        seen.push([o, req.url])
        return true
      },
    })
    await handler(request('https://a.example.com'))
    expect(seen).toEqual([['https://a.example.com', 'https://api.example.com/resource']])
  })

  test('a predicate that throws refuses the origin instead of failing the request', async () => {
    const handler = withCors(() => new Response('ok'), {
      origin: () => {
        throw new Error('db down')
      },
    })
    const res = (await handler(request('https://a.example.com'))) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('a predicate that rejects refuses the origin', async () => {
    const answer = await cors({ origin: () => Promise.reject(new Error('x')) })(request('https://a.example.com'))
    expect((answer as Headers).get('access-control-allow-origin')).toBeNull()
  })

  test('a predicate is only ever called with well-formed origins', () => {
    const seen: string[] = []
    const policy = cors({ origin: (o) => (seen.push(o), true) })
    for (const o of ['null', 'https://a.example.com/', 'HTTPS://A.COM', 'x'.repeat(1000), 'https://a b']) policy(request(o))
    expect(seen).toEqual([])
  })

  test('only a literal true allows: a string returned by a Hono-style predicate does not', () => {
    expect(allows({ origin: (() => 'https://a.example.com') as unknown as () => boolean }, 'https://a.example.com')).toBe(false)
  })
})
