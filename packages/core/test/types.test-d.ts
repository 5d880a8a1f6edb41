import { describe, expectTypeOf, test } from 'vitest'
import { cors, explain, withCors, type CorsDecision } from '../src/index.js'

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
