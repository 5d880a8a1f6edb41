/**
 * corsa for Fastify 5: a plugin (wrapped with fastify-plugin) that answers preflights in an
 * `onRequest` hook, before routing's handlers, auth hooks and body parsing, and puts the CORS
 * headers on every reply in an `onSend` hook. It reads `request.raw.headers`, asks corsa's
 * engine, and applies the verdict with `reply.header()`: no `Request` is built, no route added.
 *
 * @packageDocumentation
 */
import type { CorsOptions, OriginOption } from '@corsa/core'
import {
  type ActualVerdict,
  applyActualTo,
  applyAnswerTo,
  decideNodeRequest,
  compileCorsBeside,
  CorsConfigError,
  type CorsEngine,
  type CorsVerdict,
  type HeaderAccess,
} from '@corsa/core/engine'
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, onRequestHookHandler, onSendHookHandler } from 'fastify'
import fp from 'fastify-plugin'

export { CorsConfigError }

/**
 * Who may read responses: `@corsa/core`'s `OriginOption`, except that a predicate receives the
 * `FastifyRequest`: `(origin, request) => boolean | Promise<boolean>`.
 */
export type FastifyOriginOption = OriginOption<FastifyRequest>

/**
 * The options of the plugin: `@corsa/core`'s (`origin`, `credentials`, `allowMethods`,
 * `allowHeaders`, `exposeHeaders`, `maxAge`, `preflightStatus`, `csrf`), with a predicate that
 * receives the `FastifyRequest`. `credentials: true` with `origin: '*'` (the default) throws a
 * `CorsConfigError` when the plugin is registered.
 */
export type FastifyCorsOptions = CorsOptions<FastifyOriginOption, FastifyRequest>

/**
 * The request decorations kept between `onRequest` and `onSend`: the verdict (`null` before a
 * corsa plugin decided, `false` once one answered the request itself) and the policy that
 * decided. Two properties, so that a request allocates nothing; one per process, shared by
 * every copy of this package.
 */
const DECIDED = Symbol.for('corsa.fastify.decided')
const DECIDER = Symbol.for('corsa.fastify.decider')
type Decorated = FastifyRequest & { [DECIDED]: ActualVerdict | null | false; [DECIDER]: CorsEngine<FastifyRequest> | null }

/**
 * Options of `@fastify/cors` with no corsa counterpart that `@corsa/core` does not already
 * explain, with why. (`methods`, `allowedHeaders`, `exposedHeaders`, `optionsSuccessStatus`,
 * `preflight`, `preflightContinue`, `strictPreflight` and `hideOptionsRoute` are explained there.)
 */
const FASTIFY_ONLY: Readonly<Record<string, string>> = {
  hook: 'is not a corsa option: corsa answers preflights in onRequest (before body parsing, validation and auth hooks) and decorates replies in onSend, always: remove it',
  delegator:
    'is not a corsa option: options cannot change per request; register corsa in the plugin scope of the routes that need each policy, or decide per request with an origin predicate (origin, request) => boolean',
  logLevel: 'is not a corsa option: corsa registers no route, so there is no route log level to set: remove it',
  cacheControl:
    'is not a corsa option: corsa sends Access-Control-Max-Age (maxAge) on preflights, which is what browsers cache them by; set Cache-Control in an onSend hook if a shared cache needs it',
  prefix:
    'has no effect on corsa: fastify-plugin hooks apply to the scope corsa is registered in, whatever the prefix; register corsa inside the prefixed plugin instead (see docs/fastify.md, "Encapsulation")',
}

/**
 * Checks the options once: the fastify-only names first (with why), then everything
 * `@corsa/core` checks; every problem is thrown together as one `CorsConfigError`.
 */
function compile(options: unknown): CorsEngine<FastifyRequest> {
  if (typeof options === 'function') {
    throw new CorsConfigError([
      {
        option: 'options',
        reason: 'invalid',
        message:
          "must be an object, not a function: @fastify/cors's options delegator has no corsa counterpart; register corsa in the plugin scope of the routes that need each policy, or use an origin predicate",
      },
    ])
  }
  return compileCorsBeside<FastifyRequest>(options, FASTIFY_ONLY)
}

/** The path of a request, for cross-origin protection's bypass list. */
const pathOfRequest = (request: FastifyRequest): string => (request.raw.url ?? '/').split('?')[0]!

/** Policies already warned about being skipped under another one (development only). */
const warnedSkipped = new WeakSet<object>()

function warnSkipped(request: FastifyRequest, engine: object): void {
  if (process.env.NODE_ENV === 'production' || warnedSkipped.has(engine)) return
  warnedSkipped.add(engine)
  request.log.warn(
    `corsa: ${request.method} ${request.url} was already decided by the corsa plugin of an enclosing scope, so this scope's different policy is skipped: the first one decides. Give each path one policy (see docs/fastify.md, "Encapsulation").`,
  )
}

/**
 * Fastify keeps the headers of a reply in an object of its own until it sends them, under a
 * symbol of its own; reading them there lets corsa list their names without `reply.getHeaders()`,
 * which copies them and the raw response's (a third of a request's cost here). The symbol is
 * found on the first reply by its description; without it (another Fastify), corsa reads them
 * the public way.
 */
