/**
 * corsa for Koa 2 and 3: `app.use(cors(options))` answers preflights before your routes and
 * auth, and puts the CORS headers on every response: a route's, a redirect's, a stream's,
 * `ctx.throw()`'s and any other error's, whether Koa's own error handling or an error-handling
 * middleware further out answers it. It reads `ctx.req.headers`, asks corsa's engine, and
 * applies the verdict with `ctx.set()`: no `Request` is built.
 *
 * @packageDocumentation
 */
import type { CorsOptions, OriginOption } from '@corsa/core'
import {
  ACCESS_CONTROL_PREFIX,
  type ActualVerdict,
  applyActualTo,
  applyAnswerTo,
  decideNodeRequest,
  compileCors,
  CorsConfigError,
  type CorsEngine,
  joinedHeader,
  mergeVary,
  nodeHeaders,
} from '@corsa/core/engine'
import type { Context, Middleware } from 'koa'

export { CorsConfigError }

/**
 * Who may read responses: `@corsa/core`'s `OriginOption`, except that a predicate receives the
 * Koa context: `(origin, ctx) => boolean | Promise<boolean>`.
 */
export type KoaOriginOption<C extends Context = Context> = OriginOption<C>

/**
 * The options of {@link cors}: `@corsa/core`'s (`origin`, `credentials`, `allowMethods`,
 * `allowHeaders`, `exposeHeaders`, `maxAge`, `preflightStatus`, `csrf`), with a predicate that
 * receives the Koa context. `credentials: true` with `origin: '*'` (the default) is a type error
 * and a `CorsConfigError`.
 */
export type KoaCorsOptions<O extends KoaOriginOption<any> = KoaOriginOption> = CorsOptions<O, Context>

/** The policy that decided a request, kept on its context: the first corsa middleware a request meets decides it. */
const DECIDED = Symbol.for('corsa.koa.decided')
type Decided = Context & { [DECIDED]?: CorsEngine<Context> }
/** An error Koa answers: `ctx.onerror` removes every header, then sets `err.headers`. */
type HttpError = { headers?: Record<string, string | string[]> }

/** The path of a request as Koa sees it (inside a mount, relative to it), for cross-origin protection's bypass list. */
const pathOfContext = (ctx: Context): string => ctx.path

/**
 * The same verdict on an error's `headers`, which Koa's error handling writes after removing
 * every header the response had (`ctx.throw(401)`, a thrown error, `ctx.assert`).
 */
function decorateError(verdict: ActualVerdict, error: unknown): void {
  if (typeof error !== 'object' || error === null) return
  const own = (error as HttpError).headers ?? {}
  const headers: Record<string, string | string[]> = {}
  let vary: string | undefined
  for (const name of Object.keys(own)) {
    const lower = name.toLowerCase()
    if (lower === 'vary') vary = joinedHeader(own[name])
    else if (!lower.startsWith(ACCESS_CONTROL_PREFIX)) headers[name] = own[name]!
  }
  Object.assign(headers, verdict.headers)
  const merged = verdict.varyOrigin ? mergeVary(vary, 'Origin') : undefined
  if (merged !== undefined || vary !== undefined) headers.vary = merged ?? vary!
  try {
    ;(error as HttpError).headers = headers
  } catch {
    // A frozen error keeps its own headers; Koa answers it without corsa's.
  }
}

/**
 * A Koa middleware (Koa 2 and 3). Put it first, before your router, auth and body parser:
 * preflights (`OPTIONS` + `Origin` + `Access-Control-Request-Method`) are answered right here
 * with an empty body, and `next()` is not called for them. Every other request goes on, and its
 * response gets the CORS headers, however it is produced; an error thrown further in leaves with
 * them on `err.headers`, for Koa's error handling or an outer error-handling middleware.
 * Configuration mistakes throw `CorsConfigError` here.
 *
 * @example
 * ```ts
 * import Koa from 'koa'
 * import { cors } from '@corsa/koa'
 *
 * const app = new Koa()
 * app.use(cors({ origin: ['https://app.example.com', 'https://*.example.com'], credentials: true }))
 * ```
 */
export function cors(options?: KoaCorsOptions<'*'>): Middleware
export function cors<const O extends KoaOriginOption>(options: KoaCorsOptions<O>): Middleware
export function cors(options?: object): Middleware {
  const engine = compileCors<Context>(options)
  return async function corsa(context, next) {
    const ctx = context as Decided
    if (ctx[DECIDED] !== undefined) {
      // Nested: the first corsa a request meets decides it (as the outer withCors does).
      if (ctx[DECIDED] !== engine && process.env.NODE_ENV !== 'production') warnSkipped(ctx, engine)
      return next()
    }
    const req = ctx.req
    const decided = decideNodeRequest(engine, req.method ?? '', req.headers, ctx, pathOfContext)
    const verdict = decided instanceof Promise ? await decided : decided
    ctx[DECIDED] = engine
    const res = ctx.res
    if (verdict.kind !== 'actual') {
      // A preflight, or a cross-origin refusal (csrf): the rest of the app never sees it.
      ctx.status = verdict.status
      applyAnswerTo(verdict, res, nodeHeaders)
      if (verdict.kind === 'refused') ctx.body = verdict.body
      else if (verdict.status !== 204) {
        // An empty body: Content-Length 0 (Koa sends none on a 204, as RFC 9110 §8.6 asks).
        ctx.body = ''
        ctx.remove('content-type')
      }
      return
    }
    try {
      await next()
    } catch (error) {
      // For Koa's error handling, which keeps only err.headers, and for an error-handling
      // middleware further out, which answers on this response as it is.
      if (!res.headersSent) applyActualTo(verdict, res, nodeHeaders)
      decorateError(verdict, error)
      throw error
    }
    // After the app, just before Koa writes the response: what a route set cannot undo it.
    if (!res.headersSent) applyActualTo(verdict, res, nodeHeaders)
  }
}

/** Policies already warned about being skipped under another one (development only). */
const warnedSkipped = new WeakSet<object>()

function warnSkipped(ctx: Context, engine: object): void {
  if (warnedSkipped.has(engine)) return
  warnedSkipped.add(engine)
  console.warn(
    `corsa: ${ctx.method} ${ctx.url} was already decided by an earlier cors() middleware, so this different policy is skipped: the first one decides. Give each path one policy (see docs/koa.md, "One policy per request").`,
  )
}
