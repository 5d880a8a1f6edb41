/**
 * corsa for Node's `http`: a connect-style middleware for express 4 and 5, connect and polka,
 * and a wrapper for a plain `http.createServer` listener. It reads `req.headers`, asks corsa's
 * engine, and applies the verdict with `res.setHeader`: no `Request` is ever built.
 *
 * @packageDocumentation
 */
import { type IncomingMessage, ServerResponse } from 'node:http'
import type { CorsOptions, CorsOptionsFor, OriginOption } from '@corsa/core'
import {
  ACCESS_CONTROL_PREFIX,
  type ActualVerdict,
  applyActualTo,
  applyAnswerTo,
  decideNodeRequest,
  compileCors,
  CorsConfigError,
  type CorsEngine,
  type CorsVerdict,
  functionOption,
  joinedHeader,
  nodeHeaders,
  type PreflightVerdict,
  startVary,
} from '@corsa/core/engine'

export { CorsConfigError }

/**
 * Who may read responses: `@corsa/core`'s `OriginOption`, except that a predicate receives the
 * `IncomingMessage` (express's `req`) instead of a `Request`.
 */
export type NodeOriginOption<Req extends IncomingMessage = IncomingMessage> = OriginOption<Req>

/** Every option but `origin` and `credentials`: the same names and meaning as in `@corsa/core`. */
export type CommonOptions = Omit<CorsOptions<'*'>, 'origin' | 'credentials'>

/**
 * The options of {@link cors}: `@corsa/core`'s `CorsOptions`, with this package's origin option,
 * so a predicate receives `(origin, req)`. `credentials: true` needs a list of origins (or a
 * predicate): with `origin: '*'` (the default) it is a type error and a `CorsConfigError`.
 */
export type NodeCorsOptions<O extends NodeOriginOption<any> = NodeOriginOption> = CorsOptionsFor<O>

/** The options of {@link withCors}: those of {@link cors} plus `onError`. */
export type WithCorsOptions<
  O extends NodeOriginOption<any> = NodeOriginOption,
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
> = NodeCorsOptions<O> & {
  /**
   * Answers an error thrown by the listener (or a rejection of the Promise it returns). The
   * response it writes gets the CORS headers. Defaults to logging the error and answering
   * `500 Internal Server Error` (or ending the connection if the head was already sent).
   */
  onError?: (error: unknown, req: Req, res: Res) => void
}

/** A connect-style middleware: express 4 and 5, connect, polka, router. */
export type CorsMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

/** The path of a request, for cross-origin protection's bypass list. */
const pathOfUrl = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0]!

type WriteHead = (this: ServerResponse, statusCode: number, reason?: unknown, headers?: unknown) => ServerResponse

/** Whether headers passed to `writeHead` hold a name corsa owns (`Access-Control-*`, `Vary`). */
function touchesCorsHeaders(headers: unknown): boolean {
  const owned = (name: unknown) => {
    const lower = String(name).toLowerCase()
    return lower === 'vary' || lower.startsWith(ACCESS_CONTROL_PREFIX)
  }
  if (Array.isArray(headers)) {
    // [[name, value], ...] or [name, value, name, value, ...], both of which Node accepts.
    if (Array.isArray(headers[0])) return headers.some((pair) => Array.isArray(pair) && owned(pair[0]))
    return headers.some((item, i) => i % 2 === 0 && owned(item))
  }
  return typeof headers === 'object' && headers !== null && Object.keys(headers).some(owned)
}

/**
 * Moves headers passed to `writeHead` onto the response with `setHeader`, as Node would merge
 * them, so that corsa's rules apply to them too. A name repeated in a list is appended, so no
 * `Set-Cookie` is lost.
 */
