/**
 * The string engine behind every corsa face, for adapter authors: compile options once, then
 * decide on plain strings (origin, method, requested headers) without building a `Request`.
 *
 * @packageDocumentation
 */
export {
  ACAC,
  ACAH,
  ACAM,
  ACAO,
  ACEH,
  ACMA,
  ACRH,
  ACRM,
  actualReason,
  compileCors,
  isPreflight,
  MAX_REQUEST_HEADERS_LENGTH,
  mergeVary,
  parseRequestHeaders,
  PREFLIGHT_ONLY,
  PREFLIGHT_VARY,
  preflightReason,
} from './engine.js'
export type { CorsEngine, PreflightAnswer } from './engine.js'
export { describe } from './explain.js'
export { decorateResponse, preflightResponse } from './fetch.js'
export { MAX_ORIGIN_LENGTH, splitOrigin } from './origins.js'
