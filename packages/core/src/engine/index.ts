/**
 * The engine behind every corsa face, for adapter authors: `compileCors(options)` once, then
 * `engine.decide(method, origin, requestMethod, requestHeaders, request)` per request, and apply
 * the verdict in the framework's own idiom. No `Request` needs to be built.
 *
 * @packageDocumentation
 */
import { usePublicSuffixList } from './origins.js'
import { isPublicSuffix } from './public-suffix.js'
import { useCookieDiagnostics, useCookieSuffixList } from './cookie-warnings.js'
import { PUBLIC_SUFFIX_RULES } from './public-suffix-list.js'
import { cookieWarnings } from '../cookies.js'

declare const process: { env: Record<string, string | undefined> }

// Faces get wildcard patterns checked against the full Public Suffix List.
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

export { compileCors, compileCorsBeside } from './policy.js'
export type {
  ActualReason,
  ActualVerdict,
  CorsEngine,
  CorsVerdict,
  CrossOriginFacts,
  PreflightReason,
  PreflightVerdict,
  RefusedVerdict,
} from './policy.js'
export { acceptOriginValues, functionOption } from './config.js'
export type { CorsConfig, FaceOptions } from './config.js'
export {
  applyActualTo,
  applyAnswerTo,
  decideNodeRequest,
  type HeaderAccess,
  type HeaderValue,
  type NodeRequestHeaders,
  joinedHeader,
  type NodeStyleResponse,
  nodeHeaders,
  startVary,
} from './header-store.js'
export { ACCESS_CONTROL_PREFIX, ACEH, ACRH, ACRM, mergeVary } from './fetch-rules.js'
export { CorsConfigError } from './errors.js'
export type { CorsConfigProblem, CorsConfigReason } from './errors.js'
