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

usePublicSuffixList(isPublicSuffix)

export { applyActual, decideRequest, decorateResponse, preflightResponse, refusedResponse } from './fetch.js'
