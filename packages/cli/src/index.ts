/**
 * `@corsa/cli`: `corsa check <url> --origin <origin>`, and the same as functions.
 *
 * @packageDocumentation
 */
export { check, type CheckOptions, type CheckResult, type Step, type Warning, prepare } from './check.js'
export { NetworkError, type WireRequest, type WireResponse } from './http.js'
export { type Cause, consoleMessage, type Failure, fixFor, reasonText } from './messages.js'
export { EXIT_ALLOWED, EXIT_BLOCKED, EXIT_ERROR, type Io, main, report, USAGE, VERSION } from './main.js'
export {
  corsUnsafeRequestHeaderNames,
  type HeaderPair,
  isForbiddenRequestHeader,
  isSafelistedMethod,
  isSafelistedRequestHeader,
  mimeEssence,
  normalizeHeader,
  normalizeMethod,
  parseAllowList,
  type PreflightNeed,
  preflightNeed,
  UsageError,
} from './rules.js'
export { isPotentiallyTrustworthy, registrableDomain, secFetchSite } from './site.js'
