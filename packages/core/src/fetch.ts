/**
 * The Fetch face: `cors()`, `withCors()` and `explain()` for anything with `Request` and
 * `Response` (Node ≥ 20, Bun, Deno, Workers, Edge). It reads a request's headers, asks the
 * engine, and applies the verdict to a `Response`.
 */
import { functionOption } from './engine/config.js'
import type { CookieExchange } from './engine/cookie-warnings.js'
import { ACEH, ACRH, ACRM, varyLacksOrigin } from './engine/fetch-rules.js'
import { type ActualVerdict, compileCors, type CorsEngine, type CorsVerdict, type PreflightVerdict, type RefusedVerdict } from './engine/policy.js'
import type { AnyOriginOption, CheckCorsOptions, CorsOptions, CorsOptionsShape, OriginOf, OriginOption } from './options.js'

type MaybePromise<T> = T | Promise<T>

/** `Promise<T>` when the origin option is an async predicate, else `T`. */
export type CorsResult<O, T> = O extends (...args: never[]) => infer R ? (Promise<never> extends R ? MaybePromise<T> : T) : T

/**
 * A compiled CORS policy, the pure face of corsa: call it with a request and get either the
 * answer to a preflight or the CORS headers to put on the actual response.
 */
export interface CorsPolicy<O = OriginOption> {
  /**
   * A `Response` for a preflight or a request refused by `csrf` (answer it as is), else the `Headers` to put on the actual
   * response: set each `Access-Control-*` one, remove any other, and merge `Vary` into the
   * response's own. A Promise only when `origin` is an async predicate.
   */
  (request: Request): CorsResult<O, Response | Headers>
  /** The compiled rules, for `explain()` and for adapters. */
  readonly engine: CorsEngine
}

/** Options of {@link withCors}: those of `cors()` plus `onError`. */
export type WithCorsOptions<O extends OriginOption | AnyOriginOption = AnyOriginOption> = CorsOptions<O> & {
  /**
   * Turns an error thrown by the handler into a response, which corsa then decorates.
   * Defaults to logging the error and answering `500 Internal Server Error`. Rethrow to let
   * the runtime handle the error instead (its response then carries no CORS headers).
   */
  onError?: (error: unknown, request: Request) => Response | Promise<Response>
}

/** The options of `withCors` as written in a call. */
type WithCorsShape<O> = CorsOptionsShape<O> & Pick<WithCorsOptions, 'onError'>

/** The wrapped handler: the same parameters; a Promise wherever the handler or the origin predicate is async. */
export type CorsHandler<H extends (request: Request, ...rest: any[]) => unknown> = (
  request: Request,
  ...rest: H extends (request: Request, ...rest: infer Rest) => unknown ? Rest : never
) => MaybePromise<Awaited<ReturnType<H>> | Response>

/** The options `withCors` takes besides the policy's own. */
const WITH_CORS_OPTIONS = { extra: { onError: functionOption } }

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}

/**
 * Reads a request's method, `Origin`, (for `OPTIONS` only) the preflight's headers and (for a
 * write under cross-origin protection only) `Sec-Fetch-Site`, `Host` and the path, and asks the
 * engine. A face whose origin predicate receives its framework's context (Hono's `c`, SvelteKit's
 * event) passes it as `context`, and the URL the framework parsed already, if any, as `url`.
 */
export function decideRequest<C = Request>(
  engine: CorsEngine<C>,
  request: Request,
  context: C = request as unknown as C,
  url?: URL,
): CorsVerdict | Promise<CorsVerdict> {
  const headers = request.headers
  const method = request.method
  const options = method === 'OPTIONS'
  const origin = headers.get('origin')
  if (!engine.checksWrite(method))
    return engine.decide(method, origin, options ? headers.get(ACRM) : null, options ? headers.get(ACRH) : null, context)
  const parsed = url ?? new URL(request.url)
  // Host as the client sent it; a Request built by a server carries it in its URL.
  const facts = { site: headers.get('sec-fetch-site'), host: headers.get('host') ?? parsed.host, path: parsed.pathname }
  return engine.decide(method, origin, null, null, context, facts)
}

/** A refusal of cross-origin protection as a `Response`: `403` with a short plain-text body. */
export function refusedResponse(verdict: RefusedVerdict): Response {
  return new Response(verdict.body, verdict)
}

