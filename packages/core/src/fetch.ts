import {
  ACAC,
  ACAO,
  ACEH,
  ACRH,
  ACRM,
  actualReason,
  preflightReason,
  compileCors,
  type CorsEngine,
  type PreflightAnswer,
} from './engine.js'
import { describe } from './explain.js'
import type { CorsDecision, CorsOptions, OriginOption } from './options.js'

type MaybePromise<T> = T | Promise<T>

/** `Promise<T>` when the origin option is an async predicate, else `T`. */
export type CorsResult<O, T> = O extends (...args: never[]) => infer R ? (Promise<never> extends R ? MaybePromise<T> : T) : T

/**
 * A compiled CORS policy, the pure face of corsa: call it with a request and get either the
 * answer to a preflight or the CORS headers to put on the actual response.
 */
export interface CorsPolicy<O = OriginOption> {
  /**
   * A `Response` for a preflight (answer it as is), else the `Headers` to put on the actual
   * response: set each `Access-Control-*` one and merge `Vary` into the response's own.
   * A Promise only when `origin` is an async predicate.
   */
  (request: Request): CorsResult<O, Response | Headers>
  /** The compiled rules, for {@link explain} and for adapters. */
  readonly engine: CorsEngine
}

/**
 * Why `policy` allows or refuses `request`: a reason code and one plain sentence, such as
 * `origin https://x.test is not in the allowed list`. It is a separate function so that
 * bundles that never explain do not carry the sentences.
 *
 * @example
 * ```ts
 * const decision = await explain(policy, request)
 * if (!decision.allowed) console.warn(`CORS: ${decision.message}`)
 * ```
 */
export function explain<O>(policy: CorsPolicy<O>, request: Request): CorsResult<O, CorsDecision> {
  const engine = policy.engine
  return decide(engine, request, (origin, allowed, preflight) =>
    preflight
      ? describe(
          engine,
          'preflight',
          preflightReason(engine, allowed, request.headers.get(ACRM)!, request.headers.get(ACRH)),
          origin,
          request.headers.get(ACRM),
          request.headers.get(ACRH),
        )
      : describe(
          engine,
          'actual',
          // A cross-origin request that carries cookies was sent with credentials: 'include', and
          // browsers refuse its response without Access-Control-Allow-Credentials: true.
          allowed && origin !== null && !engine.credentials && request.headers.has('cookie')
            ? 'credentials-not-allowed'
            : actualReason(engine, origin, allowed),
          origin,
          null,
        ),
  ) as CorsResult<O, CorsDecision>
}

/** Options of {@link withCors}: those of `cors()` plus `onError`. */
export type WithCorsOptions<O extends OriginOption = OriginOption> = CorsOptions<O> & {
  /**
   * Turns an error thrown by the handler into a response, which corsa then decorates.
   * Defaults to logging the error and answering `500 Internal Server Error`. Rethrow to let
   * the runtime handle the error instead (its response then carries no CORS headers).
   */
  onError?: (error: unknown, request: Request) => Response | Promise<Response>
}

/** The wrapped handler: the same parameters; a Promise wherever the handler or the origin predicate is async. */
export type CorsHandler<H extends (request: Request, ...rest: any[]) => unknown> = (
  request: Request,
  ...rest: H extends (request: Request, ...rest: infer Rest) => unknown ? Rest : never
) => MaybePromise<Awaited<ReturnType<H>> | Response>

/**
 * Compiles a CORS policy once; configuration mistakes throw {@link CorsConfigError} here,
 * never per request.
 *
 * @example
 * ```ts
 * const policy = cors({ origin: ['https://app.example.com', 'https://*.example.com'], credentials: true })
 * const answer = policy(request)
 * if (answer instanceof Response) return answer // the preflight
 * ```
 */
export function cors(options?: CorsOptions<'*'>): CorsPolicy<'*'>
export function cors<const O extends OriginOption>(options: CorsOptions<O>): CorsPolicy<O>
export function cors(options?: object): CorsPolicy {
  const engine = compileCors(options)
  const policy = (request: Request) =>
    decide(engine, request, (origin, allowed, preflight) =>
      preflight ? preflightResponse(preflight) : writeActual(engine, new Headers(), origin, allowed),
    )
  policy.engine = engine
  return policy as CorsPolicy
}

/**
 * Resolves whether the request's origin is allowed (asynchronously only for an async
 * predicate) and, for a preflight, its answer; then continues with `next`.
 */
function decide<T>(
  engine: CorsEngine,
  request: Request,
  next: (origin: string | null, allowed: boolean, preflight?: PreflightAnswer) => T,
): T | Promise<T> {
  const h = request.headers
  const origin = h.get('origin')
  // A preflight is OPTIONS + Origin + Access-Control-Request-Method; others skip the look-up.
  const method = request.method === 'OPTIONS' ? h.get(ACRM) : null
  const go = (allowed: boolean) =>
    next(origin, allowed, origin !== null && method !== null ? engine.preflight(origin, allowed, method, h.get(ACRH)) : undefined)
  const allowed = origin === null ? engine.anyOrigin : engine.allowOrigin(origin, request)
  return typeof allowed === 'boolean' ? go(allowed) : allowed.then(go)
}

