import type { CorsOptionsFor, OriginOption } from '@corsa/core'
import { compileCors } from '@corsa/core/engine'
import { decideRequest, decorateResponse, preflightResponse, refusedResponse, warnCookies } from '@corsa/core/fetch'
// With the extension: plain Node ESM resolves `next/server.js`, not `next/server`.
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server.js'

type MaybePromise<T> = T | Promise<T>

/**
 * A `proxy.ts` (Next 16) or `middleware.ts` (Next 15) function. Returning nothing means
 * "go on to the app", as `NextResponse.next()` does.
 */
export type NextProxyFunction = (request: NextRequest, event: NextFetchEvent) => MaybePromise<Response | null | undefined | void>

/** What {@link corsProxy} returns: export it as `proxy` (or `middleware`, or default). */
export type CorsProxy = (request: NextRequest, event: NextFetchEvent) => Promise<Response>

/**
 * One CORS policy for every path your `proxy.ts` (Next 16) or `middleware.ts` (Next 15)
 * matches. A preflight is answered here, with an empty body and nothing of Next's internal
 * `x-middleware-*` headers, before your own `proxy` runs (so auth never sees it). Every other
 * request goes on to your `proxy`, if you pass one, and then to the app; the CORS headers are
 * put on what your proxy returns, and Next passes them on to the response the app produces
 * (route handler, page, `notFound()`, `redirect()`, thrown error), with `Vary: Origin` added
 * to the app's own `Vary`.
 *
 * Do not also set CORS headers for the same paths in route handlers or `next.config`: Next
 * appends them, and browsers refuse a response with two `Access-Control-Allow-Origin`.
 *
 * @example
 * ```ts
 * // proxy.ts
 * import { corsProxy } from '@corsa/next'
 * export const proxy = corsProxy({ origin: ['https://app.example.com'], credentials: true })
 * export const config = { matcher: '/api/:path*' }
 * ```
 */
export function corsProxy<const O extends OriginOption<NextRequest> = '*'>(options?: CorsOptionsFor<O>, proxy?: NextProxyFunction): CorsProxy {
  const engine = compileCors<NextRequest>(options)
  return async (request, event) => {
    const verdict = await decideRequest(engine as never, request)
    if (verdict.kind === 'preflight') return preflightResponse(verdict)
    if (verdict.kind === 'refused') return refusedResponse(verdict)
    const response = (proxy && (await proxy(request, event))) || NextResponse.next()
    const decorated = decorateResponse(verdict, response)
    warnCookies(engine, request, decorated)
    return decorated
  }
}
