/**
 * Node `http` contenders in the connect middleware form `(req, res, next)`: no CORS, the
 * hand-written limit, the `cors` package (express's), and `@corsa/node`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { cors as corsaNode, withCors as corsaNodeListener } from '@corsa/node'
import corsPackage from 'cors'
import { ALLOW_HEADERS, allowedBy, corsaOptions, MAX_AGE, METHODS, SUBDOMAIN_REGEXP, type Workload } from './workloads.js'

export type Listener = (req: IncomingMessage, res: ServerResponse) => void
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void

export interface NodeContender {
  id: string
  label: string
  /** A listener that runs the CORS layer, then `listener`. */
  build(w: Workload, listener: Listener): Listener
}

/** The Node application: the same work for every contender. A well-behaved app appends to `Vary`. */
export function makeListener(options: { status?: number; body?: string; onCall?: () => void } = {}): Listener {
  const { status = 200, body = '', onCall } = options
  return (_req, res) => {
    onCall?.()
    res.statusCode = status
    res.setHeader('content-type', 'text/plain;charset=UTF-8')
    res.appendHeader('vary', 'Accept-Encoding')
    res.end(body)
  }
}

const ACAO = 'access-control-allow-origin'
const ACAC = 'access-control-allow-credentials'
const ACRM = 'access-control-request-method'
const PREFLIGHT_REST = {
  [ACAC]: 'true',
  'access-control-allow-methods': METHODS.join(', '),
  'access-control-allow-headers': ALLOW_HEADERS.join(', '),
  'access-control-max-age': String(MAX_AGE),
  vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  'content-length': '0',
}

/**
 * The hand-written best case on Node: a constant-time origin check, preflight heads prebuilt per
 * allowed origin and written at once, two `setHeader`s and a `Vary` append for an actual request.
 */
export function nodeLimit(w: Workload): Middleware {
  const allowed = allowedBy(w.origins)
  const prebuilt = new Map<string, Record<string, string>>()
  if (w.origins.kind === 'exact') for (const origin of w.origins.list) prebuilt.set(origin, { [ACAO]: origin, ...PREFLIGHT_REST })
  const refused = { vary: PREFLIGHT_REST.vary, 'content-length': '0' }
  return (req, res, next) => {
    const h = req.headers
    const origin = h.origin
    if (req.method === 'OPTIONS' && origin !== undefined && h[ACRM] !== undefined) {
      res.writeHead(204, prebuilt.get(origin) ?? (allowed(origin) ? { [ACAO]: origin, ...PREFLIGHT_REST } : refused))
      res.end()
      return
    }
    if (origin !== undefined && allowed(origin)) {
      res.setHeader(ACAO, origin)
      res.setHeader(ACAC, 'true')
    }
    res.appendHeader('vary', 'Origin')
    next()
  }
}

/** The `cors` package configured for the same policy (its closest to a pattern is a RegExp). */
function corsPackageMiddleware(w: Workload): Middleware {
  return corsPackage({
    origin: w.origins.kind === 'exact' ? w.origins.list : SUBDOMAIN_REGEXP,
    credentials: true,
    methods: METHODS,
    allowedHeaders: ALLOW_HEADERS,
    maxAge: MAX_AGE,
  }) as Middleware
}

const asListener =
  (middleware: Middleware) =>
  (listener: Listener): Listener =>
  (req, res) =>
    middleware(req, res, () => listener(req, res))

export const NODE_CONTENDERS: NodeContender[] = [
  { id: 'node-bare', label: 'node:http, no CORS', build: (_w, listener) => listener },
  { id: 'node-limit', label: 'limit (hand-written middleware)', build: (w, listener) => asListener(nodeLimit(w))(listener) },
  { id: 'cors', label: 'cors (express) middleware', build: (w, listener) => asListener(corsPackageMiddleware(w))(listener) },
  {
    id: 'corsa-node',
    label: '@corsa/node cors() middleware',
    build: (w, listener) => asListener(corsaNode(corsaOptions(w)) as Middleware)(listener),
  },
  { id: 'corsa-node-listener', label: '@corsa/node withCors(listener)', build: (w, listener) => corsaNodeListener(listener, corsaOptions(w)) },
]
