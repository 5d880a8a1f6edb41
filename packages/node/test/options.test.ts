/** Configuration: checked once when cors()/withCors() is called, with types that refuse the insecure mix. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { cors, CorsConfigError, withCors } from '@corsa/node'

describe('configuration', () => {
  it('a wrong option throws CorsConfigError when cors() is called, saying what to write', () => {
    expect(() => cors({ origin: 'https://app.example.com/' })).toThrow(/write "https:\/\/app\.example\.com"/)
    expect(() => cors({ maxAge: 1.5 })).toThrow(CorsConfigError)
    expect(() => cors({ preflightStatus: 404 })).toThrow(CorsConfigError)
    expect(() => withCors(() => {}, { allowMethods: ['CONNECT'] })).toThrow(CorsConfigError)
  })

  it("origin: '*' or no origin with credentials is a type error and a CorsConfigError", () => {
    // @ts-expect-error credentials need a list of origins
    expect(() => cors({ credentials: true })).toThrow(CorsConfigError)
    // @ts-expect-error credentials need a list of origins
    expect(() => withCors(() => {}, { origin: '*', credentials: true })).toThrow(CorsConfigError)
  })

  it('types: the origin predicate receives the IncomingMessage; withCors keeps the listener’s types', () => {
    cors({
      origin: (origin, req) => {
        expectTypeOf(origin).toEqualTypeOf<string>()
        expectTypeOf(req).toEqualTypeOf<IncomingMessage>()
        return true
      },
      credentials: true,
    })
    interface MyRequest extends IncomingMessage {
      user?: string
    }
    const listener = withCors((req: MyRequest, res: ServerResponse) => res.end(req.user))
    expectTypeOf(listener).parameter(0).toEqualTypeOf<MyRequest>()
  })
})
