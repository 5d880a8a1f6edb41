/** What only Koa has: ctx.throw, err.headers, outer error handlers, @koa/router's 405 and 501. */
import Router from '@koa/router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { APP } from '@corsa/testkit/fixtures'
import { from, preflight, type Running, send, serve } from '@corsa/testkit/node-http'
import { cors } from '@corsa/koa'
import type Koa from 'koa'
import { versions } from './support/app.js'

const EVIL = 'https://evil.test'
let running: Running | undefined
afterEach(async () => running?.close())

for (const [name, K] of versions) {
  describe(name, () => {
    const start = async (setup: (app: Koa) => void) => {
      const app = new K()
      app.silent = true
      setup(app)
      running = await serve(app.callback())
      return running.url
    }

    it('ctx.throw(401) answered by Koa keeps the CORS headers and the error’s own headers', async () => {
      const url = await start((app) => {
        app.use(cors({ origin: APP, credentials: true }))
        app.use((ctx) => ctx.throw(401, 'sign in', { headers: { 'WWW-Authenticate': 'Bearer', Vary: 'Authorization' } }))
      })
      const r = await send(url, '/', from(APP))
      expect(r.status).toBe(401)
      expect(r.header('www-authenticate')).toBe('Bearer')
      expect(r.header('access-control-allow-origin')).toBe(APP)
      expect(r.header('access-control-allow-credentials')).toBe('true')
      expect(r.lines.get('vary')).toEqual(['Authorization, Origin'])
      const refused = await send(url, '/', from(EVIL))
      expect(refused.cors()).toEqual([])
      expect(refused.header('vary')).toBe('Authorization, Origin')
    })

    it('an error caught by an outer error-handling middleware keeps the CORS headers', async () => {
      const url = await start((app) => {
        app.use(async (ctx, next) => {
          try {
            await next()
          } catch {
            ctx.status = 500
            ctx.body = { error: 'sorry' }
          }
        })
        app.use(cors({ origin: APP }))
        app.use(() => {
          throw new Error('boom')
        })
      })
      const r = await send(url, '/', from(APP))
      expect(r.status).toBe(500)
      expect(r.body).toBe('{"error":"sorry"}')
      expect(r.header('access-control-allow-origin')).toBe(APP)
      expect(r.header('vary')).toBe('Origin')
    })

    it('preflights never reach auth; @koa/router’s 405 for a known path carries the headers', async () => {
      const url = await start((app) => {
        app.use(cors({ origin: APP }))
        app.use(async (ctx, next) => (ctx.get('authorization') ? next() : ctx.throw(401)))
        const router = new Router()
        router.get('/items', (ctx) => void (ctx.body = []))
        app.use(router.routes()).use(router.allowedMethods({ throw: false }))
      })
      const p = await send(url, '/items', preflight(APP, 'DELETE', 'authorization'))
      expect(p.status).toBe(204)
      expect(p.header('access-control-allow-headers')).toBe('authorization')
      const r = await send(url, '/items', { method: 'DELETE', headers: { Origin: APP, Authorization: 'x' } })
      expect(r.status).toBe(405)
      expect(r.header('allow')).toContain('GET')
      expect(r.header('access-control-allow-origin')).toBe(APP)
    })

    it('a 200 preflightStatus sends an empty body with Content-Length 0 and no Content-Type', async () => {
      const url = await start((app) => {
        app.use(cors({ preflightStatus: 200 }))
        app.use((ctx) => void (ctx.body = 'app'))
      })
      const p = await send(url, '/', preflight(APP, 'PUT'))
      expect([p.status, p.body, p.header('content-length'), p.header('content-type')]).toEqual([200, '', '0', undefined])
    })

    it('refused by csrf: 403 and the body naming why, before the app', async () => {
      let ran = false
      const url = await start((app) => {
        app.use(cors({ origin: APP, csrf: true }))
        app.use(() => void (ran = true))
      })
      const r = await send(url, '/', { method: 'POST', headers: { Origin: EVIL, 'Sec-Fetch-Site': 'cross-site' } })
      expect(r.status).toBe(403)
      expect(r.body).toContain('corsa csrf')
      expect(ran).toBe(false)
    })

    it('a second, different policy is skipped: the first decides, and development mode says so once', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      try {
        const url = await start((app) => {
          app.use(cors({ origin: APP }))
          app.use(cors({ origin: EVIL }))
          app.use((ctx) => void (ctx.body = 'ok'))
        })
        expect((await send(url, '/', from(EVIL))).cors()).toEqual([])
        expect((await send(url, '/', from(APP))).header('access-control-allow-origin')).toBe(APP)
        expect(warn).toHaveBeenCalledTimes(1)
      } finally {
        warn.mockRestore()
      }
    })
  })
}
