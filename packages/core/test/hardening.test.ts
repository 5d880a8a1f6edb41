/**
 * Issue 10, "every promise of trust holds under attack": one test per reproduced break, each
 * named after the behaviour that failed before.
 */
import { createRequire } from 'node:module'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { cors, CorsConfigError, explain, withCors } from '../src/index.js'
import { API, corsHeaders, preflight, request } from './helpers.js'

const APP = 'https://app.example.com'

/** The CorsConfigError that `options` raise, or `undefined` when they are valid. */
function configError(options: unknown): CorsConfigError | undefined {
  try {
    cors(options as never)
  } catch (error) {
    if (error instanceof CorsConfigError) return error
    throw error
  }
  return undefined
}

describe('an unknown option name is a CorsConfigError that names the right one', () => {
  const slips: [string, string][] = [
    ['origins', 'origin'],
    ['allowedOrigins', 'origin'],
    ['allowOrigin', 'origin'],
    ['credential', 'credentials'],
    ['allowMethod', 'allowMethods'],
    ['maxage', 'maxAge'],
    ['methods', 'allowMethods'],
    ['allowedHeaders', 'allowHeaders'],
    ['exposedHeaders', 'exposeHeaders'],
    ['optionsSuccessStatus', 'preflightStatus'],
    ['allowheaders', 'allowHeaders'],
    ['max_age', 'maxAge'],
  ]
  for (const [written, meant] of slips) {
    test(`${written} leaves nothing public: write ${meant}`, () => {
      const error = configError({ [written]: written === 'maxage' || written === 'max_age' ? 600 : ['https://app.example.com'] })
      expect(error?.reason).toBe('unknown-option')
      expect(error?.option).toBe(written)
      expect(error?.instead).toBe(meant)
      expect(error?.message).toContain(`write ${meant}`)
    })
  }

  test('preflightContinue says why corsa has no such option', () => {
    expect(configError({ preflightContinue: true })?.message).toContain('preflights never reach the app')
  })

  test('a name with no close match lists the options', () => {
    expect(configError({ banana: 1 })?.message).toContain('the options are origin, allowMethods')
  })

  test('withCors takes onError, and cors() does not', () => {
    expect(() => withCors(() => new Response(), { onError: () => new Response() })).not.toThrow()
    expect(configError({ onError: () => new Response() })?.reason).toBe('unknown-option')
  })

  test('onError that is not a function is a CorsConfigError', () => {
    expect(() => withCors(() => new Response(), { onError: 'log' as never })).toThrow(CorsConfigError)
  })
})

describe('a wrong type is a CorsConfigError, never a coercion', () => {
  const wrong: [string, unknown][] = [
    ["credentials: 'false'", { origin: APP, credentials: 'false' }],
    ['credentials: 1', { origin: APP, credentials: 1 }],
    ['origin: null', { origin: null }],
    ['origin: undefined written explicitly', { origin: undefined }],
    ['origin: []', { origin: [] }],
    ['origin: true', { origin: true }],
    ["maxAge: '600'", { maxAge: '600' }],
    ['origin: 42', { origin: 42 }],
    ['origin: [42]', { origin: [42] }],
    ["allowMethods: 'GET,POST'", { allowMethods: 'GET,POST' }],
    ['allowHeaders: [42]', { allowHeaders: [42] }],
    ["exposeHeaders: 'x-id'", { exposeHeaders: 'x-id' }],
    ["preflightStatus: '204'", { preflightStatus: '204' }],
  ]
  for (const [name, options] of wrong) {
    test(`${name} is invalid`, () => {
      expect(configError(options)?.reason).toBe('invalid')
    })
  }

  test("credentials: 'false' suggests credentials: false", () => {
    expect(configError({ origin: APP, credentials: 'false' })?.message).toContain('write credentials: false')
  })

  test("allowMethods: 'GET,POST' is invalid, not forbidden, and suggests the list", () => {
    const error = configError({ allowMethods: 'GET,POST' })
    expect(error?.message).toContain("write allowMethods: ['GET', 'POST']")
    expect(error?.message).not.toContain('forbid')
  })

  test('allowHeaders: [42] is invalid, not forbidden by browsers', () => {
    const error = configError({ allowHeaders: [42] })
    expect(error?.reason).toBe('invalid')
    expect(error?.message).not.toContain('forbid')
  })

  const notObjects: [string, unknown, string][] = [
    ['a string', 'https://app.example.com', `cors({ origin: "https://app.example.com" })`],
    ['a list', ['https://app.example.com'], 'cors({ origin: [...] })'],
    ['null', null, 'cors() for a public API'],
    ['a number', 42, 'cors() for a public API'],
  ]
  for (const [name, options, spelling] of notObjects) {
    test(`options that are ${name} throw CorsConfigError with the spelling to use`, () => {
      const error = configError(options)
      expect(error?.option).toBe('options')
      expect(error?.message).toContain(spelling)
    })
  }
})

