import { CorsConfigError } from './errors.js'
import type { CorsReason } from './options.js'
import { compileOrigins, matchOrigin } from './origins.js'

export const ACAO = 'access-control-allow-origin'
export const ACAC = 'access-control-allow-credentials'
export const ACAM = 'access-control-allow-methods'
export const ACAH = 'access-control-allow-headers'
export const ACEH = 'access-control-expose-headers'
export const ACMA = 'access-control-max-age'
export const ACRM = 'access-control-request-method'
export const ACRH = 'access-control-request-headers'
/** Headers that mean something only on a preflight: corsa removes them from actual responses. */
export const PREFLIGHT_ONLY = [ACAM, ACAH, ACMA] as const
/** `Vary` of every preflight answer. */
export const PREFLIGHT_VARY = `origin, ${ACRM}, ${ACRH}`


/** Requested header lists longer than this are refused without being read (a browser's are far shorter). */
export const MAX_REQUEST_HEADERS_LENGTH = 4096
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const isToken = (value: string) => TOKEN.test(value)
/** Browsers upper-case these methods (and only these) before sending them. */
const UPPERCASED = /^(?:delete|get|head|options|post|put)$/i
/** Browsers list these in a preflight when their values are not safelisted: always allowed. */
const ALWAYS_ALLOWED_HEADERS = ['accept', 'accept-language', 'content-language', 'content-type', 'range']
const FORBIDDEN_REQUEST_HEADER =
  /^(?:accept-(?:charset|encoding)|access-control-request-.*|con(?:nection|tent-length)|cookie2?|d(?:ate|nt)|expect|host|keep-alive|origin|referer|set-cookie|t(?:e|railer|ransfer-encoding)|upgrade|via|(?:proxy|sec)-.*)$/i

/** The answer to a preflight: corsa sends it with an empty body; the handler never sees it. */
export interface PreflightAnswer {
  status: number
  /** Header names (lower case) and values, in the order to send them. */
  headers: Record<string, string>
}

/**
 * A policy compiled once by `cors()`: plain data and functions on strings, shared by every face
 * (Fetch, Node, Hono, ...), so a face never needs to build a `Request`.
 */
export interface CorsEngine<Req = Request> {
  /** `origin: '*'`: `Access-Control-Allow-Origin: *` on every response and no `Vary: Origin`. */
  readonly anyOrigin: boolean
  readonly credentials: boolean
  /** Pre-joined `Access-Control-Expose-Headers`, or `undefined` for none. */
  readonly exposeHeaders: string | undefined
  /** `exposeHeaders: '*'` with credentials: list the actual response's header names. */
  readonly exposeResponseHeaders: boolean
  readonly allowMethods: readonly string[] | '*'
  readonly allowHeaders: readonly string[] | '*'
  /** Whether a requested header name (lower case) is allowed. */
  headerAllowed(name: string): boolean
  /** Whether a requested method is allowed (byte for byte; GET, HEAD and POST always are, as in browsers). */
  methodAllowed(method: string): boolean
  /** Whether a request's `Origin` may read responses; a Promise only for an async predicate. */
  allowOrigin(origin: string, request: Req): boolean | Promise<boolean>
  /** The full answer to a preflight, given whether its origin is allowed. */
  preflight(origin: string, allowed: boolean, method: string, requestHeaders: string | null): PreflightAnswer
}

/** A preflight is `OPTIONS` with both `Origin` and `Access-Control-Request-Method`; any other `OPTIONS` is the app's. */
export function isPreflight(method: string, origin: unknown, requestMethod: unknown): boolean {
  return method === 'OPTIONS' && origin != null && requestMethod != null
}

/** Why an actual request gets the headers it gets. */
export function actualReason(engine: CorsEngine<any>, origin: string | null, allowed: boolean): CorsReason {
  return engine.anyOrigin ? 'any-origin' : origin === null ? 'not-cors' : allowed ? 'origin-allowed' : 'origin-not-allowed'
}

/** Why a preflight gets the answer it gets. */
export function preflightReason(engine: CorsEngine<any>, allowed: boolean, method: string, requestHeaders: string | null): CorsReason {
  const requested = parseRequestHeaders(requestHeaders)
  return !allowed
    ? 'origin-not-allowed'
    : !engine.methodAllowed(method)
      ? 'method-not-allowed'
      : !requested?.every(engine.headerAllowed)
        ? 'header-not-allowed'
        : 'preflight-allowed'
}

/** Parses `Access-Control-Request-Headers` into lower-case unique names, or `undefined` if it is not a bounded list of names. */
export function parseRequestHeaders(value: string | null): string[] | undefined {
  if (!value) return []
  if (value.length > MAX_REQUEST_HEADERS_LENGTH) return
  const names = new Set<string>()
  for (const element of value.toLowerCase().split(',')) {
    const name = element.trim()
    if (name && !isToken(name)) return
    if (name) names.add(name)
  }
  return [...names]
}

