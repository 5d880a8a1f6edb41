import type { CorsEngine } from './engine.js'
import { MAX_REQUEST_HEADERS_LENGTH, parseRequestHeaders } from './engine.js'
import type { CorsDecision, CorsReason } from './options.js'
import { MAX_ORIGIN_LENGTH, splitOrigin } from './origins.js'

/** Quotes attacker-controlled text safely and briefly. */
function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
}

/**
 * Turns an engine decision into a {@link CorsDecision} with one plain sentence. Only
 * `explain()` calls this, so the request path never builds these strings.
 */
export function describe(
  engine: CorsEngine<any>,
  kind: CorsDecision['kind'],
  reason: CorsReason,
  origin: string | null,
  method: string | null,
  requestHeaders: string | null = null,
): CorsDecision {
  const valid = origin !== null && origin.length <= MAX_ORIGIN_LENGTH && !!splitOrigin(origin)
  const o = origin === null ? '' : origin === 'null' || valid ? origin : show(origin)
  if (reason === 'origin-not-allowed' && origin !== 'null' && origin !== null && !valid) reason = 'origin-invalid'
  const list = (l: readonly string[] | '*') => (l === '*' ? '*' : l.join(', ') || 'none')
  let message: string
  switch (reason) {
    case 'not-cors':
      message = 'the request has no Origin header, so it is not a cross-origin request from a browser and gets no CORS headers'
      break
    case 'any-origin':
      message = "any origin may read responses (origin: '*')"
      break
    case 'origin-allowed':
      message = `origin ${o} is allowed`
      break
    case 'origin-invalid':
      message = `origin ${o} is not a valid origin (scheme://host[:port] within DNS limits), so it is never allowed`
      break
    case 'origin-not-allowed':
      message =
        origin === 'null'
          ? "origin null (a sandboxed iframe, a data: URL, a file: page or a redirect) is allowed only when 'null' is listed"
          : `origin ${o} is not in the allowed list`
      break
    case 'preflight-allowed':
      message = `origin ${o} may send ${method}`
      break
    case 'method-not-allowed': {
      const m = method ?? ''
      const cased =
        engine.allowMethods !== '*' && engine.allowMethods.includes(m.toUpperCase())
          ? `; methods are case-sensitive and the list has ${m.toUpperCase()}`
          : ''
      message = `method ${m.length > 64 ? show(m) : m} is not in allowMethods (${list(engine.allowMethods)})${cased}`
      break
    }
    case 'credentials-not-allowed':
      message = `the request from ${o} carries cookies, but credentials are not allowed, so the browser hides the response: set credentials: true and list the origins`
      break
    case 'header-not-allowed': {
      const subject = parseRequestHeaders(requestHeaders)?.find((name) => !engine.headerAllowed(name))
      message =
        subject === undefined
          ? `Access-Control-Request-Headers is not a list of header names of at most ${MAX_REQUEST_HEADERS_LENGTH} bytes`
          : `request header ${subject} is not in allowHeaders (${list(engine.allowHeaders)})`
      break
    }
  }
  const allowed = reason === 'any-origin' || reason === 'origin-allowed' || reason === 'preflight-allowed'
  return { kind, allowed, reason, message }
}