/**
 * Each verdict's headers as a `Headers`, made at its first use: a `Response` or `Headers` built
 * from a `Headers` copies its list, three to seven times faster than reading a record. Never
 * handed out, only copied.
 */
const headersOf = new WeakMap<object, Headers>()
function verdictHeaders(verdict: PreflightVerdict | ActualVerdict): Headers {
  let headers = headersOf.get(verdict)
  if (headers === undefined) {
    headers = new Headers(verdict.headers)
    if (verdict.kind === 'actual' && verdict.varyOrigin) headers.set('vary', 'Origin')
    headersOf.set(verdict, headers)
  }
  return headers
}

/**
 * Deno builds a `Headers` from another through its iterator, four times slower than from a
 * record (Node and Bun copy the list, two to four times faster than from a record).
 */
const COPIES_HEADERS_SLOWLY = typeof (globalThis as { Deno?: unknown }).Deno === 'object'

/** A preflight verdict as a `Response` with an empty body. */
export function preflightResponse(verdict: PreflightVerdict): Response {
  return new Response(null, { status: verdict.status, headers: verdictHeaders(verdict) })
}

/**
 * Applies an actual verdict to a response's headers; throws if they are immutable. One pass over
 * the headers finds `Vary`, the `Access-Control-*` headers already there (corsa's, to replace
 * or remove) and, for `exposeHeaders: '*'` with credentials, the names to expose.
 */
export function applyActual(verdict: ActualVerdict, headers: Headers): void {
  let vary: string | undefined
  let owned: string[] | undefined
  let names: string[] | undefined
  const listNames = verdict.exposeResponseHeaders
  // forEach, not for...of: as fast in Node and Bun, and four times faster in Deno.
  headers.forEach((value, name) => {
    if (name === 'vary') vary = value
    if (name.startsWith('access-control-')) (owned ??= []).push(name)
    // Each name comes once but Set-Cookie, which browsers never expose.
    else if (listNames && name !== 'set-cookie') (names ??= []).push(name)
  })
  const set = verdict.headers
  if (owned === undefined) {
    // The usual case, no Access-Control-* header yet: append, which has nothing to replace.
    for (const name in set) headers.append(name, set[name]!)
  } else {
    for (const name of owned) if (!(name in set)) headers.delete(name)
    for (const name in set) headers.set(name, set[name]!)
  }
  if (names) headers.set(ACEH, names.join(', '))
  if (!verdict.varyOrigin) return
  if (vary === undefined) headers.append('vary', 'Origin')
  // One Vary line, rewritten: Bun and Deno would send an appended value as a second line, which
  // some shared caches (nginx before 1.23) read only the first of.
  else if (varyLacksOrigin(vary)) headers.set('vary', vary ? `${vary}, Origin` : 'Origin')
}

/** A `Response`, from this realm or another (a polyfill, a VM): something with a status and mutable-looking headers. */
function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true
  const candidate = value as Partial<Response> | null
  return typeof candidate?.status === 'number' && typeof candidate.headers?.forEach === 'function' && typeof candidate.headers.set === 'function'
}

/**
 * Applies an actual verdict to whatever a handler returned. Responses with immutable headers
 * (`Response.redirect()`, a `fetch()` result, a cached response) are rebuilt around the same
 * body stream with the same status, status text and headers. What cannot be decorated passes
 * through exactly as returned: anything that is not a `Response`, `101`, `Response.error()`, and
 * an immutable response that cannot be rebuilt (a status outside 200–599, a status text that is
 * not Latin-1, a body already read). corsa never turns a response into an error.
 */
export function decorateResponse<R>(verdict: ActualVerdict, response: R): R {
  if (!isResponse(response) || response.status < 200) return response
  try {
    applyActual(verdict, response.headers)
    return response
  } catch {
    let copy: Response
    try {
      copy = new Response(response.body, response)
    } catch {
      return response
    }
    applyActual(verdict, copy.headers)
    return copy as R
  }
}

/**
 * Compiles a CORS policy once; configuration mistakes throw `CorsConfigError` here, never per
 * request.
 *
 * @example
 * ```ts
 * const policy = cors({ origin: ['https://app.example.com', 'https://*.example.com'], credentials: true })
 * const answer = policy(request)
 * if (answer instanceof Response) return answer // the preflight
 * ```
 */
