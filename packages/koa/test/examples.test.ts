/** The examples in examples/ (and in docs/koa.md) served on 127.0.0.1. */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { from, preflight, type Running, send, serve } from '@corsa/testkit/node-http'
import { app } from '../examples/app.js'
import { app as withErrorHandler } from '../examples/error-handler.js'

const APP = 'https://app.example.com'

describe('docs/koa.md', () => {
  const docs = readFileSync(new URL('../../../docs/koa.md', import.meta.url), 'utf8')
  for (const file of ['app.ts', 'error-handler.ts']) {
    it(`shows examples/${file} verbatim`, () => {
      expect(docs).toContain(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'))
    })
  }
})

describe('examples/app.ts', () => {
  let s: Running
  beforeAll(async () => {
    app.silent = true
    s = await serve(app.callback())
  })
  afterAll(() => s.close())

  it('answers the preflight for a subdomain', async () => {
    const r = await send(s.url, '/api/me', preflight('https://shop.example.com', 'GET', 'x-requested-with'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(r.header('access-control-max-age')).toBe('600')
  })

  it('lets the browser read the 401 of ctx.throw, the JSON with X-Request-Id, the redirect and the 404', async () => {
    const denied = await send(s.url, '/api/me', from(APP))
    expect([denied.status, denied.header('access-control-allow-origin')]).toEqual([401, APP])
    const r = await send(s.url, '/api/me', { headers: { Origin: APP, Cookie: 'session=1' } })
    expect(JSON.parse(r.body)).toEqual({ name: 'Ada' })
    expect(r.header('access-control-expose-headers')).toBe('X-Request-Id')
    for (const [path, status] of [
      ['/api/old-me', 302],
      ['/nope', 404],
    ] as const) {
      const other = await send(s.url, path, from(APP))
      expect([other.status, other.header('access-control-allow-credentials')]).toEqual([status, 'true'])
    }
  })
})

describe('examples/error-handler.ts', () => {
  let s: Running
  beforeAll(async () => void (s = await serve(withErrorHandler.callback())))
  afterAll(() => s.close())

  it('the outer handler’s 500 keeps the CORS headers', async () => {
    const r = await send(s.url, '/boom', from(APP))
    expect(r.status).toBe(500)
    expect(JSON.parse(r.body)).toEqual({ error: 'something went wrong' })
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })
})
