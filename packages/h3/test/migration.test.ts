// Migration from h3's own CORS helper: each option of handleCors (and of appendCorsHeaders /
// appendCorsPreflightHeaders, which take the same options) next to what corsa does with it, on
// two real h3 apps answering the same request. What corsa keeps is compared header by header;
// what it refuses throws a CorsConfigError that says what to write instead.
import { APP } from '@corsa/testkit/fixtures'
import { appendCorsHeaders, type CorsOptions as H3HelperOptions, H3, handleCors } from 'h3'
import { describe, expect, it } from 'vitest'
import { CorsConfigError, cors, type H3CorsOptions } from '@corsa/h3'

const EVIL = 'https://evil.test'

/** The app of h3's docs: handleCors called first in a middleware, an auth middleware, a route. */
function theirs(options: H3HelperOptions): H3 {
  return new H3()
    .use((event) => {
      const answer = handleCors(event, options)
      if (answer !== false) return answer
    })
    .use(auth)
    .all('/x', () => 'ok')
}

function ours(options: H3CorsOptions): H3 {
  return new H3()
    .use(cors(options))
    .use(auth)
    .all('/x', () => 'ok')
}

function auth(event: { req: Request }): Response | undefined {
  return event.req.method === 'DELETE' ? new Response('no', { status: 401 }) : undefined
}

const get = (origin: string): RequestInit => ({ headers: { origin } })
const preflight = (origin: string, method: string, headers?: string): RequestInit => ({
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) },
})

/** The same request to both apps. */
async function both(h3: H3HelperOptions, corsa: H3CorsOptions, init: RequestInit): Promise<[Response, Response]> {
  return Promise.all([theirs(h3).request('/x', init), ours(corsa).request('/x', init)])
}

/** The lower-cased names of a comma-separated header. */
const list = (r: Response, name: string) =>
  (r.headers.get(name) ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)

/** Whether a browser takes the preflight's Access-Control-Allow-Headers as allowing `name`. */
function allowsHeader(r: Response, name: string, credentials: boolean): boolean {
  const names = list(r, 'access-control-allow-headers')
  return names.includes(name) || (!credentials && name !== 'authorization' && names.includes('*'))
}

