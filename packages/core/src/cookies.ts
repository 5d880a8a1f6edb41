/**
 * Cookie diagnostics: for each `Set-Cookie` of a response to a cross-origin request, whether
 * Chromium, Firefox and WebKit store it, partition it or drop it, why (a stable reason code) and
 * what to write instead. Browsers drop such cookies without a word in the console; every rule
 * here was checked against what the three engines did in corsa's browser suite (docs/cookies.md).
 *
 * `Set-Cookie` is attacker-influenced (a proxy, an upstream, a user-chosen value): the parser
 * reads at most {@link MAX_SET_COOKIE_LENGTH} characters of at most {@link MAX_SET_COOKIES} lines
 * and never throws.
 */
import type { CookieExchange, CookieWarning } from './engine/cookie-warnings.js'
import { cookieSuffixList } from './engine/cookie-warnings.js'

export type { CookieExchange, CookieWarning } from './engine/cookie-warnings.js'

/** The engines corsa predicts, with their shipped defaults (Chrome/Chromium, Firefox, Safari/WebKit). */
export type CookieEngine = 'chromium' | 'firefox' | 'webkit'
const COOKIE_ENGINES: readonly CookieEngine[] = ['chromium', 'firefox', 'webkit']

/** What an engine does with a cookie: keeps it for the API's site, keeps it only under this page's top-level site, or ignores it. */
export type CookieOutcome = 'store' | 'partition' | 'drop'

/** Why. Stable codes: match on them, not on the sentences. */
export type CookieReason =
  /** Stored as sent. */
  | 'stored'
  /** Not a cookie: no name and no value, or a control character. */
  | 'invalid'
  /** Name and value longer than 4096 bytes together. */
  | 'too-large'
  /** The page's fetch() did not use `credentials: 'include'`: a cross-origin response's cookies are ignored. */
  | 'credentials-not-included'
  /** `Secure` on a response over plain http from a host that is not localhost. */
  | 'secure-over-http'
  /** `__Secure-` without `Secure`. */
  | 'secure-prefix-without-secure'
  /** `__Host-` without `Secure`. */
  | 'host-prefix-without-secure'
  /** `__Host-` with a `Domain`. */
  | 'host-prefix-with-domain'
  /** `__Host-` without `Path=/`. */
  | 'host-prefix-without-root-path'
  /** A `Domain` that the API's host is not in. */
  | 'domain-mismatch'
  /** A `Domain` that is a public suffix (`Domain=com`, `Domain=github.io`) other than the host itself. */
  | 'domain-public-suffix'
  /** `SameSite=None` without `Secure`. */
  | 'samesite-none-without-secure'
  /** No `SameSite`: Chromium's default is `Lax`, which a cross-site response cannot set. */
  | 'samesite-default-lax'
  /** `SameSite=Lax` or `Strict` on a response to a cross-site page. */
  | 'samesite-cross-site'
  /** A third-party cookie that the engine blocks by default. */
  | 'third-party-blocked'
  /** A third-party cookie that the engine keeps only under the page's top-level site. */
  | 'third-party-partitioned'
  /** The response has no `Access-Control-Allow-Credentials: true`: the page cannot read it. */
  | 'no-allow-credentials'
  /** Request side: a cross-site request arrived without cookies. */
  | 'request-without-cookies'

/** One engine's verdict on one cookie. */
export interface EngineCookieVerdict {
  readonly outcome: CookieOutcome
  readonly reason: CookieReason
}

/** corsa's prediction for one cookie, or (`source: 'request'`) for the cookies a request came without. */
export interface CookieVerdict {
  /** `set-cookie`: a cookie the response sets; `request`: the request's (missing) cookies. */
  readonly source: 'set-cookie' | 'request'
  /** The cookie's name (`''` for the request side, or for a nameless cookie). */
  readonly name: string
  /** What each engine does, with its own reason. */
  readonly engines: Readonly<Record<CookieEngine, EngineCookieVerdict>>
  /** The main cause: the one the fix is about (`stored` when every engine stores it). */
  readonly reason: CookieReason
  /** One plain sentence: what each engine does, why, and what to write instead. */
  readonly message: string
  /**
   * Whether the verdict rests on a guess: a server cannot see a request's credentials mode, and
   * a request without a `Cookie` header may or may not have been sent with `credentials: 'include'`.
   */
  readonly guess: boolean
}

