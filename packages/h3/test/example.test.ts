// docs/h3.md's example, served by h3's own serve() on Node, and the page showing it verbatim.
import { readFileSync } from 'node:fs'
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, send } from '@corsa/testkit/node-http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app, serve } from '../examples/app.js'

describe('docs/h3.md', () => {
  const docs = readFileSync(new URL('../../../docs/h3.md', import.meta.url), 'utf8')
  it('shows examples/app.ts verbatim (the app served below)', () => {
    expect(docs).toContain(readFileSync(new URL('../examples/app.ts', import.meta.url), 'utf8'))
  })
  it('shows fixture-nitro/middleware/cors.ts verbatim (the Nitro build tested in nitro.test.ts)', () => {
    expect(docs).toContain(readFileSync(new URL('../fixture-nitro/middleware/cors.ts', import.meta.url), 'utf8'))
  })
})

describe('examples/app.ts', () => {
  let server: ReturnType<typeof serve>
  let url: string
  beforeAll(async () => {
    server = serve(app, { port: 0, hostname: '127.0.0.1', silent: true })
    await server.ready()
    url = server.url!.replace(/\/$/, '')
  })
  afterAll(() => server?.close(true))

  it('answers the preflight before the auth middleware', async () => {
    const r = await send(url, '/api/me', preflight(APP, 'GET', 'authorization'))
    expect(r.status).toBe(204)
    expect(r.header('access-control-allow-credentials')).toBe('true')
  })

  it("gives the auth middleware's 401 the CORS headers", async () => {
    const r = await send(url, '/api/me', from(APP))
    expect(r.status).toBe(401)
    expect(r.header('access-control-allow-origin')).toBe(APP)
  })

  it('exposes X-Request-Id and keeps a redirect', async () => {
    const me = await send(url, '/api/me', { headers: { Origin: APP, Authorization: 'Bearer x' } })
    expect(me.header('access-control-expose-headers')).toBe('X-Request-Id')
    const old = await send(url, '/api/old', { headers: { Origin: APP, Authorization: 'Bearer x' } })
    expect(old.status).toBe(302)
    expect(old.header('access-control-allow-origin')).toBe(APP)
  })
})
