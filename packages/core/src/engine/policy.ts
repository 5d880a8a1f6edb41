import { type CorsConfig, type FaceOptions, readConfig } from './config.js'
import { type CorsConfigProblem, CorsConfigError } from './errors.js'
import {
  ACAC,
  ACAH,
  ACAM,
  ACAO,
  ACEH,
  ACMA,
  ALWAYS_ALLOWED_HEADERS,
  isToken,
  MAX_METHOD_LENGTH,
  parseRequestHeaders,
  PREFLIGHT_VARY,
  SAFELISTED_METHODS,
} from './fetch-rules.js'
import { MAX_ORIGIN_LENGTH, matchPattern, splitOrigin } from './origins.js'

/** Why an actual request's response gets the headers it gets. */
export type ActualReason = 'not-cors' | 'any-origin' | 'origin-allowed' | 'origin-not-allowed'
/** Why a preflight gets the answer it gets. */
export type PreflightReason = 'preflight-allowed' | 'origin-not-allowed' | 'method-not-allowed' | 'header-not-allowed'

/**
 * The plan for an actual request's response. A face applies it in its own idiom: set each of
 * `headers`, remove every other `Access-Control-*` header the response has (corsa owns them),
 * and merge `Origin` into `Vary` when `varyOrigin`.
 */
export interface ActualVerdict {
  readonly kind: 'actual'
  /** Whether a script on the request's origin may read the response. */
  readonly allowed: boolean
  readonly reason: ActualReason
  /** The `Access-Control-*` headers to set (lower-case names). Shared between requests: never change it. */
  readonly headers: Readonly<Record<string, string>>
  /** Whether to merge `Origin` into the response's `Vary` (every policy but a pure `'*'`). */
  readonly varyOrigin: boolean
  /**
   * `exposeHeaders: '*'` with credentials, where a literal `*` means nothing: set
   * `Access-Control-Expose-Headers` to the response's own header names (but `Set-Cookie` and
   * `Access-Control-*`).
   */
  readonly exposeResponseHeaders: boolean
}

