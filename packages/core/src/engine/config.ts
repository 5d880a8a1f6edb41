import type { CsrfRefusal } from '../options.js'
import { Problems } from './errors.js'
import { FORBIDDEN_METHODS, FORBIDDEN_RESPONSE_HEADERS, isForbiddenRequestHeader, isToken, NORMALIZED_METHODS } from './fetch-rules.js'
import { compileOrigins, describeValue, type OriginIndex } from './origins.js'
import { type CookieWarn, cookieWarningsProblem, resolveCookieWarnings } from './cookie-warnings.js'

/** The options every face takes, checked and normalized. */
export interface CorsConfig {
  /** `undefined` for `origin: '*'`. */
  readonly origins: OriginIndex | undefined
  readonly predicate: ((origin: string, request: never) => unknown) | undefined
  readonly credentials: boolean
  /** Methods as browsers send them (the six normalized ones upper-cased), or `'*'`. */
  readonly allowMethods: readonly string[] | '*'
  readonly allowHeaders: readonly string[] | '*'
  readonly exposeHeaders: readonly string[] | '*'
  readonly maxAge: number | undefined
  readonly preflightStatus: number
  /** Cross-origin protection, when on. */
  readonly csrf: CsrfConfig | undefined
  /** Development warnings about cookies browsers drop, when on (`cookieWarnings`); faces call it with each response. */
  readonly cookieWarnings: CookieWarn | undefined
}

/** The `csrf` option, checked. */
export interface CsrfConfig {
  /** Paths that skip the check, exactly. */
  readonly bypassPaths: ReadonlySet<string>
  /** Path prefixes (each ending in `/`) that skip the check, from `/webhooks/*`. */
  readonly bypassPrefixes: readonly string[]
  readonly onRefused: ((refusal: CsrfRefusal) => void) | undefined
}

/** The option names of `cors()`, in the order the docs list them. */
const OPTION_NAMES = ['origin', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'credentials', 'maxAge', 'preflightStatus', 'csrf', 'cookieWarnings']

/**
 * Names users bring from other libraries (the `cors` package, `hono/cors`, `@fastify/cors`,
 * `@koa/cors`) and common slips, with what to write instead; those within two edits of the
 * right name (`allowedHeaders`, `exposedHeaders`, `credential`) are found by {@link closest}.
 */
const RENAMED: Record<string, string> = {
  origins: 'origin',
  allowedOrigins: 'origin',
  allowedOrigin: 'origin',
  allowOrigin: 'origin',
  allowOrigins: 'origin',
  allowCredentials: 'credentials',
  withCredentials: 'credentials',
  methods: 'allowMethods',
  headers: 'allowHeaders',
  optionsSuccessStatus: 'preflightStatus',
  successStatus: 'preflightStatus',
}

/** Options of other libraries that have no corsa counterpart, with why. */
const NOT_NEEDED: Record<string, string> = {
  preflightContinue: 'preflights never reach the app (any other OPTIONS does): remove it',
  preflight: 'corsa always answers preflights: remove it',
  strictPreflight: 'corsa always checks preflights strictly: remove it',
  hideOptionsRoute: 'corsa registers no OPTIONS route: remove it',
  keepHeadersOnError: 'corsa puts its headers on error responses too: remove it',
  secureContext: 'corsa does not send Cross-Origin-Opener/Embedder-Policy: set them in your app',
  privateNetworkAccess: 'corsa does not answer Private Network Access preflights: remove it',
}

/** A name that differs from a known one only in case, `-` or `_`, or by at most two edits. */
function closest(name: string, known: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[-_]/g, '')
  const exact = known.find((k) => plain(k) === plain(name))
  if (exact) return exact
  let best: string | undefined
  let bestDistance = 3
  for (const candidate of known) {
    const distance = editDistance(plain(name), plain(candidate))
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}

/** Levenshtein distance, for names of a few dozen characters. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return 3
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}

/** A plain object of this realm or another (`{}` made inside a VM or a worker). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as object | null
  return proto === null || Object.getPrototypeOf(proto) === null
}

/** What a face adds to the checks: its own option names (such as `onError`) and their checks. */
export interface FaceOptions {
  /** Option names this face takes besides corsa's own, each with a check that returns a problem or nothing. */
  readonly extra?: Readonly<Record<string, (value: unknown) => string | undefined>>
}

/**
 * For faces whose peers let an origin function answer with a value (hono/cors, itty-router): an
 * `origin` function may return `true`, the request's origin itself, or `'*'` (only without
 * credentials, where it means any origin) to allow, and anything else to refuse. Returns the
 * options with that function turned into corsa's `(origin, request) => boolean` predicate; other
 * options as they are.
 */
