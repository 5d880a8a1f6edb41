/**
 * The conformance apps on itty-router, for both of its routers and both major versions: four
 * routers under the prefixes /policy, /twice, /open and /predicate, each with corsa as users add it
 * (`before: [preflight]`, `finally: [corsify]`). Web APIs only: workerd runs this file too.
 */
import { APP, suitePolicy } from '@corsa/testkit/fixtures'
import { cors } from '@corsa/itty'

/** What the apps need of an itty-router build (v5 and v6 export the same names). */
export interface Itty {
  AutoRouter: (options?: Record<string, unknown>) => Routes
  Router: (options?: Record<string, unknown>) => Routes
  error: (status: number, body?: unknown) => Response
}
type Handler = (request: Request & { params: Record<string, string> }) => unknown
interface Routes {
  get(path: string, ...handlers: Handler[]): Routes
  options(path: string, ...handlers: Handler[]): Routes
  all(path: string, ...handlers: Handler[]): Routes
  fetch(request: Request, ...rest: unknown[]): Promise<unknown>
}

export const APPS = ['policy', 'twice', 'open', 'predicate'] as const
export type AppName = (typeof APPS)[number]

function routes(router: Routes, itty: Itty, kind: 'auto' | 'router', counter: { hits: number }): Routes {
  const hit = () => {
    counter.hits++
  }
  const r = router
    .get('/__hits', () => Response.json({ hits: counter.hits }))
    .all('*', (request) => {
      if (!request.url.endsWith('/__hits')) hit()
    })
    .get('/ok', () => new Response('ok'))
    .options('/ok', () => new Response('app options'))
    .get('/status/:n', ({ params }) => {
      const n = Number(params.n)
      return new Response(n === 204 || n === 304 ? null : `status ${n}`, { status: n })
    })
    .get('/throw', () => {
      throw new Error('boom')
    })
    .get('/redirect', () => new Response(null, { status: 302, headers: { location: '/ok' } }))
    .get('/response-redirect', (request) => Response.redirect(new URL('/ok', request.url).href, 302))
    .get(
      '/stream',
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (const chunk of ['a', 'b', 'c']) controller.enqueue(new TextEncoder().encode(chunk))
              controller.close()
            },
          }),
        ),
    )
    .get(
      '/cookies',
      () =>
        new Response('cookies', {
          headers: [
            ['set-cookie', 'a=1; Path=/'],
            ['set-cookie', 'b=2; Path=/'],
          ],
        }),
    )
    .get('/vary-before', () => new Response('vary before'))
    .get('/vary-after', () => new Response('vary after', { headers: { vary: 'Accept-Language' } }))
    .get('/vary-star', () => new Response('vary star', { headers: { vary: '*' } }))
    .get(
      '/own-cors',
      () =>
        new Response('own cors', {
          headers: {
            'access-control-allow-origin': '*',
            'access-control-allow-credentials': 'false',
            'access-control-allow-methods': 'DELETE',
            'access-control-max-age': '5',
            'access-control-expose-headers': 'X-Secret',
          },
        }),
    )
  // AutoRouter answers 404 itself (`missing`); a Router needs a last route for it.
  if (kind === 'router') r.all('*', () => itty.error(404))
  return r
}

/** A `finally` step that runs before corsify: what a middleware in front of corsa adds. */
const varyBefore = (response: unknown, request: Request) => {
  if (response instanceof Response && new URL(request.url).pathname.endsWith('/vary-before')) response.headers.append('vary', 'Accept-Encoding')
  return response
}

/** The pairs each app applies, outermost first. */
function pairs(app: AppName) {
  if (app === 'open') return [cors()]
  if (app === 'twice') return [cors(suitePolicy), cors(suitePolicy)]
  if (app === 'predicate') {
    const origin = async (origin: string, request: Request) => origin === APP && new URL(request.url).pathname.endsWith('/ok')
    return [cors({ origin, credentials: true })]
  }
  return [cors(suitePolicy)]
}

/** One itty router per app under `/<app>`, and a fetch handler that dispatches on the prefix. */
export function ittyApps(itty: Itty, kind: 'auto' | 'router'): (request: Request, ...rest: unknown[]) => Promise<Response> {
  const routers = new Map<string, Routes>()
  for (const app of APPS) {
    const used = pairs(app)
    const options = {
      base: `/${app}`,
      before: used.map((p) => p.preflight),
      finally: [varyBefore, ...used.map((p) => p.corsify).reverse()],
      // Router has no error handling of its own: the app's catch answers 500, as AutoRouter's does.
      ...(kind === 'router' ? { catch: (error: unknown) => itty.error(500, String(error)) } : {}),
    }
    const router = kind === 'auto' ? itty.AutoRouter(options) : itty.Router(options)
    routers.set(app, routes(router, itty, kind, { hits: 0 }))
  }
  return async (request, ...rest) => {
    const app = new URL(request.url).pathname.split('/')[1] ?? ''
    const router = routers.get(app)
    if (!router) return new Response('no such app', { status: 404 })
    return (await router.fetch(request, ...rest)) as Response
  }
}
