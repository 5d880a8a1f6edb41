import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { corsHeaders, preflight, readRest, send, sendFrom, startUpstream, type Upstream } from '@corsa/testkit/fetch'
import { APP, EVIL, PREFLIGHT_VARY, SUB } from '@corsa/testkit/fixtures'
import { type RunningServer, startServer } from '@corsa/testkit/process'
import { websocketEcho } from '@corsa/testkit/websocket'

const here = dirname(fileURLToPath(import.meta.url))
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin', 'bun.exe')

let server: RunningServer
let upstream: Upstream
let base: string
let routesOnly: string

beforeAll(async () => {
  upstream = await startUpstream()
  server = await startServer(bun, ['test/fixtures/app.ts'], { cwd: join(here, '..'), env: { UPSTREAM: upstream.url } })
  base = `http://127.0.0.1:${server.info.port}`
  routesOnly = `http://127.0.0.1:${server.info.routesOnly}`
})

afterAll(async () => {
  await server?.stop()
  await upstream?.close()
})

const get = (path: string, origin?: string, headers?: Record<string, string>) => sendFrom(base + path, origin, headers)

describe('preflights on every kind of Bun route', () => {
  test.each([
    ['a function route', '/items/7'],
    ['a per-method route without an OPTIONS handler', '/items'],
    ['a static Response route', '/static'],
    ['a per-method static Response route', '/static-get'],
    ['a Bun.file route', '/file'],
    ['a route set to false (falls through to fetch)', '/falls-through'],
    ['a path only fetch knows', '/nowhere'],
  ])('an allowed preflight on %s is answered with 204 and the full header block', async (_, path) => {
    const res = await preflight(base + path, APP, 'PUT', 'content-type, x-api-key')
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, HEAD, PUT, PATCH, POST, DELETE',
      'access-control-allow-headers': 'content-type, x-api-key',
      'access-control-max-age': '600',
      vary: PREFLIGHT_VARY,
    })
  })

  test('a preflight from a subdomain pattern echoes that origin byte for byte', async () => {
    const res = await preflight(`${base}/items`, SUB, 'POST')
    expect(res.headers.get('access-control-allow-origin')).toBe(SUB)
  })

  test('a preflight from an origin that is not allowed gets 204 with no Access-Control-* headers', async () => {
    const res = await preflight(`${base}/items`, EVIL, 'POST')
    expect(res.status).toBe(204)
    expect(corsHeaders(res)).toEqual({ vary: PREFLIGHT_VARY })
  })

  test('a preflight asking for a method that is not allowed gets the allowed list and no max-age', async () => {
    const res = await preflight(`${base}/items`, APP, 'PURGE')
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT, PATCH, POST, DELETE')
    expect(res.headers.get('access-control-max-age')).toBeNull()
  })

  test('a preflight never reaches a route that has its own OPTIONS handler', async () => {
    const res = await preflight(`${base}/own-options`, APP, 'GET')
    expect(res.status).toBe(204)
    expect(res.headers.get('x-own-options')).toBeNull()
  })

  test('corsRoutes alone answers the preflight of a per-method route', async () => {
    const res = await preflight(`${routesOnly}/only`, APP, 'POST')
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    const post = await send(`${routesOnly}/only`, { method: 'POST', headers: { origin: APP } })
    expect(post.status).toBe(201)
    expect(post.headers.get('access-control-allow-origin')).toBe(APP)
  })
})

describe("routes keep Bun's own behaviour", () => {
  test('a non-preflight OPTIONS reaches a route that has its own OPTIONS handler', async () => {
    const res = await send(`${base}/own-options`, { method: 'OPTIONS', headers: { origin: APP } })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-own-options')).toBe('yes')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('a non-preflight OPTIONS to a per-method route without OPTIONS falls through to fetch, as in Bun', async () => {
    const res = await send(`${base}/items`, { method: 'OPTIONS', headers: { origin: APP } })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ fetch: '/items', method: 'OPTIONS' })
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('a method a per-method route lacks still falls through to fetch', async () => {
    const res = await send(`${base}/items`, { method: 'DELETE', headers: { origin: APP } })
    expect(await res.json()).toEqual({ fetch: '/items', method: 'DELETE' })
  })

  test('a per-method POST handler gets the body and answers 201 with CORS headers', async () => {
    const res = await send(`${base}/items`, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'new' }),
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ created: { name: 'new' } })
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('a route handler still gets its params', async () => {
    const res = await get('/items/42', APP)
    expect(await res.json()).toEqual({ id: '42', method: 'GET' })
  })

  test('a static Response route answers every method, again and again, with a fresh body', async () => {
    for (const method of ['GET', 'GET', 'POST', 'DELETE']) {
      const res = await send(`${base}/static`, { method, headers: { origin: APP } })
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('static body')
      expect(res.headers.get('access-control-allow-origin')).toBe(APP)
      expect(res.headers.get('access-control-expose-headers')).toBe('x-request-id')
    }
  })

  test('a HEAD to a static Response route answers with no body', async () => {
    const res = await send(`${base}/static`, { method: 'HEAD', headers: { origin: APP } })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('a Bun.file route serves the file with CORS headers', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await get('/file', APP)
      expect(await res.text()).toBe('file body from disk\n')
      expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    }
  })

  test('fetch is called with this bound to the server', async () => {
    expect(await (await get('/this', APP)).text()).toBe('true')
  })
})

