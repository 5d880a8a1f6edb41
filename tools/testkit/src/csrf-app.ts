/**
 * The cross-origin protection (`csrf`) proof app as one fetch handler, for every face that wraps
 * a fetch handler (Bun, Deno, Workers, Edge). Web APIs only: it runs in Bun, Deno, workerd and
 * the EdgeVM. See csrf.ts for the routes and the requests each face must answer alike.
 */

/** The allowed origin: fixtures.ts's `APP`, written out so that this file imports nothing (Next's Turbopack resolves no `.js` to `.ts` here). */
const APP = 'https://app.example.com'

/** The policy of the proof: APP may read and write; `<base>/webhooks/*` skips the check. */
export function csrfPolicy(base = '') {
  return { origin: [APP], credentials: true, csrf: { bypass: [`${base}/webhooks/*`] } }
}

type Handler = (request: Request) => Response | Promise<Response>
/** Core's `withCors`, or a face's function of the same shape. */
export type WithCors = (handler: Handler, options: object) => (request: Request) => unknown

/**
 * `GET <base>/__hits` (outside corsa): JSON `{ hits }`, how many requests reached the handler;
 * every other request goes through corsa to a handler that counts it and answers `200 done`.
 * `base` is empty, or a path prefix such as `/csrf` when the app is mounted there.
 */
export function createCsrfHandler(withCors: WithCors, base = ''): Handler {
  let hits = 0
  const app = withCors(() => {
    hits++
    return new Response('done')
  }, csrfPolicy(base))
  return async (request) => {
    if (new URL(request.url).pathname === `${base}/__hits`) return Response.json({ hits })
    return (await app(request)) as Response
  }
}
