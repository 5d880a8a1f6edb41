/**
 * `@corsa/core/fetch`: the Fetch face's building blocks, for adapters whose framework speaks
 * `Request` and `Response` (Hono, Next.js, Elysia, h3, ...): read a request and ask the engine
 * (`decideRequest`), answer a preflight (`preflightResponse`), decorate a response
 * (`decorateResponse`).
 *
 * @packageDocumentation
 */
import { usePublicSuffixList } from './engine/origins.js'
import { isPublicSuffix } from './engine/public-suffix.js'
import { useCookieDiagnostics, useCookieSuffixList } from './engine/cookie-warnings.js'
import { PUBLIC_SUFFIX_RULES } from './engine/public-suffix-list.js'
import { cookieWarnings } from './cookies.js'

declare const process: { env: Record<string, string | undefined> }

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

export { applyActual, decideRequest, decorateResponse, preflightResponse, refusedResponse, warnCookies } from './fetch.js'
