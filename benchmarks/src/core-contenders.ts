/**
 * The fetch-level contenders that run everywhere (Node, Bun, Deno): the handler alone, the
 * hand-written limit, and corsa's two faces. Nothing here imports a peer library.
 */
import { cors, withCors } from '@corsa/core'
import { allowedBy, corsaOptions, MAX_AGE, METHODS, ALLOW_HEADERS, type Workload } from './workloads.js'

export type FetchFn = (request: Request) => Response | Promise<Response>
export type Handler = (request: Request) => Response

export interface Contender {
  id: string
  label: string
  /** The contender whose time is this one's "without CORS" (its own framework, no CORS). */
  baseline: string
  build(w: Workload, handler: Handler): FetchFn
}

const ACAO = 'access-control-allow-origin'
const ACAC = 'access-control-allow-credentials'
const ACRM = 'access-control-request-method'
const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'
/** What a granted preflight says besides the origin: known when the policy is written. */
const PREFLIGHT_REST: [string, string][] = [
  [ACAC, 'true'],
  ['access-control-allow-methods', METHODS.join(', ')],
  ['access-control-allow-headers', ALLOW_HEADERS.join(', ')],
  ['access-control-max-age', String(MAX_AGE)],
  ['vary', PREFLIGHT_VARY],
]

/**
 * The hand-written best case for one policy: a constant-time origin check, the preflight's
 * headers prebuilt per allowed origin, and the actual response's headers appended in place.
 * It knows its handler never sets `Access-Control-*` or `Vary: Origin`, so it appends blindly.
 * Each preflight still gets its own `Response` (a shared one could be mutated by a caller).
 */
export function limitHandler(w: Workload, handler: Handler): FetchFn {
  const allowed = allowedBy(w.origins)
  const preflight = preflightInit(w)
  return (request) => {
    const h = request.headers
    const origin = h.get('origin')
    if (request.method === 'OPTIONS' && origin !== null && h.has(ACRM)) return new Response(null, preflight(origin))
    const response = handler(request)
    const headers = response.headers
    if (origin !== null && allowed(origin)) {
      headers.append(ACAO, origin)
      headers.append(ACAC, 'true')
    }
    headers.append('vary', 'Origin')
    return response
  }
}

/** The answer to a preflight from `origin`, prebuilt per allowed origin as a careful hand-written layer would. */
export function preflightInit(w: Workload): (origin: string) => ResponseInit {
  const allowed = allowedBy(w.origins)
  const prebuilt = new Map<string, ResponseInit>()
  if (w.origins.kind === 'exact') {
    for (const origin of w.origins.list) prebuilt.set(origin, { status: 204, headers: [[ACAO, origin], ...PREFLIGHT_REST] })
  }
  const refused: ResponseInit = { status: 204, headers: [['vary', PREFLIGHT_VARY]] }
  return (origin) => prebuilt.get(origin) ?? (allowed(origin) ? { status: 204, headers: [[ACAO, origin], ...PREFLIGHT_REST] } : refused)
}

/** corsa's pure face used by hand: answer the preflight, else copy the headers it returns onto the response. */
function policyHandler(w: Workload, handler: Handler): FetchFn {
  const policy = cors(corsaOptions(w))
  return (request) => {
    const answer = policy(request)
    if (answer instanceof Response) return answer
    const response = handler(request)
    const headers = response.headers
    answer.forEach((value, name) => (name === 'vary' ? headers.append(name, value) : headers.set(name, value)))
    return response
  }
}

export const CORE_CONTENDERS: Contender[] = [
  { id: 'bare', label: 'bare handler (no CORS)', baseline: 'bare', build: (_w, handler) => handler },
  { id: 'limit', label: 'limit (hand-written)', baseline: 'bare', build: limitHandler },
  {
    id: 'corsa',
    label: '@corsa/core withCors',
    baseline: 'bare',
    build: (w, handler) => withCors(handler, corsaOptions(w)) as FetchFn,
  },
  { id: 'corsa-policy', label: '@corsa/core policy(request)', baseline: 'bare', build: policyHandler },
]
