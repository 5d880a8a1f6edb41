// What is specific to Elysia, on the real bun binary: its hooks (onError returning a Response,
// status(), NotFoundError, set.headers, redirects, generators), the docs example, and what
// changes from @elysiajs/cors (served side by side).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, send } from '@corsa/testkit/node-http'
import { type RunningServer, startServer } from '@corsa/testkit/process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cors, CorsConfigError } from '@corsa/elysia'

const here = dirname(fileURLToPath(import.meta.url))
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin', 'bun.exe')
const EVIL = 'https://evil.test'

let server: RunningServer
let ports: Record<string, number>
beforeAll(async () => {
  server = await startServer(bun, ['test/support/server.ts'], { cwd: join(here, '..') })
  ports = server.info.ports as Record<string, number>
})
afterAll(() => server?.stop())
const on = (app: string) => (path: string, init?: Parameters<typeof send>[2]) => send(`http://127.0.0.1:${ports[app]}`, path, init)

describe('docs/elysia.md', () => {
  it('shows examples/app.ts verbatim (the app served below)', () => {
    const docs = readFileSync(new URL('../../../docs/elysia.md', import.meta.url), 'utf8')
    expect(docs).toContain(readFileSync(new URL('../examples/app.ts', import.meta.url), 'utf8'))
  })
})

describe('examples/app.ts on Bun', () => {
  const ex = (path: string, init?: Parameters<typeof send>[2]) => on('example')(path, init)

  it('answers the preflight in onRequest, before the auth in onBeforeHandle', async () => {
    const r = await ex('/api/me', preflight(APP, 'GET', 'authorization'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it("gives the auth's status(401) the CORS headers", async () => {
    const r = await ex('/api/me', from(APP))
    expect(r.status).toBe(401)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('exposes the X-Request-Id set with set.headers', async () => {
    const r = await ex('/api/me', { headers: { Origin: APP, Authorization: 'Bearer x' } })
    expect(JSON.parse(r.body)).toEqual({ name: 'Ada' })
    expect(r.header('x-request-id')).toBe('42')
    expect(r.header('access-control-expose-headers')).toBe('X-Request-Id')
  })

  it("gives a NotFoundError's answer from onError the CORS headers", async () => {
    const r = await ex('/api/items/2', { headers: { Origin: APP, Authorization: 'Bearer x' } })
    expect(r.status).toBe(404)
    expect(JSON.parse(r.body)).toEqual({ error: 'not found' })
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('gives a redirect() the CORS headers and its Location', async () => {
    const r = await ex('/api/old', { headers: { Origin: APP, Authorization: 'Bearer x' } })
    expect(r.status).toBe(302)
    expect(r.header('location')).toBe('/api/me')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })
})

describe("Elysia's hooks", () => {
  const get = (path: string, init?: Parameters<typeof send>[2]) => on('hooks')(path, init)

  it('an onError that returns its own Response keeps its status and headers and gets the CORS headers', async () => {
    const r = await get('/own-error', from(APP))
    expect(r.status).toBe(503)
    expect(r.header('x-handled')).toBe('yes')
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('vary')).toBe('Origin')
  })

  it('a routing miss answered by onError gets the CORS headers', async () => {
    const r = await get('/nowhere', from(APP))
    expect(r.status).toBe(404)
    expect(r.body).toBe('custom 404')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('status(418) keeps its status and gets the CORS headers', async () => {
    const r = await get('/status', from(APP))
    expect(r.status).toBe(418)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('a thrown NotFoundError keeps its 404 and gets the CORS headers', async () => {
    const r = await get('/not-found', from(APP))
    expect(r.status).toBe(404)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('set.status and set.headers are kept', async () => {
    const r = await get('/set-headers', from(APP))
    expect(r.status).toBe(201)
    expect(r.header('x-total')).toBe('3')
    expect(r.header('access-control-expose-headers')).toBe('X-Total')
  })

  it("a returned Response's own Access-Control-* headers are replaced by corsa's", async () => {
    const r = await get('/response-own-cors', from(APP))
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('access-control-max-age')).toBeUndefined()
  })

  it('Response.redirect() (immutable headers) keeps its 307 and Location and gets the CORS headers', async () => {
    const r = await get('/response-redirect', from(APP))
    expect(r.status).toBe(307)
    expect(r.header('location')).toBe('http://127.0.0.1/elsewhere')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('a generator (streamed) arrives whole with the CORS headers', async () => {
    const r = await get('/sse', from(APP))
    expect(r.body).toContain('one')
    expect(r.body).toContain('two')
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })
})

describe('from @elysiajs/cors, served side by side', () => {
  it('@elysiajs/cors sends Access-Control-Allow-Credentials to a refused origin; corsa sends no Access-Control-* header', async () => {
    expect((await on('elysiajs')('/thing', from(EVIL))).header('access-control-allow-credentials')).toBe('true')
    expect((await on('hooks')('/thing', from(EVIL))).cors()).toEqual([])
  })

  it('@elysiajs/cors answers every OPTIONS itself; corsa lets the app answer an OPTIONS that is not a preflight', async () => {
    expect((await on('elysiajs')('/thing', { method: 'OPTIONS', headers: { Origin: APP } })).body).toBe('')
    expect((await on('hooks')('/thing', { method: 'OPTIONS', headers: { Origin: APP } })).body).toBe('app options')
  })

  it("@elysiajs/cors lets a route's own Access-Control-Allow-Origin: * through with credentials; corsa replaces it", async () => {
    expect((await on('elysiajs')('/response-own-cors', from(APP))).header('access-control-allow-origin')).toBe('*')
    expect((await on('hooks')('/response-own-cors', from(APP))).header('access-control-allow-origin')).toBe(APP)
  })

  it("@elysiajs/cors's option names are a CorsConfigError that says corsa's", () => {
    expect(() => cors({ methods: ['GET'] } as never)).toThrow(/methods is @elysiajs\/cors's name: write allowMethods/)
    expect(() => cors({ allowedHeaders: ['X-A'] } as never)).toThrow(/write allowHeaders/)
    expect(() => cors({ preflight: false } as never)).toThrow(CorsConfigError)
  })

  it("@elysiajs/cors's default (reflect every origin, with credentials) has no silent equivalent: origin: true is a CorsConfigError", () => {
    expect(() => cors({ origin: true, credentials: true } as never)).toThrow(CorsConfigError)
  })

  it('an origin without a scheme (which @elysiajs/cors matches on any scheme) is a CorsConfigError', () => {
    expect(() => cors({ origin: 'app.example.com' })).toThrow(/no scheme/)
  })
})