/** Options of {@link explainCookies}. */
export interface ExplainCookiesOptions {
  /**
   * The page's `fetch()` credentials mode, when you know it (a test, `corsa check --credentials`).
   * Unknown by default: a request that carries cookies was sent with `'include'`; for one without,
   * corsa assumes `'include'` and says the verdict is a guess.
   */
  readonly credentials?: 'include' | 'same-origin' | 'omit'
  /** Whether the policy allows credentials: a cross-site request without cookies is reported only then. Default `true`. */
  readonly expectsCookies?: boolean
}

/** The longest `Set-Cookie` line read; the rest of a longer line is ignored (real cookies are at most 4 KB plus attributes). */
const MAX_SET_COOKIE_LENGTH = 8192
/** At most this many `Set-Cookie` lines of one response are judged. */
const MAX_SET_COOKIES = 50
/** At most this many attributes of one line are read. */
const MAX_ATTRIBUTES = 32
/** Browsers refuse a cookie whose name and value are longer than this together (RFC 6265bis). */
const MAX_NAME_VALUE = 4096
/** An attribute value longer than this is ignored (RFC 6265bis). */
const MAX_ATTRIBUTE_VALUE = 1024

/** A parsed `Set-Cookie` line: only what decides whether a browser stores it. */
export interface ParsedCookie {
  readonly name: string
  readonly value: string
  /** Lower case, without a leading dot; `undefined` for a host-only cookie. */
  readonly domain: string | undefined
  /** `undefined` when absent or not starting with `/` (the browser then uses the request's directory). */
  readonly path: string | undefined
  readonly secure: boolean
  readonly httpOnly: boolean
  readonly partitioned: boolean
  readonly sameSite: 'strict' | 'lax' | 'none' | undefined
  /** Whether the line was longer than {@link MAX_SET_COOKIE_LENGTH} and cut. */
  readonly truncated: boolean
}

// Control characters but tab: RFC 6265bis makes a browser ignore a cookie that has one.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/

/**
 * Parses one `Set-Cookie` line as browsers do (RFC 6265bis §5.7): `name=value` up to the first
 * `;`, then attributes, the last of each kind winning. Returns `undefined` for a line a browser
 * ignores outright (no name and no value, a control character). Never throws; reads at most
 * {@link MAX_SET_COOKIE_LENGTH} characters.
 */
export function parseSetCookie(line: string): ParsedCookie | undefined {
  if (typeof line !== 'string') return undefined
  const truncated = line.length > MAX_SET_COOKIE_LENGTH
  const text = truncated ? line.slice(0, MAX_SET_COOKIE_LENGTH) : line
  const semi = text.indexOf(';')
  const pair = semi < 0 ? text : text.slice(0, semi)
  if (CONTROL.test(pair)) return undefined
  const eq = pair.indexOf('=')
  const name = eq < 0 ? '' : pair.slice(0, eq).trim()
  const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim()
  if (!name && !value) return undefined
  let domain: string | undefined
  let path: string | undefined
  let secure = false
  let httpOnly = false
  let partitioned = false
  let sameSite: ParsedCookie['sameSite']
  let rest = semi < 0 ? '' : text.slice(semi + 1)
  for (let count = 0; rest && count < MAX_ATTRIBUTES; count++) {
    const next = rest.indexOf(';')
    const attribute = next < 0 ? rest : rest.slice(0, next)
    rest = next < 0 ? '' : rest.slice(next + 1)
    const aeq = attribute.indexOf('=')
    const key = (aeq < 0 ? attribute : attribute.slice(0, aeq)).trim().toLowerCase()
    const raw = aeq < 0 ? '' : attribute.slice(aeq + 1).trim()
    if (raw.length > MAX_ATTRIBUTE_VALUE) continue
    switch (key) {
      case 'domain': {
        const d = raw.replace(/^\./, '').toLowerCase()
        // An empty Domain is ignored (the cookie stays host-only).
        domain = d || undefined
        break
      }
      case 'path':
        path = raw.startsWith('/') ? raw : undefined
        break
      case 'secure':
        secure = true
        break
      case 'httponly':
        httpOnly = true
        break
      case 'partitioned':
        partitioned = true
        break
      case 'samesite': {
        const s = raw.toLowerCase()
        sameSite = s === 'strict' || s === 'lax' || s === 'none' ? s : undefined
        break
      }
    }
  }
  return { name, value, domain, path, secure, httpOnly, partitioned, sameSite, truncated }
}

/** A URL's parts as the cookie rules need them; `undefined` for what is not an http(s) URL. */
interface Place {
  scheme: string
  host: string
  /** `scheme://host:port` */
  origin: string
}

