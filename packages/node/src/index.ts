/**
 * corsa for Node's `http`: a connect-style middleware for express 4 and 5, connect and polka,
 * and a wrapper for a plain `http.createServer` listener. It reads `req.headers`, writes with
 * `res.setHeader` and drives corsa's string engine directly: no `Request` is ever built.
 *
 * @packageDocumentation
 */
import { type IncomingMessage, ServerResponse } from 'node:http'
import { CorsConfigError } from '@corsa/core'
import type { CorsOptions, OriginOption } from '@corsa/core'
import {
  ACAC,
  ACAH,
  ACAM,
  ACAO,
  ACEH,
  ACMA,
  ACRH,
  ACRM,
  compileCors,
  type CorsEngine,
  isPreflight,
  mergeVary,
  type PreflightAnswer,
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
export type NodeCorsOptions<O extends NodeOriginOption<any> = NodeOriginOption> = CorsOptions<O>

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

/** Option names of the `cors` npm package, with what to write instead. */
const RENAMED: Record<string, string> = {
  methods: 'allowMethods',
  allowedHeaders: 'allowHeaders',
  headers: 'allowHeaders',
  exposedHeaders: 'exposeHeaders',
  optionsSuccessStatus: 'preflightStatus',
  preflightContinue: 'nothing: preflights never reach the app (any other OPTIONS does)',
}

function compile(options: object | undefined): CorsEngine<IncomingMessage> {
  for (const name in options) {
    const instead = RENAMED[name]
    if (instead && (options as Record<string, unknown>)[name] !== undefined) {
      throw new CorsConfigError(name, `is the cors package's name: write ${instead}`)
    }
  }
  return compileCors<IncomingMessage>(options)
}

/** A header's value as one string (`Vary` may have been set as an array). */
function text(value: number | string | readonly string[] | undefined): string | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value)
}

/** For `exposeHeaders: '*'` with credentials: the names of the response's own headers. */
function responseHeaderNames(res: ServerResponse): string | undefined {
  return res.getHeaderNames().filter((n) => n !== 'set-cookie' && !n.startsWith('access-control-')).join(', ') || undefined
}

/** Removes `name` from the response if it is there (a look-up is cheaper than a removal that finds nothing). */
function drop(res: ServerResponse, name: string): void {
  if (res.hasHeader(name)) res.removeHeader(name)
}

type WriteHead = (this: ServerResponse, statusCode: number, reason?: unknown, headers?: unknown) => ServerResponse

/**
 * What a corsa middleware decided for one response, kept on the response itself. Its writes make
 * the response's `Access-Control-*` headers corsa's and merge `Origin` into `Vary` (the core's
 * rules for an actual response, as `writeActual` in the core's fetch.ts): once when the middleware
 * runs, and again just before the head is written, where they read before they write, so a
 * response the app left alone costs look-ups only. `Set-Cookie` is never read or written.
 */
class State {
  constructor(
    readonly engine: CorsEngine<any>,
    readonly allowed: boolean,
    /** `Access-Control-Allow-Origin` when allowed: `*` or the request's `Origin`. */
    readonly allowOrigin: string,
    /** The `writeHead` this response had, when corsa had to replace it on the response itself. */
    readonly previous: WriteHead | undefined,
  ) {}

  /** `Vary` as corsa last left it: it names `Origin` (or is `*`), so while it is unchanged there is nothing to merge. */
  vary: string | undefined = undefined

  /**
   * The first write, when the middleware runs: the response usually holds no header, or a few
   * set by earlier middleware, so one look at their names spares the look-ups `write` makes.
   */
  start(res: ServerResponse): void {
    let owned = false
    let vary = false
    for (const name of res.getHeaderNames()) {
      if (name.startsWith('access-control-')) owned = true
      else if (name === 'vary') vary = true
    }
    if (owned || vary) return this.write(res)
    const engine = this.engine
    if (this.allowed) {
      res.setHeader(ACAO, this.allowOrigin)
      if (engine.credentials) res.setHeader(ACAC, 'true')
      const expose = engine.exposeResponseHeaders ? responseHeaderNames(res) : engine.exposeHeaders
      if (expose) res.setHeader(ACEH, expose)
    }
    if (!engine.anyOrigin) res.setHeader('vary', (this.vary = 'Origin'))
  }