describe('a wildcard over any rule of the Public Suffix List is refused', () => {
  const suffixes = [
    'herokuapp.com',
    'netlify.app',
    'pages.dev',
    's3.amazonaws.com',
    'blogspot.com',
    'me.uk',
    'ne.jp',
    'com',
    'co.uk',
    'github.io',
    'vercel.app',
  ]
  for (const suffix of suffixes) {
    test(`https://*.${suffix} is insecure`, () => {
      const error = configError({ origin: `https://*.${suffix}` })
      expect(error?.reason).toBe('insecure')
      expect(error?.message).toContain(`covers the public suffix ${suffix}`)
    })
  }

  test('a wildcard rule of the list covers every name under it (*.ck: anything.ck is a suffix)', () => {
    expect(configError({ origin: 'https://*.anything.ck' })?.reason).toBe('insecure')
  })

  test('an exception rule of the list is registrable (!www.ck)', () => {
    expect(configError({ origin: 'https://*.www.ck' })).toBeUndefined()
  })

  test('a wildcard under a registrable domain of a public suffix still works', () => {
    const policy = cors({ origin: 'https://*.myapp.herokuapp.com' })
    expect((policy(request('https://pr-1.myapp.herokuapp.com')) as Headers).get('access-control-allow-origin')).toBe(
      'https://pr-1.myapp.herokuapp.com',
    )
    expect((policy(request('https://evil.herokuapp.com')) as Headers).get('access-control-allow-origin')).toBeNull()
  })

  test('an IDN suffix of the list is matched in its punycode form (*.公司.cn)', () => {
    expect(configError({ origin: 'https://*.公司.cn' })?.reason).toBe('insecure')
  })

  test('@corsa/core/lite refuses wildcard patterns instead of leaving them unchecked', async () => {
    // The built entry: in this process the source modules are shared with the full entry, which registers the list.
    const { cors: liteCors } = (await import('../dist/lite.js' as string)) as typeof import('../src/lite.js')
    expect(() => liteCors({ origin: 'https://*.example.com' })).toThrow("import from '@corsa/core'")
    expect(() => liteCors({ origin: ['https://app.example.com', /^https:\/\/[a-z]+\.example\.com$/] })).not.toThrow()
  })
})

describe('every "write X instead" suggestion is itself a valid configuration', () => {
  const cases: [string, string | undefined][] = [
    ['https:/app.example.com', 'https://app.example.com'],
    ['https//app.example.com', 'https://app.example.com'],
    ['NULL', 'null'],
    [' https://app.example.com', 'https://app.example.com'],
    ['chrome-extension://abc/def', 'chrome-extension://abc'],
    ['file://', undefined],
    ['app.example.com', 'https://app.example.com'],
    ['localhost:3000', 'http://localhost:3000'],
    ['https://app.example.com/', 'https://app.example.com'],
    ['https://*.herokuapp.com', 'https://your-app.herokuapp.com'],
  ]
  for (const [written, instead] of cases) {
    test(`${JSON.stringify(written)} suggests ${instead === undefined ? 'no spelling' : JSON.stringify(instead)}`, () => {
      const error = configError({ origin: written })
      expect(error).toBeInstanceOf(CorsConfigError)
      expect(error?.instead).toBe(instead)
      if (instead !== undefined) expect(configError({ origin: instead })).toBeUndefined()
    })
  }

  test('for any string, a suggested origin is accepted as written', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom('https:/a.b', 'HTTP://A.B:80/', 'x//y', '*.a.b', 'ws:a')), (written) => {
        const instead = configError({ origin: written })?.problems.find((p) => p.option === 'origin')?.instead
        if (instead !== undefined) expect(configError({ origin: instead })).toBeUndefined()
      }),
      { numRuns: 2000 },
    )
  })
})