export function acceptOriginValues<T>(options: T): T {
  const { origin, credentials } = (options ?? {}) as { origin?: unknown; credentials?: unknown }
  if (typeof origin !== 'function') return options
  const anyAllowed = credentials !== true
  const predicate = (candidate: string, request: unknown): boolean | Promise<boolean> => {
    const allows = (value: unknown) => value === true || value === candidate || (value === '*' && anyAllowed)
    const value: unknown = origin(candidate, request)
    return value instanceof Promise ? value.then(allows) : allows(value)
  }
  return { ...options, origin: predicate }
}

/** A face option that must be a function (`onError`). */
export const functionOption = (value: unknown): string | undefined =>
  value === undefined || typeof value === 'function' ? undefined : `must be a function, not ${describeValue(value)}`

/**
 * Checks the options and normalizes them. Every mistake (unknown names, wrong types, insecure
 * combinations) is collected, and all of them are thrown together as one `CorsConfigError`.
 */
export function readConfig(options: unknown, face: FaceOptions = {}): CorsConfig {
  const problems = new Problems()
  if (options === undefined) options = {}
  if (!isPlainObject(options)) {
    const instead =
      typeof options === 'string'
        ? `cors({ origin: ${JSON.stringify(options)} })`
        : Array.isArray(options)
          ? 'cors({ origin: [...] })'
          : "cors() for a public API, or cors({ origin: ['https://app.example.com'] })"
    problems.add('options', 'invalid', `must be an object, not ${describeValue(options)}: write ${instead}`)
    problems.throwIfAny()
  }
  const o = options as Record<string, unknown>
  const extra = face.extra ?? {}
  const known = [...OPTION_NAMES, ...Object.keys(extra)]
  for (const name of Object.keys(o)) {
    if (known.includes(name)) continue
    const instead = RENAMED[name] ?? closest(name, known)
    if (name in NOT_NEEDED) problems.add(name, 'unknown-option', `is not a corsa option: ${NOT_NEEDED[name]}`)
    else if (instead) problems.add(name, 'unknown-option', `is not a corsa option: write ${instead}`, instead)
    else problems.add(name, 'unknown-option', `is not a corsa option: the options are ${known.join(', ')}`)
  }
  for (const name of Object.keys(extra)) {
    const problem = extra[name]!(o[name])
    if (problem) problems.add(name, 'invalid', problem)
  }

  const credentials = o.credentials === undefined ? false : o.credentials
  if (typeof credentials !== 'boolean') {
    const instead = credentials === 'false' || credentials === 0 ? 'false' : 'true'
    problems.add('credentials', 'invalid', `must be true or false, not ${describeValue(credentials)}: write credentials: ${instead}`, instead)
  }

  let origins: OriginIndex | undefined
  let predicate: CorsConfig['predicate']
  const origin = 'origin' in o ? o.origin : '*'
  if (origin === '*') {
    if (credentials === true) {
      problems.add('origin', 'insecure', "'*' cannot go with credentials (browsers refuse it): write origin: ['https://app.example.com']")
    }
  } else if (typeof origin === 'function') predicate = origin as CorsConfig['predicate']
  else if (typeof origin === 'string' || origin instanceof RegExp) origins = compileOrigins([origin], problems)
  else if (Array.isArray(origin) && origin.length) {
    if (origin.includes('*')) {
      problems.add(
        'origin',
        'invalid',
        "holds '*', which allows every origin and makes the rest of the list meaningless: write origin: '*' alone, or remove it",
      )
    }
    origins = compileOrigins(
      origin.filter((entry) => entry !== '*'),
      problems,
    )
  } else {
    const why =
      origin === undefined
        ? "is undefined: leave it out for '*' (any origin), or write the origins"
        : Array.isArray(origin)
          ? 'is an empty list, which would allow no origin: write the origins'
          : origin === true
            ? "is true, which would let every origin read (the cors package's reflect-any): write the origins, or '*' without credentials"
            : `must be '*', an origin, a RegExp, a list of those or a function, not ${describeValue(origin)}: write origin: ['https://app.example.com']`
    problems.add('origin', 'invalid', why)
  }

  const methods = readList(problems, 'allowMethods', o.allowMethods, ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'], (m) =>
    FORBIDDEN_METHODS.includes(m.toUpperCase()),
  )
  const allowMethods =
    methods === '*'
      ? methods
      : methods.filter((m) => typeof m === 'string').map((m) => (NORMALIZED_METHODS.includes(m.toUpperCase()) ? m.toUpperCase() : m))
  const allowHeaders = readList(problems, 'allowHeaders', o.allowHeaders, '*', (h) => isForbiddenRequestHeader(h.toLowerCase()))
  const exposeHeaders = readList(problems, 'exposeHeaders', o.exposeHeaders, [], (h) => FORBIDDEN_RESPONSE_HEADERS.includes(h.toLowerCase()))
  const maxAge = readInteger(problems, 'maxAge', o.maxAge, 0, 86400, 600)
  const preflightStatus = readInteger(problems, 'preflightStatus', o.preflightStatus, 200, 299, 204) ?? 204
  const csrf = readCsrf(problems, o.csrf)
  if (csrf && origin === '*') {
    problems.add(
      'csrf',
      'insecure',
      "is on with origin: '*': every cross-origin write would be refused while any origin may read. List the origins that may read and write (origin: ['https://app.example.com']), or leave csrf off",
    )
  }
  const cookieProblem = cookieWarningsProblem(o.cookieWarnings)
  if (cookieProblem) problems.add('cookieWarnings', 'invalid', cookieProblem, 'true')
  problems.throwIfAny()
  const cookieWarnings = resolveCookieWarnings(o.cookieWarnings)
  return {
    origins,
    predicate,
    credentials: credentials === true,
    allowMethods,
    allowHeaders,
    exposeHeaders,
    maxAge,
    preflightStatus,
    csrf,
    cookieWarnings,
  }
}

