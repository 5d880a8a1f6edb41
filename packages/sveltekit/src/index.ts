/**
 * corsa for SvelteKit 2: `cors(options)` is a `handle` hook for `src/hooks.server.ts`. Preflights
 * are answered before routing (and before any hook after it); every other response that `resolve`
 * produces gets the CORS headers: `+server.ts` endpoints, pages, form actions, `error()`, thrown
 * errors, `redirect()`, the 404 page, streams.
 *
 * @packageDocumentation
 */
import type { CorsOptions, OriginOption } from '@corsa/core'
import { compileCors, CorsConfigError, type CorsVerdict } from '@corsa/core/engine'
import { decideRequest, decorateResponse, preflightResponse, refusedResponse } from '@corsa/core/fetch'
import type { Handle, RequestEvent } from '@sveltejs/kit'

export { CorsConfigError }

/**
 * The options of {@link cors}: `@corsa/core`'s (`origin`, `credentials`, `allowMethods`,
 * `allowHeaders`, `exposeHeaders`, `maxAge`, `preflightStatus`, `csrf`). An origin function gets
 * the origin and SvelteKit's `RequestEvent`.
 */
export type SvelteKitCorsOptions<O extends OriginOption<RequestEvent> = OriginOption<RequestEvent>> = CorsOptions<O, RequestEvent>

type HandleInput = Parameters<Handle>[0]

/**
 * A SvelteKit `handle` hook with corsa's policy: `export const handle = cors(options)` in
 * `src/hooks.server.ts`, or first in `sequence(cors(options), auth, ...)`. Preflights (`OPTIONS` +
 * `Origin` + `Access-Control-Request-Method`) are answered here with an empty body; `resolve`, the
 * hooks after this one and your routes never see them. Any other `OPTIONS` reaches your routes.
 * Configuration mistakes throw `CorsConfigError` here, when the hooks file loads.
 *
 * @example
 * ```ts
 * // src/hooks.server.ts
 * import { cors } from '@corsa/sveltekit'
 *
 * export const handle = cors({ origin: ['https://app.example.com'], credentials: true })
 * ```
 */
export function cors(options?: SvelteKitCorsOptions<'*'>): Handle
export function cors<const O extends OriginOption<RequestEvent>>(options: SvelteKitCorsOptions<O>): Handle
export function cors(options: object = {}): Handle {
  const engine = compileCors<RequestEvent>(options)

  const respond = async (verdict: CorsVerdict, { event, resolve }: HandleInput): Promise<Response> => {
    if (verdict.kind === 'preflight') return preflightResponse(verdict)
    if (verdict.kind === 'refused') return refusedResponse(verdict)
    // resolve() turns what the route did (a Response, error(), a thrown error, redirect(), no
    // route at all) into a Response, and applies setHeaders() and cookies.set() to it.
    return decorateResponse(verdict, await resolve(event))
  }

  return function corsa(input) {
    const event = input.event
    const decided = decideRequest(engine, event.request, event, event.url)
    return decided instanceof Promise ? decided.then((verdict) => respond(verdict, input)) : respond(decided, input)
  }
}
