/**
 * corsa for Elysia: `cors(options)` is a plugin that replaces `@elysiajs/cors`. Preflights are
 * answered in `onRequest`, before routing, `beforeHandle` and auth; every other response gets the
 * CORS headers, whatever produced it: a handler, `set.headers`, `redirect()`, `status()`, a stream,
 * a thrown error, `onError`, `NotFoundError`.
 *
 * @packageDocumentation
 */
import type { CommonCorsOptions, OriginOption } from '@corsa/core'
import { ACCESS_CONTROL_PREFIX, type ActualVerdict, compileCors, CorsConfigError, type CorsVerdict, mergeVary } from '@corsa/core/engine'
import { decideRequest, decorateResponse, preflightResponse, refusedResponse } from '@corsa/core/fetch'
import { Elysia } from 'elysia'

export { CorsConfigError }

/**
 * The options of {@link cors}: `@corsa/core`'s (`origin`, `credentials`, `allowMethods`,
 * `allowHeaders`, `exposeHeaders`, `maxAge`, `preflightStatus`, `csrf`). An origin function gets
 * the origin and the `Request`. `credentials: true` needs a list of origins or a function: with
 * `origin: '*'` (the default) it is a type error and a `CorsConfigError`.
 */
export type ElysiaCorsOptions<O extends OriginOption = OriginOption> = CommonCorsOptions &
  ([O] extends ['*']
    ? {
        /** Who may read responses. Defaults to `'*'`. */
        origin?: O
        /** Not allowed with `origin: '*'`: list the origins that may send credentials. */
        credentials?: false
      }
    :
        | {
            /** Who may read responses. Defaults to `'*'`. */
            origin?: O
            /** Allow cookies and HTTP authentication. Defaults to `false`. */
            credentials?: false
          }
        | {
            /** Who may read responses: required with credentials. */
            origin: O
            /** Allow cookies and HTTP authentication (`Access-Control-Allow-Credentials: true`). Defaults to `false`. */
            credentials: boolean
          })

/** Numbers each plugin instance: two policies in one app are two plugins, never deduplicated. */
let instances = 0

/** Whether a record has no key (without building the list of its keys). */
function isEmpty(record: object): boolean {
  for (const _ in record) return false
  return true
}

/** Where a request's actual verdict waits for the response: on its `set`, which every hook of the request shares. */
const VERDICT = Symbol('corsa.elysia.verdict')
type Decided = { [VERDICT]?: ActualVerdict }

/** Elysia's `set.headers`: a plain object (or, rarely, a `Headers`). */
type SetHeaders = Record<string, string | number | string[] | undefined> | Headers

/** `@elysiajs/cors` option names that corsa spells differently, with corsa's name. */
const RENAMED: Record<string, string> = { methods: 'allowMethods', allowedHeaders: 'allowHeaders' }

function checkElysiaNames(options: object): void {
  const problems = Object.keys(options)
    .filter((name) => name in RENAMED || name === 'preflight')
    .map((name) =>
      name === 'preflight'
        ? {
            option: name,
            reason: 'unknown-option' as const,
            message: 'is not a corsa option: preflights never reach the app (any other OPTIONS does): remove it',
          }
        : { option: name, reason: 'unknown-option' as const, message: `is @elysiajs/cors's name: write ${RENAMED[name]}`, instead: RENAMED[name] },
    )
  if (problems.length) throw new CorsConfigError(problems)
}

/** Applies an actual verdict to Elysia's `set.headers`, which Elysia merges into the response it builds. */
function applyToSet(verdict: ActualVerdict, set: { headers: SetHeaders }): void {
  const headers = set.headers
  const isHeaders = headers instanceof Headers
  const names = isHeaders ? [...headers.keys()] : Object.keys(headers)
  for (const name of names) {
    const lower = name.toLowerCase()
    if (lower.startsWith(ACCESS_CONTROL_PREFIX) && !(lower in verdict.headers)) {
      if (isHeaders) headers.delete(name)
      else delete headers[name]
    }
  }
  const put = (name: string, value: string) => (isHeaders ? headers.set(name, value) : (headers[name] = value))
  for (const name in verdict.headers) put(name, verdict.headers[name]!)
  if (verdict.exposeResponseHeaders) {
    const own = names.filter((n) => !n.toLowerCase().startsWith(ACCESS_CONTROL_PREFIX) && n.toLowerCase() !== 'set-cookie')
    if (own.length) put('access-control-expose-headers', own.join(', '))
  }
  if (verdict.varyOrigin) {
    const vary = isHeaders ? headers.get('vary') : headers.vary
    const merged = mergeVary(vary === undefined || vary === null ? '' : String(vary), 'Origin')
    if (merged !== undefined) put('vary', merged)
  }
}