/** The answer to a preflight: send `status` with `headers` (merging `Vary` into one already set) and an empty body. */
export interface PreflightVerdict {
  readonly kind: 'preflight'
  /** Whether the browser will go on with the actual request. */
  readonly allowed: boolean
  readonly reason: PreflightReason
  readonly status: number
  /** Every header of the answer, `vary` included (lower-case names). Shared between requests: never change it. */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * A state-changing request refused by cross-origin protection (`csrf`) before the handler runs:
 * send `status` with `headers` and `body`; never call the handler.
 */
export interface RefusedVerdict {
  readonly kind: 'refused'
  readonly allowed: false
  readonly reason: 'csrf-refused'
  readonly status: 403
  readonly headers: Readonly<Record<string, string>>
  /** A short plain-text body naming the cause. */
  readonly body: string
}

/** What corsa decided for one request. */
export type CorsVerdict = ActualVerdict | PreflightVerdict | RefusedVerdict

/**
 * What cross-origin protection reads of a state-changing request, besides its `Origin`: a face
 * passes these to {@link CorsEngine.decide} when {@link CorsEngine.checksWrite} says so.
 */
export interface CrossOriginFacts {
  /** `Sec-Fetch-Site`, or `null`/`undefined` when absent (an old browser, or not a browser). */
  readonly site: string | null | undefined
  /** The request's `Host` (host and port as the client sent them). */
  readonly host: string | null | undefined
  /** The request's path, without the query, for `csrf.bypass`. */
  readonly path: string
}

/** The methods cross-origin protection never refuses (as Go's CrossOriginProtection). */
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS']
/** Dot segments and encoded separators, literal or percent-encoded: a path with one never matches a bypass prefix. */
const UNSETTLED_PATH = /\/(?:\.|%2e){1,2}(?:\/|$)|%2f|%5c|\\/i
/** The body of a refusal. */
const REFUSED_BODY = 'Forbidden: a cross-origin request that may change state, from an origin this API does not allow (corsa csrf)'

/**
 * A compiled policy: everything `cors()` could work out once, and {@link CorsEngine.decide},
 * which every face calls with the strings it reads from a request.
 */
export interface CorsEngine<Req = Request> {
  /**
   * Decides one request from the strings a face reads: its method, `Origin`, and, for `OPTIONS`
   * only, `Access-Control-Request-Method` and `Access-Control-Request-Headers` (pass `null` or
   * `undefined` for a header that is absent). `request` goes to an origin predicate. A Promise
   * only when the predicate returns one.
   */
  decide(
    method: string,
    origin: string | null | undefined,
    requestMethod: string | null | undefined,
    requestHeaders: string | null | undefined,
    request: Req,
    facts?: CrossOriginFacts,
  ): CorsVerdict | Promise<CorsVerdict>
  /**
   * Whether cross-origin protection is on and `method` may change state: then read
   * {@link CrossOriginFacts} and pass them to `decide` (otherwise skip reading them).
   */
  checksWrite(method: string): boolean
  /** The checked options, for `explain()`. */
  readonly config: CorsConfig
  /** `origin: '*'`: `Access-Control-Allow-Origin: *` on every response and no `Vary: Origin`. */
  readonly anyOrigin: boolean
  /** Whether a requested header name (lower case) is allowed. */
  headerAllowed(name: string): boolean
  /** Whether a requested method is allowed (byte for byte; GET, HEAD and POST always are, as in browsers). */
  methodAllowed(method: string): boolean
}

/** How many verdicts built per request are kept for reuse (browsers send the same few again and again). */
const VERDICTS_KEPT = 256
/** A preflight whose origin, method and requested headers are longer than this together is never kept. */
const MAX_KEPT_PREFLIGHT_KEY = 1024

/** A bounded store: emptied when full, so an attacker cycling keys costs memory for at most `VERDICTS_KEPT` of them. */
function keep<V>(store: Map<string, V>, key: string, value: V): V {
  if (store.size >= VERDICTS_KEPT) store.clear()
  store.set(key, value)
  return value
}

/**
 * Checks the options and compiles them into a {@link CorsEngine}. Every configuration mistake
 * throws one `CorsConfigError` that lists them all, with what to write instead.
 */
export function compileCors<Req = Request>(options?: unknown, face?: FaceOptions): CorsEngine<Req> {
  const config = readConfig(options, face)
  const { origins, predicate, credentials, allowMethods, allowHeaders, exposeHeaders } = config
  const anyOrigin = !origins && !predicate
  const configuredHeaders = new Set(allowHeaders === '*' ? [] : allowHeaders.map((name) => name.toLowerCase()))
  // A list also names the headers browsers may ask for by value, which are always allowed.
  const allowHeadersValue =
    allowHeaders === '*' ? '' : [...allowHeaders, ...ALWAYS_ALLOWED_HEADERS.filter((name) => !configuredHeaders.has(name))].join(', ')
  const allowMethodsValue = allowMethods === '*' ? '*' : allowMethods.join(', ')
  const maxAgeValue = config.maxAge === undefined ? '' : `${config.maxAge}`
  // A literal '*' exposes everything only without credentials; with them, each response lists its own names.
  const exposeResponseHeaders = exposeHeaders === '*' && credentials
  const exposeValue = exposeHeaders === '*' ? (credentials ? '' : '*') : exposeHeaders.join(', ')

  const headerAllowed = (name: string) => allowHeaders === '*' || configuredHeaders.has(name) || ALWAYS_ALLOWED_HEADERS.includes(name)
  const methodAllowed = (method: string) =>
    method.length <= MAX_METHOD_LENGTH &&
    (SAFELISTED_METHODS.includes(method) || (allowMethods === '*' ? isToken(method) : allowMethods.includes(method)))

  // Actual requests: every verdict but one that echoes a matched pattern's origin is built here, once.
  const actual = (allowed: boolean, reason: ActualReason, allowOrigin?: string): ActualVerdict => {
    const headers: Record<string, string> = {}
    if (allowed) {
      headers[ACAO] = allowOrigin!
      if (credentials) headers[ACAC] = 'true'
      if (exposeValue) headers[ACEH] = exposeValue
    }
    return { kind: 'actual', allowed, reason, headers, varyOrigin: !anyOrigin, exposeResponseHeaders: allowed && exposeResponseHeaders }
  }
  const anyOriginVerdict = actual(true, 'any-origin', '*')
  const notCorsVerdict = actual(false, 'not-cors')
  const refusedVerdict = actual(false, 'origin-not-allowed')
  const exactVerdicts = new Map<string, ActualVerdict>()
  for (const origin of origins?.exact ?? []) exactVerdicts.set(origin, actual(true, 'origin-allowed', origin))
  // Origins a pattern matched (a match depends on the origin alone, so it is kept and looked up
  // before matching), and origins a predicate allowed (kept for their headers only: the
  // predicate is asked every time).
  const matchedVerdicts = new Map<string, ActualVerdict>()
  const predicateVerdicts = new Map<string, ActualVerdict>()
  const allowedVerdict = (origin: string, store: Map<string, ActualVerdict>) =>
    store.get(origin) ?? keep(store, origin, actual(true, 'origin-allowed', origin))

  // Preflights: the refusal is built once; an allowed answer depends on what was asked, and is kept.
  const status = config.preflightStatus
  const refusedPreflight: PreflightVerdict = {
    kind: 'preflight',
    allowed: false,
    reason: 'origin-not-allowed',
    status,
    headers: { vary: PREFLIGHT_VARY },
  }
  // Kept answers by origin, then method, then requested headers: three look-ups of the strings as
  // read, with no key to build. `keptPreflights` counts them, to bound the store.
  const preflights = new Map<string, Map<string, Map<string, PreflightVerdict>>>()
  let keptPreflights = 0
  const preflight = (origin: string, method: string, requestHeaders: string | null | undefined): PreflightVerdict => {
    const asked = requestHeaders ?? ''
    // Lengths first: a 1 MB header is never hashed, nor kept.
    if (origin.length + method.length + asked.length > MAX_KEPT_PREFLIGHT_KEY) return buildPreflight(origin, method, requestHeaders)
    const kept = preflights.get(origin)?.get(method)?.get(asked)
    if (kept) return kept
    const verdict = buildPreflight(origin, method, requestHeaders)
    if (keptPreflights >= VERDICTS_KEPT) {
      preflights.clear()
      keptPreflights = 0
    }
    let byMethod = preflights.get(origin)
    if (!byMethod) preflights.set(origin, (byMethod = new Map()))
    let byHeaders = byMethod.get(method)
    if (!byHeaders) byMethod.set(method, (byHeaders = new Map()))
    byHeaders.set(asked, verdict)
    keptPreflights++
    return verdict
  }
  const buildPreflight = (origin: string, method: string, requestHeaders: string | null | undefined): PreflightVerdict => {
    const requested = parseRequestHeaders(requestHeaders ?? null)
    const methodOk = methodAllowed(method)
    const headersOk = requested?.every(headerAllowed)
    const headers: Record<string, string> = {}
    headers[ACAO] = anyOrigin ? '*' : origin
    if (credentials) headers[ACAC] = 'true'
    // Methods and headers are sent even when refused, so that the browser's message names what is missing.
    // A literal '*' is a wildcard only without credentials; with them, the request's own method goes back.
    const methodsValue = allowMethods !== '*' || !credentials ? allowMethodsValue : methodOk ? method : ''
    if (methodsValue) headers[ACAM] = methodsValue
    // '*' never covers Authorization and is literal with credentials: then the requested names go back.
    const headersValue =
      allowHeaders !== '*' ? allowHeadersValue : credentials || requested?.includes('authorization') ? (requested?.join(', ') ?? '') : '*'
    if (headersValue) headers[ACAH] = headersValue
    if (methodOk && headersOk && maxAgeValue) headers[ACMA] = maxAgeValue
    headers.vary = PREFLIGHT_VARY
    const reason = !methodOk ? 'method-not-allowed' : !headersOk ? 'header-not-allowed' : 'preflight-allowed'
    return { kind: 'preflight', allowed: reason === 'preflight-allowed', reason, status, headers }
  }

  // What a predicate decided, as a verdict.
  const verdict = (allowed: boolean, origin: string, isPreflight: boolean, requestMethod: string, requestHeaders: string | null | undefined) =>
    isPreflight
      ? allowed
        ? preflight(origin, requestMethod, requestHeaders)
        : refusedPreflight
      : allowed
        ? allowedVerdict(origin, predicateVerdicts)
        : refusedVerdict

  const csrf = config.csrf
  const refusal: RefusedVerdict = {
    kind: 'refused',
    allowed: false,
    reason: 'csrf-refused',
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: REFUSED_BODY,
  }
  // A path a router may still rewrite (dot segments, encoded separators) never matches a bypass: it fails closed.
  const bypassed = (path: string) =>
    csrf!.bypassPaths.has(path) || (csrf!.bypassPrefixes.some((prefix) => path.startsWith(prefix)) && !UNSETTLED_PATH.test(path))
  /**
   * Cross-origin protection by Fetch Metadata, as Go 1.25's CrossOriginProtection
   * (https://words.filippo.io/csrf/): a state-changing request passes when the browser says it is
   * same-origin (or user-initiated), when it comes from an origin the policy allows, or, from
   * browsers without Sec-Fetch-Site, when it has no Origin or an Origin whose host is the Host.
   */
  const guard = (verdict: CorsVerdict, method: string, origin: string | null | undefined, facts: CrossOriginFacts): CorsVerdict => {
    // Any page can send Origin: null (a sandboxed iframe), so listing 'null' lets it read, never write.
    if (verdict.kind !== 'actual' || (verdict.allowed && origin !== 'null')) return verdict
    // An empty Sec-Fetch-Site is no Sec-Fetch-Site (as Go's Header.Get reads it); browsers never send one.
    const site = facts.site || null
    if (site === 'same-origin' || site === 'none') return verdict
    if (site === null) {
      if (origin == null) return verdict
      const start = origin.indexOf('://') + 3
      const host = facts.host
      // Lengths first: a 1 MB Origin is never lower-cased.
      if (start > 3 && host != null && origin.length - start === host.length && origin.slice(start).toLowerCase() === host.toLowerCase())
        return verdict
    }
    if (bypassed(facts.path)) return verdict
    try {
      const logged: unknown = csrf!.onRefused?.({ method, origin: origin ?? null, site, path: facts.path })
      // An async logger that rejects must not become an unhandled rejection.
      if (typeof (logged as PromiseLike<unknown> | null)?.then === 'function') Promise.resolve(logged).catch(() => {})
    } catch {
      // The app's logging must not turn a refusal into an error.
    }
    return refusal
  }

  return {
    config,
    anyOrigin,
    headerAllowed,
    methodAllowed,
    checksWrite: (method) => csrf !== undefined && !SAFE_METHODS.includes(method),
    decide(method, origin, requestMethod, requestHeaders, request, facts) {
      const verdict = decideCors(method, origin, requestMethod, requestHeaders, request)
      if (facts === undefined || csrf === undefined || SAFE_METHODS.includes(method)) return verdict
      return verdict instanceof Promise ? verdict.then((v) => guard(v, method, origin, facts)) : guard(verdict, method, origin, facts)
    },
  }

  function decideCors(
    method: string,
    origin: string | null | undefined,
    requestMethod: string | null | undefined,
    requestHeaders: string | null | undefined,
    request: Req,
  ): CorsVerdict | Promise<CorsVerdict> {
    // https://fetch.spec.whatwg.org/#cors-preflight-fetch: OPTIONS with Origin and Access-Control-Request-Method.
    if (origin == null) return anyOrigin ? anyOriginVerdict : notCorsVerdict
    const isPreflight = method === 'OPTIONS' && requestMethod != null
    if (anyOrigin) return isPreflight ? preflight(origin, requestMethod, requestHeaders) : anyOriginVerdict
    // Checking the length first keeps a 1 MB Origin from being hashed.
    if (origin.length > MAX_ORIGIN_LENGTH) return isPreflight ? refusedPreflight : refusedVerdict
    // An exact origin, or one a pattern matched before (kept), needs no matching.
    const known = exactVerdicts.get(origin) ?? matchedVerdicts.get(origin)
    if (known !== undefined) return isPreflight ? preflight(origin, requestMethod, requestHeaders) : known
    if (origins !== undefined && matchPattern(origins, origin)) {
      return isPreflight ? preflight(origin, requestMethod, requestHeaders) : allowedVerdict(origin, matchedVerdicts)
    }
    if (!predicate || origin === 'null' || !splitOrigin(origin)) {
      return isPreflight ? refusedPreflight : refusedVerdict
    }
    // The predicate sees only well-formed origins; a throw or a rejection refuses.
    let answer: unknown
    try {
      answer = predicate(origin, request as never)
    } catch {
      return isPreflight ? refusedPreflight : refusedVerdict
    }
    if (typeof (answer as PromiseLike<unknown> | null)?.then === 'function') {
      return Promise.resolve(answer).then(
        (value: unknown) => verdict(value === true, origin, isPreflight, requestMethod!, requestHeaders),
        () => verdict(false, origin, isPreflight, requestMethod!, requestHeaders),
      )
    }
    return verdict(answer === true, origin, isPreflight, requestMethod!, requestHeaders)
  }
}

/**
 * {@link compileCors} for a face that replaces a peer's plugin: the peer's options that corsa has
 * no counterpart for (`peerOnly`, each name with why) are reported together with every problem
 * the core finds, in one `CorsConfigError`.
 */
export function compileCorsBeside<Req = Request>(options: unknown, peerOnly: Readonly<Record<string, string>>, face?: FaceOptions): CorsEngine<Req> {
  const problems: CorsConfigProblem[] = []
  let rest = options
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
    const own: Record<string, unknown> = { ...options }
    for (const name of Object.keys(peerOnly)) {
      if (!(name in own)) continue
      problems.push({ option: name, reason: 'unknown-option', message: peerOnly[name]! })
      delete own[name]
    }
    rest = own
  }
  let engine: CorsEngine<Req>
  try {
    engine = compileCors<Req>(rest, face)
  } catch (error) {
    if (error instanceof CorsConfigError && problems.length) throw new CorsConfigError([...problems, ...error.problems])
    throw error
  }
  if (problems.length) throw new CorsConfigError(problems)
  return engine
}
