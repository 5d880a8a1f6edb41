/** The examples in examples/ (and in docs/fastify.md) served on 127.0.0.1. */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { from, preflight, send } from '@corsa/testkit/node-http'
import { app } from '../examples/app.js'
import { app as scoped } from '../examples/scoped.js'
import { listen } from './support/app.js'

const APP = 'https://app.example.com'

describe('docs/fastify.md', () => {
  const docs = readFileSync(new URL('../../../docs/fastify.md', import.meta.url), 'utf8')
  for (const file of ['app.ts', 'scoped.ts']) {
    it(`shows examples/${file} verbatim`, () => {
      expect(docs).toContain(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'))
    })
  }
})

describe('examples/app.ts', () => {
  let url: string
  beforeAll(async () => void (url = await listen(app)))
  afterAll(() => app.close())

  it('answers the preflight before the auth hook', async () => {
    const r = await send(url, '/api/me', preflight('https://shop.example.com', 'PUT', 'content-type'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(r.header('access-control-max-age')).toBe('600')
  })

  it('lets the browser read the 401, the JSON with X-Request-Id exposed, and a validation error', async () => {
    expect((await send(url, '/api/me', from(APP))).header('access-control-allow-origin')).toBe(APP)
    const r = await send(url, '/api/me', { headers: { Origin: APP, Cookie: 'session=1' } })
    expect(JSON.parse(r.body)).toEqual({ name: 'Ada' })
    expect(r.header('access-control-expose-headers')).toBe('X-Request-Id')
    const invalid = await send(url, '/api/me', {
      method: 'PUT',
      headers: { Origin: APP, Cookie: 'session=1', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(invalid.status).toBe(400)
    expect(invalid.header('access-control-allow-credentials')).toBe('true')
  })
})

describe('examples/scoped.ts', () => {
  let url: string
  beforeAll(async () => void (url = await listen(scoped)))
  afterAll(() => scoped.close())

  it('/api: the DELETE preflight (no OPTIONS route) gets the credentialed policy', async () => {
    const r = await send(url, '/api/orders/1', preflight(APP, 'DELETE'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-credentials')).toBe('true')
    expect((await send(url, '/api/orders/1', preflight('https://evil.test', 'DELETE'))).cors()).toEqual([])
  })

  it('/public answers any origin with *; /health gets nothing', async () => {
    expect((await send(url, '/public/status', from('https://a.test'))).header('access-control-allow-origin')).toBe('*')
    expect((await send(url, '/health', from(APP))).cors()).toEqual([])
  })
})
