/**
 * corsa for Hono: `cors(options)` is a drop-in for `hono/cors` (the same option names) with
 * corsa's behaviour on every runtime Hono runs on.
 *
 * @packageDocumentation
 */
import type { CorsOptions } from '@corsa/core'
import { acceptOriginValues, ACCESS_CONTROL_PREFIX, compileCors, CorsConfigError, mergeVary } from '@corsa/core/engine'
import { decideRequest, decorateResponse, preflightResponse, refusedResponse, warnCookies } from '@corsa/core/fetch'
import type { Context, MiddlewareHandler } from 'hono'

export { CorsConfigError }

type MaybePromise<T> = T | Promise<T>

/**
 * An origin function. corsa's form returns a boolean; `hono/cors`'s form returns the value of
 * `Access-Control-Allow-Origin`, and is accepted as written: returning the request's origin
 * (or `true`) allows it; `'*'` allows it only without credentials; anything else (`null`,
 * `undefined`, `''`, another origin) refuses it. It is called only for a well-formed `Origin`.
 */
export type HonoOriginFunction<C extends Context = Context> = (origin: string, c: C) => MaybePromise<boolean | string | null | undefined>

/** Who may read responses: `'*'`, exact origins or patterns, anchored RegExps, or a function. */
export type HonoOriginOption<C extends Context = Context> = '*' | string | RegExp | readonly (string | RegExp)[] | HonoOriginFunction<C>

/** Every option but `origin` and `credentials`: the same names and meaning as in `@corsa/core` and `hono/cors`. */
export type CommonOptions = Omit<CorsOptions<'*'>, 'origin' | 'credentials'>

// The same shape as `@corsa/core`'s `CorsOptions<O>`, written out here because that type only
// accepts corsa's origin options, whose function returns a boolean, while `hono/cors`'s origin
// function returns the header value (a string), which this package accepts as written.
/**
 * The options of {@link cors}: `hono/cors`'s names (`origin`, `allowMethods`, `allowHeaders`,
 * `exposeHeaders`, `maxAge`, `credentials`) plus `preflightStatus`. `credentials: true` needs a
 * list of origins or a function: with `origin: '*'` (the default) it is a type error and a
 * `CorsConfigError`.
 */
export type HonoCorsOptions<O extends HonoOriginOption<any> = HonoOriginOption> = CommonOptions &
  ([O] extends ['*']
    ? {
        /** Who may read responses. Defaults to `'*'`. */
        origin?: O
        /** Not allowed with `origin: '*'`: list the origins that may send credentials. */
        credentials?: false
      }
    :
        | {
            /** Who may read responses. Defaults to `'*'`. */
            origin?: O
            /** Allow cookies and HTTP authentication. Defaults to `false`. */
            credentials?: false
          }
        | {
            /** Who may read responses: required with credentials. */
            origin: O
            /** Allow cookies and HTTP authentication (`Access-Control-Allow-Credentials: true`). Defaults to `false`. */
            credentials: boolean
          })

/**
 * A Hono middleware answering preflights and decorating every response, with `hono/cors`'s
 * option names: `app.use('*', cors())`, or per route `app.use('/api/*', cors({ ... }))`.
 * Preflights (`OPTIONS` + `Origin` + `Access-Control-Request-Method`) are answered here with an
 * empty body; later middleware and handlers never see them. The response of every other
 * request gets the CORS headers, whatever produced it: a handler, `app.onError`,
 * `app.notFound`, `c.redirect()`, `Response.redirect()`, a streaming helper.
 * Configuration mistakes throw `CorsConfigError` here.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono'
 * import { cors } from '@corsa/hono'
 *
 * const app = new Hono()
 * app.use('/api/*', cors({ origin: ['https://app.example.com'], credentials: true }))
 * ```
 */
export function cors(options?: HonoCorsOptions<'*'>): MiddlewareHandler
export function cors<const O extends HonoOriginOption>(options: HonoCorsOptions<O>): MiddlewareHandler
export function cors(options: Record<string, unknown> = {}): MiddlewareHandler {
  if (typeof options?.allowMethods === 'function') {
    throw new CorsConfigError([
      {
        option: 'allowMethods',
        reason: 'invalid',
        message: "as a function is hono/cors's: write a list, and use one cors() per route for different lists",
      },
    ])
  }
  const engine = compileCors<Context>(acceptOriginValues(options))
  return async function corsa(c, next) {
    // An origin function gets the Context in every case, csrf checks included.
    const decided = decideRequest(engine, c.req.raw, c)
    const verdict = decided instanceof Promise ? await decided : decided
    if (verdict.kind === 'refused') {
      // Cross-origin protection: later middleware and the handler never see the request.
      c.res = undefined
      c.res = refusedResponse(verdict)
      return c.res
    }
    if (verdict.kind === 'preflight') {
      const answer = preflightResponse(verdict)
      // Headers earlier middleware set with c.header() are kept, but Access-Control-* are corsa's.
      c.res.headers.forEach((value, name) => {
        if (name === 'vary') answer.headers.set(name, mergeVary(value, answer.headers.get(name)!) ?? value)
        else if (!name.startsWith(ACCESS_CONTROL_PREFIX) && name !== 'content-type' && name !== 'content-length') {
          answer.headers.append(name, value)
        }
      })
      c.res = undefined
      c.res = answer
      return answer
    }
    await next()
    const response = c.res
    const decorated = decorateResponse(verdict, response)
    warnCookies(engine, c.req.raw, decorated)
    if (decorated !== response) {
      // Immutable headers (a Response.redirect() or a fetch() result): the rebuilt copy goes
      // in as it is, without Hono copying the old headers back over it.
      c.res = undefined
      c.res = decorated
    }
  }
}