describe("from h3's handleCors: what users rely on is kept", () => {
  it("origin: '*' lets every origin read, with Access-Control-Allow-Origin: *", async () => {
    const [h3, corsa] = await both({ origin: '*' }, { origin: '*' }, get(EVIL))
    expect(corsa.headers.get('access-control-allow-origin')).toBe(h3.headers.get('access-control-allow-origin'))
    expect(corsa.headers.get('access-control-allow-origin')).toBe('*')
  })

  it("origin: a list echoes the request's origin and adds Vary: Origin", async () => {
    const [h3, corsa] = await both({ origin: [APP] }, { origin: [APP] }, get(APP))
    expect(corsa.headers.get('access-control-allow-origin')).toBe(h3.headers.get('access-control-allow-origin'))
    expect(list(corsa, 'vary')).toEqual(list(h3, 'vary'))
  })

  it('origin: a list refuses an origin it does not hold, with only Vary: Origin', async () => {
    const [h3, corsa] = await both({ origin: [APP] }, { origin: [APP] }, get(EVIL))
    expect(h3.headers.get('access-control-allow-origin')).toBeNull()
    expect(corsa.headers.get('access-control-allow-origin')).toBeNull()
    expect(list(corsa, 'vary')).toEqual(list(h3, 'vary'))
  })

  it('origin: an anchored RegExp in the list allows the same origins', async () => {
    const origin = [/^https:\/\/[a-z]+\.example\.com$/]
    for (const [request, expected] of [
      ['https://eu.example.com', 'https://eu.example.com'],
      [EVIL, null],
    ] as const) {
      const [h3, corsa] = await both({ origin }, { origin }, get(request))
      expect(h3.headers.get('access-control-allow-origin')).toBe(expected)
      expect(corsa.headers.get('access-control-allow-origin')).toBe(expected)
    }
  })

  it('origin: a function of the origin gets the origin and decides the same', async () => {
    const allow = (origin: string) => origin.endsWith('.example.com')
    const [h3, corsa] = await both({ origin: allow }, { origin: allow }, get('https://eu.example.com'))
    expect(corsa.headers.get('access-control-allow-origin')).toBe(h3.headers.get('access-control-allow-origin'))
    expect(corsa.headers.get('access-control-allow-origin')).toBe('https://eu.example.com')
  })

  it("origin: 'null' allows the opaque origin of sandboxed pages when written", async () => {
    const [h3, corsa] = await both({ origin: 'null' }, { origin: 'null' }, get('null'))
    expect(h3.headers.get('access-control-allow-origin')).toBe('null')
    expect(corsa.headers.get('access-control-allow-origin')).toBe('null')
  })

  it('credentials: true sends Access-Control-Allow-Credentials on the preflight and the response', async () => {
    for (const init of [preflight(APP, 'PUT'), get(APP)]) {
      const [h3, corsa] = await both({ origin: [APP], credentials: true }, { origin: [APP], credentials: true }, init)
      expect(h3.headers.get('access-control-allow-credentials')).toBe('true')
      expect(corsa.headers.get('access-control-allow-credentials')).toBe('true')
    }
  })

  it('answers the preflight before the middleware after it, with 204 and no body', async () => {
    const [h3, corsa] = await both({ origin: [APP] }, { origin: [APP] }, preflight(APP, 'DELETE'))
    expect([h3.status, corsa.status]).toEqual([204, 204])
    expect(await corsa.text()).toBe('')
  })

  it('methods: a list becomes allowMethods with the same methods on the preflight', async () => {
    const [h3, corsa] = await both({ origin: [APP], methods: ['GET', 'PUT'] }, { origin: [APP], allowMethods: ['GET', 'PUT'] }, preflight(APP, 'PUT'))
    expect(list(corsa, 'access-control-allow-methods')).toEqual(list(h3, 'access-control-allow-methods'))
  })

  it("methods: '*' with credentials becomes allowMethods: '*', which sends the requested method back", async () => {
    const [h3, corsa] = await both(
      { origin: [APP], credentials: true, methods: '*' },
      { origin: [APP], credentials: true, allowMethods: '*' },
      preflight(APP, 'QUERY'),
    )
    expect(h3.headers.get('access-control-allow-methods')).toBe('QUERY')
    expect(corsa.headers.get('access-control-allow-methods')).toBe('QUERY')
  })

  it("allowHeaders: '*' lets a preflight ask for any header, Authorization included", async () => {
    for (const credentials of [false, true]) {
      const init = preflight(APP, 'PUT', 'x-custom,authorization')
      const [h3, corsa] = await both({ origin: [APP], credentials, allowHeaders: '*' }, { origin: [APP], credentials, allowHeaders: '*' }, init)
      for (const name of ['x-custom', 'authorization']) {
        expect(allowsHeader(h3, name, credentials)).toBe(true)
        expect(allowsHeader(corsa, name, credentials)).toBe(true)
      }
    }
  })

  it('allowHeaders: a list allows the same headers (corsa adds the five browsers may ask for by value)', async () => {
    const [h3, corsa] = await both(
      { origin: [APP], allowHeaders: ['X-Custom'] },
      { origin: [APP], allowHeaders: ['X-Custom'] },
      preflight(APP, 'PUT', 'x-custom'),
    )
    expect(list(corsa, 'access-control-allow-headers')).toEqual(expect.arrayContaining(list(h3, 'access-control-allow-headers')))
  })

  it('exposeHeaders: a list exposes the same headers', async () => {
    const [h3, corsa] = await both({ origin: [APP], exposeHeaders: ['X-Request-Id'] }, { origin: [APP], exposeHeaders: ['X-Request-Id'] }, get(APP))
    expect(list(corsa, 'access-control-expose-headers')).toEqual(list(h3, 'access-control-expose-headers'))
  })

  it("exposeHeaders: '*' exposes every header to a request without credentials", async () => {
    const [h3, corsa] = await both({ origin: '*', exposeHeaders: '*' }, { origin: '*', exposeHeaders: '*' }, get(APP))
    expect(h3.headers.get('access-control-expose-headers')).toBe('*')
    expect(corsa.headers.get('access-control-expose-headers')).toBe('*')
  })

  it("maxAge: '600' becomes maxAge: 600, the same Access-Control-Max-Age", async () => {
    const [h3, corsa] = await both({ origin: [APP], maxAge: '600' }, { origin: [APP], maxAge: 600 }, preflight(APP, 'PUT'))
    expect(corsa.headers.get('access-control-max-age')).toBe(h3.headers.get('access-control-max-age'))
  })

  it('preflight: { statusCode: 200 } becomes preflightStatus: 200, the same status', async () => {
    const [h3, corsa] = await both({ origin: [APP], preflight: { statusCode: 200 } }, { origin: [APP], preflightStatus: 200 }, preflight(APP, 'PUT'))
    expect([h3.status, corsa.status]).toEqual([200, 200])
  })

  it("handleCors's defaults (any method, every header exposed) are allowMethods: '*' and exposeHeaders: '*'", async () => {
    const wide: H3CorsOptions = { allowMethods: '*', exposeHeaders: '*' }
    const [h3Pre, corsaPre] = await both({}, wide, preflight(APP, 'QUERY'))
    expect(list(corsaPre, 'access-control-allow-methods')).toEqual(list(h3Pre, 'access-control-allow-methods'))
    const [h3Get, corsaGet] = await both({}, wide, get(APP))
    expect(corsaGet.headers.get('access-control-expose-headers')).toBe(h3Get.headers.get('access-control-expose-headers'))
  })

  it('appendCorsHeaders in a route gives the same headers as the cors() middleware', async () => {
    const options = { origin: [APP], credentials: true, exposeHeaders: ['X-Request-Id'] }
    const h3 = new H3().get('/x', (event) => {
      appendCorsHeaders(event, options)
      return 'ok'
    })
    const [a, b] = await Promise.all([h3.request('/x', get(APP)), ours(options).request('/x', get(APP))])
    for (const name of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers'])
      expect(b.headers.get(name)).toBe(a.headers.get(name))
  })
})

describe("from h3's handleCors: what corsa refuses, with a CorsConfigError that says why", () => {
  const refuses = (options: object) => {
    try {
      cors(options as never)
    } catch (error) {
      expect(error).toBeInstanceOf(CorsConfigError)
      return (error as Error).message
    }
    throw new Error('cors() accepted the options')
  }

  it("methods, handleCors's name, says to write allowMethods", () => {
    expect(refuses({ methods: ['GET'] })).toMatch(/methods is handleCors's name: write allowMethods/)
  })

  it("preflight: { statusCode }, handleCors's name, says to write preflightStatus", () => {
    expect(refuses({ preflight: { statusCode: 200 } })).toMatch(/write preflightStatus: 200/)
  })

  it("maxAge: false, handleCors's 'no Max-Age', says to leave maxAge out", () => {
    expect(refuses({ maxAge: false })).toMatch(/leave maxAge out/)
  })

  it('maxAge as a string says to write the number of seconds', () => {
    expect(refuses({ maxAge: '600' })).toMatch(/write maxAge: 600/)
  })

  it("origin: '*' with credentials, which handleCors only warns about, says to list the origins", () => {
    expect(refuses({ origin: '*', credentials: true })).toMatch(/origin '\*' cannot go with credentials .*: write origin: \[/)
  })

  it('an unanchored RegExp origin, which handleCors matches anywhere in the origin, says to anchor it', () => {
    expect(refuses({ origin: [/example\.com/] })).toMatch(/not anchored, so it matches lookalike origins/)
  })

  it('reports every handleCors spelling of one configuration at once', () => {
    expect(refuses({ methods: '*', preflight: { statusCode: 204 }, maxAge: false })).toMatch(/3 problems/)
  })
})
