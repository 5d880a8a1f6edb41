/**
 * corsa: CORS for the fetch era. One policy, written once, that behaves the same in every
 * runtime with the Fetch API.
 *
 * @packageDocumentation
 */
export { CorsConfigError } from './errors.js'
export { cors, explain, withCors } from './fetch.js'
export type { CorsHandler, CorsPolicy, CorsResult, WithCorsOptions } from './fetch.js'
export type {
  CommonCorsOptions,
  CorsDecision,
  CorsOptions,
  CorsReason,
  OriginOption,
  OriginPredicate,
} from './options.js'
