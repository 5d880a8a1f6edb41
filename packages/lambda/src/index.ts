/**
 * corsa for AWS Lambda behind API Gateway REST APIs (payload 1.0), HTTP APIs and Function URLs
 * (payload 2.0) and Application Load Balancers (single and multi-value headers): `withCors`
 * wraps a handler, `cors` is the same as a middy middleware. Headers are read as each trigger
 * delivers them (any case, `multiValueHeaders`) and written back in the result's own shape
 * (`headers`, `multiValueHeaders`); preflights are answered without calling the handler.
 *
 * @packageDocumentation
 */
import type { CorsOptions, OriginOption } from '@corsa/core'
import {
  ACCESS_CONTROL_PREFIX,
  ACEH,
  ACRH,
  ACRM,
  type ActualVerdict,
  compileCorsBeside,
  CorsConfigError,
  type CorsEngine,
  type CorsVerdict,
  functionOption,
  mergeVary,
} from '@corsa/core/engine'
import type {
  ALBEvent,
  ALBResult,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda'

export { CorsConfigError }

/** An HTTP event: API Gateway REST (1.0), HTTP API or Function URL (2.0), or ALB. */
export type HttpEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2 | ALBEvent
/** The result of an HTTP handler, in any of its triggers' shapes. */
export type HttpResult = APIGatewayProxyResult | APIGatewayProxyResultV2 | ALBResult

/**
 * Who may read responses: `@corsa/core`'s `OriginOption`, except that a predicate receives the
 * event: `(origin, event) => boolean | Promise<boolean>`.
 */
export type LambdaOriginOption = OriginOption<HttpEvent>

/**
 * The options of {@link cors}: `@corsa/core`'s (`origin`, `credentials`, `allowMethods`,
 * `allowHeaders`, `exposeHeaders`, `maxAge`, `preflightStatus`, `csrf`), with a predicate that
 * receives the event. `credentials: true` with `origin: '*'` (the default) is a type error and a
 * `CorsConfigError`.
 */
export type LambdaCorsOptions<O extends LambdaOriginOption = LambdaOriginOption> = CorsOptions<O, HttpEvent>

/** The options of {@link withCors}: those of {@link cors} plus `onError`. */
export type WithCorsOptions<O extends LambdaOriginOption = LambdaOriginOption, E extends HttpEvent = HttpEvent> = LambdaCorsOptions<O> & {
  /**
   * Answers an error thrown by the handler; its result gets the CORS headers. Defaults to
   * logging the error and answering `500 Internal Server Error`. Rethrow to leave the error to
   * Lambda (API Gateway then answers `502`, without CORS headers).
   */
  onError?: (error: unknown, event: E) => HttpResult | Promise<HttpResult>
}

/** Options of `@middy/http-cors` with no corsa counterpart that `@corsa/core` does not already explain, with why. */
const MIDDY_ONLY: Readonly<Record<string, string>> = {
  getOrigin: 'is not a corsa option: decide with an origin predicate, origin: (origin, event) => boolean',
  disableBeforePreflightResponse: 'is not a corsa option: corsa always answers preflights before the handler runs: remove it',
  requestHeaders: 'is not a corsa option: corsa checks requested headers against allowHeaders: write allowHeaders',
  requestMethods: 'is not a corsa option: corsa checks the requested method against allowMethods: write allowMethods',
  cacheControl: 'is not a corsa option: corsa sends Access-Control-Max-Age (maxAge) on preflights, which is what browsers cache them by: remove it',
  vary: 'is not a corsa option: set Vary in your result; corsa merges Origin into it: remove it',
}

/** Checks the options once; every problem (middy's names with why, and the core's) in one `CorsConfigError`. */
function compile(options: unknown, extra?: Record<string, (value: unknown) => string | undefined>): CorsEngine<HttpEvent> {
  return compileCorsBeside<HttpEvent>(options, MIDDY_ONLY, extra ? { extra } : undefined)
}

type HeaderMap = Record<string, string | number | boolean | undefined>
type MultiHeaderMap = Record<string, (string | number | boolean)[] | undefined>

/** The names corsa reads, lower-case and in the case HTTP/1.1 clients send them (REST APIs keep the client's). */
const CANONICAL: Record<string, string> = {
  origin: 'Origin',
  [ACRM]: 'Access-Control-Request-Method',
  [ACRH]: 'Access-Control-Request-Headers',
  'sec-fetch-site': 'Sec-Fetch-Site',
  host: 'Host',
}

/** The value of a header in a map whose names may have any case: lower case, the usual case, then any. */
function lookup<V>(map: Record<string, V> | null | undefined, lower: string): V | undefined {
  if (!map) return undefined
  const value = map[lower] ?? map[CANONICAL[lower]!]
  if (value !== undefined) return value
  for (const key in map) if (key.length === lower.length && key.toLowerCase() === lower) return map[key]
  return undefined
}

/** Payload 2.0 (HTTP APIs, Function URLs): lower-case names, repeated headers joined with commas. */
const isV2 = (event: HttpEvent): event is APIGatewayProxyEventV2 => (event as APIGatewayProxyEventV2).version === '2.0'
/** ALB: `requestContext.elb`. */
const isAlb = (event: HttpEvent): event is ALBEvent => (event as ALBEvent).requestContext?.elb !== undefined

/** A request header as one string: every value of a repeated one, joined (a repeated Origin is then refused). */
function header(event: HttpEvent, lower: string): string | undefined {
  if (isV2(event)) return event.headers?.[lower]
  const multi = (event as APIGatewayProxyEvent).multiValueHeaders
  if (multi) {
    const values = lookup(multi, lower)
    if (values !== undefined) return values.length === 1 ? values[0] : values.join(', ')
    // API Gateway and ALB put every header in multiValueHeaders; a hand-made event may leave it empty.
    for (const _ in multi) return undefined
  }
  return lookup((event as APIGatewayProxyEvent).headers, lower)
}

function decide(engine: CorsEngine<HttpEvent>, event: HttpEvent): CorsVerdict | Promise<CorsVerdict> {
  const v2 = isV2(event)
  const method = v2 ? event.requestContext.http.method : (event as APIGatewayProxyEvent).httpMethod
  const origin = header(event, 'origin')
  if (engine.checksWrite(method)) {
    return engine.decide(method, origin, undefined, undefined, event, {
      site: header(event, 'sec-fetch-site'),
      host: header(event, 'host'),
      path: v2 ? event.rawPath : (event as APIGatewayProxyEvent).path,
    })
  }
  const isOptions = method === 'OPTIONS'
  return engine.decide(method, origin, isOptions ? header(event, ACRM) : undefined, isOptions ? header(event, ACRH) : undefined, event)
}

/** The reason phrase ALB wants in `statusDescription`. */
const DESCRIPTIONS: Record<number, string> = { 200: 'OK', 204: 'No Content', 403: 'Forbidden' }

/** The answer to a preflight or a csrf refusal, in the shape the trigger expects. */
function answer(event: HttpEvent, status: number, headers: Readonly<Record<string, string>>, body: string): HttpResult {
  if (isAlb(event)) {
    const result: ALBResult = {
      statusCode: status,
      statusDescription: `${status} ${DESCRIPTIONS[status] ?? ''}`.trim(),
      body,
      isBase64Encoded: false,
    }
    if (event.multiValueHeaders) {
      const multi: Record<string, string[]> = {}
      for (const name in headers) multi[name] = [headers[name]!]
      result.multiValueHeaders = multi
    } else result.headers = Object.assign({}, headers)
    return result
  }
  // A copy: what comes back may be changed by the code around the handler, and the verdict's headers are shared.
  return { statusCode: status, headers: { ...headers }, body }
}

/**
 * A 2.0 handler may return a string or any JSON value instead of a result: API Gateway answers
 * it as a 200 JSON body. corsa turns it into that result, so that it can carry headers.
 */
function structured(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) return result as APIGatewayProxyStructuredResultV2
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: typeof result === 'string' ? result : JSON.stringify(result) }
}

