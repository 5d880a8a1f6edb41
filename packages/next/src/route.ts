import { type CorsOptionsFor, withCors as withCorsFetch, type OriginOption, type WithCorsOptions } from '@corsa/core'
import type { NextRequest } from 'next/server.js'

type MaybePromise<T> = T | Promise<T>

/**
 * A route handler as Next calls it: `(request, context)`, where `context.params` is a Promise
 * in Next 15+. Any handler exported from a `route.ts` fits.
 */
export type RouteHandler = (request: NextRequest, ...rest: any[]) => MaybePromise<Response>

/** The request type a handler declares (`Request` or `NextRequest`), `Request` if it declares none. */
type RequestOf<H> =
  Parameters<H & RouteHandler> extends []
    ? Request
    : H extends (request: infer R, ...rest: any[]) => unknown
      ? unknown extends R
        ? Request
        : R
      : Request
/** The parameters a handler declares after the request (Next passes `context`), any if none. */
type RestOf<H> = H extends (request: any, ...rest: infer Rest) => unknown ? (Rest extends [] ? any[] : Rest) : any[]

/** The wrapped handler: the handler's own parameters, always a Response (or a Promise of one). */
export type CorsRouteHandler<H extends RouteHandler> = (request: RequestOf<H>, ...rest: RestOf<H>) => MaybePromise<Response>

/** The HTTP methods a `route.ts` may export. */
export type RouteMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'

/** What a `route.ts` exports: a handler per method. */
export type RouteHandlers = { readonly [M in RouteMethod]?: RouteHandler }

/** The handlers of {@link corsRoute}, each wrapped, plus `OPTIONS`. */
export type CorsRouteHandlers<T extends RouteHandlers> = {
  [M in keyof T]: T[M] extends RouteHandler ? CorsRouteHandler<T[M]> : never
} & {
  OPTIONS: T extends { OPTIONS: infer O extends RouteHandler } ? CorsRouteHandler<O> : CorsRouteHandler<() => Response>
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const ACCESS_FALLBACK_STATUSES = new Set([401, 403, 404])

/**
 * The response Next itself makes of a `redirect()`, `permanentRedirect()`, `notFound()`,
 * `forbidden()` or `unauthorized()` thrown in a route handler (a `Location` and the redirect's
 * status; an empty 401/403/404), or `undefined` for any other error. Next adds the cookies set
 * with `cookies().set()` to it after the handler returns, as it does for the error itself.
 */
export function controlFlowResponse(error: unknown): Response | undefined {
  const digest = (error as { digest?: unknown } | null)?.digest
  if (typeof digest !== 'string') return
  const parts = digest.split(';')
  if (parts[0] === 'NEXT_REDIRECT' && (parts[1] === 'replace' || parts[1] === 'push') && parts.length >= 5) {
    const status = Number(parts.at(-2))
    const location = parts.slice(2, -2).join(';')
    if (REDIRECT_STATUSES.has(status) && location) return new Response(null, { status, headers: { location } })
    return
  }
  // Next 15.1+: NEXT_HTTP_ERROR_FALLBACK;404 (also 401, 403); Next 15.0: NEXT_NOT_FOUND.
  const status = parts[0] === 'NEXT_HTTP_ERROR_FALLBACK' ? Number(parts[1]) : parts[0] === 'NEXT_NOT_FOUND' ? 404 : 0
  if (ACCESS_FALLBACK_STATUSES.has(status)) return new Response(null, { status })
}

/**
 * Whether `error` is one of Next's own control-flow signals (dynamic rendering bail-outs,
 * prerender interruptions, React's postpone), which must reach Next untouched, as
 * `unstable_rethrow` from `next/navigation` would rethrow them. Tested against the real build:
 * `next/navigation` itself cannot be imported here, because Next's bundler swaps it for another
 * module in route handlers and plain Node ESM cannot resolve it without an extension.
 */
function isNextSignal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  if ((error as { $$typeof?: unknown }).$$typeof === Symbol.for('react.postpone')) return true
  const digest = (error as { digest?: unknown }).digest
  return typeof digest === 'string' && /^(?:DYNAMIC_SERVER_USAGE|BAILOUT_TO_CLIENT_SIDE_RENDERING|HANGING_PROMISE_REJECTION|NEXT_)/.test(digest)
}

/** Next's own answer to an error a route handler throws: an empty 500, the error logged. */
function internalServerError(error: unknown): Response {
  console.error(error)
  return new Response(null, { status: 500 })
}

/**
 * Wraps a Next.js route handler with a CORS policy, keeping Next's `(request, context)`
 * signature. Preflights are answered without calling the handler. Every response gets the CORS
 * headers: what the handler returns, `redirect()` and `notFound()` (turned into the response
 * Next would make of them), and a thrown error (`onError`, by default an empty 500 as Next's).
 * Next's other internal errors (dynamic rendering bail-outs) are rethrown to Next untouched.
 * Works in the node and the edge runtime.
 *
 * @example
 * ```ts
 * // app/items/[id]/route.ts
 * export const POST = withCors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
 *   const { id } = await params
 *   return Response.json({ id })
 * }, { origin: ['https://app.example.com'], credentials: true })
 * ```
 */
export function withCors<H extends RouteHandler, const O extends OriginOption = '*'>(
  handler: H,
  options?: CorsOptionsFor<O> & Pick<WithCorsOptions, 'onError'>,
): CorsRouteHandler<H> {
  const onError = options?.onError ?? internalServerError
  // Always async, so that an error thrown synchronously reaches onError once (and a rethrown
  // one comes back as a rejection).
  const run = async (request: Request, ...rest: unknown[]) => (handler as (...args: unknown[]) => MaybePromise<Response>)(request, ...rest)
  return withCorsFetch(run, {
    ...options,
    onError(error: unknown, request: Request) {
      const response = controlFlowResponse(error)
      if (response) return response
      if (isNextSignal(error)) throw error
      return onError(error, request)
    },
  } as WithCorsOptions) as unknown as CorsRouteHandler<H>
}

const METHODS: readonly RouteMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * Takes a route's handlers (`{ GET, POST, ... }`) and returns each wrapped with
 * {@link withCors}, plus an `OPTIONS` handler, so that Next routes the preflight to corsa
 * (Next only dispatches the methods a route exports). An `OPTIONS` that is not a preflight goes
 * to your own `OPTIONS` if you pass one, else gets `204` with `Allow`, as Next answers it.
 *
 * @example
 * ```ts
 * // app/items/route.ts
 * export const { POST, OPTIONS } = corsRoute({ POST: createItem }, { origin: 'https://app.example.com' })
 * ```
 */
export function corsRoute<const T extends RouteHandlers, const O extends OriginOption = '*'>(
  handlers: T,
  options?: CorsOptionsFor<O> & Pick<WithCorsOptions, 'onError'>,
): CorsRouteHandlers<T> {
  const routes: Partial<Record<RouteMethod, unknown>> = {}
  for (const method of METHODS) {
    const handler = handlers[method]
    if (typeof handler === 'function') routes[method] = withCors(handler, options)
  }
  if (!routes.OPTIONS) {
    const allow = [...new Set([...METHODS.filter((m) => handlers[m] || (m === 'HEAD' && handlers.GET)), 'OPTIONS'])].join(', ')
    routes.OPTIONS = withCors(() => new Response(null, { status: 204, headers: { allow } }), options)
  }
  return routes as CorsRouteHandlers<T>
}
