/**
 * corsa for Next.js: route handlers that answer their own preflights (`corsRoute`,
 * `withCors`), and one policy for the whole app in `proxy.ts` / `middleware.ts` (`corsProxy`).
 *
 * @packageDocumentation
 */
export { CorsConfigError } from '@corsa/core'
export type { CorsOptions, OriginOption, WithCorsOptions } from '@corsa/core'
export { corsProxy } from './proxy.js'
export type { CorsProxy, NextProxyFunction } from './proxy.js'
export { controlFlowResponse, corsRoute, withCors } from './route.js'
export type { CorsRouteHandler, CorsRouteHandlers, RouteHandler, RouteHandlers, RouteMethod } from './route.js'