/**
 * An Elysia plugin with corsa's policy: `app.use(cors(options))`, before the routes and the auth
 * it should cover. Preflights (`OPTIONS` + `Origin` + `Access-Control-Request-Method`) are
 * answered in `onRequest` with an empty body, so routing, `beforeHandle`, guards and `onError`
 * never see them; any other `OPTIONS` reaches your routes. Every other response gets the CORS
 * headers. `onRequest` is global in Elysia, so one policy covers the whole app.
 * Configuration mistakes (and `@elysiajs/cors`'s option names) throw `CorsConfigError` here.
 *
 * @example
 * ```ts
 * import { Elysia } from 'elysia'
 * import { cors } from '@corsa/elysia'
 *
 * new Elysia().use(cors({ origin: ['https://app.example.com'], credentials: true })).get('/', () => 'hi').listen(3000)
 * ```
 */
export function cors(options?: ElysiaCorsOptions<'*'>): Elysia
export function cors<const O extends OriginOption>(options: ElysiaCorsOptions<O>): Elysia
export function cors(options: object = {}): Elysia {
  if (options !== null && typeof options === 'object') checkElysiaNames(options)
  const engine = compileCors<Request>(options)
  // A plain function when the policy decides synchronously: Elysia awaits onRequest only when it is async.
  const early = (verdict: CorsVerdict, set: { headers: SetHeaders }): Response | undefined => {
    if (verdict.kind === 'refused') return refusedResponse(verdict)
    if (verdict.kind === 'preflight') {
      const answer = preflightResponse(verdict)
      // A Vary set by an earlier onRequest is kept: Elysia would let the preflight's replace it.
      const before = set.headers instanceof Headers ? set.headers.get('vary') : set.headers.vary
      if (before) answer.headers.set('vary', mergeVary(String(before), answer.headers.get('vary')!) ?? String(before))
      return answer
    }
    // Kept on the request's own set: no WeakMap, no look-up but a property read.
    ;(set as Decided)[VERDICT] = verdict
    return undefined
  }
  type RequestContext = { request: Request; set: { headers: SetHeaders } }
  const onRequest =
    typeof (options as { origin?: unknown }).origin === 'function'
      ? async function corsaRequest({ request, set }: RequestContext) {
          return early(await decideRequest(engine, request), set)
        }
      : function corsaRequest({ request, set }: RequestContext) {
          return early(decideRequest(engine, request) as CorsVerdict, set)
        }

  const plugin = new Elysia({ name: `@corsa/elysia#${++instances}` })
    .onRequest(onRequest as never)
    // An error (a routing miss included) is answered from set.headers, and no mapResponse runs
    // for Elysia's own 404: the headers go there first, for whichever onError answers.
    .onError({ as: 'global' }, function corsaError({ set }) {
      const verdict = (set as Decided)[VERDICT]
      if (verdict) applyToSet(verdict, set as { headers: SetHeaders })
    })
    .mapResponse({ as: 'global' }, function corsaResponse({ set, responseValue }) {
      const verdict = (set as Decided)[VERDICT]
      if (!verdict) return
      const headers = set.headers as SetHeaders
      if (!(responseValue instanceof Response)) {
        // Elysia builds the response from set.headers.
        applyToSet(verdict, set as { headers: SetHeaders })
        return
      }
      // Elysia merges set.headers into a Response where it has no such header: set.headers need
      // corsa's rules too when the app put any there, and their Vary goes on first.
      if (headers instanceof Headers || !isEmpty(headers)) {
        applyToSet(verdict, set as { headers: SetHeaders })
        const vary = headers instanceof Headers ? headers.get('vary') : headers.vary
        if (vary && !responseValue.headers.has('vary')) {
          try {
            responseValue.headers.set('vary', String(vary))
          } catch {
            // immutable: decorateResponse rebuilds it below
          }
        }
      }
      const decorated = decorateResponse(verdict, responseValue)
      return decorated === responseValue ? undefined : decorated
    })
  return plugin as unknown as Elysia
}