describe('every problem of a configuration is reported at once', () => {
  test('three mistakes, one error listing three problems', () => {
    const error = configError({ origins: [APP], credentials: 'yes', maxAge: -1 })
    expect(error?.problems.map((p) => p.option)).toEqual(['origins', 'credentials', 'maxAge'])
    expect(error?.message).toContain('3 problems')
  })

  test('the error carries option, reason and instead as fields', () => {
    const error = configError({ origin: 'https://app.example.com/' })
    expect(error).toMatchObject({ option: 'origin', reason: 'invalid', instead: 'https://app.example.com' })
  })
})

describe('CorsConfigError is one class across builds', () => {
  test('an error thrown by the CommonJS build is an instance of the ESM class, and the reverse', () => {
    const require = createRequire(import.meta.url)
    const cjsIndex = require('../dist/index.cjs') as typeof import('../src/index.js')
    const cjsEngine = require('../dist/engine.cjs') as typeof import('../src/engine/index.js')
    let thrown: unknown
    try {
      cjsEngine.compileCors({ origins: [] })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(CorsConfigError)
    expect(thrown).toBeInstanceOf(cjsIndex.CorsConfigError)
    expect(configError({ origins: [] })).toBeInstanceOf(cjsEngine.CorsConfigError)
  })
})

describe('requests never lose the response', () => {
  const policy = { origin: APP }

  test('a passthrough status outside 200–599 (999) passes through as the handler returned it', async () => {
    const odd = new Response('x', { status: 200 })
    Object.defineProperty(odd, 'status', { value: 999 })
    const frozen = Object.freeze(Object.create(odd, { headers: { value: new Response(null, { headers: { a: '1' } }).headers } }))
    // Headers that throw on set, as a fetch() result's do.
    const immutable = Response.redirect('https://x.test/', 302)
    const weird = new Proxy(immutable, { get: (target, key) => (key === 'status' ? 999 : Reflect.get(target, key, target)) })
    const handler = withCors(() => weird, policy)
    await expect(Promise.resolve(handler(request(APP)))).resolves.toBe(weird)
    expect(frozen).toBeDefined()
  })

  test('a passthrough whose status text is not Latin-1 passes through, never an error', async () => {
    const immutable = Response.redirect('https://x.test/', 302)
    const weird = new Proxy(immutable, { get: (target, key) => (key === 'statusText' ? 'Ø²€' : Reflect.get(target, key, target)) })
    const result = await withCors(() => weird, policy)(request(APP))
    expect(result).toBe(weird)
  })

  test('a fetch() result whose body was already read never makes withCors reject', async () => {
    const immutable = Response.redirect('https://x.test/', 302)
    const used = new Proxy(immutable, {
      get: (target, key) =>
        key === 'body'
          ? new ReadableStream({ start: (c) => c.close() }).getReader() &&
            (() => {
              const s = new ReadableStream()
              s.getReader()
              return s
            })()
          : Reflect.get(target, key, target),
    })
    await expect(Promise.resolve(withCors(() => used, policy)(request(APP)))).resolves.toBe(used)
  })

  test('a non-Response object with a headers field passes through untouched', () => {
    const value = { headers: { 'content-type': 'text/plain' }, status: 200 }
    expect(withCors(() => value as never, policy)(request(APP))).toBe(value)
  })

  test('a thenable result is awaited and decorated like a Promise', async () => {
    const thenable = { then: (resolve: (r: Response) => void) => resolve(new Response('ok')) }
    const result = (await withCors(() => thenable as never, policy)(request(APP))) as Response
    expect(result).toBeInstanceOf(Response)
    expect(corsHeaders(result)['access-control-allow-origin']).toBe(APP)
  })

  test('stray Access-Control-* headers the handler set are removed on allowed and refused responses', () => {
    const handler = withCors(
      () => new Response('x', { headers: { 'access-control-allow-private-network': 'true', 'access-control-request-method': 'PUT' } }),
      policy,
    )
    for (const origin of [APP, 'https://evil.test']) {
      const headers = corsHeaders(handler(request(origin)) as Response)
      expect(headers['access-control-allow-private-network']).toBeUndefined()
      expect(headers['access-control-request-method']).toBeUndefined()
    }
  })

  test('a 204 preflight answer carries no Content-Length', () => {
    const answer = cors(policy)(preflight(APP)) as Response
    expect(answer.status).toBe(204)
    expect(answer.headers.get('content-length')).toBeNull()
  })
})

describe('the worst requests cost microseconds', () => {
  /** The median time of `run`, in milliseconds, over a few rounds (a loose bound, to catch quadratic work, not to time). */
  function medianMs(run: () => unknown): number {
    const times: number[] = []
    for (let i = 0; i < 21; i++) {
      const start = performance.now()
      run()
      times.push(performance.now() - start)
    }
    return times.sort((a, b) => a - b)[10]!
  }

  test('the longest Access-Control-Request-Headers under the cap (thousands of names) is refused without reading them all', () => {
    const policy = cors({ origin: APP, allowHeaders: ['x-a'] })
    const many = Array.from({ length: 1300 }, (_, i) => `x${i}`)
      .join(',')
      .slice(0, 4096)
    const answer = policy(preflight(APP, 'PUT', many)) as Response
    expect(answer.headers.get('access-control-max-age')).toBeNull()
    expect(medianMs(() => policy(preflight(APP, 'PUT', many)))).toBeLessThan(0.5)
  })

  test('explain() is as cheap on a 1 MB Access-Control-Request-Method as the request path', () => {
    const policy = cors({ origin: APP })
    const huge = preflight(APP, 'X'.repeat(1024 * 1024))
    expect(explain(policy, huge).reason).toBe('method-not-allowed')
    expect(medianMs(() => explain(policy, huge))).toBeLessThan(0.5)
  })
})

describe('configuration fuzz: never a widened policy, always a CorsConfigError or a working policy', () => {
  const anyValue = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant('*'),
    fc.array(fc.oneof(fc.string(), fc.constant('*'), fc.constant('https://app.example.com'), fc.integer()), { maxLength: 3 }),
    fc.constantFrom('https://app.example.com', 'https://*.example.com', 'GET', 600, 'false', [], {}),
  )
  const names = fc.constantFrom(
    'origin',
    'origins',
    'credentials',
    'credential',
    'allowMethods',
    'methods',
    'allowHeaders',
    'exposeHeaders',
    'maxAge',
    'maxage',
    'preflightStatus',
    'allowedOrigins',
    'x',
  )

  test('random option objects throw CorsConfigError or give a policy that allows no more than they say', () => {
    fc.assert(
      fc.property(fc.dictionary(names, anyValue, { maxKeys: 4 }), (options) => {
        let policy: ReturnType<typeof cors>
        try {
          policy = cors(options as never)
        } catch (error) {
          expect(error).toBeInstanceOf(CorsConfigError)
          return
        }
        const keys = Object.keys(options)
        // Accepted: only known names, and credentials exactly true or false or absent.
        for (const key of keys)
          expect(['origin', 'credentials', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'maxAge', 'preflightStatus']).toContain(key)
        if (options.credentials !== undefined) expect(typeof options.credentials).toBe('boolean')
        const evil = (policy(request('https://evil.test')) as Headers).get('access-control-allow-origin')
        // Any origin is allowed only when origin is left out or written as '*'.
        if (evil !== null) expect(!('origin' in options) || options.origin === '*').toBe(true)
      }),
      { numRuns: 3000 },
    )
  })
})

test('the request helpers build requests to the API under test', () => {
  expect(request(APP).url).toBe(API)
})