function place(url: string | null | undefined): Place | undefined {
  if (!url || url.length > 2048) return undefined
  try {
    const u = new URL(url)
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined
    const host = u.hostname.toLowerCase().replace(/\.$/, '')
    return { scheme: u.protocol.slice(0, -1), host, origin: u.origin }
  } catch {
    return undefined
  }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
const isIp = (host: string) => host.startsWith('[') || IPV4.test(host)

/** Hosts that browsers treat as secure over plain http (potentially trustworthy origins). */
function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]'
}

/**
 * The registrable domain (eTLD+1) of a host by the full Public Suffix List, the host itself for an
 * IP address or a public suffix. With `listedOnly` (WebKit), a host whose top-level label is not
 * a rule of the list (`.test`, `.internal`) is its own site: WebKit's check (libpsl in WebKitGTK)
 * finds no registrable domain there, where Chromium and Firefox apply the list's implicit `*` rule.
 */
export function registrableDomain(host: string, listedOnly = false): string {
  if (isIp(host) || host.length > 253) return host
  const labels = host.split('.')
  if (labels.length > 127) return host
  if (listedOnly && !isListedTld(labels[labels.length - 1]!)) return host
  for (let i = 0; i < labels.length; i++) {
    if (publicSuffix(labels.slice(i).join('.'))) return i === 0 ? host : labels.slice(i - 1).join('.')
  }
  return host
}

/** The Public Suffix List's check where an entry registered it; else only top-level labels are public suffixes. */
function publicSuffix(host: string): boolean {
  return cookieSuffixList ? cookieSuffixList.isPublicSuffix(host) : !host.includes('.')
}

const listedTlds = new Map<string, boolean>()
/** Whether a top-level label is a rule of the Public Suffix List itself (`com`, `uk`), not only the implicit `*`. */
function isListedTld(label: string): boolean {
  let listed = listedTlds.get(label)
  if (listed === undefined) {
    const rules = cookieSuffixList?.rules
    listed = rules === undefined || (/^[a-z0-9-]+$/.test(label) && rules.includes(`\n${label}\n`))
    if (listedTlds.size < 1000) listedTlds.set(label, listed)
  }
  return listed
}

/** Schemeful same-site (https://html.spec.whatwg.org/#schemelessly-same-site is not enough: http and https are two sites). */
function sameSite(a: Place, b: Place): boolean {
  return a.scheme === b.scheme && registrableDomain(a.host) === registrableDomain(b.host)
}

