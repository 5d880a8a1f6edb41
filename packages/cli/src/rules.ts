/**
 * The Fetch standard's request-side CORS rules, as pure functions: method normalization, the
 * CORS-safelisted request-header test, the CORS-unsafe request-header names, and whether a
 * request needs a preflight. No I/O here.
 */

/** A header as the page passed it to `fetch()`: name and value, in order, duplicates kept. */
export type HeaderPair = readonly [name: string, value: string]

/** A thrown usage error: the input could not be given to `fetch()` (fetch would throw a TypeError). */
export class UsageError extends Error {
  override name = 'UsageError'
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** An HTTP token (RFC 9110 `token`): method names and header names. */
function isToken(value: string): boolean {
  return TOKEN.test(value)
}

const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK']

/**
 * The method `fetch()` sends: upper-cased only when it matches DELETE, GET, HEAD, OPTIONS, POST or
 * PUT case-insensitively (so `patch` stays `patch`). Throws a {@link UsageError} for a method
 * `fetch()` refuses (not a token, or CONNECT, TRACE, TRACK).
 */
export function normalizeMethod(method: string): string {
  if (!isToken(method)) throw new UsageError(`'${method}' is not a valid HTTP method (fetch() throws a TypeError)`)
  const upper = method.toUpperCase()
  if (FORBIDDEN_METHODS.includes(upper)) throw new UsageError(`fetch() refuses the method ${method} (a forbidden method)`)
  return NORMALIZED_METHODS.includes(upper) ? upper : method
}

/** GET, HEAD and POST, byte for byte. */
export function isSafelistedMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'POST'
}

const FORBIDDEN_HEADER_NAMES = new Set([
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
])
const METHOD_OVERRIDE = new Set(['x-http-method', 'x-http-method-override', 'x-method-override'])

/**
 * A forbidden request-header: one a page cannot set (fetch() drops it silently). The method-override
 * names are forbidden only when one of their values is a forbidden method.
 */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase()
  if (FORBIDDEN_HEADER_NAMES.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) return true
  if (METHOD_OVERRIDE.has(lower)) {
    return value.split(',').some((v) => FORBIDDEN_METHODS.includes(v.trim().toUpperCase()))
  }
  return false
}

/** A CORS-unsafe request-header byte: below 0x20 except tab, `"():<>?@[\]{}`, and DEL. */
function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || '"():<>?@[\\]{}'.includes(value[i]!)) return true
  }
  return false
}

const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g

/**
 * The essence (`type/subtype`, lower-cased) of a MIME type under the WHATWG MIME sniffing
 * standard's strict "parse a MIME type", or null when it does not parse. Parameters never make it
 * fail; they are ignored.
 */
export function mimeEssence(input: string): string | null {
  const value = input.replace(HTTP_WHITESPACE, '')
  const slash = value.indexOf('/')
  if (slash < 0) return null
  const type = value.slice(0, slash)
  if (!isToken(type)) return null
  const semi = value.indexOf(';', slash + 1)
  const subtype = value.slice(slash + 1, semi < 0 ? undefined : semi).replace(/[\t\n\r ]+$/, '')
  if (!isToken(subtype)) return null
  return `${type}/${subtype}`.toLowerCase()
}

const SAFELISTED_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']

/** Fetch's "parse a single range header value" without whitespace: true for `bytes=N-` and `bytes=N-M` (N ≤ M). */
function isSafelistedRange(value: string): boolean {
  const m = /^bytes=([0-9]*)-([0-9]*)$/.exec(value)
  if (!m || m[1] === '') return false
  return m[2] === '' || BigInt(m[1]!) <= BigInt(m[2]!)
}

/**
 * Fetch's CORS-safelisted request-header: Accept, Accept-Language, Content-Language, Content-Type
 * and Range with values that pass their rules, at most 128 bytes.
 */
export function isSafelistedRequestHeader(name: string, value: string): boolean {
  if (value.length > 128) return false
  switch (name.toLowerCase()) {
    case 'accept':
      return !hasUnsafeByte(value)
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value)
    case 'content-type': {
      if (hasUnsafeByte(value)) return false
      const essence = mimeEssence(value)
      return essence !== null && SAFELISTED_CONTENT_TYPES.includes(essence)
    }
    case 'range':
      return isSafelistedRange(value)
    default:
      return false
  }
}

