import { describe, expect, it } from 'vitest'
/** Cross-origin protection (csrf) with @corsa/hono's cors() on a real @hono/node-server. */
import type { Server } from 'node:http'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { cors } from '@corsa/hono'
import { csrfPolicy, runCsrfProof } from '@corsa/testkit/csrf'
import { running } from '@corsa/testkit/node-http'

runCsrfProof('@corsa/hono cors() on @hono/node-server', async () => {
  let hits = 0
  const app = new Hono()
  app.get('/__hits', (c) => c.json({ hits }))
  app.use('*', cors(csrfPolicy()))
  app.all('*', (c) => {
    hits++
    return c.text('done')
  })
  const server = await running(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server)
  return { url: server.url, stop: server.close }
})

describe('an origin function under csrf', () => {
  it('receives the Context on a write, as on a read', async () => {
    const seen: unknown[] = []
    const app = new Hono()
    app.use('*', cors({ origin: (origin, c) => (seen.push(c.req.path), origin === 'https://app.example.com' ? origin : null), csrf: true }))
    app.post('/x', (c) => c.text('ran'))
    const response = await app.request('/x', { method: 'POST', headers: { origin: 'https://app.example.com', 'sec-fetch-site': 'cross-site' } })
    expect(response.status).toBe(200)
    expect(seen).toEqual(['/x'])
  })
})