/** Whether one host is the other or under it. */
const within = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`)

/**
 * WebKitGTK's third-party test (libsoup's `no-third-party` policy, observed in the browser suite):
 * a cookie is first-party when the registrable domain of the cookie's domain (the domain itself
 * when its top-level label is not on the Public Suffix List, as with `.test`) and the page's host
 * are one inside the other. So `Domain=example.test` set by api.example.test is kept for
 * app.example.test, and a host-only cookie of api.example.test is not.
 */
function webkitThirdParty(cookie: ParsedCookie, c: Context): boolean {
  const base = registrableDomain(cookie.domain ?? c.api.host, true)
  return !(within(c.page.host, base) || within(base, c.page.host))
}

/** The facts about one exchange that every cookie of it shares. */
interface Context {
  api: Place
  page: Place
  sameOrigin: boolean
  /** Whether the page and the API are one site (schemeful, by the Public Suffix List). */
  sameSite: boolean
  credentials: 'include' | 'same-origin' | 'omit'
  guess: boolean
  allowCredentials: boolean
}

function context(exchange: CookieExchange, options: ExplainCookiesOptions): Context | undefined {
  const api = place(exchange.url)
  if (!api) return undefined
  // No Origin: a same-origin GET or a navigation. Judge the cookie's own attributes only.
  const page = (exchange.origin && exchange.origin !== 'null' ? place(exchange.origin) : undefined) ?? api
  const sameOrigin = page.origin === api.origin
  const hasCookie = !!exchange.cookie
  const credentials = options.credentials ?? (hasCookie ? 'include' : sameOrigin ? 'same-origin' : 'include')
  return {
    api,
    page,
    sameOrigin,
    sameSite: sameSite(page, api),
    credentials,
    guess: !options.credentials && !hasCookie && !sameOrigin,
    allowCredentials: (exchange.allowCredentials ?? '').trim() === 'true',
  }
}

const drop = (reason: CookieReason): EngineCookieVerdict => ({ outcome: 'drop', reason })

/** What one engine does with one cookie, in the order browsers check. */
function judge(engine: CookieEngine, cookie: ParsedCookie, c: Context): EngineCookieVerdict {
  if (new TextEncoder().encode(cookie.name + cookie.value).length > MAX_NAME_VALUE) return drop('too-large')
  // Cookies of a cross-origin response are stored only for credentials: 'include'.
  if (!c.sameOrigin && c.credentials !== 'include') return drop('credentials-not-included')
  if (c.credentials === 'omit') return drop('credentials-not-included')
  // Chromium and Firefox count http://localhost as secure; WebKitGTK dropped Secure cookies there.
  const secureContext = c.api.scheme === 'https' || (engine !== 'webkit' && isLocalhost(c.api.host))
  if (cookie.secure && !secureContext) return drop('secure-over-http')
  const lower = cookie.name.toLowerCase()
  // WebKitGTK (libsoup) does not enforce the prefixes: it stored every one in the browser suite.
  const prefixes = engine !== 'webkit'
  if (prefixes && lower.startsWith('__secure-') && !cookie.secure) return drop('secure-prefix-without-secure')
  if (prefixes && lower.startsWith('__host-')) {
    if (!cookie.secure) return drop('host-prefix-without-secure')
    if (cookie.domain !== undefined) return drop('host-prefix-with-domain')
    if (cookie.path !== '/') return drop('host-prefix-without-root-path')
  }
  // Domain=localhost on localhost (a public suffix that is the host): host-only in Chromium and Firefox, dropped by WebKitGTK.
  if (cookie.domain !== undefined && cookie.domain === c.api.host && engine === 'webkit' && publicSuffix(cookie.domain))
    return drop('domain-public-suffix')
  if (cookie.domain !== undefined && cookie.domain !== c.api.host) {
    const host = c.api.host
    if (isIp(host) || !host.endsWith(`.${cookie.domain}`)) return drop('domain-mismatch')
    if (publicSuffix(cookie.domain)) return drop('domain-public-suffix')
  }
  // Chromium and Firefox refuse SameSite=None without Secure; WebKitGTK stores it.
  if (cookie.sameSite === 'none' && !cookie.secure && engine !== 'webkit') return drop('samesite-none-without-secure')
  if (!c.sameSite) {
    if (cookie.sameSite === 'lax' || cookie.sameSite === 'strict') return drop('samesite-cross-site')
    // Chromium's default is Lax; Firefox and WebKit treat a cookie without SameSite as None.
    if (cookie.sameSite === undefined && engine === 'chromium') return drop('samesite-default-lax')
    // A third-party cookie.
    if (engine === 'firefox') return { outcome: 'partition', reason: 'third-party-partitioned' }
    if (engine === 'chromium' && cookie.partitioned && cookie.secure) return { outcome: 'partition', reason: 'third-party-partitioned' }
    return drop('third-party-blocked')
  }
  if (engine === 'webkit' && webkitThirdParty(cookie, c)) return drop('third-party-blocked')
  if (!c.sameOrigin && !c.allowCredentials) return { outcome: 'store', reason: 'no-allow-credentials' }
  return { outcome: 'store', reason: 'stored' }
}

/** The causes in the order a fix should address them: the cookie's own mistakes first, then the deployment's. */
const PRIORITY: readonly CookieReason[] = [
  'invalid',
  'too-large',
  'credentials-not-included',
  'secure-over-http',
  'secure-prefix-without-secure',
  'host-prefix-without-secure',
  'host-prefix-with-domain',
  'host-prefix-without-root-path',
  'domain-mismatch',
  'domain-public-suffix',
  'samesite-none-without-secure',
  'samesite-cross-site',
  'samesite-default-lax',
  'third-party-blocked',
  'third-party-partitioned',
  'no-allow-credentials',
  'stored',
]

const TITLE: Record<CookieEngine, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' }

/** Quotes attacker-controlled text safely and briefly. */
function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
}

/** Cuts what came from a header short, for a sentence. */
function short(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value
}

/** "Chromium and WebKit drop it; Firefox partitions it". */
function summary(engines: Record<CookieEngine, EngineCookieVerdict>): string {
  const verbs: Record<CookieOutcome, string> = { store: 'store', partition: 'partition', drop: 'drop' }
  const parts: string[] = []
  for (const outcome of ['drop', 'partition', 'store'] as const) {
    const names = COOKIE_ENGINES.filter((e) => engines[e].outcome === outcome).map((e) => TITLE[e])
    if (!names.length) continue
    const verb = names.length === 1 ? `${verbs[outcome]}s` : verbs[outcome]
    parts.push(`${names.length === 3 ? 'every engine' : names.join(' and ')} ${names.length === 3 ? `${verbs[outcome]}s` : verb} it`)
  }
  return parts.join('; ')
}

/** Why, and what to write instead. */
function advice(reason: CookieReason, cookie: ParsedCookie | undefined, c: Context): string {
  const page = short(c.page.origin)
  const api = short(c.api.origin)
  const host = short(c.api.host)
  const domain = short(cookie?.domain ?? '')
  switch (reason) {
    case 'stored':
      return 'nothing to fix'
    case 'invalid':
      return 'the line is not a cookie (no name and value, or a control character): write name=value; attributes'
    case 'too-large':
      return 'its name and value are longer than 4096 bytes together: store an id and keep the data on the server'
    case 'credentials-not-included':
      return `the page on ${page} fetched without credentials: 'include', so the browser ignores the cookies of this cross-origin response${c.guess ? ' (a guess: the server cannot see the credentials mode; a request that carries cookies was sent with it)' : ''}: write fetch(url, { credentials: 'include' })`
    case 'secure-over-http':
      if (isLocalhost(c.api.host))
        return `${api} is plain http: Chromium and Firefox count localhost as secure, WebKit (Safari) does not: leave Secure out during local development, or serve it over https`
      return `Secure cookies can only be set over https, and ${api} is plain http: serve the API over https, or leave Secure out on this development host`
    case 'secure-prefix-without-secure':
      return 'a __Secure- cookie must be Secure: add Secure'
    case 'host-prefix-without-secure':
      return 'a __Host- cookie must be Secure, without Domain and with Path=/: add Secure'
    case 'host-prefix-with-domain':
      return 'a __Host- cookie must not have a Domain (it belongs to the exact host): remove Domain, or drop the __Host- prefix'
    case 'host-prefix-without-root-path':
      return 'a __Host- cookie must have Path=/: add Path=/'
    case 'domain-mismatch':
      return `Domain=${domain} does not contain the API's host ${host}, and a server can only set cookies for its own domain: remove Domain (a host-only cookie)${c.api.host === 'localhost' || isIp(c.api.host) ? '' : `, or write a parent of the host such as Domain=${short(registrableDomain(c.api.host))}`}`
    case 'domain-public-suffix':
      return `Domain=${domain} is a public suffix${c.api.host === cookie?.domain ? ' (WebKit refuses it even on that very host)' : ', shared by unrelated sites'}: remove Domain${c.api.host === cookie?.domain ? '' : ', or use your own registrable domain'}`
    case 'samesite-none-without-secure':
      return 'SameSite=None requires Secure: write SameSite=None; Secure (http://localhost counts as secure)'
    case 'samesite-cross-site':
      return `the page ${page} and the API ${api} are different sites, and a SameSite=${cookie?.sameSite === 'strict' ? 'Strict' : 'Lax'} cookie is never set or sent cross-site: serve the API from the page's site (api.example.com for app.example.com), or write SameSite=None; Secure; Partitioned`
    case 'samesite-default-lax':
      return `the page ${page} and the API ${api} are different sites, and without SameSite Chromium treats the cookie as SameSite=Lax: serve the API from the page's site, or write SameSite=None; Secure; Partitioned`
    case 'third-party-blocked':
    case 'third-party-partitioned':
      if (c.sameSite) {
        return `the page ${page} and the API ${api} are one site by the Public Suffix List, but WebKit (WebKitGTK) treats a cookie as third-party unless its domain contains the page's host or sits under it, and a top-level domain that is not on the list (.test, .internal, .local) is no registrable domain for it: write Domain=${short(registrableDomain(c.api.host))}, or use a domain whose top-level domain is on the list`
      }
      return `the page ${page} and the API ${api} are different sites, so this is a third-party cookie: Chromium keeps only Partitioned ones, Firefox keeps it for this page's site only, WebKit (Safari) blocks them all. Serve the API from the page's site (api.example.com for app.example.com) for a cookie every engine keeps${cookie?.partitioned ? '' : ', or add Partitioned (CHIPS) for Chromium and Firefox'}`
    case 'no-allow-credentials':
      return `the response has no Access-Control-Allow-Credentials: true, so the page on ${page} cannot read it (the cookie is stored all the same): set credentials: true and list the origins`
    case 'request-without-cookies':
      return `the request from ${page} to ${api} (a different site) came without cookies: either the page did not use fetch(url, { credentials: 'include' }) (the server cannot tell), or the browser keeps third-party cookies apart (Chromium sends only Partitioned cookies, Firefox only those set under this page's site, WebKit none). Serve the API from the page's site for cookies every engine sends, or use an Authorization header`
  }
}