/**
 * Applies an actual verdict to a result, in a copy: every `Access-Control-*` header of the
 * result (in `headers` or `multiValueHeaders`, any case) is replaced by corsa's, the result's
 * own names are listed for `exposeHeaders: '*'` with credentials, and `Origin` is merged into
 * its `Vary`. An ALB event with multi-value headers gets `multiValueHeaders` back; the others
 * get `headers`. `cookies` (2.0) and `Set-Cookie` are never touched.
 */
function decorate(event: HttpEvent, result: unknown, verdict: ActualVerdict): HttpResult {
  if (isV2(event)) result = structured(result)
  else if (typeof result !== 'object' || result === null) return result as HttpResult
  const source = result as Record<string, unknown> & { headers?: HeaderMap; multiValueHeaders?: MultiHeaderMap }
  const multiMode = isAlb(event) && event.multiValueHeaders !== undefined
  const headers: HeaderMap | undefined = source.headers || !multiMode ? {} : undefined
  const multi: MultiHeaderMap | undefined = source.multiValueHeaders || multiMode ? {} : undefined
  let vary: string | undefined
  let names: string[] | undefined
  const listing = verdict.exposeResponseHeaders
  // The result's own headers, but Access-Control-* (corsa's) and Vary (merged below).
  for (const key in source.headers) {
    const lower = key.toLowerCase()
    if (lower.startsWith(ACCESS_CONTROL_PREFIX)) continue
    const value = source.headers[key]
    if (lower === 'vary') {
      if (value !== undefined && value !== '') vary = vary === undefined ? String(value) : `${vary}, ${value}`
      continue
    }
    if (listing && lower !== 'set-cookie') (names ??= []).push(lower)
    headers![key] = value
  }
  for (const key in source.multiValueHeaders) {
    const lower = key.toLowerCase()
    if (lower.startsWith(ACCESS_CONTROL_PREFIX)) continue
    const values = source.multiValueHeaders[key]
    if (lower === 'vary') {
      if (values?.length) vary = vary === undefined ? values.join(', ') : `${vary}, ${values.join(', ')}`
      continue
    }
    if (listing && lower !== 'set-cookie') (names ??= []).push(lower)
    multi![key] = values
  }
  const merged = verdict.varyOrigin ? (mergeVary(vary, 'Origin') ?? vary) : vary
  const set = verdict.headers
  if (multiMode) {
    for (const name in set) multi![name] = [set[name]!]
    if (names) multi![ACEH] = [[...new Set(names)].join(', ')]
    if (merged) multi!.vary = [merged]
  } else {
    for (const name in set) headers![name] = set[name]
    if (names) headers![ACEH] = [...new Set(names)].join(', ')
    if (merged) headers!.vary = merged
  }
  // A shallow copy whose headers are replaced: the handler may return a result it shares.
  const out: Record<string, unknown> = { ...source }
  if (headers) out.headers = headers
  if (multi) out.multiValueHeaders = multi
  return out as HttpResult
}