let replyHeadersKey: symbol | null | undefined
function ownHeaders(reply: FastifyReply): Record<string, unknown> | undefined {
  if (replyHeadersKey === undefined) {
    replyHeadersKey = Object.getOwnPropertySymbols(reply).find((key) => key.description === 'fastify.reply.headers') ?? null
  }
  if (replyHeadersKey === null) return undefined
  const own = (reply as unknown as Record<symbol, unknown>)[replyHeadersKey]
  return typeof own === 'object' && own !== null ? (own as Record<string, unknown>) : undefined
}

/** How corsa reads and writes a reply's headers. */
const replyHeaders: HeaderAccess<FastifyReply> = {
  names(reply) {
    const own = ownHeaders(reply)
    // Headers set on reply.raw are sent too: then the public way, which merges both.
    return own && reply.raw.getHeaderNames().length === 0 ? Object.keys(own) : Object.keys(reply.getHeaders())
  },
  get: (reply, name) => reply.getHeader(name),
  set: (reply, name, value) => void reply.header(name, value),
  remove: (reply, name) => void reply.removeHeader(name),
}

/**
 * The headers corsa decided for a request, for a reply you `hijack()`: Fastify skips the
 * `onSend` hooks of a hijacked reply, corsa's included, so write them yourself with
 * `reply.raw.writeHead(200, { ...corsHeaders(request), ... })`. Empty for a request no corsa
 * plugin decided, or one from a refused origin (then only `vary`, when the policy needs it).
 */
export function corsHeaders(request: FastifyRequest): Record<string, string> {
  const verdict = (request as Partial<Decorated>)[DECIDED]
  if (!verdict) return {}
  const headers: Record<string, string> = Object.assign({}, verdict.headers)
  if (verdict.varyOrigin) headers.vary = 'Origin'
  return headers
}

const plugin: FastifyPluginCallback<FastifyCorsOptions> = (fastify, options, done) => {
  let engine: CorsEngine<FastifyRequest>
  try {
    engine = compile(options)
  } catch (error) {
    // Fastify's way to fail a plugin: register() and ready() reject with it.
    return done(error as Error)
  }
  for (const name of [DECIDED, DECIDER] as unknown as string[]) if (!fastify.hasRequestDecorator(name)) fastify.decorateRequest(name, null)

  const apply = (verdict: CorsVerdict, request: Decorated, reply: FastifyReply, next: () => void): void => {
    request[DECIDER] = engine
    if (verdict.kind === 'actual') {
      request[DECIDED] = verdict
      return next()
    }
    // A preflight (or a csrf refusal) is answered here; no later hook, parser or handler runs.
    request[DECIDED] = false
    applyAnswerTo(verdict, reply, replyHeaders)
    // No payload: Fastify sends no Content-Length on a 204 (RFC 9110 §8.6) and `0` on a 2xx that may have one.
    reply.code(verdict.status).send(verdict.kind === 'refused' ? verdict.body : undefined)
  }

  const onRequest: onRequestHookHandler = function corsaRequest(req, reply, next) {
    const request = req as Decorated
    const earlier = request[DECIDER]
    if (earlier !== null) {
      // Scopes nest: the first corsa to see a request decides it, as the outer withCors does.
      if (earlier !== engine) warnSkipped(request, engine)
      return next()
    }
    const raw = request.raw
    const verdict = decideNodeRequest(engine, raw.method ?? '', raw.headers, request, pathOfRequest)
    if (!(verdict instanceof Promise)) return apply(verdict, request, reply, next)
    verdict.then((settled) => apply(settled, request, reply, next), next)
  }

  const onSend: onSendHookHandler<unknown> = function corsaSend(request, reply, payload, next) {
    const verdict = (request as Decorated)[DECIDED]
    // Decided by this plugin only: a nested registration of the same plugin does the work once.
    if (verdict && (request as Decorated)[DECIDER] === engine) applyActualTo(verdict, reply, replyHeaders)
    next(null, payload)
  }

  fastify.addHook('onRequest', onRequest)
  fastify.addHook('onSend', onSend)
  // @fastify/cors reads a route's config.cors (false, or options); corsa does not, so say so
  // when such a route is declared rather than ignore it.
  fastify.addHook('onRoute', (route) => {
    const config = route.config as Record<string, unknown> | undefined
    if (config === undefined || config === null || !('cors' in config)) return
    throw new CorsConfigError([
      {
        option: 'config.cors',
        reason: 'unknown-option',
        message: `of route ${String(route.method)} ${route.url} is @fastify/cors's per-route setting, which corsa does not read: register corsa in the plugin scope of the routes that need a policy, and leave it out of the scopes that need none`,
      },
    ])
  })
  done()
}

/**
 * The corsa plugin for Fastify 5. Register it before your routes and auth:
 * `await fastify.register(cors, { origin: ['https://app.example.com'], credentials: true })`.
 * Preflights (`OPTIONS` + `Origin` + `Access-Control-Request-Method`) are answered in
 * `onRequest` for every path, routed or not, without an `OPTIONS` route; every other reply
 * gets the CORS headers in `onSend`, whatever produced it (a route, `reply.redirect()`, an error
 * handler, a 404, a validation error, a stream). Registered in a plugin scope, it applies to
 * that scope; when scopes nest, the outermost corsa that sees a request decides it.
 * Configuration mistakes throw `CorsConfigError` when it is registered.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import cors from '@corsa/fastify'
 *
 * const app = Fastify()
 * await app.register(cors, { origin: ['https://app.example.com', 'https://*.example.com'], credentials: true })
 * ```
 */
export const cors: FastifyPluginCallback<FastifyCorsOptions> = fp(plugin, { fastify: '5.x', name: '@corsa/fastify' })

export default cors
