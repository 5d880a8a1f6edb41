/**
 * The conformance apps on Elysia, each its own Elysia instance (onRequest is app-wide), with
 * corsa applied as users apply it: `.use(cors(options))` before the routes.
 */
import { APP, suitePolicy } from '@corsa/testkit/fixtures'
import { Elysia, redirect } from 'elysia'
import { cors } from '@corsa/elysia'

export const APPS = ['policy', 'twice', 'open', 'predicate'] as const
export type AppName = (typeof APPS)[number]

export function conformanceApp(name: AppName) {
  let hits = 0
  const app = new Elysia()
    // A middleware before corsa: sets Vary for /vary-before.
    .onRequest(({ request, set }) => {
      if (new URL(request.url).pathname === '/vary-before') set.headers.vary = 'Accept-Encoding'
    })
  if (name === 'policy') app.use(cors(suitePolicy))
  if (name === 'twice') app.use(cors(suitePolicy)).use(cors(suitePolicy))
  if (name === 'open') app.use(cors())
  if (name === 'predicate') {
    app.use(cors({ origin: async (origin, request) => origin === APP && new URL(request.url).pathname === '/ok', credentials: true }))
  }
  return app
    .get('/__hits', () => ({ hits }))
    .onBeforeHandle(({ path }) => {
      if (path !== '/__hits') hits++
    })
    .onError(({ code, path }) => {
      // Routing misses count too: they reached the app.
      if (code === 'NOT_FOUND' && path !== '/__hits') hits++
    })
    .get('/ok', () => 'ok')
    .options('/ok', () => 'app options')
    .get('/status/:n', ({ params, set }) => {
      set.status = Number(params.n)
      return set.status === 204 || set.status === 304 ? undefined : 'status'
    })
    .get('/throw', () => {
      throw new Error('boom')
    })
    .get('/redirect', () => redirect('/ok', 302))
    .get('/stream', async function* () {
      for (const chunk of ['a', 'b', 'c']) {
        yield chunk
        await Bun.sleep(5)
      }
    })
    .get('/cookies', ({ set }) => {
      set.headers['set-cookie'] = ['a=1; Path=/', 'b=2; Path=/']
      return 'cookies'
    })
    .get('/vary-before', () => 'vary')
    .get('/vary-after', ({ set }) => {
      set.headers.vary = 'Accept-Language'
      return 'vary'
    })
    .get('/vary-star', () => new Response('vary', { headers: { vary: '*' } }))
    .get('/own-cors', ({ set }) => {
      set.headers['access-control-allow-origin'] = '*'
      set.headers['access-control-allow-credentials'] = 'false'
      set.headers['access-control-allow-methods'] = 'DELETE'
      set.headers['access-control-max-age'] = '5'
      set.headers['access-control-expose-headers'] = 'X-Secret'
      return 'own'
    })
}
