/**
 * corsa for h3 v2 (and so Nitro v3 and Nuxt server routes): `cors(options)` is a middleware that
 * replaces `handleCors`. Preflights are answered before routing and the handlers; every other
 * response gets the CORS headers, whatever produced it: a handler's value or `Response`,
 * `event.res.headers`, `redirect()`, a stream, a thrown `HTTPError`, the app's `onError`, a 404.
 *
 * @packageDocumentation
 */
import type { CorsOptions, OriginOption } from '@corsa/core'
import { ACCESS_CONTROL_PREFIX, ACRH, ACRM, compileCors, CorsConfigError, type CorsVerdict, mergeVary } from '@corsa/core/engine'
import { decorateResponse, preflightResponse, refusedResponse } from '@corsa/core/fetch'
import { type H3Event, type Middleware, toResponse } from 'h3'

export { CorsConfigError }

/**
 * The options of {@link cors}: `@corsa/core`'s (`origin`, `credentials`, `allowMethods`,
 * `allowHeaders`, `exposeHeaders`, `maxAge`, `preflightStatus`, `csrf`). An origin function gets
 * the origin and the `H3Event`.
 */
export type H3CorsOptions<O extends OriginOption<H3Event> = OriginOption<H3Event>> = CorsOptions<O, H3Event>

/** `handleCors`'s option names that corsa spells differently, with corsa's name. */
const RENAMED: Record<string, string> = { methods: 'allowMethods' }

/** Removes the headers an earlier middleware prepared that corsa owns: every `Access-Control-*` one. */
function dropPrepared(headers: Headers): string | null {
  const vary = headers.get('vary')
  const owned: string[] = []
  headers.forEach((_, name) => {
    if (name.startsWith(ACCESS_CONTROL_PREFIX)) owned.push(name)
  })
  for (const name of owned) headers.delete(name)
  return vary
}

/**
 * An h3 middleware with corsa's policy: `app.use(cors(options))` before the routes, or in Nitro
 * `export default cors(options)` from `middleware/cors.ts`. Preflights (`OPTIONS` + `Origin` +
 * `Access-Control-Request-Method`) are answered here with an empty body; later middleware and
 * handlers never see them, and any other `OPTIONS` reaches your routes. Configuration mistakes
 * (and `handleCors`'s `methods`) throw `CorsConfigError` here.
 *
 * @example
 * ```ts
 * import { H3 } from 'h3'
 * import { cors } from '@corsa/h3'
 *
 * export const app = new H3().use(cors({ origin: ['https://app.example.com'], credentials: true }))
 * ```
 */
export function cors(options?: H3CorsOptions<'*'>): Middleware
export function cors<const O extends OriginOption<H3Event>>(options: H3CorsOptions<O>): Middleware
export function cors(options: object = {}): Middleware {
  if (options !== null && typeof options === 'object') {
    const problems = Object.keys(options)
      .filter((name) => name in RENAMED)
      .map((name) => ({
        option: name,
        reason: 'unknown-option' as const,
        message: `is handleCors's name: write ${RENAMED[name]}`,
        instead: RENAMED[name],
      }))
    if (problems.length) throw new CorsConfigError(problems)
  }
  const engine = compileCors<H3Event>(options)

  const respond = async (verdict: CorsVerdict, event: H3Event, next: () => unknown): Promise<Response> => {
    if (verdict.kind === 'refused') return refusedResponse(verdict)
    if (verdict.kind === 'preflight') {
      const answer = preflightResponse(verdict)
      // h3 lays the headers prepared on event.res over a returned Response: corsa's must win,
      // and a Vary prepared earlier is merged into the preflight's.
      const vary = dropPrepared(event.res.headers)
      event.res.headers.delete('vary')
      if (vary) answer.headers.set('vary', mergeVary(vary, answer.headers.get('vary')!) ?? vary)
      return answer
    }
    let value: unknown
    try {
      value = await next()
    } catch (error) {
      value = error
    }
    // The response h3 would send (the app's onError and the prepared headers applied), decorated.
    const config = event.app?.config
    const response = await toResponse(value, event, config ? { ...config, onResponse: undefined } : {})
    return decorateResponse(verdict, response)
  }

  // Reads the event's own URL for cross-origin protection (h3 has parsed it already).
  return function corsa(event, next) {
    const request = event.req
    const headers = request.headers
    const method = request.method
    const isOptions = method === 'OPTIONS'
    const decided = engine.checksWrite(method)
      ? engine.decide(method, headers.get('origin'), null, null, event, {
          site: headers.get('sec-fetch-site'),
          host: headers.get('host') ?? event.url.host,
          path: event.url.pathname,
        })
      : engine.decide(method, headers.get('origin'), isOptions ? headers.get(ACRM) : null, isOptions ? headers.get(ACRH) : null, event)
    return decided instanceof Promise ? decided.then((verdict) => respond(verdict, event, next)) : respond(decided, event, next)
  }
}
