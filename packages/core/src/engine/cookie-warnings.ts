/**
 * The `cookieWarnings` option: one development warning per cookie name and cause when a response
 * sets a cookie that a browser will drop or partition. The rules themselves live in `cookies.ts`
 * and are registered by the entries (`useCookieDiagnostics`), so that bundles that never warn do
 * not carry them. When the option is off, a face pays one `undefined` check per response.
 */

/** What a face knows of one request and the response it answers with: plain strings, no `Request` needed. */
export interface CookieExchange {
  /** The request's absolute URL, such as `https://api.example.com/login`. */
  readonly url: string
  /** The request's `Origin`, or `null`. */
  readonly origin: string | null
  /** The request's `Cookie` header, or `null`. */
  readonly cookie: string | null
  /** The request's `Sec-Fetch-Site`, or `null`. */
  readonly secFetchSite?: string | null
  /** The response's `Set-Cookie` lines, one per cookie (`headers.getSetCookie()`). */
  readonly setCookies: readonly string[]
  /** The response's `Access-Control-Allow-Credentials`, or `null`. */
  readonly allowCredentials: string | null
  /** The response's `Access-Control-Allow-Origin`, or `null`. */
  readonly allowOrigin?: string | null
}

/** A development warning: one cookie (or, for `name: ''`, the request's cookies) and why. */
export interface CookieWarning {
  /** The cookie's name; `''` when the warning is about the request's cookies. */
  readonly name: string
  /** A stable reason code (see `CookieReason`). */
  readonly reason: string
  /** One plain sentence: what each engine does and what to write instead. */
  readonly message: string
  /** The request's URL and `Origin`. */
  readonly url: string
  readonly origin: string | null
}

/** Turns an exchange into warnings; registered by the entries that carry the cookie rules. */
export type CookieAnalyzer = (exchange: CookieExchange) => CookieWarning[]

/** Reports an exchange's cookie problems, once per cookie name and cause. */
export type CookieWarn = (exchange: CookieExchange) => void

/**
 * Where the rules are registered: on `globalThis`, because each entry of the package is a
 * self-contained file (`@corsa/core/engine`, which the faces compile with, and `@corsa/core`, which
 * the app imports, each have their own copy of this module).
 */
const SLOT = Symbol.for('corsa.cookieDiagnostics')
const registry = globalThis as { [SLOT]?: (sink: (warning: CookieWarning) => void) => CookieWarn }

/** The Public Suffix List as the cookie rules read it: the check, and the rules' text (for WebKit's listed-TLD check). */
export interface CookieSuffixList {
  isPublicSuffix(host: string): boolean
  rules: string
}

/**
 * The list the cookie rules compute sites with, registered by the entries that carry it
 * (`@corsa/core`, `@corsa/core/fetch`); `@corsa/core/lite` has none, and sites are then the last
 * two labels of a host (the list's implicit `*` rule).
 */
export let cookieSuffixList: CookieSuffixList | undefined

/** Gives the cookie rules the full Public Suffix List. */
export function useCookieSuffixList(list: CookieSuffixList): void {
  cookieSuffixList = list
}

/**
 * Registers the cookie rules (`@corsa/core` and `@corsa/core/fetch` do, in development builds),
 * with what reports their findings once per cookie name and cause: bundles that never register
 * them (`@corsa/core/lite`, production builds) carry neither.
 */
export function useCookieDiagnostics(analyze: CookieAnalyzer): void {
  registry[SLOT] = (sink) => {
    const warned = new Set<string>()
    return (exchange) => {
      if (warned.size >= MAX_WARNED) return
      let warnings: CookieWarning[]
      try {
        warnings = analyze(exchange)
      } catch {
        return
      }
      for (const warning of warnings) {
        const key = `${warning.name}\u0000${warning.reason}`
        if (warned.has(key) || warned.size >= MAX_WARNED) continue
        warned.add(key)
        try {
          sink(warning)
        } catch {
          // A logger that throws must not break the response.
        }
      }
    }
  }
}

/** At most this many (name, cause) pairs are remembered per policy; past it, nothing more is reported. */
const MAX_WARNED = 1000

/**
 * `process.env.NODE_ENV` where there is one (Node, Bun, Deno), else `undefined` (Workers,
 * browsers, and Deno without `--allow-env`, where reading it throws).
 */
function nodeEnv(): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    return typeof env?.NODE_ENV === 'string' ? env.NODE_ENV : undefined
  } catch {
    return undefined
  }
}

/** A check for the `cookieWarnings` option: `true`, `false` or a function. */
export function cookieWarningsProblem(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'boolean' || typeof value === 'function') return undefined
  return `must be true, false or a function that receives each warning, not ${typeof value === 'string' ? JSON.stringify(value) : typeof value}: write cookieWarnings: true`
}

/**
 * Resolves the option once, at setup: `undefined` (off) unless it is `true`, a function, or left
 * out while `NODE_ENV` is `development`.
 */
export function resolveCookieWarnings(option: unknown): CookieWarn | undefined {
  if (option === false || (option === undefined && nodeEnv() !== 'development')) return undefined
  if (option !== true && typeof option !== 'function' && option !== undefined) return undefined
  const sink =
    typeof option === 'function'
      ? (option as (warning: CookieWarning) => void)
      : (warning: CookieWarning) => console.warn(`corsa: ${warning.message} (${warning.reason}; ${warning.url})`)
  // The rules are looked up at the first response: an entry that carries them may be imported after cors() ran.
  let warn: CookieWarn | undefined
  let missing = false
  return (exchange) => {
    if (warn === undefined) {
      const make = registry[SLOT]
      if (!make) {
        if (!missing) {
          missing = true
          console.warn(
            'corsa: cookieWarnings needs the cookie rules, which @corsa/core/lite and production builds leave out: import from @corsa/core in development',
          )
        }
        return
      }
      warn = make(sink)
    }
    warn(exchange)
  }
}