function verdictFor(name: string, engines: Record<CookieEngine, EngineCookieVerdict>, cookie: ParsedCookie | undefined, c: Context): CookieVerdict {
  const reasons = COOKIE_ENGINES.map((e) => engines[e].reason)
  const reason = PRIORITY.find((r) => reasons.includes(r)) ?? 'stored'
  const shown = quote(name)
  const message =
    reason === 'stored' ? `cookie ${shown}: every engine stores it` : `cookie ${shown}: ${summary(engines)}. ${advice(reason, cookie, c)}`
  return { source: 'set-cookie', name, engines, reason, message, guess: c.guess && !reasons.every((r) => r === 'stored') }
}

/** The response's cookies, bounded: at most {@link MAX_SET_COOKIES} lines. */
function judgeAll(lines: readonly string[], c: Context): CookieVerdict[] {
  const out: CookieVerdict[] = []
  for (const line of lines.slice(0, MAX_SET_COOKIES)) {
    const cookie = parseSetCookie(line)
    if (!cookie) {
      const invalid = drop('invalid')
      out.push(verdictFor('', { chromium: invalid, firefox: invalid, webkit: invalid }, undefined, c))
      continue
    }
    const engines = { chromium: judge('chromium', cookie, c), firefox: judge('firefox', cookie, c), webkit: judge('webkit', cookie, c) }
    out.push(verdictFor(cookie.name, engines, cookie, c))
  }
  return out
}

