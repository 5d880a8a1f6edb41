/**
 * corsa for Node's `http`: a connect-style middleware for express 4 and 5, connect and polka,
 * and a wrapper for a plain `http.createServer` listener. It reads `req.headers`, writes with
 * `res.setHeader` and drives corsa's string engine directly: no `Request` is ever built.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CorsConfigError } from '@corsa/core'
import type { CorsOptions, OriginOption } from '@corsa/core'
import {
  ACAC,
  ACAO,
  ACEH,
  ACRH,
  ACRM,
  compileCors,
  type CorsEngine,
  isPreflight,
  mergeVary,
  PREFLIGHT_ONLY,
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

/** What a corsa middleware decided for one response; kept on the response itself. */
interface State {
  engine: CorsEngine<any>
  origin: string | undefined
  allowed: boolean
  writeHead: ServerResponse['writeHead']
}

const STATE = Symbol.for('corsa.node.state')
type Decorated = ServerResponse & { [STATE]?: State }

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

/**
 * Makes the response's `Access-Control-*` headers corsa's and merges `Origin` into `Vary`
 * (mirrors the core's rules for an actual response). `Set-Cookie` is never read or written.
 */
function writeActual(res: ServerResponse, { engine, origin, allowed }: State): void {
  if (allowed) {
    res.setHeader(ACAO, engine.anyOrigin ? '*' : origin!)
    if (engine.credentials) res.setHeader(ACAC, 'true')
    else res.removeHeader(ACAC)
    const expose = engine.exposeResponseHeaders ? responseHeaderNames(res) : engine.exposeHeaders
    if (expose) res.setHeader(ACEH, expose)
    else res.removeHeader(ACEH)
  } else {
    res.removeHeader(ACAO)
    res.removeHeader(ACAC)
    res.removeHeader(ACEH)
  }
  for (const name of PREFLIGHT_ONLY) res.removeHeader(name)
  if (!engine.anyOrigin) {
    const merged = mergeVary(text(res.getHeader('vary')), 'Origin')
    if (merged !== undefined) res.setHeader('vary', merged)
  }
}

/**
 * Replaces `res.writeHead` on this response: just before the head is written (by the app,
 * `res.end()`, `res.write()`, express's error handler, a 404, a redirect) corsa's headers are
 * applied again, so headers the app set or removed after corsa ran cannot undo them.
 */
function writeHead(this: Decorated, statusCode: number, reason?: unknown, headers?: unknown): ServerResponse {
  const state = this[STATE]!
  if (typeof reason !== 'string') headers ??= reason
  // The headers passed here are applied as Node applies them next to setHeader(), except that a
  // name repeated in a flat [name, value, ...] list is appended, so no Set-Cookie is lost.
  if (Array.isArray(headers)) {
    const seen = new Set<string>()
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i]
      if (!name) continue
      const key = String(name).toLowerCase()
      if (seen.has(key)) this.appendHeader(name, headers[i + 1])
      else this.setHeader(name, headers[i + 1])
      seen.add(key)
    }
  } else if (headers && typeof headers === 'object') {
    for (const name of Object.keys(headers)) {
      const value = (headers as Record<string, unknown>)[name]
      if (name) this.setHeader(name, value as string)
    }
  }
  // 1xx heads (informational) are not responses corsa decorates.
  if ((statusCode | 0) >= 200) writeActual(this, state)
  const original = state.writeHead as (this: ServerResponse, statusCode: number, reason?: string) => ServerResponse
  return typeof reason === 'string' ? original.call(this, statusCode, reason) : original.call(this, statusCode)
}

/** Removes every `Access-Control-*` header already on the response: corsa owns them. */
function clearAccessControl(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) if (name.startsWith('access-control-')) res.removeHeader(name)
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * The decision for one request: answers a preflight (status, headers, empty body, then
 * `res.end()`), or decorates the actual response and calls `next()`.
 */
function handle(engine: CorsEngine<IncomingMessage>, req: IncomingMessage, res: Decorated, next: () => void): void {
  // A response that a corsa middleware already decorates (nested routers, applied twice):
  // the first one decides, as the outer `withCors` does in the core.
  if (res[STATE] || res.headersSent) return next()
  const h = req.headers
  const origin = h.origin
  const go = (allowed: boolean) => {
    const requestMethod = one(h[ACRM])
    if (isPreflight(req.method!, origin, requestMethod)) {
      const answer = engine.preflight(origin!, allowed, requestMethod!, one(h[ACRH]) ?? null)
      clearAccessControl(res)
      res.statusCode = answer.status
      for (const [name, value] of Object.entries(answer.headers)) {
        const merged = name === 'vary' ? mergeVary(text(res.getHeader(name)), value) : value
        if (merged !== undefined) res.setHeader(name, merged)
      }
      res.setHeader('content-length', '0')
      res.end()
      return
    }
    const state: State = { engine, origin, allowed, writeHead: res.writeHead }
    res[STATE] = state
    writeActual(res, state)
    res.writeHead = writeHead as ServerResponse['writeHead']
    next()
  }
  const allowed = origin === undefined ? engine.anyOrigin : engine.allowOrigin(origin, req)
  if (typeof allowed === 'boolean') go(allowed)
  else allowed.then(go, () => go(false))
}

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
  const engine = compile(options)
  return (req, res, next) => handle(engine, req, res, () => next())
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
  const engine = compile(options)
  const onError = (options?.onError ?? defaultOnError) as (error: unknown, req: Req, res: Res) => void
  return (req, res) =>
    handle(engine, req, res, () => {
      const fail = (error: unknown) => {
        try {
          onError(error, req, res)
        } catch (again) {
          defaultOnError(again, req, res)
        }
      }
      try {
        const result = listener(req, res)
        if (result instanceof Promise) result.catch(fail)
      } catch (error) {
        fail(error)
      }
    })
}
