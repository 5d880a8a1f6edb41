/**
 * The conformance contract's apps (see conformance.ts) as one fetch handler, for every face that
 * wraps a fetch handler with core's `withCors` (Bun, Deno, Workers, Edge, Node through a fetch
 * adapter). Each app lives under a path prefix: `/policy/ok`, `/twice/ok`, `/open/ok`,
 * `/predicate/ok`. Web APIs only: it runs in Bun, Deno, workerd and the EdgeVM.
 */
// No imports: bundlers that compile this file from source (Next's, workerd's, the EdgeVM's) need
// not resolve the test kit's own modules. Callers pass the fixtures.

type Handler = (request: Request) => Response | Promise<Response>
/** Core's `withCors`, or a face's function of the same shape. */
export type WithCors = (handler: Handler, options: object) => (request: Request) => unknown

/** The app's routes, behind corsa. `path` is the path within the app. */
async function routes(request: Request, path: string): Promise<Response> {
  const status = /^\/status\/(\d{3})$/.exec(path)
  if (request.method === 'OPTIONS' && path === '/ok') return new Response('app options')
  if (status) {
    const code = Number(status[1])
    return new Response(code === 204 || code === 304 ? null : 'status', { status: code })
  }
  switch (path) {
    case '/ok':
      return new Response('ok')
    case '/throw':
      throw new Error('boom')
    case '/redirect':
      // Response.redirect(): a response with immutable headers, which corsa must still decorate.
      return Response.redirect(new URL(`${request.url.slice(0, request.url.lastIndexOf('/redirect'))}/ok`).href, 302)
    case '/stream': {
      const encoder = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          for (const chunk of ['a', 'b', 'c']) {
            controller.enqueue(encoder.encode(chunk))
            await new Promise((resolve) => setTimeout(resolve, 5))
          }
          controller.close()
        },
      })
      return new Response(body, { headers: { 'content-type': 'text/plain' } })
    }
    case '/cookies':
      return new Response('cookies', {
        headers: [
          ['set-cookie', 'a=1; Path=/'],
          ['set-cookie', 'b=2; Path=/'],
        ],
      })
    // A fetch handler has no middleware before corsa: the route sets the Vary an upstream one would.
    case '/vary-before':
      return new Response('vary', { headers: { vary: 'Accept-Encoding' } })
    case '/vary-after':
      return new Response('vary', { headers: { vary: 'Accept-Language' } })
    case '/vary-star':
      return new Response('vary', { headers: { vary: '*' } })
    case '/own-cors':
      return new Response('own', {
        headers: {
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'false',
          'access-control-allow-methods': 'DELETE',
          'access-control-max-age': '5',
          'access-control-expose-headers': 'X-Secret',
        },
      })
    default:
      return new Response('not found', { status: 404 })
  }
}

/**
 * The four apps of the contract, each wrapped with `withCors` as users wrap a fetch handler,
 * under `<base>/<app>` (`base` is empty, or a prefix such as `/conformance`).
 */
export function createConformanceHandler(
  withCors: WithCors,
  {
    policy,
    allowed,
    base = '',
  }: { /** `suitePolicy` from fixtures.ts. */ policy: object /** `APP` from fixtures.ts. */; allowed: string; base?: string },
): Handler {
  const hits = { policy: 0, twice: 0, open: 0, predicate: 0 }
  type App = keyof typeof hits
  const inner = (app: App) => (request: Request) => {
    hits[app]++
    return routes(request, new URL(request.url).pathname.slice(base.length + app.length + 1))
  }
  const apps: Record<App, (request: Request) => unknown> = {
    policy: withCors(inner('policy'), policy),
    twice: withCors(withCors(inner('twice'), policy) as Handler, policy),
    open: withCors(inner('open'), {}),
    predicate: withCors(inner('predicate'), {
      origin: async (origin: string, request: Request) => origin === allowed && new URL(request.url).pathname.endsWith('/ok'),
    }),
  }
  return async (request) => {
    const path = new URL(request.url).pathname.slice(base.length)
    const app = path.split('/')[1] as App
    if (!(app in apps)) return new Response('no such app', { status: 404 })
    if (path === `/${app}/__hits`) return Response.json({ hits: hits[app] })
    return (await apps[app](request)) as Response
  }
}