/** A preflight answer as a `Response` with an empty body. */
export function preflightResponse(answer: PreflightAnswer): Response {
  return new Response(null, answer)
}

/**
 * Writes corsa's headers on an actual response's headers; throws if they are immutable. One pass
 * over the response's headers finds its `Vary`, the `Access-Control-*` headers the handler set
 * (corsa's to replace or remove) and, for `exposeHeaders: '*'` with credentials, the names to
 * expose: cheaper than asking for each header by name.
 */
function writeActual(engine: CorsEngine<any>, headers: Headers, origin: string | null, allowed: boolean): Headers {
  let vary = ''
  const owned: string[] = []
  const names: string[] = []
  // forEach, not for...of: as fast in Node and Bun, and four times faster in Deno.
  headers.forEach((value, name) => {
    if (name === 'vary') vary = value
    if (name.startsWith('access-control-')) owned.push(name)
    // Each name comes once, but for Set-Cookie, which browsers never expose.
    else if (engine.exposeResponseHeaders && name !== 'set-cookie') names.push(name)
  })
  const ours: Record<string, string> = {}
  if (allowed) {
    ours[ACAO] = engine.anyOrigin ? '*' : origin!
    if (engine.credentials) ours[ACAC] = 'true'
    const expose = engine.exposeResponseHeaders ? names.join(', ') : engine.exposeHeaders
    if (expose) ours[ACEH] = expose
  }
  // Replace in place what corsa sends (runtimes that keep insertion order keep it), remove the rest.
  for (const name of owned) if (!(name in ours)) headers.delete(name)
  for (const name in ours) headers.set(name, ours[name]!)
  // Merge Origin into Vary: never overwrite, never duplicate, and leave `Vary: *` alone.
  if (!engine.anyOrigin && !/(^|,)\s*(origin|\*)\s*(,|$)/i.test(vary)) headers.set('vary', vary ? `${vary}, Origin` : 'Origin')
  return headers
}

/**
 * Puts corsa's headers on whatever a handler returned. Responses with immutable headers
 * (`Response.redirect()`, a `fetch()` result, a cached response) are rebuilt around the same
 * body stream with the same status, status text and headers. `undefined`, non-responses,
 * `101 Switching Protocols` and `Response.error()` pass through untouched.
 */
export function decorateResponse<R>(engine: CorsEngine<any>, response: R, origin: string | null, allowed: boolean): R {
  let res = response as unknown as Response
  // Not a response, or a 101 / Response.error(): nothing to decorate, and they cannot be rebuilt.
  if (!(res as Response | undefined)?.headers || res.status < 200) return response
  try {
    writeActual(engine, res.headers, origin, allowed)
  } catch {
    // Immutable headers: a new response around the same body stream, with the same status and headers.
    res = new Response(res.body, res)
    writeActual(engine, res.headers, origin, allowed)
  }
  return res as unknown as R
}

function defaultOnError(error: unknown): Response {
  console.error(error)
  return new Response(null, { status: 500 })
}

/**
 * Wraps a fetch handler `(request, ...rest)` with a CORS policy. Preflights are answered without
 * calling the handler; every response the handler returns (any status, thrown errors included)
 * gets the CORS headers. With no options it is a public, non-credentialed API (`origin: '*'`).
 *
 * @example
 * ```ts
 * export default { fetch: withCors(handler, { origin: ['https://app.example.com'], credentials: true }) }
 * ```
 */
export function withCors<H extends (request: Request, ...rest: any[]) => unknown>(
  handler: H,
  options?: WithCorsOptions<'*'>,
): CorsHandler<H>
export function withCors<H extends (request: Request, ...rest: any[]) => unknown, const O extends OriginOption>(
  handler: H,
  options: WithCorsOptions<O>,
): CorsHandler<H>
export function withCors(handler: (request: Request, ...rest: unknown[]) => unknown, options?: WithCorsOptions): unknown {
  const engine = compileCors(options)
  const onError = options?.onError ?? defaultOnError
  return (request: Request, ...rest: unknown[]) =>
    decide(engine, request, (origin, allowed, preflight) => {
      if (preflight) return preflightResponse(preflight)
      const decorate = (response: unknown) => decorateResponse(engine, response, origin, allowed)
      let result: unknown
      try {
        result = handler(request, ...rest)
      } catch (error) {
        // One path for sync throws and rejections, so that onError runs exactly once.
        result = Promise.reject(error)
      }
      return result instanceof Promise ? result.catch((error: unknown) => onError(error, request)).then(decorate) : decorate(result)
    })
}
