/**
 * `check()`: the requests a browser makes for `fetch(url, { method, headers, credentials, mode:
 * 'cors' })` from a page on an origin, the CORS checks it applies to the answers, and its verdict.
 */
import { headerValue, headerValues, NetworkError, send, type WireRequest, type WireResponse } from './http.js'
import { type Cause, consoleMessage, type Failure, fixFor } from './messages.js'
import {
  type HeaderPair,
  isForbiddenRequestHeader,
  isSafelistedMethod,
  normalizeHeader,
  normalizeMethod,
  parseAllowList,
  preflightNeed,
  UsageError,
} from './rules.js'
import { isDowngrade, isPotentiallyTrustworthy, type Origin, parseOrigin, sameOrigin, sameSite, secFetchSite } from './site.js'

/** What to check: the inputs of the page's `fetch()`. */
export interface CheckOptions {
  /** The URL the page fetches (http or https). */
  url: string
  /** The page's origin, `scheme://host[:port]`, or `null` for an opaque origin (sandboxed iframe). */
  origin: string
  /** The method given to fetch(); normalized as fetch() does. Default GET. */
  method?: string
  /** Headers given to fetch(), in order. */
  headers?: readonly HeaderPair[]
  /** `credentials: 'include'`. */
  credentials?: boolean
  /** A Cookie header to send on the actual request when credentials are included (cookies the browser would hold). */
  cookie?: string
  /** Milliseconds per request. Default 10 000. */
  timeout?: number
  /** Body bytes read at most per response. Default 0 (none). */
  maxBody?: number
  /** The User-Agent header. */
  userAgent?: string
}

/** One request of the exchange and what came back. */
export interface Step {
  kind: 'preflight' | 'request'
  request: WireRequest
  response: WireResponse | null
  /** What the browser concluded from this step. */
  outcome: 'passed' | 'blocked' | 'redirected' | 'same-origin'
  /** The CORS checks applied, in plain words. */
  notes: string[]
}

/** A warning: passes today, but is fragile. */
export interface Warning {
  code: 'vary-origin' | 'allow-headers-wildcard' | 'no-max-age' | 'short-max-age' | 'cookie-dropped' | 'forbidden-header' | 'no-fetch-metadata'
  message: string
}

