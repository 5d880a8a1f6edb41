import { describe, expect, it } from 'vitest'
import { cors, CorsConfigError } from '@corsa/hono'

describe('configuration mistakes are CorsConfigError in @corsa/hono too', () => {
  it('a misspelled allow-list (origins) is refused, naming origin', () => {
    expect(() => cors({ origins: ['https://app.example.com'] } as never)).toThrow('write origin')
  })

  it("the cors package's names (allowedHeaders) get the write-X-instead message", () => {
    expect(() => cors({ allowedHeaders: ['x-a'] } as never)).toThrow('write allowHeaders')
  })

  it('credentials: 1 is refused, not taken as true', () => {
    expect(() => cors({ origin: ['https://app.example.com'], credentials: 1 } as never)).toThrow(CorsConfigError)
  })
})
