/**
 * The parts of the Fetch standard that corsa's rules rest on, as lists a reader can check
 * against the standard. https://fetch.spec.whatwg.org/
 */

export const ACAO = 'access-control-allow-origin'
export const ACAC = 'access-control-allow-credentials'
export const ACAM = 'access-control-allow-methods'
export const ACAH = 'access-control-allow-headers'
export const ACEH = 'access-control-expose-headers'
export const ACMA = 'access-control-max-age'
export const ACRM = 'access-control-request-method'
export const ACRH = 'access-control-request-headers'

/** Every `Access-Control-*` header of a response is corsa's: what it does not send is removed. */
export const ACCESS_CONTROL_PREFIX = 'access-control-'

/** `Vary` of every preflight answer: its headers depend on all three. */
export const PREFLIGHT_VARY = `origin, ${ACRM}, ${ACRH}`

/** A method longer than this is refused without being compared (real methods are short words). */
export const MAX_METHOD_LENGTH = 64
/** `Access-Control-Request-Headers` longer than this is refused without being read (browsers send far shorter lists). */
export const MAX_REQUEST_HEADERS_LENGTH = 4096
/** At most this many names in `Access-Control-Request-Headers` (a browser sends a handful). */
export const MAX_REQUEST_HEADER_NAMES = 64

/** https://fetch.spec.whatwg.org/#concept-method (an HTTP token, RFC 9110 §5.6.2). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** Whether `value` is an HTTP token: a method or a header name. */
export function isToken(value: string): boolean {
  return TOKEN.test(value)
}

/**
 * https://fetch.spec.whatwg.org/#concept-method-normalize: browsers upper-case these six
 * methods, and only these, before sending them.
 */
export const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']

/** https://fetch.spec.whatwg.org/#forbidden-method: browsers never send these. */
export const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK']

/** https://fetch.spec.whatwg.org/#cors-safelisted-method: never preflighted, always allowed. */
export const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST']

/**
 * https://fetch.spec.whatwg.org/#forbidden-request-header: scripts cannot set these, so a
 * preflight never asks for them, and listing one in `allowHeaders` is a mistake.
 */
const FORBIDDEN_REQUEST_HEADERS = [
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]
/** …and every name that starts with one of these. */
const FORBIDDEN_REQUEST_HEADER_PREFIXES = ['proxy-', 'sec-']

/** Whether scripts may never set this request header (the name in lower case). */
export function isForbiddenRequestHeader(name: string): boolean {
  return FORBIDDEN_REQUEST_HEADERS.includes(name) || FORBIDDEN_REQUEST_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix))
}

/**
 * https://fetch.spec.whatwg.org/#forbidden-response-header-name: never exposed to scripts, so
 * listing one in `exposeHeaders` is a mistake.
 */
export const FORBIDDEN_RESPONSE_HEADERS = ['set-cookie', 'set-cookie2']

/**
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header: browsers list these in a
 * preflight only when their value is not safelisted. corsa always allows them (see docs/core.md).
 */
export const ALWAYS_ALLOWED_HEADERS = ['accept', 'accept-language', 'content-language', 'content-type', 'range']

/**
 * Parses `Access-Control-Request-Headers` (https://fetch.spec.whatwg.org/#cors-preflight-fetch:
 * lower-case names, sorted, comma-separated) into lower-case names, or `undefined` when it is
 * not a bounded list of header names.
 */
export function parseRequestHeaders(value: string | null): string[] | undefined {
  if (!value) return []
  if (value.length > MAX_REQUEST_HEADERS_LENGTH) return undefined
  // Browsers send each name once; a repeated one (from another client) is harmless, and is not
  // looked for: comparing or hashing 64 long names costs tens of µs on the worst request.
  const names: string[] = []
  for (const element of value.toLowerCase().split(',')) {
    const name = element.trim()
    if (!name) continue
    if (!isToken(name) || names.length === MAX_REQUEST_HEADER_NAMES) return undefined
    names.push(name)
  }
  return names
}

/** A `Vary` that already names `Origin`, or is `*`. */
const VARY_ORIGIN_OR_ANY = /(?:^|,)[ \t]*(?:origin|\*)[ \t]*(?:,|$)/i

/** Whether a `Vary` value needs `Origin` added: it does not name it, and is not `*`. */
export function varyLacksOrigin(value: string): boolean {
  return !VARY_ORIGIN_OR_ANY.test(value)
}

/**
 * Merges `add` (comma-separated names, as corsa writes them) into an existing `Vary` value:
 * never overwritten, never duplicated (names compare case-insensitively), and `Vary: *` left
 * alone. Returns `undefined` when nothing changes. https://www.rfc-editor.org/rfc/rfc9110#section-12.5.5
 */
export function mergeVary(existing: string | null | undefined, add: string): string | undefined {
  if (!existing) return add
  // The common case, Origin into a short Vary, with one scan and no allocation.
  if (add === 'Origin') return varyLacksOrigin(existing) ? `${existing}, Origin` : undefined
  const have = existing
    .toLowerCase()
    .split(',')
    .map((name) => name.trim())
  if (have.includes('*')) return undefined
  const missing = add.split(', ').filter((name) => !have.includes(name.toLowerCase()))
  return missing.length ? `${existing}, ${missing.join(', ')}` : undefined
}