/**
 * Fetch's CORS-unsafe request-header names for a header list: the names whose header is not
 * safelisted, plus every safelisted name when their values add up to more than 1024 bytes;
 * lower-cased, de-duplicated and sorted. Forbidden headers are left out (the page cannot set them).
 */
export function corsUnsafeRequestHeaderNames(headers: readonly HeaderPair[]): string[] {
  const unsafe: string[] = []
  const maybe: string[] = []
  let total = 0
  for (const [name, value] of headers) {
    if (isForbiddenRequestHeader(name, value)) continue
    if (isSafelistedRequestHeader(name, value)) {
      maybe.push(name)
      total += value.length
    } else {
      unsafe.push(name)
    }
  }
  if (total > 1024) unsafe.push(...maybe)
  return [...new Set(unsafe.map((n) => n.toLowerCase()))].sort()
}

/** Why a request needs a preflight, or nothing when it does not. */
export interface PreflightNeed {
  /** Whether the browser sends a preflight before this request (to a cross-origin URL). */
  required: boolean
  /** The method, when it is not GET, HEAD or POST. */
  method: string | null
  /** The CORS-unsafe request-header names: the value of Access-Control-Request-Headers. */
  headers: string[]
  /** Plain-language reasons, for people. */
  reasons: string[]
}

/** Whether `fetch(url, { method, headers })` to another origin is preflighted, and why. */
export function preflightNeed(method: string, headers: readonly HeaderPair[]): PreflightNeed {
  const names = corsUnsafeRequestHeaderNames(headers)
  const reasons: string[] = []
  const unsafeMethod = !isSafelistedMethod(method)
  if (unsafeMethod) {
    reasons.push(
      /^(get|head|post)$/i.test(method)
        ? `the method ${method} is not GET, HEAD or POST (methods are case-sensitive)`
        : `the method ${method} is not GET, HEAD or POST`,
    )
  }
  const safelisted = headers.filter(([n, v]) => !isForbiddenRequestHeader(n, v) && isSafelistedRequestHeader(n, v))
  const total = safelisted.reduce((sum, [, v]) => sum + v.length, 0)
  for (const name of names) {
    const pair = headers.find(([n]) => n.toLowerCase() === name)
    const value = pair?.[1] ?? ''
    if (total > 1024 && safelisted.some(([n]) => n.toLowerCase() === name)) {
      reasons.push(`the header ${name} counts as unsafe: the safelisted header values add up to ${total} bytes, over 1024`)
    } else if (['accept', 'accept-language', 'content-language', 'content-type', 'range'].includes(name)) {
      reasons.push(`the header ${name} has a value that is not safelisted (${JSON.stringify(value)})`)
    } else {
      reasons.push(`the header ${name} is not a CORS-safelisted request header`)
    }
  }
  return { required: unsafeMethod || names.length > 0, method: unsafeMethod ? method : null, headers: names, reasons }
}

/**
 * Validates and normalizes a header as `new Headers([[name, value]])` would: the name must be a
 * token, the value loses leading and trailing HTTP whitespace and may hold no NUL, CR or LF and no
 * character above U+00FF. Throws a {@link UsageError} otherwise.
 */
export function normalizeHeader(name: string, value: string): HeaderPair {
  if (!isToken(name)) throw new UsageError(`'${name}' is not a valid header name (fetch() throws a TypeError)`)
  const v = value.replace(HTTP_WHITESPACE, '')
  if (/[\0\r\n]/.test(v)) throw new UsageError(`the value of ${name} holds NUL, CR or LF (fetch() throws a TypeError)`)
  if (/[^\0-\xff]/.test(v)) throw new UsageError(`the value of ${name} holds a character above U+00FF (fetch() throws a TypeError)`)
  return [name, v]
}

/**
 * Parses `Access-Control-Allow-Methods` or `Access-Control-Allow-Headers` the way Chromium does:
 * comma-separated, whitespace around elements trimmed, empty elements skipped, every element a
 * token. Null when an element is not a token (the preflight fails). An absent header is an empty list.
 */
export function parseAllowList(value: string | null): string[] | null {
  if (value === null) return []
  const items: string[] = []
  for (const raw of value.split(',')) {
    const item = raw.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '')
    if (item === '') continue
    if (!isToken(item)) return null
    items.push(item)
  }
  return items
}
