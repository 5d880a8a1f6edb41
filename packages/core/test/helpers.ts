/** Request builders and header views shared by the behaviour tests (which also run in the Edge VM). */

export const API = 'https://api.example.com/resource'

/** A request from `origin` (none when `undefined`) with extra headers. */
export function request(origin?: string, init: { method?: string; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(init.headers)
  if (origin !== undefined) headers.set('origin', origin)
  return new Request(API, { method: init.method ?? 'GET', headers })
}

/** A browser-shaped preflight: OPTIONS + Origin + Access-Control-Request-Method (+ -Headers). */
export function preflight(origin: string, method = 'PUT', requestHeaders?: string): Request {
  const headers: Record<string, string> = { 'access-control-request-method': method }
  if (requestHeaders !== undefined) headers['access-control-request-headers'] = requestHeaders
  return request(origin, { method: 'OPTIONS', headers })
}

/** The response's or headers' `Access-Control-*` and `Vary` fields as a plain object. */
export function corsHeaders(value: Response | Headers): Record<string, string> {
  const headers = value instanceof Response ? value.headers : value
  const out: Record<string, string> = {}
  for (const [name, v] of headers) if (name.startsWith('access-control-') || name === 'vary') out[name] = v
  return out
}

/** A handler that records its calls and answers with the given status and headers. */
export function recordingHandler(status = 200, headers: Record<string, string> = {}) {
  const calls: Request[] = []
  const handler = (req: Request) => {
    calls.push(req)
    return new Response(status === 204 || status === 304 ? null : 'body', { status, headers })
  }
  return { calls, handler }
}

/** Whether a value is a `;`-free comma-separated list of HTTP tokens. */
export function isTokenList(value: string): boolean {
  return value === '*' || value.split(', ').every((t) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(t))
}
