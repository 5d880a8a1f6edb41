/**
 * corsa for h3 v2 (and so Nitro v3 and Nuxt server routes): `cors(options)` is a middleware that
 * replaces `handleCors`. Preflights are answered before routing and the handlers; every other
 * response gets the CORS headers, whatever produced it: a handler's value or `Response`,
 * `event.res.headers`, `redirect()`, a stream, a thrown `HTTPError`, the app's `onError`, a 404.
 * `corsRules({ '/api/**': options })` gives each route pattern its own policy, in the syntax of
 * Nitro's route rules.
 *
 * @packageDocumentation
 */
import type { CorsOptions, OriginOption } from '@corsa/core'
import {
  ACCESS_CONTROL_PREFIX,
  compileCors,
  CorsConfigError,
  type CorsConfigProblem,
  type CorsEngine,
  type CorsVerdict,
  mergeVary,
} from '@corsa/core/engine'
import { decideRequest, decorateResponse, preflightResponse, refusedResponse } from '@corsa/core/fetch'
import { type H3Event, HTTPResponse, type Middleware, toResponse } from 'h3'
import { addRoute, createRouter, findAllRoutes } from 'rou3'

export { CorsConfigError }

/**
 * The options of {@link cors}: `@corsa/core`'s (`origin`, `credentials`, `allowMethods`,
 * `allowHeaders`, `exposeHeaders`, `maxAge`, `preflightStatus`, `csrf`). An origin function gets
 * the origin and the `H3Event`.
 */
export type H3CorsOptions<O extends OriginOption<H3Event> = OriginOption<H3Event>> = CorsOptions<O, H3Event>

/**
 * The problems of options written for h3's `handleCors`, which corsa spells differently: `methods`
 * (corsa's `allowMethods`), `preflight: { statusCode }` (`preflightStatus`) and `maxAge: false`
 * (leave `maxAge` out). Each says what to write instead.
 */
function handleCorsProblems(options: Record<string, unknown>): CorsConfigProblem[] {
  const problems: CorsConfigProblem[] = []
  if ('methods' in options)
    problems.push({ option: 'methods', reason: 'unknown-option', message: "is handleCors's name: write allowMethods", instead: 'allowMethods' })
  if ('preflight' in options) {
    const status = (options.preflight as { statusCode?: unknown } | null)?.statusCode
    const instead = `preflightStatus: ${typeof status === 'number' ? status : 204}`
    problems.push({ option: 'preflight', reason: 'unknown-option', message: `is handleCors's name: write ${instead}`, instead })
  }
  if (options.maxAge === false)
    problems.push({ option: 'maxAge', reason: 'invalid', message: "false is handleCors's way to send no Access-Control-Max-Age: leave maxAge out" })
  return problems
}

/** Where h3 (2.0.0 to 2.0.8 at least) keeps the response an event prepares (`event.res`). */
const EVENT_RES = Symbol.for('h3.internal.event.res')

/**
 * Lets go of the response prepared on `event.res` once corsa's response holds it, as h3 2.0.8's
 * own `toResponse` does. Nitro 3.0.0's h3 (2.0.1-rc.2) keeps it and lays its headers over the
 * middleware's response again, which would put back a route rule's `Access-Control-*` headers
 * and an earlier `Vary` without `Origin`. (Its headers may be the response's own object: they
 * are let go of, never emptied.)
 */
function spendPrepared(event: H3Event): void {
  const slots = event as unknown as Record<symbol, unknown>
  if (slots[EVENT_RES] !== undefined) slots[EVENT_RES] = undefined
}

/**
 * A `404` as h3 keeps it: h3 2.0.1-rc.2 (Nitro 3.0.0) takes a middleware's `404` `Response` for
 * "not handled" and answers its own, CORS-less `404`; an `HTTPResponse` passes through.
 */
function keep404(response: Response): Response | HTTPResponse {
  return response.status === 404 ? new HTTPResponse(response.body, response) : response
}

/**
 * An `HTTPResponse` (what `redirect()`, `noContent()`, `html()` return) of another copy of h3 as
 * one of this copy, which `toResponse` recognises: under `nitro dev`, Nitro's routes use its h3
 * (2.0.1-rc.2) and this package the h3 it resolves (2.0.8 by its brand, 2.0.1-rc.2 by its class name).
 */
function ownHTTPResponse(value: object): unknown {
  if (value instanceof HTTPResponse || value.constructor?.name !== 'HTTPResponse') return value
  const foreign = value as HTTPResponse
  return new HTTPResponse(foreign.body ?? null, { status: foreign.status, statusText: foreign.statusText, headers: foreign.headers })
}

/** Removes the headers an earlier middleware prepared that corsa owns: every `Access-Control-*` one. */
function dropPrepared(headers: Headers): string | null {
  const vary = headers.get('vary')
  const owned: string[] = []
  headers.forEach((_, name) => {
    if (name.startsWith(ACCESS_CONTROL_PREFIX)) owned.push(name)
  })
  for (const name of owned) headers.delete(name)
  return vary
}

type Engine = CorsEngine<H3Event>

/** Checks for `handleCors`'s spellings, then compiles the policy (`CorsConfigError` here). */
function compile(options: object): Engine {
  if (options !== null && typeof options === 'object') {
    const problems = handleCorsProblems(options as Record<string, unknown>)
    if (problems.length) throw new CorsConfigError(problems)
  }
  return compileCors<H3Event>(options)
}

