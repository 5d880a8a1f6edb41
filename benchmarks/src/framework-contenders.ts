/**
 * Fastify, Koa and Lambda contenders: each framework alone, with a hand-written limit in the
 * framework's own idiom, with the plugin users pick today (`@fastify/cors`, `@koa/cors`,
 * `@middy/http-cors`), and with corsa's package for it. Every contender answers one request per
 * call with a Promise that settles when the response is complete, so the suite can time and
 * check them alike (framework-suite.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { cors as corsaFastify } from '@corsa/fastify'
import { cors as corsaKoa } from '@corsa/koa'
import { cors as corsaMiddy, type HttpEvent, type HttpResult, withCors as corsaLambda } from '@corsa/lambda'
import fastifyCors from '@fastify/cors'
import koaCors from '@koa/cors'
import middy from '@middy/core'
import httpCors from '@middy/http-cors'
import Fastify from 'fastify'
import Koa from 'koa'
import {
  ALLOW_HEADERS,
  allowedBy,
  corsaOptions,
  MAX_AGE,
  METHODS,
  requestHeaders,
  SUBDOMAIN_PATTERN,
  SUBDOMAIN_REGEXP,
  type Workload,
} from './workloads.js'

/** API Gateway REST API (payload 1.0) events and results, as @corsa/lambda types them. */
type APIGatewayProxyEvent = Extract<HttpEvent, { resource: string }>
type APIGatewayProxyResult = Extract<HttpResult, { body: string }>

/** What the application answers: the same work in every framework. */
export interface App {
  status: number
  body: string
  onCall?: () => void
}

/** One request through a contender: Node's req/res for the servers, an event for Lambda. */
export type Run =
  | { kind: 'node'; fn: (req: IncomingMessage, res: ServerResponse) => Promise<void> }
  | { kind: 'lambda'; fn: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> }

export interface FrameworkContender {
  id: string
  label: string
  /** The same framework without CORS. */
  baseline: string
  build(w: Workload, app: App): Promise<Run>
}

const ACAO = 'access-control-allow-origin'
const ACAC = 'access-control-allow-credentials'
const ACRM = 'access-control-request-method'
const PREFLIGHT_REST: Record<string, string> = {
  [ACAC]: 'true',
  'access-control-allow-methods': METHODS.join(', '),
  'access-control-allow-headers': ALLOW_HEADERS.join(', '),
  'access-control-max-age': String(MAX_AGE),
  vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
}
const REFUSED_PREFLIGHT = { vary: PREFLIGHT_REST.vary! }
/** Preflight headers per allowed origin, prebuilt as a careful hand-written layer would. */
function preflightHeaders(w: Workload): (origin: string) => Record<string, string> {
  const allowed = allowedBy(w.origins)
  const prebuilt = new Map<string, Record<string, string>>()
  return (origin) =>
    prebuilt.get(origin) ??
    (allowed(origin) ? (prebuilt.set(origin, { [ACAO]: origin, ...PREFLIGHT_REST }), prebuilt.get(origin)!) : REFUSED_PREFLIGHT)
}
const appendVary = (value: unknown) => (value ? `${value}, Origin` : 'Origin')

/** Settles when `res.end()` has been called (a socketless response never emits 'finish'). */
function ended(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const end = res.end
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      const out = (end as (...a: unknown[]) => ServerResponse).apply(this, args)
      resolve()
      return out
    } as ServerResponse['end']
  })
}

// ---------------------------------------------------------------- Fastify

async function fastify(w: Workload, app: App, cors: 'none' | 'limit' | 'fastify' | 'corsa'): Promise<Run> {
  const f = Fastify()
  if (cors === 'corsa') await f.register(corsaFastify, corsaOptions(w))
  if (cors === 'fastify') {
    await f.register(fastifyCors, {
      origin: w.origins.kind === 'exact' ? w.origins.list : SUBDOMAIN_REGEXP,
      credentials: true,
      methods: METHODS,
      allowedHeaders: ALLOW_HEADERS,
      maxAge: MAX_AGE,
    })
  }
  if (cors === 'limit') {
    const allowed = allowedBy(w.origins)
    const preflight = preflightHeaders(w)
    f.addHook('onRequest', (request, reply, done) => {
      const h = request.headers
      if (request.method === 'OPTIONS' && h.origin !== undefined && h[ACRM] !== undefined) {
        reply.code(204).headers(preflight(h.origin)).send()
        return
      }
      done()
    })
    f.addHook('onSend', (request, reply, payload, done) => {
      const origin = request.headers.origin
      if (origin !== undefined && allowed(origin)) reply.header(ACAO, origin).header(ACAC, 'true')
      reply.header('vary', appendVary(reply.getHeader('vary')))
      done(null, payload)
    })
  }
  // Every method reaches the route, as in the bare handler: a preflight without CORS is the app's.
  f.all('/', (_request, reply) => {
    app.onCall?.()
    reply.code(app.status).header('content-type', 'text/plain;charset=UTF-8').header('vary', 'Accept-Encoding').send(app.body)
  })
  await f.ready()
  return {
    kind: 'node',
    fn: (req, res) => {
      const done = ended(res)
      f.routing(req, res)
      return done
    },
  }
}

