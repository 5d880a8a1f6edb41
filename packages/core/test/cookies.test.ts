import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import fc from 'fast-check'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { type CookieExchange, type CookieWarning, cors, explain, explainCookies, parseSetCookie, registrableDomain, withCors } from '../src/index.js'

const APP = 'https://app.example.com'
const API = 'https://api.example.com'
const OTHER_API = 'https://api.other.com'

/** An exchange: a page on `origin` fetched `url` and got `setCookies`. */
const exchange = (origin: string | null, url: string, setCookies: string[], more: Partial<CookieExchange> = {}): CookieExchange => ({
  url,
  origin,
  cookie: 'seen=1',
  setCookies,
  allowCredentials: 'true',
  ...more,
})
const one = (origin: string | null, url: string, line: string, more: Partial<CookieExchange> = {}) =>
  explainCookies(exchange(origin, url, [line], more))[0]!
const outcomes = (v: { engines: Record<string, { outcome: string }> }) => [
  v.engines.chromium!.outcome,
  v.engines.firefox!.outcome,
  v.engines.webkit!.outcome,
]

describe('parseSetCookie reads what decides whether a browser stores a cookie', () => {
  test('name, value and attributes, case-insensitively, the last of each winning', () => {
    expect(parseSetCookie('sid=abc; path=/; SECURE; HttpOnly; samesite=none; Domain=.Example.COM; Partitioned; SameSite=Lax')).toEqual({
      name: 'sid',
      value: 'abc',
      domain: 'example.com',
      path: '/',
      secure: true,
      httpOnly: true,
      partitioned: true,
      sameSite: 'lax',
      truncated: false,
    })
  })

  test('an unknown SameSite value counts as none given', () => {
    expect(parseSetCookie('a=1; SameSite=Relaxed')?.sameSite).toBeUndefined()
  })

  test('a line without = is a nameless cookie, an empty one is no cookie', () => {
    expect(parseSetCookie('token')).toMatchObject({ name: '', value: 'token' })
    expect(parseSetCookie(' ; Secure')).toBeUndefined()
  })

  test('a control character makes the line no cookie', () => {
    expect(parseSetCookie('a=1\u0000; Secure')).toBeUndefined()
  })

  test('a line longer than 8 KB is read up to 8 KB and marked cut', () => {
    const parsed = parseSetCookie(`a=${'x'.repeat(100_000)}; Secure`)
    expect(parsed?.truncated).toBe(true)
    expect(parsed?.secure).toBe(false)
  })
})

describe('sites come from the full Public Suffix List, and WebKit sees unlisted top-level domains apart', () => {
  test('a registrable domain under a multi-label suffix', () => {
    expect(registrableDomain('a.b.example.co.uk')).toBe('example.co.uk')
    expect(registrableDomain('alice.github.io')).toBe('alice.github.io')
  })

  test('an IP address and localhost are their own sites', () => {
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1')
    expect(registrableDomain('localhost')).toBe('localhost')
  })

  test('.test is not on the list: one site for Chromium and Firefox, each host its own for WebKit', () => {
    expect(registrableDomain('api.example.test')).toBe('example.test')
    expect(registrableDomain('api.example.test', true)).toBe('api.example.test')
  })
})

