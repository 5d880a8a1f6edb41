/**
 * The libraries users pick today, each configured as a careful user would to express the same
 * policy as corsa's (same origins, credentials, methods, headers, max-age, no exposed headers),
 * plus each framework without CORS and with corsa's `withCors` around it, so the cost of CORS
 * inside a framework can be read against the framework alone.
 */
import { withCors } from '@corsa/core'
import { cors as corsaHono } from '@corsa/hono'
import { cors as elysiaCors } from '@elysiajs/cors'
import { createServerAdapter, useCORS } from '@whatwg-node/server'
import { Elysia } from 'elysia'
import { H3, handleCors } from 'h3'
import { Hono, type MiddlewareHandler } from 'hono'
import { cors as honoCors } from 'hono/cors'
import { cors as ittyCors } from 'itty-router'
import { type Contender, type FetchFn, type Handler, preflightInit } from './core-contenders.js'
import {
  ALLOW_HEADERS,
  allowedBy,
  corsaOptions,
  type HandlerSpec,
  MAX_AGE,
  METHODS,
  SUBDOMAIN_REGEXP,
  subdomainAllowed,
  type Workload,
} from './workloads.js'

const exact = (w: Workload) => (w.origins.kind === 'exact' ? w.origins.list : undefined)

/**
 * The hand-written best case as a Hono middleware: the core limit's checks and prebuilt
 * preflight headers, and three appends on the response the handler made.
 */
function honoLimit(w: Workload): MiddlewareHandler {
  const allowed = allowedBy(w.origins)
  const preflight = preflightInit(w)
  return async (c, next) => {
    const h = c.req.raw.headers
    const origin = h.get('origin')
    if (c.req.method === 'OPTIONS' && origin !== null && h.has('access-control-request-method')) return new Response(null, preflight(origin))
    await next()
    const headers = c.res.headers
    if (origin !== null && allowed(origin)) {
      headers.append('access-control-allow-origin', origin)
      headers.append('access-control-allow-credentials', 'true')
    }
    headers.append('vary', 'Origin')
  }
}

/**
 * Hono with either handler style: one that returns its own `Response` (the usual fetch-handler
 * style), or one that answers through the context (`c.body()`), which Hono builds itself.
 */
function hono(w: Workload, handler: Handler, cors: 'none' | 'limit' | 'hono' | 'corsa', style: 'response' | 'context' = 'response'): FetchFn {
  const app = new Hono()
  if (cors === 'corsa') app.use(corsaHono(corsaOptions(w)))
  if (cors === 'limit') app.use(honoLimit(w))
  if (cors === 'hono') {
    const list = exact(w)
    app.use(
      honoCors({
        // Hono has no RegExp: a function returning the origin to send is the closest.
        origin: list ?? ((origin) => (subdomainAllowed(origin) ? origin : null)),
        credentials: true,
        allowMethods: METHODS,
        allowHeaders: ALLOW_HEADERS,
        maxAge: MAX_AGE,
      }),
    )
  }
  // Every method reaches the handler, as in the bare handler: a preflight without CORS is the app's.
  const spec = (handler as Handler & { spec?: HandlerSpec }).spec
  if (style === 'context' && spec) {
    app.all('/', (c) => {
      spec.onCall?.()
      return spec.body === null ? c.body(null, spec.status as 200, spec.headers) : c.body(spec.body, spec.status as 200, spec.headers)
    })
  } else app.all('/', (c) => handler(c.req.raw))
  return (request) => app.fetch(request)
}

function h3(w: Workload, handler: Handler, cors: 'none' | 'h3'): FetchFn {
  const app = new H3()
  if (cors === 'h3') {
    const options = {
      origin: exact(w) ?? [SUBDOMAIN_REGEXP],
      credentials: true,
      methods: METHODS,
      allowHeaders: ALLOW_HEADERS,
      maxAge: String(MAX_AGE),
      // The default '*' is dropped with credentials (and warns): none is what this policy means.
      exposeHeaders: [],
    }
    app.use((event) => {
      const preflight = handleCors(event, options)
      if (preflight !== false) return preflight
    })
  }
  app.all('/', (event) => handler(event.req))
  return (request) => app.fetch(request)
}

function whatwg(w: Workload, handler: Handler, cors: 'none' | 'whatwg' | 'corsa'): FetchFn {
  const inner = cors === 'corsa' ? (withCors(handler, corsaOptions(w)) as Handler) : handler
  const options = { credentials: true, methods: METHODS, allowedHeaders: ALLOW_HEADERS, maxAge: MAX_AGE }
  const list = exact(w)
  // No pattern or RegExp: an options factory that allows one origin per request is the closest.
  const plugin = list
    ? useCORS({ ...options, origin: list })
    : useCORS((request) => {
        const origin = request.headers.get('origin')
        return origin !== null && subdomainAllowed(origin) ? { ...options, origin } : false
      })
  const adapter = createServerAdapter(inner, { plugins: cors === 'whatwg' ? [plugin] : [] })
  return (request) => adapter.fetch(request) as Response | Promise<Response>
}