/** The verdict. */
export interface CheckResult {
  /** Whether the page may read the response. */
  allowed: boolean
  url: string
  origin: string
  method: string
  credentials: boolean
  /** The headers fetch() keeps (forbidden ones dropped), as given. */
  headers: HeaderPair[]
  /** The preflight of the first request: whether it is required, whether it was sent, and its outcome. */
  preflight: {
    required: boolean
    reasons: string[]
    sent: boolean
    /** The preflight's status, or null when none was sent. */
    status: number | null
    /** Whether the preflight passed; null when none was sent. */
    allowed: boolean | null
    /** Preflights sent in all (redirects can need more). */
    count: number
  }
  steps: Step[]
  /** The final response's status when the page may read it, else null. */
  status: number | null
  /** Chromium's console message when blocked, else null. */
  message: string | null
  cause: Cause | null
  fix: string | null
  warnings: Warning[]
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 20
const DEFAULT_UA = 'corsa-cli/0.1.0 (a CORS check acting as a browser)'

/** Options after validation, as fetch() would hold them. */
interface Prepared {
  url: URL
  origin: Origin
  method: string
  headers: HeaderPair[]
  dropped: string[]
}

/** Validates the inputs as `new Request()` would; throws a {@link UsageError}. */
export function prepare(options: CheckOptions): Prepared {
  let url: URL
  try {
    url = new URL(options.url)
  } catch {
    throw new UsageError(`'${options.url}' is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`'${options.url}' is not an http or https URL`)
  if (url.username || url.password) throw new UsageError(`'${options.url}' holds credentials (user:password@); fetch() throws a TypeError`)
  url.hash = ''
  const origin = parseOrigin(options.origin)
  const method = normalizeMethod(options.method ?? 'GET')
  const headers: HeaderPair[] = []
  const dropped: string[] = []
  for (const [n, v] of options.headers ?? []) {
    const pair = normalizeHeader(n, v)
    if (isForbiddenRequestHeader(pair[0], pair[1])) dropped.push(pair[0])
    else headers.push(pair)
  }
  return { url, origin, method, headers, dropped }
}

/** Access-Control-Allow-Origin / -Credentials check (Fetch's CORS check, Chromium's order of reasons). */
function corsCheck(res: WireResponse, origin: Origin, credentials: boolean, preflight: boolean): Failure | null {
  const acao = headerValue(res.headers, 'access-control-allow-origin')
  if (acao === '*') {
    return credentials ? { cause: 'wildcard-origin-with-credentials', value: '*', preflight } : null
  }
  if (acao === null) return { cause: 'missing-allow-origin', value: '', preflight }
  if (acao !== origin) {
    if (/[ ,]/.test(acao)) return { cause: 'multiple-allow-origin', value: acao, preflight }
    if (acao === 'null') return { cause: 'allow-origin-mismatch', value: acao, preflight }
    if (!URL.canParse(acao)) return { cause: 'invalid-allow-origin', value: acao, preflight }
    return { cause: 'allow-origin-mismatch', value: acao, preflight }
  }
  if (credentials) {
    const acac = headerValue(res.headers, 'access-control-allow-credentials')
    if (acac !== 'true') return { cause: 'allow-credentials', value: acac ?? '', preflight }
  }
  return null
}

/** The preflight's own checks after the CORS check: status, parsing, method, headers (PV2–PV7). */
function preflightCheck(res: WireResponse, method: string, names: readonly string[], credentials: boolean): Failure | null {
  if (res.status < 200 || res.status > 299) return { cause: 'preflight-status', value: String(res.status), preflight: true }
  const methods = parseAllowList(headerValue(res.headers, 'access-control-allow-methods'))
  if (methods === null) return { cause: 'invalid-allow-methods', value: '', preflight: true }
  const allowHeaders = parseAllowList(headerValue(res.headers, 'access-control-allow-headers'))
  if (allowHeaders === null) return { cause: 'invalid-allow-headers', value: '', preflight: true }
  const methodOk = isSafelistedMethod(method) || methods.includes(method) || (!credentials && methods.includes('*'))
  if (!methodOk) return { cause: 'method-not-allowed', value: method, preflight: true }
  const lower = allowHeaders.map((h) => h.toLowerCase())
  for (const name of names) {
    // The Fetch standard says '*' never covers Authorization; Chromium still lets it (with only a
    // DevTools deprecation issue), and the verdict follows Chromium. A warning says so.
    const ok = lower.includes(name) || (!credentials && lower.includes('*'))
    if (!ok) return { cause: 'header-not-allowed', value: name, preflight: true }
  }
  return null
}

/** Runs the check: sends the requests and returns the verdict. Throws {@link UsageError} or {@link NetworkError}. */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const prepared = prepare(options)
  const { origin: pageOrigin } = prepared
  const credentials = options.credentials === true
  const sendOptions = { timeout: options.timeout ?? 10_000, maxBody: options.maxBody ?? 0 }
  const userAgent = options.userAgent ?? DEFAULT_UA
  const firstUrl = prepared.url
  const warnings: Warning[] = []
  for (const name of prepared.dropped) {
    warnings.push({ code: 'forbidden-header', message: `fetch() drops the forbidden header ${name}: a page cannot set it, so it was not sent.` })
  }

  const firstNeed = preflightNeed(prepared.method, prepared.headers)
  const result: CheckResult = {
    allowed: false,
    url: firstUrl.href,
    origin: pageOrigin,
    method: prepared.method,
    credentials,
    headers: prepared.headers,
    preflight: {
      required: firstNeed.required && !sameOrigin(firstUrl, pageOrigin),
      reasons: sameOrigin(firstUrl, pageOrigin) ? [] : firstNeed.reasons,
      sent: false,
      status: null,
      allowed: null,
      count: 0,
    },
    steps: [],
    status: null,
    message: null,
    cause: null,
    fix: null,
    warnings,
  }

  let url = firstUrl
  let method = prepared.method
  let headers = prepared.headers
  const urlList: URL[] = [url]
  let tainting: 'basic' | 'cors' = 'basic'
  let tainted = pageOrigin === 'null'
  let lastPreflight: WireResponse | null = null

  const block = (failure: Failure, res: WireResponse | null, sentOrigin: string): CheckResult => {
    result.allowed = false
    result.cause = failure.cause
    result.message = consoleMessage(failure, { url: url.href, firstUrl: firstUrl.href, pageOrigin, method })
    result.fix = fixFor(failure, {
      sentOrigin,
      pageOrigin,
      credentials,
      status: res?.status ?? 0,
      allowMethods: lastPreflight ? headerValue(lastPreflight.headers, 'access-control-allow-methods') : null,
      allowHeaders: lastPreflight ? headerValue(lastPreflight.headers, 'access-control-allow-headers') : null,
    })
    return result
  }

  for (let hop = 0; ; hop++) {
    const serializedOrigin = tainted ? 'null' : pageOrigin
    const corsPath = !(sameOrigin(url, pageOrigin) && tainting === 'basic')
    if (corsPath) tainting = 'cors'
    const fetchSite = secFetchSite(pageOrigin, urlList)
    const metadata: HeaderPair[] = isPotentiallyTrustworthy(url)
      ? [
          ['Sec-Fetch-Site', fetchSite],
          ['Sec-Fetch-Mode', 'cors'],
          ['Sec-Fetch-Dest', 'empty'],
        ]
      : []
    if (hop === 0 && metadata.length === 0 && corsPath) {
      warnings.push({
        code: 'no-fetch-metadata',
        message: `${url.origin} is not a potentially trustworthy URL (plain http to a non-local host), so the browser sends no Sec-Fetch-* headers; neither did this check.`,
      })
    }
    const referer: HeaderPair[] = pageOrigin !== 'null' && !isDowngrade(pageOrigin, url) ? [['Referer', `${pageOrigin}/`]] : []

    if (corsPath) {
      const need = preflightNeed(method, headers)
      if (need.required) {
        const preflightRequest: WireRequest = {
          method: 'OPTIONS',
          url: url.href,
          headers: [
            ['Accept', '*/*'],
            ['Access-Control-Request-Method', method],
            ...(need.headers.length > 0 ? ([['Access-Control-Request-Headers', need.headers.join(',')]] as HeaderPair[]) : []),
            ['Origin', serializedOrigin],
            ...referer,
            ...metadata,
            ['User-Agent', userAgent],
          ],
        }
        const res = await send(preflightRequest, sendOptions)
        lastPreflight = res
        result.preflight.count++
        if (!result.preflight.sent) {
          result.preflight.sent = true
          result.preflight.status = res.status
        }
        const step: Step = { kind: 'preflight', request: preflightRequest, response: res, outcome: 'passed', notes: [...need.reasons] }
        result.steps.push(step)
        const location = headerValue(res.headers, 'location')
        let failure: Failure | null = null
        if (REDIRECT_STATUSES.has(res.status) && location !== null) {
          failure = { cause: 'preflight-redirect', value: location, preflight: true }
        } else {
          failure = corsCheck(res, serializedOrigin, credentials, true)
          if (failure === null) failure = preflightCheck(res, method, need.headers, credentials)
        }
        if (result.preflight.count === 1) result.preflight.allowed = failure === null
        if (failure !== null) {
          step.outcome = 'blocked'
          return block(failure, res, serializedOrigin)
        }
        preflightWarnings(res, headers, credentials, warnings)
      }
    }

    const requestHeaders: HeaderPair[] = [...headers]
    if (!headers.some(([n]) => n.toLowerCase() === 'accept')) requestHeaders.push(['Accept', '*/*'])
    if (corsPath || (method !== 'GET' && method !== 'HEAD')) requestHeaders.push(['Origin', serializedOrigin])
    requestHeaders.push(...referer, ...metadata, ['User-Agent', userAgent])
    if (options.cookie && (credentials || (!corsPath && !tainted))) requestHeaders.push(['Cookie', options.cookie])
    const actual: WireRequest = { method, url: url.href, headers: requestHeaders }
    const res = await send(actual, sendOptions)
    const step: Step = { kind: 'request', request: actual, response: res, outcome: corsPath ? 'passed' : 'same-origin', notes: [] }
    result.steps.push(step)
    if (corsPath) {
      const failure = corsCheck(res, serializedOrigin, credentials, false)
      if (failure !== null) {
        step.outcome = 'blocked'
        return block(failure, res, serializedOrigin)
      }
    }

    const location = headerValue(res.headers, 'location')
    if (!REDIRECT_STATUSES.has(res.status) || location === null) {
      result.allowed = true
      result.status = res.status
      if (corsPath) responseWarnings(res, url, pageOrigin, credentials, warnings)
      return result
    }

    // A redirect: follow it as fetch() does with redirect: 'follow'.
    step.outcome = 'redirected'
    if (hop >= MAX_REDIRECTS) return block({ cause: 'too-many-redirects', value: '', preflight: false }, res, serializedOrigin)
    let next: URL
    try {
      next = new URL(location, url)
    } catch {
      return block({ cause: 'redirect-scheme', value: location, preflight: false }, res, serializedOrigin)
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return block({ cause: 'redirect-scheme', value: next.href, preflight: false }, res, serializedOrigin)
    }
    if ((next.username || next.password) && (tainting === 'cors' || !sameOrigin(next, pageOrigin))) {
      step.notes.push(`the redirect Location '${next.href}' holds a user name or password`)
      return block({ cause: 'redirect-credentials', value: next.href, preflight: false }, res, serializedOrigin)
    }
    next.hash = ''
    if (((res.status === 301 || res.status === 302) && method === 'POST') || (res.status === 303 && method !== 'GET' && method !== 'HEAD')) {
      method = 'GET'
      headers = headers.filter(([n]) => !/^content-(encoding|language|location|type)$/i.test(n))
      step.notes.push(`${res.status} turns ${actual.method} into GET (the body and its Content-* headers are dropped)`)
    }
    if (next.origin !== url.origin) {
      if (headers.some(([n]) => n.toLowerCase() === 'authorization')) step.notes.push('Authorization is removed on a redirect to another origin')
      headers = headers.filter(([n]) => n.toLowerCase() !== 'authorization')
      if (!sameOrigin(url, pageOrigin) && !tainted) {
        tainted = true
        step.notes.push("a redirect from another origin to a third one: the request's Origin becomes 'null'")
      }
    }
    url = next
    urlList.push(url)
  }
}

function hasToken(value: string | null, token: string): boolean {
  return value?.split(',').some((t) => t.trim().toLowerCase() === token) ?? false
}

function preflightWarnings(res: WireResponse, headers: readonly HeaderPair[], credentials: boolean, warnings: Warning[]): void {
  const acah = headerValue(res.headers, 'access-control-allow-headers')
  const sendsAuthorization = headers.some(([n]) => n.toLowerCase() === 'authorization')
  if (hasToken(acah, '*') && !hasToken(acah, 'authorization') && !credentials) {
    warnings.push({
      code: 'allow-headers-wildcard',
      message: sendsAuthorization
        ? "Authorization passes only because of 'Access-Control-Allow-Headers: *': the Fetch standard says '*' never covers Authorization, Chromium still allows it with a deprecation warning, and a credentialed request is blocked. List 'Authorization' by name."
        : "Access-Control-Allow-Headers is '*': it stops covering anything once the request is credentialed, and per the Fetch standard never covers Authorization. List the headers by name.",
    })
  }
  const maxAge = headerValue(res.headers, 'access-control-max-age')
  if (maxAge === null || !/^\d+$/.test(maxAge.trim())) {
    warnings.push({
      code: 'no-max-age',
      message: `No valid Access-Control-Max-Age${maxAge === null ? '' : ` ('${maxAge}')`}: browsers keep this preflight for 5 s only, so nearly every such request costs two round trips. Send e.g. 'Access-Control-Max-Age: 600'.`,
    })
  } else if (Number(maxAge) < 60) {
    warnings.push({
      code: 'short-max-age',
      message: `Access-Control-Max-Age is ${maxAge.trim()}: the preflight is kept for ${maxAge.trim()} s at most, so most requests are preflighted again. 600 is honoured by every engine.`,
    })
  }
}

function responseWarnings(res: WireResponse, url: URL, pageOrigin: Origin, credentials: boolean, warnings: Warning[]): void {
  const acao = headerValue(res.headers, 'access-control-allow-origin')
  const vary = headerValue(res.headers, 'vary')
  if (acao !== null && acao !== '*' && !hasToken(vary, 'origin') && !hasToken(vary, '*')) {
    warnings.push({
      code: 'vary-origin',
      message: `Access-Control-Allow-Origin echoes '${acao}' but the response has no 'Vary: Origin': a cache (CDN, proxy or the browser) can serve this answer to another origin, or a no-CORS copy to this one. Add 'Vary: Origin'.`,
    })
  }
  if (credentials && !sameSite(url, pageOrigin)) {
    for (const cookie of headerValues(res.headers, 'set-cookie')) {
      const attrs = cookie
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase())
      const none = attrs.some((a) => a.replace(/\s+/g, '') === 'samesite=none')
      const secure = attrs.includes('secure')
      if (!none || !secure) {
        const name = cookie.split('=')[0]!.trim()
        warnings.push({
          code: 'cookie-dropped',
          message: `The cookie '${name}' is set on a cross-site response without 'SameSite=None; Secure' (${none ? 'no Secure' : 'SameSite is not None'}): the browser will not store it for this site. A simple rule: cross-site cookies need both.`,
        })
      }
    }
  }
}

export { NetworkError, UsageError }