function moveHeaders(res: ServerResponse, headers: unknown): void {
  const seen = new Set<string>()
  const put = (name: unknown, value: unknown) => {
    if (!name) return
    const key = String(name).toLowerCase()
    if (seen.has(key)) res.appendHeader(String(name), value as string)
    else res.setHeader(String(name), value as string)
    seen.add(key)
  }
  if (Array.isArray(headers)) {
    if (Array.isArray(headers[0])) for (const pair of headers) put(pair?.[0], pair?.[1])
    else for (let i = 0; i + 1 < headers.length; i += 2) put(headers[i], headers[i + 1])
  } else if (typeof headers === 'object' && headers !== null) {
    for (const name of Object.keys(headers)) put(name, (headers as Record<string, unknown>)[name])
  }
}

/** The verdict a corsa middleware applies to a response, kept on the response itself. */
interface Decoration {
  readonly verdict: ActualVerdict
  /** The engine that decided, to tell a second, different policy from the same one applied twice. */
  readonly engine: CorsEngine<IncomingMessage>
  /** The `writeHead` this response had, when corsa had to replace it on the response itself. */
  readonly previous: WriteHead | undefined
  /** `Vary` as corsa left it when the middleware ran: unchanged (or only appended to), it needs no merging. */
  readonly varyLeft: string | undefined
}

/** The {@link Decoration} on a response, shared by every copy of this package loaded (ESM and CJS). */
const DECORATION = Symbol.for('corsa.node.response')
/** Marks corsa's `writeHead` on `ServerResponse.prototype`: installed once, by whichever copy of corsa comes first. */
const HOOK = Symbol.for('corsa.node.writeHead')
type Decorated = ServerResponse & { [DECORATION]?: Decoration }

/**
 * Just before the head is written (by the app, `res.end()`, `res.write()`, express's error
 * handler, a 404, a redirect), corsa's verdict is applied again. Headers passed to `writeHead`
 * itself are left to Node unless they touch `Access-Control-*` or `Vary`.
 */
function writeHeadDecorated(
  res: ServerResponse,
  decoration: Decoration,
  original: WriteHead,
  args: IArguments,
  statusCode: number,
  reason: unknown,
  headers: unknown,
): ServerResponse {
  // 1xx heads (informational) are not responses corsa decorates.
  if ((statusCode | 0) < 200) return original.apply(res, args as never)
  const passed = typeof reason === 'string' ? headers : reason
  // A list may repeat a name (two Set-Cookie), which Node would collapse once setHeader was used: corsa moves lists itself.
  // exposeHeaders '*' with credentials lists every name, those passed here included.
  if (!decoration.verdict.exposeResponseHeaders && !Array.isArray(passed) && !touchesCorsHeaders(passed)) {
    applyActualTo(decoration.verdict, res, nodeHeaders, decoration.varyLeft)
    return warnCookies(res, decoration, original.apply(res, args as never))
  }
  moveHeaders(res, passed)
  applyActualTo(decoration.verdict, res, nodeHeaders, decoration.varyLeft)
  return warnCookies(res, decoration, typeof reason === 'string' ? original.call(res, statusCode, reason) : original.call(res, statusCode))
}

/** Development cookie warnings (the cookieWarnings option), once the head is final; one check when off. Returns `result`. */
function warnCookies<T>(res: ServerResponse, decoration: Decoration, result: T): T {
  const warn = decoration.engine.config.cookieWarnings
  const req = (res as { req?: IncomingMessage }).req
  if (!warn || !req) return result
  const h = req.headers
  const cookies = res.getHeader('set-cookie')
  warn({
    url: `${(req.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http'}://${h.host ?? 'localhost'}${req.url ?? '/'}`,
    origin: joinedHeader(h.origin) ?? null,
    cookie: h.cookie ?? null,
    secFetchSite: joinedHeader(h['sec-fetch-site']) ?? null,
    setCookies: cookies === undefined ? [] : Array.isArray(cookies) ? cookies : [String(cookies)],
    allowCredentials: joinedHeader(res.getHeader('access-control-allow-credentials')) ?? null,
  })
  return result
}

/**
 * Puts corsa's `writeHead` on `ServerResponse.prototype`, once per process: responses corsa does
 * not decorate go straight to Node's own. A `writeHead` on each response would cost every
 * request a new property; this costs one look-up.
 */