export function cors<const O extends OriginOption, const T extends object = {}>(
  options?: T & CorsOptionsShape<O> & CheckCorsOptions<T, keyof CorsOptionsShape<O>>,
): CorsPolicy<OriginOf<T>>
export function cors(options?: object): CorsPolicy {
  const engine = compileCors<Request>(options)
  const answer = (verdict: CorsVerdict): Response | Headers => {
    if (verdict.kind === 'preflight') return preflightResponse(verdict)
    if (verdict.kind === 'refused') return refusedResponse(verdict)
    if (COPIES_HEADERS_SLOWLY) {
      const headers = new Headers(verdict.headers)
      if (verdict.varyOrigin) headers.set('vary', 'Origin')
      return headers
    }
    return new Headers(verdictHeaders(verdict))
  }
  const policy = (request: Request) => {
    const verdict = decideRequest(engine, request)
    return verdict instanceof Promise ? verdict.then(answer) : answer(verdict)
  }
  policy.engine = engine
  return policy as CorsPolicy
}

/**
 * Development cookie warnings for a face on `Request`/`Response`: call it with the decorated
 * response. Does nothing (one check) unless the policy's `cookieWarnings` is on.
 */
export function warnCookies(engine: { readonly config: Pick<CorsEngine['config'], 'cookieWarnings'> }, request: Request, response: unknown): void {
  const warn = engine.config.cookieWarnings
  if (warn && isResponse(response)) warn(cookieExchange(request, response))
}

/** What cookie warnings read of a request and its decorated response. */
function cookieExchange(request: Request, response: Response): CookieExchange {
  const headers = response.headers
  return {
    url: request.url,
    origin: request.headers.get('origin'),
    cookie: request.headers.get('cookie'),
    secFetchSite: request.headers.get('sec-fetch-site'),
    setCookies: typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [],
    allowCredentials: headers.get('access-control-allow-credentials'),
    allowOrigin: headers.get('access-control-allow-origin'),
  }
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
export function withCors<H extends (request: Request, ...rest: any[]) => unknown, const O extends OriginOption, const T extends object = {}>(
  handler: H,
  options?: T & WithCorsShape<O> & CheckCorsOptions<T, keyof WithCorsShape<O>>,
): CorsHandler<H>
export function withCors(handler: (request: Request, ...rest: unknown[]) => unknown, options?: WithCorsOptions): unknown {
  const engine = compileCors<Request>(options, WITH_CORS_OPTIONS)
  const onError = options?.onError ?? defaultOnError
  // Development cookie warnings (cookieWarnings): undefined when off, so a response pays one check.
  const warnCookies = engine.config.cookieWarnings
  const decorate = (verdict: ActualVerdict, request: Request, response: unknown): unknown => {
    const decorated = decorateResponse(verdict, response)
    if (warnCookies && isResponse(decorated)) warnCookies(cookieExchange(request, decorated))
    return decorated
  }
  const respond = (verdict: CorsVerdict, request: Request, args: IArguments): unknown => {
    if (verdict.kind === 'preflight') return preflightResponse(verdict)
    if (verdict.kind === 'refused') return refusedResponse(verdict)
    let result: unknown
    try {
      // The handler gets exactly the arguments the runtime passed (env and ctx on Workers, info on Deno).
      result = args.length === 1 ? handler(request) : handler.apply(undefined, args as unknown as [Request, ...unknown[]])
    } catch (error) {
      // One path for sync throws and rejections, so that onError runs exactly once.
      result = Promise.reject(error)
    }
    // A Response first: looking up `then` on one costs a walk of its prototype chain.
    if (result instanceof Response || !isThenable(result)) return decorate(verdict, request, result)
    return Promise.resolve(result)
      .catch((error: unknown) => onError(error, request))
      .then((response) => decorate(verdict, request, response))
  }
  // A function, not an arrow: `arguments` passes the runtime's extra arguments on without a rest array.
  return function corsHandler(request: Request) {
    const args = arguments
    const verdict = decideRequest(engine, request)
    return verdict instanceof Promise ? verdict.then((v) => respond(v, request, args)) : respond(verdict, request, args)
  }
}
