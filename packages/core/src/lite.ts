/**
 * `@corsa/core/lite`: `@corsa/core` without the Public Suffix List (about 45 KB gzipped), for
 * bundles that must stay small (Workers, Edge) and allow exact origins, RegExps or a predicate
 * only. A wildcard pattern (`https://*.example.com`) is a `CorsConfigError` here, never an
 * unchecked pattern: import from `@corsa/core` to use one.
 *
 * @packageDocumentation
 */
export { CorsConfigError } from './engine/errors.js'
export type { CorsConfigProblem, CorsConfigReason } from './engine/errors.js'
export { cors, withCors } from './fetch.js'
export { explain } from './explain.js'
export type { CorsHandler, CorsPolicy, CorsResult, WithCorsOptions } from './fetch.js'
export type {
  AnyOriginOption,
  CheckCorsOptions,
  CommonCorsOptions,
  CorsDecision,
  CorsOptions,
  CorsOptionsFor,
  CorsOptionsShape,
  CorsReason,
  CredentialsNeedListedOrigins,
  CsrfOptions,
  CsrfRefusal,
  NotACorsaOption,
  OriginOf,
  OriginOption,
  OriginPredicate,
} from './options.js'
