/**
 * corsa for `Deno.serve`: one CORS policy for the handler (with `info` forwarded) and for the
 * responses of `onError`; websocket upgrades pass through untouched.
 *
 * @example
 * ```ts
 * import { corsServe } from '@corsa/deno'
 *
 * Deno.serve(corsServe({ handler: (request) => Response.json({ ok: true }) }, { origin: ['https://app.example.com'] }))
 * ```
 *
 * @module
 */
import { type OriginOption, type WithCorsOptions, withCors } from '@corsa/core'

export { CorsConfigError, cors, explain, withCors } from '@corsa/core'
export type { CorsHandler, CorsOptions, OriginOption, WithCorsOptions } from '@corsa/core'

/** The parts of `Deno.serve` options that corsa wraps. */
interface ServeInitLike {
  handler(request: Request, info: unknown): Response | Promise<Response>
  onError?(error: unknown): Response | Promise<Response>
}

/** `Deno.serve` options with a `handler`, on TCP (with or without TLS) or on a Unix socket. */
export type ServeOptionsWithHandler<A extends Deno.Addr = Deno.NetAddr> = Deno.ServeInit<A> &
  (A extends Deno.UnixAddr ? Deno.ServeUnixOptions : Deno.ServeTcpOptions | (Deno.ServeTcpOptions & Deno.TlsCertifiedKeyPem))

/**
 * Applies a CORS policy to `Deno.serve` options: the `handler` is wrapped (preflights answered
 * before it runs, `info` forwarded, every response decorated, a `101` from
 * `Deno.upgradeWebSocket` untouched), and an error it throws goes to your `onError`, whose
 * response then gets CORS headers too (Deno's own `onError` gets no request, so it could not).
 * An `onError` in the corsa options takes precedence. The options object you pass is not changed.
 *
 * For the handler form, `Deno.serve(withCors(handler, options))` is all you need.
 */
export function corsServe<const O extends OriginOption = '*'>(
  options: ServeOptionsWithHandler<Deno.NetAddr>,
  cors?: WithCorsOptions<O>,
): ServeOptionsWithHandler<Deno.NetAddr>
export function corsServe<const O extends OriginOption = '*'>(
  options: ServeOptionsWithHandler<Deno.UnixAddr>,
  cors?: WithCorsOptions<O>,
): ServeOptionsWithHandler<Deno.UnixAddr>
export function corsServe(options: ServeInitLike, cors?: WithCorsOptions): ServeInitLike {
  const userOnError = options.onError?.bind(options)
  const policy = { ...(cors ?? {}) } as WithCorsOptions
  if (!policy.onError && userOnError) policy.onError = (error: unknown) => userOnError(error)
  const handler = withCors(options.handler.bind(options), policy) as ServeInitLike['handler']
  return { ...options, handler }
}
