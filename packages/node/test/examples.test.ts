/** The examples in examples/ (and in docs/node.md) served by real servers on 127.0.0.1. */
import type { Server } from 'node:http'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app as expressApp } from '../examples/express.js'
import { start } from '../examples/fetch-hono-node-server.js'
import { server as whatwgServer } from '../examples/fetch-whatwg.js'
import { server as httpServer } from '../examples/http.js'
import { app as perRouteApp } from '../examples/per-route.js'
import { listen, running, type Running, send, serve } from '@corsa/testkit/node-http'

const APP = 'https://app.example.com'
const preflight = (origin: string, method: string, headers?: string) => ({
  method: 'OPTIONS',
  headers: { Origin: origin, 'Access-Control-Request-Method': method, ...(headers ? { 'Access-Control-Request-Headers': headers } : {}) },
})

describe('docs/node.md', () => {
  const docs = readFileSync(new URL('../../../docs/node.md', import.meta.url), 'utf8')
  for (const file of ['express.ts', 'per-route.ts', 'http.ts', 'fetch-whatwg.ts', 'fetch-hono-node-server.ts']) {
    it(`shows examples/${file} verbatim`, () => {
      expect(docs).toContain(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'))
    })
  }
})

describe('examples/express.ts (express 5)', () => {
  let s: Running
  beforeAll(async () => void (s = await serve(expressApp)))
  afterAll(() => s.close())

  it('answers the preflight for a credentialed POST with its headers', async () => {
    const r = await send(s.url, '/api/me', preflight('https://shop.example.com', 'POST', 'content-type'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(r.header('access-control-allow-credentials')).toBe('true')
    expect(r.header('access-control-max-age')).toBe('600')
  })

  it('lets the browser read the 401 and the JSON with X-Request-Id exposed', async () => {
    const denied = await send(s.url, '/api/me', { headers: { Origin: APP } })
    expect(denied.status).toBe(401)
    expect(denied.header('access-control-allow-origin')).toBe(APP)
    const r = await send(s.url, '/api/me', { headers: { Origin: APP, Cookie: 'session=1' } })
    expect(JSON.parse(r.body)).toEqual({ name: 'Ada' })
    expect(r.header('access-control-expose-headers')).toBe('X-Request-Id')
    expect(r.header('x-request-id')).toBe('42')
  })

  it('decorates the 500 of a thrown error', async () => {
    const r = await send(s.url, '/api/broken', { headers: { Origin: APP } })
    expect(r.status).toBe(500)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })
})

describe('examples/per-route.ts (express 5)', () => {
  let s: Running
  beforeAll(async () => void (s = await serve(perRouteApp)))
  afterAll(() => s.close())

  it('/public answers any origin with *, preflight included', async () => {
    expect((await send(s.url, '/public/status', { headers: { Origin: 'https://a.test' } })).header('access-control-allow-origin')).toBe('*')
    const p = await send(s.url, '/public/status', preflight('https://a.test', 'PUT'))
    expect(p.status).toBe(204)
    expect(p.header('access-control-allow-origin')).toBe('*')
  })

  it('/api answers its own origin with credentials and refuses others', async () => {
    const p = await send(s.url, '/api/orders', preflight(APP, 'POST', 'content-type'))
    expect(p.header('access-control-allow-credentials')).toBe('true')
    const r = await send(s.url, '/api/orders', { method: 'POST', headers: { Origin: APP } })
    expect(r.status).toBe(201)
    expect(r.header('access-control-allow-origin')).toBe(APP)
    const other = await send(s.url, '/api/orders', { method: 'POST', headers: { Origin: 'https://a.test' } })
    expect(other.cors()).toEqual([])
  })
})

describe('examples/http.ts (plain node http)', () => {
  let s: Running
  beforeAll(async () => void (s = await listen(httpServer)))
  afterAll(() => s.close())

  it('allows an https subdomain of example.com through the predicate', async () => {
    const r = await send(s.url, '/hello', { headers: { Origin: 'https://x.example.com' } })
    expect(r.body).toBe('hello')
    expect(r.header('access-control-allow-origin')).toBe('https://x.example.com')
    expect(r.header('vary')).toBe('Origin')
  })

  it('refuses http://x.example.com', async () => {
    expect((await send(s.url, '/hello', { headers: { Origin: 'http://x.example.com' } })).cors()).toEqual([])
  })

  it('decorates the onError answer to a thrown error', async () => {
    const r = await send(s.url, '/fail', { headers: { Origin: 'https://x.example.com' } })
    expect(r.status).toBe(500)
    expect(r.body).toBe('sorry')
    expect(r.header('access-control-allow-origin')).toBe('https://x.example.com')
  })
})

describe('examples/fetch-whatwg.ts (@corsa/core withCors on @whatwg-node/server)', () => {
  let s: Running
  beforeAll(async () => void (s = await listen(whatwgServer)))
  afterAll(() => s.close())

  it('answers the preflight without the handler', async () => {
    const r = await send(s.url, '/hello', preflight(APP, 'DELETE'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-methods')).toBe('GET, HEAD, PUT, PATCH, POST, DELETE')
    expect(r.header('access-control-allow-credentials')).toBe('true')
  })

  it('decorates the JSON, a Response.redirect() and a 404', async () => {
    for (const [path, status] of [
      ['/hello', 200],
      ['/old', 301],
      ['/nope', 404],
    ] as const) {
      const r = await send(s.url, path, { headers: { Origin: APP } })
      expect(r.status).toBe(status)
      expect(r.lines.get('access-control-allow-origin')).toEqual([APP])
      expect(r.header('vary')).toBe('Origin')
    }
  })

  it('refuses another origin', async () => {
    expect((await send(s.url, '/hello', { headers: { Origin: 'https://a.test' } })).cors()).toEqual([])
  })
})

describe('examples/fetch-hono-node-server.ts (@corsa/core withCors on @hono/node-server)', () => {
  let s: Running
  beforeAll(async () => void (s = await running(start(0, '127.0.0.1') as Server)))
  afterAll(() => s.close())

  it('decorates the JSON and the 500 of a thrown error', async () => {
    const ok = await send(s.url, '/hello', { headers: { Origin: APP } })
    expect(ok.header('access-control-allow-origin')).toBe(APP)
    const failed = await send(s.url, '/fail', { headers: { Origin: APP } })
    expect(failed.status).toBe(500)
    expect(failed.header('access-control-allow-origin')).toBe(APP)
  })

  it('answers the preflight with an empty body', async () => {
    const r = await send(s.url, '/hello', preflight(APP, 'PUT', 'x-anything'))
    expect(r.status).toBe(204)
    expect(r.body).toBe('')
    expect(r.header('access-control-allow-headers')).toBe('*')
  })
})
