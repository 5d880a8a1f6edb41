/**
 * corsa: CORS for the fetch era. One policy, written once, that behaves the same in every
 * runtime with the Fetch API.
 *
 * @packageDocumentation
 */
import { usePublicSuffixList } from './engine/origins.js'
import { isPublicSuffix } from './engine/public-suffix.js'

// Wildcard patterns are checked against the full Public Suffix List (`@corsa/core/lite` leaves it out).
usePublicSuffixList(isPublicSuffix)

export { CorsConfigError } from './engine/errors.js'
export type { CorsConfigProblem, CorsConfigReason } from './engine/errors.js'
export { cors, withCors } from './fetch.js'
export { explain } from './explain.js'
export type { CorsHandler, CorsPolicy, CorsResult, WithCorsOptions } from './fetch.js'
export type {
  CommonCorsOptions,
  CorsDecision,
  CorsOptions,
  CorsReason,
  CsrfOptions,
  CsrfRefusal,
  OriginOption,
  OriginPredicate,
} from './options.js'
