import { ACCESS_CONTROL_PREFIX, ACEH, ACRH, ACRM, mergeVary } from './fetch-rules.js'
import type { ActualVerdict, CorsEngine, CorsVerdict, PreflightVerdict, RefusedVerdict } from './policy.js'

/** A request's headers as Node parses them (`IncomingMessage.headers`): lower-case names, a repeated one an array. */
export type NodeRequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>

/**
 * Asks the engine about a request whose headers Node parsed (node:http, express, Koa, Fastify):
 * `Origin`, for `OPTIONS` only the preflight's two headers, and, for a write under cross-origin
 * protection only, `Sec-Fetch-Site`, `Host` and the path (`pathOf`, one function per face, is
 * called only then).
 */
export function decideNodeRequest<Req>(
  engine: CorsEngine<Req>,
  method: string,
  headers: NodeRequestHeaders,
  request: Req,
  pathOf: (request: Req) => string,
): CorsVerdict | Promise<CorsVerdict> {
  const origin = joinedHeader(headers.origin)
  if (engine.checksWrite(method)) {
    return engine.decide(method, origin, undefined, undefined, request, {
      site: joinedHeader(headers['sec-fetch-site']),
      host: joinedHeader(headers.host),
      path: pathOf(request),
    })
  }
  const isOptions = method === 'OPTIONS'
  return engine.decide(
    method,
    origin,
    isOptions ? joinedHeader(headers[ACRM]) : undefined,
    isOptions ? joinedHeader(headers[ACRH]) : undefined,
    request,
  )
}

/** A header's value as a Node-style response keeps it (a repeated header is an array). */
export type HeaderValue = number | string | readonly string[] | undefined

/**
 * How a face reads and writes one kind of response's headers, for responses that keep them one
 * name at a time (Node's `ServerResponse`, and so express, connect, Koa; Fastify's reply): one
 * object per face, shared by every request.
 */
export interface HeaderAccess<R> {
  /** The lower-case names of the response's headers, as they are now. */
  names(response: R): readonly string[]
  get(response: R, name: string): HeaderValue
  set(response: R, name: string, value: string): void
  remove(response: R, name: string): void
}

/** A header's value as one string (a repeated header, of a request or a response, may be an array). */
export function joinedHeader(value: HeaderValue): string | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value)
}

/**
 * Applies an actual verdict to a response: corsa's `Access-Control-*` headers are set, any other
 * removed (corsa owns them), the response's own names listed for `exposeHeaders: '*'` with
 * credentials, and `Origin` merged into `Vary`. `Set-Cookie` is never read or written.
 *
 * `varyLeft` is what {@link startVary} returned when the face's middleware ran: a `Vary` still as
 * corsa left it, or only appended to since, needs no merging.
 */
export function applyActualTo<R>(verdict: ActualVerdict, response: R, access: HeaderAccess<R>, varyLeft?: string): void {
  const set = verdict.headers
  let vary: HeaderValue
  let names: string[] | undefined
  let owned = false
  for (const name of access.names(response)) {
    if (name.startsWith(ACCESS_CONTROL_PREFIX)) {
      owned = true
      if (!(name in set)) access.remove(response, name)
      continue
    }
    if (name === 'vary') vary = access.get(response, name)
    if (verdict.exposeResponseHeaders && name !== 'set-cookie') (names ??= []).push(name)
  }
  // A header already right is left alone (Node checks every byte of a value it is given).
  for (const name in set) if (!owned || access.get(response, name) !== set[name]) access.set(response, name, set[name]!)
  if (names) access.set(response, ACEH, names.join(', '))
  if (!verdict.varyOrigin) return
  // Unchanged since corsa left it, or only appended to (appendHeader makes a list that starts with it).
  if (varyLeft !== undefined && (vary === varyLeft || (Array.isArray(vary) && vary[0] === varyLeft))) return
  const merged = mergeVary(joinedHeader(vary), 'Origin')
  if (merged !== undefined) access.set(response, 'vary', merged)
}

/**
 * For a face that applies a verdict just before the head is written, when its middleware runs:
 * `Vary: Origin` on a response that has no `Vary` yet, so that the app's own
 * `appendHeader('vary', …)` keeps it and {@link applyActualTo} need not merge. Returns what to pass
 * it as `varyLeft`.
 */
export function startVary<R>(verdict: ActualVerdict, response: R, access: HeaderAccess<R>): string | undefined {
  if (!verdict.varyOrigin || access.get(response, 'vary') !== undefined) return undefined
  access.set(response, 'vary', 'Origin')
  return 'Origin'
}

/**
 * Puts the headers of a preflight answer or a refusal on a response that may carry headers of
 * earlier middleware: corsa's `Access-Control-*` replace any there, and `Vary` is merged. The face
 * then sends the verdict's status (and a refusal's body).
 */
export function applyAnswerTo<R>(verdict: PreflightVerdict | RefusedVerdict, response: R, access: HeaderAccess<R>): void {
  let vary: string | undefined
  for (const name of access.names(response)) {
    if (name.startsWith(ACCESS_CONTROL_PREFIX)) access.remove(response, name)
    else if (name === 'vary') vary = joinedHeader(access.get(response, name))
  }
  const headers = verdict.headers
  for (const name in headers) {
    const value = name === 'vary' && vary !== undefined ? mergeVary(vary, headers[name]!) : headers[name]
    if (value !== undefined) access.set(response, name, value)
  }
}

/** A Node `ServerResponse` (express, connect, polka, Koa's `ctx.res`), or anything with its header methods. */
export interface NodeStyleResponse {
  getHeaderNames(): string[]
  getHeader(name: string): HeaderValue
  setHeader(name: string, value: string): unknown
  removeHeader(name: string): unknown
}

/** {@link HeaderAccess} for a Node `ServerResponse`. */
export const nodeHeaders: HeaderAccess<NodeStyleResponse> = {
  // getHeaderNames and getHeader: getHeaders() copies every value, and costs Node twice as much.
  names: (res) => res.getHeaderNames(),
  get: (res, name) => res.getHeader(name),
  set: (res, name, value) => void res.setHeader(name, value),
  remove: (res, name) => void res.removeHeader(name),
}