function hookWriteHead(): void {
  const proto = ServerResponse.prototype as unknown as { writeHead: WriteHead & { [HOOK]?: true } }
  if (proto.writeHead[HOOK]) return
  const original = proto.writeHead
  const writeHead = function writeHead(this: Decorated, statusCode: number, reason?: unknown, headers?: unknown) {
    const decoration = this[DECORATION]
    // Not corsa's, or corsa's writeHead on the response itself has done the work.
    if (decoration === undefined || decoration.previous !== undefined) return original.apply(this, arguments as never)
    return writeHeadDecorated(this, decoration, original, arguments, statusCode, reason, headers)
  } as WriteHead & { [HOOK]?: true }
  writeHead[HOOK] = true
  proto.writeHead = writeHead
}

/**
 * For a response whose `writeHead` is not the one on `ServerResponse.prototype` (another kind of
 * response, or one whose `writeHead` was replaced by someone else first): corsa's goes on the
 * response itself, in front of it.
 */
function ownWriteHead(this: Decorated, statusCode: number, reason?: unknown, headers?: unknown): ServerResponse {
  const decoration = this[DECORATION]!
  return writeHeadDecorated(this, decoration, decoration.previous!, arguments, statusCode, reason, headers)
}

/** What runs after corsa for an actual request: `next()` for a middleware, the listener for `withCors`. */
type Then = (req: IncomingMessage, res: ServerResponse, next: () => void) => void

/** Policies already warned about being skipped under another one (development only). */
const warnedSkipped = new WeakSet<CorsEngine<IncomingMessage>>()

/**
 * One request: reads the method and headers, asks the engine, and answers the preflight or
 * decorates the response and calls `then`.
 */
function handle(engine: CorsEngine<IncomingMessage>, req: IncomingMessage, res: Decorated, then: Then, next: () => void): void {
  const earlier = res[DECORATION]
  if (earlier !== undefined || res.headersSent) {
    // Nested routers: the first corsa to see a request decides it (as the outer withCors does in
    // the core); a second, different policy is skipped, which development mode says once.
    if (earlier !== undefined && earlier.engine !== engine && process.env.NODE_ENV !== 'production' && !warnedSkipped.has(engine)) {
      warnedSkipped.add(engine)
      console.warn(
        `corsa: ${req.method} ${req.url} is already decorated by an earlier cors() policy, so a second, different policy on this path is skipped: the first one decides. Give each path one policy (see docs/node.md, "One policy per request").`,
      )
    }
    return then(req, res, next)
  }
  const verdict = decideNodeRequest(engine, req.method ?? '', req.headers, req, pathOfUrl)
  if (!(verdict instanceof Promise)) return apply(engine, verdict, req, res, then, next)
  verdict.then((settled) => {
    // A late decision (a timeout middleware answered first, the client went away) does nothing.
    if (res.headersSent || res.writableEnded || res.destroyed) return
    apply(engine, settled, req, res, then, next)
  })
}

function apply(engine: CorsEngine<IncomingMessage>, verdict: CorsVerdict, req: IncomingMessage, res: Decorated, then: Then, next: () => void): void {
  if (verdict.kind === 'preflight') return answerPreflight(verdict, res)
  if (verdict.kind === 'refused') {
    // Cross-origin protection: the app (and its auth) never sees the request.
    applyAnswerTo(verdict, res, nodeHeaders)
    res.statusCode = verdict.status
    res.end(verdict.body)
    return
  }
  const writeHead = res.writeHead as WriteHead & { [HOOK]?: true }
  const own = !writeHead[HOOK]
  // The headers go on just before the head is written (writeHeadDecorated), so that nothing the app
  // sets or removes meanwhile can undo them; only Vary goes on now, for the app to append to.
  const varyLeft = startVary(verdict, res, nodeHeaders)
  res[DECORATION] = { verdict, engine, previous: own ? writeHead : undefined, varyLeft }
  if (own) res.writeHead = ownWriteHead as ServerResponse['writeHead']
  then(req, res, next)
}

