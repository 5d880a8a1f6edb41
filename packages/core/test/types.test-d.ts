import { describe, expectTypeOf, test } from 'vitest'
import { cors, explain, withCors, type CorsDecision, type CorsOptions } from '../src/index.js'

describe('the typed ban on a wildcard with credentials', () => {
  test("origin '*' with credentials: true is a type error", () => {
    // @ts-expect-error browsers refuse '*' on credentialed requests
    cors({ origin: '*', credentials: true })
  })

  test('credentials: true with no origin (which means *) is a type error', () => {
    // @ts-expect-error the default origin is '*'
    cors({ credentials: true })
  })

  test('withCors has the same ban', () => {
    // @ts-expect-error browsers refuse '*' on credentialed requests
    withCors(() => new Response(), { origin: '*', credentials: true })
  })

  test('the error is one, at origin, and says what to write', () => {
    // @ts-expect-error origin '*' cannot go with credentials: true ... write origin: ['https://app.example.com']
    cors({ origin: '*', credentials: true, maxAge: 600 })
  })

  test('it also fires for options declared before the call (as const)', () => {
    const options = { origin: '*', credentials: true } as const
    // @ts-expect-error browsers refuse '*' on credentialed requests
    cors(options)
  })

  test('a variable typed CorsOptions is accepted (cors() checks it when it runs)', () => {
    const options: CorsOptions = { origin: ['https://app.example.com'], credentials: true }
    cors(options)
    withCors(() => new Response(), options)
  })

  test('an unknown option name is a type error', () => {
    // @ts-expect-error origins is not a corsa option
    cors({ origins: ['https://app.example.com'] })
  })

  test('a predicate written inline with credentials gets its parameters typed', () => {
    cors({
      origin: (origin, request) => {
        expectTypeOf(origin).toEqualTypeOf<string>()
        expectTypeOf(request).toEqualTypeOf<Request>()
        return origin.endsWith('.example.com')
      },
      credentials: true,
    })
  })

  test('listed origins, patterns, RegExps and predicates may use credentials', () => {
    cors({ origin: ['https://app.example.com', 'https://*.example.com'], credentials: true })
    cors({ origin: /^https:\/\/app\.example\.com$/, credentials: true })
    cors({ origin: (origin) => origin.endsWith('.example.com'), credentials: true })
    withCors(() => new Response(), { origin: 'https://app.example.com', credentials: true })
  })
})

describe('option types', () => {
  test('unknown option shapes are type errors', () => {
    // @ts-expect-error maxAge is a number of seconds
    cors({ maxAge: '600' })
    // @ts-expect-error allowMethods is a list or '*'
    cors({ allowMethods: 'GET' })
  })

  test('a predicate receives the origin as a string and the request', () => {
    cors({
      origin: (origin, request) => {
        expectTypeOf(origin).toEqualTypeOf<string>()
        expectTypeOf(request).toEqualTypeOf<Request>()
        return true
      },
    })
  })
})

describe('results', () => {
  test('a policy without an async predicate answers synchronously', () => {
    expectTypeOf(cors({ origin: 'https://a.example.com' })).returns.toEqualTypeOf<Response | Headers>()
    expectTypeOf(cors()).returns.toEqualTypeOf<Response | Headers>()
  })

  test('an async predicate makes the answer a Promise', () => {
    const policy = cors({ origin: async (origin: string) => origin === 'https://a.example.com' })
    expectTypeOf(policy).returns.toEqualTypeOf<Response | Headers | Promise<Response | Headers>>()
  })

  test('explain mirrors the policy', () => {
    expectTypeOf(explain(cors(), new Request('https://x.test'))).toEqualTypeOf<CorsDecision>()
  })

  test('withCors keeps the handler parameters', () => {
    const handler = withCors((request: Request, env: { KEY: string }) => new Response(env.KEY + request.url))
    expectTypeOf(handler).parameters.toEqualTypeOf<[Request, { KEY: string }]>()
    // @ts-expect-error env is required, as in the handler
    handler(new Request('https://x.test'))
  })
})
