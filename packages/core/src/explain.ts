/**
 * `explain()`: why corsa allows or refuses a request, in one plain sentence. It describes the
 * very verdict the faces apply, so it cannot drift from what corsa sends. It lives apart so that
 * bundles that never explain do not carry the sentences.
 */
import { ACRH, ACRM, MAX_METHOD_LENGTH, MAX_REQUEST_HEADER_NAMES, MAX_REQUEST_HEADERS_LENGTH, parseRequestHeaders } from './engine/fetch-rules.js'
import { MAX_ORIGIN_LENGTH, splitOrigin } from './engine/origins.js'
import type { CorsEngine, CorsVerdict } from './engine/policy.js'
import { type CorsPolicy, type CorsResult, decideRequest } from './fetch.js'
import type { CorsDecision, CorsReason } from './options.js'
import { explainCookies, exchangeOf } from './cookies.js'

/** Quotes attacker-controlled text safely and briefly. */
function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
}

/**
 * Why `policy` allows or refuses `request`: a reason code and one plain sentence, such as
 * `origin https://x.test is not in the allowed list`.
 *
 * @example
 * ```ts
 * const decision = await explain(policy, request)
 * if (!decision.allowed) console.warn(`CORS: ${decision.message}`)
 * ```
 *
 * With the `response` the request got, the decision also lists `cookies`: for each `Set-Cookie`,
 * whether Chromium, Firefox and WebKit store, partition or drop it, and why (docs/cookies.md).
 */
export function explain<O>(policy: CorsPolicy<O>, request: Request, response?: Response): CorsResult<O, CorsDecision> {
  const engine = policy.engine
  const verdict = decideRequest(engine, request)
  const cookies = (d: CorsDecision): CorsDecision =>
    response ? { ...d, cookies: explainCookies(exchangeOf(request, response), { expectsCookies: engine.config.credentials }) } : d
  const describe = (v: CorsVerdict) => cookies(describeVerdict(engine, v, request))
  return (verdict instanceof Promise ? verdict.then(describe) : describe(verdict)) as CorsResult<O, CorsDecision>
}

/** The list an option holds, as a message shows it. */
function list(value: readonly string[] | '*'): string {
  return value === '*' ? '*' : value.join(', ') || 'none'
}

/** Turns a verdict into a {@link CorsDecision}; only `explain()` builds these strings. */
function describeVerdict(engine: CorsEngine<Request>, verdict: CorsVerdict, request: Request): CorsDecision {
  const headers = request.headers
  const origin = headers.get('origin')
  const valid = origin !== null && origin.length <= MAX_ORIGIN_LENGTH && splitOrigin(origin) !== undefined
  const shown = origin === null ? '' : origin === 'null' || valid ? origin : quote(origin)
  let reason: CorsReason = verdict.reason
  if (reason === 'origin-not-allowed' && origin !== null && origin !== 'null' && !valid) reason = 'origin-invalid'
  // A cross-origin request that carries cookies was sent with credentials: 'include', and
  // browsers refuse its response without Access-Control-Allow-Credentials: true.
  if (verdict.kind === 'actual' && verdict.allowed && origin !== null && !engine.config.credentials && headers.has('cookie')) {
    reason = 'credentials-not-allowed'
  }
  const { allowMethods, allowHeaders } = engine.config
  let message: string
  switch (reason) {
    case 'not-cors':
      message = 'the request has no Origin header, so it is not a cross-origin request from a browser and gets no CORS headers'
      break
    case 'any-origin':
      message = "any origin may read responses (origin: '*')"
      break
    case 'origin-allowed':
      message = `origin ${shown} is allowed`
      break
    case 'origin-invalid':
      message = `origin ${shown} is not a valid origin (scheme://host[:port] within DNS limits), so it is never allowed`
      break
    case 'origin-not-allowed':
      message =
        origin === 'null'
          ? "origin null (a sandboxed iframe, a data: URL, a file: page or a redirect) is allowed only when 'null' is listed"
          : `origin ${shown} is not in the allowed list`
      break
    case 'preflight-allowed':
      message = `origin ${shown} may send ${headers.get(ACRM)}`
      break
    case 'method-not-allowed': {
      const method = headers.get(ACRM) ?? ''
      // Bounded: a 1 MB method is quoted, never upper-cased or searched.
      const short = method.length <= MAX_METHOD_LENGTH
      const cased =
        short && allowMethods !== '*' && allowMethods.includes(method.toUpperCase())
          ? `; methods are case-sensitive and the list has ${method.toUpperCase()}`
          : ''
      message = `method ${short ? method : quote(method)} is not in allowMethods (${list(allowMethods)})${cased}`
      break
    }
    case 'header-not-allowed': {
      const refused = parseRequestHeaders(headers.get(ACRH))?.find((name) => !engine.headerAllowed(name))
      message =
        refused === undefined
          ? `Access-Control-Request-Headers is not a list of at most ${MAX_REQUEST_HEADER_NAMES} header names in ${MAX_REQUEST_HEADERS_LENGTH} bytes`
          : `request header ${refused} is not in allowHeaders (${list(allowHeaders)})`
      break
    }
    case 'csrf-refused': {
      const method = request.method
      const site = headers.get('sec-fetch-site')
      const from = `${method} from ${origin === null ? 'a page that sent no Origin' : `origin ${shown}`}${site ? ` (Sec-Fetch-Site: ${quote(site)})` : ''}`
      message =
        origin === 'null'
          ? `cross-origin protection refused ${from}: the handler did not run. Any page can send Origin: null (a sandboxed iframe), so it may read when listed but never write; serve the page from a real origin`
          : `cross-origin protection refused ${from}: the handler did not run. If that origin should write, add it to origin; a webhook or callback path goes in csrf.bypass`
      break
    }
    case 'credentials-not-allowed':
      message = `the request from ${shown} carries cookies, but credentials are not allowed, so the browser hides the response: set credentials: true and list the origins`
      break
  }
  const allowed = reason === 'any-origin' || reason === 'origin-allowed' || reason === 'preflight-allowed'
  return { kind: verdict.kind, allowed, reason, message }
}
