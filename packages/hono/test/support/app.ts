/**
 * One Hono app with corsa, the same on @hono/node-server and under the real bun binary.
 *
 * Routes:
 *   GET /__hits            how many requests reached the app's routes (registered before corsa)
 *   GET /ok                c.text('ok')
 *   GET /json              c.json(...)
 *   GET /status/:n         status n (c.body)
 *   GET /throw             throws; app.onError answers 500 (JSON)
 *   GET /http-exception    throws HTTPException(401); app.onError answers with its response
 *   GET /redirect          c.redirect('/ok')
 *   GET /response-redirect Response.redirect(): a response with immutable headers
 *   GET /stream            stream(): 'a', 'b', 'c' in chunks
 *   GET /sse               streamSSE(): two events
 *   GET /cookies           two Set-Cookie headers (setCookie)
 *   GET /vary-before       a middleware before corsa set Vary: Accept-Encoding
 *   GET /vary-after        the route set Vary: Accept-Language
 *   GET /vary-star         the route set Vary: *
 *   GET /own-cors          the route set its own Access-Control-* headers
 *   OPTIONS /ok            (not a preflight) the app's own answer: 200 "app options"
 *   anything else          app.notFound: 404 "nope"
 */
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import { stream, streamSSE } from 'hono/streaming'
import { cors, type HonoCorsOptions, type HonoOriginOption } from '@corsa/hono'
import { APP, suitePolicy } from '@corsa/testkit/fixtures'
import { app as example } from '../../examples/app.js'
import { app as migrate } from '../../examples/migrate.js'

export const policy: HonoCorsOptions<HonoOriginOption> = suitePolicy

export function createApp(options: HonoCorsOptions<HonoOriginOption>, { twice = false, path = '*' } = {}): Hono {
  let hits = 0
  const app = new Hono()
  app.get('/__hits', (c) => c.json({ hits }))
  app.use('*', async (c, next) => {
    if (c.req.path === '/vary-before') c.header('Vary', 'Accept-Encoding')
    await next()
  })
  app.use(path, cors(options))
  if (twice) app.use(path, cors(options))
  app.use('*', async (_c, next) => {
    hits++
    await next()
  })
  app.options('/ok', (c) => c.text('app options'))
  app.get('/ok', (c) => c.text('ok'))
  app.get('/json', (c) => c.json({ ok: true }))
  app.get('/status/:n', (c) => {
    const status = Number(c.req.param('n'))
    return status === 204 || status === 304 ? c.body(null, status) : c.body('status', status as 200)
  })
  app.get('/throw', () => {
    throw new Error('boom')
  })
  app.get('/http-exception', () => {
    throw new HTTPException(401, { message: 'sign in' })
  })
  app.get('/redirect', (c) => c.redirect('/ok'))
  app.get('/response-redirect', (c) => Response.redirect(new URL('/ok', c.req.url), 302))
  app.get('/stream', (c) =>
    stream(c, async (s) => {
      await s.write('a')
      await s.sleep(10)
      await s.write('b')
      await s.sleep(10)
      await s.write('c')
    }),
  )
  app.get('/sse', (c) =>
    streamSSE(c, async (s) => {
      await s.writeSSE({ data: 'one' })
      await s.sleep(10)
      await s.writeSSE({ data: 'two' })
    }),
  )
  app.get('/cookies', (c) => {
    setCookie(c, 'a', '1')
    setCookie(c, 'b', '2')
    return c.text('cookies')
  })
  app.get('/vary-before', (c) => c.text('vary'))
  app.get('/vary-after', (c) => {
    c.header('Vary', 'Accept-Language')
    return c.text('vary')
  })
  app.get('/vary-star', (c) => {
    c.header('Vary', '*')
    return c.text('vary')
  })
  app.get('/own-cors', (c) => {
    c.header('Access-Control-Allow-Origin', '*')
    c.header('Access-Control-Allow-Credentials', 'false')
    c.header('Access-Control-Allow-Methods', 'DELETE')
    c.header('Access-Control-Max-Age', '5')
    c.header('Access-Control-Expose-Headers', 'X-Secret')
    return c.text('own')
  })
  app.notFound((c) => c.text('nope', 404))
  app.onError((error, c) => (error instanceof HTTPException ? error.getResponse() : c.json({ error: error.message }, 500)))
  return app
}

/** The apps every runtime serves, by name. */
export const apps = {
  policy: () => createApp(policy),
  twice: () => createApp(policy, { twice: true }),
  open: () => createApp({}),
  perRoute: () => createApp(policy, { path: '/api/*' }),
  predicate: () =>
    createApp({
      // hono/cors's form: return the origin to allow it.
      origin: async (origin, c) => (origin === APP && c.req.path === '/ok' ? origin : null),
    }),
  example: () => example,
  migrate: () => migrate,
}
export type AppName = keyof typeof apps
