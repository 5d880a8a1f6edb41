import { describe, expect, it } from 'vitest'
import { CorsConfigError, corsProxy, corsRoute, withCors } from '@corsa/next'

describe('configuration mistakes are CorsConfigError in @corsa/next too', () => {
  it('corsProxy refuses a misspelled allow-list (origins) at once', () => {
    expect(() => corsProxy({ origins: ['https://app.example.com'] } as never)).toThrow(CorsConfigError)
  })

  it("withCors and corsRoute refuse the cors package's names", () => {
    expect(() => withCors(() => new Response(), { methods: ['GET'] } as never)).toThrow('write allowMethods')
    expect(() => corsRoute({ GET: () => new Response() }, { exposedHeaders: ['x-id'] } as never)).toThrow('write exposeHeaders')
  })
})