async function respond(verdict: CorsVerdict, event: H3Event, next: () => unknown): Promise<Response | HTTPResponse> {
  if (verdict.kind === 'refused') return refusedResponse(verdict)
  if (verdict.kind === 'preflight') {
    const answer = preflightResponse(verdict)
    // h3 lays the headers prepared on event.res over a returned Response: corsa's must win,
    // and a Vary prepared earlier is merged into the preflight's.
    const vary = dropPrepared(event.res.headers)
    event.res.headers.delete('vary')
    if (vary) answer.headers.set('vary', mergeVary(vary, answer.headers.get('vary')!) ?? vary)
    return answer
  }
  let value: unknown
  try {
    value = await next()
  } catch (error) {
    value = error
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Response)) value = ownHTTPResponse(value)
  // The response h3 would send (the app's onError and the prepared headers applied), decorated.
  const config = event.app?.config
  const response = await toResponse(value, event, config ? { ...config, onResponse: undefined } : {})
  spendPrepared(event)
  return keep404(decorateResponse(verdict, response))
}

/** Asks the engine about the event's request (h3 has parsed its URL already). */
function run(engine: Engine, event: H3Event, next: () => unknown): Promise<Response | HTTPResponse> {
  const decided = decideRequest(engine, event.req, event, event.url)
  return decided instanceof Promise ? decided.then((verdict) => respond(verdict, event, next)) : respond(decided, event, next)
}

/**
 * An h3 middleware with corsa's policy: `app.use(cors(options))` before the routes, or in Nitro
 * `export default cors(options)` from `middleware/cors.ts`. Preflights (`OPTIONS` + `Origin` +
 * `Access-Control-Request-Method`) are answered here with an empty body; later middleware and
 * handlers never see them, and any other `OPTIONS` reaches your routes. Configuration mistakes
 * (and `handleCors`'s spellings: `methods`, `preflight`, `maxAge: false`) throw `CorsConfigError` here.
 *
 * @example
 * ```ts
 * import { H3 } from 'h3'
 * import { cors } from '@corsa/h3'
 *
 * export const app = new H3().use(cors({ origin: ['https://app.example.com'], credentials: true }))
 * ```
 */
export function cors(options?: H3CorsOptions<'*'>): Middleware
export function cors<const O extends OriginOption<H3Event>>(options: H3CorsOptions<O>): Middleware
export function cors(options: object = {}): Middleware {
  const engine = compile(options)
  return function corsa(event, next) {
    return run(engine, event, next)
  }
}

/**
 * Policies by route pattern, for {@link corsRules}: a pattern in the syntax of Nitro's
 * `routeRules` and h3's routes (`/api/**`, `/api/*`, `/users/:id`, `/exact`) maps to the options of
 * {@link cors}, or to `false` for paths corsa leaves alone.
 */
export type H3CorsRules = Readonly<Record<string, H3CorsOptions | false>>

/**
 * An h3 middleware with one corsa policy per route pattern, the idiom of Nitro's `routeRules`
 * (`export default corsRules({...})` from Nitro's `middleware/cors.ts`). Patterns are matched by
 * rou3, the router of h3 and Nitro; when several match a path, the most specific one applies, whole
 * (policies are never merged: an `origin: '*'` rule under a credentialed one must not inherit
 * `credentials`). `false` leaves the paths it matches, and those no pattern matches, untouched:
 * no preflight answer, no headers. Every policy is compiled here: a mistake throws
 * `CorsConfigError` naming the pattern.
 *
 * @example
 * ```ts
 * import { corsRules } from '@corsa/h3'
 *
 * export default corsRules({
 *   '/api/**': { origin: ['https://app.example.com'], credentials: true },
 *   '/public/**': { origin: '*' },
 *   '/api/webhooks/**': false,
 * })
 * ```
 */
export function corsRules(rules: H3CorsRules): Middleware {
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules))
    throw new CorsConfigError([
      { option: 'corsRules', reason: 'invalid', message: "takes an object of route patterns: write corsRules({ '/api/**': { origin: [...] } })" },
    ])
  const router = createRouter<Engine | false>()
  const problems: CorsConfigProblem[] = []
  for (const pattern of Object.keys(rules)) {
    const options = rules[pattern]
    if (!pattern.startsWith('/')) {
      problems.push({
        option: `corsRules["${pattern}"]`,
        reason: 'invalid',
        message: `is not a route pattern: write "/${pattern}"`,
        instead: `/${pattern}`,
      })
      continue
    }
    if (options === false) {
      addRoute(router, '', pattern, false)
      continue
    }
    try {
      addRoute(router, '', pattern, compile(options ?? {}))
    } catch (error) {
      if (!(error instanceof CorsConfigError)) throw error
      for (const problem of error.problems) problems.push({ ...problem, option: `corsRules["${pattern}"].${problem.option}` })
    }
  }
  if (problems.length) throw new CorsConfigError(problems)
  return function corsaRules(event, next) {
    const matches = findAllRoutes(router, '', event.url.pathname, { params: false })
    const engine = matches[matches.length - 1]?.data
    return engine ? run(engine, event, next) : next()
  }
}
