/**
 * corsa for itty-router (v5 and v6): `cors(options)` returns `{ preflight, corsify }`, the shape
 * of itty's own `cors()`, for `AutoRouter({ before: [preflight], finally: [corsify] })` and
 * `Router({ before: [preflight], finally: [corsify] })`, with corsa's behaviour: every status kept,
 * `Vary` merged, immutable responses rebuilt, refused origins given no `Access-Control-*` header.
 *
 * @packageDocumentation
 */
import type { CommonCorsOptions, OriginOption } from '@corsa/core'
import { acceptOriginValues, type ActualVerdict, compileCors, CorsConfigError, type CorsVerdict } from '@corsa/core/engine'
import { decideRequest, decorateResponse, preflightResponse, refusedResponse } from '@corsa/core/fetch'

export { CorsConfigError }

type MaybePromise<T> = T | Promise<T>

/**
 * An origin function. corsa's form returns a boolean; itty's form returns the value of
 * `Access-Control-Allow-Origin` and is accepted as written: returning the request's origin (or
 * `true`) allows it, `'*'` allows it only without credentials, anything else refuses it. It is
 * called only for a well-formed `Origin`, with the request as itty's handlers see it.
 */
export type IttyOriginFunction = (origin: string, request: Request) => MaybePromise<boolean | string | null | undefined | void>

/** Who may read responses: `'*'`, exact origins or patterns, anchored RegExps, or a function. */
export type IttyOriginOption = Exclude<OriginOption, (...args: never[]) => unknown> | IttyOriginFunction

/**
 * The options of {@link cors}: itty's names (`origin`, `credentials`, `allowMethods`,
 * `allowHeaders`, `exposeHeaders`, `maxAge`) with corsa's meaning, plus `preflightStatus` and
 * `csrf`. `credentials: true` needs a list of origins or a function: with `origin: '*'` (the
 * default) it is a type error and a `CorsConfigError`.
 */
export type IttyCorsOptions<O extends IttyOriginOption = IttyOriginOption> = CommonCorsOptions &
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

/** The pair {@link cors} returns, named as itty's. */
export interface CorsPair {
  /**
   * For `before`: answers a preflight (or a request refused by `csrf`) with a `Response`, so that
   * routes, auth and `missing` never see it; returns `undefined` for anything else. A Promise only
   * when `origin` is an async function.
   */
  preflight: (request: Request) => MaybePromise<Response | undefined>
  /**
   * For `finally`: puts the CORS headers on whatever the router produced (a route, `catch`,
   * `missing`, a redirect, a stream), keeping its status, body and every header but the
   * `Access-Control-*` ones, which are corsa's. Anything that is not a `Response` passes through.
   */
  corsify: <R>(response: R, request: Request) => MaybePromise<R>
}

/**
 * Compiles a CORS policy for itty-router once (configuration mistakes throw `CorsConfigError`
 * here) and returns `{ preflight, corsify }`: put `preflight` first in `before` and `corsify`
 * last in `finally`.
 *
 * @example
 * ```ts
 * import { AutoRouter } from 'itty-router'
 * import { cors } from '@corsa/itty'
 *
 * const { preflight, corsify } = cors({ origin: ['https://app.example.com'], credentials: true })
 * export default AutoRouter({ before: [preflight], finally: [corsify] })
 * ```
 */
export function cors(options?: IttyCorsOptions<'*'>): CorsPair
export function cors<const O extends IttyOriginOption>(options: IttyCorsOptions<O>): CorsPair
export function cors(input: object = {}): CorsPair {
  const engine = compileCors<Request>(acceptOriginValues(input))
  // The verdict of each request, from `preflight` to `corsify` (itty passes both the same object).
  const verdicts = new WeakMap<object, ActualVerdict>()

  const early = (verdict: CorsVerdict, request: Request): Response | undefined => {
    if (verdict.kind === 'preflight') return preflightResponse(verdict)
    if (verdict.kind === 'refused') return refusedResponse(verdict)
    verdicts.set(request, verdict)
    return undefined
  }
  const preflight = (request: Request) => {
    const verdict = decideRequest(engine, request)
    return verdict instanceof Promise ? verdict.then((v) => early(v, request)) : early(verdict, request)
  }

  const late = <R>(verdict: CorsVerdict, response: R): R =>
    // Without `preflight` in `before`, corsa's answer to a preflight still wins over the app's.
    verdict.kind === 'actual'
      ? decorateResponse(verdict, response)
      : ((verdict.kind === 'preflight' ? preflightResponse(verdict) : refusedResponse(verdict)) as R)
  const corsify = <R>(response: R, request: Request): MaybePromise<R> => {
    const known = verdicts.get(request)
    if (known) return decorateResponse(known, response)
    const verdict = decideRequest(engine, request)
    return verdict instanceof Promise ? verdict.then((v) => late(v, response)) : late(verdict, response)
  }
  return { preflight, corsify }
}
