import { inject } from 'vitest'

export const ALLOWED = 'https://app.example.com'
export const REFUSED = 'https://evil.example.org'

/** Sends a real HTTP request to the fixture app served by `next start`; redirects are not followed. */
export function send(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(inject('nextUrl') + path, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init })
}

/** A browser's preflight for `method` (and `headers`) from `origin`. */
export function preflight(path: string, origin: string, method: string, headers?: string): Promise<Response> {
  return send(path, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      ...(headers ? { 'access-control-request-headers': headers } : {}),
    },
  })
}

/** The response's Access-Control-* headers, as one object. */
export function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')))
}

/** The tokens of the response's `Vary` (all its lines), lower-cased. */
export function vary(response: Response): string[] {
  return (response.headers.get('vary') ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean)
}

/** The headers of an actual response that an allowed origin may read, with this app's policy. */
export const ALLOWED_ACTUAL = {
  'access-control-allow-origin': ALLOWED,
  'access-control-allow-credentials': 'true',
  'access-control-expose-headers': 'x-request-id',
}

/** The headers of an allowed preflight asking for POST with Content-Type, with this app's policy. */
export const ALLOWED_PREFLIGHT = {
  'access-control-allow-origin': ALLOWED,
  'access-control-allow-credentials': 'true',
  'access-control-allow-methods': 'GET, HEAD, PUT, PATCH, POST, DELETE',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
}
