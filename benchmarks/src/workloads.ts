/**
 * The workloads every contender runs: one CORS policy, expressed in each library's own terms,
 * and the requests that exercise it. Everything here is plain data so that Node, Bun and Deno
 * run the very same requests.
 */

export const ALLOWED = 'https://app.example.com'
export const REFUSED = 'https://evil.example.net'
export const SUBDOMAIN_ORIGIN = 'https://tenant-42.example.com'
/** The pattern in corsa's syntax, and the closest equivalent the peers offer. */
export const SUBDOMAIN_PATTERN = 'https://*.example.com'
export const SUBDOMAIN_REGEXP = /^https:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.example\.com$/
export const subdomainAllowed = (origin: string): boolean => SUBDOMAIN_REGEXP.test(origin)

export const METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']
export const ALLOW_HEADERS = ['Content-Type', 'X-Request-Id']
export const MAX_AGE = 600
export const PREFLIGHT_METHOD = 'PUT'
export const PREFLIGHT_HEADERS = 'content-type, x-request-id'
export const URL_ = 'http://localhost/'

/** `n` distinct exact origins; the last one is the one requests come from. */
export function originList(n: number, last = ALLOWED): string[] {
  const list: string[] = []
  for (let i = 1; i < n; i++) list.push(`https://customer-${i}.example.org`)
  list.push(last)
  return list
}

/** Who may read responses: exact origins, or one subdomain pattern. */
export type Origins = { kind: 'exact'; list: string[] } | { kind: 'subdomain' }

export type Expect = 'preflight' | 'allowed' | 'refused' | 'none'

export interface Workload {
  id: string
  title: string
  origins: Origins
  /** What the response must be: a granted preflight, or an actual response for an allowed, refused or missing origin. */
  expect: Expect
  method: 'GET' | 'OPTIONS'
  /** The request's Origin, or null for none. */
  origin: string | null
  /** Part of "the core workloads" run on Bun and Deno too. */
  core: boolean
}

const BASE: Origins = { kind: 'exact', list: ['https://admin.example.com', ALLOWED, 'https://partner.example.org'] }

export const WORKLOADS: Workload[] = [
  {
    id: 'preflight',
    title: 'preflight, allowed origin, PUT + 2 headers',
    origins: BASE,
    expect: 'preflight',
    method: 'OPTIONS',
    origin: ALLOWED,
    core: true,
  },
  { id: 'allowed', title: 'GET, allowed origin', origins: BASE, expect: 'allowed', method: 'GET', origin: ALLOWED, core: true },
  { id: 'refused', title: 'GET, disallowed origin', origins: BASE, expect: 'refused', method: 'GET', origin: REFUSED, core: true },
  { id: 'no-origin', title: 'GET, no Origin', origins: BASE, expect: 'none', method: 'GET', origin: null, core: true },
  {
    id: 'list-1',
    title: 'GET, list of 1 origin',
    origins: { kind: 'exact', list: originList(1) },
    expect: 'allowed',
    method: 'GET',
    origin: ALLOWED,
    core: true,
  },
  {
    id: 'list-100',
    title: 'GET, list of 100, matching the last',
    origins: { kind: 'exact', list: originList(100) },
    expect: 'allowed',
    method: 'GET',
    origin: ALLOWED,
    core: true,
  },
  {
    id: 'list-10000',
    title: 'GET, list of 10,000, matching the last',
    origins: { kind: 'exact', list: originList(10_000) },
    expect: 'allowed',
    method: 'GET',
    origin: ALLOWED,
    core: true,
  },
  {
    id: 'subdomain',
    title: 'GET, subdomain pattern',
    origins: { kind: 'subdomain' },
    expect: 'allowed',
    method: 'GET',
    origin: SUBDOMAIN_ORIGIN,
    core: true,
  },
]

/** The request headers of a workload, as a plain record (for Fetch and for Node alike). */
export function requestHeaders(w: Workload): Record<string, string> {
  const headers: Record<string, string> = { accept: '*/*', 'user-agent': 'corsa-bench' }
  if (w.origin !== null) headers.origin = w.origin
  if (w.method === 'OPTIONS') {
    headers['access-control-request-method'] = PREFLIGHT_METHOD
    headers['access-control-request-headers'] = PREFLIGHT_HEADERS
  }
  return headers
}

export function makeRequest(w: Workload): Request {
  return new Request(URL_, { method: w.method, headers: requestHeaders(w) })
}

/** corsa's options for a workload. */
export function corsaOptions(w: Workload) {
  return {
    origin: w.origins.kind === 'exact' ? w.origins.list : [SUBDOMAIN_PATTERN],
    credentials: true as const,
    allowMethods: METHODS,
    allowHeaders: ALLOW_HEADERS,
    maxAge: MAX_AGE,
  }
}

/** Whether a workload's policy allows `origin`: the reference the hand-written limits are built from. */
export function allowedBy(origins: Origins): (origin: string) => boolean {
  if (origins.kind === 'subdomain') return subdomainAllowed
  const set = new Set(origins.list)
  return (origin) => set.has(origin)
}

/**
 * The application every contender wraps: the same work everywhere. Timed runs use no body:
 * on Node 20 a body costs ~8 µs of stream setup per response, noisy enough to drown the CORS
 * work being measured. The checks use a body (to see it survive) and a 404 (to see the status survive).
 */
/** What the application answers, for frameworks whose handlers answer through their own API (Hono's `c.body()`). */
export interface HandlerSpec {
  status: number
  body: string | null
  headers: Record<string, string>
  onCall?: () => void
}

export function makeHandler(options: { status?: number; body?: string; onCall?: () => void } = {}): ((request: Request) => Response) & {
  spec: HandlerSpec
} {
  const { status = 200, body = null, onCall } = options
  const init = { status, headers: { 'content-type': 'text/plain;charset=UTF-8', vary: 'Accept-Encoding' } }
  const handler = () => {
    onCall?.()
    return new Response(body, init)
  }
  return Object.assign(handler, { spec: { status, body, headers: init.headers, onCall } })
}
