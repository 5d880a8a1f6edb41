/**
 * corsa for Astro (server output): `cors(options)` is an `onRequest` middleware for
 * `src/middleware.ts`. Preflights are answered before routing (and before any middleware after
 * it); every other response gets the CORS headers: API endpoints, pages, `context.redirect()`,
 * `Response.redirect()`, streams and the 404 page.
 *
 * @packageDocumentation
 */
import type { CorsOptions, OriginOption } from '@corsa/core'
import { compileCors, CorsConfigError, type CorsVerdict } from '@corsa/core/engine'
import { decideRequest, decorateResponse, preflightResponse, refusedResponse } from '@corsa/core/fetch'
import type { APIContext, MiddlewareHandler } from 'astro'

export { CorsConfigError }

/**
 * The options of {@link cors}: `@corsa/core`'s (`origin`, `credentials`, `allowMethods`,
 * `allowHeaders`, `exposeHeaders`, `maxAge`, `preflightStatus`, `csrf`). An origin function gets
 * the origin and Astro's `APIContext`.
 */
export type AstroCorsOptions<O extends OriginOption<APIContext> = OriginOption<APIContext>> = CorsOptions<O, APIContext>

type Next = Parameters<MiddlewareHandler>[1]

/**
 * An Astro middleware with corsa's policy: `export const onRequest = cors(options)` in
 * `src/middleware.ts`, or first in `sequence(cors(options), auth, ...)` (from `astro:middleware`).
 * Preflights (`OPTIONS` + `Origin` + `Access-Control-Request-Method`) are answered here with an
 * empty body; the middleware after this one and your routes never see them. Any other `OPTIONS`
 * reaches your endpoints. Configuration mistakes throw `CorsConfigError` here, when the middleware
 * file loads.
 *
 * @example
 * ```ts
 * // src/middleware.ts
 * import { cors } from '@corsa/astro'
 *
 * export const onRequest = cors({ origin: ['https://app.example.com'], credentials: true })
 * ```
 */
export function cors(options?: AstroCorsOptions<'*'>): MiddlewareHandler
export function cors<const O extends OriginOption<APIContext>>(options: AstroCorsOptions<O>): MiddlewareHandler
export function cors(options: object = {}): MiddlewareHandler {
  const engine = compileCors<APIContext>(options)

  const respond = async (verdict: CorsVerdict, next: Next): Promise<Response> => {
    if (verdict.kind === 'preflight') return preflightResponse(verdict)
    if (verdict.kind === 'refused') return refusedResponse(verdict)
    return decorateResponse(verdict, await next())
  }

  return function corsa(context, next): Promise<Response> {
    const decided = decideRequest(engine, context.request, context, context.url)
    return decided instanceof Promise ? decided.then((verdict) => respond(verdict, next)) : respond(decided, next)
  }
}
