import { describe, expect, test } from 'vitest'
import { cors, CorsConfigError, withCors } from '../src/index.js'

/** The message of the CorsConfigError that `options` raise, or `undefined`. */
function problem(options: unknown): string | undefined {
  try {
    cors(options as object)
  } catch (error) {
    if (error instanceof CorsConfigError) return error.message
    throw error
  }
}

describe('configuration mistakes throw CorsConfigError at cors() time, saying what to write (design 10)', () => {
  const cases: [string, unknown, string][] = [
    ["'*' with credentials", { origin: '*', credentials: true }, "write origin: ['https://app.example.com']"],
    ["'*' in a list with credentials", { origin: ['https://a.com', '*'], credentials: true }, "write origin: '*' alone"],
    ['credentials with no origin (which means *)', { credentials: true }, "'*' cannot go with credentials"],
    ['a trailing slash', { origin: 'https://app.example.com/' }, 'write "https://app.example.com"'],
    ['a path', { origin: ['https://app.example.com/api'] }, 'write "https://app.example.com"'],
    ['a query', { origin: 'https://app.example.com?x=1' }, 'write "https://app.example.com"'],
    ['a fragment', { origin: 'https://app.example.com#x' }, 'write "https://app.example.com"'],
    ['user info', { origin: 'https://user:pw@app.example.com' }, 'write "https://app.example.com"'],
    ['the default https port', { origin: 'https://app.example.com:443' }, 'write "https://app.example.com"'],
    ['the default http port', { origin: 'http://app.example.com:80' }, 'write "http://app.example.com"'],
    ['no scheme', { origin: 'app.example.com' }, 'write "https://app.example.com"'],
    ['an unparseable origin', { origin: 'https://exa mple.com' }, 'is not'],
    ['a port out of range', { origin: 'http://localhost:70000' }, 'is not'],
    ['a pattern over a public suffix', { origin: 'https://*.com' }, 'covers the public suffix com'],
    ['a pattern over a country-code suffix', { origin: 'https://*.co.uk' }, 'covers the public suffix co.uk'],
    ['a pattern over shared hosting', { origin: 'https://*.github.io' }, 'covers the public suffix github.io'],
    ['a pattern over an IP address', { origin: 'http://*.0.0.1' }, 'origin'],
    ['a wildcard out of place', { origin: 'https://app.*.com' }, 'is not a valid origin'],
    ['an empty list', { origin: [] }, 'origin'],
    ['a host that breaks DNS limits', { origin: `https://${'a'.repeat(64)}.com` }, 'origin'],
    ['an unanchored RegExp', { origin: /example\.com$/ }, 'is not anchored, so it matches lookalike origins: write /^(?:...)$/'],
    ['a RegExp anchored only at the start', { origin: /^https:\/\/example\.com/ }, 'is not anchored'],
    ['a forbidden method', { allowMethods: ['GET', 'TRACE'] }, 'allowMethods holds "TRACE", which browsers forbid: remove it'],
    ['CONNECT in any case', { allowMethods: ['connect'] }, 'remove it'],
    ['a method that is not a token', { allowMethods: ['GET POST'] }, 'allowMethods holds "GET POST"'],
    ["'*' inside the methods list", { allowMethods: ['*'] }, "write allowMethods: '*'"],
    ['a forbidden request header', { allowHeaders: ['Content-Type', 'Cookie'] }, 'allowHeaders holds "Cookie"'],
    ['a Sec- header', { allowHeaders: ['Sec-Fetch-Site'] }, 'remove it'],
    ['a Proxy- header', { allowHeaders: ['Proxy-Authorization'] }, 'remove it'],
    ['Origin as a request header', { allowHeaders: ['origin'] }, 'remove it'],
    ['Set-Cookie as an exposed header', { exposeHeaders: ['Set-Cookie'] }, 'exposeHeaders holds "Set-Cookie"'],
    ['a header name with a space', { exposeHeaders: ['X Id'] }, 'exposeHeaders holds "X Id"'],
    ['a negative maxAge', { maxAge: -1 }, 'maxAge must be a whole number from 0 to 86400, not -1: write maxAge: 600'],
    ['a maxAge above a day', { maxAge: 86401 }, 'maxAge must be a whole number from 0 to 86400'],
    ['a fractional maxAge', { maxAge: 1.5 }, 'maxAge must be a whole number'],
    ['a maxAge given as a string', { maxAge: '600' }, 'maxAge must be a whole number'],
    [
      'a 3xx preflightStatus',
      { preflightStatus: 301 },
      'preflightStatus must be a whole number from 200 to 299, not 301: write preflightStatus: 204',
    ],
    ['a 1xx preflightStatus', { preflightStatus: 100 }, 'preflightStatus'],
  ]
  for (const [name, options, expected] of cases) {
    test(`${name} is refused`, () => {
      expect(problem(options)).toContain(expected)
    })
  }

  test('the error names the option at fault', () => {
    try {
      cors({ maxAge: -5 })
    } catch (error) {
      expect((error as CorsConfigError).option).toBe('maxAge')
      expect((error as CorsConfigError).name).toBe('CorsConfigError')
    }
    expect.assertions(2)
  })

  test('withCors checks its configuration when it wraps, not per request', () => {
    expect(() => withCors(() => new Response(), { origin: 'https://a.com/' })).toThrow(CorsConfigError)
  })
})

describe('valid configurations are accepted', () => {
  const cases: [string, unknown][] = [
    ['no options', undefined],
    ["origin '*'", { origin: '*' }],
    ['a single origin', { origin: 'https://app.example.com' }],
    ['upper case in scheme and host', { origin: 'HTTPS://APP.EXAMPLE.COM' }],
    ['an explicit non-default port', { origin: 'https://app.example.com:8443' }],
    ['an IDN host', { origin: 'https://élève.example' }],
    ['an IPv6 host', { origin: 'http://[::1]:8080' }],
    ["'null' listed explicitly", { origin: ['null'] }],
    ['patterns', { origin: ['https://*.example.com', 'http://localhost:*', 'https://*.example.co.uk'] }],
    ['an anchored RegExp with a grouped alternation', { origin: /^https:\/\/(?:a|b)\.example\.com$/ }],
    ['a predicate', { origin: () => true, credentials: true }],
    ['custom methods', { allowMethods: ['PROPFIND', 'patch'] }],
    ["allowMethods '*'", { allowMethods: '*' }],
    ['Authorization in allowHeaders', { allowHeaders: ['Authorization'] }],
    ["exposeHeaders '*' with credentials", { origin: 'https://a.com', credentials: true, exposeHeaders: '*' }],
    ['maxAge 0 and 86400', { maxAge: 0, preflightStatus: 200 }],
    ['maxAge 86400 and status 299', { maxAge: 86400, preflightStatus: 299 }],
  ]
  for (const [name, options] of cases) {
    test(`${name} is accepted`, () => {
      expect(problem(options)).toBeUndefined()
    })
  }
})