// ---------------------------------------------------------------- Koa

function koa(w: Workload, app: App, cors: 'none' | 'limit' | 'koa' | 'corsa'): Run {
  const k = new Koa()
  k.silent = true
  const allowed = allowedBy(w.origins)
  if (cors === 'corsa') k.use(corsaKoa(corsaOptions(w)))
  if (cors === 'koa') {
    k.use(
      koaCors({
        // @koa/cors has no list: a function returning the origin to send (or '' to refuse).
        origin: (ctx) => {
          const origin = ctx.get('Origin')
          return allowed(origin) ? origin : ''
        },
        credentials: true,
        allowMethods: METHODS,
        allowHeaders: ALLOW_HEADERS,
        maxAge: MAX_AGE,
      }),
    )
  }
  if (cors === 'limit') {
    const preflight = preflightHeaders(w)
    k.use(async (ctx, next) => {
      const h = ctx.req.headers
      const origin = h.origin
      if (ctx.method === 'OPTIONS' && origin !== undefined && h[ACRM] !== undefined) {
        ctx.set(preflight(origin))
        ctx.status = 204
        return
      }
      await next()
      if (origin !== undefined && allowed(origin)) {
        ctx.set(ACAO, origin)
        ctx.set(ACAC, 'true')
      }
      ctx.set('vary', appendVary(ctx.response.get('vary')))
    })
  }
  k.use((ctx) => {
    app.onCall?.()
    ctx.status = app.status
    ctx.set('content-type', 'text/plain;charset=UTF-8')
    ctx.set('vary', 'Accept-Encoding')
    ctx.body = app.body
  })
  const callback = k.callback()
  return { kind: 'node', fn: (req, res) => callback(req, res) as Promise<void> }
}

// ---------------------------------------------------------------- Lambda (API Gateway REST, payload 1.0)

/** The workload's request as an API Gateway REST API event: header names as a browser sends them. */
export function restEvent(w: Workload): APIGatewayProxyEvent {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(requestHeaders(w)))
    headers[name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())] = value
  const multi = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]))
  return {
    resource: '/',
    path: '/',
    httpMethod: w.method,
    headers,
    multiValueHeaders: multi,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: { httpMethod: w.method, path: '/prod/', stage: 'prod', requestId: 'id' } as APIGatewayProxyEvent['requestContext'],
    body: null,
    isBase64Encoded: false,
  }
}

function lambdaHandler(app: App) {
  return async (_event: HttpEvent): Promise<APIGatewayProxyResult> => {
    app.onCall?.()
    return { statusCode: app.status, headers: { 'content-type': 'text/plain;charset=UTF-8', vary: 'Accept-Encoding' }, body: app.body }
  }
}

function lambdaLimit(w: Workload, app: App) {
  const allowed = allowedBy(w.origins)
  const preflight = preflightHeaders(w)
  const handler = lambdaHandler(app)
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const h = event.headers
    const origin = h.origin ?? h.Origin
    if (event.httpMethod === 'OPTIONS' && origin !== undefined && (h[ACRM] ?? h['Access-Control-Request-Method']) !== undefined) {
      // A copy, as corsa returns: code around the handler (middy's after middlewares) may change a result.
      return { statusCode: 204, headers: { ...preflight(origin) }, body: '' }
    }
    const result = await handler(event)
    // Copied key by key: on V8, adding keys to an object made by spreading costs microseconds.
    const headers: Record<string, string | number | boolean> = {}
    for (const name in result.headers) headers[name] = result.headers[name]!
    if (origin !== undefined && allowed(origin)) {
      headers[ACAO] = origin
      headers[ACAC] = 'true'
    }
    headers.vary = appendVary(headers.vary)
    return { statusCode: result.statusCode, headers, body: result.body }
  }
}