describe('explainCookies predicts what each engine does with each Set-Cookie', () => {
  test('a same-site API (app.example.com → api.example.com) keeps a SameSite=Lax cookie in every engine', () => {
    const v = one(APP, `${API}/login`, 'sid=1; Path=/; Secure; HttpOnly; SameSite=Lax')
    expect(v).toMatchObject({ name: 'sid', reason: 'stored', message: 'cookie "sid": every engine stores it' })
    expect(outcomes(v)).toEqual(['store', 'store', 'store'])
  })

  test('no SameSite on a cross-site response: Chromium applies Lax and drops it, Firefox partitions it, WebKit blocks it', () => {
    const v = one(APP, `${OTHER_API}/login`, 'sid=1; Path=/; Secure')
    expect(v.reason).toBe('samesite-default-lax')
    expect(v.engines.chromium.reason).toBe('samesite-default-lax')
    expect(outcomes(v)).toEqual(['drop', 'partition', 'drop'])
    expect(v.message).toContain('SameSite=None; Secure; Partitioned')
  })

  test('SameSite=Lax on a cross-site response is dropped by every engine', () => {
    const v = one(APP, `${OTHER_API}/login`, 'sid=1; Path=/; Secure; SameSite=Lax')
    expect(v.reason).toBe('samesite-cross-site')
    expect(outcomes(v)).toEqual(['drop', 'drop', 'drop'])
  })

  test('SameSite=None without Secure is dropped by Chromium and Firefox; WebKitGTK keeps it', () => {
    const v = one(APP, `${API}/login`, 'sid=1; Path=/; SameSite=None')
    expect(v.reason).toBe('samesite-none-without-secure')
    expect(outcomes(v)).toEqual(['drop', 'drop', 'store'])
    expect(v.message).toContain('SameSite=None; Secure')
  })

  test('SameSite=None; Secure cross-site: a third-party cookie, blocked by Chromium and WebKit, partitioned by Firefox', () => {
    const v = one(APP, `${OTHER_API}/login`, 'sid=1; Path=/; Secure; SameSite=None')
    expect(v.reason).toBe('third-party-blocked')
    expect(outcomes(v)).toEqual(['drop', 'partition', 'drop'])
  })

  test('Partitioned (CHIPS) cross-site: Chromium and Firefox partition it, WebKit blocks it', () => {
    const v = one(APP, `${OTHER_API}/login`, 'sid=1; Path=/; Secure; SameSite=None; Partitioned')
    expect(outcomes(v)).toEqual(['partition', 'partition', 'drop'])
    expect(v.reason).toBe('third-party-blocked')
  })

  test('Secure over plain http on a host that is not localhost is dropped', () => {
    const v = one('http://app.example.com:8080', 'http://app.example.com:8787/login', 'sid=1; Path=/; Secure; SameSite=Lax')
    expect(v.reason).toBe('secure-over-http')
    expect(outcomes(v)).toEqual(['drop', 'drop', 'drop'])
  })

  test('Secure over plain http on localhost: Chromium and Firefox keep it (localhost counts as secure), WebKit drops it', () => {
    const v = one('http://localhost:5173', 'http://localhost:8787/login', 'sid=1; Path=/; Secure; SameSite=Lax')
    expect(outcomes(v)).toEqual(['store', 'store', 'drop'])
    expect(v.reason).toBe('secure-over-http')
    expect(v.message).toContain('leave Secure out during local development')
  })

  test('Domain=localhost on localhost: host-only in Chromium and Firefox, dropped by WebKit', () => {
    expect(outcomes(one('http://localhost:5173', 'http://localhost:8787/login', 'sid=1; Path=/; Domain=localhost'))).toEqual([
      'store',
      'store',
      'drop',
    ])
  })

  test('a Domain that the API host is not in is dropped, with the domain to write instead', () => {
    const v = one(APP, `${API}/login`, 'sid=1; Path=/; Secure; Domain=app.example.com')
    expect(v.reason).toBe('domain-mismatch')
    expect(v.message).toContain('Domain=example.com')
  })

  test('Domain=localhost on an API reached at 127.0.0.1 does not match', () => {
    expect(one('http://localhost:5173', 'http://127.0.0.1:8787/login', 'sid=1; Domain=localhost').reason).toBe('domain-mismatch')
  })

  test('a Domain that is a public suffix is dropped', () => {
    expect(one('https://alice.github.io', 'https://alice.github.io/api', 'sid=1; Domain=github.io; Secure').reason).toBe('domain-public-suffix')
  })

  test('__Host- with a Domain, without Path=/ or without Secure, and __Secure- without Secure, are dropped', () => {
    expect(one(APP, `${API}/x`, '__Host-sid=1; Path=/; Secure; Domain=api.example.com').reason).toBe('host-prefix-with-domain')
    expect(one(APP, `${API}/x`, '__Host-sid=1; Secure').reason).toBe('host-prefix-without-root-path')
    expect(one(APP, `${API}/x`, '__Host-sid=1; Path=/').reason).toBe('host-prefix-without-secure')
    expect(one(APP, `${API}/x`, '__Secure-sid=1; Path=/').reason).toBe('secure-prefix-without-secure')
    expect(one(APP, `${API}/x`, '__Host-sid=1; Path=/; Secure').reason).toBe('stored')
  })

  test('WebKitGTK does not enforce the prefixes: Chromium and Firefox drop, WebKit stores', () => {
    expect(outcomes(one(APP, `${API}/x`, '__Host-sid=1; Path=/'))).toEqual(['drop', 'drop', 'store'])
  })

  test('WebKit keeps a host-only cookie of a same-site API under a listed top-level domain', () => {
    expect(outcomes(one(APP, `${API}/login`, 'sid=1; Path=/; Secure; SameSite=Lax'))).toEqual(['store', 'store', 'store'])
  })

  test('under .test (not on the list) WebKit drops a host-only cookie of a same-site API, and keeps it with Domain=example.test', () => {
    const hostOnly = one('https://app.example.test', 'https://api.example.test/login', 'sid=1; Path=/; Secure; SameSite=Lax')
    expect(outcomes(hostOnly)).toEqual(['store', 'store', 'drop'])
    expect(hostOnly.message).toContain('Domain=example.test')
    const withDomain = one('https://app.example.test', 'https://api.example.test/login', 'sid=1; Path=/; Secure; SameSite=Lax; Domain=example.test')
    expect(outcomes(withDomain)).toEqual(['store', 'store', 'store'])
  })

  test('a fetch without credentials: the response cookies are ignored', () => {
    const v = explainCookies(exchange(APP, `${API}/login`, ['sid=1; Path=/; Secure'], { cookie: null }), { credentials: 'same-origin' })[0]!
    expect(v.reason).toBe('credentials-not-included')
    expect(outcomes(v)).toEqual(['drop', 'drop', 'drop'])
    expect(v.guess).toBe(false)
  })

  test('without a Cookie header the credentials mode is unknown: the verdict assumes include and says it is a guess', () => {
    const v = one(APP, `${OTHER_API}/login`, 'sid=1; Path=/; Secure; SameSite=None', { cookie: null })
    expect(v.guess).toBe(true)
    expect(v.reason).toBe('third-party-blocked')
  })

  test('a response without Access-Control-Allow-Credentials: the cookie is stored, the page cannot read the response', () => {
    const v = one(APP, `${API}/login`, 'sid=1; Path=/; Secure; SameSite=Lax', { allowCredentials: null })
    expect(v.reason).toBe('no-allow-credentials')
    expect(outcomes(v)).toEqual(['store', 'store', 'store'])
    expect(v.message).toContain('credentials: true')
  })

  test('a name and value over 4096 bytes are dropped', () => {
    expect(one(APP, `${API}/x`, `big=${'x'.repeat(5000)}; Secure`).reason).toBe('too-large')
  })

  test('a credentialed cross-site request that arrives without cookies is explained on the request side', () => {
    const request = explainCookies(exchange(APP, `${OTHER_API}/me`, [], { cookie: null })).find((v) => v.source === 'request')
    expect(request).toMatchObject({ reason: 'request-without-cookies', guess: true })
    expect(request?.message).toContain("credentials: 'include'")
  })

  test('a same-site request without cookies needs no explanation', () => {
    expect(explainCookies(exchange(APP, `${API}/me`, [], { cookie: null }))).toEqual([])
  })
})

