import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { corsHeaders, preflight, readRest, send, sendFrom, startUpstream, type Upstream } from '@corsa/testkit/fetch'
import { APP, EVIL, PREFLIGHT_VARY, SUB } from '@corsa/testkit/fixtures'
import { websocketEcho } from '@corsa/testkit/websocket'
import { type RunningWorker, startWorker } from './workerd.js'

// src/worker.ts (export default { fetch: withCors(handler) }), bundled by esbuild, served by workerd.
let worker: RunningWorker
let upstream: Upstream

beforeAll(async () => {
  upstream = await startUpstream()
  worker = await startWorker('src/worker.ts', { UPSTREAM: upstream.url })
})

afterAll(async () => {
  await worker?.stop()
  await upstream?.close()
})

const get = (path: string, origin?: string, headers?: Record<string, string>) => sendFrom(worker.url + path, origin, headers)

describe('preflights in workerd', () => {
  test('an allowed preflight is answered with 204 and the full header block', async () => {
    const res = await preflight(`${worker.url}/items`, APP, 'PUT', 'content-type, x-api-key')
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

  test('a preflight from an origin that is not allowed gets 204 with no Access-Control-* headers', async () => {
    const res = await preflight(`${worker.url}/items`, EVIL, 'POST')
    expect(res.status).toBe(204)
    expect(corsHeaders(res)).toEqual({ vary: PREFLIGHT_VARY })
  })

  test('a preflight asking for a method that is not allowed gets the allowed list and no max-age', async () => {
    const res = await preflight(`${worker.url}/items`, APP, 'PURGE')
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT, PATCH, POST, DELETE')
    expect(res.headers.get('access-control-max-age')).toBeNull()
  })
})

describe('actual requests in workerd', () => {
  test('an allowed origin gets exactly one Allow-Origin, credentials, expose headers and Vary: Origin', async () => {
    expect(corsHeaders(await get('/items', SUB))).toEqual({
      'access-control-allow-origin': SUB,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
      vary: 'Origin',
    })
  })

  test('an origin that is not allowed gets the body and no Access-Control-* headers', async () => {
    const res = await get('/items', EVIL)
    expect(await res.json()).toEqual([{ id: 1 }])
    expect(corsHeaders(res)).toEqual({ vary: 'Origin' })
  })

  test('a POST gets its body and answers 201 with CORS headers', async () => {
    const res = await send(`${worker.url}/items`, { method: 'POST', headers: { origin: APP }, body: '{"name":"new"}' })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ created: { name: 'new' } })
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('env and ctx reach the handler', async () => {
    expect(await (await get('/context', APP)).json()).toEqual({ upstream: true })
  })

  test.each([200, 201, 204, 301, 304, 400, 401, 404, 418, 500, 503])('a %i response is decorated', async (status) => {
    const res = await get(`/status/${status}`, APP)
    expect(res.status).toBe(status)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('vary')).toBe('Origin')
  })

  test('Response.redirect() (immutable headers) keeps its status and Location and gets CORS headers', async () => {
    const res = await get('/redirect', APP)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${worker.url}/items`)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('a thrown error goes to onError, whose response gets CORS headers', async () => {
    const res = await get('/throw', APP)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: 'Error: boom' })
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('a streaming body arrives chunk by chunk, with the CORS headers first', async () => {
    const res = await get('/stream', APP)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    const reader = res.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first chunk;')
    await get('/stream/release')
    expect(await readRest(reader)).toBe('second chunk')
  })

  test("a fetch() response passed through (immutable headers) keeps the upstream's status, status text, headers and body", async () => {
    const res = await get('/proxy', APP)
    expect(res.status).toBe(203)
    expect(res.statusText).toBe('Upstream Says Hi')
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
  })

  test('a 101 with a WebSocketPair passes through: a websocket connects and echoes', async () => {
    expect(await websocketEcho(`${worker.url.replace('http', 'ws')}/ws`, 'hello')).toBe('echo: hello')
  })
})