/** The hand-written best case as a middy middleware: the Lambda limit's work in before and after. */
function middyLimit(w: Workload) {
  const allowed = allowedBy(w.origins)
  const preflight = preflightHeaders(w)
  return {
    before(request: { event: APIGatewayProxyEvent }) {
      const h = request.event.headers
      const origin = h.origin ?? h.Origin
      if (request.event.httpMethod === 'OPTIONS' && origin !== undefined && (h[ACRM] ?? h['Access-Control-Request-Method']) !== undefined) {
        return { statusCode: 204, headers: { ...preflight(origin) }, body: '' }
      }
      return undefined
    },
    after(request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult }) {
      const h = request.event.headers
      const origin = h.origin ?? h.Origin
      const result = request.response
      const headers: Record<string, string | number | boolean> = {}
      for (const name in result.headers) headers[name] = result.headers[name]!
      if (origin !== undefined && allowed(origin)) {
        headers[ACAO] = origin
        headers[ACAC] = 'true'
      }
      headers.vary = appendVary(headers.vary)
      request.response = { statusCode: result.statusCode, headers, body: result.body }
    },
  }
}

function middyCors(w: Workload) {
  return httpCors({
    ...(w.origins.kind === 'exact' ? { origins: w.origins.list } : { origins: [SUBDOMAIN_PATTERN] }),
    credentials: true,
    methods: METHODS.join(','),
    headers: ALLOW_HEADERS.join(','),
    maxAge: MAX_AGE,
    // Answer preflights in before, as corsa does (by default @middy/http-cors passes them to the handler).
    disableBeforePreflightResponse: false,
  })
}

const lambda = (fn: (event: APIGatewayProxyEvent) => Promise<HttpResult>): Run => ({
  kind: 'lambda',
  fn: fn as (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
})
const context = {} as never
const middied = (handler: (event: APIGatewayProxyEvent, context: never) => Promise<unknown>) =>
  lambda((event) => handler(event, context) as Promise<HttpResult>)

export const FRAMEWORK_CONTENDERS: FrameworkContender[] = [
  { id: 'fastify-bare', label: 'Fastify, no CORS', baseline: 'fastify-bare', build: (w, a) => fastify(w, a, 'none') },
  { id: 'fastify-limit', label: 'Fastify + hand-written hooks (limit)', baseline: 'fastify-bare', build: (w, a) => fastify(w, a, 'limit') },
  { id: 'fastify-cors', label: 'Fastify + @fastify/cors', baseline: 'fastify-bare', build: (w, a) => fastify(w, a, 'fastify') },
  { id: 'fastify-corsa', label: 'Fastify + @corsa/fastify', baseline: 'fastify-bare', build: (w, a) => fastify(w, a, 'corsa') },
  { id: 'koa-bare', label: 'Koa, no CORS', baseline: 'koa-bare', build: async (w, a) => koa(w, a, 'none') },
  { id: 'koa-limit', label: 'Koa + hand-written middleware (limit)', baseline: 'koa-bare', build: async (w, a) => koa(w, a, 'limit') },
  { id: 'koa-cors', label: 'Koa + @koa/cors', baseline: 'koa-bare', build: async (w, a) => koa(w, a, 'koa') },
  { id: 'koa-corsa', label: 'Koa + @corsa/koa', baseline: 'koa-bare', build: async (w, a) => koa(w, a, 'corsa') },
  { id: 'lambda-bare', label: 'Lambda handler, no CORS', baseline: 'lambda-bare', build: async (_w, a) => lambda(lambdaHandler(a)) },
  { id: 'lambda-limit', label: 'Lambda + hand-written wrapper (limit)', baseline: 'lambda-bare', build: async (w, a) => lambda(lambdaLimit(w, a)) },
  {
    id: 'lambda-corsa',
    label: 'Lambda + @corsa/lambda withCors',
    baseline: 'lambda-bare',
    build: async (w, a) => middied(corsaLambda(lambdaHandler(a), corsaOptions(w))),
  },
  { id: 'middy-bare', label: 'middy, no CORS', baseline: 'middy-bare', build: async (_w, a) => middied(middy(lambdaHandler(a))) },
  {
    id: 'middy-limit',
    label: 'middy + hand-written middleware (limit)',
    baseline: 'middy-bare',
    build: async (w, a) => middied(middy(lambdaHandler(a)).use(middyLimit(w) as never)),
  },
  {
    id: 'middy-cors',
    label: 'middy + @middy/http-cors',
    baseline: 'middy-bare',
    build: async (w, a) => middied(middy(lambdaHandler(a)).use(middyCors(w))),
  },
  {
    id: 'middy-corsa',
    label: 'middy + @corsa/lambda cors()',
    baseline: 'middy-bare',
    build: async (w, a) => middied(middy(lambdaHandler(a)).use(corsaMiddy(corsaOptions(w)))),
  },
]