describe('explain(policy, request, response) adds the cookies', () => {
  const policy = cors({ origin: [APP], credentials: true })
  const request = new Request(`${OTHER_API}/login`, { headers: { origin: APP, cookie: 'a=1' } })
  const response = () => {
    const headers = new Headers({ 'access-control-allow-credentials': 'true' })
    headers.append('set-cookie', 'sid=1; Path=/; Secure')
    headers.append('set-cookie', 'p=1; Path=/; Secure; SameSite=None; Partitioned')
    return new Response('ok', { headers })
  }

  test('one verdict per Set-Cookie, next to the CORS decision', () => {
    const d = explain(policy, request, response())
    expect(d.reason).toBe('origin-allowed')
    expect(d.cookies?.map((c) => [c.name, c.reason])).toEqual([
      ['sid', 'samesite-default-lax'],
      ['p', 'third-party-blocked'],
    ])
  })

  test('without a response the decision is as before, without cookies', () => {
    expect(explain(policy, request)).not.toHaveProperty('cookies')
  })
})

describe('the parser and the rules are bounded and never throw on hostile Set-Cookie', () => {
  test('any line parses or is refused, within 8 KB', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20_000 }), (line) => {
        const parsed = parseSetCookie(line)
        if (parsed) expect(parsed.name.length + parsed.value.length).toBeLessThanOrEqual(8192)
      }),
    )
  })

  test('attribute soup gives one verdict per line, each with a reason and a sentence', () => {
    const attribute = fc.oneof(
      fc.constantFrom(
        'Secure',
        'HttpOnly',
        'Partitioned',
        'Path=/',
        'Path=x',
        'SameSite=None',
        'SameSite=Lax',
        'SameSite=Strict',
        'Domain=.example.com',
        'Domain=com',
        'Domain=',
      ),
      fc.string({ maxLength: 40 }),
    )
    const line = fc.tuple(fc.string({ maxLength: 40 }), fc.array(attribute, { maxLength: 60 })).map(([pair, attrs]) => [pair, ...attrs].join('; '))
    const origin = fc.constantFrom(APP, 'http://localhost:5173', 'null', 'https://x.test', '%%%', '')
    const url = fc.constantFrom(`${API}/x`, `${OTHER_API}/x`, 'http://127.0.0.1:1/x', 'ftp://x', 'not a url', `https://${'a'.repeat(300)}.com/`)
    fc.assert(
      fc.property(origin, url, fc.array(line, { maxLength: 70 }), fc.option(fc.string({ maxLength: 20 })), (o, u, lines, cookie) => {
        const verdicts = explainCookies({ url: u, origin: o, cookie, setCookies: lines, allowCredentials: 'true' })
        expect(verdicts.filter((v) => v.source === 'set-cookie').length).toBeLessThanOrEqual(50)
        for (const v of verdicts) {
          expect(typeof v.reason).toBe('string')
          expect(v.message.length).toBeLessThan(900)
        }
      }),
      { numRuns: 300 },
    )
  })

  test('100 MB of headers are judged quickly', () => {
    const lines = Array.from({ length: 10_000 }, () => `a=${'x'.repeat(10_000)}; ${'Secure; '.repeat(1000)}`)
    const start = performance.now()
    const verdicts = explainCookies(exchange(APP, `${API}/x`, lines))
    expect(verdicts).toHaveLength(50)
    expect(performance.now() - start).toBeLessThan(500)
  })
})

