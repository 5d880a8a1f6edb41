import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { bundleEdgeFunction, type RunningEdgeFunction, startEdgeFunction } from './edge.js'
import { corsHeaders, preflight, readRest, send, sendFrom, startUpstream, type Upstream } from '@corsa/testkit/fetch'
import { APP, EVIL, PREFLIGHT_VARY, SUB } from '@corsa/testkit/fixtures'

let full: RunningEdgeFunction
let example: RunningEdgeFunction
let upstream: Upstream

beforeAll(async () => {
  upstream = await startUpstream()
  full = await startEdgeFunction('test/fixtures/full.ts')
  example = await startEdgeFunction('src/handler.ts')
})

afterAll(async () => {
  await full?.close()
  await example?.close()
  await upstream?.close()
})

const get = (path: string, origin?: string, headers?: Record<string, string>) => sendFrom(full.url + path, origin, headers)

describe('no Node API', () => {
  test('the handler bundles for a neutral platform, where any Node built-in fails the build', async () => {
    await expect(bundleEdgeFunction('src/handler.ts')).resolves.toContain('access-control-allow-origin')
  })

  test('a handler that imports a Node built-in fails that same build (the check can fail)', async () => {
    await expect(bundleEdgeFunction('test/fixtures/uses-node.ts')).rejects.toThrow(/node:buffer/)
  })

  test('inside the EdgeVM there is no process and no require', async () => {
    expect(await (await get('/node-globals')).json()).toEqual({ process: 'undefined', require: 'undefined' })
  })

  test("the module exports Vercel's edge config", () => {
    expect(example.config).toEqual({ runtime: 'edge' })
  })
})

describe('the docs example (src/handler.ts) in the EdgeVM', () => {
  test('answers a preflight', async () => {
    const res = await preflight(`${example.url}/api/hello`, APP, 'POST', 'content-type')
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
  })

  test('decorates its JSON, its redirect and its error', async () => {
    const hello = await send(`${example.url}/api/hello`, { headers: { origin: SUB } })
    expect(await hello.json()).toEqual({ hello: 'world' })
    expect(hello.headers.get('access-control-allow-origin')).toBe(SUB)
    const login = await send(`${example.url}/api/login`, { headers: { origin: APP } })
    expect(login.status).toBe(303)
    expect(login.headers.get('access-control-allow-origin')).toBe(APP)
    const fail = await send(`${example.url}/api/fail`, { headers: { origin: APP } })
    expect(fail.status).toBe(500)
    expect(fail.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test('docs/edge.md quotes it verbatim', async () => {
    const [doc, source] = await Promise.all([
      readFile(new URL('../../../docs/edge.md', import.meta.url), 'utf8'),
      readFile(new URL('../src/handler.ts', import.meta.url), 'utf8'),
    ])
    expect(doc).toContain('```ts\n' + source + '```')
  })
})

describe('preflights in the EdgeVM', () => {
  test('an allowed preflight is answered with 204 and the full header block', async () => {
    const res = await preflight(`${full.url}/items`, APP, 'PUT', 'content-type, x-api-key')
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
    const res = await preflight(`${full.url}/items`, EVIL, 'POST')
    expect(res.status).toBe(204)
    expect(corsHeaders(res)).toEqual({ vary: PREFLIGHT_VARY })
  })
})

describe('actual requests in the EdgeVM', () => {
  test('an allowed origin gets exactly one Allow-Origin, credentials, expose headers and Vary: Origin', async () => {
    expect(corsHeaders(await get('/items', APP))).toEqual({
      'access-control-allow-origin': APP,
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
    const res = await send(`${full.url}/items`, { method: 'POST', headers: { origin: APP }, body: '{"name":"new"}' })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ created: { name: 'new' } })
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test.each([200, 201, 204, 301, 304, 400, 401, 404, 418, 500, 503])('a %i response is decorated', async (status) => {
    const res = await get(`/status/${status}`, APP)
    expect(res.status).toBe(status)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('vary')).toBe('Origin')
  })

  test('Response.redirect() keeps its status and Location and gets CORS headers', async () => {
    const res = await get('/redirect', APP)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${full.url}/items`)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  test.each([
    ['a thrown error', '/throw', 'sync boom'],
    ['a rejected promise', '/reject', 'async boom'],
  ])('%s goes to onError, whose response gets CORS headers', async (_, path, message) => {
    const res = await get(path, APP)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: `Error: ${message}` })
    expect(res.headers.get('x-from')).toBe('on-error')
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

  test("a fetch() response passed through keeps the upstream's status, status text, headers and body", async () => {
    const res = await get(`/proxy?upstream=${encodeURIComponent(upstream.url)}`, APP)
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
})