/** Merges `add` (comma-separated tokens) into an existing `Vary` value; `undefined` when nothing changes. */
export function mergeVary(existing: string | null | undefined, add: string): string | undefined {
  if (!existing) return add
  const have = existing.toLowerCase().split(',').map((t) => t.trim())
  const missing = add.split(', ').filter((t) => !have.includes(t.toLowerCase()))
  return have.includes('*') || !missing.length ? undefined : `${existing}, ${missing.join(', ')}`
}

function bad(option: string, message: string): never {
  throw new CorsConfigError(option, message)
}

/** A list option: `'*'`, or names (one or a list) that are tokens browsers accept. */
function names(option: string, value: unknown, fallback: readonly string[] | '*', forbidden: RegExp): readonly string[] | '*' {
  if (value === undefined || value === '*') return value ?? fallback
  const list: unknown[] = Array.isArray(value) ? value : [value]
  for (const item of list) {
    if (typeof item !== 'string' || !isToken(item) || item === '*' || forbidden.test(item)) {
      bad(option, `holds "${item}"${item === '*' ? `: write ${option}: '*'` : ', which browsers forbid: remove it'}`)
    }
  }
  return list as string[]
}

function integer(option: string, value: unknown, min: number, max: number, instead: number): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)) {
    bad(option, `must be a whole number from ${min} to ${max}: write ${instead}`)
  }
  return value as number | undefined
}

/**
 * Checks and compiles options into a {@link CorsEngine}; throws `CorsConfigError` with a message
 * that says what to write instead.
 */
export function compileCors<Req = Request>(options: object = {}): CorsEngine<Req> {
  const o = options as Record<string, unknown>
  const credentials = !!o.credentials
  // '*' anywhere, alone or in a list, allows every origin.
  const anyOrigin = [o.origin ?? '*'].flat().includes('*')
  if (anyOrigin && credentials) {
    bad('origin', "'*' cannot go with credentials: write origin: ['https://app.example.com']")
  }
  const origins = anyOrigin ? undefined : compileOrigins(o.origin)
  const methodsOption = names('allowMethods', o.allowMethods, ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'], /^(?:connect|trace|track)$/i)
  const methods = methodsOption === '*' ? '*' : methodsOption.map((m) => (UPPERCASED.test(m) ? m.toUpperCase() : m))
  const allowHeaders = names('allowHeaders', o.allowHeaders, '*', FORBIDDEN_REQUEST_HEADER)
  const configured = new Set(allowHeaders === '*' ? [] : allowHeaders.map((h) => h.toLowerCase()))
  const expose = names('exposeHeaders', o.exposeHeaders, [], /^set-cookie2?$/i)
  const maxAge = integer('maxAge', o.maxAge, 0, 86400, 600)
  const status = integer('preflightStatus', o.preflightStatus, 200, 299, 204) ?? 204
  const maxAgeValue = maxAge === undefined ? '' : `${maxAge}`

  const allowMethodsValue = methods === '*' ? '*' : methods.join(', ')
  // A list also names the headers browsers may ask for by value, which are always allowed.
  const allowHeadersValue = allowHeaders === '*' ? '' : [...allowHeaders, ...ALWAYS_ALLOWED_HEADERS.filter((n) => !configured.has(n))].join(', ')
  const headerAllowed = (name: string) => allowHeaders === '*' || configured.has(name) || ALWAYS_ALLOWED_HEADERS.includes(name)
  const methodAllowed = (m: string) =>
    m.length < 65 && (/^(?:GET|HEAD|POST)$/.test(m) || (methods === '*' ? isToken(m) : methods.includes(m)))

  return {
    anyOrigin,
    credentials,
    exposeHeaders: expose === '*' ? (credentials ? undefined : '*') : expose.join(', ') || undefined,
    exposeResponseHeaders: expose === '*' && credentials,
    allowMethods: methods,
    allowHeaders,
    headerAllowed,
    methodAllowed,
    allowOrigin: origins ? (origin, request) => matchOrigin(origins, origin, request) : () => true,
    preflight(origin, allowed, method, requestHeaders) {
      // A plain object: the Response constructor takes it faster than [name, value] pairs.
      const headers: Record<string, string> = {}
      if (allowed) {
        const requested = parseRequestHeaders(requestHeaders)
        const methodOk = methodAllowed(method)
        // A literal '*' means "any" only without credentials; with them, the request's own method goes back.
        const acam = methods !== '*' || !credentials ? allowMethodsValue : methodOk && method
        // '*' never covers Authorization and is literal with credentials: then the requested names go back.
        const acah =
          allowHeaders === '*'
            ? credentials || requested?.includes('authorization')
              ? requested?.join(', ')
              : '*'
            : allowHeadersValue
        headers[ACAO] = anyOrigin ? '*' : origin
        if (credentials) headers[ACAC] = 'true'
        if (acam) headers[ACAM] = acam
        if (acah) headers[ACAH] = acah
        if (methodOk && requested?.every(headerAllowed) && maxAgeValue) headers[ACMA] = maxAgeValue
      }
      headers.vary = PREFLIGHT_VARY
      return { status, headers }
    },
  }
}
