/**
 * corsa: CORS for the fetch era. One policy, written once, that behaves the same in every
 * runtime with the Fetch API.
 *
 * @packageDocumentation
 */
import { usePublicSuffixList } from './engine/origins.js'
import { isPublicSuffix } from './engine/public-suffix.js'
import { useCookieDiagnostics, useCookieSuffixList } from './engine/cookie-warnings.js'
import { PUBLIC_SUFFIX_RULES } from './engine/public-suffix-list.js'
import { cookieWarnings } from './cookies.js'

declare const process: { env: Record<string, string | undefined> }

// Wildcard patterns are checked against the full Public Suffix List (`@corsa/core/lite` leaves it out).
usePublicSuffixList(isPublicSuffix)
useCookieSuffixList({ isPublicSuffix, rules: PUBLIC_SUFFIX_RULES })

// Cookie warnings (the cookieWarnings option) get the cookie rules outside production builds: a
// bundler that defines NODE_ENV as production drops this and the rules; without `process`
// (Workers, browsers) they stay available for cookieWarnings: true.
try {
  if (process.env.NODE_ENV !== 'production') useCookieDiagnostics(cookieWarnings)
} catch {
  useCookieDiagnostics(cookieWarnings)
}

export { CorsConfigError } from './engine/errors.js'
export type { CorsConfigProblem, CorsConfigReason } from './engine/errors.js'
export { cors, withCors } from './fetch.js'
export { explain } from './explain.js'
export { explainCookies, parseSetCookie, registrableDomain } from './cookies.js'
export type {
  CookieEngine,
  CookieExchange,
  CookieOutcome,
  CookieReason,
  CookieVerdict,
  CookieWarning,
  EngineCookieVerdict,
  ExplainCookiesOptions,
  ParsedCookie,
} from './cookies.js'
export type { CorsHandler, CorsPolicy, CorsResult, WithCorsOptions } from './fetch.js'
export type {
  CommonCorsOptions,
  CorsDecision,
  CorsOptions,
  CorsOptionsFor,
  CorsReason,
  AnyOriginOption,
  CheckCorsOptions,
  CorsOptionsShape,
  CredentialsNeedListedOrigins,
  NotACorsaOption,
  OriginOf,
  CsrfOptions,
  CsrfRefusal,
  OriginOption,
  OriginPredicate,
} from './options.js'