/** A list option: `'*'`, or a list of tokens that browsers do not forbid. */
function readList(
  problems: Problems,
  option: string,
  value: unknown,
  fallback: readonly string[] | '*',
  forbidden: (name: string) => boolean,
): readonly string[] | '*' {
  if (value === undefined) return fallback
  if (value === '*') return value
  if (typeof value === 'string') {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
    const instead = `[${items.map((item) => `'${item}'`).join(', ')}]`
    problems.add(option, 'invalid', `must be a list or '*', not ${describeValue(value)}: write ${option}: ${instead}`, instead)
    return fallback
  }
  if (!Array.isArray(value)) {
    problems.add(option, 'invalid', `must be a list of names or '*', not ${describeValue(value)}: write ${option}: ['...']`)
    return fallback
  }
  for (const item of value) {
    if (item === '*') problems.add(option, 'invalid', `holds '*' in a list: write ${option}: '*'`, "'*'")
    else if (typeof item !== 'string' || !isToken(item))
      problems.add(
        option,
        'invalid',
        `holds ${describeValue(item)}, which is not a ${option === 'allowMethods' ? 'method' : 'header name'}: remove it`,
      )
    else if (forbidden(item)) problems.add(option, 'forbidden', `holds "${item}", which browsers forbid: remove it`)
  }
  return value as string[]
}

function readInteger(problems: Problems, option: string, value: unknown, min: number, max: number, example: number): number | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value
  const numeric = typeof value === 'string' && /^[0-9]+$/.test(value) && +value >= min && +value <= max ? value : `${example}`
  problems.add(option, 'invalid', `must be a whole number from ${min} to ${max}, not ${describeValue(value)}: write ${option}: ${numeric}`, numeric)
  return undefined
}

/**
 * The `csrf` option: `true`, or `{ bypass, onRefused }`. A bypass is a path (`/webhooks/stripe`)
 * or a prefix ending in `/*` (`/webhooks/*`); nothing else, so no pattern can match every path.
 */
function readCsrf(problems: Problems, value: unknown): CsrfConfig | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true) return { bypassPaths: new Set(), bypassPrefixes: [], onRefused: undefined }
  if (!isPlainObject(value)) {
    problems.add('csrf', 'invalid', `must be true, false or { bypass: [...] }, not ${describeValue(value)}: write csrf: true`, 'true')
    return undefined
  }
  for (const name of Object.keys(value)) {
    if (name !== 'bypass' && name !== 'onRefused') {
      const instead = closest(name, ['bypass', 'onRefused'])
      problems.add(
        `csrf.${name}`,
        'unknown-option',
        `is not a csrf option: ${instead ? `write ${instead}` : 'the options are bypass and onRefused'}`,
        instead,
      )
    }
  }
  const bypassPaths = new Set<string>()
  const bypassPrefixes: string[] = []
  const bypass = value.bypass ?? []
  if (!Array.isArray(bypass))
    problems.add('csrf.bypass', 'invalid', `must be a list of paths, not ${describeValue(bypass)}: write bypass: ['/webhooks/*']`)
  else {
    for (const path of bypass) {
      if (typeof path !== 'string' || !path.startsWith('/') || /[?#\s]/.test(path)) {
        problems.add(
          'csrf.bypass',
          'invalid',
          `holds ${describeValue(path)}, which is not a path: write a path such as '/webhooks/stripe' or '/webhooks/*'`,
        )
      } else if (path === '/*' || path === '/') {
        problems.add(
          'csrf.bypass',
          'insecure',
          `holds '${path}', which would let every cross-origin write through: write csrf: false, or list the paths`,
        )
      } else if (path.endsWith('/*') && !path.slice(0, -2).includes('*')) bypassPrefixes.push(path.slice(0, -1))
      else if (path.includes('*')) problems.add('csrf.bypass', 'invalid', `holds "${path}": '*' may only end a path, as in '/webhooks/*'`)
      else bypassPaths.add(path)
    }
  }
  const onRefused = value.onRefused
  if (onRefused !== undefined && typeof onRefused !== 'function')
    problems.add('csrf.onRefused', 'invalid', `must be a function, not ${describeValue(onRefused)}`)
  return { bypassPaths, bypassPrefixes, onRefused: onRefused as CsrfConfig['onRefused'] }
}