/** What the wrapper and the middleware do with a verdict that is not an actual request's: the answer to send. */
function early(event: HttpEvent, verdict: CorsVerdict): HttpResult | undefined {
  if (verdict.kind === 'preflight') return answer(event, verdict.status, verdict.headers, '')
  if (verdict.kind === 'refused') return answer(event, verdict.status, verdict.headers, verdict.body)
  return undefined
}

function defaultOnError(error: unknown): HttpResult {
  console.error(error)
  return { statusCode: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Internal Server Error' }
}

/**
 * Wraps a Lambda HTTP handler `(event, context) => result` with a CORS policy, for API Gateway
 * REST APIs, HTTP APIs, Function URLs and ALB alike (the event tells which). Preflights are
 * answered without calling the handler; every result it returns gets the CORS headers, and so
 * does a thrown error, answered by `onError` (default: log and `500`). With no options it is a
 * public API without credentials (`origin: '*'`). Configuration mistakes throw
 * `CorsConfigError` here, at cold start.
 *
 * @example
 * ```ts
 * import { withCors } from '@corsa/lambda'
 *
 * export const handler = withCors(async (event) => ({ statusCode: 200, body: 'hello' }), {
 *   origin: ['https://app.example.com'],
 *   credentials: true,
 * })
 * ```
 */
export function withCors<E extends HttpEvent, R extends HttpResult, C = unknown>(
  handler: (event: E, context: C) => R | Promise<R>,
  options?: WithCorsOptions<'*', E>,
): (event: E, context: C) => Promise<R>
export function withCors<E extends HttpEvent, R extends HttpResult, const O extends LambdaOriginOption, C = unknown>(
  handler: (event: E, context: C) => R | Promise<R>,
  options: WithCorsOptions<O, E>,
): (event: E, context: C) => Promise<R>
export function withCors<E extends HttpEvent, R extends HttpResult, C>(
  handler: (event: E, context: C) => R | Promise<R>,
  options?: { onError?: (error: unknown, event: E) => HttpResult | Promise<HttpResult> },
): (event: E, context: C) => Promise<R> {
  const engine = compile(options, { onError: functionOption })
  const onError = options?.onError ?? defaultOnError
  return async (event, context) => {
    const decided = decide(engine, event)
    const verdict = decided instanceof Promise ? await decided : decided
    if (verdict.kind !== 'actual') return early(event, verdict) as R
    let result: HttpResult
    try {
      result = await handler(event, context)
    } catch (error) {
      result = await onError(error, event)
    }
    return decorate(event, result, verdict) as R
  }
}

/** The part of a middy request this middleware reads and writes. */
export interface MiddyRequest {
  event: HttpEvent
  response: unknown
}

/** A middy middleware object: `middy(handler).use(cors(options))`. */
export interface CorsMiddleware {
  before(request: MiddyRequest): HttpResult | undefined | Promise<HttpResult | undefined>
  after(request: MiddyRequest): void
  onError(request: MiddyRequest): void
}

/**
 * The same policy as a middy middleware: `middy(handler).use(cors(options))`. Use it first, so
 * that its `before` answers preflights (an early response: the handler and the middlewares
 * after it never run) and its `after` and `onError` run last, on the response every other
 * middleware produced (an `@middy/http-error-handler` answer included).
 *
 * @example
 * ```ts
 * import middy from '@middy/core'
 * import httpErrorHandler from '@middy/http-error-handler'
 * import { cors } from '@corsa/lambda'
 *
 * export const handler = middy(baseHandler).use(cors({ origin: ['https://app.example.com'] })).use(httpErrorHandler())
 * ```
 */
export function cors(options?: LambdaCorsOptions<'*'>): CorsMiddleware
export function cors<const O extends LambdaOriginOption>(options: LambdaCorsOptions<O>): CorsMiddleware
export function cors(options?: object): CorsMiddleware {
  const engine = compile(options)
  const verdicts = new WeakMap<MiddyRequest, ActualVerdict>()
  const settle = (request: MiddyRequest, verdict: CorsVerdict) => {
    if (verdict.kind === 'actual') verdicts.set(request, verdict)
    return early(request.event, verdict)
  }
  const decorateResponse = (request: MiddyRequest) => {
    const verdict = verdicts.get(request)
    if (verdict !== undefined && request.response !== undefined) request.response = decorate(request.event, request.response, verdict)
  }
  return {
    before(request) {
      const decided = decide(engine, request.event)
      return decided instanceof Promise ? decided.then((verdict) => settle(request, verdict)) : settle(request, decided)
    },
    after: decorateResponse,
    onError: decorateResponse,
  }
}