  /** Just before the head is written (and when the middleware finds CORS or Vary headers already there). */
  write(res: ServerResponse): void {
    const engine = this.engine
    if (this.allowed) {
      // Corsa's own headers are there: a look-up each costs less than a look at every name.
      if (res.getHeader(ACAO) !== this.allowOrigin) res.setHeader(ACAO, this.allowOrigin)
      if (!engine.credentials) drop(res, ACAC)
      else if (res.getHeader(ACAC) !== 'true') res.setHeader(ACAC, 'true')
      const expose = engine.exposeResponseHeaders ? responseHeaderNames(res) : engine.exposeHeaders
      if (!expose) drop(res, ACEH)
      else if (res.getHeader(ACEH) !== expose) res.setHeader(ACEH, expose)
      drop(res, ACAM)
      drop(res, ACAH)
      drop(res, ACMA)
    } else {
      // None of the six is usually there: one look at the names costs less than six look-ups.
      for (const name of res.getHeaderNames()) {
        if (
          name.startsWith('access-control-') &&
          (name === ACAO || name === ACAC || name === ACEH || name === ACAM || name === ACAH || name === ACMA)
        ) {
          res.removeHeader(name)
        }
      }
    }
    if (engine.anyOrigin) return
    const vary = res.getHeader('vary')
    // Unchanged, or only appended to (appendHeader makes an array that starts with corsa's value).
    if (this.vary !== undefined && (vary === this.vary || (Array.isArray(vary) && vary[0] === this.vary))) return
    const existing = text(vary)
    const merged = mergeVary(existing, 'Origin')
    if (merged !== undefined) res.setHeader('vary', merged)
    this.vary = merged ?? existing
  }

  /**
   * Runs in place of `writeHead`: just before the head is written (by the app, `res.end()`,
   * `res.write()`, express's error handler, a 404, a redirect) corsa's headers are applied
   * again, so headers the app set or removed after corsa ran cannot undo them.
   */
  writeHead(res: ServerResponse, original: WriteHead, statusCode: number, reason?: unknown, headers?: unknown): ServerResponse {
    if (typeof reason !== 'string') headers ??= reason
    // The headers passed here are applied as Node applies them next to setHeader(), except that a
    // name repeated in a flat [name, value, ...] list is appended, so no Set-Cookie is lost.
    if (Array.isArray(headers)) {
      const seen = new Set<string>()
      for (let i = 0; i + 1 < headers.length; i += 2) {
        const name = headers[i]
        if (!name) continue
        const key = String(name).toLowerCase()
        if (seen.has(key)) res.appendHeader(name, headers[i + 1])
        else res.setHeader(name, headers[i + 1])
        seen.add(key)
      }
    } else if (headers && typeof headers === 'object') {
      for (const name of Object.keys(headers)) {
        const value = (headers as Record<string, unknown>)[name]
        if (name) res.setHeader(name, value as string)
      }
    }
    // 1xx heads (informational) are not responses corsa decorates.
    if ((statusCode | 0) >= 200) this.write(res)
    return typeof reason === 'string' ? original.call(res, statusCode, reason) : original.call(res, statusCode)
  }
}

/** The {@link State} on a response, shared by every copy of this package loaded (ESM and CJS). */
const STATE = Symbol.for('corsa.node.response')
/** Marks corsa's `writeHead` on `ServerResponse.prototype`: installed once, by whichever copy of corsa comes first. */
const HOOK = Symbol.for('corsa.node.writeHead')
type Decorated = ServerResponse & { [STATE]?: State }

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
    const state = this[STATE]
    // Not corsa's, or corsa's writeHead on the response itself has done the work.
    if (state === undefined || state.previous !== undefined) return original.apply(this, arguments as never)
    return state.writeHead(this, original, statusCode, reason, headers)
  } as WriteHead & { [HOOK]?: true }
  writeHead[HOOK] = true
  proto.writeHead = writeHead
}

/**
 * For a response whose `writeHead` is not the one on `ServerResponse.prototype` (another kind of
 * response, or one whose `writeHead` was replaced on the response by someone else first):
 * corsa's goes on the response itself, in front of it.
 */
function ownWriteHead(this: Decorated, statusCode: number, reason?: unknown, headers?: unknown): ServerResponse {
  const state = this[STATE]!
  return state.writeHead(this, state.previous!, statusCode, reason, headers)
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}

/** What runs after corsa for an actual request: `next()` for a middleware, the listener for `withCors`. */
type Then = (req: IncomingMessage, res: ServerResponse, next: () => void) => void

