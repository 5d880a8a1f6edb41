/** What only Fastify has: hooks, routes of its own, error and 404 handlers, validation, hijack, encapsulation. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { APP, PREFLIGHT_VARY } from '@corsa/testkit/fixtures'
import { from, preflight, send } from '@corsa/testkit/node-http'
import cors, { CorsConfigError, corsHeaders } from '@corsa/fastify'
import { fastify, listen } from './support/app.js'

const EVIL = 'https://evil.test'
const OTHER = 'https://other.example.org'
let app: FastifyInstance
afterEach(async () => app?.close())

async function serve(setup: (app: FastifyInstance) => void | Promise<void>): Promise<string> {
  app = fastify()
  await setup(app)
  return listen(app)
}

describe('preflights are answered in onRequest', () => {
  it('before auth hooks and body parsing: the 401 of an auth hook never sees them', async () => {
    const parsed: unknown[] = []
    const url = await serve(async (app) => {
      await app.register(cors, { origin: APP, credentials: true })
      app.addHook('onRequest', async (request, reply) => {
        if (!request.headers.authorization) return reply.code(401).send({ error: 'sign in' })
      })
      app.put('/items', async (request) => void parsed.push(request.body))
    })
    const p = await send(url, '/items', preflight(APP, 'PUT', 'authorization, content-type'))
    expect(p.status).toBe(204)
    expect(p.header('access-control-allow-headers')).toBe('authorization, content-type')
    const denied = await send(url, '/items', { method: 'PUT', headers: { Origin: APP } })
    expect(denied.status).toBe(401)
    expect(denied.header('access-control-allow-origin')).toBe(APP)
    expect(parsed).toEqual([])
  })

  it('without an OPTIONS route: the app keeps its own OPTIONS * and all(*) routes', async () => {
    const url = await serve(async (app) => {
      await app.register(cors, { origin: APP })
      app.options('*', async () => 'app options *')
      app.all('/any/*', async (request) => `all ${request.method}`)
    })
    expect(app.printRoutes({ commonPrefix: false })).not.toMatch(/OPTIONS[^\n]*\(corsa/)
    expect((await send(url, '/x', preflight(APP, 'PUT'))).status).toBe(204)
    expect((await send(url, '/any/thing', preflight(APP, 'PUT'))).body).toBe('')
    const own = await send(url, '/x', { method: 'OPTIONS', headers: { Origin: APP } })
    expect(own.body).toBe('app options *')
    expect(own.header('access-control-allow-origin')).toBe(APP)
    expect((await send(url, '/any/thing', { method: 'OPTIONS' })).body).toBe('all OPTIONS')
  })

  it('refused by csrf: 403 before the route runs', async () => {
    let ran = false
    const url = await serve(async (app) => {
      await app.register(cors, { origin: APP, csrf: true })
      app.post('/transfer', async () => void (ran = true))
    })
    const r = await send(url, '/transfer', { method: 'POST', headers: { Origin: EVIL, 'Sec-Fetch-Site': 'cross-site' } })
    expect(r.status).toBe(403)
    expect(ran).toBe(false)
  })
})

describe('every reply gets the headers', () => {
  it('setErrorHandler, setNotFoundHandler, a validation error, reply.redirect(), an error in a later hook', async () => {
    const url = await serve(async (app) => {
      await app.register(cors, { origin: APP, exposeHeaders: ['X-Trace'] })
      app.setErrorHandler(async (error, _request, reply) =>
        reply
          .code((error as { statusCode?: number }).statusCode ?? 500)
          .header('x-trace', '1')
          .send({ oops: true }),
      )
      app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ nothing: 'here' }))
      app.post('/items', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => 'ok')
      app.get('/old', async (_request, reply) => reply.redirect('/new', 301))
      app.get('/guarded', { onRequest: async () => Promise.reject(new Error('hook failed')) }, async () => 'never')
    })
    const cases = [
      ['/items', { method: 'POST', headers: { Origin: APP, 'content-type': 'application/json' }, body: '{}' }, 400],
      ['/nope', from(APP), 404],
      ['/old', from(APP), 301],
      ['/guarded', from(APP), 500],
    ] as const
    for (const [path, init, status] of cases) {
      const r = await send(url, path, init)
      expect(r.status, path).toBe(status)
      expect(r.lines.get('access-control-allow-origin'), path).toEqual([APP])
      expect(r.lines.get('access-control-expose-headers'), path).toEqual(['X-Trace'])
      expect(r.header('vary'), path).toBe('Origin')
    }
  })

  it('exposeHeaders * with credentials lists the reply’s own header names, not Set-Cookie', async () => {
    const url = await serve(async (app) => {
      await app.register(cors, { origin: APP, credentials: true, exposeHeaders: '*' })
      app.get('/', async (_request, reply) => reply.header('x-total', '3').header('set-cookie', 'a=1').send('ok'))
    })
    const names = (await send(url, '/', from(APP))).header('access-control-expose-headers')!.split(', ')
    expect(names).toContain('x-total')
    expect(names).not.toContain('set-cookie')
  })

  it('a hijacked reply skips onSend: corsHeaders(request) gives the headers to write yourself', async () => {
    const url = await serve(async (app) => {
      await app.register(cors, { origin: APP, credentials: true })
      app.get('/raw', async (request, reply) => {
        reply.hijack()
        reply.raw.writeHead(200, { ...corsHeaders(request), 'content-type': 'text/plain' })
        reply.raw.end('raw')
      })
      app.get('/bare', async (_request, reply) => {
        reply.hijack()
        reply.raw.end('bare')
      })
    })
    const r = await send(url, '/raw', from(APP))
    expect(r.header('access-control-allow-origin')).toBe(APP)
    expect(r.header('access-control-allow-credentials')).toBe('true')
    expect(r.header('vary')).toBe('Origin')
    expect((await send(url, '/bare', from(APP))).cors()).toEqual([])
    expect((await send(url, '/raw', from(EVIL))).cors()).toEqual([])
  })
})

describe('encapsulation', () => {
  it('a policy registered in a plugin scope applies to that scope only', async () => {
    const url = await serve(async (app) => {
      await app.register(
        async (api) => {
          await api.register(cors, { origin: APP })
          api.get('/me', async () => 'me')
        },
        { prefix: '/api' },
      )
      app.get('/site', async () => 'site')
    })
    expect((await send(url, '/api/me', from(APP))).header('access-control-allow-origin')).toBe(APP)
    expect((await send(url, '/site', from(APP))).cors()).toEqual([])
  })

  it('a prefixed scope with its own setNotFoundHandler answers every preflight under its prefix', async () => {
    const url = await serve(async (app) => {
      await app.register(
        async (api) => {
          await api.register(cors, { origin: APP })
          api.setNotFoundHandler(async (_request, reply) => reply.code(404).send('no such api'))
          api.put('/items/:id', async () => 'put')
        },
        { prefix: '/api' },
      )
    })
    const p = await send(url, '/api/items/1', preflight(APP, 'PUT'))
    expect(p.status).toBe(204)
    expect(p.header('access-control-allow-origin')).toBe(APP)
    expect((await send(url, '/api/nope', from(APP))).header('access-control-allow-origin')).toBe(APP)
  })

  it('scopes nest: the outer policy decides, and the skipped inner one is logged once', async () => {
    const warn = vi.fn()
    app = fastify()
    app.addHook('onRequest', async (request) => void (request.log.warn = warn))
    await app.register(cors, { origin: APP })
    await app.register(async (inner) => {
      await inner.register(cors, { origin: OTHER })
      inner.get('/inner', async () => 'inner')
    })
    const url = await listen(app)
    expect((await send(url, '/inner', from(OTHER))).cors()).toEqual([])
    expect((await send(url, '/inner', from(APP))).header('access-control-allow-origin')).toBe(APP)
    expect((await send(url, '/inner', preflight(OTHER, 'PUT'))).header('vary')).toBe(PREFLIGHT_VARY)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toContain('first one decides')
  })
})

describe('configuration mistakes throw CorsConfigError when registered', () => {
  const register = async (options: unknown) => {
    const app = fastify()
    try {
      await app.register(cors, options as never)
      await app.ready()
    } finally {
      await app.close()
    }
  }

  it('@fastify/cors’s hook, delegator, logLevel, cacheControl and prefix, each with why, with core’s problems in the same error', async () => {
    const error = await register({
      hook: 'preHandler',
      delegator: () => ({}),
      logLevel: 'info',
      cacheControl: 60,
      prefix: '/api',
      methods: ['GET'],
    }).catch((e) => e)
    expect(error).toBeInstanceOf(CorsConfigError)
    expect(error.problems.map((p: { option: string }) => p.option)).toEqual(['hook', 'delegator', 'logLevel', 'cacheControl', 'prefix', 'methods'])
    expect(error.message).toContain('hook is not a corsa option: corsa answers preflights in onRequest')
    expect(error.message).toContain('methods is not a corsa option: write allowMethods')
  })

  it('an options delegator (@fastify/cors’s register(cors, () => (request, callback) => ...) form)', async () => {
    // Fastify calls the function given to register() and hands its result, the delegator, to the plugin.
    const error = await register(
      () => (_request: unknown, callback: (error: null, options: object) => void) => callback(null, { origin: APP }),
    ).catch((e) => e)
    expect(error).toBeInstanceOf(CorsConfigError)
    expect(error.message).toContain('options delegator')
  })
})
