/**
 * corsa for `Bun.serve`: one CORS policy applied to `fetch`, to every entry of `routes` (function
 * handlers, per-method objects, static `Response` values, `Bun.file`) and to the responses of
 * `error`. Every route answers its preflight, even without an `OPTIONS` handler.
 *
 * @packageDocumentation
 */
import { type OriginOption, type WithCorsOptions, withCors } from '@corsa/core'
import type { Serve } from 'bun'

export { CorsConfigError, cors, explain, withCors } from '@corsa/core'
export type { CorsOptions, OriginOption, WithCorsOptions } from '@corsa/core'

/** Any handler Bun calls: `(request, server)`, with `this` bound to the server. */
type AnyHandler = (this: any, request: any, server: any) => unknown

/** The parts of `Bun.serve` options that corsa wraps. */
interface BunServeOptionsLike {
  fetch?: AnyHandler
  routes?: Record<string, unknown>
  error?: (this: any, error: any) => unknown
}

/** The HTTP methods Bun accepts as keys of a per-method route object. */
const METHOD_KEY = /^[A-Z]+$/

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** `{ GET, POST, ... }`: a plain object whose keys are all method names. */
function isMethodMap(value: unknown): value is Record<string, unknown> {
  if (!isObject(value) || value instanceof Response || value instanceof Blob) return false
  const keys = Object.keys(value)
  return keys.length > 0 && keys.every((key) => METHOD_KEY.test(key))
}

const notFound = () => new Response('Not Found', { status: 404 })

/**
 * One compiled policy for a whole server: `guard(request, server, inner)` answers a preflight,
 * else runs `inner` (errors go to `error`, then to `onError`) and decorates what it returns.
 */
function createGuard(cors: WithCorsOptions | undefined, error: BunServeOptionsLike['error']) {
  const handle =
    error && !cors?.onError
      ? (request: Request, server: unknown, inner: AnyHandler) => {
          // Bun's `error` gets no request, so corsa calls it here, where the request is known.
          const fail = async (cause: unknown) => {
            const response = await error.call(server, cause)
            if (response instanceof Response) return response
            throw cause
          }
          try {
            const result = inner.call(server, request, server)
            return result instanceof Promise ? result.catch(fail) : result
          } catch (cause) {
            return fail(cause)
          }
        }
      : (request: Request, server: unknown, inner: AnyHandler) => inner.call(server, request, server)
  return withCors(handle, (cors ?? {}) as WithCorsOptions)
}

type Guard = ReturnType<typeof createGuard>

/** A static value as a handler that answers every method with a fresh response. */
function staticHandler(value: Response | Blob): AnyHandler {
  return value instanceof Response ? () => value.clone() : () => new Response(value)
}

function wrapHandler(guard: Guard, value: unknown): unknown {
  if (typeof value === 'function') {
    const inner = value as AnyHandler
    return function (this: unknown, request: Request, server: unknown) {
      return guard(request, server, inner)
    }
  }
  if (value instanceof Response || value instanceof Blob) return wrapHandler(guard, staticHandler(value))
  // `false` (fall through to fetch), HTML imports and anything else Bun serves itself: untouched.
  return value
}

function wrapRoutes<R extends Record<string, unknown>>(routes: R, guard: Guard, fallback: AnyHandler): R {
  const out: Record<string, unknown> = {}
  for (const [path, value] of Object.entries(routes)) {
    if (isMethodMap(value)) {
      const methods: Record<string, unknown> = {}
      for (const [method, handler] of Object.entries(value)) methods[method] = wrapHandler(guard, handler)
      // Bun synthesises no OPTIONS: add one so that the path answers its preflight. Any other
      // OPTIONS request goes where Bun would have sent it (to fetch, else 404).
      if (typeof methods.OPTIONS !== 'function') methods.OPTIONS = wrapHandler(guard, fallback)
      out[path] = methods
    } else {
      out[path] = wrapHandler(guard, value)
    }
  }
  return out as R
}

/**
 * Applies a CORS policy to `Bun.serve` options: `fetch` (with `server` forwarded, so
 * `server.upgrade(request)` followed by an `undefined` return keeps working), every entry of
 * `routes`, and the responses of `error` for errors thrown by them. Static `Response` and
 * `Bun.file` routes become handlers that return a fresh response each time; per-method routes
 * get an `OPTIONS` handler for their preflight. The options object you pass is not changed.
 *
 * @example
 * ```ts
 * import { corsServe } from '@corsa/bun'
 *
 * Bun.serve(
 *   corsServe(
 *     {
 *       routes: { '/health': new Response('ok'), '/api/items': { GET: list, POST: create } },
 *       fetch: () => new Response('Not Found', { status: 404 }),
 *     },
 *     { origin: ['https://app.example.com'], credentials: true },
 *   ),
 * )
 * ```
 */
export function corsServe<WebSocketData = undefined, R extends string = never, const O extends OriginOption = '*'>(
  serveOptions: Serve.Options<WebSocketData, R>,
  cors?: WithCorsOptions<O>,
): Serve.Options<WebSocketData, R> {
  const options = serveOptions as BunServeOptionsLike
  const guard = createGuard(cors as WithCorsOptions | undefined, options.error)
  const fetch = options.fetch && (wrapHandler(guard, options.fetch) as AnyHandler)
  const out: BunServeOptionsLike = { ...options }
  if (fetch) out.fetch = fetch
  if (options.routes) {
    const fallback: AnyHandler = fetch ? (request, server) => options.fetch!.call(server, request, server) : notFound
    out.routes = wrapRoutes(options.routes, guard, fallback)
  }
  return out as Serve.Options<WebSocketData, R>
}

/**
 * Applies a CORS policy to a `routes` object alone (see {@link corsServe}, which also covers
 * `fetch` and `error`). A non-preflight `OPTIONS` to a per-method route without its own
 * `OPTIONS` handler gets `404`.
 */
export function corsRoutes<WebSocketData = undefined, R extends string = never, const O extends OriginOption = '*'>(
  routes: Serve.Routes<WebSocketData, R>,
  cors?: WithCorsOptions<O>,
): Serve.Routes<WebSocketData, R> {
  return wrapRoutes(routes as Record<string, unknown>, createGuard(cors as WithCorsOptions | undefined, undefined), notFound) as Serve.Routes<
    WebSocketData,
    R
  >
}
