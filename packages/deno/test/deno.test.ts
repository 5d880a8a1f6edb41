import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { corsHeaders, preflight, readRest, send, sendFrom, startUpstream, type Upstream } from '@corsa/testkit/fetch'
import { APP, EVIL, PREFLIGHT_VARY, SUB } from '@corsa/testkit/fixtures'
import { type RunningServer, startServer } from '@corsa/testkit/process'
import { websocketEcho } from '@corsa/testkit/websocket'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const deno = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno')

let server: RunningServer
let upstream: Upstream
let optionsForm: string
let handlerForm: string

beforeAll(async () => {
  upstream = await startUpstream()
  server = await startServer(
    deno,
    ['run', '--config', 'test/deno.run.json', '--allow-net=127.0.0.1', '--allow-env=UPSTREAM', 'test/fixtures/app.ts'],
    { cwd: root, env: { UPSTREAM: upstream.url } },
  )
  optionsForm = `http://127.0.0.1:${server.info.port}`
  handlerForm = `http://127.0.0.1:${server.info.handlerForm}`
})

afterAll(async () => {
  await server?.stop()
  await upstream?.close()
})

const get = (base: string, path: string, origin?: string, headers?: Record<string, string>) => sendFrom(base + path, origin, headers)

describe.each([
  ['corsServe({ handler, onError })', () => optionsForm],
  ['withCors(handler)', () => handlerForm],
])('Deno.serve with %s', (_, base) => {
  test('an allowed preflight is answered with 204 and the full header block, before the handler', async () => {
    const res = await preflight(`${base()}/items`, APP, 'PUT', 'content-type, x-api-key')
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect(res.headers.get('x-own-options')).toBeNull()
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, HEAD, PUT, PATCH, POST, DELETE',
      'access-control-allow-headers': 'content-type, x-api-key',
      'access-control-max-age': '600',
      vary: PREFLIGHT_VARY,
    })
  })

  test('a preflight from an origin that is not allowed gets 204 with no Access-Control-* headers', async () => {
    const res = await preflight(`${base()}/items`, EVIL, 'POST')
    expect(res.status).toBe(204)
    expect(corsHeaders(res)).toEqual({ vary: PREFLIGHT_VARY })
  })

  test('an allowed origin gets exactly one Allow-Origin, credentials, expose headers and Vary: Origin', async () => {
    const res = await get(base(), '/items', SUB)
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': SUB,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
      vary: 'Origin',
    })
  })

  test('info is forwarded to the handler', async () => {
    expect(await (await get(base(), '/info', APP)).json()).toEqual({ hostname: '127.0.0.1', transport: 'tcp' })
  })

  test('a websocket from Deno.upgradeWebSocket connects through the wrapper and echoes', async () => {
    expect(await websocketEcho(`${base().replace('http', 'ws')}/ws`, 'hello')).toBe('echo: hello')
  })
})

describe('preflights', () => {
  test('a preflight asking for a method that is not allowed gets the allowed list and no max-age', async () => {
    const res = await preflight(`${optionsForm}/items`, APP, 'PURGE')
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT, PATCH, POST, DELETE')
    expect(res.headers.get('access-control-max-age')).toBeNull()
  })

  test('an OPTIONS request that is not a preflight reaches the handler', async () => {
    const res = await send(`${optionsForm}/items`, { method: 'OPTIONS', headers: { origin: APP } })
    expect(res.headers.get('x-own-options')).toBe('yes')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })
})

describe('actual requests', () => {
  test('an origin that is not allowed gets the body and no Access-Control-* headers', async () => {
    const res = await get(optionsForm, '/items', EVIL)
    expect(await res.json()).toEqual([{ id: 1 }])
    expect(corsHeaders(res)).toEqual({ vary: 'Origin' })
  })

  test('a request without Origin gets no Access-Control-* headers but Vary: Origin', async () => {
    expect(corsHeaders(await get(optionsForm, '/items'))).toEqual({ vary: 'Origin' })
  })

  test('a POST gets its body and answers 201 with CORS headers', async () => {
    const res = await send(`${optionsForm}/items`, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json' },
      body: '{"name":"new"}',
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ created: { name: 'new' } })
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('Access-Control-* headers the handler set are replaced, and its Vary is merged', async () => {
    expect(corsHeaders(await get(optionsForm, '/stale-cors', APP))).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
      vary: 'Accept, Origin',
    })
  })

  test.each([200, 201, 204, 301, 304, 400, 401, 404, 418, 500, 503])('a %i response is decorated', async (status) => {
    const res = await get(optionsForm, `/status/${status}`, APP)
    expect(res.status).toBe(status)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('vary')).toBe('Origin')
  })

  test('Response.redirect() (immutable headers in Deno) keeps its status and Location and gets CORS headers', async () => {
    const res = await get(optionsForm, '/redirect', APP)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${optionsForm}/items`)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test.each([
    ['a thrown error', '/throw', 'sync boom'],
    ['a rejected promise', '/reject', 'async boom'],
  ])('%s goes to onError, whose response gets CORS headers', async (_, path, message) => {
    const res = await get(optionsForm, path, APP)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: message })
    expect(res.headers.get('x-from')).toBe('on-error')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('vary')).toBe('Origin')
  })

  test('without onError, a thrown error becomes a 500 with CORS headers', async () => {
    const res = await get(handlerForm, '/throw', APP)
    expect(res.status).toBe(500)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('a streaming body arrives chunk by chunk, with the CORS headers first', async () => {
    const res = await get(optionsForm, '/stream', APP)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    const reader = res.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first chunk;')
    await get(optionsForm, '/stream/release')
    expect(await readRest(reader)).toBe('second chunk')
  })

  // Deno's server always sends the standard reason phrase, so the upstream's status text is not checked here.
  test("a fetch() response passed through (immutable headers) keeps the upstream's status, headers and body", async () => {
    const res = await get(optionsForm, '/proxy', APP)
    expect(res.status).toBe(203)
    expect(res.headers.get('x-upstream')).toBe('yes')
    expect(await res.text()).toBe('upstream body for /upstream')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin')
  })

  test('cookies go both ways with credentials: the request cookie arrives, both Set-Cookie headers survive', async () => {
    const res = await get(optionsForm, '/cookie', APP, { cookie: 'session=old' })
    expect(await res.text()).toBe('cookie seen: session=old')
    expect(res.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly; Secure; SameSite=None', 'theme=dark; Path=/; Secure; SameSite=None'])
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })
})