describe('actual requests', () => {
  test('an allowed origin gets exactly one Allow-Origin, credentials, expose headers and Vary: Origin', async () => {
    const res = await get('/items', APP)
    expect(res.status).toBe(200)
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
      vary: 'Origin',
    })
  })

  test('an origin that is not allowed gets the body and no Access-Control-* headers', async () => {
    const res = await get('/items', EVIL)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([{ id: 1 }])
    expect(corsHeaders(res)).toEqual({ vary: 'Origin' })
  })

  test('a request without Origin gets no Access-Control-* headers but Vary: Origin', async () => {
    const res = await get('/items')
    expect(corsHeaders(res)).toEqual({ vary: 'Origin' })
  })

  test('Access-Control-* headers the handler set are replaced, and its Vary is merged', async () => {
    const res = await get('/stale-cors', APP)
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
      vary: 'Accept, Origin',
    })
  })

  test.each([200, 201, 204, 301, 304, 400, 401, 404, 418, 500, 503])('a %i response is decorated', async (status) => {
    const res = await get(`/status/${status}`, APP)
    expect(res.status).toBe(status)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('vary')).toBe('Origin')
  })

  test('a 404 from fetch is decorated', async () => {
    const res = await get('/missing', APP)
    expect(res.status).toBe(404)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('Response.redirect() keeps its status and Location and gets CORS headers', async () => {
    const res = await get('/redirect', APP)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/\/items$/)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test.each([
    ['a thrown error', '/throw', 'sync boom'],
    ['a rejected promise', '/reject', 'async boom'],
  ])('%s goes to the error handler, whose response gets CORS headers', async (_, path, message) => {
    const res = await get(path, APP)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: message })
    expect(res.headers.get('x-from')).toBe('error-handler')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('vary')).toBe('Origin')
  })

  test('an error the error handler answers with nothing becomes a 500 with CORS headers', async () => {
    const res = await get('/unhandled', APP)
    expect(res.status).toBe(500)
    expect(res.headers.get('x-from')).toBeNull()
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('a streaming body arrives chunk by chunk, with the CORS headers first', async () => {
    const res = await get('/stream', APP)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    const reader = res.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('first chunk;')
    await get('/stream/release')
    expect(await readRest(reader)).toBe('second chunk')
  })

  // Bun's server always sends the standard reason phrase, so the upstream's status text is not checked here.
  test("a fetch() response passed through keeps the upstream's status, headers and body", async () => {
    const res = await get('/proxy', APP)
    expect(res.status).toBe(203)
    expect(res.headers.get('x-upstream')).toBe('yes')
    expect(await res.text()).toBe('upstream body for /upstream')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin')
  })

  test('cookies go both ways with credentials: the request cookie arrives, both Set-Cookie headers survive', async () => {
    const res = await get('/cookie', APP, { cookie: 'session=old' })
    expect(await res.text()).toBe('cookie seen: session=old')
    expect(res.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly; Secure; SameSite=None', 'theme=dark; Path=/; Secure; SameSite=None'])
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })
})

describe('websockets', () => {
  test('server.upgrade() in fetch followed by an undefined return connects and echoes', async () => {
    expect(await websocketEcho(`ws://127.0.0.1:${server.info.port}/ws`, 'hello')).toBe('echo: hello')
  })

  test('server.upgrade() in a route handler connects and echoes', async () => {
    expect(await websocketEcho(`ws://127.0.0.1:${server.info.port}/ws-route`, 'from route')).toBe('echo: from route')
  })
})
