/** The examples in examples/ (and in docs/lambda.md), behind their triggers over HTTP (test/support/gateway.ts). */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { from, preflight, type Running, send } from '@corsa/testkit/node-http'
import { handler } from '../examples/handler.js'
import { handler as middyHandler } from '../examples/middy.js'
import { type AnyHandler, serveLambda } from './support/gateway.js'

const APP = 'https://app.example.com'

describe('docs/lambda.md', () => {
  const docs = readFileSync(new URL('../../../docs/lambda.md', import.meta.url), 'utf8')
  for (const file of ['handler.ts', 'middy.ts']) {
    it(`shows examples/${file} verbatim`, () => {
      expect(docs).toContain(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'))
    })
  }
})

describe('examples/handler.ts behind an HTTP API', () => {
  let s: Running
  beforeAll(async () => void (s = await serveLambda('http-api', handler as AnyHandler)))
  afterAll(() => s.close())

  it('answers the preflight for a subdomain without calling the handler', async () => {
    const r = await send(s.url, '/me', preflight('https://shop.example.com', 'PUT', 'content-type'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(r.header('access-control-max-age')).toBe('600')
  })

  it('lets the browser read the 401, the JSON with X-Request-Id exposed, the cookie, and onError’s 500', async () => {
    expect((await send(s.url, '/me', from(APP))).header('access-control-allow-origin')).toBe(APP)
    const r = await send(s.url, '/me', { headers: { Origin: APP, Cookie: 'session=1' } })
    expect(JSON.parse(r.body)).toEqual({ name: 'Ada' })
    expect(r.header('access-control-expose-headers')).toBe('X-Request-Id')
    expect(r.lines.get('set-cookie')).toEqual(['seen=1; Path=/; Secure; SameSite=None'])
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const failed = await send(s.url, '/fail', { headers: { Origin: APP, Cookie: 'session=1' } })
    warn.mockRestore()
    expect([failed.status, failed.body, failed.header('access-control-allow-credentials')]).toEqual([500, 'sorry', 'true'])
  })
})

describe('examples/middy.ts behind a REST API', () => {
  let s: Running
  beforeAll(async () => void (s = await serveLambda('rest', middyHandler as AnyHandler)))
  afterAll(() => s.close())

  it('answers the DELETE preflight and decorates the GET', async () => {
    const p = await send(s.url, '/orders/1', preflight(APP, 'DELETE'))
    expect([p.status, p.header('access-control-allow-methods')]).toEqual([204, 'GET, DELETE'])
    const r = await send(s.url, '/orders/1', from(APP))
    expect([r.status, r.header('access-control-allow-origin'), r.header('vary')]).toEqual([200, APP, 'Origin'])
  })
})
