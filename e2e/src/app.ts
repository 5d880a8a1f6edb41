/**
 * The application behind every API server, as a Fetch handler: the same in Node, Bun and Deno.
 * It knows nothing about CORS; corsa wraps it. Paths are relative to the policy prefix.
 */

/** Headers of `/data` responses that scripts can read only when they are exposed. */
export const DATA_HEADERS = { 'x-request-id': 'req-42', 'x-extra': 'extra' }

/** `/page/`: an empty page on the API's own origin. */
export const SAME_ORIGIN_PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>corsa e2e same-origin page</title>'

/** `/shared`'s `Cache-Control`: a response any cache, shared ones included, may store. */
export const SHARED_CACHE_CONTROL = 'public, max-age=600'

/** Chunks of `/stream`, sent this far apart (ms). */
export const STREAM_CHUNKS = ['one ', 'two ', 'three']
export const STREAM_GAP_MS = 300

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Cookies `/login` sets, named after `?name=`: cross-site, partitioned and same-site ones. */
export function loginCookies(name: string): string[] {
  return [
    `${name}=1; Path=/; Secure; SameSite=None`,
    `${name}_partitioned=1; Path=/; Secure; SameSite=None; Partitioned`,
    `${name}_lax=1; Path=/; Secure; SameSite=Lax`,
  ]
}

/** The application: `path` is the request's path below its policy prefix. */
export async function app(request: Request, path: string, upstream: string): Promise<Response> {
  const url = new URL(request.url)
  const json = (value: unknown, init: ResponseInit = {}) => Response.json(value, init)
  switch (path) {
    case '/data': {
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
      return json(
        { method: request.method, body, authorization: request.headers.get('authorization') },
        { headers: { ...DATA_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store' } },
      )
    }
    case '/login': {
      const headers = new Headers({ 'cache-control': 'no-store' })
      for (const cookie of loginCookies(url.searchParams.get('name') ?? 'sid')) headers.append('set-cookie', cookie)
      return json({ loggedIn: true }, { headers })
    }
    case '/whoami':
      return json({ cookie: request.headers.get('cookie') ?? '' }, { headers: { 'cache-control': 'no-store' } })
    case '/status': {
      const status = Number(url.searchParams.get('code') ?? 500)
      return json({ error: `status ${status}` }, { status })
    }
    case '/throw':
      throw new Error('the handler failed (expected by the e2e suite)')
    case '/redirect':
      // Response.redirect() has immutable headers: corsa must decorate it all the same.
      return Response.redirect(new URL(url.searchParams.get('to') ?? '/', url).href, 302)
    case '/proxy':
      // A fetch() result passed through as is: immutable headers, a streaming body.
      return fetch(`${upstream}/upstream`)
    case '/stream': {
      const encoder = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          for (const [i, chunk] of STREAM_CHUNKS.entries()) {
            if (i) await wait(STREAM_GAP_MS)
            controller.enqueue(encoder.encode(chunk))
          }
          controller.close()
        },
      })
      return new Response(body, { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } })
    }
    case '/cacheable':
      return new Response('cacheable body', { headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=600' } })
    case '/shared':
      // For shared caches too (a CDN stores it): only corsa's Vary keeps one origin's copy from another.
      return new Response('shared body', { headers: { 'content-type': 'text/plain', 'cache-control': SHARED_CACHE_CONTROL } })
    case '/page/':
      // A page on the API's own origin, for same-origin requests (scenarios-csrf.ts).
      return new Response(SAME_ORIGIN_PAGE, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } })
    case '/options':
      if (request.method === 'OPTIONS') {
        return new Response('the application answered OPTIONS', { headers: { allow: 'GET, OPTIONS', 'cache-control': 'no-store' } })
      }
      return new Response('not OPTIONS', { status: 405 })
    default:
      return json({ error: 'not found' }, { status: 404 })
  }
}

/** Splits `/<policy>/<path>` into its policy name and the application path. */
export function route(pathname: string): { policy: string; path: string } {
  const slash = pathname.indexOf('/', 1)
  return slash < 0 ? { policy: pathname.slice(1), path: '/' } : { policy: pathname.slice(1, slash), path: pathname.slice(slash) }
}

/**
 * The upstream of `/proxy`: a status and headers that must come through, except its stale
 * `Access-Control-Allow-Origin` (corsa owns those) and its `Vary` (corsa merges `Origin` in).
 */
export const UPSTREAM = {
  status: 201,
  body: 'from upstream',
  headers: {
    'content-type': 'text/plain',
    'x-upstream': 'yes',
    'access-control-allow-origin': 'https://stale.example.test',
    vary: 'Accept-Encoding',
  },
}
