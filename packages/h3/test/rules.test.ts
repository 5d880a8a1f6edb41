// corsRules: one policy per route pattern, on plain h3 apps (Nitro's build runs the same
// middleware in nitro.test.ts).
import { APP } from '@corsa/testkit/fixtures'
import { H3 } from 'h3'
import { describe, expect, it } from 'vitest'
import { CorsConfigError, corsRules, type H3CorsRules } from '@corsa/h3'

const EVIL = 'https://evil.test'
const PRIVATE = { origin: [APP], credentials: true, maxAge: 600 } as const

function app(rules: H3CorsRules): H3 {
  return new H3()
    .use(corsRules(rules))
    .options('/**', () => 'app options')
    .get('/**', () => 'ok')
}
const get = (origin: string): RequestInit => ({ headers: { origin } })
const preflight = (origin: string): RequestInit => ({ method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } })

describe('corsRules', () => {
  it("applies a pattern's policy to the paths it matches", async () => {
    const r = await app({ '/api/**': PRIVATE }).request('/api/users/1', get(APP))
    expect(r.headers.get('access-control-allow-origin')).toBe(APP)
    expect(r.headers.get('access-control-allow-credentials')).toBe('true')
  })

  it('matches /api/** on /api itself, as route rules do', async () => {
    const r = await app({ '/api/**': PRIVATE }).request('/api', get(APP))
    expect(r.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('applies the most specific pattern, whole: a public rule under a credentialed one sends no credentials', async () => {
    const rules = { '/api/**': PRIVATE, '/api/public/**': { origin: '*' } } as const
    const r = await app(rules).request('/api/public/x', get(EVIL))
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    expect(r.headers.get('access-control-allow-credentials')).toBeNull()
    expect((await app(rules).request('/api/private', get(EVIL))).headers.get('access-control-allow-origin')).toBeNull()
  })

  it('matches :param and * segments one segment at a time', async () => {
    const rules = { '/**': PRIVATE, '/users/:id': { origin: '*' }, '/files/*/raw': { origin: '*' } } as const
    for (const [path, expected] of [
      ['/users/42', '*'],
      ['/users/42/posts', null],
      ['/files/a/raw', '*'],
    ] as const)
      expect((await app(rules).request(path, get(EVIL))).headers.get('access-control-allow-origin')).toBe(expected)
  })

  it('answers preflights only on the paths a policy covers', async () => {
    const a = app({ '/api/**': PRIVATE })
    expect((await a.request('/api/x', preflight(APP))).status).toBe(204)
    const elsewhere = await a.request('/other', preflight(APP))
    expect(await elsewhere.text()).toBe('app options')
  })

  it('leaves paths whose pattern is false untouched, preflights included', async () => {
    const a = app({ '/api/**': PRIVATE, '/api/hooks/**': false })
    const r = await a.request('/api/hooks/stripe', preflight(APP))
    expect(await r.text()).toBe('app options')
    expect([...r.headers.keys()].filter((n) => n.startsWith('access-control-'))).toEqual([])
    expect((await a.request('/api/hooks/stripe', get(APP))).headers.get('vary')).toBeNull()
  })

  it('gives a 404 on a covered path the CORS headers', async () => {
    const r = await new H3().use(corsRules({ '/api/**': PRIVATE })).request('/api/nope', get(APP))
    expect(r.status).toBe(404)
    expect(r.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('names the pattern in a CorsConfigError, every problem at once', () => {
    const wrong = { '/a/**': { origin: '*', credentials: true }, '/b/**': { methods: ['GET'] } }
    expect(() => corsRules(wrong as never)).toThrow(CorsConfigError)
    expect(() => corsRules(wrong as never)).toThrow(
      /2 problems[\s\S]*corsRules\["\/a\/\*\*"\]\.origin[\s\S]*corsRules\["\/b\/\*\*"\]\.methods is handleCors's name/,
    )
  })

  it('refuses a pattern without its leading slash, saying how to write it', () => {
    expect(() => corsRules({ 'api/**': PRIVATE })).toThrow(/corsRules\["api\/\*\*"\] is not a route pattern: write "\/api\/\*\*"/)
  })

  it('refuses what is not an object of patterns', () => {
    expect(() => corsRules([] as never)).toThrow(CorsConfigError)
  })
})
