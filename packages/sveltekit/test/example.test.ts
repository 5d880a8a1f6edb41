// docs/sveltekit.md's example (examples/hooks.server.ts), built into fixture-kit for /api/*.
import { readFileSync } from 'node:fs'
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, send, type Send } from '@corsa/testkit/node-http'
import { describe, expect, inject, it } from 'vitest'
import { cors, CorsConfigError } from '@corsa/sveltekit'

const get = (path: string, init?: Send) => send(inject('kitUrl'), path, init)
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')
const signedIn = { headers: { origin: APP, authorization: 'Bearer x' } }

describe('docs/sveltekit.md', () => {
  const docs = read('../../../docs/sveltekit.md')
  it('shows examples/hooks.server.ts and the routes it serves verbatim', () => {
    expect(docs).toContain(read('../examples/hooks.server.ts'))
    expect(docs).toContain(read('../fixture-kit/src/routes/api/me/+server.ts'))
    expect(docs).toContain(read('../fixture-kit/src/routes/api/old/+server.ts'))
  })
})

describe('examples/hooks.server.ts in a production build', () => {
  it('answers the preflight before the auth hook', async () => {
    const r = await get('/api/me', preflight(APP, 'GET', 'authorization'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-credentials')).toBe('true')
    expect(r.header('access-control-max-age')).toBe('600')
  })

  it("gives the auth hook's 401 the CORS headers", async () => {
    const r = await get('/api/me', from(APP))
    expect(r.status).toBe(401)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('exposes the X-Request-Id the endpoint set with setHeaders()', async () => {
    const r = await get('/api/me', signedIn)
    expect(JSON.parse(r.body)).toEqual({ name: 'Ada' })
    expect(r.header('x-request-id')).toBe('42')
    expect(r.header('access-control-expose-headers')).toBe('X-Request-Id')
  })

  it("gives the endpoint's redirect() the CORS headers", async () => {
    const r = await get('/api/old', signedIn)
    expect(r.status).toBe(307)
    expect(r.header('location')).toBe('/api/me')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })
})

describe('configuration mistakes', () => {
  it("origin: '*' with credentials is a CorsConfigError when the hooks file loads", () => {
    expect(() => cors({ origin: '*', credentials: true } as never)).toThrow(CorsConfigError)
  })
})