describe('cookieWarnings: one development warning per cookie name and cause', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })
  const handler = () => {
    const headers = new Headers()
    headers.append('set-cookie', 'sid=1; Path=/; Secure')
    return new Response('ok', { headers })
  }
  const call = (wrapped: (r: Request) => unknown) => wrapped(new Request(`${OTHER_API}/login`, { headers: { origin: APP, cookie: 'x=1' } }))

  test('a function receives each warning once, however many responses repeat it', async () => {
    const warnings: CookieWarning[] = []
    const wrapped = withCors(handler, { origin: [APP], credentials: true, cookieWarnings: (w) => warnings.push(w) })
    for (let i = 0; i < 3; i++) await call(wrapped)
    expect(warnings).toEqual([expect.objectContaining({ name: 'sid', reason: 'samesite-default-lax', url: `${OTHER_API}/login`, origin: APP })])
  })

  test('on by default when NODE_ENV is development, through console.warn', async () => {
    vi.stubEnv('NODE_ENV', 'development')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await call(withCors(handler, { origin: [APP], credentials: true }))
    expect(warn).toHaveBeenCalledOnce()
    expect(String(warn.mock.calls[0]![0])).toMatch(/^corsa: cookie "sid": Chromium and WebKit drop it; Firefox partitions it/)
  })

  test('off by default in production', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await call(withCors(handler, { origin: [APP], credentials: true }))
    expect(warn).not.toHaveBeenCalled()
  })

  test('cookieWarnings: false silences development', async () => {
    vi.stubEnv('NODE_ENV', 'development')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await call(withCors(handler, { origin: [APP], credentials: true, cookieWarnings: false }))
    expect(warn).not.toHaveBeenCalled()
  })

  test('a cookie every engine stores raises no warning', async () => {
    const warnings: CookieWarning[] = []
    const ok = () => new Response('ok', { headers: { 'set-cookie': 'sid=1; Path=/; Secure; SameSite=Lax' } })
    await withCors(ok, { origin: [APP], credentials: true, cookieWarnings: (w) => warnings.push(w) })(
      new Request(`${API}/login`, { headers: { origin: APP, cookie: 'x=1' } }),
    )
    expect(warnings).toEqual([])
  })

  test('a logger that throws does not break the response', async () => {
    const wrapped = withCors(handler, {
      origin: [APP],
      credentials: true,
      cookieWarnings: () => {
        throw new Error('logger down')
      },
    })
    expect(((await call(wrapped)) as Response).status).toBe(200)
  })

  test('a value that is not a boolean or a function is a configuration error', () => {
    expect(() => cors({ cookieWarnings: 'yes' as never })).toThrow(/cookieWarnings must be true, false or a function/)
  })
})

test('a production build of cors + withCors carries no cookie rules', async () => {
  const result = await build({
    stdin: { contents: "export { cors, withCors } from './src/index.ts'", resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  })
  const text = result.outputFiles[0]!.text
  expect(text).not.toContain('__Host-')
  expect(text).not.toContain('third-party')
})