/**
 * The decision for one request: answers a preflight (status, headers, empty body, then
 * `res.end()`), or decorates the actual response and calls `then`.
 */
function handle(policy: Policy, req: IncomingMessage, res: Decorated, then: Then, next: () => void): void {
  // A response that a corsa middleware already decorates (nested routers, applied twice):
  // the first one decides, as the outer `withCors` does in the core.
  if (res[STATE] !== undefined || res.headersSent) return then(req, res, next)
  const origin = req.headers.origin
  const engine = policy.engine
  const allowed = origin === undefined ? engine.anyOrigin : engine.allowOrigin(origin, req)
  if (typeof allowed === 'boolean') decide(policy, req, res, origin, allowed, then, next)
  else {
    allowed.then(
      (yes) => decide(policy, req, res, origin, yes, then, next),
      () => decide(policy, req, res, origin, false, then, next),
    )
  }
}

function decide(
  policy: Policy,
  req: IncomingMessage,
  res: Decorated,
  origin: string | undefined,
  allowed: boolean,
  then: Then,
  next: () => void,
): void {
  if (req.method === 'OPTIONS') {
    const requestMethod = one(req.headers[ACRM])
    if (isPreflight(req.method, origin, requestMethod)) return preflight(policy, req, res, origin!, allowed, requestMethod!)
  }
  const engine = policy.engine
  const writeHead = res.writeHead as WriteHead & { [HOOK]?: true }
  const own = !writeHead[HOOK]
  const state = new State(engine, allowed, engine.anyOrigin ? '*' : origin!, own ? writeHead : undefined)
  res[STATE] = state
  state.start(res)
  if (own) res.writeHead = ownWriteHead as ServerResponse['writeHead']
  then(req, res, next)
}

/** Longest request (origin, method, requested headers) whose preflight answer is kept, and how many are kept. */
const ANSWER_KEY_LIMIT = 1024
const ANSWERS_KEPT = 100

/**
 * A compiled policy, and the preflight answers it gave lately: a browser sends the same few
 * preflights again and again, and the engine's answer depends only on what it is given, so an
 * answer given once is sent again without working it out (bounded: long requests are never
 * kept, and the whole store is dropped when full).
 */
class Policy {
  private readonly answers = new Map<string, PreflightAnswer>()

  constructor(readonly engine: CorsEngine<IncomingMessage>) {}

  preflight(origin: string, allowed: boolean, method: string, requestHeaders: string | null): PreflightAnswer {
    // Lengths make the key unambiguous whatever the values hold.
    const key = `${allowed ? 'y' : 'n'}${origin.length}:${origin}${method.length}:${method}${requestHeaders === null ? '' : `:${requestHeaders}`}`
    if (key.length > ANSWER_KEY_LIMIT) return this.engine.preflight(origin, allowed, method, requestHeaders)
    let answer = this.answers.get(key)
    if (answer === undefined) {
      answer = this.engine.preflight(origin, allowed, method, requestHeaders)
      if (this.answers.size >= ANSWERS_KEPT) this.answers.clear()
      this.answers.set(key, answer)
    }
    return answer
  }
}

function preflight(policy: Policy, req: IncomingMessage, res: ServerResponse, origin: string, allowed: boolean, requestMethod: string): void {
  const answer = policy.preflight(origin, allowed, requestMethod, one(req.headers[ACRH]) ?? null)
  // corsa owns every Access-Control-* header of a preflight answer; Vary is merged into one already there.
  let vary = false
  for (const name of res.getHeaderNames()) {
    if (name.startsWith('access-control-')) res.removeHeader(name)
    else if (name === 'vary') vary = true
  }
  res.statusCode = answer.status
  const headers = answer.headers
  for (const name in headers) {
    const value = headers[name]!
    const merged = vary && name === 'vary' ? mergeVary(text(res.getHeader(name)), value) : value
    if (merged !== undefined) res.setHeader(name, merged)
  }
  res.setHeader('content-length', '0')
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
  const policy = new Policy(compile(options))
  hookWriteHead()
  return (req, res, next) => handle(policy, req, res, callNext, next)
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
  options?: WithCorsOptions<NodeOriginOption, Req, Res>,
): (req: Req, res: Res) => void {
  const policy = new Policy(compile(options))
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
      if (result instanceof Promise) result.catch((error: unknown) => fail(error, req, res))
    } catch (error) {
      fail(error, req, res)
    }
  }) as unknown as Then
  return (req, res) => handle(policy, req, res, run, noop)
}

const noop = () => {}