function elysia(w: Workload, handler: Handler, cors: 'none' | 'elysia'): FetchFn {
  const app = new Elysia()
  if (cors === 'elysia') {
    app.use(
      elysiaCors({
        origin: exact(w) ?? SUBDOMAIN_REGEXP,
        credentials: true,
        methods: METHODS,
        allowedHeaders: ALLOW_HEADERS,
        exposeHeaders: [],
        maxAge: MAX_AGE,
      }),
    )
  }
  // The plugin routes OPTIONS itself; without it, every method reaches the handler.
  if (cors === 'elysia') app.get('/', ({ request }) => handler(request))
  else app.all('/', ({ request }) => handler(request))
  return (request) => app.handle(request)
}

function itty(w: Workload, handler: Handler): FetchFn {
  const { preflight, corsify } = ittyCors({
    origin: exact(w) ?? SUBDOMAIN_REGEXP,
    credentials: true,
    allowMethods: METHODS,
    allowHeaders: ALLOW_HEADERS,
    maxAge: MAX_AGE,
  })
  return (request) => preflight(request) ?? corsify(handler(request), request)
}

/** corsa around a framework's whole fetch handler, as a user would add it. */
const corsaAround = (framework: (w: Workload, handler: Handler) => FetchFn) => (w: Workload, handler: Handler) =>
  withCors(framework(w, handler), corsaOptions(w)) as FetchFn

export const PEER_CONTENDERS: Contender[] = [
  { id: 'itty', label: 'itty-router cors()', baseline: 'bare', build: itty },
  { id: 'hono-bare', label: 'Hono, Response handler, no CORS', baseline: 'hono-bare', build: (w, h) => hono(w, h, 'none') },
  {
    id: 'hono-limit',
    label: 'Hono, Response handler + hand-written middleware (limit)',
    baseline: 'hono-bare',
    build: (w, h) => hono(w, h, 'limit'),
  },
  { id: 'hono-cors', label: 'Hono, Response handler + hono/cors', baseline: 'hono-bare', build: (w, h) => hono(w, h, 'hono') },
  { id: 'hono-corsa', label: 'Hono, Response handler + @corsa/hono cors()', baseline: 'hono-bare', build: (w, h) => hono(w, h, 'corsa') },
  { id: 'hono-withcors', label: 'Hono + corsa withCors(app.fetch)', baseline: 'hono-bare', build: corsaAround((w, h) => hono(w, h, 'none')) },
  { id: 'hono-ctx-bare', label: 'Hono, c.body() handler, no CORS', baseline: 'hono-ctx-bare', build: (w, h) => hono(w, h, 'none', 'context') },
  {
    id: 'hono-ctx-limit',
    label: 'Hono, c.body() handler + hand-written middleware (limit)',
    baseline: 'hono-ctx-bare',
    build: (w, h) => hono(w, h, 'limit', 'context'),
  },
  { id: 'hono-ctx-cors', label: 'Hono, c.body() handler + hono/cors', baseline: 'hono-ctx-bare', build: (w, h) => hono(w, h, 'hono', 'context') },
  {
    id: 'hono-ctx-corsa',
    label: 'Hono, c.body() handler + @corsa/hono cors()',
    baseline: 'hono-ctx-bare',
    build: (w, h) => hono(w, h, 'corsa', 'context'),
  },
  { id: 'h3-bare', label: 'h3, no CORS', baseline: 'h3-bare', build: (w, h) => h3(w, h, 'none') },
  { id: 'h3-cors', label: 'h3 + handleCors', baseline: 'h3-bare', build: (w, h) => h3(w, h, 'h3') },
  { id: 'h3-corsa', label: 'h3 + corsa withCors', baseline: 'h3-bare', build: corsaAround((w, h) => h3(w, h, 'none')) },
  { id: 'whatwg-bare', label: '@whatwg-node/server, no CORS', baseline: 'whatwg-bare', build: (w, h) => whatwg(w, h, 'none') },
  { id: 'whatwg-cors', label: '@whatwg-node/server + useCORS', baseline: 'whatwg-bare', build: (w, h) => whatwg(w, h, 'whatwg') },
  { id: 'whatwg-corsa', label: '@whatwg-node/server + corsa withCors', baseline: 'whatwg-bare', build: (w, h) => whatwg(w, h, 'corsa') },
  { id: 'elysia-bare', label: 'Elysia (on Node), no CORS', baseline: 'elysia-bare', build: (w, h) => elysia(w, h, 'none') },
  { id: 'elysia-cors', label: 'Elysia + @elysiajs/cors', baseline: 'elysia-bare', build: (w, h) => elysia(w, h, 'elysia') },
  { id: 'elysia-corsa', label: 'Elysia + corsa withCors', baseline: 'elysia-bare', build: corsaAround((w, h) => elysia(w, h, 'none')) },
]