/**
 * Predicts, for each `Set-Cookie` of a response, what Chromium, Firefox and WebKit (with their
 * shipped settings) do with it, and, for a cross-site request that came without cookies, why.
 * Never throws; bounded in the size of the headers.
 *
 * @example
 * ```ts
 * for (const v of explainCookies(exchange)) if (v.reason !== 'stored') console.warn(v.message)
 * ```
 */
export function explainCookies(exchange: CookieExchange, options: ExplainCookiesOptions = {}): CookieVerdict[] {
  try {
    const c = context(exchange, options)
    if (!c) return []
    const out = judgeAll(Array.isArray(exchange.setCookies) ? exchange.setCookies : [], c)
    if (!exchange.cookie && (options.expectsCookies ?? true) && !c.sameSite) {
      const engines: Record<CookieEngine, EngineCookieVerdict> =
        c.credentials === 'include'
          ? {
              chromium: { outcome: 'partition', reason: 'third-party-blocked' },
              firefox: { outcome: 'partition', reason: 'third-party-partitioned' },
              webkit: drop('third-party-blocked'),
            }
          : { chromium: drop('credentials-not-included'), firefox: drop('credentials-not-included'), webkit: drop('credentials-not-included') }
      const reason: CookieReason = c.credentials === 'include' ? 'request-without-cookies' : 'credentials-not-included'
      out.push({
        source: 'request',
        name: '',
        engines,
        reason,
        message: `the request's cookies: ${advice(reason, undefined, c)}`,
        guess: !options.credentials,
      })
    }
    return out
  } catch {
    return []
  }
}

/** Reads an exchange from a `Request` and the `Response` it got. */
export function exchangeOf(request: Request, response: Response): CookieExchange {
  const h = request.headers
  const r = response.headers
  return {
    url: request.url,
    origin: h.get('origin'),
    cookie: h.get('cookie'),
    secFetchSite: h.get('sec-fetch-site'),
    setCookies: typeof r.getSetCookie === 'function' ? r.getSetCookie() : [],
    allowCredentials: r.get('access-control-allow-credentials'),
    allowOrigin: r.get('access-control-allow-origin'),
  }
}

/** The analyzer behind `cookieWarnings`: every verdict that is not `stored`, as a warning. */
export function cookieWarnings(exchange: CookieExchange): CookieWarning[] {
  // Warnings need a response that sets cookies, or a credentialed cross-site request.
  return explainCookies(exchange, { expectsCookies: exchange.allowCredentials === 'true' })
    .filter((v) => v.reason !== 'stored')
    .map((v) => ({ name: v.name, reason: v.reason, message: v.message, url: exchange.url, origin: exchange.origin }))
}