/** Sends a preflight answer: its status and headers (Vary merged into one already set), an empty body. */
function answerPreflight(verdict: PreflightVerdict, res: ServerResponse): void {
  // Nothing set by earlier middleware (the usual case): the prebuilt headers go to writeHead as
  // they are, which spares a setHeader each. A 204 needs no Content-Length (RFC 9110 §8.6).
  if (verdict.status === 204 && res.getHeaderNames().length === 0) {
    res.writeHead(204, verdict.headers)
    res.end()
    return
  }
  applyAnswerTo(verdict, res, nodeHeaders)
  res.statusCode = verdict.status
  // No body: Node sends no Content-Length on a 204 (RFC 9110 §8.6) and `0` on a 2xx that may have one.
  res.end()
}

const callNext: Then = (_req, _res, next) => next()

/**
 * A connect-style middleware `(req, res, next)` for express 4 and 5, connect, polka and router.
 * Preflights (`OPTIONS` + `Origin` + `Access-Control-Request-Method`) are answered right here
 * with an empty body: `next` is never called for them. Every other request goes on, and its
 * response gets corsa's headers however it is produced (the route, an error handler, a 404,
 * a redirect, a stream). Configuration mistakes throw `CorsConfigError` here.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { cors } from '@corsa/node'
 *
 * const app = express()
 * app.use(cors({ origin: ['https://app.example.com', 'https://*.example.com'], credentials: true }))
 * ```
 */
export function cors(options?: NodeCorsOptions<'*'>): CorsMiddleware
export function cors<const O extends NodeOriginOption>(options: NodeCorsOptions<O>): CorsMiddleware
export function cors(options?: object): CorsMiddleware {
  const engine = compileCors<IncomingMessage>(options)
  hookWriteHead()
  return (req, res, next) => handle(engine, req, res, callNext, next)
}

function defaultOnError(error: unknown, _req: IncomingMessage, res: ServerResponse): void {
  console.error(error)
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.statusCode = 500
  res.setHeader('content-type', 'text/plain; charset=utf-8')
  res.end('Internal Server Error')
}

/**
 * Wraps a plain `http.createServer` listener `(req, res)` with a CORS policy. Preflights are
 * answered without calling the listener; every response it writes gets corsa's headers. A
 * throw (or a rejected Promise from an async listener) goes to `onError`, whose response is
 * decorated too. With no options it is a public, non-credentialed API (`origin: '*'`).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { withCors } from '@corsa/node'
 *
 * createServer(withCors((req, res) => res.end('hello'), { origin: 'https://app.example.com' })).listen(3000)
 * ```
 */
export function withCors<Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse>(
  listener: (req: Req, res: Res) => unknown,
  options?: WithCorsOptions<'*', Req, Res>,
): (req: Req, res: Res) => void
export function withCors<
  const O extends NodeOriginOption,
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
>(listener: (req: Req, res: Res) => unknown, options: WithCorsOptions<O, Req, Res>): (req: Req, res: Res) => void
export function withCors<Req extends IncomingMessage, Res extends ServerResponse>(
  listener: (req: Req, res: Res) => unknown,
  options?: { onError?: (error: unknown, req: Req, res: Res) => void },
): (req: Req, res: Res) => void {
  const engine = compileCors<IncomingMessage>(options, { extra: { onError: functionOption } })
  hookWriteHead()
  const onError = (options?.onError ?? defaultOnError) as (error: unknown, req: Req, res: Res) => void
  const fail = (error: unknown, req: Req, res: Res) => {
    try {
      onError(error, req, res)
    } catch (again) {
      defaultOnError(again, req, res)
    }
  }
  const run = ((req: Req, res: Res) => {
    try {
      const result = listener(req, res)
      if (typeof (result as PromiseLike<unknown> | null)?.then === 'function') {
        Promise.resolve(result).catch((error: unknown) => fail(error, req, res))
      }
    } catch (error) {
      fail(error, req, res)
    }
  }) as unknown as Then
  return (req, res) => handle(engine, req, res, run, noop)
}

const noop = () => {}
